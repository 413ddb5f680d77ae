//! What happens to a service's staff: each change a typed event with who made it, when, and
//! the member as it was before and after. Admins read them; the notifier sends the invitation
//! a new member's entry calls for.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::moderation::Actor;
use super::responder::Responder;
use super::{EmailAddress, ServiceId};

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
}

impl StaffChange {
    pub fn code(&self) -> &'static str {
        match self {
            StaffChange::MemberAdded { .. } => "member_added",
            StaffChange::MemberRemoved { .. } => "member_removed",
            StaffChange::MemberChanged { .. } => "member_changed",
        }
    }

    pub fn service(&self) -> ServiceId {
        match self {
            StaffChange::MemberAdded { after: member, .. }
            | StaffChange::MemberRemoved { before: member }
            | StaffChange::MemberChanged { after: member, .. } => member.service_id,
        }
    }
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
