//! The store's ports over a map in memory, for the use cases' unit tests. It keeps the
//! DynamoDB store's promises (versions, one-time tokens, idempotency, the 30 minutes, what a
//! refused transaction leaves) and can be told to fail, or to let a moderator in first.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use time::OffsetDateTime;
use time::macros::datetime;

use super::ports::{
    AccountError, Accounts, Answers, AuditTrail, Erasures, Invitations, ModerateStories, ReadStories, Renewals,
    Replies, Responders, Services, StaffTrail, TellStories,
};
use super::services::ServiceError;
use crate::app::tell::TellError;
use crate::domain::moderation::{Action, Actor, AuditEntry};
use crate::domain::record::{OriginalText, PrivateParts, StoryRecord};
use crate::domain::responder::Responder;
use crate::domain::response::{Answer, Change, Reply, ReplyStatus};
use crate::domain::service::{NewService, Service, ServicePatch};
use crate::domain::staff_change::{Account, ChangeBy, ChangeEntry, Invitation, StaffChange};
use crate::domain::story::{Arrival, AuthorContact, Channel, Story, StoryDraft, StoryInput, StoryStatus};
use crate::domain::token::LinkToken;
use crate::domain::{EmailAddress, ReplyId, ResponseId, ServiceId, StoryId};
use crate::store::{FollowUpError, ModerationWriteError, StoreError, Submission};

#[derive(Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    records: HashMap<StoryId, StoryRecord>,
    services: HashMap<ServiceId, Service>,
    responders: Vec<Responder>,
    staff_changes: Vec<ChangeEntry>,
    /// Accounts by address, and whether each has its password yet.
    accounts: HashMap<EmailAddress, bool>,
    invitations: HashMap<String, Invitation>,
    /// Idempotency key digests: the request's fingerprint and the story it made.
    idempotency: HashMap<String, (String, StoryId)>,
    /// One-time form tokens: what their first send made.
    once: HashMap<String, String>,
    renewals: HashSet<(String, time::Date)>,
    /// The next write fails so.
    failure: Option<StoreError>,
    /// A story a moderator edits between the next read and write of it.
    interleaved: Option<StoryId>,
}

impl MemoryStore {
    pub fn with_service(self, id: ServiceId, name: &str, open: bool) -> Self {
        let new = NewService { name: name.into(), parent_id: None, description: None, ..NewService::default() };
        let service = Service { archived: !open, ..new.into_service(id) };
        self.state.lock().unwrap().services.insert(id, service);
        self
    }

    /// The next write fails with `err`, as DynamoDB does when throttled past the SDK's retries.
    pub fn fail_next_write(&self, err: StoreError) {
        self.state.lock().unwrap().failure = Some(err);
    }

    /// Someone else changes the story `id` (a version more) after it is next read.
    pub fn moderator_gets_in_first(&self, id: StoryId) {
        self.state.lock().unwrap().interleaved = Some(id);
    }

    pub fn record(&self, id: StoryId) -> StoryRecord {
        self.state.lock().unwrap().records[&id].clone()
    }

    pub fn staff_changes(&self) -> Vec<ChangeEntry> {
        self.state.lock().unwrap().staff_changes.clone()
    }

    pub fn stories(&self) -> usize {
        self.state.lock().unwrap().records.len()
    }

    fn write<T, E: From<StoreError>>(&self, write: impl FnOnce(&mut State) -> Result<T, E>) -> Result<T, E> {
        let mut state = self.state.lock().unwrap();
        if let Some(err) = state.failure.take() {
            return Err(err.into());
        }
        write(&mut state)
    }
}

impl State {
    fn record(&mut self, id: StoryId) -> Result<&mut StoryRecord, FollowUpError> {
        self.records.get_mut(&id).ok_or(FollowUpError::Missing)
    }

    /// A one-time token already used: what its first send made.
    fn sent_before(&self, once: Option<&str>) -> Option<String> {
        once.and_then(|digest| self.once.get(digest).cloned())
    }
}

impl ReadStories for MemoryStore {
    async fn story_record(&self, id: StoryId) -> Result<Option<StoryRecord>, StoreError> {
        let mut state = self.state.lock().unwrap();
        let record = state.records.get(&id).cloned();
        if state.interleaved == Some(id)
            && let Some(stored) = state.records.get_mut(&id)
        {
            stored.story = stored.story.edited_elsewhere();
            state.interleaved = None;
        }
        Ok(record)
    }
}

