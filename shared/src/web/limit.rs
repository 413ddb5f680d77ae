//! Rate limits per client: a DynamoDB counter per window under a salted digest of the
//! client's address, so the table never holds an address.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use lambda_http::request::RequestContext;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::edge::ViewerAddress;
use crate::AppError;
use crate::store::Store;

/// The address a request came from, as API Gateway saw it (its request context), or behind
/// the CDN as CloudFront saw it ([`super::edge`]): never a header a client could set.
#[derive(Clone, Debug)]
pub struct ClientAddress(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        if let Some(ViewerAddress(address)) = parts.extensions.get::<ViewerAddress>() {
            return Ok(ClientAddress(Some(address.clone())));
        }
        let address = match parts.extensions.get::<RequestContext>() {
            Some(RequestContext::ApiGatewayV2(context)) => context.http.source_ip.clone(),
            _ => None,
        };
        Ok(ClientAddress(address))
    }
}

/// At most `limit` requests per client in each window of `window_secs`.
#[derive(Clone)]
pub struct RateLimiter {
    store: Store,
    scope: &'static str,
    limit: u64,
    window_secs: i64,
    /// The day's salt, read once per day per process.
    salt: Arc<Mutex<Option<(time::Date, String)>>>,
}

impl RateLimiter {
    pub fn new(store: Store, scope: &'static str, limit: u64, window_secs: i64) -> Self {
        Self { store, scope, limit, window_secs, salt: Arc::default() }
    }

    /// Counts this request; 429 with the seconds to the next window once over the limit.
    pub async fn check(&self, client: &ClientAddress) -> Result<(), AppError> {
        let now = OffsetDateTime::now_utc();
        let salt = self.salt_of(now).await?;
        let address = client.0.as_deref().unwrap_or("unknown");
        let digest = Sha256::digest(format!("{salt}\n{}\n{address}", self.scope).as_bytes());
        let digest: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        let window = now.unix_timestamp().div_euclid(self.window_secs);
        let window_end = (window + 1) * self.window_secs;
        let hits = self.store.count_request(&digest, window, window_end + 60).await?;
        if hits > self.limit {
            let retry_after_secs = (window_end - now.unix_timestamp()).max(1) as u64;
            tracing::info!(scope = self.scope, retry_after_secs, "rate limited a client");
            return Err(AppError::RateLimited { retry_after_secs });
        }
        Ok(())
    }

    async fn salt_of(&self, now: OffsetDateTime) -> Result<String, AppError> {
        let today = now.date();
        if let Some((day, salt)) = self.salt.lock().expect("salt lock").as_ref()
            && *day == today
        {
            return Ok(salt.clone());
        }
        let candidate = crate::random::hex(32);
        let expires = (now + time::Duration::days(2)).unix_timestamp();
        let salt = self.store.daily_salt(&today.to_string(), &candidate, expires).await?;
        *self.salt.lock().expect("salt lock") = Some((today, salt.clone()));
        Ok(salt)
    }
}
