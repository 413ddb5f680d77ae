//! A member of staff's access as it is now, and the invitation that sets their password.

use time::OffsetDateTime;

use super::ports::{AccountError, Accounts, Invitations, Responders, Services};
use crate::domain::moderation::Actor;
use crate::domain::responder::{EmailWhen, Responder};
use crate::domain::service::Service;
use crate::domain::staff::ServiceRole;
use crate::domain::staff::{Access, PlatformRole};
use crate::domain::staff_change::{ChangeEntry, StaffChange};
use crate::domain::token::LinkToken;
use crate::domain::{EmailAddress, ResponderId, ServiceId};
use crate::store::StoreError;

/// What an account may do now: its platform role, and its memberships read fresh, so that a
/// member removed a moment ago has no access on their next request. An admin needs no read.
pub async fn access_of(
    store: &impl Responders,
    platform: Option<PlatformRole>,
    email: Option<&EmailAddress>,
) -> Result<Access, StoreError> {
    let members = match (platform, email) {
        (Some(PlatformRole::Admin), _) | (_, None) => vec![],
        (_, Some(email)) => store.memberships_of(email).await?,
    };
    Ok(Access::new(platform, &members))
}

/// A member's own choice of which stories they are emailed about, and how; `None` when the
/// membership ended meanwhile.
pub async fn change_alerts(
    store: &impl Responders,
    member: &Responder,
    email_when: EmailWhen,
    by: &Actor,
    now: OffsetDateTime,
) -> Result<Option<Responder>, StoreError> {
    let after = Responder { email_when, ..member.clone() };
    let entry = ChangeEntry::of(StaffChange::MemberChanged { before: member.clone(), after: after.clone() }, by, now);
    Ok(store.update_alerts(&after, &entry).await?.then_some(after))
}

/// The deepest a walk up the tree of services goes: deeper than any real tree, and the end of
/// a loop in bad data.
const MAX_DEPTH: usize = 32;

/// The service's responders and those of every service above it, nearest first: everyone
/// whose membership covers it. One Query per service on the way up.
pub async fn responders_covering(
    store: &impl Services,
    service: ServiceId,
) -> Result<Option<(Service, Vec<Responder>)>, StoreError> {
    let Some((first, mut covering)) = store.service_with_responders(service).await? else { return Ok(None) };
    let mut above = first.parent_id;
    for _ in 0..MAX_DEPTH {
        let Some(parent) = above else { break };
        let Some((service, responders)) = store.service_with_responders(parent).await? else { break };
        covering.extend(responders);
        above = service.parent_id;
    }
    covering.retain(|m| m.role == ServiceRole::Responder);
    Ok(Some((first, covering)))
}

/// The responder `id`, if their membership still covers `service` (it is in it or in a
/// service above it): what keeps an emailed link working, and ends it with the membership.
/// One Query when they are a member of `service` itself, one more per service above.
pub async fn responder_covering(
    store: &impl Services,
    service: ServiceId,
    id: ResponderId,
) -> Result<Option<Responder>, StoreError> {
    let mut at = Some(service);
    for _ in 0..MAX_DEPTH {
        let Some(current) = at else { break };
        let Some((service, members)) = store.service_with_responders(current).await? else { break };
        if let Some(member) = members.into_iter().find(|m| m.id == id && m.role == ServiceRole::Responder) {
            return Ok(Some(member));
        }
        at = service.parent_id;
    }
    Ok(None)
}

