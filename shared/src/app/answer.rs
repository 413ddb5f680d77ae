//! A responder's answer: published at once under the story, then theirs to change or delete
//! for 30 minutes.

use time::OffsetDateTime;

use super::ports::Answers;
use crate::domain::event::Event;
use crate::domain::moderation::{Actor, AuditEntry};
use crate::domain::record::StoryRecord;
use crate::domain::responder::Responder;
use crate::domain::response::{Answer, ResponseDraft};
use crate::domain::{ResponseId, ServiceId};
use crate::store::{FollowUpError, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    /// No answer of this responder has this id.
    #[error("no answer of yours has this id")]
    NotYours,
    /// The 30 minutes to change it are over.
    #[error("the time to change the answer is over")]
    WindowOver,
    /// It (or its story's publication) is not there any more.
    #[error("the answer or its story is not there any more")]
    Gone,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<FollowUpError> for AnswerError {
    fn from(err: FollowUpError) -> Self {
        match err {
            FollowUpError::Missing => AnswerError::Gone,
            FollowUpError::Closed => AnswerError::WindowOver,
            FollowUpError::SentBefore(_) => AnswerError::Store(StoreError::other("an answer's change was sent twice")),
            FollowUpError::Store(err) => AnswerError::Store(err),
        }
    }
}

/// Who answers: the responder of one of the story's services.
pub struct Answerer<'a> {
    pub responder: &'a Responder,
    pub service_id: ServiceId,
}

/// Publishes the answer; the same form sent twice (`once`) publishes it once, and both sends
/// get its id.
pub async fn publish(
    store: &impl Answers,
    record: &StoryRecord,
    by: Answerer<'_>,
    draft: ResponseDraft,
    once: Option<&str>,
    now: OffsetDateTime,
) -> Result<ResponseId, AnswerError> {
    let service_name = record.services.iter().find(|(id, _)| *id == by.service_id).map(|(_, n)| n.clone());
    let answer = Answer {
        id: ResponseId::on_day_of(now),
        story_id: record.story.id(),
        responder_id: by.responder.id,
        service_id: by.service_id,
        responder_name: by.responder.name.clone(),
        job_title: by.responder.job_title.clone(),
        service_name: service_name.unwrap_or_default(),
        body: draft.body,
        change: draft.change,
        // The language of the page it was written on.
        language: crate::i18n::current(),
        published_at: now,
        edited_at: None,
    };
    let actor = Actor { id: by.responder.id.to_string(), name: by.responder.name.clone() };
    let published = Event::ResponsePublished { response: answer.id };
    let entry = AuditEntry::of(published, &actor, now, record.story.version());
    let published = match store.publish_response(&answer, entry, once).await {
        Ok(()) => answer.id,
        Err(FollowUpError::SentBefore(first)) => first.parse().map_err(StoreError::other)?,
        Err(err) => return Err(err.into()),
    };
    tracing::info!(story = %record.story.id(), response = %published, change = answer.change.code(), "response published");
    Ok(published)
}

/// The responder's own answer `id`, while they may still change it.
pub fn own_answer<'a>(
    record: &'a StoryRecord,
    responder: &Responder,
    id: &str,
    now: OffsetDateTime,
) -> Result<&'a Answer, AnswerError> {
    let id: ResponseId = id.parse().map_err(|_| AnswerError::NotYours)?;
    let answer = record.responses.iter().find(|r| r.id == id && r.responder_id == responder.id);
    let answer = answer.ok_or(AnswerError::NotYours)?;
    if !answer.editable(now) {
        return Err(AnswerError::WindowOver);
    }
    Ok(answer)
}

pub async fn change(
    store: &impl Answers,
    answer: &Answer,
    draft: &ResponseDraft,
    now: OffsetDateTime,
) -> Result<(), AnswerError> {
    Ok(store.edit_response(answer.story_id, answer.id, &draft.body, draft.change, now).await?)
}

pub async fn delete(store: &impl Answers, answer: &Answer, now: OffsetDateTime) -> Result<(), AnswerError> {
    store.delete_response(answer, now).await?;
    tracing::info!(story = %answer.story_id, response = %answer.id, "response deleted");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::memory::given::{a_store, now, published, told};
    use crate::domain::response::Change;
    use crate::domain::{EmailAddress, ResponderId};

    fn responder(service: ServiceId) -> Responder {
        serde_json::from_value(serde_json::json!({
            "id": ResponderId::generate(), "service_id": service, "name": "Ann Lee",
            "email": EmailAddress::parse("ann@example.com").unwrap(), "job_title": "Ward manager"
        }))
        .unwrap()
    }

    fn draft(body: &str) -> ResponseDraft {
        ResponseDraft { body: body.into(), change: Change::Planned }
    }

    #[tokio::test]
    async fn the_same_form_sent_twice_publishes_one_answer_and_both_sends_get_its_id() {
        let (store, service) = a_store();
        let record = published(&store, service).await;
        let ann = responder(service);
        let by = || Answerer { responder: &ann, service_id: service };
        let first =
            publish(&store, &record, by(), draft("Thank you for telling us."), Some("once"), now()).await.unwrap();
        let again =
            publish(&store, &record, by(), draft("Thank you for telling us."), Some("once"), now()).await.unwrap();
        assert_eq!(first, again);
        let stored = store.record(record.story.id());
        assert_eq!(stored.responses.len(), 1);
        assert_eq!((stored.responses[0].service_name.as_str(), stored.responses[0].responder_id), ("Ward 7", ann.id));
    }

    #[tokio::test]
    async fn an_answer_is_its_responders_to_change_for_30_minutes_only() {
        let (store, service) = a_store();
        let record = published(&store, service).await;
        let (ann, bob) = (responder(service), responder(service));
        let by = Answerer { responder: &ann, service_id: service };
        let id = publish(&store, &record, by, draft("Thank you for telling us."), None, now()).await.unwrap();
        let record = store.record(record.story.id());
        let soon = now() + time::Duration::minutes(29);
        assert!(matches!(own_answer(&record, &bob, &id.to_string(), soon), Err(AnswerError::NotYours)));
        assert!(matches!(own_answer(&record, &ann, "nonsense", soon), Err(AnswerError::NotYours)));
        let answer = own_answer(&record, &ann, &id.to_string(), soon).unwrap().clone();
        change(&store, &answer, &draft("We have spoken to the night team."), soon).await.unwrap();
        assert_eq!(store.record(record.story.id()).responses[0].body, "We have spoken to the night team.");
        let late = now() + time::Duration::minutes(31);
        assert!(matches!(own_answer(&record, &ann, &id.to_string(), late), Err(AnswerError::WindowOver)));
        assert!(matches!(delete(&store, &answer, late).await, Err(AnswerError::WindowOver)), "the store holds it too");
        delete(&store, &answer, soon).await.unwrap();
        assert!(store.record(record.story.id()).responses.is_empty());
    }

    #[tokio::test]
    async fn an_unpublished_story_takes_no_answer() {
        let (store, service) = a_store();
        let id = told(&store, service).await;
        let ann = responder(service);
        let by = Answerer { responder: &ann, service_id: service };
        let refused = publish(&store, &store.record(id), by, draft("Thank you for telling us."), None, now()).await;
        assert!(matches!(refused, Err(AnswerError::Gone)), "{refused:?}");
    }
}
