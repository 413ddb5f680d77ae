//! Responder items, in their service's partition (no index keys: they never show in the tree).

use serde::{Deserialize, Serialize};

use super::keys;
use super::{Store, StoreError};
use crate::domain::responder::Responder;
use crate::domain::{ResponderId, ServiceId};

#[derive(Serialize, Deserialize)]
struct ResponderItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    responder: Responder,
}

impl Store {
    /// Adds a responder; the caller has read the service (it exists, and has no responder with
    /// this email yet).
    pub async fn put_responder(&self, responder: &Responder) -> Result<(), StoreError> {
        let key = keys::responder(responder.service_id, responder.id);
        let item = serde_dynamo::to_item(ResponderItem { pk: key.pk, sk: key.sk, responder: responder.clone() })?;
        self.client
            .put_item()
            .table_name(self.table())
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await?;
        Ok(())
    }

    /// Removes a responder; `false` when there was none.
    pub async fn delete_responder(&self, service: ServiceId, id: ResponderId) -> Result<bool, StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(self.table())
            .set_key(Some(keys::responder(service, id).to_attributes()))
            .condition_expression("attribute_exists(pk)")
            .send()
            .await;
        match result.map_err(StoreError::from) {
            Ok(_) => Ok(true),
            Err(StoreError::ConditionFailed) => Ok(false),
            Err(err) => Err(err),
        }
    }
}
