//! Identifiers: ULIDs (26 characters of Crockford base32), one newtype per kind of thing so a
//! service id can never be passed where a story id is expected.
//!
//! A ULID's first 48 bits are a time. The ids the public and responders see (stories, responses,
//! replies) carry only the UTC day in them, never the moment: staff who know who used the
//! ward's tablet at 14:03 must not learn from an address who wrote a story. Only the ids of
//! staff-side things (services, responders) are made with the time of day.

use rand::RngExt;
use time::OffsetDateTime;

/// The ULID of something that happened at `at`: the start of its UTC day, then 80 random bits.
fn on_day_of(at: OffsetDateTime) -> ulid::Ulid {
    let day = at.to_offset(time::UtcOffset::UTC).date().midnight().assume_utc();
    let millis = u64::try_from(day.unix_timestamp()).unwrap_or(0) * 1000;
    ulid::Ulid::from_parts(millis, rand::rng().random::<u128>())
}

macro_rules! ulid_id {
    ($(#[$doc:meta])* $name:ident) => {
        ulid_id!(@type $(#[$doc])* $name);

        impl $name {
            pub fn generate() -> Self {
                Self(ulid::Ulid::generate())
            }
        }
    };
    ($(#[$doc:meta])* public $name:ident) => {
        ulid_id!(@type $(#[$doc])* $name);

        impl $name {
            /// A new id for what happened at `at`, keeping only its day (see the module).
            pub fn on_day_of(at: OffsetDateTime) -> Self {
                Self(on_day_of(at))
            }

            /// The time part, for the tests that check it says no more than the day.
            pub fn time_part(&self) -> OffsetDateTime {
                let millis = i128::from(self.0.timestamp_ms()) * 1_000_000;
                OffsetDateTime::from_unix_timestamp_nanos(millis).unwrap_or(OffsetDateTime::UNIX_EPOCH)
            }
        }
    };
    (@type $(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(ulid::Ulid);

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
    /// A membership of a service's staff: one person's role in one service (its members were
    /// first called responders, and the id keeps that name).
    ResponderId
);

ulid_id!(
    /// A story; also its public reference.
    public StoryId
);

ulid_id!(
    /// A responder's public answer to a story.
    public ResponseId
);

ulid_id!(
    /// An author's reply to the answers.
    public ReplyId
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

    #[test]
    fn a_public_id_keeps_the_day_and_not_the_moment() {
        let at = time::macros::datetime!(2026-03-14 14:03:27.123 +01:00);
        let (first, second) = (StoryId::on_day_of(at), StoryId::on_day_of(at));
        assert_eq!(first.time_part(), time::macros::datetime!(2026-03-14 00:00 UTC));
        assert_ne!(first, second, "the rest is random");
        assert_eq!(ReplyId::on_day_of(at).time_part(), first.time_part());
        // An id made before this rule still reads.
        assert!("01ARZ3NDEKTSV4RRFFQ69G5FAV".parse::<StoryId>().is_ok());
    }
}
