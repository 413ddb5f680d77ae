//! The notifier: reads the table's stream and turns the changes that matter into emails, and
//! marks responders whose address SES reports as bouncing or complaining.
//!
//! Every change to a story writes one audit entry, so the audit entries' INSERTs are the
//! events (the template's filter passes only those, and the staff changes whose new members
//! are invited): received, published, rejected, author contacted. Lambda delivers records at least once and in order per item. Each email is sent
//! once per event and recipient (a marker is claimed before sending); a record that cannot be
//! handled is reported as a batch item failure, so one bad record neither blocks nor loses the
//! rest, and after the template's bounded retries it goes to the failure queue. A failure that
//! passes (DynamoDB or SES unavailable, another delivery sending) is waited out within the
//! invocation first, so that an outage of a minute spends no retry and loses no email.

use std::sync::Arc;
use std::time::Duration;

use aws_lambda_events::event::dynamodb::{Event, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use serde::Deserialize;
use tellcare::aws::AwsClients;
pub(crate) use tellcare::backoff::Backoff;
use tellcare::config::Config;
use tellcare::domain::event::EventKind;
use tellcare::domain::moderation::AuditEntry;
use tellcare::domain::record::StoryRecord;
use tellcare::domain::story::StoryStatus;
use tellcare::domain::{Criticality, StoryId};
use tellcare::mail::Mailer;
use tellcare::metrics::{self, Metric};
use tellcare::store::keys;
use tellcare::store::{Store, StoreError};

mod digests;
mod invitations;
mod mail_events;
mod open_links;
mod recipients;

pub use invitations::staff_change;
pub use mail_events::MailEvent;

/// How long a batch waits out failures that pass, within the function's 60 s timeout.
const PATIENCE: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct Notifier {
    store: Store,
    mailer: Mailer,
    public_base_url: Arc<str>,
    /// How long a decided story's private parts are kept.
    retention: time::Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("the record cannot be read: {0}")]
    Unreadable(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Mail(#[from] tellcare::mail::MailError),
    #[error("another delivery is sending this email now")]
    InFlight,
    #[error("an email could not be rendered: {0}")]
    Render(String),
}

impl RecordError {
    /// A failure that passes by itself: worth waiting for rather than reporting at once.
    fn passes(&self) -> bool {
        matches!(
            self,
            RecordError::Store(StoreError::Unavailable(_))
                | RecordError::Mail(tellcare::mail::MailError::Unavailable(_))
                | RecordError::InFlight
        )
    }
}

/// An audit entry as its stream record carries it.
#[derive(Deserialize)]
struct AuditImage {
    pk: String,
    sk: String,
    #[serde(flatten)]
    entry: AuditEntry,
}

/// One event of one story: an audit entry just written.
pub struct StoryEvent {
    /// Unique per event: the story and the audit entry's own id.
    pub id: String,
    pub story_id: StoryId,
    pub entry: AuditEntry,
}

impl Notifier {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        Self {
            // Of the private table it reads only the contact details (a GetItem of named
            // attributes, as its IAM policy insists), never the text as the author wrote it.
            store: Store::new(aws.dynamodb.clone(), &config.table_name, &config.private_table_name),
            mailer: Mailer::new(&aws.sesv2, &config.sender_address, config.ses_configuration_set.clone()),
            public_base_url: config.public_base_url.as_str().into(),
            retention: time::Duration::days(config.retention_days),
        }
    }

    /// Handles a batch, reporting the first record that failed: Lambda resumes from it, and
    /// handling the later ones first would reorder one item's changes.
    pub async fn handle(&self, event: Event) -> DynamoDbEventResponse {
        let mut response = DynamoDbEventResponse::default();
        let mut backoff = Backoff::within(PATIENCE);
        for record in &event.records {
            let result = loop {
                match self.handle_record(record).await {
                    Err(err) if err.passes() && backoff.wait().await => {
                        tracing::info!(error = %err, event_id = %record.event_id, "stream record waits to try again");
                    }
                    result => break result,
                }
            };
            if let Err(err) = result {
                tracing::warn!(error = %err, event_id = %record.event_id, "stream record failed");
                metrics::count(Metric::StreamRecordsFailed, Some("notifier"), 1);
                let mut failure = DynamoDbBatchItemFailure::default();
                failure.item_identifier = record.change.sequence_number.clone();
                response.batch_item_failures.push(failure);
                break;
            }
        }
        response
    }

    async fn handle_record(&self, record: &EventRecord) -> Result<(), RecordError> {
        if let Some(entry) = staff_change(record)? {
            return Box::pin(self.invite(&entry)).await;
        }
        let Some(event) = story_event(record)? else { return Ok(()) };
        // Boxed: the SDK's futures nest deep enough to overflow the compiler's layout limit.
        Box::pin(self.notify(&event)).await
    }

    /// Sends what the event calls for, to everyone it concerns, each once.
    async fn notify(&self, event: &StoryEvent) -> Result<(), RecordError> {
        let action = event.entry.kind();
        let tells = Tells::of(action);
        let emails = tells != Tells::Nobody;
        let decision = [event.entry.from_status, event.entry.to_status].iter().flatten().any(|s| s.is_decided());
        if !emails && !decision {
            return Ok(());
        }
        let Some(record) = self.store.story_record(event.story_id).await? else {
            return Err(RecordError::Unreadable(format!("story {} is not in the table", event.story_id)));
        };
        let done = self.act_on(event, &record, tells, decision).await;
        if done.is_ok() {
            // Once handled: a failed record comes again from this one, so nothing counts twice.
            count(action, &record);
        }
        done
    }

    async fn act_on(
        &self,
        event: &StoryEvent,
        record: &StoryRecord,
        tells: Tells,
        decision: bool,
    ) -> Result<(), RecordError> {
        let action = event.entry.kind();
        let emails = tells != Tells::Nobody;
        if decision {
            // From the story as it is now, so that events out of order keep the right time.
            let until = record.story.private_kept_until(self.retention);
            if record.story.status() != StoryStatus::Withdrawn {
                self.store.keep_private_until(record.story.id(), until).await?;
            }
        }
        if !emails {
            return Ok(());
        }
        // Nobody is told of a story withdrawn before the email goes.
        if record.story.status() == StoryStatus::Withdrawn {
            tracing::info!(story = %event.story_id, %action, "story withdrawn; nothing sent");
            return Ok(());
        }
        let contact = self.store.author_contact(record.story.id()).await?;
        if tells == Tells::NewLink {
            return self.renew_link(event, record, contact.author_email).await;
        }
        if let Some(email) = &contact.author_email {
            self.tell_author(event, record, email).await?;
        }
        if tells == Tells::AuthorAndResponders {
            let criticality =
                record.story.criticality().unwrap_or(Criticality::try_from(0).expect("0 is a criticality"));
            for (service, responder) in self.recipients(record.story.service_ids(), criticality).await? {
                self.tell_responder(event, record, &service, &responder).await?;
            }
        }
        Ok(())
    }
}

/// The event's count on the dashboard, if it has one.
fn count(kind: EventKind, record: &StoryRecord) {
    match kind {
        EventKind::Received => metrics::count(Metric::StoriesTold, Some(record.story.channel().code()), 1),
        EventKind::Published => metrics::count(Metric::StoriesPublished, None, 1),
        EventKind::ResponsePublished => metrics::count(Metric::AnswersPublished, None, 1),
        _ => {}
    }
}

/// Who an event is emailed to. Every kind is decided here: a new kind of event does not
/// compile until someone says who hears of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tells {
    Nobody,
    Author,
    AuthorAndResponders,
    /// Whoever's link expired, named by the entry: a new one.
    NewLink,
}

