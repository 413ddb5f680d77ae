//! The DynamoDB store as the use cases see it: each port is the store's own method.

use std::collections::HashMap;

use time::OffsetDateTime;

use super::{CreateStoryError, FollowUpError, ModerationWriteError, Store, StoreError, Submission};
use crate::app::ports::{Erasures, FollowUps, ModerateStories, ReadStories, Renewals, TellStories};
use crate::domain::moderation::AuditEntry;
use crate::domain::record::StoryRecord;
use crate::domain::response::{Answer, Change, Reply, ReplyStatus};
use crate::domain::story::Story;
use crate::domain::token::LinkToken;
use crate::domain::{ReplyId, ResponseId, ServiceId, StoryId};

impl ReadStories for Store {
    async fn story_record(&self, id: StoryId) -> Result<Option<StoryRecord>, StoreError> {
        Store::story_record(self, id).await
    }
}

impl TellStories for Store {
    async fn create_story(&self, submission: Submission<'_>) -> Result<StoryId, CreateStoryError> {
        Store::create_story(self, submission).await
    }
}

impl ModerateStories for Store {
    async fn service_names(&self) -> Result<HashMap<ServiceId, String>, StoreError> {
        Ok(self.list_services().await?.into_iter().map(|s| (s.id, s.name)).collect())
    }

    async fn record_moderation(
        &self,
        before: &Story,
        after: &Story,
        entry: AuditEntry,
        service_names: &HashMap<ServiceId, String>,
    ) -> Result<(), ModerationWriteError> {
        Store::record_moderation(self, before, after, entry, service_names).await
    }
}

impl FollowUps for Store {
    async fn publish_response(
        &self,
        answer: &Answer,
        entry: AuditEntry,
        once: Option<&str>,
    ) -> Result<(), FollowUpError> {
        Store::publish_response(self, answer, entry, once).await
    }

    async fn edit_response(
        &self,
        story: StoryId,
        id: ResponseId,
        body: &str,
        change: Change,
        now: OffsetDateTime,
    ) -> Result<(), FollowUpError> {
        Store::edit_response(self, story, id, body, change, now).await
    }

    async fn delete_response(&self, story: StoryId, id: ResponseId, now: OffsetDateTime) -> Result<(), FollowUpError> {
        Store::delete_response(self, story, id, now).await
    }

    async fn add_reply(&self, reply: &Reply, entry: AuditEntry, once: Option<&str>) -> Result<(), FollowUpError> {
        Store::add_reply(self, reply, entry, once).await
    }

    async fn decide_reply(
        &self,
        story: StoryId,
        id: ReplyId,
        status: ReplyStatus,
        entry: AuditEntry,
    ) -> Result<(), FollowUpError> {
        Store::decide_reply(self, story, id, status, entry).await
    }
}

impl Erasures for Store {
    async fn forget_author_email(&self, id: StoryId, entry: AuditEntry) -> Result<bool, StoreError> {
        Store::forget_author_email(self, id, entry).await
    }

    async fn erase_contact(&self, id: StoryId, entry: AuditEntry) -> Result<bool, StoreError> {
        Store::erase_contact(self, id, entry).await
    }
}

impl Renewals for Store {
    async fn note_renewal(&self, token: &LinkToken, now: OffsetDateTime) -> Result<bool, StoreError> {
        Store::note_renewal(self, token, now).await
    }

    async fn add_audit_entry(&self, story: StoryId, entry: AuditEntry) -> Result<(), StoreError> {
        Store::add_audit_entry(self, story, entry).await
    }
}
