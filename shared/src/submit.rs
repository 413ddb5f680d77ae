//! Storing a told story, the same for every route that takes one: the form, the JSON route,
//! and a moderator typing up a leaflet or a phone call.

use axum::http::HeaderMap;
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::AppError;
use crate::domain::moderation::Actor;
use crate::domain::story::{Arrival, StoryDraft, StoryInput, StoryStatus};
use crate::domain::{FieldError, StoryId};
use crate::store::{CreateStoryError, Store, Submission};

/// A client's promise that requests with the same key are the same request: the JSON
/// route's `Idempotency-Key`, or the form's one-time token.
pub struct IdempotencyKey {
    digest: String,
}

impl IdempotencyKey {
    /// `scope` keeps the form's tokens and the API's keys apart.
    pub fn parse(scope: &str, raw: &str) -> Result<Self, AppError> {
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 255 || !raw.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(AppError::BadRequest(
                "The Idempotency-Key is 1 to 255 visible ASCII characters, such as a UUID.".into(),
            ));
        }
        let digest = Sha256::digest(format!("{scope}\n{raw}").as_bytes());
        Ok(Self { digest: digest.iter().map(|b| format!("{b:02x}")).collect() })
    }

    /// What the table keeps of the key: its digest, never the key itself.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The request's `Idempotency-Key` header, if it sent one.
    pub fn from_headers(scope: &str, headers: &HeaderMap) -> Result<Option<Self>, AppError> {
        headers.get("idempotency-key").map(|value| Self::parse(scope, value.to_str().unwrap_or_default())).transpose()
    }
}

/// The answer to a story sent as JSON: its reference, waiting for a moderator.
#[derive(Serialize)]
pub struct Submitted {
    pub id: StoryId,
    pub status: StoryStatus,
}

impl Submitted {
    pub fn new(id: StoryId) -> Self {
        Self { id, status: StoryStatus::AwaitingModeration }
    }
}

/// Stores the story once: a retry with the same key and the same fields answers with the
/// first story's id, and never makes a second.
pub async fn submit(
    store: &Store,
    draft: StoryDraft,
    input: &StoryInput,
    arrival: Arrival,
    by: &Actor,
    key: Option<IdempotencyKey>,
) -> Result<StoryId, AppError> {
    let now = OffsetDateTime::now_utc();
    let story = draft.clone().into_story(StoryId::on_day_of(now), arrival, now);
    let submission = Submission { story, draft: &draft, by, idempotency: key.map(|k| (k.digest, input.fingerprint())) };
    match store.create_story(submission).await {
        Ok(id) => Ok(id),
        Err(CreateStoryError::KeyReused) => Err(AppError::Conflict(
            "This Idempotency-Key was already used for a different story. Use a new key for a new story.".into(),
        )),
        Err(CreateStoryError::LinkClosed) => {
            Err(AppError::Gone("This invitation link is not taking stories any more.".into()))
        }
        Err(CreateStoryError::ServicesClosed(ids)) => {
            let list = ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
            Err(AppError::Invalid(vec![FieldError::new(
                "service_ids",
                format!("These services do not exist or take no new stories: {list}"),
            )]))
        }
        Err(CreateStoryError::Store(err)) => Err(err.into()),
    }
}
