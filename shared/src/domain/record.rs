//! A story with everything staff read of it: its audit trail, its services, the answers and
//! replies, and (for the few who may) its private parts.

use serde::{Deserialize, Serialize};

use super::ServiceId;
use super::moderation::AuditEntry;
use super::response::{Answer, Reply};
use super::story::{AuthorContact, Story};

/// What a moderator reads of a story and the public never does.
#[derive(Clone, Debug, Default)]
pub struct PrivateParts {
    /// `None` once it is gone (past the retention period, or withdrawn).
    pub original: Option<OriginalText>,
    pub contact: AuthorContact,
}

/// The text as the author wrote it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginalText {
    pub title: String,
    pub body: String,
}

/// A story with everything a moderator reads: staff-only.
#[derive(Clone, Debug)]
pub struct StoryRecord {
    pub story: Story,
    /// The text as written and the contact details, when read by a store that reads them.
    pub private: Option<PrivateParts>,
    /// Oldest first.
    pub audit: Vec<AuditEntry>,
    /// Its services, with their names once it is published.
    pub services: Vec<(ServiceId, String)>,
    /// The responders' answers and the author's replies, oldest first.
    pub responses: Vec<Answer>,
    pub replies: Vec<Reply>,
}

impl StoryRecord {
    /// The author's contact details, if read and still kept.
    pub fn contact(&self) -> AuthorContact {
        self.private.as_ref().map(|p| p.contact.clone()).unwrap_or_default()
    }

    /// The text as the author wrote it, if read and still kept.
    pub fn original(&self) -> Option<&OriginalText> {
        self.private.as_ref().and_then(|p| p.original.as_ref())
    }

    /// The audit entries made after `version`: what someone else changed.
    pub fn changes_since(&self, version: u64) -> Vec<&AuditEntry> {
        self.audit.iter().filter(|entry| entry.version > version).collect()
    }
}
