//! The local stand-in for EventBridge's scheduled rules: each `Type: Schedule` event of the
//! template invokes its function with the rule's `Input` when the cron expression says, and a
//! failed invocation is tried again (the rule's `RetryPolicy`), as EventBridge does.
//! `POST /dev/schedules/{name}` fires one now, as a rule firing early or twice would.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use time::{OffsetDateTime, Weekday};
use tokio::task::JoinHandle;

use crate::template::{ScheduleSpec, StackTemplate};

/// An EventBridge cron expression of the forms the template uses: `cron(M H * * ? *)` (every
/// day) and `cron(M H ? * DAY *)` (one day of the week), in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cron {
    pub minute: u8,
    pub hour: u8,
    pub weekday: Option<Weekday>,
}

impl Cron {
    pub fn parse(expression: &str) -> Result<Cron, String> {
        let unsupported =
            || format!("the local stack reads cron(M H * * ? *) and cron(M H ? * DAY *) only, not {expression}");
        let fields: Vec<&str> = expression
            .strip_prefix("cron(")
            .and_then(|e| e.strip_suffix(')'))
            .ok_or_else(unsupported)?
            .split_whitespace()
            .collect();
        let [minute, hour, day, month, weekday, year] = fields[..] else { return Err(unsupported()) };
        let minute: u8 = minute.parse().ok().filter(|m| *m < 60).ok_or_else(unsupported)?;
        let hour: u8 = hour.parse().ok().filter(|h| *h < 24).ok_or_else(unsupported)?;
        if month != "*" || year != "*" {
            return Err(unsupported());
        }
        let weekday = match (day, weekday) {
            ("*", "?") => None,
            ("?", day) => Some(match day {
                "MON" => Weekday::Monday,
                "TUE" => Weekday::Tuesday,
                "WED" => Weekday::Wednesday,
                "THU" => Weekday::Thursday,
                "FRI" => Weekday::Friday,
                "SAT" => Weekday::Saturday,
                "SUN" => Weekday::Sunday,
                _ => return Err(unsupported()),
            }),
            _ => return Err(unsupported()),
        };
        Ok(Cron { minute, hour, weekday })
    }

    /// The first time after `now` the rule fires.
    pub fn next_after(&self, now: OffsetDateTime) -> OffsetDateTime {
        let now = now.to_offset(time::UtcOffset::UTC);
        let at = |date: time::Date| date.with_hms(self.hour, self.minute, 0).expect("checked when parsed").assume_utc();
        let mut date = now.date();
        loop {
            let fires = self.weekday.is_none_or(|day| date.weekday() == day);
            if fires && at(date) > now {
                return at(date);
            }
            date = date.next_day().expect("a date before the end of time");
        }
    }
}

/// What a schedule invokes: the function's handler, given the rule's input.
pub type Invoke = Arc<dyn Fn(Value) -> futures::future::BoxFuture<'static, Result<Value, String>> + Send + Sync>;

/// The rules of the template, with the function each invokes.
#[derive(Clone)]
pub struct Schedules {
    rules: Vec<(ScheduleSpec, Cron)>,
    invoke: Invoke,
}

impl Schedules {
    /// Every schedule of the template, which must all invoke the notifier (the one the stack
    /// knows how to invoke this way).
    pub fn of(template: &StackTemplate, invoke: Invoke) -> Result<Schedules, String> {
        let mut rules = Vec::new();
        for function in &template.functions {
            for schedule in &function.schedules {
                if function.binary != "notifier" {
                    return Err(format!(
                        "the schedule {} invokes {}, unknown to the stack",
                        schedule.name, function.binary
                    ));
                }
                rules.push((schedule.clone(), Cron::parse(&schedule.expression)?));
            }
        }
        Ok(Schedules { rules, invoke })
    }

    pub fn names(&self) -> Vec<&str> {
        self.rules.iter().map(|(s, _)| s.name.as_str()).collect()
    }

    /// Fires the rule `name` now, once: what the function answered.
    pub async fn fire(&self, name: &str) -> Option<Result<Value, String>> {
        let (schedule, _) = self.rules.iter().find(|(s, _)| s.name == name)?;
        Some((self.invoke)(schedule.input.clone()).await)
    }

    /// Fires every rule at its times, for as long as the stack runs; a failed invocation is
    /// tried again with growing pauses, up to the rule's retries.
    pub fn start(&self) -> Vec<JoinHandle<()>> {
        self.rules
            .iter()
            .cloned()
            .map(|(schedule, cron)| {
                let invoke = self.invoke.clone();
                tokio::spawn(async move {
                    loop {
                        let next = cron.next_after(OffsetDateTime::now_utc());
                        let wait = (next - OffsetDateTime::now_utc()).unsigned_abs();
                        tokio::time::sleep(wait).await;
                        invoke_with_retries(&schedule, &invoke).await;
                    }
                })
            })
            .collect()
    }
}

async fn invoke_with_retries(schedule: &ScheduleSpec, invoke: &Invoke) {
    let mut pause = Duration::from_secs(1);
    for attempt in 0..=schedule.retries {
        match invoke(schedule.input.clone()).await {
            Ok(answer) => {
                tracing::info!(schedule = %schedule.name, %answer, "a schedule fired");
                return;
            }
            Err(err) => {
                tracing::warn!(schedule = %schedule.name, attempt, error = %err, "a scheduled invocation failed")
            }
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(300));
    }
    tracing::error!(schedule = %schedule.name, "a schedule's retries are spent; EventBridge would dead-letter it");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> OffsetDateTime {
        OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339).unwrap()
    }

    #[test]
    fn the_templates_rules_fire_when_eventbridge_would() {
        let template = StackTemplate::load().unwrap();
        let rules: Vec<(String, Cron)> = template
            .functions
            .iter()
            .flat_map(|f| f.schedules.iter())
            .map(|s| (s.name.clone(), Cron::parse(&s.expression).unwrap()))
            .collect();
        assert_eq!(rules.len(), 2, "{rules:?}");
        let daily = rules.iter().find(|(n, _)| n == "DailyDigest").unwrap().1;
        let weekly = rules.iter().find(|(n, _)| n == "WeeklyDigest").unwrap().1;
        // Wednesday 2 December 2026.
        assert_eq!(daily.next_after(at("2026-12-02T06:59:00Z")), at("2026-12-02T07:00:00Z"));
        assert_eq!(daily.next_after(at("2026-12-02T07:00:00Z")), at("2026-12-03T07:00:00Z"), "not twice a minute");
        assert_eq!(weekly.next_after(at("2026-12-02T07:00:00Z")), at("2026-12-07T07:00:00Z"));
        assert_eq!(weekly.next_after(at("2026-12-07T06:00:00Z")), at("2026-12-07T07:00:00Z"));
    }

    #[test]
    fn expressions_the_stand_in_cannot_follow_are_refused_not_guessed() {
        for expression in ["rate(1 day)", "cron(0 7 1 * ? *)", "cron(0/5 * * * ? *)", "cron(0 7 ? * MON-FRI *)"] {
            assert!(Cron::parse(expression).is_err(), "{expression}");
        }
    }
}
