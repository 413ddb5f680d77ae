//! The table's stream, handed to the stream function as Lambda's event source mapping does:
//! batches of up to `BatchSize`, in order per shard, each shard read from a checkpoint of its
//! own (found again from that checkpoint when the shards change or an iterator expires).
//! With `ReportBatchItemFailures` a batch resumes from its first failed record; with
//! `BisectBatchOnFunctionError` a failing batch is split in two, each half tried alone, until
//! the failing record is alone, and splitting counts as no retry. After `MaximumRetryAttempts`
//! only what still fails is set aside (in AWS: the on-failure queue) and the shard moves on.
//!
//! [`StreamFaults`] makes it deliver batches twice and out of order, as at-least-once
//! delivery and several shards may.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_lambda_events::event::dynamodb::Event;
use aws_lambda_events::event::streams::DynamoDbEventResponse;
use aws_sdk_dynamodbstreams::error::ProvideErrorMetadata;
use aws_sdk_dynamodbstreams::types::{Record, ShardIteratorType};
use rand::RngExt;
use serde_json::{Value, json};

use crate::resources::BoxError;
use crate::template::StreamEventSpec;

pub type StreamHandler =
    Arc<dyn Fn(Event) -> Pin<Box<dyn Future<Output = DynamoDbEventResponse> + Send>> + Send + Sync>;

const POLL_INTERVAL: Duration = Duration::from_millis(100);
/// How often the shards are listed again and each open shard's iterator renewed from its
/// checkpoint, whether or not anything went wrong.
const REFRESH_INTERVAL: Duration = Duration::from_secs(5);
const FIRST_RETRY_BACKOFF: Duration = Duration::from_millis(100);
const LONGEST_RETRY_BACKOFF: Duration = Duration::from_secs(2);

/// Records that exhausted their retries, as the on-failure queue would hold them.
#[derive(Clone, Default)]
pub struct DeadLetters(Arc<Mutex<Vec<Value>>>);

impl DeadLetters {
    pub fn records(&self) -> Vec<Value> {
        self.0.lock().expect("dead letters lock").clone()
    }

    fn set_aside(&self, records: &mut Vec<Value>) {
        tracing::error!(count = records.len(), "stream records gave up after retries");
        self.0.lock().expect("dead letters lock").append(records);
    }
}

/// Shares of batches delivered twice, and held back until after the next one.
#[derive(Clone, Copy, Debug, Default)]
pub struct StreamFaults {
    pub duplicate: f64,
    pub reorder: f64,
}

pub struct StreamPoller {
    pub streams: aws_sdk_dynamodbstreams::Client,
    pub stream_arn: String,
    pub region: String,
    pub settings: StreamSettings,
    pub handler: StreamHandler,
    pub dead_letters: DeadLetters,
    pub faults: StreamFaults,
}

