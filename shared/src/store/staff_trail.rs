//! A service's staff trail (the changes to its members, details and links, newest first) and
//! the private invitations to set a password.

use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};

use super::keys::{self, Key};
use super::{Store, StoreError};
use crate::app::ports::{Invitations, StaffTrail};
use crate::domain::ServiceId;
use crate::domain::staff_change::{ChangeEntry, Invitation};
use crate::domain::token::LinkToken;

/// The most recent changes one read returns.
const TRAIL_PAGE: i32 = 100;

#[derive(Serialize, Deserialize)]
struct InvitationItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    invitation: Invitation,
    /// A day after it expires, DynamoDB deletes it.
    expires_at: i64,
}

/// A change's item: the entry, under its service's trail.
fn change_attributes(entry: &ChangeEntry) -> Result<super::Item, StoreError> {
    let mut item: super::Item = serde_dynamo::to_item(entry)?;
    item.extend(keys::staff_change(entry.change.service(), entry.id).to_attributes());
    Ok(item)
}

impl Store {
    /// A change's entry, written once (its id is unique), in a transaction.
    pub(super) fn change_item(
        &self,
        entry: &ChangeEntry,
    ) -> Result<aws_sdk_dynamodb::types::TransactWriteItem, StoreError> {
        self.put_if_absent(change_attributes(entry)?)
    }

    /// The service's last hundred staff changes, newest first: one Query.
    pub async fn staff_changes(&self, service: ServiceId) -> Result<Vec<ChangeEntry>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(self.table())
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(keys::staff_changes_of(service)))
            .scan_index_forward(false)
            .limit(TRAIL_PAGE)
            .send()
            .await?;
        output.items.unwrap_or_default().into_iter().map(|item| Ok(serde_dynamo::from_item(item)?)).collect()
    }
}

impl Invitations for Store {
    async fn put_invitation(&self, token: &LinkToken, invitation: &Invitation) -> Result<(), StoreError> {
        let Key { pk, sk } = keys::invitation(&token.digest());
        let expires_at = invitation.expires.unix_timestamp() + 86_400;
        let item = serde_dynamo::to_item(InvitationItem { pk, sk, invitation: invitation.clone(), expires_at })?;
        self.client.put_item().table_name(self.private_table()).set_item(Some(item)).send().await?;
        Ok(())
    }

    async fn get_invitation(&self, token: &LinkToken) -> Result<Option<Invitation>, StoreError> {
        let item = self.get_item_in(self.private_table(), &keys::invitation(&token.digest()), true).await?;
        Ok(item.map(serde_dynamo::from_item::<_, InvitationItem>).transpose()?.map(|i| i.invitation))
    }

    async fn delete_invitation(&self, token: &LinkToken) -> Result<(), StoreError> {
        let key = keys::invitation(&token.digest());
        self.client.delete_item().table_name(self.private_table()).set_key(Some(key.to_attributes())).send().await?;
        Ok(())
    }
}

impl StaffTrail for Store {
    /// Written right after the change it records (the SDK retries it); if it still fails, the
    /// request fails, and its retry (every change here is safe to make twice) writes it.
    async fn record_change(&self, entry: &ChangeEntry) -> Result<(), StoreError> {
        let item = change_attributes(entry)?;
        self.client.put_item().table_name(self.table()).set_item(Some(item)).send().await?;
        Ok(())
    }
}