impl Tells {
    fn of(kind: EventKind) -> Tells {
        use EventKind::*;
        match kind {
            Received | Rejected | AuthorContacted | ResponsePublished => Tells::Author,
            Published => Tells::AuthorAndResponders,
            LinkRequested => Tells::NewLink,
            Edited | Held | Reopened | AuthorReplied | Withdrawn | ReplyReceived | ReplyPublished | ReplyRejected
            | AuthorEmailForgotten | ContactErased => Tells::Nobody,
        }
    }
}

/// The story event a record carries, if it is one: the INSERT of an audit entry.
pub fn story_event(record: &EventRecord) -> Result<Option<StoryEvent>, RecordError> {
    let sk: Option<String> =
        record.change.keys.get(keys::SK).and_then(|value| serde_dynamo::from_attribute_value(value.clone()).ok());
    let is_audit = sk.as_deref().is_some_and(|sk| keys::story_item_kind(sk) == keys::StoryItemKind::Audit);
    if record.event_name != "INSERT" || !is_audit {
        return Ok(None);
    }
    let image: AuditImage =
        serde_dynamo::from_item(record.change.new_image.clone()).map_err(|e| RecordError::Unreadable(e.to_string()))?;
    let story_id = keys::story_of(&image.pk).ok_or_else(|| RecordError::Unreadable("not a story's key".into()))?;
    let entry_id =
        keys::audit_entry_of(&image.sk).ok_or_else(|| RecordError::Unreadable("not an audit entry".into()))?;
    Ok(Some(StoryEvent { id: format!("{story_id}#{entry_id}"), story_id, entry: image.entry }))
}

/// What the function may be invoked with: the table's stream, SES's events through
/// EventBridge, or a digest's schedule (`{"digest": "daily"}`, the rule's own input).
pub async fn handle_any(notifier: &Notifier, payload: serde_json::Value) -> Result<serde_json::Value, RecordError> {
    if let Some(digest) = payload.get("digest") {
        let digest = digest
            .as_str()
            .and_then(tellcare::domain::responder::Digest::parse)
            .ok_or_else(|| RecordError::Unreadable(format!("no such digest: {digest}")))?;
        if digest == tellcare::domain::responder::Digest::Daily {
            notifier.count_open_links().await;
        }
        let sent = notifier.send_digests(digest, time::OffsetDateTime::now_utc()).await?;
        return Ok(serde_json::json!({ "sent": sent }));
    }
    if payload.get("Records").is_some() {
        let event: Event = serde_json::from_value(payload).map_err(|e| RecordError::Unreadable(e.to_string()))?;
        let response = notifier.handle(event).await;
        return serde_json::to_value(response).map_err(|e| RecordError::Unreadable(e.to_string()));
    }
    let event: MailEvent = serde_json::from_value(payload).map_err(|e| RecordError::Unreadable(e.to_string()))?;
    notifier.handle_mail_event(&event).await?;
    Ok(serde_json::Value::Null)
}
