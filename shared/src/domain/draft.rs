//! A story as a person types it ([`StoryInput`]) and as it may be stored ([`StoryDraft`]):
//! every field parsed at once, each with its message.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::story::{Arrival, BODY_MAX, BODY_MIN, SERVICES_MAX, Story, StoryStatus, TITLE_MAX, TITLE_MIN};
use super::story::{AuthorRole, Postcode, Username, When};
use super::{EmailAddress, FieldErrors, Language, Message, ServiceId, StoryId, text};

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
    /// The language it is told in, `en` or `cy`: the form's own; English when not said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
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
    pub language: Language,
}

impl StoryDraft {
    /// Checks every field at once. `fixed_services` are the services an invitation link
    /// supplies; without them the person must choose at least one.
    pub fn parse(input: &StoryInput, fixed_services: Option<&[ServiceId]>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title = errors.check("title", text::bounded(&input.title, TITLE_MIN, TITLE_MAX, "story-title"));
        let body = errors.check("body", text::bounded_multiline(&input.body, BODY_MIN, BODY_MAX, "story-body"));
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
        let language = match input.language.as_deref() {
            None => Some(Language::English),
            Some(raw) => errors.check("language", Language::chosen(raw)),
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
            language: language.unwrap_or_default(),
        })
    }
}

/// Services as chosen: ids from the list, repeats dropped, 1 to [`SERVICES_MAX`].
pub(crate) fn services(raw: &[String]) -> Result<Vec<ServiceId>, Message> {
    let mut ids = Vec::new();
    for id in raw.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let id: ServiceId = id.parse().map_err(|_| Message::new("services-unknown"))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    match ids.len() {
        0 => Err(Message::new("services-missing")),
        n if n > SERVICES_MAX => Err(Message::new("services-too-many").with("max", SERVICES_MAX)),
        _ => Ok(ids),
    }
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
            language: self.language,
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn valid() -> StoryInput {
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
            language: Some("tlh".into()),
        };
        let errors = StoryDraft::parse(&input, None).unwrap_err().0;
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["title", "body", "when", "author_role", "username", "author_email", "postcode", "language", "service_ids"]
        );
        assert!(errors.iter().all(|e| !e.message.to_string().is_empty()));
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
}
