//! DynamoDB persistence. [`keys`] owns the key layout; each file here owns one kind of item.

mod answers;
mod audit;
mod feeds;
mod follow_up;
pub mod keys;
mod limits;
mod links;
mod listing;
mod moderation;
mod notices;
mod private;
mod record;
mod replies;
mod reports;
mod responders;
mod services;
mod staff_trail;
mod stories;
mod transaction;
mod update;

use std::collections::HashMap;
use std::sync::Arc;

use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, TransactWriteItem};

pub use feeds::{Feed, FeedAnswer, FeedEntry, FeedReply, FeedScope, FeedService};
pub use follow_up::FollowUpError;
pub use listing::{Cursor, Listed, ServiceListing, Window};
pub use moderation::ModerationWriteError;
pub use notices::Claim;
pub use reports::{Rebuilt, link_month_opens};
pub use stories::Submission;

use crate::domain::ServiceId;

/// The two tables, through the one client of the process: the main table, and the private
/// one of what identifies authors, the tokens of emailed links and the salts (docs/PRIVACY.md).
#[derive(Clone, Debug)]
pub struct Store {
    client: aws_sdk_dynamodb::Client,
    // Shared, not copied: a store is cloned into every route's handler and every request.
    table: Arc<str>,
    private: Arc<str>,
    /// Whether a story's record is read with its private parts: only for the functions whose
    /// IAM policy lets them (the admin side and the notifier).
    reads_private: bool,
}

impl Store {
    pub fn new(client: aws_sdk_dynamodb::Client, table: impl Into<String>, private: impl Into<String>) -> Self {
        let (table, private): (String, String) = (table.into(), private.into());
        Self { client, table: table.into(), private: private.into(), reads_private: false }
    }

    /// A store whose story records carry their private parts.
    pub fn reading_private(self) -> Self {
        Self { reads_private: true, ..self }
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    pub fn private_table(&self) -> &str {
        &self.private
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A condition of the write did not hold: someone else got there first.
    #[error("a condition of the write failed")]
    ConditionFailed,
    /// Throttled or unreachable after the SDK's own retries.
    #[error("DynamoDB unavailable: {0}")]
    Unavailable(String),
    /// An item that does not read back as what its key says it is.
    #[error("unreadable item: {0}")]
    Corrupt(String),
    #[error("DynamoDB error: {0}")]
    Other(String),
}

impl StoreError {
    pub fn other(err: impl std::fmt::Display) -> Self {
        StoreError::Other(err.to_string())
    }
}

impl<E, R> From<SdkError<E, R>> for StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    fn from(err: SdkError<E, R>) -> Self {
        match &err {
            SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => StoreError::Unavailable(err.to_string()),
            _ => match err.code() {
                Some("ConditionalCheckFailedException") => StoreError::ConditionFailed,
                Some(
                    "ProvisionedThroughputExceededException"
                    | "ThrottlingException"
                    | "RequestLimitExceeded"
                    | "InternalServerError"
                    | "ServiceUnavailable",
                ) => StoreError::Unavailable(err.code().unwrap_or_default().to_owned()),
                code => {
                    StoreError::Other(format!("{}: {}", code.unwrap_or("unknown"), err.message().unwrap_or_default()))
                }
            },
        }
    }
}

impl From<serde_dynamo::Error> for StoreError {
    fn from(err: serde_dynamo::Error) -> Self {
        StoreError::Corrupt(err.to_string())
    }
}

/// Whether a conditional write held: `false` when its condition failed, the error otherwise.
fn held<T, E: Into<StoreError>>(result: Result<T, E>) -> Result<bool, StoreError> {
    match result.map_err(Into::into) {
        Ok(_) => Ok(true),
        Err(StoreError::ConditionFailed) => Ok(false),
        Err(err) => Err(err),
    }
}

/// An item as DynamoDB holds it.
type Item = HashMap<String, AttributeValue>;

/// The reads every kind of item shares.
impl Store {
    /// One item by its key; `consistent` for a read that must see a write just made.
    async fn get_item(&self, key: &keys::Key, consistent: bool) -> Result<Option<Item>, StoreError> {
        self.get_item_in(self.table(), key, consistent).await
    }

