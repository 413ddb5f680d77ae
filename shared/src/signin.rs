//! Staff sign-in to the admin page through the user pool's hosted UI: the authorization code
//! flow with PKCE, and the CSRF token every admin form carries.
//!
//! The session is the ID token itself, in an HttpOnly cookie that only this site's own pages
//! send (`SameSite=Strict`); the same token works as a bearer token on the JSON routes.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::config::Config;

/// The cookie that carries the state and the PKCE verifier from `/admin/login` to the callback.
pub const SIGN_IN_COOKIE: &str = "tellcare_signin";
pub const CALLBACK_PATH: &str = "/admin/callback";
pub const SIGNED_OUT_PATH: &str = "/admin/signed-out";

/// The PKCE challenge of a verifier (`S256`).
pub fn pkce_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// The CSRF token of a session: a digest of its secret cookie, so a page of another site,
/// which can neither read the cookie nor our pages, cannot make it.
pub fn csrf_token(session: &str) -> String {
    let digest = Sha256::digest(format!("tellcare csrf\n{session}").as_bytes());
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `sent` is the session's CSRF token, compared in constant time.
pub fn csrf_matches(session: &str, sent: &str) -> bool {
    let expected = csrf_token(session);
    expected.len() == sent.len() && expected.bytes().zip(sent.bytes()).fold(0, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// The hosted UI of the user pool, as this site's client.
#[derive(Clone, Debug)]
pub struct HostedUi {
    domain: String,
    client_id: String,
    public_base_url: String,
}

/// A sign-in under way: where to send the browser, and what the callback must see again.
pub struct SignInStart {
    pub authorize_url: String,
    /// `{state}.{verifier}`: kept in [`SIGN_IN_COOKIE`] until the callback.
    pub cookie_value: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("the sign-in was not started here, or took too long")]
    StateMismatch,
    #[error("the user pool refused the code: {0}")]
    Refused(String),
    #[error("the user pool could not be reached: {0}")]
    Unreachable(String),
}

#[derive(Deserialize)]
struct TokenResponse {
    id_token: String,
}

impl HostedUi {
    pub fn new(config: &Config) -> Self {
        Self {
            domain: config.cognito_domain.clone(),
            client_id: config.jwt.audience.clone(),
            public_base_url: config.public_base_url.clone(),
        }
    }

    /// The hosted UI's origin (scheme, host and port), for the pages' `form-action`.
    pub fn origin(&self) -> String {
        url::Url::parse(&self.domain).map(|u| u.origin().ascii_serialization()).unwrap_or_default()
    }

    fn redirect_uri(&self) -> String {
        format!("{}{CALLBACK_PATH}", self.public_base_url)
    }

    /// A fresh state and verifier, and the authorize address that carries their challenge.
    pub fn start(&self) -> SignInStart {
        let state = crate::random::hex(16);
        let verifier = crate::random::hex(32);
        let mut url = url::Url::parse(&format!("{}/oauth2/authorize", self.domain)).expect("a configured URL");
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect_uri())
            .append_pair("scope", "openid email profile")
            .append_pair("state", &state)
            .append_pair("code_challenge_method", "S256")
            .append_pair("code_challenge", &pkce_challenge(&verifier));
        SignInStart { authorize_url: url.into(), cookie_value: format!("{state}.{verifier}") }
    }

    /// Trades the callback's code for an ID token, once the state matches the cookie's.
    pub async fn finish(&self, cookie_value: &str, state: &str, code: &str) -> Result<String, SignInError> {
        let (expected_state, verifier) = cookie_value.split_once('.').ok_or(SignInError::StateMismatch)?;
        if expected_state.is_empty() || expected_state != state {
            return Err(SignInError::StateMismatch);
        }
        let form = [
            ("grant_type", "authorization_code"),
            ("client_id", self.client_id.as_str()),
            ("code", code),
            ("redirect_uri", &self.redirect_uri()),
            ("code_verifier", verifier),
        ];
        let body = serde_html_form::to_string(form).map_err(|e| SignInError::Refused(e.to_string()))?;
        let request = http::Request::post(format!("{}/oauth2/token", self.domain))
            .header(http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body.into())
            .map_err(|e| SignInError::Refused(e.to_string()))?;
        let answer = crate::tls::send(request).await.map_err(|e| SignInError::Unreachable(e.to_string()))?;
        if !answer.status.is_success() {
            return Err(SignInError::Refused(answer.status.to_string()));
        }
        let tokens: TokenResponse = answer.json().map_err(|e| SignInError::Refused(e.to_string()))?;
        Ok(tokens.id_token)
    }

    /// Where signing out goes: the hosted UI forgets its own session, then comes back here.
    pub fn logout_url(&self) -> String {
        let mut url = url::Url::parse(&format!("{}/logout", self.domain)).expect("a configured URL");
        url.query_pairs_mut()
            .append_pair("client_id", &self.client_id)
            .append_pair("logout_uri", &format!("{}{SIGNED_OUT_PATH}", self.public_base_url));
        url.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_matches_the_rfc_example() {
        // RFC 7636, appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn csrf_tokens_belong_to_one_session() {
        let token = csrf_token("session-a");
        assert!(csrf_matches("session-a", &token));
        assert!(!csrf_matches("session-b", &token));
        assert!(!csrf_matches("session-a", ""));
    }
}
