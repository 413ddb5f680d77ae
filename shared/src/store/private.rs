//! A story's private parts, in the private table: the author's contact details and the text as
//! they wrote it. Kept while the story is undecided, then for the retention period (by TTL),
//! deleted at once when the author withdraws; the email alone when the author asks, the
//! contact details when a moderator erases them (docs/PRIVACY.md).
//!
//! DynamoDB's TTL deletes an expired item within days, not at once: until it does, reads here
//! treat the item as gone.

use aws_sdk_dynamodb::types::{AttributeValue, Delete, TransactWriteItem, Update};
use serde::Serialize;
use time::OffsetDateTime;

use super::audit::AuditItem;
use super::keys::{self, Key};
use super::transaction::Transaction;
use super::{Item, Store, StoreError, held};
use crate::app::ports::Erasures;
use crate::domain::StoryId;
use crate::domain::moderation::AuditEntry;
use crate::domain::record::PrivateParts;
use crate::domain::story::{AuthorContact, StoryDraft};

#[derive(Serialize)]
struct OriginalItem<'a> {
    pk: String,
    sk: String,
    title: &'a str,
    body: &'a str,
}

#[derive(Serialize)]
struct ContactItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    contact: AuthorContact,
}

/// Whether an item has expired by TTL and only waits for DynamoDB to delete it.
fn expired(item: &Item, now: OffsetDateTime) -> bool {
    let at = item.get(keys::TTL).and_then(|v| v.as_n().ok()).and_then(|n| n.parse::<i64>().ok());
    at.is_some_and(|at| at <= now.unix_timestamp())
}

impl Store {
    /// The Puts of a new story's private parts, for its transaction: the text as written, and
    /// the contact details if any were given.
    pub(super) fn private_puts(&self, id: StoryId, draft: &StoryDraft) -> Result<Vec<TransactWriteItem>, StoreError> {
        let Key { pk, sk } = keys::story_original(id);
        let original = OriginalItem { pk, sk, title: &draft.title, body: &draft.body };
        let mut puts = vec![self.put_if_absent_in(self.private_table(), serde_dynamo::to_item(original)?)?];
        if draft.author_email.is_some() || draft.postcode.is_some() {
            let Key { pk, sk } = keys::story_contact(id);
            let contact = AuthorContact { author_email: draft.author_email.clone(), postcode: draft.postcode.clone() };
            puts.push(
                self.put_if_absent_in(self.private_table(), serde_dynamo::to_item(ContactItem { pk, sk, contact })?)?,
            );
        }
        Ok(puts)
    }

    /// A story's private parts: one Query of its partition in the private table.
    pub async fn private_parts(&self, id: StoryId) -> Result<PrivateParts, StoreError> {
        let now = OffsetDateTime::now_utc();
        let items = self.query_items_in(self.private_table(), None, keys::PK, keys::story(id).pk).await?;
        let mut parts = PrivateParts::default();
        for item in items.into_iter().filter(|item| !expired(item, now)) {
            let sk = item.get(keys::SK).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            match keys::story_item_kind(&sk) {
                keys::StoryItemKind::Original => parts.original = Some(serde_dynamo::from_item(item)?),
                keys::StoryItemKind::Contact => parts.contact = serde_dynamo::from_item(item)?,
                _ => {}
            }
        }
        Ok(parts)
    }

