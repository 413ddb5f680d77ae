//! The closed sets a story's facts are chosen from: when it happened, who tells it, how it
//! came, and where it is now.

use serde::{Deserialize, Serialize};

use super::Message;

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident, $key:literal, { $($variant:ident => $code:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The words the form shows for it: `{key}-{code}` in the catalogues.
            pub fn label(self) -> Message {
                match self { $($name::$variant => Message::new(concat!($key, "-", $code))),+ }
            }

            /// `{key}-missing` when nothing is chosen, `{key}-unknown` for what is not a choice.
            pub fn parse(raw: &str) -> Result<Self, Message> {
                match raw.trim() {
                    $($code => Ok($name::$variant),)+
                    "" => Err(Message::new(concat!($key, "-missing"))),
                    _ => Err(Message::new(concat!($key, "-unknown"))),
                }
            }
        }
    };
}

choice!(
    /// When it happened, as near as the person remembers.
    When, "when", {
        Today => "today";
        Yesterday => "yesterday";
        LastWeek => "last_week";
        LastMonth => "last_month";
        Last3Months => "last_3_months";
        LastYear => "last_year";
        OverAYear => "over_a_year";
    }
);

choice!(
    /// Who is telling: someone who received care, someone close to them, or staff. Staff and
    /// volunteers telling someone else's story say so here, never disguised.
    AuthorRole, "role", {
        Patient => "patient";
        ServiceUser => "service_user";
        Carer => "carer";
        Relative => "relative";
        Friend => "friend";
        StaffOnBehalf => "staff_on_behalf";
        VolunteerOnBehalf => "volunteer_on_behalf";
        StaffOwnExperience => "staff_own_experience";
    }
);

choice!(
    /// How the story reached Tellcare: set by the route it came through, never by the form.
    Channel, "channel", {
        Web => "web";
        InvitationLink => "invitation_link";
        Leaflet => "leaflet";
        Phone => "phone";
        Assisted => "assisted";
    }
);

impl AuthorRole {
    pub fn on_behalf(self) -> bool {
        matches!(self, AuthorRole::StaffOnBehalf | AuthorRole::VolunteerOnBehalf)
    }
}

impl Channel {
    /// The channel of a story told through a public route: assisted when staff or a
    /// volunteer tell it for someone, else the route's own.
    pub fn for_public_route(route: Channel, role: AuthorRole) -> Channel {
        if role.on_behalf() { Channel::Assisted } else { route }
    }
}

choice!(
    /// Where a story is in moderation and publication.
    StoryStatus, "status", {
        AwaitingModeration => "awaiting_moderation";
        OnHold => "on_hold";
        AwaitingAuthor => "awaiting_author";
        Published => "published";
        Rejected => "rejected";
        Withdrawn => "withdrawn";
    }
);

impl StoryStatus {
    /// Published or rejected: from then on, its private parts are kept for the retention
    /// period only (a withdrawal deletes them at once).
    pub fn is_decided(self) -> bool {
        matches!(self, StoryStatus::Published | StoryStatus::Rejected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_telling_for_someone_is_assisted() {
        assert_eq!(
            Channel::for_public_route(Channel::InvitationLink, AuthorRole::VolunteerOnBehalf),
            Channel::Assisted
        );
        assert_eq!(Channel::for_public_route(Channel::Web, AuthorRole::Patient), Channel::Web);
        assert_eq!(When::parse("last_3_months"), Ok(When::Last3Months));
        assert_eq!(AuthorRole::ALL.len(), 8);
    }
}
