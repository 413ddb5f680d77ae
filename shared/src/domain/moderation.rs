//! What moderators (and, later, authors) do to a story: one state machine of actions, the
//! edits a moderator makes, and the audit entry each action leaves.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::event::{Event, EventKind};
use super::link::{Tag, tags};
use super::story::{BODY_MAX, BODY_MIN, Story, StoryStatus, TITLE_MAX, TITLE_MIN, services};
use super::{Criticality, FieldErrors, ServiceId, text};

/// The longest reason, note or message a moderator writes with an action.
pub const NOTE_MAX: usize = 2000;

/// Every way a story changes after it is told. Each moves it through [`Action::next_status`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Edit,
    Publish,
    Reject,
    Hold,
    ContactAuthor,
    Reopen,
    /// The author answered a moderator's question: back to the queue.
    AuthorReplied,
    Withdraw,
}

use StoryStatus::*;

impl Action {
    pub const MODERATOR_ACTIONS: &'static [Action] =
        &[Action::Edit, Action::Publish, Action::Reject, Action::Hold, Action::ContactAuthor, Action::Reopen];

    /// What the action makes happen, with the moderator's words where it carries them.
    pub fn event(self, note: Option<String>) -> Event {
        let note = || note.clone().unwrap_or_default();
        match self {
            Action::Edit => Event::Edited,
            Action::Publish => Event::Published,
            Action::Reject => Event::Rejected { reason: note() },
            Action::Hold => Event::Held { note: note() },
            Action::ContactAuthor => Event::AuthorContacted { question: note() },
            Action::Reopen => Event::Reopened,
            Action::AuthorReplied => Event::AuthorReplied,
            Action::Withdraw => Event::Withdrawn,
        }
    }

    /// The kind of event the action makes.
    pub fn kind(self) -> EventKind {
        match self {
            Action::Edit => EventKind::Edited,
            Action::Publish => EventKind::Published,
            Action::Reject => EventKind::Rejected,
            Action::Hold => EventKind::Held,
            Action::ContactAuthor => EventKind::AuthorContacted,
            Action::Reopen => EventKind::Reopened,
            Action::AuthorReplied => EventKind::AuthorReplied,
            Action::Withdraw => EventKind::Withdrawn,
        }
    }

    /// The word the audit trail and the API use: `published`, `rejected`…
    pub fn code(self) -> &'static str {
        self.kind().code()
    }

    /// The action of a form's button or a route's last segment.
    pub fn parse(raw: &str) -> Option<Action> {
        Some(match raw {
            "edit" | "save" => Action::Edit,
            "publish" => Action::Publish,
            "reject" => Action::Reject,
            "hold" => Action::Hold,
            "contact-author" | "contact_author" => Action::ContactAuthor,
            "reopen" => Action::Reopen,
            _ => return None,
        })
    }

    /// Whether it needs words from the moderator: a reason, a note or a message.
    pub fn note_field(self) -> Option<&'static str> {
        match self {
            Action::Reject => Some("reason"),
            Action::Hold => Some("note"),
            Action::ContactAuthor => Some("message"),
            _ => None,
        }
    }

    /// Where the story goes from `from`, or why it cannot.
    pub fn next_status(self, from: StoryStatus) -> Result<StoryStatus, String> {
        if from == Withdrawn {
            return Err("The author withdrew this story, so it can no longer be changed.".into());
        }
        let refuse = |why: &str| Err(why.to_owned());
        match (self, from) {
            (Action::Withdraw, _) => Ok(Withdrawn),
            (Action::Edit, Rejected) => refuse("This story was rejected. Re-open it before editing it."),
            (Action::Edit, status) => Ok(status),
            (Action::Publish, AwaitingModeration | OnHold | AwaitingAuthor) => Ok(Published),
            (Action::Publish, Published) => refuse("This story is already published."),
            (Action::Publish, _) => refuse("This story was rejected. Re-open it before publishing it."),
            (Action::Reject, AwaitingModeration | OnHold | AwaitingAuthor) => Ok(Rejected),
            (Action::Reject, Published) => refuse("A published story cannot be rejected."),
            (Action::Reject, _) => refuse("This story is already rejected."),
            (Action::Hold, AwaitingModeration | AwaitingAuthor) => Ok(OnHold),
            (Action::Hold, OnHold) => refuse("This story is already on hold."),
            (Action::Hold, Published) => refuse("A published story cannot be put on hold."),
            (Action::Hold, _) => refuse("This story was rejected. Re-open it first."),
            (Action::ContactAuthor, AwaitingModeration | OnHold) => Ok(AwaitingAuthor),
            (Action::ContactAuthor, AwaitingAuthor) => {
                refuse("The author has been asked already; wait for their answer.")
            }
            (Action::ContactAuthor, Published) => refuse("This story is already published."),
            (Action::ContactAuthor, _) => refuse("This story was rejected. Re-open it first."),
            (Action::Reopen, Rejected | OnHold) => Ok(AwaitingModeration),
            (Action::Reopen, _) => refuse("Only a rejected story or one on hold can be re-opened."),
            (Action::AuthorReplied, AwaitingAuthor) => Ok(AwaitingModeration),
            (Action::AuthorReplied, _) => refuse("Nobody is waiting for the author's answer."),
        }
    }
}

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