    async fn get_item_in(&self, table: &str, key: &keys::Key, consistent: bool) -> Result<Option<Item>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(table)
            .set_key(Some(key.to_attributes()))
            .consistent_read(consistent)
            .send()
            .await?;
        Ok(output.item)
    }

    /// The items of `keys` that exist, `projection` of each (or all of it): one BatchGetItem for every 100
    /// keys, and again for any the table left unprocessed (with a pause, as AWS advises).
    async fn batch_get(&self, keys: &[keys::Key], projection: Option<&str>) -> Result<Vec<Item>, StoreError> {
        let mut found = Vec::new();
        for chunk in keys.chunks(100) {
            let mut asked = aws_sdk_dynamodb::types::KeysAndAttributes::builder()
                .set_keys(Some(chunk.iter().map(keys::Key::to_attributes).collect()))
                .set_projection_expression(projection.map(str::to_owned))
                .build()
                .map_err(StoreError::other)?;
            for attempt in 0u64.. {
                let output = self.client.batch_get_item().request_items(self.table(), asked.clone()).send().await?;
                found.extend(output.responses.and_then(|mut r| r.remove(self.table())).unwrap_or_default());
                match output.unprocessed_keys.and_then(|mut u| u.remove(self.table())) {
                    Some(left) if !left.keys().is_empty() && attempt < 8 => asked = left,
                    Some(left) if !left.keys().is_empty() => {
                        return Err(StoreError::other("the table kept leaving keys unprocessed"));
                    }
                    _ => break,
                }
                tokio::time::sleep(std::time::Duration::from_millis(25 << attempt)).await;
            }
        }
        Ok(found)
    }

    /// Every item whose partition key `attribute` is `value`: of the table (`pk`), or of an
    /// index (`gsi1pk` on gsi1), all pages of it.
    async fn query_items(&self, index: Option<&str>, attribute: &str, value: String) -> Result<Vec<Item>, StoreError> {
        self.query_items_in(self.table(), index, attribute, value).await
    }

    async fn query_items_in(
        &self,
        table: &str,
        index: Option<&str>,
        attribute: &str,
        value: String,
    ) -> Result<Vec<Item>, StoreError> {
        let pages = self
            .client
            .query()
            .table_name(table)
            .set_index_name(index.map(str::to_owned))
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", attribute)
            .expression_attribute_values(":pk", AttributeValue::S(value))
            .into_paginator()
            .items()
            .send();
        Ok(pages.collect::<Result<Vec<_>, _>>().await?)
    }
}

/// Parts of transactions that several kinds of item share.
impl Store {
    /// A Put that fails if the item is already there.
    fn put_if_absent(&self, item: HashMap<String, AttributeValue>) -> Result<TransactWriteItem, StoreError> {
        self.put_if_absent_in(self.table(), item)
    }

    fn put_if_absent_in(
        &self,
        table: &str,
        item: HashMap<String, AttributeValue>,
    ) -> Result<TransactWriteItem, StoreError> {
        let put = Put::builder()
            .table_name(table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(StoreError::other)?;
        Ok(TransactWriteItem::builder().put(put).build())
    }

    /// A check that the item at `key` exists and, with `open_only`, is not archived.
    fn check_exists(&self, key: keys::Key, open_only: bool) -> Result<TransactWriteItem, StoreError> {
        let mut check = ConditionCheck::builder()
            .table_name(self.table())
            .set_key(Some(key.to_attributes()))
            .condition_expression("attribute_exists(pk)");
        if open_only {
            check = check
                .condition_expression("attribute_exists(pk) AND archived = :no")
                .expression_attribute_values(":no", AttributeValue::Bool(false));
        }
        Ok(TransactWriteItem::builder().condition_check(check.build().map_err(StoreError::other)?).build())
    }

    /// A check that a service exists and takes stories (is not archived).
    fn check_service_open(&self, id: ServiceId) -> Result<TransactWriteItem, StoreError> {
        self.check_exists(keys::service(id), true)
    }
}
