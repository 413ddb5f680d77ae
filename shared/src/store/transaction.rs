//! The one way a transaction is written: each write named by the part it plays, a conflict
//! with a concurrent transaction retried, and a cancelled one saying which parts refused, by
//! name, never by position.

use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::TransactWriteItem;

use super::{Store, StoreError};

/// Concurrent transactions on one item cancel each other; the loser tries again.
const CONFLICT_ATTEMPTS: u64 = 4;

/// Writes, each with the part it plays (`P`: the caller's own enum).
pub(super) struct Transaction<P> {
    writes: Vec<TransactWriteItem>,
    parts: Vec<P>,
}

impl<P: Copy> Transaction<P> {
    pub fn new() -> Self {
        Transaction { writes: Vec::new(), parts: Vec::new() }
    }

    pub fn add(&mut self, part: P, write: TransactWriteItem) {
        self.writes.push(write);
        self.parts.push(part);
    }

    pub fn add_all(&mut self, part: P, writes: impl IntoIterator<Item = TransactWriteItem>) {
        for write in writes {
            self.add(part, write);
        }
    }

    /// Writes it all or nothing, trying again (up to four times in all) while it only lost a
    /// race with another transaction. `Some` of the parts whose conditions did not hold, when
    /// it wrote nothing for that reason; `None` when it wrote.
    pub async fn commit(&self, store: &Store) -> Result<Option<Vec<P>>, StoreError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = store.client.transact_write_items().set_transact_items(Some(self.writes.clone())).send().await;
            let Err(err) = result else { return Ok(None) };
            let Some(reasons) = err.as_service_error().and_then(cancellation_reasons) else {
                return Err(StoreError::from(err));
            };
            let refused: Vec<P> = reasons
                .iter()
                .zip(&self.parts)
                .filter(|(reason, _)| reason.as_deref() == Some("ConditionalCheckFailed"))
                .map(|(_, part)| *part)
                .collect();
            if !refused.is_empty() {
                return Ok(Some(refused));
            }
            let conflict = reasons.iter().any(|r| r.as_deref() == Some("TransactionConflict"));
            if !conflict || attempt == CONFLICT_ATTEMPTS {
                return Err(StoreError::Other(format!("transaction cancelled: {reasons:?}")));
            }
            tokio::time::sleep(std::time::Duration::from_millis(20 * attempt)).await;
        }
    }
}

/// Why each write of a cancelled transaction was cancelled, in order (`None`: it was not);
/// `None` for any other error.
fn cancellation_reasons(err: &TransactWriteItemsError) -> Option<Vec<Option<String>>> {
    match err {
        TransactWriteItemsError::TransactionCanceledException(e) => Some(
            e.cancellation_reasons().iter().map(|r| r.code().filter(|c| *c != "None").map(str::to_owned)).collect(),
        ),
        _ => None,
    }
}
