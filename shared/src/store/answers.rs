//! A responder's answer: published at once under the story, changed or deleted within its
//! 30 minutes, each with its audit entry (the notifier's event).

use std::collections::HashSet;

use aws_sdk_dynamodb::types::{AttributeValue, Delete, TransactWriteItem, Update};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::audit::AuditItem;
use super::follow_up::{FollowUpError, FollowUpPart};
use super::keys::{self, Key};
use super::transaction::Transaction;
use super::{Store, StoreError};
use crate::app::ports::Answers;
use crate::domain::moderation::AuditEntry;
use crate::domain::response::{Answer, Change, EDIT_WINDOW};
use crate::domain::story::StoryStatus;
use crate::domain::{ResponseId, ServiceId, StoryId};

#[derive(Serialize, Deserialize)]
pub(super) struct ResponseItem {
    pk: String,
    sk: String,
    /// Epoch seconds until which its responder may change it: the condition of those writes.
    editable_until: i64,
    #[serde(flatten)]
    pub response: Answer,
}

/// A write conditioned on an answer's 30 minutes: a failed condition means they are over.
fn within_window(result: Result<(), StoreError>) -> Result<(), FollowUpError> {
    match result {
        Err(StoreError::ConditionFailed) => Err(FollowUpError::Closed),
        other => Ok(other?),
    }
}

/// A story's answers from one service, as counted beside them.
#[derive(Deserialize)]
struct AnswersItem {
    story_id: StoryId,
    service_id: ServiceId,
    #[serde(default)]
    answers: i64,
}

impl Store {
    /// Adds `by` (1 or -1) to the count of the answer's service's answers to its story; the
    /// first answer's time stays.
    fn count_answer(&self, answer: &Answer, by: i64) -> Result<TransactWriteItem, StoreError> {
        let at = answer.published_at.format(&Rfc3339).map_err(StoreError::other)?;
        let update = Update::builder()
            .table_name(self.table())
            .set_key(Some(keys::answers_from(answer.story_id, answer.service_id).to_attributes()))
            .update_expression(
                "SET story_id = :story, service_id = :service, first_answered_at = if_not_exists(first_answered_at, :at) \
                 ADD answers :by",
            )
            .expression_attribute_values(":story", AttributeValue::S(answer.story_id.to_string()))
            .expression_attribute_values(":service", AttributeValue::S(answer.service_id.to_string()))
            .expression_attribute_values(":at", AttributeValue::S(at))
            .expression_attribute_values(":by", AttributeValue::N(by.to_string()))
            .build()
            .map_err(StoreError::other)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }

    /// Which of these stories each service has answered: one BatchGetItem for every 100 pairs.
    pub async fn answered(&self, pairs: &[(StoryId, ServiceId)]) -> Result<HashSet<(StoryId, ServiceId)>, StoreError> {
        let keys: Vec<Key> = pairs.iter().map(|(story, service)| keys::answers_from(*story, *service)).collect();
        let items = self.batch_get(&keys, Some("story_id, service_id, answers")).await?;
        let mut answered = HashSet::new();
        for item in items {
            let counted: AnswersItem = serde_dynamo::from_item(item)?;
            if counted.answers > 0 {
                answered.insert((counted.story_id, counted.service_id));
            }
        }
        Ok(answered)
    }
}

impl Answers for Store {
    /// Publishes an answer with its audit entry, while the story is published. `once` is the
    /// digest of the form's one-time token: the same form sent again makes nothing.
    async fn publish_response(
        &self,
        response: &Answer,
        entry: AuditEntry,
        once: Option<&str>,
    ) -> Result<(), FollowUpError> {
        let Key { pk, sk } = keys::response(response.story_id, response.id);
        let editable_until = (response.published_at + EDIT_WINDOW).unix_timestamp();
        let item = ResponseItem { pk, sk, editable_until, response: response.clone() };
        let story_published = aws_sdk_dynamodb::types::ConditionCheck::builder()
            .table_name(self.table())
            .set_key(Some(keys::story(response.story_id).to_attributes()))
            .condition_expression("#status = :published")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":published", AttributeValue::S(StoryStatus::Published.code().into()))
            .build()
            .map_err(StoreError::other)?;
        let mut writes = Transaction::new();
        writes.add(FollowUpPart::Item, self.put_if_absent(serde_dynamo::to_item(item)?)?);
        writes.add(FollowUpPart::Item, TransactWriteItem::builder().condition_check(story_published).build());
        let audit = serde_dynamo::to_item(AuditItem::new(response.story_id, entry))?;
        writes.add(FollowUpPart::Item, self.put_if_absent(audit)?);
        writes.add(FollowUpPart::Item, self.count_answer(response, 1)?);
        if let Some(digest) = once {
            writes.add(FollowUpPart::Once, self.sent_once(digest, &response.id.to_string(), response.published_at)?);
        }
        self.follow_up(writes, once).await
    }

    /// Changes an answer's words and change, within its 30 minutes.
    async fn edit_response(
        &self,
        story: StoryId,
        id: ResponseId,
        body: &str,
        change: Change,
        now: OffsetDateTime,
    ) -> Result<(), FollowUpError> {
        let result = self
            .client
            .update_item()
            .table_name(self.table())
            .set_key(Some(keys::response(story, id).to_attributes()))
            .update_expression("SET body = :body, #change = :change, edited_at = :now")
            .condition_expression("editable_until > :now_epoch")
            .expression_attribute_names("#change", "change")
            .expression_attribute_values(":body", AttributeValue::S(body.into()))
            .expression_attribute_values(":change", AttributeValue::S(change.code().into()))
            .expression_attribute_values(":now", AttributeValue::S(now.format(&Rfc3339).map_err(StoreError::other)?))
            .expression_attribute_values(":now_epoch", AttributeValue::N(now.unix_timestamp().to_string()))
            .send()
            .await;
        within_window(result.map(drop).map_err(StoreError::from))
    }

    /// Deletes an answer, within its 30 minutes, and its service's count of answers with it.
    async fn delete_response(&self, answer: &Answer, now: OffsetDateTime) -> Result<(), FollowUpError> {
        let delete = Delete::builder()
            .table_name(self.table())
            .set_key(Some(keys::response(answer.story_id, answer.id).to_attributes()))
            .condition_expression("editable_until > :now")
            .expression_attribute_values(":now", AttributeValue::N(now.unix_timestamp().to_string()))
            .build()
            .map_err(StoreError::other)?;
        let mut writes = Transaction::new();
        writes.add(FollowUpPart::Item, TransactWriteItem::builder().delete(delete).build());
        writes.add(FollowUpPart::Item, self.count_answer(answer, -1)?);
        match writes.commit(self).await? {
            None => Ok(()),
            Some(_) => Err(FollowUpError::Closed),
        }
    }
}
