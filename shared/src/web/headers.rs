//! The headers every answer carries, set in one layer: a strict Content-Security-Policy (the
//! pages have no script; their only styles are the two stylesheets below, allowed by hash),
//! no sniffing, no framing, no referrer (addresses carry emailed tokens), HSTS over https, and
//! `no-store` for every answer that does not say it may be cached.

use std::sync::LazyLock;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The stylesheet of every page, inlined by the layout.
pub const SITE_CSS: &str = include_str!("../../templates/site.css");
/// The stylesheet of the printable poster.
pub const POSTER_CSS: &str = include_str!("../../templates/poster.css");

/// Two years, as the HSTS preload list asks.
const HSTS: &str = "max-age=63072000; includeSubDomains";

// SITE_CSS_HASH and POSTER_CSS_HASH, as the policy writes them: `'sha256-…'` (build.rs).
include!(concat!(env!("OUT_DIR"), "/style_hashes.rs"));

/// The policy, with the origins forms may be sent to (and redirected to) besides this one.
pub fn content_security_policy(form_origins: &[&str]) -> String {
    let forms = std::iter::once("'self'").chain(form_origins.iter().copied()).collect::<Vec<_>>().join(" ");
    format!(
        "default-src 'none'; style-src {SITE_CSS_HASH} {POSTER_CSS_HASH}; img-src 'self' data:; \
         form-action {forms}; frame-ancestors 'none'; base-uri 'none'"
    )
}

/// The policy of a function whose forms stay on this site.
pub static DEFAULT_POLICY: LazyLock<HeaderValue> = LazyLock::new(|| policy_header(&[]));

pub fn policy_header(form_origins: &[&str]) -> HeaderValue {
    HeaderValue::from_str(&content_security_policy(form_origins)).expect("origins come from the config, in ASCII")
}

/// Whether the request came over https: API Gateway says so in `X-Forwarded-Proto`.
fn over_https(request: &Request) -> bool {
    let forwarded = request.headers().get("x-forwarded-proto").and_then(|v| v.to_str().ok());
    forwarded.map(|p| p.eq_ignore_ascii_case("https")).unwrap_or(request.uri().scheme_str() == Some("https"))
}

/// The layer [`super::router`] puts around every route and fallback, with its policy.
pub async fn secure(State(policy): State<HeaderValue>, request: Request, next: Next) -> Response {
    let https = over_https(&request);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin"));
    if https {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    headers.entry(header::CACHE_CONTROL).or_insert_with(|| HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_stylesheets_and_nothing_else() {
        let policy = content_security_policy(&["https://auth.example.org"]);
        assert!(policy.starts_with("default-src 'none';"));
        assert_eq!(policy.matches("'sha256-").count(), 2);
        assert!(policy.contains("form-action 'self' https://auth.example.org;"));
        assert!(!policy.contains("unsafe"));
    }

    #[test]
    fn the_hashes_worked_out_at_build_time_are_the_stylesheets_own() {
        use base64::Engine;
        use sha2::{Digest, Sha256};
        for (css, hash) in [(SITE_CSS, SITE_CSS_HASH), (POSTER_CSS, POSTER_CSS_HASH)] {
            let digest = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(css.as_bytes()));
            assert_eq!(hash, format!("'sha256-{digest}'"));
        }
    }
}
