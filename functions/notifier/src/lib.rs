//! The notifier: reads the table's stream and turns the changes that matter into emails.
//!
//! Lambda delivers records at least once and in order per item. A record that cannot be
//! handled is reported as a batch item failure (`ReportBatchItemFailures`): Lambda retries
//! from it, bisects, and after the template's bounded retries sends it to the failure queue,
//! so one bad record neither blocks nor loses the rest.

use aws_lambda_events::event::dynamodb::{Event, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use tellcare::store::keys::{self, ItemKind};

#[derive(Clone, Default)]
pub struct Notifier;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecordError {
    #[error("the record has no readable partition key")]
    NoKey,
}

impl Notifier {
    pub fn new() -> Self {
        Notifier
    }

    /// Handles a batch, reporting the first record that failed: Lambda resumes from it, and
    /// handling the later ones first would reorder one item's changes.
    pub async fn handle(&self, event: Event) -> DynamoDbEventResponse {
        let mut response = DynamoDbEventResponse::default();
        for record in &event.records {
            if let Err(err) = self.handle_record(record).await {
                tracing::warn!(error = %err, event_id = %record.event_id, "stream record failed");
                let mut failure = DynamoDbBatchItemFailure::default();
                failure.item_identifier = record.change.sequence_number.clone();
                response.batch_item_failures.push(failure);
                break;
            }
        }
        response
    }

    async fn handle_record(&self, record: &EventRecord) -> Result<(), RecordError> {
        let kind = record_kind(record).ok_or(RecordError::NoKey)?;
        // No change is emailed yet: each email arrives with the change that causes it.
        tracing::debug!(?kind, event = %record.event_name, "stream record");
        Ok(())
    }
}

/// Which kind of item a record is about, from its key alone.
pub fn record_kind(record: &EventRecord) -> Option<ItemKind> {
    let pk: String =
        record.change.keys.get(keys::PK).and_then(|value| serde_dynamo::from_attribute_value(value.clone()).ok())?;
    Some(keys::item_kind(&pk))
}
