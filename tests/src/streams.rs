//! The table's stream, handed to the stream function as Lambda's event source mapping would:
//! batches of up to `BatchSize`, in order per shard; with `ReportBatchItemFailures`, a batch
//! resumes from its first failed record, up to `MaximumRetryAttempts` times, after which the
//! records are set aside (in AWS: the on-failure queue) and the shard moves on.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_lambda_events::event::dynamodb::Event;
use aws_lambda_events::event::streams::DynamoDbEventResponse;
use aws_sdk_dynamodbstreams::types::{Record, ShardIteratorType};
use serde_json::{Value, json};

use crate::resources::BoxError;
use crate::template::StreamEventSpec;

pub type StreamHandler =
    Arc<dyn Fn(Event) -> Pin<Box<dyn Future<Output = DynamoDbEventResponse> + Send>> + Send + Sync>;

const POLL_INTERVAL: Duration = Duration::from_millis(100);
const RETRY_BACKOFF: Duration = Duration::from_millis(200);

/// Records that exhausted their retries, as the on-failure queue would hold them.
#[derive(Clone, Default)]
pub struct DeadLetters(Arc<Mutex<Vec<Value>>>);

impl DeadLetters {
    pub fn records(&self) -> Vec<Value> {
        self.0.lock().expect("dead letters lock").clone()
    }
}

pub struct StreamPoller {
    pub streams: aws_sdk_dynamodbstreams::Client,
    pub stream_arn: String,
    pub region: String,
    pub settings: StreamSettings,
    pub handler: StreamHandler,
    pub dead_letters: DeadLetters,
}

#[derive(Clone, Debug)]
pub struct StreamSettings {
    pub batch_size: usize,
    pub maximum_retry_attempts: usize,
    pub report_batch_item_failures: bool,
    /// Event patterns; a record that matches none is not delivered (none: every record is).
    pub filters: Vec<Value>,
}

impl TryFrom<&StreamEventSpec> for StreamSettings {
    type Error = serde_json::Error;

    fn try_from(spec: &StreamEventSpec) -> Result<Self, Self::Error> {
        let patterns = spec.filter_criteria.iter().flat_map(|c| &c.filters);
        Ok(StreamSettings {
            batch_size: spec.batch_size,
            maximum_retry_attempts: spec.maximum_retry_attempts,
            report_batch_item_failures: spec.function_response_types.iter().any(|t| t == "ReportBatchItemFailures"),
            filters: patterns.map(|f| serde_json::from_str(&f.pattern)).collect::<Result<_, _>>()?,
        })
    }
}

/// Whether Lambda's event filtering passes `record`: it matches any of `filters`.
pub fn passes_filters(record: &Value, filters: &[Value]) -> bool {
    filters.is_empty() || filters.iter().any(|pattern| matches_pattern(record, pattern))
}

/// An event pattern: every key of the pattern must match; a list matches when any of its
/// entries does (a value, `{"prefix": …}` or `{"exists": …}`).
fn matches_pattern(value: &Value, pattern: &Value) -> bool {
    match pattern {
        Value::Object(fields) => fields.iter().all(|(key, wanted)| match (value.get(key), wanted) {
            (found, Value::Array(choices)) if choices.iter().any(|c| c.get("exists").is_some()) => {
                choices.iter().any(|c| c.get("exists") == Some(&Value::Bool(found.is_some())))
            }
            (Some(found), _) => matches_pattern(found, wanted),
            (None, _) => false,
        }),
        Value::Array(choices) => choices.iter().any(|choice| match choice.get("prefix") {
            Some(Value::String(prefix)) => value.as_str().is_some_and(|v| v.starts_with(prefix.as_str())),
            _ => choice == value,
        }),
        other => other == value,
    }
}

