//! What the public reads, and what follows publication: responders' answers and authors'
//! replies, each written with its audit entry (the notifier's event).

use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::keys::{self, Key};
use super::moderation::StoryRecord;
use super::stories::{AuditItem, Listing, StoryItem, StoryServiceItem};
use super::transaction::Transaction;
use super::{Item, Store, StoreError};
use crate::domain::moderation::AuditEntry;
use crate::domain::response::{Answer, EDIT_WINDOW, Reply, ReplyStatus};
use crate::domain::story::{Story, StoryStatus};
use crate::domain::{ReplyId, ResponseId, ServiceId, StoryId};

#[derive(Serialize, Deserialize)]
pub(super) struct ResponseItem {
    pk: String,
    sk: String,
    /// Epoch seconds until which its responder may change it: the condition of those writes.
    editable_until: i64,
    #[serde(flatten)]
    pub response: Answer,
}

/// A reply; while it awaits a moderator it is in their list of replies to read (gsi1).
#[derive(Serialize, Deserialize)]
struct ReplyItem {
    pk: String,
    sk: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi1pk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi1sk: Option<String>,
    #[serde(flatten)]
    reply: Reply,
}

/// A story of a service's page.
pub type ServiceListing = Listing;

/// Why a write that follows publication was refused.
#[derive(Debug, thiserror::Error)]
pub enum FollowUpError {
    /// The form was sent before, with the same one-time token: the id of what it made then.
    #[error("this form was sent before")]
    SentBefore(String),
    /// The story is not published (any more), or the item is not there.
    #[error("the story or the item is not there")]
    Missing,
    /// The 30 minutes to change an answer are over.
    #[error("the time to change it is over")]
    Closed,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How long a sent form's one-time token is remembered.
const ONCE_SECONDS: i64 = 24 * 60 * 60;

#[derive(Serialize, Deserialize)]
struct OnceItem {
    pk: String,
    sk: String,
    /// The id of what the first send made.
    made: String,
    expires_at: i64,
}

impl From<serde_dynamo::Error> for FollowUpError {
    fn from(err: serde_dynamo::Error) -> Self {
        FollowUpError::Store(err.into())
    }
}

/// Where a newest-first list goes on from: the sort key (`{published_at}#{id}`) of the last
/// item given, which clients see only as opaque base64url.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor(String);

impl Cursor {
    pub fn parse(raw: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).ok()?;
        let key = String::from_utf8(bytes).ok()?;
        let (at, id) = key.split_once('#')?;
        OffsetDateTime::parse(at, &Rfc3339).ok()?;
        id.parse::<StoryId>().ok()?;
        Some(Cursor(key))
    }

    pub fn encoded(&self) -> String {
        URL_SAFE_NO_PAD.encode(&self.0)
    }

    pub(super) fn sort_key(&self) -> &str {
        &self.0
    }

    /// Where a list of one status goes on after `story` (its gsi1 sort key).
    pub(super) fn of_status(story: &Story) -> Result<Cursor, StoreError> {
        let since = story.in_status_since().format(&Rfc3339).map_err(StoreError::other)?;
        Ok(Cursor(format!("{since}#{}", story.id)))
    }
}

/// What a list asks for: up to `take` items, after `skip` of them, from `after`, published
/// between `from` and `to`.
#[derive(Clone, Debug, Default)]
pub struct Window {
    pub skip: usize,
    pub take: usize,
    pub after: Option<Cursor>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
}

/// One window of a list, and where the next one starts.
#[derive(Debug)]
pub struct Listed<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

/// A bound of `{published_at}#{id}` sort keys: the time, or else one that is below (`0`) or
/// above (`~`) every such key.
fn bound(at: Option<OffsetDateTime>, everything: &str) -> Result<String, StoreError> {
    at.map_or(Ok(everything.to_owned()), |t| t.format(&Rfc3339).map_err(StoreError::other))
}

/// The parts of an answer's or a reply's transaction that can refuse it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FollowUpPart {
    /// The item, its story's check and its audit entry.
    Item,
    /// The form's one-time token.
    Once,
}

/// A write conditioned on an answer's 30 minutes: a failed condition means they are over.
fn within_window(result: Result<(), StoreError>) -> Result<(), FollowUpError> {
    match result {
        Err(StoreError::ConditionFailed) => Err(FollowUpError::Closed),
        other => Ok(other?),
    }
}