    /// The story as its author wrote it, if it is still kept: one GetItem of its title and
    /// text only (the indexer's policy allows no other attributes).
    pub async fn original_text(&self, id: StoryId) -> Result<Option<crate::domain::record::OriginalText>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(self.private_table())
            .set_key(Some(keys::story_original(id).to_attributes()))
            .projection_expression("title, body, expires_at")
            .consistent_read(true)
            .send()
            .await?;
        let now = OffsetDateTime::now_utc();
        match output.item.filter(|item| !expired(item, now)) {
            Some(item) => Ok(Some(serde_dynamo::from_item(item)?)),
            None => Ok(None),
        }
    }

    /// How to reach a story's author, if they said and it is still kept: one GetItem of
    /// these attributes only (the notifier's policy allows no other).
    pub async fn author_contact(&self, id: StoryId) -> Result<AuthorContact, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(self.private_table())
            .set_key(Some(keys::story_contact(id).to_attributes()))
            .projection_expression("author_email, postcode, #ttl")
            .expression_attribute_names("#ttl", keys::TTL)
            .send()
            .await?;
        let item = output.item;
        let item = item.filter(|item| !expired(item, OffsetDateTime::now_utc()));
        Ok(item.map(serde_dynamo::from_item).transpose()?.unwrap_or_default())
    }

    /// Keeps a story's private parts until `until` (by TTL), or with `None` for as long as it
    /// is undecided: an UpdateItem of each that is there (the same again changes nothing).
    pub async fn keep_private_until(&self, id: StoryId, until: Option<OffsetDateTime>) -> Result<(), StoreError> {
        let keep = |key: Key| async move {
            let update = self.client.update_item().table_name(self.private_table()).set_key(Some(key.to_attributes()));
            let update = match until {
                Some(at) => update
                    .update_expression("SET #ttl = :at")
                    .expression_attribute_values(":at", AttributeValue::N(at.unix_timestamp().to_string())),
                None => update.update_expression("REMOVE #ttl"),
            };
            // An item that is not there (none given, or gone) needs no keeping.
            held(
                update
                    .expression_attribute_names("#ttl", keys::TTL)
                    .condition_expression("attribute_exists(pk)")
                    .send()
                    .await,
            )
        };
        // Both at once: they are two items of one story.
        tokio::try_join!(keep(keys::story_original(id)), keep(keys::story_contact(id)))?;
        Ok(())
    }

    /// The Deletes of a story's private parts, for the transaction of its withdrawal.
    pub(super) fn private_deletes(&self, id: StoryId) -> Result<Vec<TransactWriteItem>, StoreError> {
        [keys::story_original(id), keys::story_contact(id)]
            .into_iter()
            .map(|key| {
                let delete = Delete::builder()
                    .table_name(self.private_table())
                    .set_key(Some(key.to_attributes()))
                    .build()
                    .map_err(StoreError::other)?;
                Ok(TransactWriteItem::builder().delete(delete).build())
            })
            .collect()
    }

    async fn erasure(&self, id: StoryId, write: TransactWriteItem, entry: AuditEntry) -> Result<bool, StoreError> {
        // `true` marks the erasure, whose condition is that there is something to erase.
        let mut writes = Transaction::new();
        writes.add(true, write);
        writes.add(false, self.put_if_absent(serde_dynamo::to_item(AuditItem::new(id, entry))?)?);
        match writes.commit(self).await? {
            None => Ok(true),
            Some(parts) if parts == [true] => Ok(false),
            Some(parts) => Err(StoreError::Other(format!("an erasure refused {parts:?}"))),
        }
    }
}

impl Erasures for Store {
    /// The author asked to be forgotten: their email address removed (the postcode stays for
    /// its retention period), with `entry` in the audit trail. `false` if there was none.
    async fn forget_author_email(&self, id: StoryId, entry: AuditEntry) -> Result<bool, StoreError> {
        let update = Update::builder()
            .table_name(self.private_table())
            .set_key(Some(keys::story_contact(id).to_attributes()))
            .update_expression("REMOVE author_email")
            .condition_expression("attribute_exists(author_email)")
            .build()
            .map_err(StoreError::other)?;
        self.erasure(id, TransactWriteItem::builder().update(update).build(), entry).await
    }

    /// A moderator erased the author's contact details on request, with `entry` (which says
    /// so, and nothing of them) in the audit trail. `false` if there were none.
    async fn erase_contact(&self, id: StoryId, entry: AuditEntry) -> Result<bool, StoreError> {
        let delete = Delete::builder()
            .table_name(self.private_table())
            .set_key(Some(keys::story_contact(id).to_attributes()))
            .condition_expression("attribute_exists(pk)")
            .build()
            .map_err(StoreError::other)?;
        self.erasure(id, TransactWriteItem::builder().delete(delete).build(), entry).await
    }
}
