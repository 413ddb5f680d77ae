//! The page a responder answers a story on: opened from their emailed link, or from their
//! dashboard. One template, its forms posting under `base`.

use askama::Template;
use time::OffsetDateTime;

use crate::domain::record::StoryRecord;
use crate::domain::response::{Answer, Change, ResponseInput};
use crate::domain::story::{Story, StoryStatus};
use crate::domain::{FieldError, ResponderId};

/// A published story: the story, the answers so far, and the form to answer; the holder's own
/// answers can be changed for 30 minutes.
#[derive(Template)]
#[template(path = "respond.html")]
pub struct RespondPage<'a> {
    /// Where the forms post: `/respond/{token}` (the holder has the token already) or
    /// `/staff/stories/{id}`.
    pub base: &'a str,
    /// The session's CSRF token, on the dashboard's forms; an emailed link's token is its own.
    pub csrf: Option<&'a str>,
    /// The dashboard, for a signed-in member.
    pub back: Option<&'a str>,
    pub story: &'a Story,
    pub service_name: Option<&'a str>,
    pub responses: &'a [Answer],
    /// The memberships of the person answering: their answers are theirs to change.
    pub own: &'a [ResponderId],
    pub now: OffsetDateTime,
    pub values: &'a ResponseInput,
    pub errors: &'a [FieldError],
    pub notice: Option<&'a str>,
    /// The new answer's one-time token: a second send of the same form publishes nothing.
    pub form_token: &'a str,
}

impl<'a> RespondPage<'a> {
    /// The page of `record` with an empty form, named for `service` when it is one of its.
    pub fn of(record: &'a StoryRecord, service: Option<crate::domain::ServiceId>, now: OffsetDateTime) -> Self {
        RespondPage {
            base: "",
            csrf: None,
            back: None,
            story: &record.story,
            service_name: record.services.iter().find(|(id, _)| Some(*id) == service).map(|(_, n)| n.as_str()),
            responses: &record.responses,
            own: &[],
            now,
            values: &EMPTY,
            errors: &[],
            notice: None,
            form_token: "",
        }
    }

    pub fn error(&self, field: &str) -> Option<&crate::domain::Message> {
        crate::domain::message_for(self.errors, field)
    }

    pub fn changes(&self) -> &'static [Change] {
        Change::ALL
    }

    /// Whether this answer is the holder's, and may still be changed.
    pub fn may_change(&self, response: &Answer) -> bool {
        self.own.contains(&response.responder_id) && response.editable(self.now)
    }

    pub fn published(&self) -> bool {
        self.story.status() == StoryStatus::Published
    }
}

static EMPTY: ResponseInput = ResponseInput { body: String::new(), change: String::new() };
