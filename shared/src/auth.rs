//! Staff authentication: RS256 JWTs issued by the Cognito user pool (or, locally, by the stack's
//! `/dev/login`), checked for signature, issuer, audience, expiry and `cognito:groups`.
//!
//! The signing keys come from the issuer's JWKS, fetched on first use and cached for the life
//! of the process; an unknown key id (a rotation) refetches, at most once a minute, so a stream
//! of forged key ids cannot turn us into a load generator against the JWKS host.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;
use tokio::sync::RwLock;

pub const MODERATORS: &str = "moderators";
pub const ADMINS: &str = "admins";

const REFETCH_INTERVAL: Duration = Duration::from_secs(60);
const LEEWAY_SECS: u64 = 30;

#[derive(Clone, Debug)]
pub struct JwtSettings {
    pub issuer: String,
    /// The user pool app client id: `aud` of ID tokens, `client_id` of access tokens.
    pub audience: String,
    pub jwks_url: String,
}

/// A signed-in member of staff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    pub subject: String,
    pub username: String,
    pub groups: Vec<String>,
}

impl Staff {
    pub fn is_in(&self, group: &str) -> bool {
        self.groups.iter().any(|g| g == group)
    }

    /// How the audit trail names them.
    pub fn actor(&self) -> crate::domain::moderation::Actor {
        crate::domain::moderation::Actor { id: self.subject.clone(), name: self.username.clone() }
    }

    /// Moderators and admins both run the admin side.
    pub fn may_moderate(&self) -> bool {
        self.is_in(MODERATORS) || self.is_in(ADMINS)
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
    #[serde(rename = "cognito:groups", default)]
    groups: Vec<String>,
    #[serde(default)]
    aud: Option<OneOrMany>,
    client_id: Option<String>,
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
    fetched_at: Option<Instant>,
}

/// The usable keys of a set, by key id.
fn decoding_keys(set: &JwkSet) -> HashMap<String, DecodingKey> {
    set.keys.iter().filter_map(|jwk| Some((jwk.common.key_id.clone()?, DecodingKey::from_jwk(jwk).ok()?))).collect()
}

pub struct JwtVerifier {
    settings: JwtSettings,
    http: reqwest::Client,
    cache: RwLock<KeyCache>,
}

impl JwtVerifier {
    pub fn new(settings: JwtSettings) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .expect("the HTTP client's TLS setup is static");
        Self { settings, http, cache: RwLock::new(KeyCache::default()) }
    }

    /// A verifier that starts with `keys` as if it had just fetched them (for the fuzz target
    /// of untrusted tokens, which must not reach for a network).
    pub fn with_keys(settings: JwtSettings, keys: &JwkSet) -> Self {
        let verifier = Self::new(settings);
        let cache = KeyCache { keys: decoding_keys(keys), fetched_at: Some(Instant::now()) };
        Self { cache: RwLock::new(cache), ..verifier }
    }

    /// Its HTTP client (5-second timeout, rustls), for the process's other calls to the user
    /// pool: one client, one TLS setup per cold start.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
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
        // Checked below: Cognito access tokens carry `client_id` where ID tokens carry `aud`.
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

        let audience = &self.settings.audience;
        let for_us = claims.aud.as_ref().is_some_and(|aud| aud.contains(audience))
            || claims.client_id.as_deref() == Some(audience.as_str());
        if !for_us {
            return Err(AuthError::Invalid("wrong audience"));
        }
        Ok(Staff {
            username: claims.cognito_username.or(claims.username).unwrap_or_else(|| claims.sub.clone()),
            subject: claims.sub,
            groups: claims.groups,
        })
    }

    async fn key(&self, kid: &str) -> Result<DecodingKey, AuthError> {
        if let Some(key) = self.cache.read().await.keys.get(kid) {
            return Ok(key.clone());
        }
        let mut cache = self.cache.write().await;
        let stale = cache.fetched_at.is_none_or(|at| at.elapsed() >= REFETCH_INTERVAL);
        if !cache.keys.contains_key(kid) && stale {
            cache.keys = decoding_keys(&self.fetch().await?);
            cache.fetched_at = Some(Instant::now());
        }
        cache.keys.get(kid).cloned().ok_or(AuthError::Invalid("unknown key id"))
    }

    async fn fetch(&self) -> Result<JwkSet, AuthError> {
        let fetched =
            async { self.http.get(&self.settings.jwks_url).send().await?.error_for_status()?.json::<JwkSet>().await };
        fetched.await.map_err(|err| {
            tracing::error!(error = %err, "fetching the JWKS failed");
            AuthError::KeysUnavailable
        })
    }
}
