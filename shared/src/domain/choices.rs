//! The closed sets a story's facts are chosen from: when it happened, who tells it, how it
//! came, and where it is now.

use serde::{Deserialize, Serialize};

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $($variant:ident => $code:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The words the form shows for it.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(raw: &str) -> Result<Self, String> {
                match raw.trim() {
                    $($code => Ok($name::$variant),)+
                    "" => Err(concat!("Choose ", $what).to_owned()),
                    _ => Err(concat!("Choose ", $what, " from the list").to_owned()),
                }
            }
        }
    };
}

choice!(
    /// When it happened, as near as the person remembers.
    When, "when it happened", {
        Today => "today", "Today";
        Yesterday => "yesterday", "Yesterday";
        LastWeek => "last_week", "In the last week";
        LastMonth => "last_month", "In the last month";
        Last3Months => "last_3_months", "In the last 3 months";
        LastYear => "last_year", "In the last year";
        OverAYear => "over_a_year", "More than a year ago";
    }
);

choice!(
    /// Who is telling: someone who received care, someone close to them, or staff. Staff and
    /// volunteers telling someone else's story say so here, never disguised.
    AuthorRole, "who you are", {
        Patient => "patient", "I am the patient";
        ServiceUser => "service_user", "I use this service";
        Carer => "carer", "I am a carer";
        Relative => "relative", "I am a relative";
        Friend => "friend", "I am a friend";
        StaffOnBehalf => "staff_on_behalf", "I am a member of staff helping someone tell their story";
        VolunteerOnBehalf => "volunteer_on_behalf", "I am a volunteer helping someone tell their story";
        StaffOwnExperience => "staff_own_experience", "I am a member of staff telling my own experience";
    }
);

choice!(
    /// How the story reached Tellcare: set by the route it came through, never by the form.
    Channel, "how the story was told", {
        Web => "web", "On the website";
        InvitationLink => "invitation_link", "Through a service's invitation link";
        Leaflet => "leaflet", "On a paper leaflet";
        Phone => "phone", "In a phone call";
        Assisted => "assisted", "With help from staff or a volunteer";
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
    StoryStatus, "a status", {
        AwaitingModeration => "awaiting_moderation", "Awaiting moderation";
        OnHold => "on_hold", "On hold";
        AwaitingAuthor => "awaiting_author", "Awaiting the author";
        Published => "published", "Published";
        Rejected => "rejected", "Rejected";
        Withdrawn => "withdrawn", "Withdrawn";
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
