//! The error type of every handler, and the one place it becomes an HTTP answer:
//! `{"error": {"code", "message", "fields"?}}` with the status API.md gives each kind.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::domain::{FieldError, FieldErrors};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request could not be read at all (bad JSON, wrong content type).
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("this route does not accept {0}")]
    MethodNotAllowed(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Gone(String),
    #[error("{0}")]
    TooLarge(String),
    /// Readable, but some fields break the rules.
    #[error("some fields need correcting")]
    Invalid(Vec<FieldError>),
    #[error("too many requests; try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: u64 },
    /// A dependency (DynamoDB, SES) is throttling or down after the SDK's own retries.
    #[error("the service is busy; please try again in a moment")]
    Unavailable,
    /// Our fault. The detail is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(err: impl std::fmt::Display) -> Self {
        AppError::Internal(err.to_string())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) => "bad_request",
            AppError::Unauthorized(_) => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::NotFound(_) => "not_found",
            AppError::MethodNotAllowed(_) => "method_not_allowed",
            AppError::Conflict(_) => "conflict",
            AppError::Gone(_) => "gone",
            AppError::TooLarge(_) => "payload_too_large",
            AppError::Invalid(_) => "validation_failed",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Unavailable => "unavailable",
            AppError::Internal(_) => "internal",
        }
    }

    /// What the client is told: everything but an internal error's detail.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Internal(_) => {
                "Something went wrong on our side. Nothing you sent was lost; please try again.".into()
            }
            other => other.to_string(),
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(errors: FieldErrors) -> Self {
        AppError::Invalid(errors.0)
    }
}

#[derive(Serialize)]
struct Envelope<'a> {
    error: Body<'a>,
}

#[derive(Serialize)]
struct Body<'a> {
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<&'a [FieldError]>,
}

impl AppError {
    /// Logs what the operator must see: our faults and unavailable dependencies.
    pub fn log(&self) {
        match self {
            AppError::Internal(detail) => tracing::error!(error.detail = %detail, "internal error"),
            AppError::Unavailable => tracing::warn!("dependency unavailable after retries"),
            _ => {}
        }
    }

    /// Seconds a client should wait before trying again, where that is the answer.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            AppError::Unavailable => Some(1),
            _ => None,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let fields = match &self {
            AppError::Invalid(fields) => Some(fields.as_slice()),
            _ => None,
        };
        let body = Envelope { error: Body { code: self.code(), message: self.public_message(), fields } };
        let mut response = (self.status(), Json(body)).into_response();
        if let Some(seconds) = self.retry_after() {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn answer(err: AppError) -> (StatusCode, Option<HeaderValue>, serde_json::Value) {
        let response = err.into_response();
        let status = response.status();
        let retry = response.headers().get(header::RETRY_AFTER).cloned();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
        (status, retry, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn validation_errors_list_their_fields() {
        let (status, _, body) = answer(AppError::Invalid(vec![FieldError::new("name", "Enter a name")])).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"]["code"], "validation_failed");
        assert_eq!(body["error"]["fields"][0]["field"], "name");
        assert_eq!(body["error"]["fields"][0]["message"], "Enter a name");
    }

    #[tokio::test]
    async fn rate_limits_say_when_to_retry_and_internals_stay_private() {
        let (status, retry, body) = answer(AppError::RateLimited { retry_after_secs: 30 }).await;
        assert_eq!((status, retry.unwrap().to_str().unwrap()), (StatusCode::TOO_MANY_REQUESTS, "30"));
        assert!(body["error"].get("fields").is_none());

        let (status, _, body) = answer(AppError::internal("table tellcare-secret-name missing")).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!body.to_string().contains("secret"));
    }
}
