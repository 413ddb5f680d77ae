//! One moderation action, the same from the JSON routes and the admin page: read the story,
//! check the version the moderator saw and the state machine, apply the edit, and write the
//! story with its audit entry in one conditional transaction.

use time::OffsetDateTime;

use crate::AppError;
use crate::domain::moderation::Actor;
use crate::domain::record::StoryRecord;
use crate::domain::story::StoryStatus;
use crate::domain::transition::{Context, Refusal, Transition, transition};
use crate::domain::{FieldError, StoryId};
use crate::store::{ModerationWriteError, Store, StoreError};

pub use crate::domain::transition::{Moderation, ModerationInput};

#[derive(Debug, thiserror::Error)]
pub enum ModerateError {
    #[error("no story has this id")]
    NotFound,
    /// The moderator read `read`; the story is now as in `current`.
    #[error("someone else changed the story first")]
    Stale { read: u64, current: Box<StoryRecord> },
    /// The state machine refuses the action, for this reason.
    #[error("{0}")]
    NotAllowed(String),
    #[error("some fields need correcting")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ModerateError {
    /// What someone else did since `read`, in words: who, what, which fields.
    pub fn stale_message(read: u64, current: &StoryRecord) -> String {
        let mut message = format!(
            "Someone else changed this story after you opened it (you read version {read}; it is now version {}).",
            current.story.version()
        );
        for entry in current.changes_since(read) {
            message.push_str(&format!(" {} {}", entry.by_name, entry.action.words()));
            if !entry.changes.is_empty() {
                let fields: Vec<&str> = entry.changes.iter().map(|c| c.field.as_str()).collect();
                message.push_str(&format!(" (changed {})", fields.join(", ")));
            }
            message.push('.');
        }
        message.push_str(" Reload the story and make your change again.");
        message
    }
}

impl From<ModerateError> for AppError {
    fn from(err: ModerateError) -> Self {
        match err {
            ModerateError::NotFound => AppError::NotFound("No story has this id.".into()),
            ModerateError::Stale { read, current } => AppError::Conflict(ModerateError::stale_message(read, &current)),
            ModerateError::NotAllowed(why) => AppError::Conflict(why),
            ModerateError::Invalid(fields) => AppError::Invalid(fields),
            ModerateError::Store(err) => err.into(),
        }
    }
}

/// Applies `moderation` to the story `id` as `actor` at `now`, returning the story as it now
/// is. An edit that changes nothing writes nothing.
pub async fn moderate(
    store: &Store,
    id: StoryId,
    moderation: Moderation,
    actor: &Actor,
    now: OffsetDateTime,
) -> Result<StoryRecord, ModerateError> {
    let record = store.story_record(id).await?.ok_or(ModerateError::NotFound)?;
    let before = &record.story;
    let read = moderation.version;
    let context = Context { by: actor, at: now, author_can_be_asked: record.contact().author_email.is_some() };
    let (after, entry) = match transition(before, moderation, &context) {
        Ok(Transition::Changed { after, entry }) => (*after, entry),
        Ok(Transition::Unchanged) => return Ok(record),
        Err(Refusal::Stale { read }) => return Err(ModerateError::Stale { read, current: Box::new(record) }),
        Err(Refusal::NotAllowed(why)) => return Err(ModerateError::NotAllowed(why)),
    };
    // A published story's services are named on its tags, for the public pages.
    let names = if after.status() == StoryStatus::Published {
        store.list_services().await?.into_iter().map(|s| (s.id, s.name)).collect()
    } else {
        Default::default()
    };
    match store.record_moderation(before, &after, entry.clone(), &names).await {
        Ok(()) => {
            let mut record = record;
            record.story = after;
            record.audit.push(entry);
            Ok(record)
        }
        Err(ModerationWriteError::Stale) => {
            let current = store.story_record(id).await?.ok_or(ModerateError::NotFound)?;
            Err(ModerateError::Stale { read, current: Box::new(current) })
        }
        Err(ModerationWriteError::ServicesMissing(ids)) => {
            let list = ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
            Err(ModerateError::Invalid(vec![FieldError::new("service_ids", format!("No service has the id {list}"))]))
        }
        Err(ModerationWriteError::Store(err)) => Err(err.into()),
    }
}
