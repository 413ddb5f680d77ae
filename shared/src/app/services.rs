//! Managing services and their responders: changing or moving a service (never into its own
//! branch), and adding or removing the staff who answer for it. Adding a service is the
//! store's one write ([`Services::create_service`]), its parent checked in the same transaction.

use super::ports::{Responders, Services};
use crate::domain::responder::{NewResponder, Responder};
use crate::domain::service::{self, Service, ServicePatch};
use crate::domain::{ResponderId, ServiceId};
use crate::store::StoreError;

/// Each says, in words a person reads, what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("No service has this id.")]
    NoService,
    /// The parent to put it under does not exist.
    #[error("There is no service with this id.")]
    ParentMissing,
    /// A move the tree refuses, for this reason (a loop, a parent not there).
    #[error("{0}")]
    BadMove(String),
    #[error("This service already has a responder with this email address.")]
    ResponderTaken,
    #[error("This service has no responder with this id.")]
    NoResponder,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Renames, describes, archives or moves it. A move reads the tree first, to refuse a parent
/// that does not exist or that would close a loop.
pub async fn change(store: &impl Services, id: ServiceId, patch: &ServicePatch) -> Result<Service, ServiceError> {
    if let Some(Some(parent)) = patch.parent_id {
        let services = store.list_services().await?;
        if !services.iter().any(|s| s.id == id) {
            return Err(ServiceError::NoService);
        }
        service::check_move(&services, id, parent).map_err(ServiceError::BadMove)?;
    }
    store.update_service(id, patch).await?.ok_or(ServiceError::NoService)
}

/// Adds a responder to a service, once per email address.
pub async fn add_responder(
    store: &(impl Services + Responders),
    id: ServiceId,
    new: NewResponder,
) -> Result<Responder, ServiceError> {
    let (_, responders) = store.service_with_responders(id).await?.ok_or(ServiceError::NoService)?;
    if responders.iter().any(|r| r.email == new.email) {
        return Err(ServiceError::ResponderTaken);
    }
    let responder = new.into_responder(ResponderId::generate(), id);
    store.put_responder(&responder).await?;
    Ok(responder)
}

pub async fn remove_responder(
    store: &impl Responders,
    id: ServiceId,
    responder: ResponderId,
) -> Result<(), ServiceError> {
    if store.delete_responder(id, responder).await? { Ok(()) } else { Err(ServiceError::NoResponder) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::memory::MemoryStore;
    use crate::domain::EmailAddress;
    use crate::domain::responder::EmailWhen;
    use crate::domain::service::NewService;

    fn named(name: &str, parent_id: Option<ServiceId>) -> NewService {
        NewService { name: name.into(), parent_id, description: None }
    }

    fn ann() -> NewResponder {
        NewResponder {
            name: "Ann Lee".into(),
            email: EmailAddress::parse("ann@example.com").unwrap(),
            job_title: "Ward manager".into(),
            email_when: EmailWhen::default(),
        }
    }

    #[tokio::test]
    async fn a_service_goes_under_a_parent_that_exists_and_never_into_its_own_branch() {
        let store = MemoryStore::default();
        let nowhere = ServiceId::generate();
        assert!(matches!(store.create_service(named("Ward 7", Some(nowhere))).await, Err(ServiceError::ParentMissing)));
        let trust = store.create_service(named("Trust", None)).await.unwrap();
        let ward = store.create_service(named("Ward 7", Some(trust.id))).await.unwrap();
        let loop_back = ServicePatch { parent_id: Some(Some(ward.id)), ..ServicePatch::default() };
        let refused = change(&store, trust.id, &loop_back).await;
        assert!(matches!(&refused, Err(ServiceError::BadMove(why)) if why.contains("under itself")), "{refused:?}");
        let archive = ServicePatch { archived: Some(true), ..ServicePatch::default() };
        assert!(change(&store, ward.id, &archive).await.unwrap().archived);
        let moved = ServicePatch { parent_id: Some(Some(trust.id)), ..ServicePatch::default() };
        assert!(matches!(change(&store, nowhere, &moved).await, Err(ServiceError::NoService)));
    }

    #[tokio::test]
    async fn a_responder_is_added_once_per_address_and_removed_once() {
        let store = MemoryStore::default();
        let ward = store.create_service(named("Ward 7", None)).await.unwrap();
        let added = add_responder(&store, ward.id, ann()).await.unwrap();
        assert!(matches!(add_responder(&store, ward.id, ann()).await, Err(ServiceError::ResponderTaken)));
        let elsewhere = ServiceId::generate();
        assert!(matches!(add_responder(&store, elsewhere, ann()).await, Err(ServiceError::NoService)));
        remove_responder(&store, ward.id, added.id).await.unwrap();
        assert!(matches!(remove_responder(&store, ward.id, added.id).await, Err(ServiceError::NoResponder)));
        add_responder(&store, ward.id, ann()).await.expect("the address is free again");
    }
}
