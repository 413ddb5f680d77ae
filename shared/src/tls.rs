//! Every outgoing connection: hyper over rustls on ring, for the AWS clients and for the user
//! pool's other addresses alike. One crypto stack for TLS and for the staff's tokens
//! (jsonwebtoken 9 is on ring too), where the SDK's default client would bring aws-lc (about
//! 1.3 MB of every bootstrap), and one HTTP client, where reqwest would be a second.
//!
//! The roots are Mozilla's, compiled in (webpki-roots): reading and decoding the system's
//! bundle took 3 ms of every cold start (`make bench`), twice when two clients each loaded it.

use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector as TcpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use serde::de::DeserializeOwned;

/// Names a PEM file of roots to trust beside Mozilla's: the local benchmark's own CA. Lambda
/// never sets it.
pub const EXTRA_ROOTS: &str = "TELLCARE_EXTRA_ROOTS";

/// How long a call to the user pool (its keys, its token endpoint) may take.
const WEB_TIMEOUT: Duration = Duration::from_secs(5);

type Https = HttpsConnector<TcpConnector>;

/// The AWS clients' HTTP client: HTTP/1.1 (what DynamoDB, S3 and SES speak) over TLS, or plain
/// for an `http://` endpoint (moto, locally). Nothing is set up until the first request.
pub fn aws_http_client() -> SharedHttpClient {
    SharedHttpClient::new(AwsHttp::default())
}

/// One connector (one pool of connections) for each connect timeout the clients ask for: one,
/// as every client is made from the same configuration.
#[derive(Debug, Default)]
struct AwsHttp {
    connectors: Mutex<Vec<(Option<Duration>, SharedHttpConnector)>>,
}

impl HttpClient for AwsHttp {
    fn http_connector(&self, settings: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        let timeout = settings.connect_timeout();
        let mut made = self.connectors.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, connector)) = made.iter().find(|(t, _)| *t == timeout) {
            return connector.clone();
        }
        let client = Client::builder(TokioExecutor::new()).pool_timer(TokioTimer::new()).build(https(timeout));
        let connector = SharedHttpConnector::new(AwsConnector { client });
        made.push((timeout, connector.clone()));
        connector
    }
}

#[derive(Clone, Debug)]
struct AwsConnector {
    client: Client<Https, SdkBody>,
}

impl HttpConnector for AwsConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let client = self.client.clone();
        HttpConnectorFuture::new(async move {
            let request = request.try_into_http1x().map_err(|err| ConnectorError::user(err.into()))?;
            let response = client.request(request).await.map_err(classify)?;
            HttpResponse::try_from(response.map(SdkBody::from_body_1_x))
                .map_err(|err| ConnectorError::other(err.into(), None))
        })
    }
}

/// As the SDK's own client tells them apart: a connection that failed or broke off is worth
/// another attempt (the SDK's retries decide); anything else is not.
fn classify(err: hyper_util::client::legacy::Error) -> ConnectorError {
    let mut source = std::error::Error::source(&err);
    let mut broken = err.is_connect();
    while let Some(cause) = source {
        broken |= cause.is::<std::io::Error>() || cause.is::<hyper::Error>();
        source = cause.source();
    }
    match broken {
        true => ConnectorError::io(err.into()),
        false => ConnectorError::other(err.into(), None),
    }
}

/// TCP (without Nagle's delay, as the SDK's client), then TLS unless the address is `http://`.
fn https(connect_timeout: Option<Duration>) -> Https {
    let mut tcp = TcpConnector::new();
    tcp.enforce_http(false);
    tcp.set_nodelay(true);
    tcp.set_connect_timeout(connect_timeout);
    HttpsConnectorBuilder::new().with_tls_config(client_config()).https_or_http().enable_http1().wrap_connector(tcp)
}

/// A call to the user pool's other addresses (its keys, its hosted UI) went unanswered.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// No connection, or the exchange broke off. hyper's errors name no address.
    #[error("unreachable: {0}")]
    Unreachable(String),
    #[error("no answer within {} s", WEB_TIMEOUT.as_secs())]
    TimedOut,
}

/// An answer, read whole (the user pool's answers are small).
pub struct WebAnswer {
    pub status: StatusCode,
    pub body: Bytes,
}

impl WebAnswer {
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

type WebClient = Client<Https, Full<Bytes>>;

/// Sends a request beyond AWS over HTTP/1.1, with the same TLS as the AWS clients.
pub async fn send(request: Request<Full<Bytes>>) -> Result<WebAnswer, WebError> {
    let exchange = async {
        let unreachable = |err: &dyn std::fmt::Display| WebError::Unreachable(err.to_string());
        let response = web_client().request(request).await.map_err(|e| unreachable(&e))?;
        let status = response.status();
        let body = response.into_body().collect().await.map_err(|e| unreachable(&e))?.to_bytes();
        Ok(WebAnswer { status, body })
    };
    tokio::time::timeout(WEB_TIMEOUT, exchange).await.map_err(|_| WebError::TimedOut)?
}

/// Built on first use: a function that never verifies a token never sets it up.
fn web_client() -> &'static WebClient {
    static CLIENT: LazyLock<WebClient> = LazyLock::new(|| {
        Client::builder(TokioExecutor::new()).pool_timer(TokioTimer::new()).build(https(Some(WEB_TIMEOUT)))
    });
    &CLIENT
}

/// The one TLS configuration, made on the first connection.
fn client_config() -> rustls::ClientConfig {
    static CONFIG: LazyLock<rustls::ClientConfig> = LazyLock::new(|| {
        let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        if let Some(path) = std::env::var_os(EXTRA_ROOTS) {
            match std::fs::read(&path) {
                Ok(pem) => {
                    roots.add_parsable_certificates(CertificateDer::pem_slice_iter(&pem).flatten());
                }
                Err(err) => tracing::warn!(error = %err, "the extra roots could not be read"),
            }
        }
        rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("ring offers TLS 1.2 and 1.3")
            .with_root_certificates(roots)
            .with_no_client_auth()
    });
    CONFIG.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaks_tls_on_ring_alone() {
        let config = client_config();
        let suites = |p: &rustls::crypto::CryptoProvider| p.cipher_suites.iter().map(|s| s.suite()).collect::<Vec<_>>();
        let offered = suites(config.crypto_provider());
        assert!(!offered.is_empty());
        assert_eq!(offered, suites(&rustls::crypto::ring::default_provider()), "ring's suites, no other provider's");
        assert!(
            config
                .crypto_provider()
                .cipher_suites
                .iter()
                .all(|s| s.tls13().is_some() || s.version().version == rustls::ProtocolVersion::TLSv1_2)
        );
    }
}
