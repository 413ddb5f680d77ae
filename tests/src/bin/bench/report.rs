//! The bench's two tables, in Markdown: cold starts against the hello world, and warm routes.

use std::fmt::Write;
use std::time::Duration;

use crate::cold::ColdStart;

/// Issue 20's targets, as ratios to the hello world's and as a size.
const INIT_RATIO_MAX: f64 = 1.5;
const FIRST_RATIO_MAX: f64 = 3.0;
const BOOTSTRAP_MAX: u64 = 6 * 1_000_000;

pub struct ColdRow {
    pub binary: &'static str,
    /// The arm64 bootstrap's size, when it has been built.
    pub bootstrap: Option<u64>,
    pub starts: Vec<ColdStart>,
}

pub struct WarmRow {
    pub binary: &'static str,
    pub route: String,
    pub times: Vec<Duration>,
    /// DynamoDB requests of one view (or one stream batch).
    pub requests: usize,
}

/// The value at quantile `q` (0..=1) of `values`, by the nearest rank.
fn quantile<T: Copy + Ord>(values: &[T], q: f64) -> T {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Medians {
    init: Duration,
    first: Duration,
    /// The first request less the time it waited on moto: the function's own.
    own: Duration,
    moto: Duration,
    rss: u64,
}

fn medians(starts: &[ColdStart]) -> Medians {
    Medians {
        init: quantile(&starts.iter().map(|s| s.init).collect::<Vec<_>>(), 0.5),
        first: quantile(&starts.iter().map(|s| s.first_answer).collect::<Vec<_>>(), 0.5),
        own: quantile(&starts.iter().map(|s| s.first_answer.saturating_sub(s.waited_on_moto)).collect::<Vec<_>>(), 0.5),
        moto: quantile(&starts.iter().map(|s| s.waited_on_moto).collect::<Vec<_>>(), 0.5),
        rss: quantile(&starts.iter().map(|s| s.peak_rss).collect::<Vec<_>>(), 0.5),
    }
}

pub fn cold_table(rows: &[ColdRow], rounds: usize) -> String {
    let hello = rows.iter().find(|r| r.binary == "hello-world").expect("the hello world is benched");
    let base = medians(&hello.starts);
    let mut out = format!(
        "\n## Cold starts: medians of {rounds}, interleaved\n\n\
         | function | arm64 bootstrap | init | × hello | init + first request | × hello | of it, moto | less moto | × hello | peak RSS | × hello | targets |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
    );
    let mut missed = 0;
    for row in rows {
        let m = medians(&row.starts);
        let init_ratio = ms(m.init) / ms(base.init);
        let first_ratio = ms(m.first) / ms(base.first);
        let own_ratio = ms(m.own) / ms(base.first);
        let size = row.bootstrap.map_or("not built".to_owned(), |b| format!("{:.2} MB", b as f64 / 1e6));
        let mut misses = Vec::new();
        if init_ratio > INIT_RATIO_MAX {
            misses.push(format!("init > {INIT_RATIO_MAX}×"));
        }
        if own_ratio > FIRST_RATIO_MAX {
            misses.push(format!("first less moto > {FIRST_RATIO_MAX}×"));
        }
        if row.bootstrap.is_some_and(|b| b > BOOTSTRAP_MAX) {
            misses.push("bootstrap > 6 MB".to_owned());
        }
        missed += misses.len();
        let verdict = if misses.is_empty() { "met".to_owned() } else { format!("**missed**: {}", misses.join(", ")) };
        let _ = writeln!(
            out,
            "| {} | {size} | {:.1} ms | {init_ratio:.2} | {:.1} ms | {first_ratio:.2} | {:.1} ms | {:.1} ms | {own_ratio:.2} | {:.1} MiB | {:.2} | {verdict} |",
            row.binary,
            ms(m.init),
            ms(m.first),
            ms(m.moto),
            ms(m.own),
            m.rss as f64 / 1_048_576.0,
            m.rss as f64 / base.rss as f64,
        );
    }
    let _ = writeln!(
        out,
        "\nTargets: init at most {INIT_RATIO_MAX}× the hello world's, init plus first request at most \
         {FIRST_RATIO_MAX}× (judged less the time moto took: the hello world asks moto nothing, and moto, in \
         Python, is slower than DynamoDB), every arm64 bootstrap at most 6 MB. {}",
        if missed == 0 { "All met.".to_owned() } else { format!("{missed} missed.") }
    );
    out
}

pub fn warm_table(rows: &[WarmRow]) -> String {
    let count = rows.first().map_or(0, |r| r.times.len());
    let mut out = format!(
        "\n## Warm: {count} requests of each route, one after another\n\n\
         | function | request | p50 | p99 | DynamoDB requests a view |\n|---|---|---:|---:|---:|\n"
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | `{}` | {:.2} ms | {:.2} ms | {} |",
            row.binary,
            row.route,
            ms(quantile(&row.times, 0.5)),
            ms(quantile(&row.times, 0.99)),
            row.requests,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_nearest_rank() {
        let values: Vec<u32> = (1..=100).rev().collect();
        assert_eq!(quantile(&values, 0.5), 50);
        assert_eq!(quantile(&values, 0.99), 99);
        assert_eq!(quantile(&[7], 0.99), 7);
    }
}
