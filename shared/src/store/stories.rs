//! Story items: a story and everything written with it, in one transaction.

use aws_sdk_dynamodb::types::{AttributeValue, TransactWriteItem, Update};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;

use super::audit::AuditItem;
use super::keys::{self, Key};
use super::transaction::Transaction;
use super::{Store, StoreError};
use crate::app::ports::TellStories;
use crate::app::tell::TellError;
use crate::domain::link::Slug;
use crate::domain::moderation::AuditEntry;
use crate::domain::story::{Story, StoryDraft, StoryStatus};
use crate::domain::{Criticality, ServiceId, StoryId};

/// How long a retry with the same idempotency key finds the first answer.
const IDEMPOTENCY_SECONDS: i64 = 24 * 60 * 60;
/// The parts of a new story's transaction that can refuse it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StoryPart {
    /// The story and what is written with it (its id is new: it never refuses).
    Story,
    /// The idempotency record: the same key was sent before.
    Idempotency,
    /// The link's count: the link takes no stories.
    Link,
    /// A service's check: it does not exist or is archived.
    Service(ServiceId),
}

#[derive(Serialize, Deserialize)]
pub(super) struct StoryItem {
    pk: String,
    sk: String,
    gsi1pk: String,
    gsi1sk: String,
    #[serde(flatten)]
    pub story: Story,
}

/// A story's tag to a service. While the story is published it is also a row of the
/// service's page (gsi2), carrying what that page shows, so the page is one Query.
#[derive(Serialize, Deserialize)]
pub(super) struct StoryServiceItem {
    pk: String,
    sk: String,
    pub story_id: StoryId,
    pub service_id: ServiceId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi2pk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gsi2sk: Option<String>,
    #[serde(default, flatten, skip_serializing_if = "Option::is_none")]
    pub listing: Option<Listing>,
}

/// What a service's page shows of one of its published stories.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    pub service_name: String,
    pub title: String,
    /// The start of the story, cut at a word.
    pub excerpt: String,
    pub username: String,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: time::OffsetDateTime,
    /// For staff, never shown in public: as the moderator rated it (absent on listings made
    /// before it was kept here, until the story is next moderated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criticality: Option<Criticality>,
}

/// Characters of a story a service's page shows.
const EXCERPT_CHARS: usize = 280;

fn excerpt(body: &str) -> String {
    crate::domain::text::start_of(body, EXCERPT_CHARS)
}

impl StoryItem {
    /// The story with its keys: in the queue of its status, ordered by how long it has been
    /// there.
    pub(super) fn new(story: Story) -> Result<Self, StoreError> {
        let Key { pk, sk } = keys::story(story.id());
        let gsi1sk = super::Cursor::of_status(&story)?.sort_key().to_owned();
        Ok(StoryItem { pk, sk, gsi1pk: keys::stories_in(story.status()), gsi1sk, story })
    }
}

impl StoryServiceItem {
    /// The tag of a story to a service; on the service's page (gsi2) only while published,
    /// named `service_name` there.
    pub(super) fn new(story: &Story, service: ServiceId, service_name: Option<&str>) -> Result<Self, StoreError> {
        let Key { pk, sk } = keys::story_service(story.id(), service);
        let (mut gsi2pk, mut gsi2sk, mut listing) = (None, None, None);
        if let (StoryStatus::Published, Some(at)) = (story.status(), story.published_at()) {
            let formatted = at.format(&Rfc3339).map_err(StoreError::other)?;
            gsi2pk = Some(keys::published_in(service));
            gsi2sk = Some(format!("{formatted}#{}", story.id()));
            listing = Some(Listing {
                service_name: service_name.unwrap_or_default().to_owned(),
                title: story.title().to_owned(),
                excerpt: excerpt(story.body()),
                username: story.username().as_str().to_owned(),
                published_at: at,
                criticality: story.criticality(),
            });
        }
        Ok(StoryServiceItem { pk, sk, story_id: story.id(), service_id: service, gsi2pk, gsi2sk, listing })
    }
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
    /// Its first audit entry, the notifier's event.
    pub received: AuditEntry,
    /// The digest of the idempotency key (or the form's one-time token), and of the request.
    pub idempotency: Option<(String, String)>,
}

impl Store {
    async fn earlier_answer(&self, digest: &str, fingerprint: &str) -> Result<StoryId, TellError> {
        let item = self.get_item(&keys::idempotency(digest), true).await?;
        let item = item.ok_or_else(|| StoreError::other("an idempotency record vanished"))?;
        let record: IdempotencyItem = serde_dynamo::from_item(item).map_err(StoreError::from)?;
        if record.fingerprint == fingerprint { Ok(record.story_id) } else { Err(TellError::KeyReused) }
    }

    fn story_writes(&self, submission: &Submission<'_>) -> Result<Transaction<StoryPart>, StoreError> {
        let story = &submission.story;
        let id = story.id();
        let mut writes = Transaction::new();
        writes.add(StoryPart::Story, self.put_if_absent(serde_dynamo::to_item(StoryItem::new(story.clone())?)?)?);
        if let Some((digest, fingerprint)) = &submission.idempotency {
            let key = keys::idempotency(digest);
            let record = IdempotencyItem {
                pk: key.pk,
                sk: key.sk,
                fingerprint: fingerprint.clone(),
                story_id: id,
                expires_at: story.received_at().unix_timestamp() + IDEMPOTENCY_SECONDS,
            };
            writes.add(StoryPart::Idempotency, self.put_if_absent(serde_dynamo::to_item(record)?)?);
        }
        if let Some(slug) = &story.link() {
            writes.add(StoryPart::Link, self.count_submission(slug)?);
        }
        for service in story.service_ids() {
            writes.add(StoryPart::Service(*service), self.check_service_open(*service)?);
        }
        writes.add_all(StoryPart::Story, self.private_puts(id, submission.draft)?);
        for service in story.service_ids() {
            let tag = serde_dynamo::to_item(StoryServiceItem::new(story, *service, None)?)?;
            writes.add(StoryPart::Story, self.put_if_absent(tag)?);
        }
        writes.add(
            StoryPart::Story,
            self.put_if_absent(serde_dynamo::to_item(AuditItem::new(id, submission.received.clone()))?)?,
        );
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

impl TellStories for Store {
    /// Stores the story, its original text, the author's contact details, one item per
    /// service, the first audit entry, the idempotency record and the link's submission count,
    /// all or nothing, in one transaction that also checks each service takes stories and the
    /// link is open. A request stored before under the same key answers with its story's id.
    async fn create_story(&self, submission: Submission<'_>) -> Result<StoryId, TellError> {
        let Some(refused) = self.story_writes(&submission)?.commit(self).await? else {
            return Ok(submission.story.id());
        };
        if let Some((digest, fingerprint)) = &submission.idempotency
            && refused.contains(&StoryPart::Idempotency)
        {
            return self.earlier_answer(digest, fingerprint).await;
        }
        if refused.contains(&StoryPart::Link) {
            return Err(TellError::LinkClosed);
        }
        let closed: Vec<ServiceId> = refused
            .iter()
            .filter_map(|part| if let StoryPart::Service(id) = part { Some(*id) } else { None })
            .collect();
        if !closed.is_empty() {
            return Err(TellError::ServicesClosed(closed));
        }
        Err(StoreError::Other(format!("a new story's transaction refused {refused:?}")).into())
    }
}
