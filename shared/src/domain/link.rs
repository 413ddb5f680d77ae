//! Invitation links: a service's own short address (`/tell/{slug}`) and the QR code on its posters.

use rand::RngExt;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{FieldErrors, Language, Message, ServiceId, double_option, text};

/// The characters of a generated slug: lower-case letters and digits a person can read off a
/// poster and type without doubt, so no 0/o, 1/l/i.
const SLUG_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";
/// 31^8 ≈ 8.5 × 10^11 slugs: guessing one of a thousand links takes about a billion tries.
const GENERATED_SLUG_LEN: usize = 8;

/// Addresses under `/tell/` that are pages, not links.
const RESERVED: &[&str] = &["thanks"];

/// The last part of `/tell/{slug}`. Generated ones use 31 characters no one misreads; an admin may
/// choose a readable one (`walking-group`): lower-case letters, digits and single hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub const MIN: usize = 4;
    pub const MAX: usize = 40;

    /// A fresh random slug, from the thread's cryptographically secure generator.
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        Self((0..GENERATED_SLUG_LEN).map(|_| SLUG_ALPHABET[rng.random_range(0..SLUG_ALPHABET.len())] as char).collect())
    }

    /// Reads a slug as a person may type it: any case, spaces around it ignored.
    pub fn parse(input: &str) -> Result<Self, Message> {
        let slug = input.trim().to_lowercase();
        let length = slug.chars().count();
        if !(Self::MIN..=Self::MAX).contains(&length) {
            return Err(Message::new("slug-length").with("min", Self::MIN).with("max", Self::MAX));
        }
        let allowed = slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !allowed || slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
            return Err(Message::new("slug-characters"));
        }
        if RESERVED.contains(&slug.as_str()) {
            return Err(Message::new("slug-reserved").with("slug", slug));
        }
        Ok(Self(slug))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

string_newtype_serde!(Slug);

/// A label applied to every story told through a link: lower case, 1 to 40 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tag(String);

impl Tag {
    pub fn parse(input: &str) -> Result<Self, Message> {
        let tag = text::clean(input, false).to_lowercase();
        let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
        if tag.is_empty() || tag.chars().count() > 40 {
            return Err(Message::new("tag-length"));
        }
        if !tag.chars().all(|c| c.is_alphanumeric() || c == ' ' || c == '-') {
            return Err(Message::new("tag-characters").with("tag", tag));
        }
        Ok(Self(tag))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_newtype_serde!(Tag);

pub const LABEL_MAX: usize = 80;
pub const WELCOME_MAX: usize = 1000;
pub const TAGS_MAX: usize = 10;
pub const SURVEY_URL_MAX: usize = 500;

/// An invitation link as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub slug: Slug,
    pub service_id: ServiceId,
    /// For staff: where the poster hangs ("Ward 7 waiting room").
    pub label: String,
    /// Shown above the form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welcome_message: Option<String>,
    pub tags: Vec<Tag>,
    /// Where to send the person after they submit: the service's own survey.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_url: Option<String>,
    pub enabled: bool,
    /// The language its page opens in (a poster in a Welsh ward opens in Welsh); English when
    /// never chosen.
    #[serde(default)]
    pub language: Language,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Absent, not null, while the link lives: writes are conditional on its absence.
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<OffsetDateTime>,
    /// How many times its page was opened, and stories told through it.
    #[serde(default)]
    pub opened: u64,
    #[serde(default)]
    pub submitted: u64,
}

/// Whether a link takes stories, and if not, why: the person is told which.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    Open,
    Disabled,
    Deleted,
}

impl Link {
    pub fn state(&self) -> LinkState {
        match (self.deleted_at, self.enabled) {
            (Some(_), _) => LinkState::Deleted,
            (None, false) => LinkState::Disabled,
            (None, true) => LinkState::Open,
        }
    }

