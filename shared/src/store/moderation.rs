//! What moderators read and write: the queues by status, and each action written with its
//! audit entry in one transaction that holds only if nobody changed the story since it was read.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};

use super::audit::AuditItem;
use super::keys;
use super::stories::{StoryItem, StoryServiceItem};
use super::transaction::Transaction;
use super::{Cursor, Listed, Store, StoreError};
use crate::app::ports::ModerateStories;
use crate::domain::ServiceId;
use crate::domain::moderation::AuditEntry;
use crate::domain::story::{Story, StoryStatus};

/// The parts of a moderation's transaction that can refuse it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ModerationPart {
    /// The story, written only at the version read: someone changed it first.
    Story,
    /// A service it is newly tagged to: there is no such service.
    AddedService(ServiceId),
    /// The audit entry and the tags, which hold whenever the story does.
    Other,
}

#[derive(Debug, thiserror::Error)]
pub enum ModerationWriteError {
    /// Someone changed the story since it was read.
    #[error("the story changed since it was read")]
    Stale,
    /// Services the edit tags it to that do not exist.
    #[error("some services do not exist")]
    ServicesMissing(Vec<ServiceId>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<serde_dynamo::Error> for ModerationWriteError {
    fn from(err: serde_dynamo::Error) -> Self {
        ModerationWriteError::Store(err.into())
    }
}

impl Store {
    /// Up to `take` stories in one status, oldest in it first, from after `after`: Queries of
    /// gsi1 that read only what they give (and one more, to know there are).
    pub async fn stories_in(
        &self,
        status: StoryStatus,
        after: Option<&Cursor>,
        take: usize,
    ) -> Result<Listed<Story>, StoreError> {
        let mut query = self
            .client
            .query()
            .table_name(self.table())
            .index_name(keys::GSI1)
            .expression_attribute_values(":pk", AttributeValue::S(keys::stories_in(status)))
            .limit((take + 1).clamp(1, 1000) as i32);
        query = match after {
            Some(cursor) => query
                .key_condition_expression("gsi1pk = :pk AND gsi1sk > :after")
                .expression_attribute_values(":after", AttributeValue::S(cursor.sort_key().to_owned())),
            None => query.key_condition_expression("gsi1pk = :pk"),
        };
        let mut pages = query.into_paginator().send();
        let mut items = Vec::new();
        while items.len() <= take {
            let Some(page) = pages.next().await else { break };
            items.extend(page?.items.unwrap_or_default());
        }
        let more = items.len() > take;
        items.truncate(take);
        let stories: Vec<Story> = items
            .into_iter()
            .map(|item| Ok(serde_dynamo::from_item::<_, StoryItem>(item)?.story))
            .collect::<Result<_, StoreError>>()?;
        let next = if more { stories.last().map(Cursor::of_status).transpose()? } else { None };
        Ok(Listed { items: stories, next })
    }
}

impl ModerateStories for Store {
    async fn service_names(&self) -> Result<HashMap<ServiceId, String>, StoreError> {
        Ok(self.list_services().await?.into_iter().map(|s| (s.id, s.name)).collect())
    }

    /// Writes `after` in place of `before`, with `entry` in its audit trail and its service
    /// tags to match, all or nothing, and only while the stored story is still at `before`'s
    /// version.
    /// `service_names` names the services of a published story on their pages.
    async fn record_moderation(
        &self,
        before: &Story,
        after: &Story,
        entry: AuditEntry,
        service_names: &HashMap<ServiceId, String>,
    ) -> Result<(), ModerationWriteError> {
        let added: Vec<ServiceId> =
            after.service_ids().iter().filter(|s| !before.service_ids().contains(s)).copied().collect();
        let removed = before.service_ids().iter().filter(|s| !after.service_ids().contains(s));
        // A published story's tags carry what the services' pages show of it: rewritten with it.
        let rewrite_tags = after.status() == StoryStatus::Published
            || (before.status(), before.published_at()) != (after.status(), after.published_at());

        let story = Put::builder()
            .table_name(self.table())
            .set_item(Some(serde_dynamo::to_item(StoryItem::new(after.clone())?)?))
            .condition_expression("version = :read")
            .expression_attribute_values(":read", AttributeValue::N(before.version().to_string()))
            .build()
            .map_err(StoreError::other)?;
        let mut writes = Transaction::new();
        writes.add(ModerationPart::Story, TransactWriteItem::builder().put(story).build());
        for service in &added {
            writes.add(ModerationPart::AddedService(*service), self.check_exists(keys::service(*service), false)?);
        }
        writes
            .add(ModerationPart::Other, self.put_if_absent(serde_dynamo::to_item(AuditItem::new(after.id(), entry))?)?);
        for service in after.service_ids().iter().filter(|s| rewrite_tags || added.contains(s)) {
            let name = service_names.get(service).map(String::as_str);
            let tag = Put::builder()
                .table_name(self.table())
                .set_item(Some(serde_dynamo::to_item(StoryServiceItem::new(after, *service, name)?)?))
                .build()
                .map_err(StoreError::other)?;
            writes.add(ModerationPart::Other, TransactWriteItem::builder().put(tag).build());
        }
        for service in removed {
            let delete = Delete::builder()
                .table_name(self.table())
                .set_key(Some(keys::story_service(after.id(), *service).to_attributes()))
                .build()
                .map_err(StoreError::other)?;
            writes.add(ModerationPart::Other, TransactWriteItem::builder().delete(delete).build());
        }
        // A withdrawal forgets the author at once: their contact details and their own words.
        if after.status() == StoryStatus::Withdrawn {
            writes.add_all(ModerationPart::Other, self.private_deletes(after.id())?);
        }
        let Some(refused) = writes.commit(self).await? else { return Ok(()) };
        if refused.contains(&ModerationPart::Story) {
            return Err(ModerationWriteError::Stale);
        }
        let missing: Vec<ServiceId> = refused
            .iter()
            .filter_map(|part| if let ModerationPart::AddedService(id) = part { Some(*id) } else { None })
            .collect();
        if !missing.is_empty() {
            return Err(ModerationWriteError::ServicesMissing(missing));
        }
        Err(StoreError::Other(format!("a moderation's transaction refused {refused:?}")).into())
    }
}
