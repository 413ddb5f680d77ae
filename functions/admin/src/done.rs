//! The notice a page shows after the form before it did its work (`?done=`).

use serde::Deserialize;
use tellcare::domain::Message;
use tellcare::domain::event::EventKind;

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct Done {
    pub done: String,
}

/// The notice of `done`, in the catalogues as `done-{done}`.
pub(crate) fn done_notice(done: &str) -> Option<Message> {
    if let Some(kind) = EventKind::parse(done) {
        use EventKind::*;
        return match kind {
            Edited | Published | Rejected | Held | AuthorContacted | Reopened | ContactErased => {
                Some(Message::new(format!("done-{}", kind.code())))
            }
            Received | AuthorReplied | ReplyPublished | ReplyRejected | Withdrawn | ReplyReceived
            | ResponsePublished | LinkRequested | AuthorEmailForgotten => None,
        };
    }
    const PAGES: &[&str] = &[
        "created",
        "responder-added",
        "responder-removed",
        "link-made",
        "link-on",
        "link-off",
        "service-changed",
        "alerts-changed",
        // A decided reply goes back to its story's page, not an event of the story's own.
        "reply-published",
        "reply-rejected",
    ];
    PAGES.contains(&done).then(|| Message::new(format!("done-{done}")))
}
