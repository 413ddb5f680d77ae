//! What each use case needs of the store, and no more: narrow traits that the DynamoDB store
//! implements beside the items they write (`store/answers.rs` implements [`Answers`]…), and
//! the in-memory store of the unit tests does too.

use std::collections::HashMap;
use std::future::Future;

use time::OffsetDateTime;

use super::links::LinkError;
use super::services::ServiceError;
use super::tell::TellError;
use crate::domain::link::{Link, LinkPatch, NewLink, Slug};
use crate::domain::moderation::AuditEntry;
use crate::domain::record::StoryRecord;
use crate::domain::responder::Responder;
use crate::domain::response::{Answer, Change, Reply, ReplyStatus};
use crate::domain::service::{NewService, Service, ServicePatch};
use crate::domain::staff_change::{Account, ChangeBy, ChangeEntry, Invitation};
use crate::domain::story::Story;
use crate::domain::token::LinkToken;
use crate::domain::{EmailAddress, ReplyId, ResponseId, ServiceId, StoryId};
use crate::store::{FollowUpError, ModerationWriteError, StoreError, Submission};

/// A story with all that staff read of it.
pub trait ReadStories: Sync {
    fn story_record(&self, id: StoryId) -> impl Future<Output = Result<Option<StoryRecord>, StoreError>> + Send;
}

/// A new story, stored once.
pub trait TellStories: Sync {
    fn create_story(&self, submission: Submission<'_>) -> impl Future<Output = Result<StoryId, TellError>> + Send;
}

/// A moderation written in place of the story as read, with its audit entry.
pub trait ModerateStories: ReadStories {
    /// Every service's name, for the tags of a story being published.
    fn service_names(&self) -> impl Future<Output = Result<HashMap<ServiceId, String>, StoreError>> + Send;

    fn record_moderation(
        &self,
        before: &Story,
        after: &Story,
        entry: AuditEntry,
        service_names: &HashMap<ServiceId, String>,
    ) -> impl Future<Output = Result<(), ModerationWriteError>> + Send;
}

/// A responder's answers. `once` is the digest of the form's one-time token.
pub trait Answers: Sync {
    fn publish_response(
        &self,
        answer: &Answer,
        entry: AuditEntry,
        once: Option<&str>,
    ) -> impl Future<Output = Result<(), FollowUpError>> + Send;

    fn edit_response(
        &self,
        story: StoryId,
        id: ResponseId,
        body: &str,
        change: Change,
        now: OffsetDateTime,
    ) -> impl Future<Output = Result<(), FollowUpError>> + Send;

    /// Deletes an answer within its 30 minutes; its service no longer counts it.
    fn delete_response(
        &self,
        answer: &Answer,
        now: OffsetDateTime,
    ) -> impl Future<Output = Result<(), FollowUpError>> + Send;
}

/// The author's replies, and the moderators' decisions on them.
pub trait Replies: Sync {
    fn add_reply(
        &self,
        reply: &Reply,
        entry: AuditEntry,
        once: Option<&str>,
    ) -> impl Future<Output = Result<(), FollowUpError>> + Send;

