//! The pure model of Tellcare: no AWS, no HTTP. A value of these types is valid by construction.

/// The serde plumbing of a newtype over `String` with a `parse`: it deserializes through
/// `parse`, so a stored or sent value is checked as typed input is, and serializes as its text.
///
/// Its refusal names the type and the catalogue message, not the value (an address or a
/// postcode is never logged) and not the message's words: these values are read from records
/// and events, never from a person's form, so the refusal is for the logs, and a function that
/// shows people nothing (the indexer, the tallies) links no catalogues for it.
macro_rules! string_newtype_serde {
    ($name:ident) => {
        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s).map_err(|refused| {
                    let refused: $crate::domain::Message = refused.into();
                    format!("not a valid {}: {}", stringify!($name), refused.id().unwrap_or("refused"))
                })
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }
    };
}

pub mod audit;
mod choices;
mod criticality;
mod draft;
pub mod edit;
mod email;
pub mod event;
pub mod hints;
mod ids;
mod language;
pub mod link;
mod message;
pub mod moderation;
mod postcode;
pub mod record;
pub mod report;
pub mod responder;
pub mod response;
pub mod service;
pub mod staff;
pub mod staff_change;
pub mod story;
pub mod text;
pub mod token;
pub mod transition;
mod username;

pub use criticality::Criticality;
pub use email::EmailAddress;
pub use ids::{ReplyId, ResponderId, ResponseId, ServiceId, StoryId};
pub use language::Language;
pub use message::Message;

/// Why one field of an input was refused, in words for the person who typed it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: Message,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<Message>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// The message for `field` among `errors`, for a form to show beside it.
pub fn message_for<'e>(errors: &'e [FieldError], field: &str) -> Option<&'e Message> {
    errors.iter().find(|e| e.field == field).map(|e| &e.message)
}

/// Every problem of an input at once, so a form can show them all together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Keeps the value when it parsed, records the problem when it did not.
    pub fn check<T, M: Into<Message>>(&mut self, field: &str, parsed: Result<T, M>) -> Option<T> {
        parsed.map_err(|message| self.0.push(FieldError::new(field, message))).ok()
    }

    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, FieldErrors> {
        if self.0.is_empty() { Ok(value()) } else { Err(self) }
    }
}

/// For a field of a change where `null` means "clear it" and absence means "leave it":
/// `Some(None)` for null, `None` (by `#[serde(default)]`) when absent.
pub(crate) fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}
