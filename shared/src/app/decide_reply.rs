//! A moderator's decision on an author's reply: published under the story, or not.

use time::OffsetDateTime;

use super::ports::{ReadStories, Replies};
use crate::domain::event::Event;
use crate::domain::moderation::{Actor, AuditEntry};
use crate::domain::record::StoryRecord;
use crate::domain::response::ReplyStatus;
use crate::domain::{ReplyId, StoryId};
use crate::store::{FollowUpError, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum DecideReplyError {
    #[error("no story has this id")]
    NoStory,
    #[error("the story has no reply with this id")]
    NoReply,
    /// Someone decided it first.
    #[error("the reply was decided already")]
    Decided,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Publishes the reply (or turns it down) and answers with the record as the write left it.
pub async fn decide_reply(
    store: &(impl ReadStories + Replies),
    by: &Actor,
    story: StoryId,
    reply: ReplyId,
    publish: bool,
    now: OffsetDateTime,
) -> Result<StoryRecord, DecideReplyError> {
    let mut record = store.story_record(story).await?.ok_or(DecideReplyError::NoStory)?;
    let Some(decided) = record.replies.iter_mut().find(|r| r.id == reply) else {
        return Err(DecideReplyError::NoReply);
    };
    let (status, event) = if publish {
        (ReplyStatus::Published, Event::ReplyPublished { reply })
    } else {
        (ReplyStatus::Rejected, Event::ReplyRejected { reply })
    };
    let action = event.kind();
    let entry = AuditEntry::of(event, by, now, record.story.version());
    store.decide_reply(story, reply, status, entry.clone()).await.map_err(|err| match err {
        FollowUpError::Store(err) => DecideReplyError::Store(err),
        _ => DecideReplyError::Decided,
    })?;
    tracing::info!(story = %story, reply = %reply, %action, by = %by.id, "reply decided");
    // The record as the transaction left it, without reading it again.
    decided.status = status;
    decided.published_at = publish.then_some(now);
    record.audit.push(entry);
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::author::reply;
    use crate::app::memory::given::{a_store, moderator, now, published};

    #[tokio::test]
    async fn a_reply_is_decided_once_and_an_unknown_one_is_not_there() {
        let (store, service) = a_store();
        let record = published(&store, service).await;
        let id = record.story.id();
        reply(&store, &record, "Thank you for answering.".into(), None, now()).await.unwrap();
        let reply_id = store.record(id).replies[0].id;
        let decided = decide_reply(&store, &moderator(), id, reply_id, true, now()).await.unwrap();
        assert_eq!((decided.replies[0].status, decided.replies[0].published_at), (ReplyStatus::Published, Some(now())));
        assert_eq!(decided.replies, store.record(id).replies, "the answer is what was stored");
        let twice = decide_reply(&store, &moderator(), id, reply_id, false, now()).await;
        assert!(matches!(twice, Err(DecideReplyError::Decided)), "{twice:?}");
        assert_eq!(store.record(id).replies[0].status, ReplyStatus::Published);
        let unknown = decide_reply(&store, &moderator(), id, ReplyId::on_day_of(now()), true, now()).await;
        assert!(matches!(unknown, Err(DecideReplyError::NoReply)));
        let nowhere = decide_reply(&store, &moderator(), StoryId::on_day_of(now()), reply_id, true, now()).await;
        assert!(matches!(nowhere, Err(DecideReplyError::NoStory)));
    }
}
