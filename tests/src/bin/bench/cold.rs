//! A function started as Lambda starts it on a cold start: a fresh process told where the
//! Runtime API is, with its environment, its first event already waiting.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use tellcare_stack::resources::BoxError;
use tellcare_stack::runtime_api::RuntimeApi;
use tokio::process::{Child, Command};

/// What one cold start measured.
#[derive(Clone, Copy, Debug)]
pub struct ColdStart {
    /// From the process's start to its first request for an event: Lambda's init duration.
    pub init: Duration,
    /// From the process's start to its answer to the first event.
    pub first_answer: Duration,
    /// The process's peak resident memory by then, in bytes.
    pub peak_rss: u64,
    /// Of `first_answer`, the time spent waiting on moto.
    pub waited_on_moto: Duration,
}

/// A function process that is running, its Runtime API and what its cold start measured.
pub struct Running {
    pub api: RuntimeApi,
    pub cold: ColdStart,
    child: Child,
}

impl Running {
    /// Starts `binary` with `environment`, gives it `first` and waits for its answer.
    pub async fn start(
        binary: &Path,
        environment: &[(String, String)],
        log: &Path,
        first: Bytes,
    ) -> Result<Running, BoxError> {
        let api = RuntimeApi::start().await?;
        let log = std::fs::File::options().create(true).append(true).open(log)?;
        let mut command = Command::new(binary);
        command
            .env_clear()
            .envs(environment.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("AWS_LAMBDA_RUNTIME_API", api.address.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .kill_on_drop(true);
        let started = Instant::now();
        let mut child = command.spawn().map_err(|e| format!("starting {}: {e}", binary.display()))?;
        let answer = tokio::select! {
            answered = async { tokio::join!(api.first_poll(), api.invoke(first)) } => answered,
            status = child.wait() => return Err(format!("{} exited at start: {}", binary.display(), status?).into()),
        };
        let (polled, outcome) = (answer.0?, answer.1?);
        if !outcome.ok {
            return Err(format!(
                "{} failed its first event: {}",
                binary.display(),
                String::from_utf8_lossy(&outcome.body)
            )
            .into());
        }
        let cold = ColdStart {
            init: polled - started,
            first_answer: outcome.at - started,
            peak_rss: peak_rss(child.id().ok_or("the process has gone")?)?,
            waited_on_moto: Duration::ZERO,
        };
        Ok(Running { api, cold, child })
    }

    /// Time from handing over an event to its answer.
    pub async fn invoke(&self, event: Bytes) -> Result<(Duration, Bytes), BoxError> {
        let sent = Instant::now();
        let outcome = self.api.invoke(event).await?;
        if !outcome.ok {
            return Err(format!("the function failed: {}", String::from_utf8_lossy(&outcome.body)).into());
        }
        Ok((outcome.at - sent, outcome.body))
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// `VmHWM`: the most memory the process has held resident.
fn peak_rss(pid: u32) -> Result<u64, BoxError> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).ok_or("no VmHWM in /proc/…/status")?;
    let kib: u64 = line.trim_start_matches("VmHWM:").trim().trim_end_matches("kB").trim().parse()?;
    Ok(kib * 1024)
}
