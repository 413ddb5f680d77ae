//! Logging: JSON lines in Lambda (CloudWatch parses them), readable text on a terminal,
//! and nothing at all in tests unless `TEST_LOG` is set.
//!
//! Nothing logged may carry a secret, a token, an email address or a postcode: log ids, route
//! templates (never raw paths, which can hold tokens) and error kinds.

use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::prelude::*;

/// Lambda's own log-level setting wins when present, then RUST_LOG, then `info`. Directives
/// are levels by target (`warn,tellcare=debug`): `Targets`, not `EnvFilter`, whose span and
/// field matching would link a regex engine into every bootstrap.
fn filter() -> Targets {
    let wanted = std::env::var("AWS_LAMBDA_LOG_LEVEL").or_else(|_| std::env::var("RUST_LOG"));
    wanted.ok().and_then(|w| w.to_lowercase().parse().ok()).unwrap_or_else(|| Targets::new().with_default(Level::INFO))
}

/// Installs the subscriber for a process: JSON when running in Lambda, text elsewhere.
pub fn init() {
    let in_lambda = std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some();
    let builder = tracing_subscriber::fmt().with_target(false);
    let result = if in_lambda {
        // CloudWatch stamps each line itself.
        builder.json().flatten_event(true).without_time().with_current_span(false).finish().with(filter()).try_init()
    } else {
        builder.compact().finish().with(filter()).try_init()
    };
    // A second call (several stacks in one test binary) keeps the first subscriber.
    drop(result);
}

/// For test binaries: silent unless `TEST_LOG` is set, then text to the captured test output.
pub fn init_for_tests() {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt().with_test_writer().finish().with(filter()).try_init();
    }
}
