//! Words for a person, named rather than written: the domain says which message and with what,
//! and the catalogues (`shared/locales`) say it in the language of the page or the email.

use std::borrow::Cow;

/// A message of the catalogues with its arguments, or a text that has none yet (what staff
/// type, what a dependency says).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Catalogue { id: Cow<'static, str>, args: Vec<(&'static str, String)> },
    Verbatim(String),
}

impl Message {
    /// The catalogue message `id`.
    pub fn new(id: impl Into<Cow<'static, str>>) -> Self {
        Message::Catalogue { id: id.into(), args: Vec::new() }
    }

    /// With the argument `name` (a Fluent variable, `{ $name }` in the catalogue).
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        if let Message::Catalogue { args, .. } = &mut self {
            args.push((name, value.to_string()));
        }
        self
    }

    /// The catalogue id, where it is one: what tests compare.
    pub fn id(&self) -> Option<&str> {
        match self {
            Message::Catalogue { id, .. } => Some(id),
            Message::Verbatim(_) => None,
        }
    }
}

impl From<String> for Message {
    fn from(text: String) -> Self {
        Message::Verbatim(text)
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Self {
        Message::Verbatim(text.to_owned())
    }
}
