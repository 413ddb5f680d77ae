//! Service items.

use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, TransactWriteItem};
use serde::{Deserialize, Serialize};

use super::keys::{self, GSI1, GSI1_PK};
use super::{Store, StoreError, failed_conditions};
use crate::domain::ServiceId;
use crate::domain::service::{NewService, Service};

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

#[derive(Debug, thiserror::Error)]
pub enum CreateServiceError {
    #[error("the parent service does not exist")]
    ParentMissing,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// Adds a service; its parent, if any, must exist at the same moment (one transaction).
    pub async fn create_service(&self, new: NewService) -> Result<Service, CreateServiceError> {
        let service = new.into_service(ServiceId::generate());
        let item = serde_dynamo::to_item(ServiceItem::new(service.clone())).map_err(StoreError::from)?;
        let put = Put::builder()
            .table_name(self.table())
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(|e| StoreError::Other(e.to_string()))?;
        let mut writes = vec![TransactWriteItem::builder().put(put).build()];
        if let Some(parent) = service.parent_id {
            let check = ConditionCheck::builder()
                .table_name(self.table())
                .set_key(Some(keys::service(parent).to_attributes()))
                .condition_expression("attribute_exists(pk)")
                .build()
                .map_err(|e| StoreError::Other(e.to_string()))?;
            writes.push(TransactWriteItem::builder().condition_check(check).build());
        }
        let result = self.client.transact_write_items().set_transact_items(Some(writes)).send().await;
        match result {
            Ok(_) => Ok(service),
            Err(err) => match err.as_service_error().map(failed_conditions) {
                Some(failed) if failed.contains(&1) => Err(CreateServiceError::ParentMissing),
                _ => Err(StoreError::from(err).into()),
            },
        }
    }

    pub async fn get_service(&self, id: ServiceId) -> Result<Option<Service>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(self.table())
            .set_key(Some(keys::service(id).to_attributes()))
            .send()
            .await?;
        match output.item {
            Some(item) => Ok(Some(serde_dynamo::from_item::<_, ServiceItem>(item)?.service)),
            None => Ok(None),
        }
    }

    /// Every service, for building the tree: one Query per megabyte of services.
    pub async fn list_services(&self) -> Result<Vec<Service>, StoreError> {
        let mut pages = self
            .client
            .query()
            .table_name(self.table())
            .index_name(GSI1)
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", GSI1_PK)
            .expression_attribute_values(":pk", AttributeValue::S(keys::ALL_SERVICES.into()))
            .into_paginator()
            .items()
            .send();
        let mut services = Vec::new();
        while let Some(item) = pages.next().await {
            services.push(serde_dynamo::from_item::<_, ServiceItem>(item?)?.service);
        }
        Ok(services)
    }
}
