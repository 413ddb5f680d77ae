//! What answers and replies share: a one-time form token that makes a double tap harmless,
//! and the reading of a refused transaction.

use aws_sdk_dynamodb::types::TransactWriteItem;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::keys::{self, Key};
use super::transaction::Transaction;
use super::{Store, StoreError};

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

/// The parts of an answer's or a reply's transaction that can refuse it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FollowUpPart {
    /// The item, its story's check and its audit entry.
    Item,
    /// The form's one-time token.
    Once,
}

impl Store {
    /// The record of a one-time form token: what its first send made, for a day.
    pub(super) fn sent_once(
        &self,
        digest: &str,
        made: &str,
        at: OffsetDateTime,
    ) -> Result<TransactWriteItem, StoreError> {
        let Key { pk, sk } = keys::idempotency(digest);
        let record = OnceItem { pk, sk, made: made.to_owned(), expires_at: at.unix_timestamp() + ONCE_SECONDS };
        self.put_if_absent(serde_dynamo::to_item(record)?)
    }

    /// Commits an answer's or a reply's writes. A refused part means the item is not there
    /// (any more) or the story is not published; a refused one-time token, that the form was
    /// sent before, and this says what the first send made.
    pub(super) async fn follow_up(
        &self,
        writes: Transaction<FollowUpPart>,
        once: Option<&str>,
    ) -> Result<(), FollowUpError> {
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
