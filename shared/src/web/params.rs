//! Parameters of an address that several routes read alike: a bounded whole number, a date or
//! time that bounds a list, a service's id.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, Time};

use crate::domain::{Message, ServiceId};

/// A whole number in `range`, `default` when absent or blank.
pub fn whole_number(
    raw: Option<&str>,
    default: usize,
    range: std::ops::RangeInclusive<usize>,
    name: &'static str,
) -> Result<usize, Message> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(default),
        Some(raw) => raw.parse().ok().filter(|n| range.contains(n)).ok_or_else(|| {
            Message::new("param-number").with("name", name).with("min", range.start()).with("max", range.end())
        }),
    }
}

/// A date (its day's start, or with `end_of_day` its end) or a time (RFC 3339); none when
/// absent or blank.
pub fn moment(raw: Option<&str>, end_of_day: bool) -> Result<Option<OffsetDateTime>, Message> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else { return Ok(None) };
    if let Ok(at) = OffsetDateTime::parse(raw, &Rfc3339) {
        return Ok(Some(at));
    }
    let date = Date::parse(raw, format_description!("[year]-[month]-[day]")).map_err(|_| Message::new("param-date"))?;
    let time = if end_of_day { Time::MAX } else { Time::MIDNIGHT };
    Ok(Some(date.with_time(time).assume_utc()))
}

/// A service's id, none when absent or blank.
pub fn optional_service(raw: Option<&str>) -> Result<Option<ServiceId>, Message> {
    raw.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| Message::new("param-service")))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_bounds_its_whole_day_and_a_bad_one_says_how_to_write_it() {
        let from = moment(Some("2026-11-01"), false).unwrap().unwrap();
        let to = moment(Some("2026-11-01"), true).unwrap().unwrap();
        assert_eq!((to - from).whole_hours(), 23);
        assert_eq!(moment(Some(" "), false), Ok(None));
        assert_eq!(moment(Some("1 Nov"), false).unwrap_err().id(), Some("param-date"));
        assert_eq!(whole_number(Some("101"), 20, 1..=100, "take").unwrap_err().id(), Some("param-number"));
        assert_eq!(whole_number(None, 20, 1..=100, "take"), Ok(20));
    }
}