/// A moderator's edit as sent, before it is checked. Absent fields stay as they are.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StoryEditInput {
    pub title: Option<String>,
    pub body: Option<String>,
    pub service_ids: Option<Vec<String>>,
    pub criticality: Option<u8>,
    pub tags: Option<Vec<String>>,
}

/// A checked edit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoryEdit {
    pub title: Option<String>,
    pub body: Option<String>,
    pub service_ids: Option<Vec<ServiceId>>,
    pub criticality: Option<Criticality>,
    pub tags: Option<Vec<Tag>>,
}

impl StoryEdit {
    pub fn parse(input: &StoryEditInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title =
            input.title.as_deref().map(|t| errors.check("title", text::bounded(t, TITLE_MIN, TITLE_MAX, "the title")));
        let body = input
            .body
            .as_deref()
            .map(|b| errors.check("body", text::bounded_multiline(b, BODY_MIN, BODY_MAX, "the story")));
        let service_ids = input.service_ids.as_deref().map(|s| errors.check("service_ids", services(s)));
        let criticality = input.criticality.map(|c| errors.check("criticality", Criticality::try_from(c)));
        let tags = input.tags.as_deref().map(|t| errors.check("tags", tags(t)));
        errors.into_result(|| StoryEdit {
            title: title.flatten(),
            body: body.flatten(),
            service_ids: service_ids.flatten(),
            criticality: criticality.flatten(),
            tags: tags.flatten(),
        })
    }

    /// Applies the edit, returning each field it really changed.
    pub fn apply(self, story: &mut Story) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        let mut record = |field: &str, before: String, after: String| {
            if before != after {
                changes.push(FieldChange { field: field.into(), before, after });
            }
        };
        if let Some(title) = self.title {
            record("title", story.title.clone(), title.clone());
            story.title = title;
        }
        if let Some(body) = self.body {
            record("body", story.body.clone(), body.clone());
            story.body = body;
        }
        if let Some(ids) = self.service_ids {
            record("service_ids", joined(&story.service_ids), joined(&ids));
            story.service_ids = ids;
        }
        if let Some(criticality) = self.criticality {
            let shown = |c: Option<Criticality>| c.map(|c| c.value().to_string()).unwrap_or_default();
            record("criticality", shown(story.criticality), shown(Some(criticality)));
            story.criticality = Some(criticality);
        }
        if let Some(tags) = self.tags {
            let shown = |tags: &[Tag]| tags.iter().map(Tag::as_str).collect::<Vec<_>>().join(", ");
            record("tags", shown(&story.tags), shown(&tags));
            story.tags = tags;
        }
        changes
    }
}