#[derive(Clone, Debug)]
pub struct StreamSettings {
    pub batch_size: usize,
    pub maximum_retry_attempts: usize,
    pub bisect_batch_on_function_error: bool,
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
            bisect_batch_on_function_error: spec.bisect_batch_on_function_error,
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

/// Where the reading of one shard stands.
#[derive(Default)]
struct ShardCursor {
    iterator: Option<String>,
    /// The last record read (delivered or filtered out), to resume after.
    checkpoint: Option<String>,
    /// Read to its end: a closed shard has no next iterator.
    closed: bool,
}

impl StreamPoller {
    /// Polls every shard until the task is dropped.
    pub async fn run(self) {
        let mut cursors = HashMap::new();
        let mut held = Vec::new();
        loop {
            if let Err(err) = self.poll(&mut cursors, &mut held).await {
                tracing::warn!(error = %err, "reading the table's stream failed; retrying");
                for cursor in cursors.values_mut() {
                    cursor.iterator = None;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }

    async fn poll(
        &self,
        cursors: &mut HashMap<String, ShardCursor>,
        held: &mut Vec<Vec<Value>>,
    ) -> Result<(), BoxError> {
        let mut refreshed: Option<Instant> = None;
        loop {
            let stale = refreshed.is_none_or(|at| at.elapsed() >= REFRESH_INTERVAL);
            if stale || cursors.values().any(|c| c.iterator.is_none() && !c.closed) {
                self.refresh(cursors).await?;
                refreshed = Some(Instant::now());
            }
            let mut delivered_any = false;
            for cursor in cursors.values_mut() {
                let Some(iterator) = cursor.iterator.clone() else { continue };
                let output = match self.streams.get_records().shard_iterator(&iterator).send().await {
                    Ok(output) => output,
                    Err(err)
                        if matches!(err.code(), Some("ExpiredIteratorException" | "TrimmedDataAccessException")) =>
                    {
                        cursor.iterator = None;
                        continue;
                    }
                    Err(err) => return Err(err.into()),
                };
                if let Some(last) = output.records().last().and_then(|r| r.dynamodb()?.sequence_number()) {
                    cursor.checkpoint = Some(last.to_owned());
                }
                // Lambda filters the records before it batches them.
                let records: Vec<Value> = output
                    .records()
                    .iter()
                    .map(|r| lambda_record(r, &self.stream_arn, &self.region))
                    .filter(|r| passes_filters(r, &self.settings.filters))
                    .collect();
                for batch in records.chunks(self.settings.batch_size.max(1)) {
                    delivered_any = true;
                    self.deliver_with_faults(batch.to_vec(), held).await;
                }
                cursor.iterator = output.next_shard_iterator().map(str::to_owned);
                cursor.closed = cursor.iterator.is_none();
            }
            if !delivered_any {
                for batch in std::mem::take(held) {
                    self.deliver(batch).await;
                }
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Lists the shards and gives each open one an iterator from its checkpoint (a new shard
    /// is read from its start).
    async fn refresh(&self, cursors: &mut HashMap<String, ShardCursor>) -> Result<(), BoxError> {
        let mut start: Option<String> = None;
        loop {
            let description = self
                .streams
                .describe_stream()
                .stream_arn(&self.stream_arn)
                .set_exclusive_start_shard_id(start.take())
                .send()
                .await?;
            let Some(description) = description.stream_description() else { return Ok(()) };
            for shard in description.shards() {
                let Some(shard_id) = shard.shard_id() else { continue };
                let cursor = cursors.entry(shard_id.to_owned()).or_default();
                if cursor.closed {
                    continue;
                }
                let request = self.streams.get_shard_iterator().stream_arn(&self.stream_arn).shard_id(shard_id);
                let request = match &cursor.checkpoint {
                    Some(sequence) => {
                        request.shard_iterator_type(ShardIteratorType::AfterSequenceNumber).sequence_number(sequence)
                    }
                    None => request.shard_iterator_type(ShardIteratorType::TrimHorizon),
                };
                cursor.iterator = request.send().await?.shard_iterator().map(str::to_owned);
            }
            match description.last_evaluated_shard_id() {
                Some(last) => start = Some(last.to_owned()),
                None => return Ok(()),
            }
        }
    }

    /// Delivers a batch, or with [`StreamFaults`] holds it back until after the next one, and
    /// may deliver it twice.
    async fn deliver_with_faults(&self, batch: Vec<Value>, held: &mut Vec<Vec<Value>>) {
        let (duplicate, reorder) = {
            let mut rng = rand::rng();
            (rng.random_bool(self.faults.duplicate), rng.random_bool(self.faults.reorder))
        };
        if reorder && held.is_empty() {
            held.push(batch);
            return;
        }
        self.deliver(batch.clone()).await;
        if duplicate {
            self.deliver(batch).await;
        }
        for earlier in std::mem::take(held) {
            self.deliver(earlier).await;
        }
    }

    async fn deliver(&self, records: Vec<Value>) {
        let mut pending = VecDeque::from([records]);
        // Failed tries of the record at the head of the batch in hand.
        let mut retries = 0;
        while let Some(mut batch) = pending.pop_front() {
            let event: Event = match serde_json::from_value(json!({ "Records": batch })) {
                Ok(event) => event,
                Err(err) => {
                    tracing::error!(error = %err, "a stream batch does not read as a Lambda event");
                    self.dead_letters.set_aside(&mut batch);
                    continue;
                }
            };
            let response = (self.handler)(event).await;
            let Some(first_failed) = self.first_failed(&batch, &response) else {
                retries = 0;
                continue;
            };
            if first_failed > 0 {
                // The records before it are done; the rest go again at once, as no retry.
                retries = 0;
                batch.drain(..first_failed);
                pending.push_front(batch);
                continue;
            }
            // The first record failed: the batch is halved until it is alone.
            if self.settings.bisect_batch_on_function_error && batch.len() > 1 {
                let second_half = batch.split_off(batch.len() / 2);
                pending.push_front(second_half);
                pending.push_front(batch);
                continue;
            }
            retries += 1;
            if retries > self.settings.maximum_retry_attempts {
                self.dead_letters.set_aside(&mut batch);
                retries = 0;
                continue;
            }
            let backoff = FIRST_RETRY_BACKOFF.saturating_mul(1 << (retries - 1).min(10));
            tokio::time::sleep(backoff.min(LONGEST_RETRY_BACKOFF)).await;
            pending.push_front(batch);
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
