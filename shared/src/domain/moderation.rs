//! What moderators (and authors) do to a story: one state machine of actions, and the words
//! an action needs. The edit is in [`super::edit`], the entry it leaves in [`super::audit`].

use serde::{Deserialize, Serialize};

pub use super::audit::{Actor, AuditEntry};
pub use super::edit::{FieldChange, StoryEdit, StoryEditInput};
use super::event::{Event, EventKind};
use super::story::StoryStatus;
use super::{Message, text};

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
    pub fn next_status(self, from: StoryStatus) -> Result<StoryStatus, Message> {
        if from == Withdrawn {
            return Err(Message::new("refused-withdrawn"));
        }
        let refuse = |why: &'static str| Err(Message::new(why));
        match (self, from) {
            (Action::Withdraw, _) => Ok(Withdrawn),
            (Action::Edit, Rejected) => refuse("refused-edit-rejected"),
            (Action::Edit, status) => Ok(status),
            (Action::Publish, AwaitingModeration | OnHold | AwaitingAuthor) => Ok(Published),
            (Action::Publish, Published) => refuse("refused-already-published"),
            (Action::Publish, _) => refuse("refused-publish-rejected"),
            (Action::Reject, AwaitingModeration | OnHold | AwaitingAuthor) => Ok(Rejected),
            (Action::Reject, Published) => refuse("refused-reject-published"),
            (Action::Reject, _) => refuse("refused-already-rejected"),
            (Action::Hold, AwaitingModeration | AwaitingAuthor) => Ok(OnHold),
            (Action::Hold, OnHold) => refuse("refused-already-on-hold"),
            (Action::Hold, Published) => refuse("refused-hold-published"),
            (Action::Hold, _) => refuse("refused-rejected-reopen-first"),
            (Action::ContactAuthor, AwaitingModeration | OnHold) => Ok(AwaitingAuthor),
            (Action::ContactAuthor, AwaitingAuthor) => refuse("refused-author-asked"),
            (Action::ContactAuthor, Published) => refuse("refused-already-published"),
            (Action::ContactAuthor, _) => refuse("refused-rejected-reopen-first"),
            (Action::Reopen, Rejected | OnHold) => Ok(AwaitingModeration),
            (Action::Reopen, _) => refuse("refused-reopen"),
            (Action::AuthorReplied, AwaitingAuthor) => Ok(AwaitingModeration),
            (Action::AuthorReplied, _) => refuse("refused-no-question"),
        }
    }
}

/// Criticality's words, from the form's scale.
pub fn criticality_label(value: u8) -> Message {
    Message::new("criticality-level").with("level", value.min(super::Criticality::MAX))
}

/// A moderator's reason, note or message: 2 to [`NOTE_MAX`] characters.
pub fn note(raw: &str, action: Action) -> Result<String, Message> {
    let what = match action {
        Action::Reject => "reject-reason",
        Action::Hold => "hold-note",
        _ => "author-message",
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
            let why = action.next_status(from).unwrap_err().to_string();
            assert!(why.ends_with('.') && why.len() > 20, "{action:?} from {from:?}: {why}");
        }
    }

    #[test]
    fn every_action_from_every_status_answers() {
        for action in Action::MODERATOR_ACTIONS {
            for from in StoryStatus::ALL {
                if let Err(why) = action.next_status(*from) {
                    assert!(!why.to_string().is_empty(), "{action:?} from {from:?}");
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
}
