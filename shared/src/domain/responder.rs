//! The members of a service's staff, each with one role in it: responders are emailed about its
//! published stories and may answer them; service admins manage it. (Every member was first a
//! responder, and the type keeps that name.)

use serde::{Deserialize, Serialize};

use super::staff::ServiceRole;
use super::{Criticality, EmailAddress, FieldErrors, Language, Message, ResponderId, ServiceId, text};

/// Which published stories a responder wants emailed, and how.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailWhen {
    /// Every story published about the service.
    #[default]
    All,
    /// Only stories a moderator rated at or above this criticality.
    CriticalityAtLeast(Criticality),
    /// One email with the stories of the day before, in place of one per story.
    Daily,
    /// One email with the stories of the week before (Monday to Sunday).
    Weekly,
    /// No email: the stories are on the dashboard.
    #[serde(rename = "none")]
    Off,
}

impl EmailWhen {
    /// Whether a story of this criticality is emailed on its own as it is published.
    pub fn wants(self, criticality: Criticality) -> bool {
        match self {
            EmailWhen::All => true,
            EmailWhen::CriticalityAtLeast(threshold) => criticality >= threshold,
            EmailWhen::Daily | EmailWhen::Weekly | EmailWhen::Off => false,
        }
    }

    /// The digest it asks for, if it is one.
    pub fn digest(self) -> Option<Digest> {
        match self {
            EmailWhen::Daily => Some(Digest::Daily),
            EmailWhen::Weekly => Some(Digest::Weekly),
            _ => None,
        }
    }

    /// The choice as a form sends it (`all`, `critical`, `daily`, `weekly`, `none`), with the
    /// criticality a `critical` choice names.
    pub fn from_form(choice: &str, criticality: &str) -> Result<Self, Message> {
        match choice.trim() {
            "all" => Ok(EmailWhen::All),
            "critical" => criticality
                .trim()
                .parse::<u8>()
                .ok()
                .and_then(|n| Criticality::try_from(n).ok())
                .map(EmailWhen::CriticalityAtLeast)
                .ok_or_else(|| Message::new("email-when-criticality").with("max", Criticality::MAX)),
            "daily" => Ok(EmailWhen::Daily),
            "weekly" => Ok(EmailWhen::Weekly),
            "none" => Ok(EmailWhen::Off),
            _ => Err(Message::new("email-when-missing")),
        }
    }

    /// The form's name of the choice.
    pub fn form_choice(self) -> &'static str {
        match self {
            EmailWhen::All => "all",
            EmailWhen::CriticalityAtLeast(_) => "critical",
            EmailWhen::Daily => "daily",
            EmailWhen::Weekly => "weekly",
            EmailWhen::Off => "none",
        }
    }

    /// How a page says it.
    pub fn label(self) -> Message {
        match self {
            EmailWhen::CriticalityAtLeast(c) => Message::new("email-when-critical-at-least").with("level", c.value()),
            other => Message::new(format!("email-when-{}", other.form_choice())),
        }
    }
}

/// A digest: one email with a period's stories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Digest {
    Daily,
    Weekly,
}

/// The stories published from `start` until before `end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub start: time::OffsetDateTime,
    pub end: time::OffsetDateTime,
}

impl Digest {
    pub const ALL: [Digest; 2] = [Digest::Daily, Digest::Weekly];

    pub fn parse(raw: &str) -> Option<Digest> {
        match raw {
            "daily" => Some(Digest::Daily),
            "weekly" => Some(Digest::Weekly),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Digest::Daily => "daily",
            Digest::Weekly => "weekly",
        }
    }

    /// The last whole period before `now` (UTC): yesterday, or last week from Monday. However
    /// often a schedule fires in one period, it names the same one.
    pub fn period_before(self, now: time::OffsetDateTime) -> Period {
        let today = now.to_offset(time::UtcOffset::UTC).date().midnight().assume_utc();
        match self {
            Digest::Daily => Period { start: today - time::Duration::DAY, end: today },
            Digest::Weekly => {
                let monday = today - time::Duration::days(i64::from(today.weekday().number_days_from_monday()));
                Period { start: monday - time::Duration::WEEK, end: monday }
            }
        }
    }

