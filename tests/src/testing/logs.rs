//! What the stacks of a test binary log, kept so that a test can search it (the privacy walk
//! looks for what must never be logged). Also written to the test output with `TEST_LOG`.

use std::io::Write;
use std::sync::{Mutex, OnceLock};

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

static LOGS: Mutex<Vec<u8>> = Mutex::new(Vec::new());

struct Captured;

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if std::env::var_os("TEST_LOG").is_some() {
            eprint!("{}", String::from_utf8_lossy(bytes));
        }
        LOGS.lock().expect("the log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        Captured
    }
}

/// Installs the capturing subscriber once per test binary, at the level the functions log at
/// in Lambda (`info`, or `RUST_LOG`).
pub fn capture() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
        let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_writer(Captured).try_init();
    });
}

/// Everything logged so far by every stack of this binary.
pub fn logged() -> String {
    String::from_utf8_lossy(&LOGS.lock().expect("the log buffer")).into_owned()
}
