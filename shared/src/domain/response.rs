//! What follows a published story: the responders' public answers, each saying whether a
//! change is planned or made, and the author's replies, which a moderator reads first.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::{FieldErrors, Language, Message, ReplyId, ResponderId, ResponseId, ServiceId, StoryId, text};

pub const RESPONSE_MIN: usize = 2;
pub const RESPONSE_MAX: usize = 5000;
/// How long a responder may still edit or delete their answer.
pub const EDIT_WINDOW: Duration = Duration::minutes(30);

/// Whether the service changes something because of the story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    None,
    Planned,
    Made,
}

impl Change {
    pub const ALL: &'static [Change] = &[Change::None, Change::Planned, Change::Made];

    pub fn code(self) -> &'static str {
        match self {
            Change::None => "none",
            Change::Planned => "planned",
            Change::Made => "made",
        }
    }

    /// The words the form and the public page use: `change-{code}` in the catalogues.
    pub fn label(self) -> Message {
        Message::new(format!("change-{}", self.code()))
    }

    pub fn parse(raw: &str) -> Result<Self, Message> {
        Change::ALL.iter().find(|c| c.code() == raw.trim()).copied().ok_or_else(|| Message::new("change-missing"))
    }
}

/// A responder's answer, as published: who answered for which service, and what they said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub id: ResponseId,
    pub story_id: StoryId,
    pub responder_id: ResponderId,
    pub service_id: ServiceId,
    pub responder_name: String,
    pub job_title: String,
    pub service_name: String,
    pub body: String,
    pub change: Change,
    /// The language it was written in, so its page marks it for screen readers.
    #[serde(default)]
    pub language: Language,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "time::serde::rfc3339::option")]
    pub edited_at: Option<OffsetDateTime>,
}

impl Answer {
    /// Whether its responder may still change or delete it.
    pub fn editable(&self, now: OffsetDateTime) -> bool {
        now < self.published_at + EDIT_WINDOW
    }
}

/// An answer as typed, before it is checked.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResponseInput {
    pub body: String,
    pub change: String,
}

/// A checked answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseDraft {
    pub body: String,
    pub change: Change,
}

impl ResponseDraft {
    pub fn parse(input: &ResponseInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let body =
            errors.check("body", text::bounded_multiline(&input.body, RESPONSE_MIN, RESPONSE_MAX, "answer-body"));
        let change = errors.check("change", Change::parse(&input.change));
        errors.into_result(|| ResponseDraft { body: body.unwrap_or_default(), change: change.expect("checked") })
    }
}

/// Where an author's reply is: read by a moderator before it is public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyStatus {
    AwaitingModeration,
    Published,
    Rejected,
}

/// The author's reply to the answers (or to a moderator's question).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub id: ReplyId,
    pub story_id: StoryId,
    pub body: String,
    /// The language it was written in.
    #[serde(default)]
    pub language: Language,
    pub status: ReplyStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub received_at: OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "time::serde::rfc3339::option")]
    pub published_at: Option<OffsetDateTime>,
}

/// A reply's text: 2 to 5000 characters.
pub fn reply_body(raw: &str) -> Result<String, Message> {
    text::bounded_multiline(raw, RESPONSE_MIN, RESPONSE_MAX, "reply-body")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_needs_words_and_a_change() {
        let draft = ResponseDraft::parse(&ResponseInput { body: " Thank you. ".into(), change: "planned".into() });
        assert_eq!(draft.unwrap(), ResponseDraft { body: "Thank you.".into(), change: Change::Planned });
        let errors = ResponseDraft::parse(&ResponseInput { body: "x".into(), change: "maybe".into() }).unwrap_err();
        assert_eq!(errors.0.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["body", "change"]);
    }

    #[test]
    fn answers_can_be_changed_for_thirty_minutes() {
        let now = OffsetDateTime::now_utc();
        let response = Answer {
            id: ResponseId::on_day_of(now),
            story_id: StoryId::on_day_of(now),
            responder_id: ResponderId::generate(),
            service_id: ServiceId::generate(),
            responder_name: "Sam".into(),
            job_title: "Manager".into(),
            service_name: "Ward 7".into(),
            body: "Thank you.".into(),
            change: Change::None,
            language: Language::English,
            published_at: now,
            edited_at: None,
        };
        assert!(response.editable(now + Duration::minutes(29)));
        assert!(!response.editable(now + Duration::minutes(30)));
    }
}
