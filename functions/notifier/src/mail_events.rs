//! SES's reports, through the configuration set's EventBridge destination: an address that
//! bounced for good, or whose owner marked our mail as spam, is suppressed (SES's own list
//! stops the sends) and marked against its responders, for admins to see and correct.

use serde::Deserialize;
use tellcare::domain::EmailAddress;
use tellcare::domain::responder::Suppression;
use time::OffsetDateTime;

use crate::{Notifier, RecordError};

/// An EventBridge event from SES (`Email Bounced`, `Email Complaint Received`).
#[derive(Debug, Deserialize)]
pub struct MailEvent {
    #[serde(rename = "detail-type")]
    pub detail_type: String,
    pub detail: Detail,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Detail {
    pub event_type: String,
    pub bounce: Option<Bounce>,
    pub complaint: Option<Complaint>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bounce {
    /// `Permanent` (the address does not work) or `Transient` (a full mailbox, say).
    pub bounce_type: String,
    pub bounced_recipients: Vec<Recipient>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Complaint {
    pub complained_recipients: Vec<Recipient>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    pub email_address: String,
}

impl MailEvent {
    /// The addresses to stop mailing, and why; none for a bounce that may pass.
    pub fn suppressed(&self) -> (Vec<&str>, &'static str) {
        fn addresses(recipients: &[Recipient]) -> Vec<&str> {
            recipients.iter().map(|r| r.email_address.as_str()).collect()
        }
        match (&self.detail.bounce, &self.detail.complaint) {
            (Some(bounce), _) if bounce.bounce_type == "Permanent" => {
                (addresses(&bounce.bounced_recipients), "bounced")
            }
            (_, Some(complaint)) => (addresses(&complaint.complained_recipients), "complained"),
            _ => (vec![], ""),
        }
    }
}

impl Notifier {
    pub async fn handle_mail_event(&self, event: &MailEvent) -> Result<(), RecordError> {
        let (addresses, reason) = event.suppressed();
        let suppression = Suppression { reason: reason.into(), at: OffsetDateTime::now_utc() };
        for raw in addresses {
            let Ok(address) = EmailAddress::parse(raw) else { continue };
            let marked = self.store.suppress_responders(&address, &suppression).await?;
            tracing::info!(kind = %event.detail_type, reason, responders = marked, "an address was suppressed");
        }
        Ok(())
    }
}
