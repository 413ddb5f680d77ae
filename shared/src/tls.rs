//! Every outgoing connection's TLS: rustls on ring, trusting the system's roots. One crypto
//! stack for TLS and for the staff's tokens (jsonwebtoken 9 is on ring too), where the SDK's
//! default client would bring aws-lc (about 1.3 MB of every bootstrap, measured by
//! `make bench`).

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use bytes::Bytes;
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use serde::de::DeserializeOwned;

/// How long a call to the user pool (its keys, its token endpoint) may take.
const WEB_TIMEOUT: Duration = Duration::from_secs(5);

/// The AWS clients' HTTP client. An `http://` endpoint (moto, locally) needs no TLS; an HTTPS
/// one loads the system's roots when the first client is built, at init, as the SDK does.
pub fn aws_http_client(endpoint: Option<&str>) -> SharedHttpClient {
    let builder = aws_smithy_http_client::Builder::new();
    match endpoint {
        Some(plain) if plain.starts_with("http://") => builder.build_http(),
        _ => builder.tls_provider(tls::Provider::Rustls(CryptoMode::Ring)).build_https(),
    }
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

type WebClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Sends a request beyond AWS over HTTP/1.1, with the same TLS as the AWS clients. hyper is
/// already linked for them, where a second client (reqwest) would add its own weight.
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
        let connector =
            HttpsConnectorBuilder::new().with_tls_config(client_config()).https_or_http().enable_http1().build();
        Client::builder(TokioExecutor::new()).pool_timer(TokioTimer::new()).build(connector)
    });
    &CLIENT
}

fn client_config() -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    let (added, _unparsable) = roots.add_parsable_certificates(found.certs);
    if added == 0 {
        tracing::warn!("no system root certificates: calls over HTTPS will fail");
    }
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("ring offers TLS 1.2 and 1.3")
        .with_root_certificates(roots)
        .with_no_client_auth()
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
