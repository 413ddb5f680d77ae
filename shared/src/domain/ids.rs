//! Identifiers: ULIDs (26 characters of Crockford base32), one newtype per kind of thing so a
//! service id can never be passed where a story id is expected.

macro_rules! ulid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(ulid::Ulid);

        impl $name {
            pub fn generate() -> Self {
                Self(ulid::Ulid::generate())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse::<ulid::Ulid>()
                    .map(Self)
                    .map_err(|_| format!("'{s}' is not a valid id"))
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.to_string()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

ulid_id!(
    /// A service people receive care from: a ward, a practice, a project, or a group of them.
    ServiceId
);

ulid_id!(
    /// A responder of a service.
    ResponderId
);

ulid_id!(
    /// A story; also its public reference.
    StoryId
);

ulid_id!(
    /// A responder's public answer to a story.
    ResponseId
);

ulid_id!(
    /// An author's reply to the answers.
    ReplyId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_its_own_display_and_refuses_other_text() {
        let id = ServiceId::generate();
        assert_eq!(id.to_string().parse::<ServiceId>(), Ok(id));
        assert_eq!(id.to_string().len(), 26);
        assert!("not-an-id".parse::<ServiceId>().is_err());
        assert!("01ARZ3NDEKTSV4RRFFQ69G5FA".parse::<ServiceId>().is_err(), "25 chars");
    }
}
