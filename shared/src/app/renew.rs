//! A new link in place of an expired one: asked of the notifier through an audit entry, at
//! most once a day per link.

use time::OffsetDateTime;

use super::ports::{AuditTrail, Renewals};
use crate::domain::event::{Event, Recipient};
use crate::domain::moderation::{Actor, AuditEntry};
use crate::domain::token::{Grant, LinkToken};
use crate::store::StoreError;

/// Asks for a new link for whoever `token` was sent to; whether this was the day's first ask.
pub async fn renew(
    store: &(impl Renewals + AuditTrail),
    token: &LinkToken,
    grant: &Grant,
    now: OffsetDateTime,
) -> Result<bool, StoreError> {
    if !store.note_renewal(token, now).await? {
        return Ok(false);
    }
    let recipient = match (grant.responder_id, grant.service_id) {
        (Some(responder), Some(service)) => Recipient::Responder { responder, service },
        _ => Recipient::Author,
    };
    let by = Actor { id: "link".into(), name: "an emailed link".into() };
    let entry = AuditEntry::of(Event::LinkRequested { recipient }, &by, now, 0);
    store.add_audit_entry(grant.story_id, entry).await?;
    tracing::info!(story = %grant.story_id, "a new link was asked for");
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::memory::given::{a_store, now, told};
    use crate::domain::token::Purpose;

    #[tokio::test]
    async fn a_link_asks_for_a_new_one_once_a_day_for_whoever_it_was_sent_to() {
        let (store, service) = a_store();
        let id = told(&store, service).await;
        let token = LinkToken::generate();
        let grant = Grant::new(Purpose::Author, id, now());
        assert!(renew(&store, &token, &grant, now()).await.unwrap());
        assert!(!renew(&store, &token, &grant, now() + time::Duration::hours(1)).await.unwrap());
        assert!(renew(&store, &token, &grant, now() + time::Duration::days(1)).await.unwrap());
        let asked: Vec<_> = store
            .record(id)
            .audit
            .into_iter()
            .filter(|e| e.kind() == crate::domain::event::EventKind::LinkRequested)
            .collect();
        assert_eq!(asked.len(), 2);
        assert_eq!(asked[0].event, Event::LinkRequested { recipient: Recipient::Author });
    }
}
