//! What the index holds of a story and of a service: only what their public pages show.

use tellcare::domain::record::{OriginalText, StoryRecord};
use tellcare::domain::service::{self, Service};
use tellcare::domain::story::StoryStatus;
use tellcare::domain::{Language, ServiceId, StoryId};
use time::OffsetDateTime;

/// A published story with its answers, as the public reads them.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryDoc {
    pub id: StoryId,
    pub title: String,
    pub body: String,
    pub answers: Vec<String>,
    /// Its services and every service above them.
    pub within: Vec<ServiceId>,
    pub published_at: OffsetDateTime,
    pub language: Language,
}

impl StoryDoc {
    /// The story as the index keeps it, if it is published; `None` for any other status, so
    /// that what is not published is never found.
    pub fn of(record: &StoryRecord, services: &[Service]) -> Option<StoryDoc> {
        (record.story.status() == StoryStatus::Published).then(|| StoryDoc::whatever_its_status(record, services))
    }

    /// Dated when it was published, or else when it was told.
    fn whatever_its_status(record: &StoryRecord, services: &[Service]) -> StoryDoc {
        let story = &record.story;
        StoryDoc {
            id: story.id(),
            title: story.title().to_owned(),
            body: story.body().to_owned(),
            answers: record.responses.iter().map(|a| a.body.clone()).collect(),
            within: within(services, story.service_ids()),
            published_at: story.published_at().unwrap_or(story.received_at()),
            language: story.language(),
        }
    }
}

/// A story in any status, as moderators search it: with the text as the author wrote it while
/// the story is undecided (once published or rejected it is no longer searched, though the
/// editor shows it for the retention period), and the moderators' notes.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffStoryDoc {
    pub story: StoryDoc,
    pub status: StoryStatus,
    pub original: Option<OriginalText>,
    pub notes: Vec<String>,
}

impl StaffStoryDoc {
    /// `original` is the text as written, if it is still kept.
    pub fn of(record: &StoryRecord, original: Option<OriginalText>, services: &[Service]) -> StaffStoryDoc {
        let story = &record.story;
        let undecided = !story.status().is_decided() && story.status() != StoryStatus::Withdrawn;
        StaffStoryDoc {
            story: StoryDoc::whatever_its_status(record, services),
            status: story.status(),
            original: original.filter(|_| undecided),
            notes: record.audit.iter().filter_map(|entry| entry.event.note().map(str::to_owned)).collect(),
        }
    }
}

/// Each of `ids` and every service above them, once.
pub fn within(services: &[Service], ids: &[ServiceId]) -> Vec<ServiceId> {
    let mut all: Vec<ServiceId> = Vec::new();
    for id in ids {
        for service in service::lineage(services, *id) {
            if !all.contains(&service.id) {
                all.push(service.id);
            }
        }
        if !all.contains(id) {
            all.push(*id);
        }
    }
    all
}

/// A service, found by its name and shown with its place in the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceDoc {
    pub id: ServiceId,
    pub name: String,
    pub parent_id: Option<ServiceId>,
    /// The names of the services above it, outermost first.
    pub place: Vec<String>,
    pub within: Vec<ServiceId>,
}

impl ServiceDoc {
    pub fn of(services: &[Service], id: ServiceId) -> Option<ServiceDoc> {
        let line = service::lineage(services, id);
        let (service, above) = line.split_first()?;
        Some(ServiceDoc {
            id: service.id,
            name: service.name.clone(),
            parent_id: service.parent_id,
            place: above.iter().rev().map(|s| s.name.clone()).collect(),
            within: line.iter().map(|s| s.id).collect(),
        })
    }

    pub fn all(services: &[Service]) -> Vec<ServiceDoc> {
        services.iter().filter_map(|s| ServiceDoc::of(services, s.id)).collect()
    }
}