    /// The address on the poster and in the QR code: in the address, the link's language
    /// when it is not English, so that the page opens in it.
    pub fn public_url(&self, public_base_url: &str) -> String {
        let base = format!("{}/tell/{}", public_base_url.trim_end_matches('/'), self.slug);
        match self.language {
            Language::English => base,
            other => format!("{base}?lang={}", other.code()),
        }
    }
}

/// What an admin sends to make a link, before it is checked.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct LinkInput {
    #[serde(default)]
    pub label: String,
    pub slug: Option<String>,
    pub welcome_message: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub survey_url: Option<String>,
    pub language: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewLink {
    pub label: String,
    /// The admin's own choice; `None` has one generated.
    pub slug: Option<Slug>,
    pub welcome_message: Option<String>,
    pub tags: Vec<Tag>,
    pub survey_url: Option<String>,
    /// Its own language; `None` takes its service's.
    pub language: Option<Language>,
}

impl NewLink {
    pub fn parse(input: &LinkInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let label = errors.check("label", label(&input.label));
        let slug = match input.slug.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => errors.check("slug", Slug::parse(raw)).map(Some),
            None => Some(None),
        };
        let welcome_message = errors.check("welcome_message", welcome(input.welcome_message.as_deref()));
        let tags = errors.check("tags", tags(&input.tags));
        let survey_url = errors.check("survey_url", survey_url(input.survey_url.as_deref()));
        let language = match input.language.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            None => Some(None),
            Some(raw) => errors.check("language", Language::chosen(raw)).map(Some),
        };
        errors.into_result(|| NewLink {
            label: label.unwrap_or_default(),
            slug: slug.flatten(),
            welcome_message: welcome_message.flatten(),
            tags: tags.unwrap_or_default(),
            survey_url: survey_url.flatten(),
            language: language.flatten(),
        })
    }

    pub fn into_link(self, slug: Slug, service_id: ServiceId, now: OffsetDateTime) -> Link {
        Link {
            slug,
            service_id,
            label: self.label,
            welcome_message: self.welcome_message,
            tags: self.tags,
            survey_url: self.survey_url,
            enabled: true,
            language: self.language.unwrap_or_default(),
            created_at: now,
            deleted_at: None,
            opened: 0,
            submitted: 0,
        }
    }
}

/// A change to a link: absent fields stay as they are; `null` clears an optional one.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct LinkPatchInput {
    pub label: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    pub welcome_message: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub survey_url: Option<Option<String>>,
    pub enabled: Option<bool>,
    pub language: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkPatch {
    pub label: Option<String>,
    pub welcome_message: Option<Option<String>>,
    pub tags: Option<Vec<Tag>>,
    pub survey_url: Option<Option<String>>,
    pub enabled: Option<bool>,
    pub language: Option<Language>,
}

impl LinkPatch {
    pub fn parse(input: &LinkPatchInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let label = input.label.as_deref().map(|l| errors.check("label", label(l)));
        let welcome_message =
            input.welcome_message.as_ref().map(|w| errors.check("welcome_message", welcome(w.as_deref())));
        let tags = input.tags.as_ref().map(|t| errors.check("tags", tags(t)));
        let survey_url = input.survey_url.as_ref().map(|u| errors.check("survey_url", survey_url(u.as_deref())));
        let language = input.language.as_deref().map(|l| errors.check("language", Language::chosen(l)));
        if label.is_none()
            && welcome_message.is_none()
            && tags.is_none()
            && survey_url.is_none()
            && input.enabled.is_none()
            && language.is_none()
        {
            errors.0.push(super::FieldError::new(
                "body",
                "Send at least one of label, welcome_message, tags, survey_url, enabled, language",
            ));
        }
        errors.into_result(|| LinkPatch {
            label: label.flatten(),
            welcome_message: welcome_message.flatten(),
            tags: tags.flatten(),
            survey_url: survey_url.flatten(),
            enabled: input.enabled,
            language: language.flatten(),
        })
    }
}

fn label(raw: &str) -> Result<String, Message> {
    text::bounded(raw, 2, LABEL_MAX, "link-label")
}

