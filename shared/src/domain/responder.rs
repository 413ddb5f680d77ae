//! The members of a service's staff, each with one role in it: responders are emailed about its
//! published stories and may answer them; service admins manage it. (Every member was first a
//! responder, and the type keeps that name.)

use serde::{Deserialize, Serialize};

use super::staff::ServiceRole;
use super::{Criticality, EmailAddress, FieldErrors, ResponderId, ServiceId, text};

/// Which published stories a responder wants emailed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmailWhen {
    /// Every story published about the service.
    #[default]
    All,
    /// Only stories a moderator rated at or above this criticality.
    CriticalityAtLeast(Criticality),
}

impl EmailWhen {
    pub fn wants(self, criticality: Criticality) -> bool {
        match self {
            EmailWhen::All => true,
            EmailWhen::CriticalityAtLeast(threshold) => criticality >= threshold,
        }
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
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewResponder {
    pub name: String,
    pub email: EmailAddress,
    pub job_title: String,
    pub role: ServiceRole,
    pub email_when: EmailWhen,
}

impl NewResponder {
    pub fn parse(input: &ResponderInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.check("name", text::bounded(&input.name, 2, 100, "the responder's name"));
        let email = errors.check("email", EmailAddress::parse(&input.email));
        let job_title = errors.check("job_title", text::bounded(&input.job_title, 2, 100, "the job title"));
        let role = match input.role.trim() {
            "" => Some(ServiceRole::Responder),
            role => errors.check("role", ServiceRole::parse(role)),
        };
        let email_when = match &input.email_when {
            None | Some(serde_json::Value::Null) => Some(EmailWhen::All),
            Some(value) => errors.check(
                "email_when",
                serde_json::from_value::<EmailWhen>(value.clone()).map_err(|_| {
                    format!("Choose \"all\", or {{\"criticality_at_least\": n}} with n from 0 to {}", Criticality::MAX)
                }),
            ),
        };
        errors.into_result(|| NewResponder {
            name: name.unwrap_or_default(),
            email: email.expect("checked"),
            job_title: job_title.unwrap_or_default(),
            role: role.unwrap_or_default(),
            email_when: email_when.unwrap_or_default(),
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
            suppressed: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(email_when: Option<serde_json::Value>) -> ResponderInput {
        ResponderInput {
            name: " Sam Patel ".into(),
            email: "sam@example.org".into(),
            job_title: "Ward manager".into(),
            role: String::new(),
            email_when,
        }
    }

    #[test]
    fn parses_who_wants_which_stories() {
        assert_eq!(NewResponder::parse(&input(None)).unwrap().email_when, EmailWhen::All);
        let picky = NewResponder::parse(&input(Some(serde_json::json!({"criticality_at_least": 3})))).unwrap();
        assert_eq!(picky.name, "Sam Patel");
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
        };
        let fields: Vec<String> = NewResponder::parse(&bad).unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "email", "job_title", "role", "email_when"]);
    }
}
