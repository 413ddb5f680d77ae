//! A member of staff's access as it is now, and the invitation that sets their password.

use time::OffsetDateTime;

use super::ports::{AccountError, Accounts, Invitations, Responders};
use crate::domain::EmailAddress;
use crate::domain::staff::{Access, PlatformRole};
use crate::domain::token::LinkToken;
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

/// Sets the password the invitation's holder chose, and spends the invitation.
pub async fn accept_invitation(
    store: &impl Invitations,
    accounts: &impl Accounts,
    token: &str,
    password: &str,
    now: OffsetDateTime,
) -> Result<EmailAddress, InvitationError> {
    let (token, email) = open_invitation(store, token, now).await?;
    accounts.set_password(&email, password).await?;
    store.delete_invitation(&token).await?;
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::memory::MemoryStore;
    use crate::app::ports::Responders;
    use crate::domain::responder::Responder;
    use crate::domain::staff::ServiceRole;
    use crate::domain::staff_change::Invitation;
    use crate::domain::{ResponderId, ServiceId};

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
        let expired = accept_invitation(&store, &store, token.as_str(), "a long passphrase", late).await;
        assert!(matches!(expired, Err(InvitationError::Expired)));
        let weak = accept_invitation(&store, &store, token.as_str(), "short", now).await;
        assert!(matches!(weak, Err(InvitationError::Accounts(AccountError::WeakPassword(_)))), "{weak:?}");
        let accepted = accept_invitation(&store, &store, token.as_str(), "a long passphrase", now).await.unwrap();
        assert_eq!(accepted, email);
        let again = accept_invitation(&store, &store, token.as_str(), "a long passphrase", now).await;
        assert!(matches!(again, Err(InvitationError::Unknown)));
    }
}