impl Store {
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
        let record = StoryRecord::from_items(output.items.unwrap_or_default())?;
        Ok(record.filter(|r| r.story.status == StoryStatus::Published))
    }

    /// Published stories, newest first, published between `from` and `to` when given: one
    /// Query of gsi1 for the page.
    pub async fn published_stories(&self, window: Window) -> Result<Listed<Story>, StoreError> {
        let (items, next) = self
            .newest_first(keys::GSI1, keys::GSI1_PK, keys::stories_in(StoryStatus::Published), keys::GSI1_SK, window)
            .await?;
        let stories = items.into_iter().map(|item| Ok(serde_dynamo::from_item::<_, StoryItem>(item)?.story));
        Ok(Listed { items: stories.collect::<Result<_, StoreError>>()?, next })
    }

    /// A service's published stories, newest first, published between `from` and `to` when
    /// given: one Query of gsi2 for the page.
    pub async fn service_listings(
        &self,
        service: ServiceId,
        window: Window,
    ) -> Result<Listed<(StoryId, ServiceListing)>, StoreError> {
        let (items, next) =
            self.newest_first(keys::GSI2, keys::GSI2_PK, keys::published_in(service), keys::GSI2_SK, window).await?;
        let mut listings = Vec::new();
        for item in items {
            let tag: StoryServiceItem = serde_dynamo::from_item(item)?;
            if let Some(listing) = tag.listing {
                listings.push((tag.story_id, listing));
            }
        }
        Ok(Listed { items: listings, next })
    }

    /// One window of an index partition, newest (highest sort key) first, and the cursor of
    /// the next if there is one. It reads `skip + take + 1` items at most (`skip` is capped by
    /// the callers), and one more after a cursor: the cursor's own item, left out.
    async fn newest_first(
        &self,
        index: &str,
        partition_key: &str,
        value: String,
        sort_key: &str,
        window: Window,
    ) -> Result<(Vec<Item>, Option<Cursor>), StoreError> {
        let mut upper = bound(window.to, "~")?;
        if let Some(after) = &window.after {
            upper = upper.min(after.0.clone());
        }
        let limit = window.skip + window.take + 1 + usize::from(window.after.is_some());
        let query = self
            .client
            .query()
            .table_name(self.table())
            .index_name(index)
            .scan_index_forward(false)
            .key_condition_expression("#pk = :pk AND #sk BETWEEN :from AND :to")
            .expression_attribute_names("#pk", partition_key)
            .expression_attribute_names("#sk", sort_key)
            .expression_attribute_values(":pk", AttributeValue::S(value))
            .expression_attribute_values(":from", AttributeValue::S(bound(window.from, "0")?))
            .expression_attribute_values(":to", AttributeValue::S(upper))
            .limit(limit.clamp(1, 1000) as i32);
        let mut pages = query.into_paginator().send();
        let sort_of = |item: &Item| item.get(sort_key).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
        let mut items = Vec::new();
        while items.len() < limit {
            let Some(page) = pages.next().await else { break };
            let page = page?.items.unwrap_or_default();
            items.extend(page.into_iter().filter(|item| window.after.as_ref().is_none_or(|c| sort_of(item) != c.0)));
        }
        let mut items: Vec<Item> = items.into_iter().skip(window.skip).collect();
        let more = items.len() > window.take;
        items.truncate(window.take);
        let next = if more { items.last().map(|item| Cursor(sort_of(item))) } else { None };
        Ok((items, next))
    }

    /// Publishes a responder's answer with its audit entry, while the story is published.
    /// Publishes an answer with its audit entry, while the story is published. `once` is the
    /// digest of the form's one-time token: the same form sent again makes nothing.
    pub async fn publish_response(
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
    pub async fn edit_response(
        &self,
        story: StoryId,
        id: ResponseId,
        body: &str,
        change: crate::domain::response::Change,
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
    pub async fn delete_response(
        &self,
        story: StoryId,
        id: ResponseId,
        now: OffsetDateTime,
    ) -> Result<(), FollowUpError> {
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

    /// An audit entry on its own: an event for the notifier (a link asked for a new one).
    pub async fn add_audit_entry(&self, story: StoryId, entry: AuditEntry) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(self.table())
            .set_item(Some(serde_dynamo::to_item(AuditItem::new(story, entry))?))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await?;
        Ok(())
    }

    /// Keeps an author's reply for a moderator, with its audit entry.
    /// Keeps an author's reply for the moderators; `once` as for [`Store::publish_response`].
    pub async fn add_reply(&self, reply: &Reply, entry: AuditEntry, once: Option<&str>) -> Result<(), FollowUpError> {
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

    /// Authors' replies that await a moderator, oldest first: one Query of gsi1.
    pub async fn replies_awaiting(&self) -> Result<Vec<Reply>, StoreError> {
        let items = self.query_items(Some(keys::GSI1), keys::GSI1_PK, keys::REPLIES_AWAITING.into()).await?;
        items.into_iter().map(|item| Ok(serde_dynamo::from_item::<_, ReplyItem>(item)?.reply)).collect()
    }

    /// A moderator publishes (or turns down) a reply that awaits them.
    pub async fn decide_reply(
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

    /// A transaction whose first conditional write failing means "not there (any more)".
    /// The record of a one-time form token: what its first send made, for a day.
    fn sent_once(&self, digest: &str, made: &str, at: OffsetDateTime) -> Result<TransactWriteItem, StoreError> {
        let Key { pk, sk } = keys::idempotency(digest);
        let record = OnceItem { pk, sk, made: made.to_owned(), expires_at: at.unix_timestamp() + ONCE_SECONDS };
        self.put_if_absent(serde_dynamo::to_item(record)?)
    }

    /// Commits an answer's or a reply's writes. A refused part means the item is not there
    /// (any more) or the story is not published; a refused one-time token, that the form was
    /// sent before, and this says what the first send made.
    async fn follow_up(&self, writes: Transaction<FollowUpPart>, once: Option<&str>) -> Result<(), FollowUpError> {
        match writes.commit(self).await? {
            None => Ok(()),
            Some(parts) => match once {
                Some(digest) if parts.contains(&FollowUpPart::Once) => {
                    let record = self.get_item(&keys::idempotency(digest), true).await?;
                    let record = record.ok_or_else(|| StoreError::other("a form token's record vanished"))?;
                    Err(FollowUpError::SentBefore(serde_dynamo::from_item::<_, OnceItem>(record)?.made))
                }
                _ => Err(FollowUpError::Missing),
            },
        }
    }
}
