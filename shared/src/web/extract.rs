//! Extractors whose refusals speak the error format of [`crate::error`].

use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::AppError;
use crate::app::tell::IdempotencyKey;
use crate::auth::{AuthError, JwtVerifier, Staff};

/// The admin page's session cookie, holding the same JWT a script sends as a bearer token.
pub const ADMIN_COOKIE: &str = "tellcare_admin";

/// Where a staff page without a session sends the person: the admin function's start of a
/// sign-in through the hosted UI.
pub const SIGN_IN_PATH: &str = "/admin/login";

/// JSON in and out. A body that is not JSON is 400; JSON of the wrong shape is 422.
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(JsonRejection::JsonDataError(err)) => {
                Err(AppError::Invalid(vec![crate::domain::FieldError::new("body", err.body_text())]))
            }
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(AppError::BadRequest(crate::i18n::text("error-send-json")))
            }
            Err(rejection) if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::TooLarge(format!("The body is larger than {} KiB.", super::routes::BODY_LIMIT / 1024)))
            }
            Err(rejection) => {
                Err(AppError::BadRequest(format!("The body is not valid JSON: {}", rejection.body_text())))
            }
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A submitted HTML form (`application/x-www-form-urlencoded`), with repeated fields read into
/// lists. Its refusals are pages.
pub struct HtmlForm<T>(pub T);

impl<T, S> FromRequest<S> for HtmlForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = super::PageError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = request
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest(crate::i18n::text("error-send-form")).into());
        }
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge(format!(
                    "What you sent is longer than {} KiB. Please shorten your story and send it again.",
                    super::routes::BODY_LIMIT / 1024
                ))
            } else {
                AppError::BadRequest(crate::i18n::text("error-form-unreadable"))
            }
        })?;
        serde_html_form::from_bytes(&bytes)
            .map(HtmlForm)
            .map_err(|_| AppError::BadRequest(crate::i18n::text("error-form-unreadable")).into())
    }
}

/// A signed-in moderator or admin. No token: 401; a token of no staff group: 403.
pub struct StaffUser(pub Staff);

/// Anyone signed in: Tellcare's own staff, or a member of a service's staff, whose rights the
/// handler checks against the service it touches ([`super::check_manages`]).
pub struct SignedIn(pub Staff);

/// Anyone signed in on the staff pages, by the session cookie (and its token, for the CSRF
/// check). Without a valid one the person is sent to sign in.
pub struct SessionCookie {
    pub staff: Staff,
    pub token: String,
}

impl SessionCookie {
    pub fn nav(&self) -> super::AdminNav {
        super::AdminNav::of(&self.staff, &self.token)
    }
}

impl<S> FromRequestParts<S> for SessionCookie
where
    S: Send + Sync,
    Arc<JwtVerifier>: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let sign_in = || axum::response::Redirect::to(SIGN_IN_PATH).into_response();
        let token = cookie(parts, ADMIN_COOKIE).ok_or_else(sign_in)?;
        match Arc::<JwtVerifier>::from_ref(state).verify(&token).await {
            Ok(staff) => Ok(SessionCookie { staff, token }),
            Err(AuthError::KeysUnavailable) => Err(super::PageError(AppError::Unavailable).into_response()),
            Err(AuthError::Invalid(_)) => Err(sign_in()),
        }
    }
}

/// The account a request's token (the bearer token, or the session cookie) names.
async fn verified<S>(parts: &Parts, state: &S) -> Result<Staff, AppError>
where
    Arc<JwtVerifier>: FromRef<S>,
{
    let token = bearer_token(parts)
        .or_else(|| cookie(parts, ADMIN_COOKIE))
        .ok_or_else(|| AppError::Unauthorized(crate::i18n::text("error-sign-in")))?;
    let verifier = Arc::<JwtVerifier>::from_ref(state);
    verifier.verify(&token).await.map_err(|err| match err {
        AuthError::KeysUnavailable => AppError::Unavailable,
        AuthError::Invalid(reason) => {
            tracing::info!(reason, "refused a staff token");
            AppError::Unauthorized(crate::i18n::text("error-sign-in-expired"))
        }
    })
}

impl<S> FromRequestParts<S> for StaffUser
where
    S: Send + Sync,
    Arc<JwtVerifier>: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let staff = verified(parts, state).await?;
        if !staff.may_moderate() {
            return Err(AppError::Forbidden(crate::i18n::text("error-not-moderator")));
        }
        Ok(StaffUser(staff))
    }
}

impl<S> FromRequestParts<S> for SignedIn
where
    S: Send + Sync,
    Arc<JwtVerifier>: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(SignedIn(verified(parts, state).await?))
    }
}

/// A service id from a path: one that cannot be an id names no service, so it is 404 too.
pub fn service_id(raw: &str) -> Result<crate::domain::ServiceId, AppError> {
    raw.parse().map_err(|_| no_service())
}

/// The request's `Idempotency-Key` header, if it sent one, in `scope`.
pub fn idempotency_key(scope: &str, headers: &HeaderMap) -> Result<Option<IdempotencyKey>, AppError> {
    let value = headers.get("idempotency-key");
    Ok(value.map(|value| IdempotencyKey::parse(scope, value.to_str().unwrap_or_default())).transpose()?)
}

pub fn no_service() -> AppError {
    AppError::NotFound(crate::i18n::text("error-no-service"))
}

fn bearer_token(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned()).filter(|t| !t.is_empty())
}

/// A cookie the request carries, by name.
pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    cookie_in(&parts.headers, name)
}

/// A `Set-Cookie` value: always `HttpOnly`, `Secure` wherever the site is served over HTTPS.
/// `max_age` 0 clears it. Values are tokens, ids and hex, so always a valid header.
pub fn set_cookie(
    name: &str,
    value: &str,
    path: &str,
    same_site: &str,
    max_age: u32,
    secure: bool,
) -> axum::http::HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{name}={value}; Path={path}; HttpOnly; SameSite={same_site}; Max-Age={max_age}{secure}");
    axum::http::HeaderValue::from_str(&cookie).expect("cookie values are tokens, ids and hex")
}

pub fn cookie_in(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}
