//! What happens to a story, as types: the kind of each audit entry, and who a new link goes to.
//! Stored as the same words the audit items always carried (`published`, `reply_received`…),
//! so old items read as they were written.

use serde::{Deserialize, Serialize};

use super::{ResponderId, ServiceId};

/// Everything that can happen to a story, each written as one audit entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// It was told.
    Received,
    Edited,
    Published,
    Rejected,
    Held,
    /// A moderator asked the author a question.
    AuthorContacted,
    Reopened,
    /// The author answered a moderator's question: back to the queue.
    AuthorReplied,
    Withdrawn,
    /// An author's reply to the answers, waiting for a moderator.
    ReplyReceived,
    ReplyPublished,
    ReplyRejected,
    /// A responder answered it in public.
    ResponsePublished,
    /// An emailed link asked for a new one (the entry's item names for whom: a [`Recipient`]).
    LinkRequested,
    /// The author asked to be forgotten: their email address is deleted.
    AuthorEmailForgotten,
    /// A moderator erased the author's contact details at their request.
    ContactErased,
}

impl EventKind {
    pub const ALL: &'static [EventKind] = &[
        EventKind::Received,
        EventKind::Edited,
        EventKind::Published,
        EventKind::Rejected,
        EventKind::Held,
        EventKind::AuthorContacted,
        EventKind::Reopened,
        EventKind::AuthorReplied,
        EventKind::Withdrawn,
        EventKind::ReplyReceived,
        EventKind::ReplyPublished,
        EventKind::ReplyRejected,
        EventKind::ResponsePublished,
        EventKind::LinkRequested,
        EventKind::AuthorEmailForgotten,
        EventKind::ContactErased,
    ];

    /// The kind a word names (an address's `?done=`), if any.
    pub fn parse(code: &str) -> Option<EventKind> {
        EventKind::ALL.iter().copied().find(|kind| kind.code() == code)
    }

    /// The word it is stored and shown as.
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Received => "received",
            EventKind::Edited => "edited",
            EventKind::Published => "published",
            EventKind::Rejected => "rejected",
            EventKind::Held => "held",
            EventKind::AuthorContacted => "author_contacted",
            EventKind::Reopened => "reopened",
            EventKind::AuthorReplied => "author_replied",
            EventKind::Withdrawn => "withdrawn",
            EventKind::ReplyReceived => "reply_received",
            EventKind::ReplyPublished => "reply_published",
            EventKind::ReplyRejected => "reply_rejected",
            EventKind::ResponsePublished => "response_published",
            EventKind::LinkRequested => "link_requested",
            EventKind::AuthorEmailForgotten => "author_email_forgotten",
            EventKind::ContactErased => "contact_erased",
        }
    }

    /// For people to read: `author contacted`.
    pub fn words(self) -> String {
        self.code().replace('_', " ")
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Who an email (and the link in it) goes to, as the sent markers and a renewal's entry name
/// them: never an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recipient {
    Author,
    /// One responder, for one of the story's services.
    Responder {
        responder: ResponderId,
        service: ServiceId,
    },
}

impl Recipient {
    /// As a renewal's audit entry carries it: `author`, or `responder#{id}#{service}`.
    pub fn code(self) -> String {
        match self {
            Recipient::Author => "author".into(),
            Recipient::Responder { responder, service } => format!("responder#{responder}#{service}"),
        }
    }

    pub fn parse(raw: &str) -> Option<Recipient> {
        if raw == "author" {
            return Some(Recipient::Author);
        }
        let (responder, service) = raw.strip_prefix("responder#")?.split_once('#')?;
        Some(Recipient::Responder { responder: responder.parse().ok()?, service: service.parse().ok()? })
    }

    /// The part of a sent marker's key that says who: one marker per person, whichever of the
    /// story's services they answer for.
    pub fn marker(self) -> String {
        match self {
            Recipient::Author => "author".into(),
            Recipient::Responder { responder, .. } => format!("responder#{responder}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_stored_as_the_words_old_items_carry() {
        for (kind, word) in [(EventKind::Received, "received"), (EventKind::AuthorContacted, "author_contacted")] {
            assert_eq!(serde_json::to_value(kind).unwrap(), word);
            assert_eq!(serde_json::from_value::<EventKind>(word.into()).unwrap(), kind);
            assert_eq!(kind.code(), word);
        }
        assert!(serde_json::from_value::<EventKind>("publishd".into()).is_err(), "a typo does not read");
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.code()), Some(*kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.code(), "stored as its code");
        }
    }

    #[test]
    fn recipients_read_back_as_written() {
        let responder = Recipient::Responder { responder: ResponderId::generate(), service: ServiceId::generate() };
        for recipient in [Recipient::Author, responder] {
            assert_eq!(Recipient::parse(&recipient.code()), Some(recipient));
        }
        assert_eq!(Recipient::parse("responder#nonsense"), None);
        assert!(responder.marker().starts_with("responder#") && !responder.marker().contains(&"#".repeat(2)));
    }
}
