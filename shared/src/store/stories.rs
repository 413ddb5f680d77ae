//! Story items: a story and everything written with it, in one transaction.

use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::keys::{self, Key};
use super::{Store, StoreError, cancellation_reasons};
use crate::domain::link::Slug;
use crate::domain::story::Postcode;
use crate::domain::story::{Story, StoryDraft};
use crate::domain::{EmailAddress, ServiceId, StoryId};

/// How long a retry with the same idempotency key finds the first answer.
const IDEMPOTENCY_SECONDS: i64 = 24 * 60 * 60;
/// Concurrent writes of one key cancel each other in DynamoDB; the loser tries again.
const CONFLICT_ATTEMPTS: usize = 4;

#[derive(Serialize, Deserialize)]
struct StoryItem {
    pk: String,
    sk: String,
    gsi1pk: String,
    gsi1sk: String,
    #[serde(flatten)]
    story: Story,
}

#[derive(Serialize)]
struct OriginalItem<'a> {
    pk: String,
    sk: String,
    title: &'a str,
    body: &'a str,
}

#[derive(Serialize)]
struct ContactItem<'a> {
    pk: String,
    sk: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    author_email: Option<&'a EmailAddress>,
    #[serde(skip_serializing_if = "Option::is_none")]
    postcode: Option<&'a Postcode>,
}

#[derive(Serialize)]
struct StoryServiceItem {
    pk: String,
    sk: String,
    story_id: StoryId,
    service_id: ServiceId,
}

#[derive(Serialize)]
struct AuditItem<'a> {
    pk: String,
    sk: String,
    action: &'a str,
    by: &'a str,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
}

#[derive(Serialize, Deserialize)]
struct IdempotencyItem {
    pk: String,
    sk: String,
    fingerprint: String,
    story_id: StoryId,
    expires_at: i64,
}

