//! The notice a page shows after the form before it did its work (`?done=`).

use serde::Deserialize;
use tellcare::domain::event::EventKind;

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct Done {
    pub done: String,
}

pub(crate) fn done_notice(done: &str) -> Option<&'static str> {
    if let Some(kind) = EventKind::parse(done) {
        use EventKind::*;
        return match kind {
            Edited => Some("Your changes are saved."),
            Published => Some("The story is published."),
            Rejected => Some("The story is rejected; the author will be told why."),
            Held => Some("The story is on hold."),
            AuthorContacted => Some("Your question is on its way to the author."),
            Reopened => Some("The story is back in the queue."),
            ContactErased => Some("The author's email address and postcode are erased."),
            Received | AuthorReplied | ReplyPublished | ReplyRejected | Withdrawn | ReplyReceived
            | ResponsePublished | LinkRequested | AuthorEmailForgotten => None,
        };
    }
    Some(match done {
        "created" => "The service is added.",
        "responder-added" => "The responder is added.",
        "responder-removed" => "The responder is removed.",
        "link-made" => "The invitation link is made.",
        "link-on" => "The invitation link takes stories again.",
        "link-off" => "The invitation link is switched off: its page now says where else to go.",
        "service-changed" => "The service is changed.",
        "alerts-changed" => "Your emails are changed.",
        // A decided reply goes back to its story's page, not an event of the story's own.
        "reply-published" => "The author's reply is published.",
        "reply-rejected" => "The author's reply will not be published.",
        _ => return None,
    })
}
