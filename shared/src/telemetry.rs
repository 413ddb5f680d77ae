//! Logging: JSON lines in Lambda (CloudWatch parses them), readable text on a terminal,
//! and nothing at all in tests unless `TEST_LOG` is set.
//!
//! Nothing logged may carry a secret, a token, an email address or a postcode: log ids, route
//! templates (never raw paths, which can hold tokens) and error kinds.

use tracing_subscriber::EnvFilter;

fn filter() -> EnvFilter {
    // Lambda's own log-level setting wins when present, then RUST_LOG, then `info`.
    let level = std::env::var("AWS_LAMBDA_LOG_LEVEL").ok().map(|l| l.to_lowercase());
    match level {
        Some(level) => EnvFilter::new(level),
        None => EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
    }
}

/// Installs the subscriber for a process: JSON when running in Lambda, text elsewhere.
pub fn init() {
    let in_lambda = std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some();
    let builder = tracing_subscriber::fmt().with_env_filter(filter()).with_target(false);
    let result = if in_lambda {
        // CloudWatch stamps each line itself.
        builder.json().flatten_event(true).without_time().with_current_span(false).try_init()
    } else {
        builder.compact().try_init()
    };
    // A second call (several stacks in one test binary) keeps the first subscriber.
    drop(result);
}

/// For test binaries: silent unless `TEST_LOG` is set, then text to the captured test output.
pub fn init_for_tests() {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt().with_env_filter(filter()).with_test_writer().try_init();
    }
}
