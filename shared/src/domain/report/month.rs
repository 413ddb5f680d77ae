//! A calendar month (UTC), the grain of every report: `2026-03`.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::domain::{FieldErrors, Message};

/// The longest period one report covers: three years of months.
pub const PERIOD_MAX_MONTHS: usize = 36;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: i32,
    month: time::Month,
}

impl Month {
    pub fn of(at: OffsetDateTime) -> Month {
        let at = at.to_offset(time::UtcOffset::UTC);
        Month { year: at.year(), month: at.month() }
    }

    /// `YYYY-MM`, as an address and a form carry it.
    pub fn parse(raw: &str) -> Result<Month, String> {
        let refused = || format!("\"{raw}\" is not a month: write it as YYYY-MM, like 2026-03");
        let (year, month) = raw.trim().split_once('-').ok_or_else(refused)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(refused());
        }
        let year: i32 = year.parse().map_err(|_| refused())?;
        let month: u8 = month.parse().map_err(|_| refused())?;
        let month = time::Month::try_from(month).map_err(|_| refused())?;
        if !(2000..=9998).contains(&year) {
            return Err(refused());
        }
        Ok(Month { year, month })
    }

    pub fn next(self) -> Month {
        let year = if self.month == time::Month::December { self.year + 1 } else { self.year };
        Month { year, month: self.month.next() }
    }

    pub fn previous(self) -> Month {
        let year = if self.month == time::Month::January { self.year - 1 } else { self.year };
        Month { year, month: self.month.previous() }
    }

    pub fn first_day(self) -> Date {
        Date::from_calendar_date(self.year, self.month, 1).expect("the first of a month is a date")
    }

    /// "March 2026", for people.
    pub fn label(self) -> String {
        format!("{} {}", self.name(), self.year)
    }

    /// "Mar", for a chart's axis.
    pub fn short_label(self) -> String {
        self.name().chars().take(3).collect()
    }

    /// Its name in the current language.
    fn name(self) -> String {
        crate::i18n::text(&format!("month-{}", u8::from(self.month)))
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, u8::from(self.month))
    }
}

impl TryFrom<String> for Month {
    type Error = String;
    fn try_from(raw: String) -> Result<Self, Self::Error> {
        Month::parse(&raw)
    }
}

impl From<Month> for String {
    fn from(month: Month) -> String {
        month.to_string()
    }
}

/// The months a report covers, first to last, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Month,
    pub to: Month,
}

impl Period {
    /// From what an address gave (either may be missing: the twelve months to `now`'s), each
    /// problem named by the field (`from`, `to`) it is in.
    pub fn parse(from: Option<&str>, to: Option<&str>, now: OffsetDateTime) -> Result<Period, FieldErrors> {
        let mut errors = FieldErrors::default();
        let to = errors.check("to", not_blank(to).map(Month::parse).transpose());
        let from = errors.check("from", not_blank(from).map(Month::parse).transpose());
        let (Some(to), Some(from)) = (to, from) else { return Err(errors) };
        let to = to.unwrap_or_else(|| Month::of(now));
        let from = from.unwrap_or_else(|| (1..12).fold(to, |month, _| month.previous()));
        let period = Period { from, to };
        let checked = if from > to {
            Err(Message::new("report-period-backwards").with("from", from.label()).with("to", to.label()))
        } else if period.months().len() > PERIOD_MAX_MONTHS {
            Err(Message::new("report-period-too-long").with("max", PERIOD_MAX_MONTHS))
        } else {
            Ok(period)
        };
        errors.check("from", checked);
        errors.into_result(|| period)
    }

    /// The twelve months up to and including `now`'s.
    pub fn last_year(now: OffsetDateTime) -> Period {
        Period::parse(None, None, now).expect("twelve months is a period")
    }

    pub fn months(self) -> Vec<Month> {
        let mut months = vec![self.from];
        while let Some(&last) = months.last()
            && last < self.to
        {
            months.push(last.next());
        }
        months
    }

    pub fn label(self) -> String {
        if self.from == self.to {
            self.from.label()
        } else {
            crate::i18n::text_with("report-period", &[("from", &self.from.label()), ("to", &self.to.label())])
        }
    }
}

fn not_blank(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|raw| !raw.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn months_read_and_write_as_yyyy_mm() {
        let march = Month::parse("2026-03").unwrap();
        assert_eq!(march.to_string(), "2026-03");
        assert_eq!(march.label(), "March 2026");
        assert_eq!(Month::parse("2026-12").unwrap().next().to_string(), "2027-01");
        assert_eq!(Month::parse("2026-01").unwrap().previous().to_string(), "2025-12");
        for bad in ["2026-13", "2026-3", "26-03", "march", "", "2026-00", "20260-01"] {
            assert!(Month::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Month::of(datetime!(2026-03-31 23:30 -01:00)).to_string(), "2026-04", "months are UTC");
    }

    #[test]
    fn a_period_defaults_to_the_last_twelve_months_and_is_bounded() {
        let now = datetime!(2026-12-03 09:00 UTC);
        let year = Period::last_year(now);
        assert_eq!((year.from.to_string(), year.to.to_string()), ("2026-01".into(), "2026-12".into()));
        assert_eq!(year.months().len(), 12);
        let one = Period::parse(Some("2026-05"), Some("2026-05"), now).unwrap();
        assert_eq!(one.months().len(), 1);
        let fields = |from, to| {
            Period::parse(Some(from), Some(to), now).unwrap_err().0.into_iter().map(|e| e.field).collect::<Vec<_>>()
        };
        assert_eq!(fields("2026-06", "2026-05"), ["from"], "backwards");
        assert_eq!(fields("2020-01", "2026-05"), ["from"], "too long");
        assert_eq!(fields("2026-13", "May"), ["to", "from"], "both wrong, both said");
        assert!(Period::parse(Some("2026-02"), Some(""), now).is_ok(), "a blank end is now");
    }
}
