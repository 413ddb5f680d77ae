//! Staff authentication: RS256 JWTs issued by the Cognito user pool (or, locally, by the stack's
//! `/dev/login`), checked for signature, issuer, audience, expiry and `cognito:groups`.
//!
//! Only ID tokens are taken (`token_use: id`, `aud` the app client): an access token says what
//! a client may call, not who signed in.
//!
//! The signing keys come from the issuer's JWKS, fetched on first use and cached for the life
//! of the process; an unknown key id (a rotation) refetches, at most once a minute, so a stream
//! of forged key ids cannot turn us into a load generator against the JWKS host. The fetch
//! runs with the cache unlocked (requests with known keys go on meanwhile), one at a time, and a
//! failed one waits longer each time before the next (1 s, doubling, up to a minute).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;
use tokio::sync::{Mutex, RwLock};

use crate::domain::staff::PlatformRole;

pub const MODERATORS: &str = "moderators";
pub const ADMINS: &str = "admins";

const REFETCH_INTERVAL: Duration = Duration::from_secs(60);
/// The wait after a first failed fetch, doubled after each failure up to [`REFETCH_INTERVAL`].
const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const LEEWAY_SECS: u64 = 30;

#[derive(Clone, Debug)]
pub struct JwtSettings {
    pub issuer: String,
    /// The user pool app client id: `aud` of its ID tokens.
    pub audience: String,
    pub jwks_url: String,
}

/// A signed-in member of staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    pub subject: String,
    /// How pages and trails name them: the account's `name` (a member of staff, whose pool
    /// username is an address), else its username.
    pub username: String,
    pub groups: Vec<String>,
    /// The account's verified email: what ties it to its memberships of services. The user
    /// pool signs people in by email, and only Tellcare's admins create accounts.
    pub email: Option<String>,
}

impl Staff {
    pub fn is_in(&self, group: &str) -> bool {
        self.groups.iter().any(|g| g == group)
    }

    /// The verified address that ties the account to its memberships, when it has one.
    pub fn verified_email(&self) -> Option<crate::domain::EmailAddress> {
        self.email.as_deref().and_then(|e| crate::domain::EmailAddress::parse(e).ok())
    }

    /// How the audit trail names them.
    pub fn actor(&self) -> crate::domain::moderation::Actor {
        crate::domain::moderation::Actor { id: self.subject.clone(), name: self.username.clone() }
    }

    /// The platform role of the account's group: admins over moderators when it is in both.
    pub fn platform_role(&self) -> Option<PlatformRole> {
        if self.is_in(ADMINS) {
            Some(PlatformRole::Admin)
        } else if self.is_in(MODERATORS) {
            Some(PlatformRole::Moderator)
        } else {
            None
        }
    }

    /// Moderators moderate; admins may do everything, moderation included.
    pub fn may_moderate(&self) -> bool {
        self.platform_role().is_some()
    }

