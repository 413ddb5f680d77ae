//! A local emulator of the Lambda Runtime API (the interface a custom runtime such as the
//! `bootstrap` of a Rust function polls: docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html),
//! so `make bench` can start a function as a fresh process, as Lambda does on a cold start, and
//! time it from the outside: its init ends when it first asks for an event.
//!
//! One emulator serves one process at a time. An invocation waits until the function asks for
//! it (`GET …/invocation/next`), then until it answers (`POST …/{id}/response` or `…/error`).

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;

const PREFIX: &str = "/2018-06-01/runtime";
/// What a function is told it has left of each invocation, as a deadline.
const TIMEOUT: Duration = Duration::from_secs(30);

/// How an invocation ended, and when its answer arrived.
#[derive(Debug)]
pub struct Outcome {
    pub ok: bool,
    pub body: Bytes,
    pub at: Instant,
}

#[derive(Default)]
struct Shared {
    queued: Mutex<VecDeque<(String, Bytes)>>,
    queued_notify: Notify,
    answers: Mutex<HashMap<String, oneshot::Sender<Outcome>>>,
    first_poll: Mutex<Option<Instant>>,
    polled: Notify,
    init_error: Mutex<Option<String>>,
}

pub struct RuntimeApi {
    pub address: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RuntimeApiError {
    #[error("the function reported an init error: {0}")]
    Init(String),
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("the emulator stopped")]
    Stopped,
}

impl RuntimeApi {
    pub async fn start() -> std::io::Result<RuntimeApi> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        let app = Router::new()
            .route(&format!("{PREFIX}/invocation/next"), get(next))
            .route(&format!("{PREFIX}/invocation/{{id}}/response"), post(respond))
            .route(&format!("{PREFIX}/invocation/{{id}}/error"), post(fail))
            .route(&format!("{PREFIX}/init/error"), post(init_error))
            .with_state(shared.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(RuntimeApi { address, shared, server })
    }

    /// Queues `event` and waits for the function's answer to it.
    pub async fn invoke(&self, event: impl Into<Bytes>) -> Result<Outcome, RuntimeApiError> {
        let id = ulid::Ulid::generate().to_string();
        let (sender, receiver) = oneshot::channel();
        self.shared.answers.lock().expect("answers lock").insert(id.clone(), sender);
        self.shared.queued.lock().expect("queue lock").push_back((id, event.into()));
        self.shared.queued_notify.notify_one();
        let waited = tokio::time::timeout(TIMEOUT, async {
            tokio::select! {
                outcome = receiver => outcome.map_err(|_| RuntimeApiError::Stopped),
                message = self.init_failure() => Err(RuntimeApiError::Init(message)),
            }
        });
        waited.await.map_err(|_| RuntimeApiError::Timeout(TIMEOUT))?
    }

    /// When the function first asked for an event: the end of its init.
    pub async fn first_poll(&self) -> Result<Instant, RuntimeApiError> {
        let waited = tokio::time::timeout(TIMEOUT, async {
            loop {
                let notified = self.shared.polled.notified();
                if let Some(at) = *self.shared.first_poll.lock().expect("poll lock") {
                    return Ok(at);
                }
                tokio::select! {
                    () = notified => {}
                    message = self.init_failure() => return Err(RuntimeApiError::Init(message)),
                }
            }
        });
        waited.await.map_err(|_| RuntimeApiError::Timeout(TIMEOUT))?
    }

    async fn init_failure(&self) -> String {
        loop {
            let notified = self.shared.polled.notified();
            if let Some(message) = self.shared.init_error.lock().expect("init lock").clone() {
                return message;
            }
            notified.await;
        }
    }
}

async fn next(State(shared): State<Arc<Shared>>) -> Response {
    shared.first_poll.lock().expect("poll lock").get_or_insert_with(Instant::now);
    shared.polled.notify_waiters();
    let (id, event) = loop {
        let notified = shared.queued_notify.notified();
        if let Some(queued) = shared.queued.lock().expect("queue lock").pop_front() {
            break queued;
        }
        notified.await;
    };
    let deadline = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default() + TIMEOUT;
    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: String| {
        headers.insert(name, value.parse().expect("an ASCII header value"));
    };
    set("lambda-runtime-aws-request-id", id);
    set("lambda-runtime-deadline-ms", deadline.as_millis().to_string());
    set("lambda-runtime-invoked-function-arn", "arn:aws:lambda:eu-west-2:123456789012:function:bench".into());
    set("lambda-runtime-trace-id", "Root=1-00000000-000000000000000000000000;Sampled=0".into());
    (StatusCode::OK, headers, event).into_response()
}

fn answer(shared: &Shared, id: &str, ok: bool, body: Bytes) -> StatusCode {
    let at = Instant::now();
    match shared.answers.lock().expect("answers lock").remove(id) {
        Some(sender) => {
            let _ = sender.send(Outcome { ok, body, at });
            StatusCode::ACCEPTED
        }
        None => StatusCode::BAD_REQUEST,
    }
}

async fn respond(State(shared): State<Arc<Shared>>, Path(id): Path<String>, body: Bytes) -> StatusCode {
    answer(&shared, &id, true, body)
}

async fn fail(State(shared): State<Arc<Shared>>, Path(id): Path<String>, body: Bytes) -> StatusCode {
    answer(&shared, &id, false, body)
}

async fn init_error(State(shared): State<Arc<Shared>>, body: Bytes) -> StatusCode {
    *shared.init_error.lock().expect("init lock") = Some(String::from_utf8_lossy(&body).into_owned());
    shared.polled.notify_waiters();
    StatusCode::ACCEPTED
}
