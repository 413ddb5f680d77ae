//! A story's audit trail: one item per event, which the stream gives the notifier.

use serde::{Deserialize, Serialize};

use super::keys::{self, Key};
use super::{Store, StoreError};
use crate::app::ports::AuditTrail;
use crate::domain::StoryId;
use crate::domain::moderation::AuditEntry;

#[derive(Serialize, Deserialize)]
pub(super) struct AuditItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    pub entry: AuditEntry,
}

impl AuditItem {
    pub(super) fn new(story: StoryId, entry: AuditEntry) -> Self {
        let Key { pk, sk } = keys::story_audit(story, ulid::Ulid::generate());
        AuditItem { pk, sk, entry }
    }
}

impl AuditTrail for Store {
    /// An audit entry on its own: an event for the notifier (a link asked for a new one).
    async fn add_audit_entry(&self, story: StoryId, entry: AuditEntry) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(self.table())
            .set_item(Some(serde_dynamo::to_item(AuditItem::new(story, entry))?))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await?;
        Ok(())
    }
}