    /// Tellcare's own admins: they alone manage services, their staff and links (moderators
    /// moderate, and do not manage staff).
    pub fn is_admin(&self) -> bool {
        self.platform_role() == Some(PlatformRole::Admin)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
    #[error("the token is not valid: {0}")]
    Invalid(&'static str),
    #[error("the signing keys could not be fetched")]
    KeysUnavailable,
}

#[derive(Deserialize)]
struct Claims {
    sub: String,
    /// ID tokens name the user here, access tokens in `username`.
    #[serde(rename = "cognito:username")]
    cognito_username: Option<String>,
    username: Option<String>,
    /// The account's `name` attribute, set when a member of staff is added.
    name: Option<String>,
    #[serde(rename = "cognito:groups", default)]
    groups: Vec<String>,
    email: Option<String>,
    #[serde(default)]
    email_verified: Option<BoolOrString>,
    #[serde(default)]
    aud: Option<OneOrMany>,
    /// `id` or `access` in Cognito's tokens.
    token_use: Option<String>,
}

/// Cognito writes `email_verified` as a boolean, some issuers as the string "true".
#[derive(Deserialize)]
#[serde(untagged)]
enum BoolOrString {
    Bool(bool),
    String(String),
}

impl BoolOrString {
    fn is_true(&self) -> bool {
        matches!(self, BoolOrString::Bool(true)) || matches!(self, BoolOrString::String(s) if s == "true")
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn contains(&self, wanted: &str) -> bool {
        match self {
            OneOrMany::One(one) => one == wanted,
            OneOrMany::Many(many) => many.iter().any(|a| a == wanted),
        }
    }
}

#[derive(Default)]
struct KeyCache {
    keys: HashMap<String, DecodingKey>,
    /// When a fetch may next start: `None` before the first.
    next_fetch: Option<Instant>,
    /// Failed fetches since the last one that worked.
    failures: u32,
}

impl KeyCache {
    fn may_fetch(&self, now: Instant) -> bool {
        self.next_fetch.is_none_or(|at| now >= at)
    }

    /// What to answer for a key id it does not hold, when it may not fetch.
    fn missing(&self) -> AuthError {
        if self.failures > 0 { AuthError::KeysUnavailable } else { AuthError::Invalid("unknown key id") }
    }
}

fn backoff(failures: u32) -> Duration {
    FIRST_BACKOFF.saturating_mul(1 << failures.saturating_sub(1).min(6)).min(REFETCH_INTERVAL)
}

/// The usable keys of a set, by key id.
fn decoding_keys(set: &JwkSet) -> HashMap<String, DecodingKey> {
    set.keys.iter().filter_map(|jwk| Some((jwk.common.key_id.clone()?, DecodingKey::from_jwk(jwk).ok()?))).collect()
}

pub struct JwtVerifier {
    settings: JwtSettings,
    cache: RwLock<KeyCache>,
    /// Held by the one request that fetches the JWKS; never while the cache is locked.
    fetching: Mutex<()>,
}

impl JwtVerifier {
    pub fn new(settings: JwtSettings) -> Self {
        Self { settings, cache: RwLock::new(KeyCache::default()), fetching: Mutex::new(()) }
    }

    /// A verifier that starts with `keys` as if it had just fetched them (for the fuzz target
    /// of untrusted tokens, which must not reach for a network).
    pub fn with_keys(settings: JwtSettings, keys: &JwkSet) -> Self {
        let verifier = Self::new(settings);
        let cache =
            KeyCache { keys: decoding_keys(keys), next_fetch: Some(Instant::now() + REFETCH_INTERVAL), failures: 0 };
        Self { cache: RwLock::new(cache), ..verifier }
    }

    pub async fn verify(&self, token: &str) -> Result<Staff, AuthError> {
        let header = decode_header(token).map_err(|_| AuthError::Invalid("malformed"))?;
        if header.alg != Algorithm::RS256 {
            return Err(AuthError::Invalid("wrong algorithm"));
        }
        let kid = header.kid.ok_or(AuthError::Invalid("no key id"))?;
        let key = self.key(&kid).await?;

        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.settings.issuer]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        validation.leeway = LEEWAY_SECS;
        // Checked below, with `token_use`: `aud` may be one string or a list.
        validation.validate_aud = false;
        let claims = decode::<Claims>(token, &key, &validation)
            .map_err(|err| {
                use jsonwebtoken::errors::ErrorKind;
                AuthError::Invalid(match err.kind() {
                    ErrorKind::ExpiredSignature => "expired",
                    ErrorKind::InvalidIssuer => "wrong issuer",
                    ErrorKind::InvalidSignature => "bad signature",
                    ErrorKind::MissingRequiredClaim(_) => "missing claim",
                    _ => "undecodable",
                })
            })?
            .claims;

        if claims.token_use.as_deref() != Some("id") {
            return Err(AuthError::Invalid("not an ID token"));
        }
        if !claims.aud.as_ref().is_some_and(|aud| aud.contains(&self.settings.audience)) {
            return Err(AuthError::Invalid("wrong audience"));
        }
        Ok(Staff {
            username: claims
                .name
                .filter(|n| !n.trim().is_empty())
                .or(claims.cognito_username)
                .or(claims.username)
                .unwrap_or_else(|| claims.sub.clone()),
            subject: claims.sub,
            groups: claims.groups,
            email: claims.email.filter(|_| claims.email_verified.as_ref().is_some_and(BoolOrString::is_true)),
        })
    }

    async fn key(&self, kid: &str) -> Result<DecodingKey, AuthError> {
        if let Some(key) = self.cache.read().await.keys.get(kid) {
            return Ok(key.clone());
        }
        // One fetch at a time; requests whose key is cached never wait for it.
        let _fetching = self.fetching.lock().await;
        {
            let cache = self.cache.read().await;
            if let Some(key) = cache.keys.get(kid) {
                return Ok(key.clone());
            }
            if !cache.may_fetch(Instant::now()) {
                return Err(cache.missing());
            }
        }
        let fetched = self.fetch().await;
        let mut cache = self.cache.write().await;
        let now = Instant::now();
        match fetched {
            Ok(set) => {
                cache.keys = decoding_keys(&set);
                cache.failures = 0;
                cache.next_fetch = Some(now + REFETCH_INTERVAL);
            }
            Err(err) => {
                cache.failures += 1;
                cache.next_fetch = Some(now + backoff(cache.failures));
                return Err(err);
            }
        }
        cache.keys.get(kid).cloned().ok_or(AuthError::Invalid("unknown key id"))
    }

    async fn fetch(&self) -> Result<JwkSet, AuthError> {
        let request = http::Request::get(&self.settings.jwks_url).body(Default::default()).map_err(|_| {
            tracing::error!("the JWKS address is not a URL");
            AuthError::KeysUnavailable
        })?;
        let answer = crate::tls::send(request).await.map_err(|err| {
            tracing::error!(error = %err, "fetching the JWKS failed");
            AuthError::KeysUnavailable
        })?;
        if !answer.status.is_success() {
            tracing::error!(status = %answer.status, "fetching the JWKS failed");
            return Err(AuthError::KeysUnavailable);
        }
        answer.json::<JwkSet>().map_err(|err| {
            tracing::error!(error = %err, "the JWKS is unreadable");
            AuthError::KeysUnavailable
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use tokio::io::AsyncWriteExt;

    use super::*;

    /// A JWKS host that fails every request, counting them.
    async fn failing_host() -> (String, Arc<AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/jwks.json", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = hits.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                counted.fetch_add(1, Ordering::SeqCst);
                let _ = socket.write_all(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n\r\n").await;
            }
        });
        (url, hits)
    }

    fn token_with_kid(kid: &str) -> String {
        let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#));
        format!("{header}.e30.c2ln")
    }

    #[tokio::test]
    async fn a_failed_fetch_backs_off_instead_of_fetching_for_every_request() {
        let (jwks_url, hits) = failing_host().await;
        let settings = JwtSettings { issuer: "https://issuer".into(), audience: "client".into(), jwks_url };
        let verifier = JwtVerifier::new(settings);
        for kid in ["a", "b", "c", "d"] {
            assert_eq!(verifier.verify(&token_with_kid(kid)).await, Err(AuthError::KeysUnavailable));
        }
        assert_eq!(hits.load(Ordering::SeqCst), 1, "one fetch, then the back-off answers");
        assert_eq!(
            (backoff(1), backoff(2), backoff(3)),
            (Duration::from_secs(1), Duration::from_secs(2), Duration::from_secs(4))
        );
        assert_eq!(backoff(30), REFETCH_INTERVAL);
    }
}
