//! What happens to a story, as types: each event with what it carries, its kind, and who a
//! new link goes to. Stored as the audit items always were (`action` the kind's word, `note`
//! and `item` what it carries), so old items read as they were written.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Message, ReplyId, ResponderId, ResponseId, ServiceId};

/// Everything that can happen to a story, with what each event carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Event {
    Received,
    Edited,
    Published,
    Rejected {
        /// Why, as the author is told.
        #[serde(rename = "note")]
        reason: String,
    },
    Held {
        /// For the other moderators.
        note: String,
    },
    AuthorContacted {
        /// The moderator's question, which the author is emailed.
        #[serde(rename = "note")]
        question: String,
    },
    Reopened,
    AuthorReplied,
    Withdrawn,
    ReplyReceived {
        #[serde(rename = "item")]
        reply: ReplyId,
    },
    ReplyPublished {
        #[serde(rename = "item")]
        reply: ReplyId,
    },
    ReplyRejected {
        #[serde(rename = "item")]
        reply: ReplyId,
    },
    ResponsePublished {
        #[serde(rename = "item")]
        response: ResponseId,
    },
    LinkRequested {
        /// Whoever the expired link was sent to.
        #[serde(rename = "item")]
        recipient: Recipient,
    },
    AuthorEmailForgotten,
    ContactErased,
}

impl Event {
    /// The moderator's words that came with it: a reason, a note, a question.
    pub fn note(&self) -> Option<&str> {
        match self {
            Event::Rejected { reason: words }
            | Event::Held { note: words }
            | Event::AuthorContacted { question: words } => Some(words),
            _ => None,
        }
    }

    pub fn kind(&self) -> EventKind {
        match self {
            Event::Received => EventKind::Received,
            Event::Edited => EventKind::Edited,
            Event::Published => EventKind::Published,
            Event::Rejected { .. } => EventKind::Rejected,
            Event::Held { .. } => EventKind::Held,
            Event::AuthorContacted { .. } => EventKind::AuthorContacted,
            Event::Reopened => EventKind::Reopened,
            Event::AuthorReplied => EventKind::AuthorReplied,
            Event::Withdrawn => EventKind::Withdrawn,
            Event::ReplyReceived { .. } => EventKind::ReplyReceived,
            Event::ReplyPublished { .. } => EventKind::ReplyPublished,
            Event::ReplyRejected { .. } => EventKind::ReplyRejected,
            Event::ResponsePublished { .. } => EventKind::ResponsePublished,
            Event::LinkRequested { .. } => EventKind::LinkRequested,
            Event::AuthorEmailForgotten => EventKind::AuthorEmailForgotten,
            Event::ContactErased => EventKind::ContactErased,
        }
    }
}

/// The kind of an [`Event`], without what it carries: what the notifier dispatches on.
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
    /// An emailed link asked for a new one.
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

    /// For people to read: `author contacted`, in the catalogues as `event-author_contacted`.
    pub fn words(self) -> Message {
        Message::new(format!("event-{}", self.code()))
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Who an email (and the link in it) goes to, as the sent markers and a renewal's entry name
/// them: never an address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

/// Stored as its code.
impl Serialize for Recipient {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for Recipient {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Recipient::parse(&code).ok_or_else(|| serde::de::Error::custom("not a recipient"))
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
    fn events_are_stored_flat_as_old_items_were_and_old_items_read() {
        let response = ResponseId::on_day_of(time::OffsetDateTime::now_utc());
        let recipient = Recipient::Responder { responder: ResponderId::generate(), service: ServiceId::generate() };
        let cases = [
            (Event::Published, serde_json::json!({"action": "published"})),
            (
                Event::Rejected { reason: "It names a nurse.".into() },
                serde_json::json!({"action": "rejected", "note": "It names a nurse."}),
            ),
            (
                Event::ResponsePublished { response },
                serde_json::json!({"action": "response_published", "item": response.to_string()}),
            ),
            (
                Event::LinkRequested { recipient },
                serde_json::json!({"action": "link_requested", "item": recipient.code()}),
            ),
        ];
        for (event, stored) in cases {
            assert_eq!(serde_json::to_value(&event).unwrap(), stored);
            assert_eq!(serde_json::from_value::<Event>(stored).unwrap(), event);
        }
        let no_recipient = serde_json::json!({"action": "link_requested", "item": "nobody"});
        assert!(serde_json::from_value::<Event>(no_recipient).is_err(), "what it carries is checked");
        assert!(serde_json::from_value::<Event>(serde_json::json!({"action": "rejected"})).is_err(), "a reason is due");
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