impl StreamPoller {
    /// Polls every shard until the task is dropped.
    pub async fn run(self) {
        loop {
            if let Err(err) = self.poll_shards().await {
                tracing::warn!(error = %err, "reading the table's stream failed; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }

    async fn poll_shards(&self) -> Result<(), BoxError> {
        let description = self.streams.describe_stream().stream_arn(&self.stream_arn).send().await?;
        let shards = description.stream_description().map(|d| d.shards().to_vec()).unwrap_or_default();
        let mut iterators = Vec::new();
        for shard in shards {
            let Some(shard_id) = shard.shard_id() else { continue };
            let iterator = self
                .streams
                .get_shard_iterator()
                .stream_arn(&self.stream_arn)
                .shard_id(shard_id)
                .shard_iterator_type(ShardIteratorType::TrimHorizon)
                .send()
                .await?;
            iterators.extend(iterator.shard_iterator().map(str::to_owned));
        }
        loop {
            let mut next = Vec::new();
            for iterator in iterators {
                let output = self.streams.get_records().shard_iterator(&iterator).send().await?;
                // Lambda filters the records before it batches them.
                let records: Vec<Value> = output
                    .records()
                    .iter()
                    .map(|r| lambda_record(r, &self.stream_arn, &self.region))
                    .filter(|r| passes_filters(r, &self.settings.filters))
                    .collect();
                for batch in records.chunks(self.settings.batch_size.max(1)) {
                    self.deliver(batch.to_vec()).await;
                }
                next.extend(output.next_shard_iterator().map(str::to_owned));
            }
            iterators = next;
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    async fn deliver(&self, mut records: Vec<Value>) {
        let mut retries = 0;
        while !records.is_empty() {
            let event: Event = match serde_json::from_value(json!({ "Records": records })) {
                Ok(event) => event,
                Err(err) => {
                    tracing::error!(error = %err, "a stream batch does not read as a Lambda event");
                    self.dead_letters.0.lock().expect("dead letters lock").append(&mut records);
                    return;
                }
            };
            let response = (self.handler)(event).await;
            let Some(first_failed) = self.first_failed(&records, &response) else { return };
            records.drain(..first_failed);
            retries += 1;
            if retries > self.settings.maximum_retry_attempts {
                tracing::error!(count = records.len(), "stream records gave up after retries");
                self.dead_letters.0.lock().expect("dead letters lock").append(&mut records);
                return;
            }
            tokio::time::sleep(RETRY_BACKOFF).await;
        }
    }

    /// Where to resume: the earliest reported failure; an unknown identifier fails the batch.
    fn first_failed(&self, records: &[Value], response: &DynamoDbEventResponse) -> Option<usize> {
        if response.batch_item_failures.is_empty() {
            return None;
        }
        if !self.settings.report_batch_item_failures {
            return Some(0);
        }
        let positions = response.batch_item_failures.iter().map(|failure| {
            let id = failure.item_identifier.as_deref();
            records.iter().position(|r| r["dynamodb"]["SequenceNumber"].as_str() == id).unwrap_or(0)
        });
        positions.min()
    }
}

/// A stream record as Lambda delivers it.
fn lambda_record(record: &Record, stream_arn: &str, region: &str) -> Value {
    let change = record.dynamodb();
    let image = |map: Option<&std::collections::HashMap<String, aws_sdk_dynamodbstreams::types::AttributeValue>>| {
        map.map(|m| serde_json::to_value(serde_dynamo::Item::from(m.clone())).unwrap_or(Value::Null))
    };
    let mut dynamodb = json!({
        "Keys": image(change.and_then(|c| c.keys.as_ref())),
        "SequenceNumber": change.and_then(|c| c.sequence_number()),
        "SizeBytes": change.and_then(|c| c.size_bytes()).unwrap_or(0),
        "StreamViewType": change.and_then(|c| c.stream_view_type()).map(|v| v.as_str().to_owned()),
        "ApproximateCreationDateTime": change.and_then(|c| c.approximate_creation_date_time()).map(|t| t.secs()),
    });
    if let Some(new) = image(change.and_then(|c| c.new_image.as_ref())) {
        dynamodb["NewImage"] = new;
    }
    if let Some(old) = image(change.and_then(|c| c.old_image.as_ref())) {
        dynamodb["OldImage"] = old;
    }
    json!({
        "eventID": record.event_id(),
        "eventName": record.event_name().map(|n| n.as_str().to_owned()),
        "eventVersion": record.event_version().unwrap_or("1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "eventSourceARN": stream_arn,
        "dynamodb": dynamodb,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_as_lambda_event_filtering_does() {
        let filter = json!({"eventName": ["INSERT"], "dynamodb": {"Keys": {"sk": {"S": [{"prefix": "AUDIT#"}]}}}});
        let record = |event: &str, sk: &str| json!({"eventName": event, "dynamodb": {"Keys": {"sk": {"S": sk}}}});
        assert!(passes_filters(&record("INSERT", "AUDIT#01"), std::slice::from_ref(&filter)));
        assert!(!passes_filters(&record("MODIFY", "AUDIT#01"), std::slice::from_ref(&filter)));
        assert!(!passes_filters(&record("INSERT", "STORY"), std::slice::from_ref(&filter)));
        assert!(passes_filters(&record("INSERT", "STORY"), &[]), "no filters: everything");
        let exists = json!({"dynamodb": {"NewImage": [{"exists": false}]}});
        assert!(passes_filters(&record("REMOVE", "X"), &[exists]));
    }
}
