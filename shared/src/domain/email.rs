//! An email address that mail can be sent to: private wherever it is stored, never logged.

use serde::{Deserialize, Serialize};

use super::Message;

/// A syntactically deliverable address: one `@`, a local part, and a domain of dotted labels.
/// Its `Debug` hides it, so a stray `{:?}` cannot put it in a log.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, Message> {
        let address = input.trim();
        let invalid = || Err(Message::new("email-invalid"));
        if address.is_empty() {
            return Err(Message::new("email-missing"));
        }
        let Some((local, domain)) = address.rsplit_once('@') else { return invalid() };
        let labels: Vec<&str> = domain.split('.').collect();
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.chars().all(char::is_alphabetic));
        if !local_ok || !domain_ok || address.len() > 254 {
            return invalid();
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A digest that finds the address without storing it again in a key (lower case, so
    /// SES's reports match however the address was typed).
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(self.0.to_lowercase().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl std::fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EmailAddress(…)")
    }
}

string_newtype_serde!(EmailAddress);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_addresses_and_lowercases_the_domain() {
        assert_eq!(
            EmailAddress::parse(" Jo.Bloggs+ward@NHS.Example.uk ").unwrap().as_str(),
            "Jo.Bloggs+ward@nhs.example.uk"
        );
        assert!(EmailAddress::parse("zoë@exämple.org").is_ok());
    }

    #[test]
    fn refuses_what_mail_cannot_reach() {
        for bad in [
            "",
            "jo",
            "jo@",
            "@example.com",
            "jo@example",
            "jo@@example.com",
            "jo bloggs@example.com",
            "jo@exa_mple.com",
            "jo@-example.com",
            ".jo@example.com",
            "jo..b@example.com",
            "jo@example.123",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
        assert!(!format!("{:?}", EmailAddress::parse("jo@example.com").unwrap()).contains("jo@"));
    }

    #[test]
    fn a_stored_address_that_does_not_parse_is_named_not_shown() {
        let refused = serde_json::from_str::<EmailAddress>(r#""jo bloggs@example""#).unwrap_err().to_string();
        assert!(refused.contains("not a valid EmailAddress: email-invalid"), "{refused}");
        assert!(!refused.contains("bloggs"), "the value stays out of the logs: {refused}");
        assert_eq!(serde_json::from_str::<EmailAddress>(r#""jo@example.com""#).unwrap().as_str(), "jo@example.com");
    }
}
