//! Behind the CDN: where CloudFront serves the site, the API answers only what came through it.
//! CloudFront adds a header holding a secret the functions also know (`ORIGIN_SECRET`); a
//! request without it went around the CDN and its firewall, and is refused. Behind CloudFront,
//! API Gateway's source address is CloudFront's, so the person's own address (for the rate
//! limits) is taken from `CloudFront-Viewer-Address`, trusted only on a request that proved
//! where it came from.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

use crate::AppError;

/// The header CloudFront adds to every request it sends on (infra/template.yaml).
pub const ORIGIN_HEADER: &str = "x-origin-verify";
/// The person's address and port, as CloudFront saw them.
const VIEWER_ADDRESS: &str = "cloudfront-viewer-address";

/// The secret of CloudFront's requests.
#[derive(Clone)]
pub struct OriginSecret(Arc<str>);

impl OriginSecret {
    /// None for an empty value: no CDN in front (the local stack, or the API on its own domain).
    pub fn new(secret: &str) -> Option<Self> {
        let secret = secret.trim();
        (!secret.is_empty()).then(|| Self(secret.into()))
    }

    /// Compared in time that does not depend on where the first difference is.
    fn admits(&self, presented: &[u8]) -> bool {
        let expected = self.0.as_bytes();
        presented.len() == expected.len()
            && presented.iter().zip(expected).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
    }
}

impl std::fmt::Debug for OriginSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OriginSecret(..)")
    }
}

/// The person's address as CloudFront saw it, on a request that came through it.
#[derive(Clone, Debug)]
pub(crate) struct ViewerAddress(pub String);

/// `app`, answering only requests that came through the CDN when there is one.
pub fn behind_edge(app: Router, secret: Option<OriginSecret>) -> Router {
    match secret {
        None => app,
        Some(secret) => app.layer(middleware::from_fn_with_state(secret, guard)),
    }
}

async fn guard(State(secret): State<OriginSecret>, mut request: Request, next: Next) -> Response {
    let presented = request.headers().get(ORIGIN_HEADER).map(HeaderValue::as_bytes);
    if !presented.is_some_and(|p| secret.admits(p)) {
        // Scanners of the API's own address meet this: counted, not alarming.
        tracing::info!(method = %request.method(), "a request came around the CDN: refused");
        let mut refused = AppError::Forbidden(crate::i18n::text("error-not-through-site")).into_response();
        refused.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return refused;
    }
    let headers = request.headers_mut();
    headers.remove(ORIGIN_HEADER);
    let viewer = headers.get(VIEWER_ADDRESS).and_then(|v| v.to_str().ok()).and_then(address_of);
    if let Some(address) = viewer {
        request.extensions_mut().insert(ViewerAddress(address));
    }
    next.run(request).await
}

/// The address of `198.51.100.10:46532` or `2001:db8::1:46532`: all before the last colon.
fn address_of(with_port: &str) -> Option<String> {
    let (address, port) = with_port.trim().rsplit_once(':')?;
    (port.parse::<u16>().is_ok() && !address.is_empty()).then(|| address.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::ClientAddress;
    use axum::body::Body;
    use axum::routing::get;
    use lambda_http::tower::ServiceExt;

    fn app() -> Router {
        let echo = get(|client: ClientAddress| async move { client.0.unwrap_or_else(|| "none".into()) });
        behind_edge(Router::new().route("/", echo), OriginSecret::new("s3cr3t-from-the-stack"))
    }

    async fn ask(headers: &[(&str, &str)]) -> (u16, String, Option<String>) {
        let mut request = Request::builder().uri("/");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = app().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        let status = response.status().as_u16();
        let cache = response.headers().get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap().to_owned());
        let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap(), cache)
    }

    #[tokio::test]
    async fn only_what_came_through_the_cdn_is_answered() {
        let (status, body, cache) = ask(&[]).await;
        assert_eq!((status, cache.as_deref()), (403, Some("no-store")));
        assert!(body.contains("forbidden"), "{body}");
        assert_eq!(ask(&[(ORIGIN_HEADER, "s3cr3t-from-the-stacK")]).await.0, 403);
        assert_eq!(ask(&[(ORIGIN_HEADER, "s3cr3t")]).await.0, 403);
        assert_eq!(ask(&[(ORIGIN_HEADER, "s3cr3t-from-the-stack")]).await.0, 200);
    }

    #[tokio::test]
    async fn the_viewers_address_is_believed_only_from_the_cdn() {
        let through = ask(&[(ORIGIN_HEADER, "s3cr3t-from-the-stack"), (VIEWER_ADDRESS, "198.51.100.10:46532")]).await;
        assert_eq!(through.1, "198.51.100.10");
        let six = ask(&[(ORIGIN_HEADER, "s3cr3t-from-the-stack"), (VIEWER_ADDRESS, "2001:db8::1:46532")]).await;
        assert_eq!(six.1, "2001:db8::1");
        // Without a CDN, a client's own header is not believed.
        let direct =
            behind_edge(Router::new().route("/", get(|c: ClientAddress| async move { format!("{:?}", c.0) })), None);
        let request = Request::builder().uri("/").header(VIEWER_ADDRESS, "203.0.113.9:1").body(Body::empty()).unwrap();
        let body = axum::body::to_bytes(direct.oneshot(request).await.unwrap().into_body(), 1 << 16).await.unwrap();
        assert_eq!(body, "None");
    }

    #[test]
    fn an_empty_secret_is_no_cdn() {
        assert!(OriginSecret::new("  ").is_none());
        assert_eq!(format!("{:?}", OriginSecret::new("x")), "Some(OriginSecret(..))");
    }
}
