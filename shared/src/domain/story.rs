//! A story as stored: its public fields, which only the domain changes, and how to reach its
//! author, which is kept apart. The form's side is in [`super::draft`].

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub use super::choices::{AuthorRole, Channel, StoryStatus, When};
pub(crate) use super::draft::services;
pub use super::draft::{StoryDraft, StoryInput};
use super::link::{Slug, Tag};
pub use super::postcode::Postcode;
pub use super::username::Username;
use super::{Criticality, EmailAddress, Language, ServiceId, StoryId};

pub const TITLE_MIN: usize = 3;
pub const TITLE_MAX: usize = 120;
pub const BODY_MIN: usize = 20;
pub const BODY_MAX: usize = 10_000;
pub const SERVICES_MAX: usize = 10;

/// A story as stored, public fields only: the author's contact details and the original text
/// are kept apart, in items only moderators read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    pub(super) id: StoryId,
    pub(super) title: String,
    pub(super) body: String,
    pub(super) when: When,
    pub(super) author_role: AuthorRole,
    pub(super) username: Username,
    pub(super) service_ids: Vec<ServiceId>,
    /// The language it was told in: its page marks it so, and its author's emails are in it.
    #[serde(default)]
    pub(super) language: Language,
    pub(super) channel: Channel,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) tags: Vec<Tag>,
    /// The invitation link it was told through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) link: Option<Slug>,
    pub(super) status: StoryStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub(super) received_at: OffsetDateTime,
    /// Bumped by every change, so two moderators cannot overwrite each other.
    pub(super) version: u64,
    /// Rated by a moderator: staff-only, never public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) criticality: Option<Criticality>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "time::serde::rfc3339::option")]
    pub(super) published_at: Option<OffsetDateTime>,
    /// When its status last changed.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "time::serde::rfc3339::option")]
    pub(super) status_since: Option<OffsetDateTime>,
}

/// Read-only outside the domain: a story changes through [`super::transition`] only.
impl Story {
    pub fn id(&self) -> StoryId {
        self.id
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn body(&self) -> &str {
        &self.body
    }

    pub fn language(&self) -> Language {
        self.language
    }

    pub fn when(&self) -> When {
        self.when
    }

    pub fn author_role(&self) -> AuthorRole {
        self.author_role
    }

    pub fn username(&self) -> &Username {
        &self.username
    }

    pub fn service_ids(&self) -> &[ServiceId] {
        &self.service_ids
    }

    pub fn channel(&self) -> Channel {
        self.channel
    }

    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }

    /// The invitation link it was told through.
    pub fn link(&self) -> Option<&Slug> {
        self.link.as_ref()
    }

    pub fn status(&self) -> StoryStatus {
        self.status
    }

    pub fn received_at(&self) -> OffsetDateTime {
        self.received_at
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn criticality(&self) -> Option<Criticality> {
        self.criticality
    }

    pub fn published_at(&self) -> Option<OffsetDateTime> {
        self.published_at
    }
}

impl Story {
    /// Since when it has been in its status: the queue is ordered by it, oldest first, so a
    /// story that comes back to the queue keeps its place by the time it was told.
    /// Until when its private parts (contact details, the text as written) are kept: the
    /// retention period after it was decided, or `None` while it is undecided.
    pub fn private_kept_until(&self, retention: time::Duration) -> Option<OffsetDateTime> {
        self.status.is_decided().then(|| self.in_status_since() + retention)
    }

    pub fn in_status_since(&self) -> OffsetDateTime {
        match self.status {
            StoryStatus::AwaitingModeration => self.received_at,
            StoryStatus::Published => self.published_at.unwrap_or(self.received_at),
            _ => self.status_since.unwrap_or(self.received_at),
        }
    }
}

#[cfg(test)]
impl Story {
    /// The story as someone else's edit leaves it: a version on.
    pub(crate) fn edited_elsewhere(&self) -> Story {
        Story { version: self.version + 1, ..self.clone() }
    }
}

/// How a story arrived: the route's facts, which the person cannot set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrival {
    pub channel: Channel,
    pub link: Option<Slug>,
    pub tags: Vec<Tag>,
}

/// How to reach the author, if they said: kept apart from the story, read by moderators and
/// the notifier only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorContact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_email: Option<EmailAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<Postcode>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::draft::tests::valid;

    #[test]
    fn private_parts_are_kept_for_the_retention_period_after_a_decision_only() {
        let told = time::macros::datetime!(2026-03-01 10:00 UTC);
        let draft = StoryDraft::parse(&valid(), None).unwrap();
        let arrival = Arrival { channel: Channel::Web, link: None, tags: vec![] };
        let mut story = draft.into_story(StoryId::on_day_of(told), arrival, told);
        let ninety = time::Duration::days(90);
        assert_eq!(story.private_kept_until(ninety), None, "kept while undecided");
        let decided = told + time::Duration::days(3);
        story.status = StoryStatus::Published;
        story.published_at = Some(decided);
        assert_eq!(story.private_kept_until(ninety), Some(decided + ninety));
        story.status = StoryStatus::Rejected;
        story.status_since = Some(decided);
        assert_eq!(story.private_kept_until(ninety), Some(decided + ninety));
        for undecided in [StoryStatus::OnHold, StoryStatus::AwaitingAuthor, StoryStatus::Withdrawn] {
            story.status = undecided;
            assert_eq!(story.private_kept_until(ninety), None, "{undecided:?}: a withdrawal deletes them itself");
        }
    }
}