#[derive(Debug, thiserror::Error)]
pub enum InvitationError {
    #[error("This invitation link is not one we sent, or it has been used already.")]
    Unknown,
    #[error("This invitation has expired. Ask whoever added you to add you again.")]
    Expired,
    #[error(transparent)]
    Accounts(#[from] AccountError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The address an invitation is for, while it can still be used.
pub async fn open_invitation(
    store: &impl Invitations,
    token: &str,
    now: OffsetDateTime,
) -> Result<(LinkToken, EmailAddress), InvitationError> {
    let token = LinkToken::parse(token).ok_or(InvitationError::Unknown)?;
    let invitation = store.get_invitation(&token).await?.ok_or(InvitationError::Unknown)?;
    if invitation.expired(now) {
        return Err(InvitationError::Expired);
    }
    Ok((token, invitation.email))
}

/// Sets the password the holder of an open invitation chose, and spends the invitation.
pub async fn accept_invitation(
    store: &impl Invitations,
    accounts: &impl Accounts,
    (token, email): &(LinkToken, EmailAddress),
    password: &str,
) -> Result<(), InvitationError> {
    accounts.set_password(email, password).await?;
    store.delete_invitation(token).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::memory::MemoryStore;
    use crate::app::ports::Responders;
    use crate::domain::service::NewService;
    use crate::domain::staff_change::Invitation;

    #[tokio::test]
    async fn access_is_read_fresh_and_ends_when_the_membership_does() {
        let store = MemoryStore::default();
        let email = EmailAddress::parse("ann@example.com").unwrap();
        let member: Responder = serde_json::from_value(serde_json::json!({
            "id": ResponderId::generate(), "service_id": ServiceId::generate(), "name": "Ann Lee",
            "email": email, "job_title": "Ward manager", "role": "responder"
        }))
        .unwrap();
        store.put_responder(&member, None).await.unwrap();
        let access = access_of(&store, None, Some(&email)).await.unwrap();
        assert_eq!(access.memberships.len(), 1);
        assert_eq!(access.memberships[0].role, ServiceRole::Responder);
        assert!(!access_of(&store, None, None).await.unwrap().is_member(), "no verified email, no memberships");
        store.delete_responder(&member, None).await.unwrap();
        assert!(!access_of(&store, None, Some(&email)).await.unwrap().is_member());
    }

    #[tokio::test]
    async fn an_invitation_sets_a_password_once_and_not_after_its_week() {
        let store = MemoryStore::default();
        let email = EmailAddress::parse("ann@example.com").unwrap();
        let now = OffsetDateTime::now_utc();
        crate::app::ports::Accounts::ensure_account(&store, &email, "Ann").await.unwrap();
        let token = LinkToken::generate();
        store.put_invitation(&token, &Invitation::new(email.clone(), now)).await.unwrap();
        let late = now + time::Duration::days(Invitation::DAYS);
        let expired = open_invitation(&store, token.as_str(), late).await;
        assert!(matches!(expired, Err(InvitationError::Expired)));
        let opened = open_invitation(&store, token.as_str(), now).await.unwrap();
        assert_eq!(opened.1, email);
        let weak = accept_invitation(&store, &store, &opened, "short").await;
        assert!(matches!(weak, Err(InvitationError::Accounts(AccountError::WeakPassword(_)))), "{weak:?}");
        accept_invitation(&store, &store, &opened, "a long passphrase").await.unwrap();
        let again = open_invitation(&store, token.as_str(), now).await;
        assert!(matches!(again, Err(InvitationError::Unknown)));
    }

    #[tokio::test]
    async fn a_responder_of_a_service_above_covers_it_and_stops_when_their_membership_ends() {
        let store = MemoryStore::default();
        let board = store
            .create_service(
                NewService { name: "Board".into(), parent_id: None, description: None, ..NewService::default() },
                None,
            )
            .await
            .unwrap();
        let ward =
            NewService { name: "Ward 7".into(), parent_id: Some(board.id), description: None, ..NewService::default() };
        let ward = store.create_service(ward, None).await.unwrap();
        let member = |service: ServiceId, role: &str, email: &str| -> Responder {
            serde_json::from_value(serde_json::json!({
                "id": ResponderId::generate(), "service_id": service, "name": "Ann Lee",
                "email": email, "job_title": "Lead", "role": role
            }))
            .unwrap()
        };
        let lead = member(board.id, "responder", "lead@example.com");
        let manager = member(board.id, "service_admin", "manager@example.com");
        let nurse = member(ward.id, "responder", "nurse@example.com");
        for m in [&lead, &manager, &nurse] {
            store.put_responder(m, None).await.unwrap();
        }
        let (_, covering) = responders_covering(&store, ward.id).await.unwrap().unwrap();
        let ids: Vec<ResponderId> = covering.iter().map(|m| m.id).collect();
        assert_eq!(ids, [nurse.id, lead.id], "nearest first, responders only");
        assert_eq!(responder_covering(&store, ward.id, lead.id).await.unwrap(), Some(lead.clone()));
        assert_eq!(responder_covering(&store, ward.id, manager.id).await.unwrap(), None, "managing is not answering");
        assert_eq!(responder_covering(&store, board.id, nurse.id).await.unwrap(), None, "nothing above is covered");
        store.delete_responder(&lead, None).await.unwrap();
        assert_eq!(responder_covering(&store, ward.id, lead.id).await.unwrap(), None);
    }
}