    /// The name of one period of this digest, the same for every firing within it: the key
    /// of its one email to each person.
    pub fn period_key(self, period: &Period) -> String {
        format!("{}-{}", self.code(), period.start.date())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responder {
    pub id: ResponderId,
    pub service_id: ServiceId,
    pub name: String,
    pub email: EmailAddress,
    pub job_title: String,
    /// Absent on members stored before roles were: they were responders.
    #[serde(default)]
    pub role: ServiceRole,
    #[serde(default)]
    pub email_when: EmailWhen,
    /// The language of their emails.
    #[serde(default)]
    pub language: Language,
    /// Set when mail to this address bounced for good or was reported as spam: nothing more
    /// is sent to it until an admin gives a new address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppression>,
}

/// Why mail to an address stopped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// `bounced` or `complained`.
    pub reason: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
}

/// What an admin sends to add a responder, before it is checked.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ResponderInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub job_title: String,
    /// `responder` (when absent) or `service_admin`.
    #[serde(default)]
    pub role: String,
    /// `"all"` or `{"criticality_at_least": 3}`; absent means all.
    #[serde(default)]
    pub email_when: Option<serde_json::Value>,
    /// `en` (when absent) or `cy`: the language of their emails.
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewResponder {
    pub name: String,
    pub email: EmailAddress,
    pub job_title: String,
    pub role: ServiceRole,
    pub email_when: EmailWhen,
    pub language: Language,
}

impl NewResponder {
    pub fn parse(input: &ResponderInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.check("name", text::bounded(&input.name, 2, 100, "responder-name"));
        let email = errors.check("email", EmailAddress::parse(&input.email));
        let job_title = errors.check("job_title", text::bounded(&input.job_title, 2, 100, "responder-job-title"));
        let role = match input.role.trim() {
            "" => Some(ServiceRole::Responder),
            role => errors.check("role", ServiceRole::parse(role)),
        };
        let email_when = match &input.email_when {
            None | Some(serde_json::Value::Null) => Some(EmailWhen::All),
            Some(value) => errors.check(
                "email_when",
                serde_json::from_value::<EmailWhen>(value.clone())
                    .map_err(|_| Message::new("email-when-unknown").with("max", Criticality::MAX)),
            ),
        };
        let language = match input.language.as_deref() {
            None => Some(Language::English),
            Some(raw) => errors.check("language", Language::chosen(raw)),
        };
        errors.into_result(|| NewResponder {
            name: name.unwrap_or_default(),
            email: email.expect("checked"),
            job_title: job_title.unwrap_or_default(),
            role: role.unwrap_or_default(),
            email_when: email_when.unwrap_or_default(),
            language: language.unwrap_or_default(),
        })
    }

    pub fn into_responder(self, id: ResponderId, service_id: ServiceId) -> Responder {
        Responder {
            id,
            service_id,
            name: self.name,
            email: self.email,
            job_title: self.job_title,
            role: self.role,
            email_when: self.email_when,
            language: self.language,
            suppressed: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_and_none_send_no_email_per_story_and_read_as_the_json_says() {
        let five = Criticality::try_from(5).unwrap();
        for choice in [EmailWhen::Daily, EmailWhen::Weekly, EmailWhen::Off] {
            assert!(!choice.wants(five), "{choice:?}");
        }
        let parsed: Vec<EmailWhen> =
            ["\"daily\"", "\"weekly\"", "\"none\"", "{\"criticality_at_least\": 2}", "\"all\""]
                .iter()
                .map(|raw| serde_json::from_str(raw).unwrap())
                .collect();
        let two = Criticality::try_from(2).unwrap();
        assert_eq!(
            parsed,
            [EmailWhen::Daily, EmailWhen::Weekly, EmailWhen::Off, EmailWhen::CriticalityAtLeast(two), EmailWhen::All]
        );
        for choice in parsed {
            let criticality =
                if let EmailWhen::CriticalityAtLeast(c) = choice { c.value().to_string() } else { String::new() };
            assert_eq!(EmailWhen::from_form(choice.form_choice(), &criticality), Ok(choice));
        }
        assert!(EmailWhen::from_form("critical", "9").is_err());
        assert!(EmailWhen::from_form("sometimes", "").is_err());
    }

    #[test]
    fn a_digest_covers_the_last_whole_day_or_week_whenever_it_fires_in_the_next() {
        let at = |raw: &str| time::OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339).unwrap();
        // Wednesday 2 December 2026, early and late: the same day before, the same week before.
        for now in [at("2026-12-02T07:00:00Z"), at("2026-12-02T23:59:59Z")] {
            let day = Digest::Daily.period_before(now);
            assert_eq!((day.start, day.end), (at("2026-12-01T00:00:00Z"), at("2026-12-02T00:00:00Z")));
            let week = Digest::Weekly.period_before(now);
            assert_eq!((week.start, week.end), (at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z")));
            assert_eq!(Digest::Weekly.period_key(&week), "weekly-2026-11-23");
        }
        let monday = Digest::Weekly.period_before(at("2026-11-30T07:00:00Z"));
        assert_eq!(monday.start, at("2026-11-23T00:00:00Z"), "on a Monday, the week just ended");
        assert_ne!(
            Digest::Daily.period_key(&Digest::Daily.period_before(at("2026-12-03T07:00:00Z"))),
            "daily-2026-12-01"
        );
    }

    fn input(email_when: Option<serde_json::Value>) -> ResponderInput {
        ResponderInput {
            name: " Sam Patel ".into(),
            email: "sam@example.org".into(),
            job_title: "Ward manager".into(),
            role: String::new(),
            email_when,
            language: Some("cy".into()),
        }
    }

    #[test]
    fn parses_who_wants_which_stories() {
        assert_eq!(NewResponder::parse(&input(None)).unwrap().email_when, EmailWhen::All);
        let picky = NewResponder::parse(&input(Some(serde_json::json!({"criticality_at_least": 3})))).unwrap();
        assert_eq!((picky.name.as_str(), picky.language), ("Sam Patel", Language::Welsh));
        let three = Criticality::try_from(3).unwrap();
        assert_eq!(picky.email_when, EmailWhen::CriticalityAtLeast(three));
        assert!(!picky.email_when.wants(Criticality::try_from(2).unwrap()));
        assert!(picky.email_when.wants(Criticality::try_from(4).unwrap()));
    }

    #[test]
    fn reports_every_bad_field() {
        let bad = ResponderInput {
            name: "".into(),
            email: "sam".into(),
            job_title: "x".into(),
            role: "owner".into(),
            email_when: Some(serde_json::json!({"criticality_at_least": 9})),
            language: Some("fr".into()),
        };
        let fields: Vec<String> = NewResponder::parse(&bad).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "email", "job_title", "role", "email_when", "language"]);
    }
}
