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
use crate::domain::story::Story;
use crate::domain::token::LinkToken;
use crate::domain::{ReplyId, ResponderId, ResponseId, ServiceId, StoryId};
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

    fn delete_response(
        &self,
        story: StoryId,
        id: ResponseId,
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
    fn create_service(&self, new: NewService) -> impl Future<Output = Result<Service, ServiceError>> + Send;

    /// `None` when there is no such service.
    fn update_service(
        &self,
        id: ServiceId,
        patch: &ServicePatch,
    ) -> impl Future<Output = Result<Option<Service>, StoreError>> + Send;

    fn list_services(&self) -> impl Future<Output = Result<Vec<Service>, StoreError>> + Send;

    fn service_with_responders(
        &self,
        id: ServiceId,
    ) -> impl Future<Output = Result<Option<(Service, Vec<Responder>)>, StoreError>> + Send;
}

/// The staff who answer for a service.
pub trait Responders: Sync {
    fn put_responder(&self, responder: &Responder) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// `false` when there was none.
    fn delete_responder(
        &self,
        service: ServiceId,
        id: ResponderId,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}

/// Invitation links.
pub trait Links: Sync {
    fn create_link(
        &self,
        new: NewLink,
        service: ServiceId,
        now: OffsetDateTime,
    ) -> impl Future<Output = Result<Link, LinkError>> + Send;

    fn update_link(&self, slug: &Slug, patch: &LinkPatch) -> impl Future<Output = Result<Link, LinkError>> + Send;

    fn delete_link(&self, slug: &Slug, now: OffsetDateTime) -> impl Future<Output = Result<Link, LinkError>> + Send;
}
