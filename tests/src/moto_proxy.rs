//! A pass-through in front of moto for the functions under test (`make bench`, and the test of
//! the functions' TLS): it counts their DynamoDB
//! requests and the time moto took to answer them, so a cold start's figures can be read with
//! and without the local AWS's own slowness (moto is Python; DynamoDB answers faster).
//!
//! It speaks HTTPS, as AWS's endpoints do, with a certificate issued by a CA of its own, which
//! the functions trust beside their built-in roots (`TELLCARE_EXTRA_ROOTS`): so a function's
//! first request pays for a TLS handshake, as in Lambda.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::resources::BoxError;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::TlsAcceptor;

#[derive(Default)]
struct Meter {
    dynamodb: AtomicUsize,
    /// TLS connections the functions opened.
    connections: AtomicUsize,
    /// When each request to moto was sent and answered.
    spans: Mutex<Vec<(Instant, Instant)>>,
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
    /// TLS connections opened: a client that keeps its connections opens one for requests
    /// made one after another.
    pub connections: usize,
    /// The time the functions waited on moto: while at least one of their requests was with it
    /// (requests sent side by side count once, as the caller waited once).
    pub waited: Duration,
}

pub struct MotoProxy {
    pub endpoint: String,
    /// The proxy's CA, for the functions to trust (PEM).
    pub roots: PathBuf,
    shared: Arc<Shared>,
}

impl MotoProxy {
    pub async fn start(moto: &str, state: &Path) -> Result<MotoProxy, BoxError> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let endpoint = format!("https://127.0.0.1:{}", listener.local_addr()?.port());
        let (acceptor, ca) = tls_acceptor()?;
        let roots = state.join("bench-ca.pem");
        std::fs::write(&roots, ca)?;
        let shared =
            Arc::new(Shared { moto: moto.to_owned(), client: reqwest::Client::new(), meter: Meter::default() });
        let app = Router::new().fallback(forward).with_state(shared.clone());
        let counted = shared.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                // As a server that answers small requests should: without it, a small write
                // behind another waits for the client's delayed ACK (tens of milliseconds).
                let _ = tcp.set_nodelay(true);
                let (acceptor, app, counted) = (acceptor.clone(), app.clone(), counted.clone());
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else { return };
                    counted.meter.connections.fetch_add(1, Ordering::SeqCst);
                    let service = TowerToHyperService::new(app);
                    let _ =
                        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tls), service).await;
                });
            }
        });
        Ok(MotoProxy { endpoint, roots, shared })
    }

    pub fn take(&self) -> Passed {
        let meter = &self.shared.meter;
        Passed {
            dynamodb_requests: meter.dynamodb.swap(0, Ordering::SeqCst),
            connections: meter.connections.swap(0, Ordering::SeqCst),
            waited: union(std::mem::take(&mut *meter.spans.lock().expect("never poisoned"))),
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
            // moto's headers as they are (its Content-Type, not one of the proxy's own), but
            // not those of its own connection: moto's server speaks HTTP/1.0 and closes each
            // connection, where AWS's endpoints keep theirs open, so a function's connection
            // to the proxy stays open as it would to AWS. The body's length is the proxy's to say.
            let mut response = (status, body).into_response();
            let kept = response.headers_mut();
            kept.remove(axum::http::header::CONTENT_TYPE);
            for (name, value) in &headers {
                if !HOP_BY_HOP.contains(name) {
                    kept.append(name, value.clone());
                }
            }
            response
        }
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    };
    shared.meter.spans.lock().expect("never poisoned").push((sent, Instant::now()));
    result
}

/// Headers about one connection, not the message (RFC 9110, 7.6.1), and the body's framing.
const HOP_BY_HOP: [axum::http::HeaderName; 5] = [
    axum::http::header::CONNECTION,
    axum::http::HeaderName::from_static("keep-alive"),
    axum::http::header::CONTENT_LENGTH,
    axum::http::header::TRANSFER_ENCODING,
    axum::http::header::UPGRADE,
];

/// The length of the union of `spans`.
fn union(mut spans: Vec<(Instant, Instant)>) -> Duration {
    spans.sort_unstable_by_key(|span| span.0);
    let mut total = Duration::ZERO;
    let mut open: Option<(Instant, Instant)> = None;
    for (start, end) in spans {
        open = match open {
            Some((from, to)) if start <= to => Some((from, to.max(end))),
            Some((from, to)) => {
                total += to - from;
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    total + open.map_or(Duration::ZERO, |(from, to)| to - from)
}

/// A CA of the benchmark's own, and a certificate for 127.0.0.1 it issued: the acceptor, and
/// the CA's certificate (PEM) for the functions to trust.
fn tls_acceptor() -> Result<(TlsAcceptor, String), BoxError> {
    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(DnType::CommonName, "Tellcare bench CA");
    let ca = ca_params.self_signed(&ca_key)?;
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate()?;
    let certificate = CertificateParams::new(vec!["127.0.0.1".to_owned()])?.signed_by(&key, &issuer)?;
    let chain: Vec<CertificateDer<'static>> = vec![certificate.der().clone(), ca.der().clone()];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    Ok((TlsAcceptor::from(Arc::new(config)), ca.pem()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_side_by_side_count_once() {
        let t = Instant::now();
        let at = |ms: u64| t + Duration::from_millis(ms);
        // 0-10 and 5-12 overlap (12 ms), 20-25 stands alone (5 ms), 21-22 is inside it.
        let spans = vec![(at(20), at(25)), (at(0), at(10)), (at(21), at(22)), (at(5), at(12))];
        assert_eq!(union(spans), Duration::from_millis(17));
        assert_eq!(union(vec![]), Duration::ZERO);
    }
}
