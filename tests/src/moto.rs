//! moto, the local AWS: `scripts/moto_server.py` (moto's server, one request at a time, as
//! DynamoDB's conditional writes are atomic, with the fixes of `scripts/moto_dynamodb.py`) on a
//! free loopback port, killed with its parent; and its fault controls.

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::template::workspace_root;

pub struct Moto {
    child: Child,
    pub endpoint: String,
}

#[derive(Debug, thiserror::Error)]
pub enum MotoError {
    #[error("moto was not found: run `make run` or `make test` once to install it into .venv, or set MOTO_PYTHON")]
    NotInstalled,
    #[error("starting moto_server: {0}")]
    Spawn(std::io::Error),
    #[error("moto_server did not answer on port {0} within 60 s")]
    NoAnswer(u16),
}

/// The Python that has moto: `MOTO_PYTHON`, else the project's `.venv`.
fn moto_python() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("MOTO_PYTHON") {
        return Some(PathBuf::from(path));
    }
    Some(workspace_root().join(".venv/bin/python")).filter(|p| p.exists())
}

/// Makes a child process die with the thread that started it, even when this process is killed
/// outright, so no moto or chromedriver outlives a test run.
pub fn die_with_parent(command: &mut Command) {
    // SAFETY: prctl is async-signal-safe and touches no memory of ours.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
}

pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl Moto {
    /// Starts moto and waits until it answers. Its output goes to `log` (or nowhere).
    pub fn start(log: Option<std::fs::File>) -> Result<Moto, MotoError> {
        let python = moto_python().ok_or(MotoError::NotInstalled)?;
        let port = free_port().map_err(MotoError::Spawn)?;
        let (stdout, stderr) = match log {
            Some(file) => (Stdio::from(file.try_clone().map_err(MotoError::Spawn)?), Stdio::from(file)),
            None => (Stdio::null(), Stdio::null()),
        };
        let mut command = Command::new(python);
        command
            .arg(workspace_root().join("scripts/moto_server.py"))
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(stderr);
        die_with_parent(&mut command);
        let child = command.spawn().map_err(MotoError::Spawn)?;
        let moto = Moto { child, endpoint: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err(MotoError::NoAnswer(port));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(moto)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Faults moto injects from now on: the share of requests that get each (see
/// `scripts/moto_server.py`; `{}` clears them).
pub async fn set_faults(endpoint: &str, shares: &serde_json::Value) -> Result<(), reqwest::Error> {
    reqwest::Client::new().post(format!("{endpoint}/tellcare/faults")).json(shares).send().await?.error_for_status()?;
    Ok(())
}

/// How many faults of each kind moto has injected.
pub async fn faults_injected(endpoint: &str) -> Result<serde_json::Value, reqwest::Error> {
    let body: serde_json::Value = reqwest::get(format!("{endpoint}/tellcare/faults")).await?.json().await?;
    Ok(body["injected"].clone())
}

/// Stops moto listening for `seconds`, its data kept, as an outage of AWS looks from here.
pub async fn outage(endpoint: &str, seconds: f64) -> Result<(), reqwest::Error> {
    let body = serde_json::json!({ "seconds": seconds });
    reqwest::Client::new().post(format!("{endpoint}/tellcare/outage")).json(&body).send().await?.error_for_status()?;
    Ok(())
}
