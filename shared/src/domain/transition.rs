//! What an action makes of a story, decided here and nowhere else: a pure function of the
//! story, the checked action and who does it when. The store only writes what this decides.

use serde::Deserialize;
use time::OffsetDateTime;

use super::moderation::{Action, Actor, AuditEntry, StoryEdit, StoryEditInput, note};
use super::story::{Story, StoryStatus};
use super::{FieldErrors, Message};

/// An action as sent: the version the moderator read, the edit that goes with it, and the
/// words the action needs (`reason` to reject, `note` to hold, `message` to ask the author).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ModerationInput {
    pub version: Option<u64>,
    #[serde(flatten)]
    pub edit: StoryEditInput,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub message: Option<String>,
}

/// A checked action.
#[derive(Clone, Debug)]
pub struct Moderation {
    pub action: Action,
    pub version: u64,
    pub edit: StoryEdit,
    pub note: Option<String>,
}

impl Moderation {
    pub fn parse(action: Action, input: &ModerationInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let version = errors.check("version", input.version.ok_or_else(|| "Send the version you read".to_owned()));
        let edit = StoryEdit::parse(&input.edit).map_err(|e| errors.0.extend(e.0)).ok();
        let note = action.note_field().map(|field| {
            let raw = match field {
                "reason" => &input.reason,
                "note" => &input.note,
                _ => &input.message,
            };
            errors.check(field, note(raw.as_deref().unwrap_or_default(), action))
        });
        errors.into_result(|| Moderation {
            action,
            version: version.expect("checked"),
            edit: edit.expect("checked"),
            note: note.flatten(),
        })
    }
}

/// Who acts, when, and what the action may need to know beyond the story.
pub struct Context<'a> {
    pub by: &'a Actor,
    pub at: OffsetDateTime,
    /// Whether the author left an address to be asked at.
    pub author_can_be_asked: bool,
}

/// What the action makes of the story.
#[derive(Debug, PartialEq)]
pub enum Transition {
    /// An edit that changes nothing: nothing to write.
    Unchanged,
    /// The story as it now is, at its next version, and the audit entry that says so.
    Changed { after: Box<Story>, entry: AuditEntry },
}

/// Why the action may not be done.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The moderator read an older version: someone changed it first.
    Stale { read: u64 },
    /// The state machine (or the story) refuses, for this reason.
    NotAllowed(Message),
}