fn welcome(raw: Option<&str>) -> Result<Option<String>, Message> {
    let text = text::bounded_multiline(raw.unwrap_or_default(), 0, WELCOME_MAX, "link-welcome")?;
    Ok(Some(text).filter(|t| !t.is_empty()))
}

/// Tags as typed: each cleaned, repeats dropped, at most [`TAGS_MAX`].
pub(crate) fn tags(raw: &[String]) -> Result<Vec<Tag>, Message> {
    let mut tags: Vec<Tag> = Vec::new();
    for tag in raw {
        let tag = Tag::parse(tag)?;
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > TAGS_MAX {
        return Err(Message::new("tags-too-many").with("max", TAGS_MAX));
    }
    Ok(tags)
}

/// An absolute `https` address, or nothing.
fn survey_url(raw: Option<&str>) -> Result<Option<String>, Message> {
    let raw = raw.unwrap_or_default().trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let refuse = || Err(Message::new("survey-url-invalid"));
    if raw.len() > SURVEY_URL_MAX {
        return Err(Message::new("survey-url-too-long").with("max", SURVEY_URL_MAX));
    }
    match url::Url::parse(raw) {
        Ok(url) if url.scheme() == "https" && url.host_str().is_some_and(|h| h.contains('.')) => {
            Ok(Some(url.to_string()))
        }
        _ => refuse(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_slugs_are_unambiguous_and_parse() {
        for _ in 0..200 {
            let slug = Slug::generate();
            assert_eq!(slug.as_str().len(), GENERATED_SLUG_LEN);
            assert!(!slug.as_str().contains(['0', 'o', '1', 'l', 'i']), "{slug}");
            assert_eq!(Slug::parse(slug.as_str()), Ok(slug.clone()));
        }
        assert_ne!(Slug::generate(), Slug::generate());
    }

    #[test]
    fn typed_slugs_are_read_in_any_case_and_checked() {
        assert_eq!(Slug::parse(" Walking-Group ").unwrap().as_str(), "walking-group");
        for bad in ["abc", "thanks", "-walk", "walk-", "walk--group", "walk group", "wälk", &"a".repeat(41)] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_new_link_reports_every_bad_field() {
        let input = LinkInput {
            label: "".into(),
            slug: Some("a b".into()),
            welcome_message: Some("x".repeat(WELCOME_MAX + 1)),
            tags: vec!["ok".into(), "<b>".into()],
            survey_url: Some("http://example.org/survey".into()),
            language: Some("fr".into()),
        };
        let fields: Vec<String> = NewLink::parse(&input).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["label", "slug", "welcome_message", "tags", "survey_url", "language"]);
    }

    #[test]
    fn a_new_link_is_cleaned() {
        let input = LinkInput {
            label: " Ward 7 ".into(),
            slug: Some(" ".into()),
            welcome_message: Some("  ".into()),
            tags: vec![" Night  Staff ".into(), "night staff".into()],
            survey_url: Some("https://survey.example.org/ward7?src=qr".into()),
            language: Some(" cy ".into()),
        };
        let link = NewLink::parse(&input).unwrap();
        assert_eq!(link.language, Some(Language::Welsh));
        assert_eq!(link.label, "Ward 7");
        assert_eq!(link.slug, None);
        assert_eq!(link.welcome_message, None);
        assert_eq!(link.tags, vec![Tag::parse("night staff").unwrap()]);
        assert_eq!(link.survey_url.as_deref(), Some("https://survey.example.org/ward7?src=qr"));
    }

    #[test]
    fn a_patch_tells_clearing_from_leaving_alone() {
        let input: LinkPatchInput = serde_json::from_str(r#"{"welcome_message": null, "enabled": false}"#).unwrap();
        let patch = LinkPatch::parse(&input).unwrap();
        assert_eq!(patch.welcome_message, Some(None));
        assert_eq!(patch.survey_url, None);
        assert_eq!(patch.enabled, Some(false));
        let empty: LinkPatchInput = serde_json::from_str("{}").unwrap();
        assert_eq!(LinkPatch::parse(&empty).unwrap_err().0[0].field, "body");
    }
}