impl TellStories for MemoryStore {
    async fn create_story(&self, submission: Submission<'_>) -> Result<StoryId, TellError> {
        self.write(|state| {
            let story = submission.story;
            if let Some((digest, fingerprint)) = &submission.idempotency
                && let Some((first, id)) = state.idempotency.get(digest)
            {
                return if first == fingerprint { Ok(*id) } else { Err(TellError::KeyReused) };
            }
            let closed: Vec<ServiceId> = story
                .service_ids()
                .iter()
                .filter(|s| state.services.get(s).is_none_or(|service| service.archived))
                .copied()
                .collect();
            if !closed.is_empty() {
                return Err(TellError::ServicesClosed(closed));
            }
            if let Some((digest, fingerprint)) = submission.idempotency {
                state.idempotency.insert(digest, (fingerprint, story.id()));
            }
            let draft = submission.draft;
            let private = PrivateParts {
                original: Some(OriginalText { title: draft.title.clone(), body: draft.body.clone() }),
                contact: AuthorContact { author_email: draft.author_email.clone(), postcode: draft.postcode.clone() },
            };
            let services = story.service_ids().iter().map(|s| (*s, String::new())).collect();
            let id = story.id();
            let record = StoryRecord {
                story,
                private: Some(private),
                audit: vec![submission.received],
                services,
                responses: vec![],
                replies: vec![],
            };
            state.records.insert(id, record);
            Ok(id)
        })
    }
}

impl ModerateStories for MemoryStore {
    async fn service_names(&self) -> Result<HashMap<ServiceId, String>, StoreError> {
        Ok(self.state.lock().unwrap().services.values().map(|s| (s.id, s.name.clone())).collect())
    }

    async fn record_moderation(
        &self,
        before: &Story,
        after: &Story,
        entry: AuditEntry,
        service_names: &HashMap<ServiceId, String>,
    ) -> Result<(), ModerationWriteError> {
        self.write(|state| {
            let missing: Vec<ServiceId> =
                after.service_ids().iter().filter(|s| !state.services.contains_key(s)).copied().collect();
            let Some(record) = state.records.get_mut(&before.id()) else { return Err(ModerationWriteError::Stale) };
            if record.story.version() != before.version() {
                return Err(ModerationWriteError::Stale);
            }
            if !missing.is_empty() {
                return Err(ModerationWriteError::ServicesMissing(missing));
            }
            record.story = after.clone();
            record.audit.push(entry);
            record.services =
                after.service_ids().iter().map(|s| (*s, service_names.get(s).cloned().unwrap_or_default())).collect();
            if after.status() == StoryStatus::Withdrawn {
                record.private = Some(PrivateParts::default());
            }
            Ok(())
        })
    }
}

impl Answers for MemoryStore {
    async fn publish_response(
        &self,
        answer: &Answer,
        entry: AuditEntry,
        once: Option<&str>,
    ) -> Result<(), FollowUpError> {
        self.write(|state| {
            if let Some(first) = state.sent_before(once) {
                return Err(FollowUpError::SentBefore(first));
            }
            let record = state.record(answer.story_id)?;
            if record.story.status() != StoryStatus::Published {
                return Err(FollowUpError::Missing);
            }
            record.responses.push(answer.clone());
            record.audit.push(entry);
            if let Some(digest) = once {
                state.once.insert(digest.to_owned(), answer.id.to_string());
            }
            Ok(())
        })
    }

    async fn edit_response(
        &self,
        story: StoryId,
        id: ResponseId,
        body: &str,
        change: Change,
        now: OffsetDateTime,
    ) -> Result<(), FollowUpError> {
        self.write(|state| {
            let record = state.record(story)?;
            // As the conditional update: a missing answer and a closed one fail alike.
            let answer = record.responses.iter_mut().find(|r| r.id == id && r.editable(now));
            let answer = answer.ok_or(FollowUpError::Closed)?;
            (answer.body, answer.change, answer.edited_at) = (body.to_owned(), change, Some(now));
            Ok(())
        })
    }

    async fn delete_response(&self, answer: &Answer, now: OffsetDateTime) -> Result<(), FollowUpError> {
        self.write(|state| {
            let record = state.record(answer.story_id)?;
            let at = record.responses.iter().position(|r| r.id == answer.id && r.editable(now));
            record.responses.remove(at.ok_or(FollowUpError::Closed)?);
            Ok(())
        })
    }
}

impl Replies for MemoryStore {
    async fn add_reply(&self, reply: &Reply, entry: AuditEntry, once: Option<&str>) -> Result<(), FollowUpError> {
        self.write(|state| {
            if let Some(first) = state.sent_before(once) {
                return Err(FollowUpError::SentBefore(first));
            }
            let record = state.record(reply.story_id)?;
            record.replies.push(reply.clone());
            record.audit.push(entry);
            if let Some(digest) = once {
                state.once.insert(digest.to_owned(), reply.id.to_string());
            }
            Ok(())
        })
    }

