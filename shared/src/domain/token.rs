//! The tokens of emailed links: a responder's `/respond/{token}`, an author's
//! `/my-story/{token}`. Each is 256 random bits, shown only in the email; the table keeps its
//! SHA-256 digest with its scope (who, which story, what for) and its expiry.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use super::{ResponderId, ServiceId, StoryId};

/// What a link lets its holder do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// A responder answers a published story about their service.
    Respond,
    /// The author follows their story: its status, the answers, a reply, withdrawing it.
    Author,
}

impl Purpose {
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::Respond => Duration::days(30),
            Purpose::Author => Duration::days(90),
        }
    }

    /// The path of its links: `/respond` or `/my-story`.
    pub fn path(self) -> &'static str {
        match self {
            Purpose::Respond => "/respond",
            Purpose::Author => "/my-story",
        }
    }
}

/// A link's secret as it goes into an email. Its `Debug` hides it, so it is never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken(String);

impl LinkToken {
    pub fn generate() -> Self {
        LinkToken(crate::random::hex(32))
    }

    /// A token as it arrives in a path: 64 lower-case hex digits, or nothing.
    pub fn parse(raw: &str) -> Option<Self> {
        (raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
            .then(|| LinkToken(raw.to_owned()))
    }

    /// What the table keeps instead of the token.
    pub fn digest(&self) -> String {
        Sha256::digest(self.0.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkToken(…)")
    }
}

/// What a token lets its holder do, and until when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub purpose: Purpose,
    pub story_id: StoryId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responder_id: Option<ResponderId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<ServiceId>,
    #[serde(with = "time::serde::rfc3339")]
    pub expires: OffsetDateTime,
}

impl Grant {
    pub fn new(purpose: Purpose, story_id: StoryId, now: OffsetDateTime) -> Self {
        Grant { purpose, story_id, responder_id: None, service_id: None, expires: now + purpose.lifetime() }
    }

    /// A responder's grant to answer a story about their service.
    pub fn respond(story_id: StoryId, responder_id: ResponderId, service_id: ServiceId, now: OffsetDateTime) -> Self {
        Grant {
            responder_id: Some(responder_id),
            service_id: Some(service_id),
            ..Grant::new(Purpose::Respond, story_id, now)
        }
    }

    pub fn expired(&self, now: OffsetDateTime) -> bool {
        now >= self.expires
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bits_kept_as_digests_and_never_shown_in_logs() {
        let token = LinkToken::generate();
        assert_eq!(token.as_str().len(), 64);
        assert_eq!(LinkToken::parse(token.as_str()), Some(token.clone()));
        assert_ne!(token.digest(), token.as_str());
        assert_eq!(format!("{token:?}"), "LinkToken(…)");
        assert_eq!(LinkToken::parse("short"), None);
        assert_eq!(LinkToken::parse(&"G".repeat(64)), None);
    }

    #[test]
    fn responders_links_last_30_days_and_authors_90() {
        let now = OffsetDateTime::now_utc();
        let grant = Grant::new(Purpose::Respond, StoryId::on_day_of(now), now);
        assert!(!grant.expired(now + Duration::days(29)) && grant.expired(now + Duration::days(30)));
        assert!(!Grant::new(Purpose::Author, grant.story_id, now).expired(now + Duration::days(89)));
    }
}
