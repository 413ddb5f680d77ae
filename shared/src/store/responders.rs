//! Responder items, in their service's partition (no index keys: they never show in the tree).

use serde::{Deserialize, Serialize};

use super::keys;
use super::{Store, StoreError, held};
use crate::app::ports::Responders;
use crate::domain::responder::{Responder, Suppression};
use crate::domain::{EmailAddress, ResponderId, ServiceId};

#[derive(Serialize, Deserialize)]
struct ResponderItem {
    pk: String,
    sk: String,
    /// Finds the responders of an address when SES reports it.
    #[serde(default)]
    gsi2pk: Option<String>,
    #[serde(default)]
    gsi2sk: Option<String>,
    #[serde(flatten)]
    responder: Responder,
}

impl Store {
    /// Marks every responder with this address as suppressed (it bounced for good, or its
    /// owner reported our mail as spam); returns how many there were.
    pub async fn suppress_responders(
        &self,
        email: &EmailAddress,
        suppression: &Suppression,
    ) -> Result<usize, StoreError> {
        let items =
            self.query_items(Some(keys::GSI2), keys::GSI2_PK, keys::responders_with_email(&email.digest())).await?;
        for item in &items {
            let responder: ResponderItem = serde_dynamo::from_item(item.clone())?;
            // A responder removed meanwhile has nothing to mark.
            let marked = self
                .client
                .update_item()
                .table_name(self.table())
                .set_key(Some(keys::responder(responder.responder.service_id, responder.responder.id).to_attributes()))
                .update_expression("SET suppressed = :s")
                .condition_expression("attribute_exists(pk)")
                .expression_attribute_values(":s", serde_dynamo::to_attribute_value(suppression)?)
                .send()
                .await
                .map_err(StoreError::from);
            match marked {
                Ok(_) | Err(StoreError::ConditionFailed) => {}
                Err(err) => return Err(err),
            }
        }
        Ok(items.len())
    }
}

impl Responders for Store {
    /// Adds a responder; the caller has read the service (it exists, and has no responder with
    /// this email yet).
    async fn put_responder(&self, responder: &Responder) -> Result<(), StoreError> {
        let key = keys::responder(responder.service_id, responder.id);
        let item = serde_dynamo::to_item(ResponderItem {
            pk: key.pk,
            sk: key.sk,
            gsi2pk: Some(keys::responders_with_email(&responder.email.digest())),
            gsi2sk: Some(responder.id.to_string()),
            responder: responder.clone(),
        })?;
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
    async fn delete_responder(&self, service: ServiceId, id: ResponderId) -> Result<bool, StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(self.table())
            .set_key(Some(keys::responder(service, id).to_attributes()))
            .condition_expression("attribute_exists(pk)")
            .send()
            .await;
        held(result)
    }
}
