//! What an author does from their page: reply (to the answers, or to a moderator's question),
//! withdraw the story, and have their email address forgotten.

use time::OffsetDateTime;

use super::moderate::{ModerateError, Moderation, ModerationInput, moderate};
use super::ports::{Erasures, ModerateStories, Replies};
use crate::domain::ReplyId;
use crate::domain::event::Event;
use crate::domain::moderation::{Action, Actor, AuditEntry};
use crate::domain::record::StoryRecord;
use crate::domain::response::{Reply, ReplyStatus};
use crate::domain::story::StoryStatus;
use crate::store::{FollowUpError, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum AuthorError {
    /// The author withdrew the story: nothing more goes to it.
    #[error("the story was withdrawn")]
    Withdrawn,
    #[error(transparent)]
    Moderation(#[from] ModerateError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Keeps the author's reply for the moderators; a reply to a moderator's question also puts
/// the story back in their queue. The same form sent twice (`once`) keeps one reply.
pub async fn reply(
    store: &(impl Replies + ModerateStories),
    record: &StoryRecord,
    body: String,
    once: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), AuthorError> {
    if record.story.status() == StoryStatus::Withdrawn {
        return Err(AuthorError::Withdrawn);
    }
    let reply = Reply {
        id: ReplyId::on_day_of(now),
        story_id: record.story.id(),
        body,
        language: crate::i18n::current(),
        status: ReplyStatus::AwaitingModeration,
        received_at: now,
        published_at: None,
    };
    let entry = AuditEntry::of(Event::ReplyReceived { reply: reply.id }, &Actor::author(), now, record.story.version());
    match store.add_reply(&reply, entry, once).await {
        Ok(()) => {}
        // A double tap: the first send kept the reply, and did the rest.
        Err(FollowUpError::SentBefore(_)) => return Ok(()),
        Err(FollowUpError::Store(err)) => return Err(err.into()),
        Err(refused) => return Err(StoreError::other(format!("a reply was refused: {refused}")).into()),
    }
    if record.story.status() == StoryStatus::AwaitingAuthor {
        author_action(store, record, Action::AuthorReplied, now).await?;
    }
    Ok(())
}

/// Takes the story off every public page; what was sent stays sent. A second tap has nothing
/// left to do.
pub async fn withdraw(
    store: &impl ModerateStories,
    record: &StoryRecord,
    now: OffsetDateTime,
) -> Result<(), AuthorError> {
    if record.story.status() != StoryStatus::Withdrawn {
        author_action(store, record, Action::Withdraw, now).await?;
    }
    Ok(())
}

/// Deletes the author's email address at once, audited without it; whether there was one.
pub async fn forget_email(
    store: &impl Erasures,
    record: &StoryRecord,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    let entry = AuditEntry::of(Event::AuthorEmailForgotten, &Actor::author(), now, record.story.version());
    let forgotten = store.forget_author_email(record.story.id(), entry).await?;
    tracing::info!(story = %record.story.id(), "the author's email address was forgotten on request");
    Ok(forgotten)
}

/// An action of the author through the one state machine, retried once if a moderator changed
/// the story at the same moment.
async fn author_action(
    store: &impl ModerateStories,
    record: &StoryRecord,
    action: Action,
    now: OffsetDateTime,
) -> Result<(), ModerateError> {
    let mut version = record.story.version();
    for attempt in 0..2 {
        let input = ModerationInput { version: Some(version), ..ModerationInput::default() };
        let moderation = Moderation::parse(action, &input).map_err(|e| ModerateError::Invalid(e.0))?;
        match moderate(store, record.story.id(), moderation, &Actor::author(), now).await {
            Ok(_) => return Ok(()),
            // A double tap: the first withdrawal got there, and this one has nothing left to do.
            Err(ModerateError::Stale { current, .. })
                if action == Action::Withdraw && current.story.status() == StoryStatus::Withdrawn =>
            {
                return Ok(());
            }
            Err(ModerateError::Stale { current, .. }) if attempt == 0 => version = current.story.version(),
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::memory::given::{a_store, moderated, now, told};
    use crate::domain::event::EventKind;

    fn kinds(record: &StoryRecord) -> Vec<EventKind> {
        record.audit.iter().map(AuditEntry::kind).collect()
    }

    #[tokio::test]
    async fn withdrawing_twice_withdraws_once_and_forgets_the_author() {
        let (store, service) = a_store();
        let id = told(&store, service).await;
        let record = store.record(id);
        withdraw(&store, &record, now()).await.unwrap();
        // The second tap read the story before the first was written.
        withdraw(&store, &record, now()).await.unwrap();
        let stored = store.record(id);
        assert_eq!(stored.story.status(), StoryStatus::Withdrawn);
        assert_eq!(kinds(&stored).iter().filter(|k| **k == EventKind::Withdrawn).count(), 1);
        assert_eq!(stored.contact().author_email, None, "a withdrawal forgets the address");
    }

    #[tokio::test]
    async fn a_withdrawal_that_meets_a_moderators_change_is_tried_again() {
        let (store, service) = a_store();
        let id = told(&store, service).await;
        let record = store.record(id);
        // A moderator's edit lands between the withdrawal's read and its write.
        store.moderator_gets_in_first(id);
        withdraw(&store, &record, now()).await.unwrap();
        assert_eq!(store.record(id).story.status(), StoryStatus::Withdrawn);
    }

    #[tokio::test]
    async fn a_reply_to_a_question_goes_back_to_the_queue_once_however_often_it_is_sent() {
        let (store, service) = a_store();
        let id = told(&store, service).await;
        let ask = ModerationInput { message: Some("Which ward was it?".into()), ..Default::default() };
        let asked = moderated(&store, id, Action::ContactAuthor, ask).await;
        assert_eq!(asked.story.status(), StoryStatus::AwaitingAuthor);
        for _ in 0..2 {
            reply(&store, &asked, "It was ward 7, at night.".into(), Some("once-1"), now()).await.unwrap();
        }
        let stored = store.record(id);
        assert_eq!(stored.replies.len(), 1);
        assert_eq!(stored.story.status(), StoryStatus::AwaitingModeration);
        assert_eq!(
            kinds(&stored),
            [EventKind::Received, EventKind::AuthorContacted, EventKind::ReplyReceived, EventKind::AuthorReplied]
        );
    }

    #[tokio::test]
    async fn nothing_more_goes_to_a_withdrawn_story_and_an_address_is_forgotten_once() {
        let (store, service) = a_store();
        let id = told(&store, service).await;
        assert!(forget_email(&store, &store.record(id), now()).await.unwrap());
        assert!(!forget_email(&store, &store.record(id), now()).await.unwrap(), "nothing left to forget");
        assert_eq!(kinds(&store.record(id)).iter().filter(|k| **k == EventKind::AuthorEmailForgotten).count(), 1);
        withdraw(&store, &store.record(id), now()).await.unwrap();
        let refused = reply(&store, &store.record(id), "One more thing.".into(), None, now()).await;
        assert!(matches!(refused, Err(AuthorError::Withdrawn)), "{refused:?}");
    }
}
