//! One moderation action, the same from the JSON routes and the admin page: read the story,
//! check the version the moderator saw and the state machine, apply the edit, and write the
//! story with its audit entry in one conditional transaction.

use serde::Deserialize;
use time::OffsetDateTime;

use crate::AppError;
use crate::domain::moderation::{Action, Actor, AuditEntry, StoryEdit, StoryEditInput, note};
use crate::domain::story::StoryStatus;
use crate::domain::{FieldError, FieldErrors, StoryId};
use crate::store::{ModerationWriteError, Store, StoreError, StoryRecord};

/// An action as sent: the version the moderator read, the edit that goes with it, and the
/// words the action needs (`reason` to reject, `note` to hold, `message` to ask the author).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ModerationInput {
    pub version: Option<u64>,
    #[serde(flatten)]
    pub edit: StoryEditInput,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub message: Option<String>,
}

/// A checked action.
pub struct Moderation {
    pub action: Action,
    pub version: u64,
    pub edit: StoryEdit,
    pub note: Option<String>,
}

impl Moderation {
    pub fn parse(action: Action, input: &ModerationInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let version = errors.check("version", input.version.ok_or_else(|| "Send the version you read".to_owned()));
        let edit = StoryEdit::parse(&input.edit).map_err(|e| errors.0.extend(e.0)).ok();
        let note = action.note_field().map(|field| {
            let raw = match field {
                "reason" => &input.reason,
                "note" => &input.note,
                _ => &input.message,
            };
            errors.check(field, note(raw.as_deref().unwrap_or_default(), action))
        });
        errors.into_result(|| Moderation {
            action,
            version: version.expect("checked"),
            edit: edit.expect("checked"),
            note: note.flatten(),
        })
    }
}

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
            current.story.version
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
    if before.version != moderation.version {
        return Err(ModerateError::Stale { read: moderation.version, current: Box::new(record) });
    }
    let status = moderation.action.next_status(before.status).map_err(ModerateError::NotAllowed)?;
    if moderation.action == Action::ContactAuthor && record.contact().author_email.is_none() {
        return Err(ModerateError::NotAllowed(
            "The author left no email address, so they cannot be asked. Hold the story or decide without them.".into(),
        ));
    }
    let mut after = before.clone();
    let changes = moderation.edit.apply(&mut after);
    if moderation.action == Action::Edit && changes.is_empty() {
        return Ok(record);
    }
    after.version += 1;
    if status != before.status {
        after.status = status;
        after.status_since = Some(now);
        if status == StoryStatus::Published {
            after.published_at = Some(now);
        }
    }
    let entry = AuditEntry {
        action: moderation.action.event(),
        by: actor.id.clone(),
        by_name: actor.name.clone(),
        at: now,
        version: after.version,
        from_status: (status != before.status).then_some(before.status),
        to_status: (status != before.status).then_some(status),
        changes,
        note: moderation.note,
        item: None,
    };
    // A published story's services are named on its tags, for the public pages.
    let names = if after.status == StoryStatus::Published {
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
            Err(ModerateError::Stale { read: moderation.version, current: Box::new(current) })
        }
        Err(ModerationWriteError::ServicesMissing(ids)) => {
            let list = ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
            Err(ModerateError::Invalid(vec![FieldError::new("service_ids", format!("No service has the id {list}"))]))
        }
        Err(ModerationWriteError::Store(err)) => Err(err.into()),
    }
}
