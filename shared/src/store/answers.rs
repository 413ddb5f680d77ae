//! A responder's answer: published at once under the story, changed or deleted within its
//! 30 minutes, each with its audit entry (the notifier's event).

use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem};
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
use crate::domain::{ResponseId, StoryId};

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

    /// Deletes an answer, within its 30 minutes.
    async fn delete_response(&self, story: StoryId, id: ResponseId, now: OffsetDateTime) -> Result<(), FollowUpError> {
        let result = self
            .client
            .delete_item()
            .table_name(self.table())
            .set_key(Some(keys::response(story, id).to_attributes()))
            .condition_expression("editable_until > :now")
            .expression_attribute_values(":now", AttributeValue::N(now.unix_timestamp().to_string()))
            .send()
            .await;
        within_window(result.map(drop).map_err(StoreError::from))
    }
}