fn joined(ids: &[ServiceId]) -> String {
    ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// One field an action changed, as text before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
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

/// Criticality's words, from the form's scale.
pub fn criticality_label(value: u8) -> &'static str {
    match value {
        0 => "Not critical",
        1 => "Minimally critical",
        2 => "Mildly critical",
        3 => "Moderately critical",
        4 => "Strongly critical",
        _ => "Severely critical",
    }
}

/// A moderator's reason, note or message: 2 to [`NOTE_MAX`] characters.
pub fn note(raw: &str, action: Action) -> Result<String, String> {
    let what = match action {
        Action::Reject => "the reason, which the author is told",
        Action::Hold => "a note for other moderators",
        _ => "your message to the author",
    };
    text::bounded_multiline(raw, 2, NOTE_MAX, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_machine_allows_the_usual_path_and_says_why_not() {
        assert_eq!(Action::Publish.next_status(AwaitingModeration), Ok(Published));
        assert_eq!(Action::ContactAuthor.next_status(AwaitingModeration), Ok(AwaitingAuthor));
        assert_eq!(Action::AuthorReplied.next_status(AwaitingAuthor), Ok(AwaitingModeration));
        assert_eq!(Action::Reopen.next_status(Rejected), Ok(AwaitingModeration));
        assert_eq!(Action::Edit.next_status(Published), Ok(Published));
        for (action, from) in [
            (Action::Publish, Published),
            (Action::Publish, Rejected),
            (Action::Reject, Published),
            (Action::Hold, OnHold),
            (Action::Reopen, AwaitingModeration),
            (Action::Edit, Rejected),
            (Action::Edit, Withdrawn),
            (Action::ContactAuthor, AwaitingAuthor),
        ] {
            let why = action.next_status(from).unwrap_err();
            assert!(why.ends_with('.') && why.len() > 20, "{action:?} from {from:?}: {why}");
        }
    }

    #[test]
    fn every_action_from_every_status_answers() {
        for action in Action::MODERATOR_ACTIONS {
            for from in StoryStatus::ALL {
                if let Err(why) = action.next_status(*from) {
                    assert!(!why.is_empty(), "{action:?} from {from:?}");
                }
            }
        }
        let words = ["save", "publish", "reject", "hold", "contact-author", "reopen"];
        assert_eq!(
            words.map(Action::parse).map(Option::unwrap),
            *<&[Action; 6]>::try_from(Action::MODERATOR_ACTIONS).unwrap()
        );
        assert!(Action::MODERATOR_ACTIONS.iter().all(|a| a.next_status(Withdrawn).is_err()));
    }

    #[test]
    fn an_edit_records_only_what_changed() {
        let mut story: Story = serde_json::from_value(serde_json::json!({
            "id": "01ARZ3NDEKTSV4RRFFQ69G5FAV", "title": "Old title", "body": "A body that is long enough.",
            "when": "today", "author_role": "patient", "username": "sunny42",
            "service_ids": ["01ARZ3NDEKTSV4RRFFQ69G5FAW"], "channel": "web",
            "status": "awaiting_moderation", "received_at": "2026-11-01T10:00:00Z", "version": 1
        }))
        .unwrap();
        let input = StoryEditInput {
            title: Some("  New title ".into()),
            body: Some("A body that is long enough.".into()),
            criticality: Some(3),
            ..StoryEditInput::default()
        };
        let changes = StoryEdit::parse(&input).unwrap().apply(&mut story);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["title", "criticality"]);
        assert_eq!((changes[0].before.as_str(), changes[0].after.as_str()), ("Old title", "New title"));
        assert_eq!(story.criticality.map(Criticality::value), Some(3));

        let bad = StoryEditInput { title: Some("x".into()), criticality: Some(9), ..StoryEditInput::default() };
        let errors = StoryEdit::parse(&bad).unwrap_err().0;
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["title", "criticality"]);
    }
}
