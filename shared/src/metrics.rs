//! What the service does, counted for CloudWatch: lines in its embedded metric format (EMF) on
//! standard output, which Lambda's log stream turns into metrics in the stack's namespace
//! (`METRICS_NAMESPACE`), shown on the template's dashboard and watched by its alarms.
//!
//! A line carries a metric's fixed name, a number, and at most one dimension whose name and
//! value are `&'static str` from closed sets (a channel's code, an email's kind): nothing read
//! at run time, so nothing of a story, a person or an address, can reach a metric.

use std::sync::{LazyLock, Mutex};

/// What is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// A story received, by `Channel`.
    StoriesTold,
    StoriesPublished,
    /// An answer published by a service's staff.
    AnswersPublished,
    /// An email SES took, by `Kind` (the event or job it tells of).
    EmailsSent,
    /// An attempt to send an email that failed (it is tried again), by `Kind`.
    EmailsFailed,
    /// A stream record a function could not handle this time, by `Consumer`; after the
    /// template's retries Lambda sets it aside on the consumer's failure queue.
    StreamRecordsFailed,
    /// Invitation links open for stories, counted once a day.
    OpenLinks,
}

impl Metric {
    pub const ALL: [Metric; 7] = [
        Metric::StoriesTold,
        Metric::StoriesPublished,
        Metric::AnswersPublished,
        Metric::EmailsSent,
        Metric::EmailsFailed,
        Metric::StreamRecordsFailed,
        Metric::OpenLinks,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::StoriesTold => "StoriesTold",
            Metric::StoriesPublished => "StoriesPublished",
            Metric::AnswersPublished => "AnswersPublished",
            Metric::EmailsSent => "EmailsSent",
            Metric::EmailsFailed => "EmailsFailed",
            Metric::StreamRecordsFailed => "StreamRecordsFailed",
            Metric::OpenLinks => "OpenLinks",
        }
    }

    /// The dimension it is broken down by, if any.
    pub fn dimension(self) -> Option<&'static str> {
        match self {
            Metric::StoriesTold => Some("Channel"),
            Metric::EmailsSent | Metric::EmailsFailed => Some("Kind"),
            Metric::StreamRecordsFailed => Some("Consumer"),
            Metric::StoriesPublished | Metric::AnswersPublished | Metric::OpenLinks => None,
        }
    }
}

/// The namespace of this stack's metrics.
static NAMESPACE: LazyLock<String> =
    LazyLock::new(|| std::env::var("METRICS_NAMESPACE").ok().filter(|n| !n.is_empty()).unwrap_or("Tellcare".into()));

/// How many captured lines are kept.
const KEPT: usize = 10_000;

/// Where lines go instead of standard output, once [`capture`] is called (the local stack).
static CAPTURED: Mutex<Option<Vec<String>>> = Mutex::new(None);

/// Counts `value` of `metric`, broken down by `by` (the value of the metric's own dimension).
pub fn count(metric: Metric, by: Option<&'static str>, value: u64) {
    let line = line(&NAMESPACE, metric, by, value, time::OffsetDateTime::now_utc());
    match CAPTURED.lock().expect("never poisoned").as_mut() {
        Some(lines) => {
            // A stack that lives for an afternoon keeps the latest.
            if lines.len() >= KEPT {
                lines.drain(..KEPT / 10);
            }
            lines.push(line);
        }
        // One write of one line: Lambda takes each line of standard output as one log event.
        None => println!("{line}"),
    }
}

/// From now on, lines are kept for [`captured`] rather than printed.
pub fn capture() {
    CAPTURED.lock().expect("never poisoned").get_or_insert_with(Vec::new);
}

/// The lines counted since [`capture`].
pub fn captured() -> Vec<String> {
    CAPTURED.lock().expect("never poisoned").clone().unwrap_or_default()
}

/// One EMF line. With a dimension, the metric is published both broken down and in total (an
/// empty dimension set), so that alarms and the dashboard can read either.
pub fn line(namespace: &str, metric: Metric, by: Option<&'static str>, value: u64, at: time::OffsetDateTime) -> String {
    let name = metric.name();
    let dimension = metric.dimension().zip(by);
    let dimensions = match dimension {
        Some((key, _)) => serde_json::json!([[key], []]),
        None => serde_json::json!([[]]),
    };
    let mut object = serde_json::json!({
        "_aws": {
            "Timestamp": at.unix_timestamp() * 1000 + i64::from(at.millisecond()),
            "CloudWatchMetrics": [{
                "Namespace": namespace,
                "Dimensions": dimensions,
                "Metrics": [{ "Name": name, "Unit": "Count" }],
            }],
        },
        name: value,
    });
    if let Some((key, value)) = dimension {
        object[key] = serde_json::Value::from(value);
    }
    object.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_names_its_metric_and_dimension_and_nothing_else() {
        let at = time::macros::datetime!(2026-12-06 10:00:00.250 UTC);
        let line = line("Tellcare/prod", Metric::EmailsSent, Some("published"), 1, at);
        let object: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(object["_aws"]["Timestamp"], 1_796_551_200_250_i64);
        let directive = &object["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], "Tellcare/prod");
        assert_eq!(directive["Dimensions"], serde_json::json!([["Kind"], []]));
        assert_eq!(directive["Metrics"][0]["Name"], "EmailsSent");
        assert_eq!((object["EmailsSent"].as_u64(), object["Kind"].as_str()), (Some(1), Some("published")));
        assert_eq!(object.as_object().unwrap().len(), 3, "{line}");
        let plain = line_of(Metric::StoriesPublished, None);
        assert_eq!(plain["_aws"]["CloudWatchMetrics"][0]["Dimensions"], serde_json::json!([[]]));
    }

    fn line_of(metric: Metric, by: Option<&'static str>) -> serde_json::Value {
        serde_json::from_str(&line("Tellcare", metric, by, 1, time::OffsetDateTime::now_utc())).unwrap()
    }

    #[test]
    fn a_dimension_without_a_value_is_left_out() {
        let object = line_of(Metric::StoriesTold, None);
        assert_eq!(object["_aws"]["CloudWatchMetrics"][0]["Dimensions"], serde_json::json!([[]]));
        assert!(object.get("Channel").is_none());
    }
}
