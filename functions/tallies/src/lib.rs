//! The tallies function: keeps the reports' aggregates from the table's stream. The
//! template's filter passes the changes of stories, of their answers and of links; a story is
//! tallied again from what it is now (so a record delivered twice, late or out of order
//! changes nothing the last one would not), and a link's opens are copied as counts.
//!
//! A batch tallies each story once, however many of its records it holds, in the order of
//! their first records. A failure that passes is waited out within the invocation; one that
//! does not is reported at the story's first record, and Lambda resumes from there.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_lambda_events::event::dynamodb::{Event, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use serde_dynamo::AttributeValue;
use tellcare::aws::AwsClients;
use tellcare::backoff::Backoff;
use tellcare::config::Config;
use tellcare::domain::report::Month;
use tellcare::domain::{ServiceId, StoryId};
use tellcare::store::{Store, StoreError, keys};

/// How long a batch waits out failures that pass, within the function's timeout.
const PATIENCE: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct Tallies {
    store: Store,
}

/// What one or more records of a batch ask to be tallied.
#[derive(Debug, PartialEq, Eq)]
enum Subject {
    Story(StoryId),
    /// A link's opens in the months whose count moved.
    LinkOpens {
        slug: String,
        service: ServiceId,
        months: BTreeMap<Month, u64>,
    },
}

impl Tallies {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        Self { store: Store::new(aws.dynamodb.clone(), &config.table_name, &config.private_table_name) }
    }

    pub async fn handle(&self, event: Event) -> DynamoDbEventResponse {
        let mut response = DynamoDbEventResponse::default();
        let mut backoff = Backoff::within(PATIENCE);
        for (first, subject) in subjects(&event.records) {
            let result = loop {
                match self.tally(&subject).await {
                    Err(StoreError::Unavailable(err)) if backoff.wait().await => {
                        tracing::info!(error = %err, "a tally waits to try again");
                    }
                    result => break result,
                }
            };
            if let Err(err) = result {
                tracing::warn!(error = %err, event_id = %first.event_id, "a tally failed");
                let mut failure = DynamoDbBatchItemFailure::default();
                failure.item_identifier = first.change.sequence_number.clone();
                response.batch_item_failures.push(failure);
                tellcare::metrics::count(tellcare::metrics::Metric::StreamRecordsFailed, Some("tallies"), 1);
                break;
            }
        }
        response
    }

    async fn tally(&self, subject: &Subject) -> Result<(), StoreError> {
        match subject {
            Subject::Story(id) => {
                let moved = Box::pin(self.store.tally_story(*id)).await?;
                tracing::debug!(story = %id, moved, "story tallied");
            }
            Subject::LinkOpens { slug, service, months } => {
                self.store.tally_link_opens(*service, slug, months).await?;
            }
        }
        Ok(())
    }
}

/// The batch's subjects, each with its first record, in that record's order: a story once
/// however many records name it; a link's months as its first record found them and its
/// last left them.
fn subjects(records: &[EventRecord]) -> Vec<(&EventRecord, Subject)> {
    let mut found: Vec<(&EventRecord, Subject)> = Vec::new();
    for record in records {
        let pk = text(record.change.keys.get(keys::PK)).unwrap_or_default();
        if let Some(story) = keys::story_of(&pk) {
            if !found.iter().any(|(_, s)| *s == Subject::Story(story)) {
                found.push((record, Subject::Story(story)));
            }
            continue;
        }
        let Some(slug) = keys::link_of(&pk) else { continue };
        let image =
            if record.change.new_image.is_empty() { &record.change.old_image } else { &record.change.new_image };
        let Some(service) = text(image.get("service_id")).and_then(|s| s.parse().ok()) else { continue };
        let (before, after) = (month_opens(&record.change.old_image), month_opens(&record.change.new_image));
        let moved: BTreeMap<Month, u64> = after.into_iter().filter(|(m, n)| before.get(m) != Some(n)).collect();
        let existing = found.iter_mut().find(|(_, s)| matches!(s, Subject::LinkOpens { slug: s, .. } if s == slug));
        match existing {
            Some((_, Subject::LinkOpens { months, .. })) => months.extend(moved),
            _ if !moved.is_empty() => {
                found.push((record, Subject::LinkOpens { slug: slug.to_owned(), service, months: moved }));
            }
            _ => {}
        }
    }
    found
}

fn text(value: Option<&AttributeValue>) -> Option<String> {
    match value {
        Some(AttributeValue::S(text)) => Some(text.clone()),
        _ => None,
    }
}

/// A link image's opens by month (its `opened_{yyyy-mm}` counters).
fn month_opens(image: &serde_dynamo::Item) -> BTreeMap<Month, u64> {
    let item = image.iter().map(|(name, value)| (name.clone(), value.clone().into())).collect();
    tellcare::store::link_month_opens(&item)
}