/// Applies `moderation` to `before`.
pub fn transition(before: &Story, moderation: Moderation, context: &Context) -> Result<Transition, Refusal> {
    if before.version != moderation.version {
        return Err(Refusal::Stale { read: moderation.version });
    }
    let status = moderation.action.next_status(before.status).map_err(Refusal::NotAllowed)?;
    if moderation.action == Action::ContactAuthor && !context.author_can_be_asked {
        return Err(Refusal::NotAllowed(Message::new("refused-no-email")));
    }
    let mut after = before.clone();
    let changes = moderation.edit.apply(&mut after);
    if moderation.action == Action::Edit && changes.is_empty() {
        return Ok(Transition::Unchanged);
    }
    after.version += 1;
    let moved = status != before.status;
    if moved {
        after.status = status;
        after.status_since = Some(context.at);
        if status == StoryStatus::Published {
            after.published_at = Some(context.at);
        }
    }
    let entry = AuditEntry {
        event: moderation.action.event(moderation.note),
        by: context.by.id.clone(),
        by_name: context.by.name.clone(),
        at: context.at,
        version: after.version,
        from_status: moved.then_some(before.status),
        to_status: moved.then_some(status),
        changes,
    };
    Ok(Transition::Changed { after: Box::new(after), entry })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::EventKind;
    use StoryStatus::*;

    fn story(status: StoryStatus) -> Story {
        serde_json::from_value(serde_json::json!({
            "id": "01ARZ3NDEKTSV4RRFFQ69G5FAV", "title": "Kind night staff", "body": "A body that is long enough.",
            "when": "today", "author_role": "patient", "username": "sunny42",
            "service_ids": ["01ARZ3NDEKTSV4RRFFQ69G5FAW"], "channel": "web",
            "status": status, "received_at": "2026-11-01T10:00:00Z", "version": 3
        }))
        .unwrap()
    }

    fn act(action: Action, version: u64, input: ModerationInput) -> Moderation {
        Moderation::parse(action, &ModerationInput { version: Some(version), ..input }).unwrap()
    }

    fn at() -> OffsetDateTime {
        time::macros::datetime!(2026-11-02 09:30 UTC)
    }

    fn context(by: &Actor, author_can_be_asked: bool) -> Context<'_> {
        Context { by, at: at(), author_can_be_asked }
    }

    #[test]
    fn publishing_moves_the_story_and_says_so_in_its_audit_entry() {
        let by = Actor { id: "sub-1".into(), name: "sam".into() };
        let before = story(AwaitingModeration);
        let Ok(Transition::Changed { after, entry }) =
            transition(&before, act(Action::Publish, 3, ModerationInput::default()), &context(&by, false))
        else {
            panic!("published")
        };
        assert_eq!(
            (after.status, after.version, after.published_at, after.status_since),
            (Published, 4, Some(at()), Some(at()))
        );
        assert_eq!(
            (entry.kind(), entry.from_status, entry.to_status),
            (EventKind::Published, Some(AwaitingModeration), Some(Published))
        );
        assert_eq!((entry.by.as_str(), entry.by_name.as_str(), entry.version, entry.at), ("sub-1", "sam", 4, at()));
    }

    #[test]
    fn every_action_from_every_status_is_allowed_or_refused_with_its_reason() {
        let by = Actor::author();
        let reasons = ModerationInput {
            reason: Some("It names a nurse.".into()),
            note: Some("Check with the ward.".into()),
            message: Some("Which ward was it?".into()),
            ..ModerationInput::default()
        };
        let actions = [
            Action::Publish,
            Action::Reject,
            Action::Hold,
            Action::ContactAuthor,
            Action::Reopen,
            Action::AuthorReplied,
            Action::Withdraw,
        ];
        for action in actions {
            for status in StoryStatus::ALL {
                let before = story(*status);
                let result = transition(&before, act(action, 3, reasons.clone()), &context(&by, true));
                match (action.next_status(*status), result) {
                    (Ok(to), Ok(Transition::Changed { after, entry })) => {
                        assert_eq!((after.status, after.version), (to, 4), "{action:?} from {status:?}");
                        assert_eq!(entry.kind(), action.kind());
                        assert_eq!(entry.to_status, (to != *status).then_some(to));
                    }
                    (Err(why), Err(Refusal::NotAllowed(said))) => assert_eq!(why, said),
                    (expected, got) => panic!("{action:?} from {status:?}: expected {expected:?}, got {got:?}"),
                }
            }
        }
    }

    #[test]
    fn a_stale_version_an_author_without_an_address_and_an_empty_edit_write_nothing() {
        let by = Actor::author();
        let before = story(AwaitingModeration);
        let stale = transition(&before, act(Action::Publish, 2, ModerationInput::default()), &context(&by, true));
        assert_eq!(stale, Err(Refusal::Stale { read: 2 }));
        let ask = ModerationInput { message: Some("Which ward was it?".into()), ..ModerationInput::default() };
        let unasked = transition(&before, act(Action::ContactAuthor, 3, ask), &context(&by, false));
        assert!(matches!(unasked, Err(Refusal::NotAllowed(why)) if why.id() == Some("refused-no-email")));
        let same = ModerationInput {
            edit: StoryEditInput { title: Some("Kind night staff".into()), ..StoryEditInput::default() },
            ..ModerationInput::default()
        };
        assert_eq!(transition(&before, act(Action::Edit, 3, same), &context(&by, true)), Ok(Transition::Unchanged));
    }
}
