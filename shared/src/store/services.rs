//! Service items.

use aws_sdk_dynamodb::types::ReturnValue;
use serde::{Deserialize, Serialize};

use super::keys::{self, GSI1, GSI1_PK, RESPONDER_PREFIX, SK};
use super::transaction::Transaction;
use super::update::Changes;
use super::{Store, StoreError};
use crate::app::ports::Services;
use crate::app::services::ServiceError;
use crate::domain::ServiceId;
use crate::domain::responder::Responder;
use crate::domain::service::{NewService, Service, ServicePatch};
use crate::domain::staff_change::{ChangeBy, StaffChange};

#[derive(Serialize, Deserialize)]
struct ServiceItem {
    pk: String,
    sk: String,
    gsi1pk: String,
    gsi1sk: String,
    #[serde(flatten)]
    service: Service,
}

impl ServiceItem {
    fn new(service: Service) -> Self {
        let key = keys::service(service.id);
        Self { pk: key.pk, sk: key.sk, gsi1pk: keys::ALL_SERVICES.into(), gsi1sk: service.id.to_string(), service }
    }
}

impl Store {
    /// A service and its responders: one Query of the service's partition.
    pub async fn service_with_responders(
        &self,
        id: ServiceId,
    ) -> Result<Option<(Service, Vec<Responder>)>, StoreError> {
        let key = keys::service(id);
        let (mut service, mut responders) = (None, Vec::new());
        for item in self.query_items(None, keys::PK, key.pk.clone()).await? {
            let sk = item.get(SK).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            if sk == key.sk {
                service = Some(serde_dynamo::from_item::<_, ServiceItem>(item)?.service);
            } else if sk.starts_with(RESPONDER_PREFIX) {
                responders.push(serde_dynamo::from_item(item)?);
            }
        }
        responders.sort_by_key(|r: &Responder| r.name.to_lowercase());
        Ok(service.map(|service| (service, responders)))
    }

    pub async fn get_service(&self, id: ServiceId) -> Result<Option<Service>, StoreError> {
        let item = self.get_item(&keys::service(id), false).await?;
        Ok(item.map(serde_dynamo::from_item::<_, ServiceItem>).transpose()?.map(|item| item.service))
    }

    /// Every service, for building the tree: one Query per megabyte of services.
    pub async fn list_services(&self) -> Result<Vec<Service>, StoreError> {
        let items = self.query_items(Some(GSI1), GSI1_PK, keys::ALL_SERVICES.into()).await?;
        items.into_iter().map(|item| Ok(serde_dynamo::from_item::<_, ServiceItem>(item)?.service)).collect()
    }
}

impl Services for Store {
    async fn list_services(&self) -> Result<Vec<Service>, StoreError> {
        Store::list_services(self).await
    }

    async fn get_service(&self, id: ServiceId) -> Result<Option<Service>, StoreError> {
        Store::get_service(self, id).await
    }

    async fn service_with_responders(&self, id: ServiceId) -> Result<Option<(Service, Vec<Responder>)>, StoreError> {
        Store::service_with_responders(self, id).await
    }

    /// Adds a service; its parent, if any, must exist at the same moment, and the entry of
    /// who added it goes with it (one transaction).
    async fn create_service(&self, new: NewService, by: Option<ChangeBy<'_>>) -> Result<Service, ServiceError> {
        let service = new.into_service(ServiceId::generate());
        let item = serde_dynamo::to_item(ServiceItem::new(service.clone())).map_err(StoreError::from)?;
        // `true` marks the parent's check, the one part that can refuse.
        let mut writes = Transaction::new();
        writes.add(false, self.put_if_absent(item)?);
        if let Some(parent) = service.parent_id {
            writes.add(true, self.check_exists(keys::service(parent), false)?);
        }
        if let Some(by) = by {
            writes.add(false, self.change_item(&by.entry(StaffChange::ServiceAdded { after: service.clone() }))?);
        }
        match writes.commit(self).await? {
            None => Ok(service),
            Some(parts) if parts.contains(&true) => Err(ServiceError::ParentMissing),
            Some(parts) => Err(StoreError::Other(format!("a new service refused {parts:?}")).into()),
        }
    }

    /// Applies a change in one UpdateItem; `None` when there is no such service. A move's new
    /// parent is checked by the caller against the tree ([`crate::domain::service::check_move`]).
    async fn update_service(&self, id: ServiceId, patch: &ServicePatch) -> Result<Option<Service>, StoreError> {
        let mut changes = Changes::default();
        changes.set_if_given("name", patch.name.as_ref())?;
        changes.set_or_clear_if_given("description", patch.description.as_ref().map(Option::as_ref))?;
        changes.set_or_clear_if_given("parent_id", patch.parent_id)?;
        changes.set_if_given("archived", patch.archived)?;
        changes.set_if_given("language", patch.language)?;
        let pk = changes.condition_name("pk");
        let result = changes
            .apply(self.client.update_item())
            .table_name(self.table())
            .set_key(Some(keys::service(id).to_attributes()))
            .condition_expression(format!("attribute_exists({pk})"))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result.map_err(StoreError::from) {
            Ok(output) => {
                Ok(Some(serde_dynamo::from_item::<_, ServiceItem>(output.attributes.unwrap_or_default())?.service))
            }
            Err(StoreError::ConditionFailed) => Ok(None),
            Err(err) => Err(err),
        }
    }
}
