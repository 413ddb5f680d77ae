//! The email a new member of a service's staff gets: the staff change that added them is the
//! event (the INSERT of a `CHANGE#` item), sent once like every other email.

use aws_lambda_events::event::dynamodb::EventRecord;
use tellcare::app::ports::Invitations;
use tellcare::domain::staff_change::{Account, ChangeEntry, Invitation, StaffChange};
use tellcare::domain::token::LinkToken;
use tellcare::mail::{Notice, render};
use tellcare::store::keys;
use tellcare::web::long_date;
use time::OffsetDateTime;

use crate::{Notifier, RecordError};

/// The staff change a record carries, if it is one: the INSERT of a change entry.
pub fn staff_change(record: &EventRecord) -> Result<Option<ChangeEntry>, RecordError> {
    let sk: Option<String> =
        record.change.keys.get(keys::SK).and_then(|value| serde_dynamo::from_attribute_value(value.clone()).ok());
    if record.event_name != "INSERT" || !sk.is_some_and(|sk| sk.starts_with(keys::STAFF_CHANGE_PREFIX)) {
        return Ok(None);
    }
    serde_dynamo::from_item(record.change.new_image.clone())
        .map(Some)
        .map_err(|e| RecordError::Unreadable(e.to_string()))
}

impl Notifier {
    /// Invites a member just added, unless they were removed before the email went.
    pub(crate) async fn invite(&self, entry: &ChangeEntry) -> Result<(), RecordError> {
        let StaffChange::MemberAdded { after: member, account } = &entry.change else { return Ok(()) };
        let Some((service, members)) = self.store.service_with_responders(member.service_id).await? else {
            return Ok(());
        };
        if !members.iter().any(|m| m.id == member.id) {
            tracing::info!(member = %member.id, "member removed before the invitation went; nothing sent");
            return Ok(());
        }
        let event = format!("CHANGE#{}", entry.id);
        let marker = keys::sent_marker(&event, "member");
        if !self.claim(&marker).await? {
            return Ok(());
        }
        let sent = tellcare::i18n::speaking(member.language, async {
            let now = OffsetDateTime::now_utc();
            let invitation = Invitation::new(member.email.clone(), now);
            let set_password_url = match account {
                Account::AwaitingPassword => {
                    let token = LinkToken::generate();
                    self.store.put_invitation(&token, &invitation).await?;
                    Some(format!("{}/staff/welcome/{}", self.public_base_url, token.as_str()))
                }
                Account::Active => None,
            };
            let sign_in_url = format!("{}/staff", self.public_base_url);
            let role = member.role.label().to_string();
            let notice = Notice::Invitation {
                name: &member.name,
                service_name: &service.name,
                role: &role,
                by: &entry.by_name,
                set_password_url: set_password_url.as_deref(),
                sign_in_url: &sign_in_url,
                expires_on: &long_date(&invitation.expires),
            };
            let email = render(&notice).map_err(|e| RecordError::Render(e.to_string()))?;
            Ok::<_, RecordError>(self.mailer.send(&member.email, &email).await?)
        })
        .await;
        self.settle(&marker, sent, &event, "member", entry.change.code()).await
    }
}
