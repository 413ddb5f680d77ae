//! What happens to a service's staff, details and links: each change a typed event with who
//! made it, when, and the member, service or link as it was before and after. Admins read them; the notifier sends the invitation
//! a new member's entry calls for.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::link::Link;
use super::moderation::Actor;
use super::responder::Responder;
use super::service::Service;
use super::{EmailAddress, Message, ServiceId};

/// Whether the person a service admin adds can already sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Account {
    /// The account is new, or its password was never set: the invitation has the link that
    /// sets it.
    AwaitingPassword,
    /// They sign in already (they belong to another service): the email says where to.
    Active,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum StaffChange {
    MemberAdded {
        after: Responder,
        account: Account,
    },
    MemberRemoved {
        before: Responder,
    },
    /// A member changed their own settings (which stories they are emailed about).
    MemberChanged {
        before: Responder,
        after: Responder,
    },
    ServiceAdded {
        after: Service,
    },
    /// Renamed, described, moved, archived or restored.
    ServiceChanged {
        before: Service,
        after: Service,
    },
    LinkAdded {
        after: Link,
    },
    /// Changed, switched on or off, or deleted.
    LinkChanged {
        before: Link,
        after: Link,
    },
}

impl StaffChange {
    pub fn code(&self) -> &'static str {
        match self {
            StaffChange::MemberAdded { .. } => "member_added",
            StaffChange::MemberRemoved { .. } => "member_removed",
            StaffChange::MemberChanged { .. } => "member_changed",
            StaffChange::ServiceAdded { .. } => "service_added",
            StaffChange::ServiceChanged { .. } => "service_changed",
            StaffChange::LinkAdded { .. } => "link_added",
            StaffChange::LinkChanged { .. } => "link_changed",
        }
    }

    pub fn service(&self) -> ServiceId {
        match self {
            StaffChange::MemberAdded { after: member, .. }
            | StaffChange::MemberRemoved { before: member }
            | StaffChange::MemberChanged { after: member, .. } => member.service_id,
            StaffChange::ServiceAdded { after } | StaffChange::ServiceChanged { after, .. } => after.id,
            StaffChange::LinkAdded { after } | StaffChange::LinkChanged { after, .. } => after.service_id,
        }
    }
}

impl StaffChange {
    /// What happened, for the service's page: a sentence, and what it changed (each a part).
    pub fn summary(&self) -> (Message, Vec<Message>) {
        match self {
            StaffChange::MemberAdded { after, .. } => (
                Message::new("change-member-added").with("name", &after.name).with("role", after.role.code()),
                Vec::new(),
            ),
            StaffChange::MemberRemoved { before } => {
                (Message::new("change-member-removed").with("name", &before.name), Vec::new())
            }
            StaffChange::MemberChanged { after, .. } => {
                (Message::new("change-member-emails").with("name", &after.name), vec![after.email_when.label()])
            }
            StaffChange::ServiceAdded { after } => {
                (Message::new("change-service-added").with("name", &after.name), Vec::new())
            }
            StaffChange::ServiceChanged { before, after } => {
                (Message::new("change-service-changed"), service_differences(before, after))
            }
            StaffChange::LinkAdded { after } => {
                (Message::new("change-link-added").with("label", &after.label).with("slug", &after.slug), Vec::new())
            }
            StaffChange::LinkChanged { before, after } => {
                (Message::new("change-link-changed").with("slug", &after.slug), link_differences(before, after))
            }
        }
    }
}

/// What a change to a service changed, in words; empty when nothing did.
pub fn service_differences(before: &Service, after: &Service) -> Vec<Message> {
    let mut changed = Vec::new();
    if before.name != after.name {
        changed.push(Message::new("change-renamed").with("before", &before.name).with("after", &after.name));
    }
    if before.description != after.description {
        changed.push(Message::new("change-described"));
    }
    if before.parent_id != after.parent_id {
        changed.push(Message::new("change-moved"));
    }
    if before.archived != after.archived {
        changed.push(Message::new(if after.archived { "change-archived" } else { "change-restored" }));
    }
    if before.language != after.language {
        changed.push(Message::new("change-language").with("language", after.language.own_name()));
    }
    changed
}

/// What a change to a link changed, in words (its counts of opens and stories aside).
pub fn link_differences(before: &Link, after: &Link) -> Vec<Message> {
    let mut changed = Vec::new();
    if before.deleted_at.is_none() && after.deleted_at.is_some() {
        changed.push(Message::new("change-link-deleted"));
    } else if before.enabled != after.enabled {
        changed.push(Message::new(if after.enabled { "change-link-on" } else { "change-link-off" }));
    }
    if before.label != after.label {
        changed.push(Message::new("change-link-relabelled").with("label", &after.label));
    }
    if before.language != after.language {
        changed.push(Message::new("change-link-language").with("language", after.language.own_name()));
    }
    if (&before.welcome_message, &before.tags, &before.survey_url)
        != (&after.welcome_message, &after.tags, &after.survey_url)
    {
        changed.push(Message::new("change-link-details"));
    }
    changed
}

/// One change, as the service's staff trail keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeEntry {
    /// Sortable by time; unique per change (and so per invitation email).
    pub id: ulid::Ulid,
    #[serde(flatten)]
    pub change: StaffChange,
    pub by: String,
    pub by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl ChangeEntry {
    pub fn of(change: StaffChange, by: &Actor, at: OffsetDateTime) -> Self {
        ChangeEntry { id: ulid::Ulid::generate(), change, by: by.id.clone(), by_name: by.name.clone(), at }
    }
}

/// Who makes a change, and when: what its entry records.
#[derive(Clone, Copy, Debug)]
pub struct ChangeBy<'a> {
    pub actor: &'a Actor,
    pub at: OffsetDateTime,
}

impl ChangeBy<'_> {
    pub fn entry(&self, change: StaffChange) -> ChangeEntry {
        ChangeEntry::of(change, self.actor, self.at)
    }
}

/// What an invitation's link (by its token's digest) lets its holder do: set the password of
/// the account of this address, once, for a week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub email: EmailAddress,
    #[serde(with = "time::serde::rfc3339")]
    pub expires: OffsetDateTime,
}

impl Invitation {
    pub const DAYS: i64 = 7;

    pub fn new(email: EmailAddress, now: OffsetDateTime) -> Self {
        Invitation { email, expires: now + time::Duration::days(Self::DAYS) }
    }

    pub fn expired(&self, now: OffsetDateTime) -> bool {
        now >= self.expires
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_stored_flat_with_its_kind_and_reads_back_whole() {
        let member: Responder = serde_json::from_value(serde_json::json!({
            "id": super::super::ResponderId::generate(), "service_id": ServiceId::generate(), "name": "Ann Lee",
            "email": "ann@example.com", "job_title": "Ward manager", "role": "service_admin"
        }))
        .unwrap();
        let by = Actor { id: "sub-1".into(), name: "Nia".into() };
        let entry = ChangeEntry::of(
            StaffChange::MemberAdded { after: member.clone(), account: Account::AwaitingPassword },
            &by,
            OffsetDateTime::now_utc(),
        );
        let json = serde_json::to_value(&entry).unwrap();
        assert_eq!(json["change"], "member_added");
        assert_eq!(json["account"], "awaiting_password");
        assert_eq!(json["after"]["role"], "service_admin");
        assert_eq!(serde_json::from_value::<ChangeEntry>(json).unwrap(), entry);
        assert_eq!(entry.change.service(), member.service_id);
    }
}