    async fn decide_reply(
        &self,
        story: StoryId,
        id: ReplyId,
        status: ReplyStatus,
        entry: AuditEntry,
    ) -> Result<(), FollowUpError> {
        self.write(|state| {
            let record = state.record(story)?;
            let reply = record.replies.iter_mut().find(|r| r.id == id && r.status == ReplyStatus::AwaitingModeration);
            let reply = reply.ok_or(FollowUpError::Missing)?;
            reply.status = status;
            reply.published_at = (status == ReplyStatus::Published).then_some(entry.at);
            record.audit.push(entry);
            Ok(())
        })
    }
}

impl Erasures for MemoryStore {
    async fn forget_author_email(&self, id: StoryId, entry: AuditEntry) -> Result<bool, StoreError> {
        self.erase(id, entry, |contact| contact.author_email = None)
    }

    async fn erase_contact(&self, id: StoryId, entry: AuditEntry) -> Result<bool, StoreError> {
        self.erase(id, entry, |contact| *contact = AuthorContact::default())
    }
}

impl MemoryStore {
    /// Erases part of a story's contact details; audited only when there was something to erase.
    fn erase(&self, id: StoryId, entry: AuditEntry, part: fn(&mut AuthorContact)) -> Result<bool, StoreError> {
        self.write(|state| {
            let Some(record) = state.records.get_mut(&id) else { return Ok(false) };
            let Some(private) = record.private.as_mut() else { return Ok(false) };
            let before = private.contact.clone();
            part(&mut private.contact);
            let erased = private.contact != before;
            if erased {
                record.audit.push(entry);
            }
            Ok(erased)
        })
    }
}

impl Renewals for MemoryStore {
    async fn note_renewal(&self, token: &LinkToken, now: OffsetDateTime) -> Result<bool, StoreError> {
        self.write(|state| Ok(state.renewals.insert((token.digest(), now.date()))))
    }
}

impl AuditTrail for MemoryStore {
    async fn add_audit_entry(&self, story: StoryId, entry: AuditEntry) -> Result<(), StoreError> {
        self.write(|state| {
            state.records.get_mut(&story).ok_or_else(|| StoreError::other("no such story"))?.audit.push(entry);
            Ok(())
        })
    }
}

impl Services for MemoryStore {
    async fn create_service(&self, new: NewService, by: Option<ChangeBy<'_>>) -> Result<Service, ServiceError> {
        self.write(|state| {
            if new.parent_id.is_some_and(|parent| !state.services.contains_key(&parent)) {
                return Err(ServiceError::ParentMissing);
            }
            let service = new.into_service(ServiceId::generate());
            state.services.insert(service.id, service.clone());
            state.staff_changes.extend(by.map(|by| by.entry(StaffChange::ServiceAdded { after: service.clone() })));
            Ok(service)
        })
    }

    async fn update_service(&self, id: ServiceId, patch: &ServicePatch) -> Result<Option<Service>, StoreError> {
        self.write(|state| {
            let Some(service) = state.services.get_mut(&id) else { return Ok(None) };
            let patch = patch.clone();
            service.name = patch.name.unwrap_or(service.name.clone());
            service.description = patch.description.unwrap_or(service.description.clone());
            service.parent_id = patch.parent_id.unwrap_or(service.parent_id);
            service.archived = patch.archived.unwrap_or(service.archived);
            service.language = patch.language.unwrap_or(service.language);
            Ok(Some(service.clone()))
        })
    }

    async fn get_service(&self, id: ServiceId) -> Result<Option<Service>, StoreError> {
        Ok(self.state.lock().unwrap().services.get(&id).cloned())
    }

    async fn list_services(&self) -> Result<Vec<Service>, StoreError> {
        Ok(self.state.lock().unwrap().services.values().cloned().collect())
    }

    async fn service_with_responders(&self, id: ServiceId) -> Result<Option<(Service, Vec<Responder>)>, StoreError> {
        let state = self.state.lock().unwrap();
        let responders = state.responders.iter().filter(|r| r.service_id == id).cloned().collect();
        Ok(state.services.get(&id).map(|service| (service.clone(), responders)))
    }
}

impl Responders for MemoryStore {
    async fn put_responder(&self, responder: &Responder, change: Option<&ChangeEntry>) -> Result<(), StoreError> {
        self.write(|state| {
            let taken =
                state.responders.iter().any(|r| (r.service_id, &r.email) == (responder.service_id, &responder.email));
            if taken {
                return Err(StoreError::ConditionFailed);
            }
            state.responders.push(responder.clone());
            state.staff_changes.extend(change.cloned());
            Ok(())
        })
    }

