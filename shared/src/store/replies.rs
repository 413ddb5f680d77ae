//! An author's reply to the answers: kept for the moderators, then published or turned down.

use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;

use super::audit::AuditItem;
use super::follow_up::{FollowUpError, FollowUpPart};
use super::keys::{self, Key};
use super::transaction::Transaction;
use super::{Store, StoreError};
use crate::app::ports::Replies;
use crate::domain::moderation::AuditEntry;
use crate::domain::response::{Reply, ReplyStatus};
use crate::domain::{ReplyId, StoryId};

/// A reply; while it awaits a moderator it is in their list of replies to read (gsi1).
#[derive(Serialize, Deserialize)]
pub(super) struct ReplyItem {
    pk: String,
    sk: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi1pk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi1sk: Option<String>,
    #[serde(flatten)]
    pub reply: Reply,
}

impl Store {
    /// Authors' replies that await a moderator, oldest first: one Query of gsi1.
    pub async fn replies_awaiting(&self) -> Result<Vec<Reply>, StoreError> {
        let items = self.query_items(Some(keys::GSI1), keys::GSI1_PK, keys::REPLIES_AWAITING.into()).await?;
        items.into_iter().map(|item| Ok(serde_dynamo::from_item::<_, ReplyItem>(item)?.reply)).collect()
    }
}

impl Replies for Store {
    /// Keeps an author's reply for the moderators; `once` as for [`Answers::publish_response`].
    async fn add_reply(&self, reply: &Reply, entry: AuditEntry, once: Option<&str>) -> Result<(), FollowUpError> {
        let Key { pk, sk } = keys::reply(reply.story_id, reply.id);
        let received = reply.received_at.format(&Rfc3339).map_err(StoreError::other)?;
        let item = ReplyItem {
            pk,
            sk,
            gsi1pk: Some(keys::REPLIES_AWAITING.into()),
            gsi1sk: Some(format!("{received}#{}", reply.id)),
            reply: reply.clone(),
        };
        let mut writes = Transaction::new();
        writes.add(FollowUpPart::Item, self.put_if_absent(serde_dynamo::to_item(item)?)?);
        let audit = serde_dynamo::to_item(AuditItem::new(reply.story_id, entry))?;
        writes.add(FollowUpPart::Item, self.put_if_absent(audit)?);
        if let Some(digest) = once {
            writes.add(FollowUpPart::Once, self.sent_once(digest, &reply.id.to_string(), reply.received_at)?);
        }
        self.follow_up(writes, once).await
    }

    /// A moderator publishes (or turns down) a reply that awaits them.
    async fn decide_reply(
        &self,
        story: StoryId,
        id: ReplyId,
        status: ReplyStatus,
        entry: AuditEntry,
    ) -> Result<(), FollowUpError> {
        let status_value = serde_dynamo::to_attribute_value(status)?;
        let mut update = Update::builder()
            .table_name(self.table())
            .set_key(Some(keys::reply(story, id).to_attributes()))
            .condition_expression("#status = :awaiting")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(
                ":awaiting",
                serde_dynamo::to_attribute_value(ReplyStatus::AwaitingModeration)?,
            )
            .expression_attribute_values(":status", status_value)
            // Off the moderators' list, into the list of decided replies.
            .expression_attribute_values(":decided", AttributeValue::S(keys::REPLIES_DECIDED.into()));
        update = if status == ReplyStatus::Published {
            update
                .update_expression("SET #status = :status, published_at = :at, gsi1pk = :decided")
                .expression_attribute_values(
                    ":at",
                    AttributeValue::S(entry.at.format(&Rfc3339).map_err(StoreError::other)?),
                )
        } else {
            update.update_expression("SET #status = :status, gsi1pk = :decided")
        };
        let mut writes = Transaction::new();
        writes.add(
            FollowUpPart::Item,
            TransactWriteItem::builder().update(update.build().map_err(StoreError::other)?).build(),
        );
        writes.add(FollowUpPart::Item, self.put_if_absent(serde_dynamo::to_item(AuditItem::new(story, entry))?)?);
        self.follow_up(writes, None).await
    }
}
