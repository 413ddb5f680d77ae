//! Managing services and their staff: changing or moving a service (never into its own
//! branch), and adding or removing its members, each change in the service's staff trail (the
//! new member's account made in the user pool). Adding a service is the store's one write
//! ([`Services::create_service`]), its parent checked and its entry written in the same
//! transaction.

use time::OffsetDateTime;

use super::ports::{AccountError, Accounts, Responders, Services, StaffTrail};
use crate::domain::moderation::Actor;
use crate::domain::responder::{NewResponder, Responder};
use crate::domain::service::{self, Service, ServicePatch};
use crate::domain::staff_change::{ChangeBy, ChangeEntry, StaffChange, service_differences};
use crate::domain::{Message, ResponderId, ServiceId};
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
    BadMove(Message),
    #[error("This service already has a member with this email address.")]
    ResponderTaken,
    #[error("This service has no member with this id.")]
    NoResponder,
    #[error(transparent)]
    Accounts(#[from] AccountError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Renames, describes, archives or moves it, and records who did and what it was before. A
/// move reads the tree first, to refuse a parent that does not exist or that would close a
/// loop; anything else reads the service first.
pub async fn change(
    store: &(impl Services + StaffTrail),
    id: ServiceId,
    patch: &ServicePatch,
    by: ChangeBy<'_>,
) -> Result<Service, ServiceError> {
    let before = match patch.parent_id {
        Some(Some(parent)) => {
            let services = store.list_services().await?;
            service::check_move(&services, id, parent).map_err(ServiceError::BadMove)?;
            services.into_iter().find(|s| s.id == id)
        }
        _ => store.get_service(id).await?,
    };
    let before = before.ok_or(ServiceError::NoService)?;
    let after = store.update_service(id, patch).await?.ok_or(ServiceError::NoService)?;
    if !service_differences(&before, &after).is_empty() {
        store.record_change(&by.entry(StaffChange::ServiceChanged { before, after: after.clone() })).await?;
    }
    Ok(after)
}

/// Adds a member to a service, once per email address: their account is made (or found) in
/// the user pool first, then the member and the change that invites them are written at once.
pub async fn add_member(
    store: &(impl Services + Responders),
    accounts: &impl Accounts,
    id: ServiceId,
    new: NewResponder,
    by: &Actor,
    now: OffsetDateTime,
) -> Result<Responder, ServiceError> {
    let (_, members) = store.service_with_responders(id).await?.ok_or(ServiceError::NoService)?;
    if members.iter().any(|r| r.email == new.email) {
        return Err(ServiceError::ResponderTaken);
    }
    let account = accounts.ensure_account(&new.email, &new.name).await?;
    let member = new.into_responder(ResponderId::generate(), id);
    let entry = ChangeEntry::of(StaffChange::MemberAdded { after: member.clone(), account }, by, now);
    // Two admins adding one address at once (or one tapping twice): one member is written,
    // guarded by the address in the store, not by the read above.
    match store.put_responder(&member, Some(&entry)).await {
        Err(StoreError::ConditionFailed) => Err(ServiceError::ResponderTaken),
        written => written.map(|()| member).map_err(Into::into),
    }
}

/// Removes a member: their access ends with it, the links they were emailed included (each
/// is checked against the members as they are).
pub async fn remove_member(
    store: &(impl Services + Responders),
    id: ServiceId,
    member: ResponderId,
    by: &Actor,
    now: OffsetDateTime,
) -> Result<Responder, ServiceError> {
    let (_, members) = store.service_with_responders(id).await?.ok_or(ServiceError::NoService)?;
    let before = members.into_iter().find(|m| m.id == member).ok_or(ServiceError::NoResponder)?;
    let entry = ChangeEntry::of(StaffChange::MemberRemoved { before: before.clone() }, by, now);
    if store.delete_responder(&before, Some(&entry)).await? { Ok(before) } else { Err(ServiceError::NoResponder) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::memory::MemoryStore;
    use crate::domain::EmailAddress;
    use crate::domain::responder::EmailWhen;
    use crate::domain::service::NewService;
    use crate::domain::staff::ServiceRole;

    fn named(name: &str, parent_id: Option<ServiceId>) -> NewService {
        NewService { name: name.into(), parent_id, description: None, ..NewService::default() }
    }

    fn ann() -> NewResponder {
        NewResponder {
            name: "Ann Lee".into(),
            email: EmailAddress::parse("ann@example.com").unwrap(),
            job_title: "Ward manager".into(),
            role: ServiceRole::Responder,
            email_when: EmailWhen::default(),
            language: Default::default(),
        }
    }

    #[tokio::test]
    async fn a_service_goes_under_a_parent_that_exists_and_never_into_its_own_branch() {
        let store = MemoryStore::default();
        let nowhere = ServiceId::generate();
        assert!(matches!(
            store.create_service(named("Ward 7", Some(nowhere)), None).await,
            Err(ServiceError::ParentMissing)
        ));
        let trust = store.create_service(named("Trust", None), None).await.unwrap();
        let ward = store.create_service(named("Ward 7", Some(trust.id)), None).await.unwrap();
        let loop_back = ServicePatch { parent_id: Some(Some(ward.id)), ..ServicePatch::default() };
        let actor = Actor { id: "admin".into(), name: "An admin".into() };
        let by = ChangeBy { actor: &actor, at: OffsetDateTime::now_utc() };
        let refused = change(&store, trust.id, &loop_back, by).await;
        assert!(
            matches!(&refused, Err(ServiceError::BadMove(why)) if why.id() == Some("service-parent-loop")),
            "{refused:?}"
        );
        let archive = ServicePatch { archived: Some(true), ..ServicePatch::default() };
        assert!(change(&store, ward.id, &archive, by).await.unwrap().archived);
        let trail = store.staff_changes();
        assert_eq!(trail.len(), 1, "the refused move changed nothing: {trail:?}");
        let StaffChange::ServiceChanged { before, after } = &trail[0].change else { panic!("{trail:?}") };
        assert!(!before.archived && after.archived && trail[0].by_name == "An admin");
        let moved = ServicePatch { parent_id: Some(Some(trust.id)), ..ServicePatch::default() };
        assert!(matches!(change(&store, nowhere, &moved, by).await, Err(ServiceError::NoService)));
    }

    #[tokio::test]
    async fn a_member_is_added_once_per_address_removed_once_and_each_change_is_in_the_trail() {
        let store = MemoryStore::default();
        let by = Actor { id: "sub".into(), name: "Nia".into() };
        let now = OffsetDateTime::now_utc();
        let ward = store.create_service(named("Ward 7", None), None).await.unwrap();
        let added = add_member(&store, &store, ward.id, ann(), &by, now).await.unwrap();
        let taken = add_member(&store, &store, ward.id, ann(), &by, now).await;
        assert!(matches!(taken, Err(ServiceError::ResponderTaken)));
        let elsewhere = ServiceId::generate();
        assert!(matches!(add_member(&store, &store, elsewhere, ann(), &by, now).await, Err(ServiceError::NoService)));
        remove_member(&store, ward.id, added.id, &by, now).await.unwrap();
        assert!(matches!(remove_member(&store, ward.id, added.id, &by, now).await, Err(ServiceError::NoResponder)));
        add_member(&store, &store, ward.id, ann(), &by, now).await.expect("the address is free again");
        let trail: Vec<&str> = store.staff_changes().iter().map(|e| e.change.code()).collect::<Vec<_>>();
        assert_eq!(trail, ["member_added", "member_removed", "member_added"]);
        let StaffChange::MemberAdded { account, .. } = &store.staff_changes()[0].change else { panic!() };
        assert_eq!(*account, crate::domain::staff_change::Account::AwaitingPassword);
    }
}