    async fn delete_responder(&self, member: &Responder, change: Option<&ChangeEntry>) -> Result<bool, StoreError> {
        self.write(|state| {
            let before = state.responders.len();
            state.responders.retain(|r| (r.service_id, r.id) != (member.service_id, member.id));
            let removed = state.responders.len() < before;
            if removed {
                state.staff_changes.extend(change.cloned());
            }
            Ok(removed)
        })
    }

    async fn update_alerts(&self, after: &Responder, change: &ChangeEntry) -> Result<bool, StoreError> {
        self.write(|state| {
            let Some(member) =
                state.responders.iter_mut().find(|r| (r.service_id, r.id) == (after.service_id, after.id))
            else {
                return Ok(false);
            };
            member.email_when = after.email_when;
            state.staff_changes.push(change.clone());
            Ok(true)
        })
    }

    async fn memberships_of(&self, email: &EmailAddress) -> Result<Vec<Responder>, StoreError> {
        Ok(self.state.lock().unwrap().responders.iter().filter(|r| &r.email == email).cloned().collect())
    }
}

impl StaffTrail for MemoryStore {
    async fn record_change(&self, entry: &ChangeEntry) -> Result<(), StoreError> {
        self.write(|state| {
            state.staff_changes.push(entry.clone());
            Ok(())
        })
    }
}

impl Accounts for MemoryStore {
    async fn ensure_account(&self, email: &EmailAddress, _name: &str) -> Result<Account, AccountError> {
        let mut state = self.state.lock().unwrap();
        let has_password = *state.accounts.entry(email.clone()).or_insert(false);
        Ok(if has_password { Account::Active } else { Account::AwaitingPassword })
    }

    async fn set_password(&self, email: &EmailAddress, password: &str) -> Result<(), AccountError> {
        if password.len() < 12 {
            return Err(AccountError::WeakPassword("Use at least 12 characters.".into()));
        }
        let mut state = self.state.lock().unwrap();
        let has_password = state.accounts.get_mut(email).ok_or(AccountError::NoAccount)?;
        *has_password = true;
        Ok(())
    }
}

impl Invitations for MemoryStore {
    async fn put_invitation(&self, token: &LinkToken, invitation: &Invitation) -> Result<(), StoreError> {
        self.write(|state| {
            state.invitations.insert(token.digest(), invitation.clone());
            Ok(())
        })
    }

    async fn get_invitation(&self, token: &LinkToken) -> Result<Option<Invitation>, StoreError> {
        Ok(self.state.lock().unwrap().invitations.get(&token.digest()).cloned())
    }

    async fn delete_invitation(&self, token: &LinkToken) -> Result<(), StoreError> {
        self.write(|state| {
            state.invitations.remove(&token.digest());
            Ok(())
        })
    }
}

/// What the use cases' tests start from.
pub mod given {
    use super::*;
    use crate::app::moderate::{Moderation, ModerationInput, moderate};
    use crate::app::tell::tell;

    pub fn now() -> OffsetDateTime {
        datetime!(2026-11-02 09:30 UTC)
    }

    pub fn moderator() -> Actor {
        Actor { id: "sub-moderator".into(), name: "sam".into() }
    }

    /// A store with one service that takes stories, named "Ward 7".
    pub fn a_store() -> (MemoryStore, ServiceId) {
        let service = ServiceId::generate();
        (MemoryStore::default().with_service(service, "Ward 7", true), service)
    }

    pub fn input(service: ServiceId, author_email: &str) -> StoryInput {
        StoryInput {
            title: "Kind night staff".into(),
            body: "The nurses on the ward were kind to my mother all night.".into(),
            when: "last_week".into(),
            author_role: "relative".into(),
            author_email: author_email.into(),
            service_ids: vec![service.to_string()],
            ..StoryInput::default()
        }
    }

    /// A story told on the web, with the author's address, awaiting moderation.
    pub async fn told(store: &MemoryStore, service: ServiceId) -> StoryId {
        let input = input(service, "jo@example.com");
        let draft = StoryDraft::parse(&input, None).unwrap();
        let arrival = Arrival { channel: Channel::Web, link: None, tags: vec![] };
        tell(store, draft, &input, arrival, &Actor::author(), None, now()).await.unwrap()
    }

    /// `action` done to the story by a moderator, at the version it is at.
    pub async fn moderated(store: &MemoryStore, id: StoryId, action: Action, input: ModerationInput) -> StoryRecord {
        let version = Some(store.record(id).story.version());
        let moderation = Moderation::parse(action, &ModerationInput { version, ..input }).unwrap();
        moderate(store, id, moderation, &moderator(), now()).await.unwrap()
    }

    /// A published story, read again (its services named) as a responder's link reads it.
    pub async fn published(store: &MemoryStore, service: ServiceId) -> StoryRecord {
        let id = told(store, service).await;
        moderated(store, id, Action::Publish, ModerationInput::default()).await;
        store.record(id)
    }
}
