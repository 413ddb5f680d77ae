//! A story as a person tells it: the fields of the form, each parsed into what it must be,
//! so a [`StoryDraft`] exists only when everything in it is valid.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::link::{Slug, Tag};
pub use super::postcode::Postcode;
pub use super::username::Username;
use super::{Criticality, EmailAddress, FieldErrors, ServiceId, StoryId, text};

pub const TITLE_MIN: usize = 3;
pub const TITLE_MAX: usize = 120;
pub const BODY_MIN: usize = 20;
pub const BODY_MAX: usize = 10_000;
pub const SERVICES_MAX: usize = 10;

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

/// A story as stored, public fields only: the author's contact details and the original text
/// are kept apart, in items only moderators read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    pub(super) id: StoryId,
    pub(super) title: String,
    pub(super) body: String,
    pub(super) when: When,
    pub(super) author_role: AuthorRole,
    pub(super) username: Username,
    pub(super) service_ids: Vec<ServiceId>,
    pub(super) channel: Channel,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) tags: Vec<Tag>,
    /// The invitation link it was told through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) link: Option<Slug>,
    pub(super) status: StoryStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub(super) received_at: OffsetDateTime,
    /// Bumped by every change, so two moderators cannot overwrite each other.
    pub(super) version: u64,
    /// Rated by a moderator: staff-only, never public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) criticality: Option<Criticality>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "time::serde::rfc3339::option")]
    pub(super) published_at: Option<OffsetDateTime>,
    /// When its status last changed.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "time::serde::rfc3339::option")]
    pub(super) status_since: Option<OffsetDateTime>,
}

/// Read-only outside the domain: a story changes through [`super::transition`] only.
impl Story {
    pub fn id(&self) -> StoryId {
        self.id
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn body(&self) -> &str {
        &self.body
    }

    pub fn when(&self) -> When {
        self.when
    }

    pub fn author_role(&self) -> AuthorRole {
        self.author_role
    }

    pub fn username(&self) -> &Username {
        &self.username
    }

    pub fn service_ids(&self) -> &[ServiceId] {
        &self.service_ids
    }

    pub fn channel(&self) -> Channel {
        self.channel
    }

    pub fn tags(&self) -> &[Tag] {
        &self.tags
    }

    /// The invitation link it was told through.
    pub fn link(&self) -> Option<&Slug> {
        self.link.as_ref()
    }

    pub fn status(&self) -> StoryStatus {
        self.status
    }

    pub fn received_at(&self) -> OffsetDateTime {
        self.received_at
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn criticality(&self) -> Option<Criticality> {
        self.criticality
    }

    pub fn published_at(&self) -> Option<OffsetDateTime> {
        self.published_at
    }
}

impl Story {
    /// Since when it has been in its status: the queue is ordered by it, oldest first, so a
    /// story that comes back to the queue keeps its place by the time it was told.
    /// Until when its private parts (contact details, the text as written) are kept: the
    /// retention period after it was decided, or `None` while it is undecided.
    pub fn private_kept_until(&self, retention: time::Duration) -> Option<OffsetDateTime> {
        self.status.is_decided().then(|| self.in_status_since() + retention)
    }

    pub fn in_status_since(&self) -> OffsetDateTime {
        match self.status {
            StoryStatus::AwaitingModeration => self.received_at,
            StoryStatus::Published => self.published_at.unwrap_or(self.received_at),
            _ => self.status_since.unwrap_or(self.received_at),
        }
    }
}

#[cfg(test)]
impl Story {
    /// The story as someone else's edit leaves it: a version on.
    pub(crate) fn edited_elsewhere(&self) -> Story {
        Story { version: self.version + 1, ..self.clone() }
    }
}

/// How a story arrived: the route's facts, which the person cannot set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrival {
    pub channel: Channel,
    pub link: Option<Slug>,
    pub tags: Vec<Tag>,
}

impl StoryDraft {
    pub fn into_story(self, id: StoryId, arrival: Arrival, now: OffsetDateTime) -> Story {
        Story {
            id,
            title: self.title,
            body: self.body,
            when: self.when,
            author_role: self.author_role,
            username: self.username,
            service_ids: self.service_ids,
            channel: arrival.channel,
            tags: arrival.tags,
            link: arrival.link,
            status: StoryStatus::AwaitingModeration,
            received_at: now,
            version: 1,
            criticality: None,
            published_at: None,
            status_since: None,
        }
    }
}

impl StoryInput {
    /// A digest of what was sent, to tell a retry of the same story from a different story
    /// sent under the same idempotency key.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_vec(self).unwrap_or_default();
        Sha256::digest(&json).iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// How to reach the author, if they said: kept apart from the story, read by moderators and
/// the notifier only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorContact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_email: Option<EmailAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<Postcode>,
}

/// What a person typed, before it is checked: the same for the form and the JSON route.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StoryInput {
    pub title: String,
    pub body: String,
    pub when: String,
    pub author_role: String,
    pub username: String,
    pub author_email: String,
    pub postcode: String,
    pub service_ids: Vec<String>,
}

/// A story that can be stored: every field clean and within its rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryDraft {
    pub title: String,
    pub body: String,
    pub when: When,
    pub author_role: AuthorRole,
    pub username: Username,
    pub author_email: Option<EmailAddress>,
    pub postcode: Option<Postcode>,
    pub service_ids: Vec<ServiceId>,
}

