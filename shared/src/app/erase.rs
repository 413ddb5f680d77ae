//! A moderator erases an author's contact details at their request (by email or phone to the
//! team): gone at once, and the audit trail says who erased them, never what they were.

use time::OffsetDateTime;

use super::ports::{Erasures, ReadStories};
use crate::domain::StoryId;
use crate::domain::event::Event;
use crate::domain::moderation::{Actor, AuditEntry};
use crate::domain::record::StoryRecord;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    #[error("no story has this id")]
    NoStory,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Erases them (a second time has nothing to erase and writes nothing) and answers with the
/// record as it now is.
pub async fn erase_contact(
    store: &(impl ReadStories + Erasures),
    by: &Actor,
    id: StoryId,
    now: OffsetDateTime,
) -> Result<StoryRecord, EraseError> {
    let mut record = store.story_record(id).await?.ok_or(EraseError::NoStory)?;
    let entry = AuditEntry::of(Event::ContactErased, by, now, record.story.version());
    if store.erase_contact(id, entry.clone()).await? {
        tracing::info!(story = %id, by = %by.id, "the author's contact details were erased on request");
        record.audit.push(entry);
    }
    if let Some(private) = record.private.as_mut() {
        private.contact = Default::default();
    }
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::memory::given::{a_store, moderator, now, told};
    use crate::domain::event::EventKind;

    #[tokio::test]
    async fn erasing_twice_erases_once_and_says_who_never_what() {
        let (store, service) = a_store();
        let id = told(&store, service).await;
        let record = erase_contact(&store, &moderator(), id, now()).await.unwrap();
        assert_eq!(record.contact().author_email, None);
        erase_contact(&store, &moderator(), id, now()).await.unwrap();
        let erased: Vec<_> =
            store.record(id).audit.into_iter().filter(|e| e.kind() == EventKind::ContactErased).collect();
        assert_eq!(erased.len(), 1);
        assert_eq!((erased[0].by_name.as_str(), &erased[0].event), ("sam", &Event::ContactErased), "who, never what");
        assert!(matches!(
            erase_contact(&store, &moderator(), StoryId::on_day_of(now()), now()).await,
            Err(EraseError::NoStory)
        ));
    }
}