/// A request to store a story once.
pub struct Submission<'a> {
    pub story: Story,
    pub draft: &'a StoryDraft,
    /// Who the audit trail names: "author", or a staff member's subject.
    pub by: &'a str,
    /// The digest of the idempotency key (or the form's one-time token), and of the request.
    pub idempotency: Option<(String, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateStoryError {
    /// The key was used before for a different request.
    #[error("the idempotency key was used for a different story")]
    KeyReused,
    #[error("the invitation link takes no stories")]
    LinkClosed,
    /// These services do not exist or are archived.
    #[error("some services take no stories")]
    ServicesClosed(Vec<ServiceId>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// Stores the story, its original text, the author's contact details, one item per
    /// service, the first audit entry, the idempotency record and the link's submission count,
    /// all or nothing, in one transaction that also checks each service takes stories and the
    /// link is open. A request stored before under the same key answers with its story's id.
    pub async fn create_story(&self, submission: Submission<'_>) -> Result<StoryId, CreateStoryError> {
        let writes = self.story_writes(&submission)?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self.client.transact_write_items().set_transact_items(Some(writes.clone())).send().await;
            let Err(err) = result else { return Ok(submission.story.id) };
            let Some(reasons) = err.as_service_error().and_then(cancellation_reasons) else {
                return Err(StoreError::from(err).into());
            };
            let failed = |i: usize| reasons.get(i).and_then(|r| r.as_deref()) == Some("ConditionalCheckFailed");
            // Positions: 0 the story, then the idempotency record and the link if present,
            // then the services' checks (see story_writes).
            let mut position = 1;
            if let Some((digest, fingerprint)) = &submission.idempotency {
                if failed(position) {
                    return self.earlier_answer(digest, fingerprint).await;
                }
                position += 1;
            }
            if submission.story.link.is_some() {
                if failed(position) {
                    return Err(CreateStoryError::LinkClosed);
                }
                position += 1;
            }
            let closed: Vec<ServiceId> = submission
                .story
                .service_ids
                .iter()
                .enumerate()
                .filter(|(i, _)| failed(position + i))
                .map(|(_, id)| *id)
                .collect();
            if !closed.is_empty() {
                return Err(CreateStoryError::ServicesClosed(closed));
            }
            let conflict = reasons.iter().any(|r| r.as_deref() == Some("TransactionConflict"));
            if !conflict || attempt == CONFLICT_ATTEMPTS {
                return Err(StoreError::Other(format!("story transaction cancelled: {reasons:?}")).into());
            }
            tokio::time::sleep(std::time::Duration::from_millis(20 * attempt as u64)).await;
        }
    }

    async fn earlier_answer(&self, digest: &str, fingerprint: &str) -> Result<StoryId, CreateStoryError> {
        let item = self.get_item(&keys::idempotency(digest), true).await?;
        let item = item.ok_or_else(|| StoreError::other("an idempotency record vanished"))?;
        let record: IdempotencyItem = serde_dynamo::from_item(item).map_err(StoreError::from)?;
        if record.fingerprint == fingerprint { Ok(record.story_id) } else { Err(CreateStoryError::KeyReused) }
    }

    fn story_writes(&self, submission: &Submission<'_>) -> Result<Vec<TransactWriteItem>, StoreError> {
        let story = &submission.story;
        let id = story.id;
        let key = keys::story(id);
        let since =
            story.received_at.format(&time::format_description::well_known::Rfc3339).map_err(StoreError::other)?;
        let item = StoryItem {
            pk: key.pk,
            sk: key.sk,
            gsi1pk: keys::stories_in(story.status),
            gsi1sk: format!("{since}#{id}"),
            story: story.clone(),
        };
        let mut writes = vec![self.put_if_absent(serde_dynamo::to_item(item)?)?];
        if let Some((digest, fingerprint)) = &submission.idempotency {
            let key = keys::idempotency(digest);
            let record = IdempotencyItem {
                pk: key.pk,
                sk: key.sk,
                fingerprint: fingerprint.clone(),
                story_id: id,
                expires_at: story.received_at.unix_timestamp() + IDEMPOTENCY_SECONDS,
            };
            writes.push(self.put_if_absent(serde_dynamo::to_item(record)?)?);
        }
        if let Some(slug) = &story.link {
            writes.push(self.count_submission(slug)?);
        }
        for service in &story.service_ids {
            writes.push(self.check_service_open(*service)?);
        }
        let Key { pk, sk } = keys::story_original(id);
        let draft = submission.draft;
        writes.push(self.put_if_absent(serde_dynamo::to_item(OriginalItem {
            pk,
            sk,
            title: &draft.title,
            body: &draft.body,
        })?)?);
        if draft.author_email.is_some() || draft.postcode.is_some() {
            let Key { pk, sk } = keys::story_contact(id);
            let contact =
                ContactItem { pk, sk, author_email: draft.author_email.as_ref(), postcode: draft.postcode.as_ref() };
            writes.push(self.put_if_absent(serde_dynamo::to_item(contact)?)?);
        }
        for service in &story.service_ids {
            let Key { pk, sk } = keys::story_service(id, *service);
            let tag = StoryServiceItem { pk, sk, story_id: id, service_id: *service };
            writes.push(self.put_if_absent(serde_dynamo::to_item(tag)?)?);
        }
        let Key { pk, sk } = keys::story_audit(id, ulid::Ulid::generate());
        let audit = AuditItem { pk, sk, action: "received", by: submission.by, at: story.received_at };
        writes.push(self.put_if_absent(serde_dynamo::to_item(audit)?)?);
        Ok(writes)
    }

    /// The link's submission count, moved only while the link takes stories.
    fn count_submission(&self, slug: &Slug) -> Result<TransactWriteItem, StoreError> {
        let update = Update::builder()
            .table_name(self.table())
            .set_key(Some(keys::link(slug).to_attributes()))
            .update_expression("ADD submitted :one")
            .condition_expression("enabled = :yes AND attribute_not_exists(deleted_at)")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":yes", AttributeValue::Bool(true))
            .build()
            .map_err(StoreError::other)?;
        Ok(TransactWriteItem::builder().update(update).build())
    }
}