impl StoryDraft {
    /// Checks every field at once. `fixed_services` are the services an invitation link
    /// supplies; without them the person must choose at least one.
    pub fn parse(input: &StoryInput, fixed_services: Option<&[ServiceId]>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title =
            errors.check("title", text::bounded(&input.title, TITLE_MIN, TITLE_MAX, "what your story is about"));
        let body = errors.check("body", text::bounded_multiline(&input.body, BODY_MIN, BODY_MAX, "what happened"));
        let when = errors.check("when", When::parse(&input.when));
        let author_role = errors.check("author_role", AuthorRole::parse(&input.author_role));
        let username = match input.username.trim() {
            "" => Some(Username::generate()),
            typed => errors.check("username", Username::parse(typed)),
        };
        let author_email = match input.author_email.trim() {
            "" => Some(None),
            typed => errors.check("author_email", EmailAddress::parse(typed)).map(Some),
        };
        let postcode = match input.postcode.trim() {
            "" => Some(None),
            typed => errors.check("postcode", Postcode::parse(typed)).map(Some),
        };
        let service_ids = match fixed_services {
            Some(fixed) => Some(fixed.to_vec()),
            None => errors.check("service_ids", services(&input.service_ids)),
        };
        errors.into_result(|| StoryDraft {
            title: title.unwrap_or_default(),
            body: body.unwrap_or_default(),
            when: when.expect("checked"),
            author_role: author_role.expect("checked"),
            username: username.expect("checked"),
            author_email: author_email.flatten(),
            postcode: postcode.flatten(),
            service_ids: service_ids.unwrap_or_default(),
        })
    }
}

/// Services as chosen: ids from the list, repeats dropped, 1 to [`SERVICES_MAX`].
pub(crate) fn services(raw: &[String]) -> Result<Vec<ServiceId>, String> {
    let mut ids = Vec::new();
    for id in raw.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let id: ServiceId = id.parse().map_err(|_| "Choose the services from the list".to_owned())?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    match ids.len() {
        0 => Err("Choose the service your story is about".into()),
        n if n > SERVICES_MAX => Err(format!("Choose at most {SERVICES_MAX} services")),
        _ => Ok(ids),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> StoryInput {
        StoryInput {
            title: "Kind nurses".into(),
            body: "The nurses on the ward were kind to my mother.".into(),
            when: "last_week".into(),
            author_role: "relative".into(),
            service_ids: vec![ServiceId::generate().to_string()],
            ..StoryInput::default()
        }
    }

    #[test]
    fn a_valid_story_gets_a_generated_username_and_no_private_fields() {
        let draft = StoryDraft::parse(&valid(), None).unwrap();
        assert!(Username::parse(draft.username.as_str()).is_ok(), "{}", draft.username.as_str());
        assert!(draft.username.as_str().ends_with(|c: char| c.is_ascii_digit()));
        assert_eq!((draft.author_email, draft.postcode), (None, None));
    }

    #[test]
    fn every_bad_field_has_its_message() {
        let input = StoryInput {
            title: " a ".into(),
            body: "too short".into(),
            when: "someday".into(),
            author_role: "".into(),
            username: "jo@example.com".into(),
            author_email: "jo@".into(),
            postcode: "12345".into(),
            service_ids: vec![],
        };
        let errors = StoryDraft::parse(&input, None).unwrap_err().0;
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["title", "body", "when", "author_role", "username", "author_email", "postcode", "service_ids"]
        );
        assert!(errors.iter().all(|e| !e.message.is_empty()));
    }

    #[test]
    fn a_links_services_need_no_choosing() {
        let service = ServiceId::generate();
        let input = StoryInput { service_ids: vec![], ..valid() };
        assert_eq!(StoryDraft::parse(&input, Some(&[service])).unwrap().service_ids, [service]);
    }

    #[test]
    fn control_characters_go_and_text_is_normalised() {
        let input = StoryInput { title: "Cafe\u{301}\u{7} visit".into(), ..valid() };
        assert_eq!(StoryDraft::parse(&input, None).unwrap().title, "Café visit");
    }

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

    #[test]
    fn private_parts_are_kept_for_the_retention_period_after_a_decision_only() {
        let told = time::macros::datetime!(2026-03-01 10:00 UTC);
        let draft = StoryDraft::parse(&valid(), None).unwrap();
        let arrival = Arrival { channel: Channel::Web, link: None, tags: vec![] };
        let mut story = draft.into_story(StoryId::on_day_of(told), arrival, told);
        let ninety = time::Duration::days(90);
        assert_eq!(story.private_kept_until(ninety), None, "kept while undecided");
        let decided = told + time::Duration::days(3);
        story.status = StoryStatus::Published;
        story.published_at = Some(decided);
        assert_eq!(story.private_kept_until(ninety), Some(decided + ninety));
        story.status = StoryStatus::Rejected;
        story.status_since = Some(decided);
        assert_eq!(story.private_kept_until(ninety), Some(decided + ninety));
        for undecided in [StoryStatus::OnHold, StoryStatus::AwaitingAuthor, StoryStatus::Withdrawn] {
            story.status = undecided;
            assert_eq!(story.private_kept_until(ninety), None, "{undecided:?}: a withdrawal deletes them itself");
        }
    }
}
