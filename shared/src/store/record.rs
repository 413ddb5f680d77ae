//! A story's record: its partition read as one, for the moderators (with the private parts
//! when the store reads them) or for the public (published only).

use aws_sdk_dynamodb::types::AttributeValue;

use super::answers::ResponseItem;
use super::audit::AuditItem;
use super::stories::{StoryItem, StoryServiceItem};
use super::{Item, Store, StoreError, keys};
use crate::app::ports::ReadStories;
use crate::domain::StoryId;
use crate::domain::record::StoryRecord;
use crate::domain::response::{Answer, Reply};
use crate::domain::story::StoryStatus;

impl Store {
    /// The story, its audit trail, its services, responses and replies: one Query of its
    /// partition; and, for a store that reads them, its private parts: one Query of the
    /// private table, at the same time.
    pub async fn story_record(&self, id: StoryId) -> Result<Option<StoryRecord>, StoreError> {
        let items = self.query_items(None, keys::PK, keys::story(id).pk);
        if !self.reads_private {
            return record_of(items.await?);
        }
        let (items, private) = tokio::try_join!(items, self.private_parts(id))?;
        Ok(record_of(items)?.map(|record| StoryRecord { private: Some(private), ..record }))
    }

    /// A published story with its services' names, responses and replies: one Query of the
    /// public part of its partition. `None` unless it is published.
    pub async fn public_story(&self, id: StoryId) -> Result<Option<StoryRecord>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(self.table())
            .key_condition_expression("pk = :pk AND sk BETWEEN :from AND :to")
            .expression_attribute_values(":pk", AttributeValue::S(keys::story(id).pk))
            .expression_attribute_values(":from", AttributeValue::S(keys::PUBLIC_FROM.into()))
            .expression_attribute_values(":to", AttributeValue::S(keys::PUBLIC_TO.into()))
            .send()
            .await?;
        let record = record_of(output.items.unwrap_or_default())?;
        Ok(record.filter(|r| r.story.status() == StoryStatus::Published))
    }

    /// A story's record whatever its status (its audit trail too, not its private parts),
    /// read consistently: what a stream function that follows the story reads of it. `None`
    /// once it is erased.
    pub async fn story_as_it_is(&self, id: StoryId) -> Result<Option<StoryRecord>, StoreError> {
        record_of(self.story_items_consistently(id, None).await?)
    }

    /// A story's items, or those whose sort keys are `between` two, read consistently: all
    /// pages of one Query.
    pub(super) async fn story_items_consistently(
        &self,
        id: StoryId,
        between: Option<(&str, &str)>,
    ) -> Result<Vec<Item>, StoreError> {
        let mut query = self
            .client
            .query()
            .table_name(self.table())
            .consistent_read(true)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(keys::story(id).pk));
        if let Some((from, to)) = between {
            query = query
                .key_condition_expression("pk = :pk AND sk BETWEEN :from AND :to")
                .expression_attribute_values(":from", AttributeValue::S(from.into()))
                .expression_attribute_values(":to", AttributeValue::S(to.into()));
        }
        Ok(query.into_paginator().items().send().collect::<Result<Vec<_>, _>>().await?)
    }
}

impl ReadStories for Store {
    async fn story_record(&self, id: StoryId) -> Result<Option<StoryRecord>, StoreError> {
        Store::story_record(self, id).await
    }
}

/// A story's items, of any kind, as one record; `None` without the story item itself.
fn record_of(items: Vec<Item>) -> Result<Option<StoryRecord>, StoreError> {
    let mut story = None;
    let (mut audit, mut services, mut responses, mut replies) = (vec![], vec![], vec![], vec![]);
    for item in items {
        let sk = item.get(keys::SK).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
        match keys::story_item_kind(&sk) {
            keys::StoryItemKind::Story => story = Some(serde_dynamo::from_item::<_, StoryItem>(item)?.story),
            keys::StoryItemKind::Audit => audit.push(serde_dynamo::from_item::<_, AuditItem>(item)?.entry),
            keys::StoryItemKind::Service => {
                let tag: StoryServiceItem = serde_dynamo::from_item(item)?;
                services.push((tag.service_id, tag.listing.map(|l| l.service_name).unwrap_or_default()));
            }
            keys::StoryItemKind::Response => responses.push(serde_dynamo::from_item::<_, ResponseItem>(item)?.response),
            keys::StoryItemKind::Reply => replies.push(serde_dynamo::from_item(item)?),
            // Private items live in the private table (old ones here are not read).
            keys::StoryItemKind::Original | keys::StoryItemKind::Contact | keys::StoryItemKind::Other => {}
        }
    }
    // Their ids keep only the day, so the sort key no longer orders a day's answers.
    responses.sort_by_key(|r: &Answer| (r.published_at, r.id));
    replies.sort_by_key(|r: &Reply| (r.received_at, r.id));
    Ok(story.map(|story| StoryRecord { story, private: None, audit, services, responses, replies }))
}
