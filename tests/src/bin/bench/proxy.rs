//! A pass-through in front of moto for the functions under test: it counts their DynamoDB
//! requests and the time moto took to answer them, so a cold start's figures can be read with
//! and without the local AWS's own slowness (moto is Python; DynamoDB answers faster).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tellcare_stack::resources::BoxError;

#[derive(Default)]
struct Meter {
    dynamodb: AtomicUsize,
    waited_nanos: AtomicU64,
}

struct Shared {
    moto: String,
    client: reqwest::Client,
    meter: Meter,
}

/// What passed through since the last [`MotoProxy::take`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Passed {
    pub dynamodb_requests: usize,
    /// The time the functions waited on moto, all requests together.
    pub waited: Duration,
}

pub struct MotoProxy {
    pub endpoint: String,
    shared: Arc<Shared>,
}

impl MotoProxy {
    pub async fn start(moto: &str) -> Result<MotoProxy, BoxError> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let endpoint = format!("http://{}", listener.local_addr()?);
        let shared =
            Arc::new(Shared { moto: moto.to_owned(), client: reqwest::Client::new(), meter: Meter::default() });
        let app = Router::new().fallback(forward).with_state(shared.clone());
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(MotoProxy { endpoint, shared })
    }

    pub fn take(&self) -> Passed {
        let meter = &self.shared.meter;
        Passed {
            dynamodb_requests: meter.dynamodb.swap(0, Ordering::SeqCst),
            waited: Duration::from_nanos(meter.waited_nanos.swap(0, Ordering::SeqCst)),
        }
    }
}

async fn forward(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let target = parts.headers.get("x-amz-target").and_then(|t| t.to_str().ok()).unwrap_or_default();
    if target.starts_with("DynamoDB_") {
        shared.meter.dynamodb.fetch_add(1, Ordering::SeqCst);
    }
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut headers = parts.headers.clone();
    headers.remove(axum::http::header::HOST);
    let sent = Instant::now();
    let answer =
        shared.client.request(parts.method, format!("{}{path}", shared.moto)).headers(headers).body(body).send().await;
    let result = match answer {
        Ok(answer) => {
            let status = answer.status();
            let headers = answer.headers().clone();
            let body: Bytes = answer.bytes().await.unwrap_or_default();
            let mut response = (status, body).into_response();
            for (name, value) in &headers {
                if name != axum::http::header::CONTENT_LENGTH && name != axum::http::header::TRANSFER_ENCODING {
                    response.headers_mut().append(name, value.clone());
                }
            }
            response
        }
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    };
    shared.meter.waited_nanos.fetch_add(sent.elapsed().as_nanos() as u64, Ordering::SeqCst);
    result
}
