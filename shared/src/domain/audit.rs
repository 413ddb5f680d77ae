//! A line of a story's audit trail: who did what (an [`Event`]) when, and what it changed.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::edit::FieldChange;
use super::event::{Event, EventKind};
use super::story::{Story, StoryStatus};

/// Who does something to a story, as the audit trail names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// A staff member's stable subject, or `author`.
    pub id: String,
    /// For people to read.
    pub name: String,
}

impl Actor {
    pub fn author() -> Self {
        Actor { id: "author".into(), name: "the author".into() }
    }
}

/// A line of a story's audit trail: who did what, when, and what it changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// What happened, and what it carries (stored flat: `action`, `note`, `item`).
    #[serde(flatten)]
    pub event: Event,
    /// The subject of the staff member, or `author`.
    pub by: String,
    /// Their username, for people to read.
    #[serde(default)]
    pub by_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// The story's version this action made.
    #[serde(default)]
    pub version: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_status: Option<StoryStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_status: Option<StoryStatus>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
}

impl AuditEntry {
    /// The first entry of a story: it was told, by `by`.
    pub fn received(story: &Story, by: &Actor) -> Self {
        AuditEntry {
            to_status: Some(story.status()),
            ..AuditEntry::of(Event::Received, by, story.received_at(), story.version())
        }
    }

    /// An entry of an event beside the story's own changes (an answer, a reply, a request for
    /// a new link), at the story's `version`.
    pub fn of(event: Event, by: &Actor, at: OffsetDateTime, version: u64) -> Self {
        AuditEntry {
            event,
            by: by.id.clone(),
            by_name: by.name.clone(),
            at,
            version,
            from_status: None,
            to_status: None,
            changes: vec![],
        }
    }

    pub fn kind(&self) -> EventKind {
        self.event.kind()
    }
}
