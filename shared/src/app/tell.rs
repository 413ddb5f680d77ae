//! Telling a story, the same for every route that takes one: the form, the JSON route, and a
//! moderator typing up a leaflet or a phone call. Stored once, whatever the retries.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::ports::TellStories;
use crate::domain::moderation::{Actor, AuditEntry};
use crate::domain::story::{Arrival, StoryDraft, StoryInput};
use crate::domain::{ServiceId, StoryId};
use crate::store::{StoreError, Submission};

/// A client's promise that requests with the same key are the same request: the JSON
/// route's `Idempotency-Key`, or the form's one-time token.
pub struct IdempotencyKey {
    digest: String,
}

/// A key that is not 1 to 255 visible ASCII characters.
#[derive(Debug, thiserror::Error)]
#[error("an idempotency key is 1 to 255 visible ASCII characters")]
pub struct InvalidKey;

impl IdempotencyKey {
    /// `scope` keeps the form's tokens and the API's keys apart.
    pub fn parse(scope: &str, raw: &str) -> Result<Self, InvalidKey> {
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 255 || !raw.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(InvalidKey);
        }
        let digest = Sha256::digest(format!("{scope}\n{raw}").as_bytes());
        Ok(Self { digest: digest.iter().map(|b| format!("{b:02x}")).collect() })
    }

    /// What the table keeps of the key: its digest, never the key itself.
    pub fn digest(&self) -> &str {
        &self.digest
    }
}

/// Why a story was not stored.
#[derive(Debug, thiserror::Error)]
pub enum TellError {
    /// The key was used before, for a different story.
    #[error("the idempotency key was used for a different story")]
    KeyReused,
    /// The invitation link it came through takes no stories any more.
    #[error("the invitation link takes no stories")]
    LinkClosed,
    /// These services do not exist or are archived.
    #[error("These services do not exist or take no new stories: {}", listed(.0))]
    ServicesClosed(Vec<ServiceId>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn listed(ids: &[ServiceId]) -> String {
    ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// Stores the story once, as told at `now`: a retry with the same key and the same fields
/// answers with the first story's id, and never makes a second.
pub async fn tell(
    store: &impl TellStories,
    draft: StoryDraft,
    input: &StoryInput,
    arrival: Arrival,
    by: &Actor,
    key: Option<IdempotencyKey>,
    now: OffsetDateTime,
) -> Result<StoryId, TellError> {
    let story = draft.clone().into_story(StoryId::on_day_of(now), arrival, now);
    let received = AuditEntry::received(&story, by);
    let submission =
        Submission { story, draft: &draft, received, idempotency: key.map(|k| (k.digest, input.fingerprint())) };
    store.create_story(submission).await
}

/// What the teller is told: the story's reference, waiting for a moderator.
#[derive(serde::Serialize)]
pub struct Submitted {
    pub id: StoryId,
    pub status: crate::domain::story::StoryStatus,
}

impl Submitted {
    pub fn new(id: StoryId) -> Self {
        Self { id, status: crate::domain::story::StoryStatus::AwaitingModeration }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::memory::MemoryStore;
    use crate::app::memory::given::{a_store, input, now};
    use crate::domain::story::Channel;

    async fn tell_with(store: &MemoryStore, input: &StoryInput, key: Option<&str>) -> Result<StoryId, TellError> {
        let draft = StoryDraft::parse(input, None).unwrap();
        let arrival = Arrival { channel: Channel::Web, link: None, tags: vec![] };
        let key = key.map(|k| IdempotencyKey::parse("api", k).unwrap());
        tell(store, draft, input, arrival, &Actor::author(), key, now()).await
    }

    #[tokio::test]
    async fn a_retry_with_the_same_key_answers_with_the_first_story_and_makes_no_second() {
        let (store, service) = a_store();
        let story = input(service, "");
        let first = tell_with(&store, &story, Some("key-1")).await.unwrap();
        assert_eq!(tell_with(&store, &story, Some("key-1")).await.unwrap(), first);
        assert_eq!(store.stories(), 1);
        let other = StoryInput { title: "Another story".into(), ..story.clone() };
        assert!(matches!(tell_with(&store, &other, Some("key-1")).await, Err(TellError::KeyReused)));
        assert_ne!(tell_with(&store, &story, None).await.unwrap(), first, "no key: a second telling is a second story");
        assert_eq!(store.stories(), 2);
    }

    #[tokio::test]
    async fn a_closed_service_and_a_failing_store_are_refused_and_store_nothing() {
        let (store, _) = a_store();
        let archived = ServiceId::generate();
        let store = store.with_service(archived, "Old ward", false);
        let refused = tell_with(&store, &input(archived, ""), None).await;
        assert!(matches!(refused, Err(TellError::ServicesClosed(ids)) if ids == [archived]));
        let (store, service) = a_store();
        store.fail_next_write(StoreError::Unavailable("throttled".into()));
        assert!(matches!(tell_with(&store, &input(service, ""), None).await, Err(TellError::Store(_))));
        assert_eq!(store.stories(), 0);
    }

    #[tokio::test]
    async fn the_first_audit_entry_says_it_was_received_and_keys_are_checked() {
        let (store, service) = a_store();
        let id = tell_with(&store, &input(service, "jo@example.com"), None).await.unwrap();
        let record = store.record(id);
        assert_eq!(record.audit.len(), 1);
        assert_eq!(record.audit[0].kind(), crate::domain::event::EventKind::Received);
        assert_eq!(record.audit[0].to_status, Some(crate::domain::story::StoryStatus::AwaitingModeration));
        assert_eq!(id.time_part(), time::macros::datetime!(2026-11-02 00:00 UTC), "the id keeps the day only");
        assert!(IdempotencyKey::parse("api", " ").is_err() && IdempotencyKey::parse("api", &"k".repeat(256)).is_err());
    }
}