    fn decide_reply(
        &self,
        story: StoryId,
        id: ReplyId,
        status: ReplyStatus,
        entry: AuditEntry,
    ) -> impl Future<Output = Result<(), FollowUpError>> + Send;
}

/// Erasing what identifies an author; each says whether there was anything to erase.
pub trait Erasures: Sync {
    fn forget_author_email(
        &self,
        id: StoryId,
        entry: AuditEntry,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    fn erase_contact(&self, id: StoryId, entry: AuditEntry) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// A new link asked for from an expired one.
pub trait Renewals: Sync {
    /// Whether this is the link's first renewal today.
    fn note_renewal(
        &self,
        token: &LinkToken,
        now: OffsetDateTime,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// An event on its own, with no item to go with it.
pub trait AuditTrail: Sync {
    fn add_audit_entry(&self, story: StoryId, entry: AuditEntry)
    -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The services and their tree.
pub trait Services: Sync {
    /// Adds a service, with the entry of who added it when there is one (the seed has none).
    fn create_service(
        &self,
        new: NewService,
        by: Option<ChangeBy<'_>>,
    ) -> impl Future<Output = Result<Service, ServiceError>> + Send;

    /// `None` when there is no such service.
    fn update_service(
        &self,
        id: ServiceId,
        patch: &ServicePatch,
    ) -> impl Future<Output = Result<Option<Service>, StoreError>> + Send;

    fn list_services(&self) -> impl Future<Output = Result<Vec<Service>, StoreError>> + Send;

    fn get_service(&self, id: ServiceId) -> impl Future<Output = Result<Option<Service>, StoreError>> + Send;

    fn service_with_responders(
        &self,
        id: ServiceId,
    ) -> impl Future<Output = Result<Option<(Service, Vec<Responder>)>, StoreError>> + Send;
}

/// The trail of changes to a service's staff, details and links.
pub trait StaffTrail: Sync {
    fn record_change(&self, entry: &ChangeEntry) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The members of services' staff (responders and service admins).
pub trait Responders: Sync {
    /// With the change entry that records it, in one write, when there is one.
    fn put_responder(
        &self,
        responder: &Responder,
        change: Option<&ChangeEntry>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// `false` when there was none.
    fn delete_responder(
        &self,
        member: &Responder,
        change: Option<&ChangeEntry>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Every membership of one address, in every service.
    /// Writes a member's new alert settings with the change that says so; `false` when the
    /// member is not there any more.
    fn update_alerts(
        &self,
        after: &Responder,
        change: &ChangeEntry,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;

    fn memberships_of(&self, email: &EmailAddress) -> impl Future<Output = Result<Vec<Responder>, StoreError>> + Send;
}

/// Why the user pool refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The password breaks the pool's policy, which says why.
    #[error("{0}")]
    WeakPassword(String),
    #[error("there is no account with this address")]
    NoAccount,
    #[error("the user pool is unavailable: {0}")]
    Unavailable(String),
}

/// Staff accounts, in the user pool: made when a service admin adds someone, signed in to
/// with the password they set from their invitation.
pub trait Accounts: Sync {
    /// Makes sure the address has an account (a new one has no password yet), and says
    /// whether its owner can sign in already.
    fn ensure_account(
        &self,
        email: &EmailAddress,
        name: &str,
    ) -> impl Future<Output = Result<Account, AccountError>> + Send;

    /// Sets the account's password for good (from the invitation's link).
    fn set_password(
        &self,
        email: &EmailAddress,
        password: &str,
    ) -> impl Future<Output = Result<(), AccountError>> + Send;
}

/// Invitation links.
pub trait Links: Sync {
    /// Makes a link, with the entry of who made it when there is one (the seed has none).
    fn create_link(
        &self,
        new: NewLink,
        service: ServiceId,
        now: OffsetDateTime,
        by: Option<ChangeBy<'_>>,
    ) -> impl Future<Output = Result<Link, LinkError>> + Send;

    fn update_link(&self, slug: &Slug, patch: &LinkPatch) -> impl Future<Output = Result<Link, LinkError>> + Send;

    fn delete_link(&self, slug: &Slug, now: OffsetDateTime) -> impl Future<Output = Result<Link, LinkError>> + Send;
}

/// Invitations to set a password, by their token (kept as its digest, in the private table).
pub trait Invitations: Sync {
    fn put_invitation(
        &self,
        token: &LinkToken,
        invitation: &Invitation,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn get_invitation(&self, token: &LinkToken) -> impl Future<Output = Result<Option<Invitation>, StoreError>> + Send;

    /// Spends it: a link sets a password once.
    fn delete_invitation(&self, token: &LinkToken) -> impl Future<Output = Result<(), StoreError>> + Send;
}
