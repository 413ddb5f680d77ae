//! What the soak measured: every request's route, status and time, and what it counted.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// Requests by route: (status, 0 for a dropped connection; time taken).
#[derive(Default)]
pub struct Latencies {
    requests: Mutex<BTreeMap<&'static str, Vec<(u16, Duration)>>>,
}

impl Latencies {
    pub fn record(&self, route: &'static str, status: u16, took: Duration) {
        self.requests.lock().expect("latencies").entry(route).or_default().push((status, took));
    }

    pub fn table(&self) -> String {
        let requests = self.requests.lock().expect("latencies");
        let mut out = format!(
            "{:<34} {:>7} {:>6} {:>6} {:>6} {:>6} {:>8} {:>8} {:>8} {:>8}\n",
            "route", "count", "2xx3xx", "4xx", "5xx", "drop", "p50 ms", "p95 ms", "p99 ms", "max ms"
        );
        for (route, samples) in requests.iter() {
            let mut times: Vec<Duration> = samples.iter().map(|(_, t)| *t).collect();
            times.sort();
            let class = |lo: u16, hi: u16| samples.iter().filter(|(s, _)| (lo..hi).contains(s)).count();
            out.push_str(&format!(
                "{:<34} {:>7} {:>6} {:>6} {:>6} {:>6} {:>8.1} {:>8.1} {:>8.1} {:>8.1}\n",
                route,
                samples.len(),
                class(200, 400),
                class(400, 500),
                class(500, 600),
                class(0, 1),
                millis(percentile(&times, 0.50)),
                millis(percentile(&times, 0.95)),
                millis(percentile(&times, 0.99)),
                millis(times.last().copied().unwrap_or_default()),
            ));
        }
        out
    }
}

pub fn percentile(sorted: &[Duration], share: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 * share).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Counts of what happened, by name, printed in order.
#[derive(Default)]
pub struct Counts(Mutex<BTreeMap<&'static str, u64>>);

impl Counts {
    pub fn add(&self, what: &'static str, n: u64) {
        *self.0.lock().expect("counts").entry(what).or_default() += n;
    }

    pub fn get(&self, what: &str) -> u64 {
        self.0.lock().expect("counts").get(what).copied().unwrap_or(0)
    }

    pub fn table(&self) -> String {
        self.0.lock().expect("counts").iter().map(|(what, n)| format!("{what:<58} {n:>9}\n")).collect()
    }
}
