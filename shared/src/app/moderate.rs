//! Moderating a story, the same from the JSON routes, the admin page and the author's own
//! actions (withdrawing, answering a question): read the story, let the domain decide, and
//! write the story with its audit entry only if nobody changed it since.

use time::OffsetDateTime;

use super::ports::ModerateStories;
use crate::domain::moderation::Actor;
use crate::domain::record::StoryRecord;
use crate::domain::story::StoryStatus;
use crate::domain::transition::{Context, Refusal, Transition, transition};
use crate::domain::{FieldError, Message, StoryId};
use crate::store::{ModerationWriteError, StoreError};

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
    NotAllowed(Message),
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
            message.push_str(&format!(" {} {}", entry.by_name, entry.kind().words()));
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

/// Applies `moderation` to the story `id` as `actor` at `now`, returning the story as it now
/// is. An edit that changes nothing writes nothing.
pub async fn moderate(
    store: &impl ModerateStories,
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
    let names =
        if after.status() == StoryStatus::Published { store.service_names().await? } else { Default::default() };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::memory::given::{a_store, moderated, moderator, now, told};
    use crate::domain::event::EventKind;
    use crate::domain::moderation::{Action, AuditEntry, StoryEditInput};

    fn act(action: Action, version: u64, input: ModerationInput) -> Moderation {
        Moderation::parse(action, &ModerationInput { version: Some(version), ..input }).unwrap()
    }

    #[tokio::test]
    async fn publishing_names_the_services_and_writes_one_audit_entry() {
        let (store, service) = a_store();
        let id = told(&store, service).await;
        let record = moderate(&store, id, act(Action::Publish, 1, ModerationInput::default()), &moderator(), now())
            .await
            .unwrap();
        assert_eq!((record.story.status(), record.story.version()), (StoryStatus::Published, 2));
        let stored = store.record(id);
        assert_eq!(stored.services, [(service, "Ward 7".to_owned())]);
        let kinds: Vec<EventKind> = stored.audit.iter().map(AuditEntry::kind).collect();
        assert_eq!(kinds, [EventKind::Received, EventKind::Published]);
    }

    #[tokio::test]
    async fn a_stale_version_and_a_moderator_who_got_in_first_are_both_stale_with_the_story_as_it_is() {
        let (store, service) = a_store();
        let id = told(&store, service).await;
        moderated(
            &store,
            id,
            Action::Hold,
            ModerationInput { note: Some("Ask the ward.".into()), ..Default::default() },
        )
        .await;
        let stale =
            moderate(&store, id, act(Action::Publish, 1, ModerationInput::default()), &moderator(), now()).await;
        let Err(ModerateError::Stale { read: 1, current }) = stale else { panic!("stale: {stale:?}") };
        assert_eq!(current.story.version(), 2);
        assert!(ModerateError::stale_message(1, &current).contains("sam held"));

        store.moderator_gets_in_first(id);
        let raced = moderate(&store, id, act(Action::Reopen, 2, ModerationInput::default()), &moderator(), now()).await;
        assert!(matches!(raced, Err(ModerateError::Stale { read: 2, .. })), "{raced:?}");
        assert_eq!(store.record(id).story.status(), StoryStatus::OnHold, "the losing write changed nothing");
    }

    #[tokio::test]
    async fn an_edit_that_changes_nothing_writes_nothing_and_a_failed_write_is_reported() {
        let (store, service) = a_store();
        let id = told(&store, service).await;
        let same = ModerationInput {
            edit: StoryEditInput { title: Some("Kind night staff".into()), ..Default::default() },
            ..Default::default()
        };
        moderate(&store, id, act(Action::Edit, 1, same), &moderator(), now()).await.unwrap();
        assert_eq!((store.record(id).audit.len(), store.record(id).story.version()), (1, 1));
        store.fail_next_write(StoreError::Unavailable("throttled".into()));
        let failed =
            moderate(&store, id, act(Action::Publish, 1, ModerationInput::default()), &moderator(), now()).await;
        assert!(matches!(failed, Err(ModerateError::Store(StoreError::Unavailable(_)))), "{failed:?}");
        assert_eq!(store.record(id).story.status(), StoryStatus::AwaitingModeration);
    }

    #[tokio::test]
    async fn tagging_a_service_that_does_not_exist_is_a_field_error() {
        let (store, service) = a_store();
        let id = told(&store, service).await;
        let nowhere = crate::domain::ServiceId::generate();
        let edit = ModerationInput {
            edit: StoryEditInput { service_ids: Some(vec![nowhere.to_string()]), ..Default::default() },
            ..Default::default()
        };
        let refused = moderate(&store, id, act(Action::Edit, 1, edit), &moderator(), now()).await;
        assert!(
            matches!(&refused, Err(ModerateError::Invalid(fields)) if fields[0].field == "service_ids"),
            "{refused:?}"
        );
    }
}
