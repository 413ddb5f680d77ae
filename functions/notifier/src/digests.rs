//! The digests: for each responder who chose one, one email with the stories about their
//! services published in the period just ended, each with their own link to answer it. The
//! schedule may fire twice (EventBridge delivers at least once): a period's email to a person
//! is sent once, by the same marker as every other email.

use std::collections::BTreeMap;

use tellcare::domain::responder::{Digest, Period, Responder};
use tellcare::domain::service::Service;
use tellcare::domain::staff::{Access, ServiceRole};
use tellcare::domain::token::{Grant, LinkToken};
use tellcare::domain::{ServiceId, StoryId};
use tellcare::mail::{DigestStory, Notice, render};
use tellcare::store::{Window, keys};
use tellcare::web::long_date;
use time::OffsetDateTime;

use crate::{Backoff, Notifier, PATIENCE, RecordError};

/// The stories of one service a digest lists at most.
const PER_SERVICE: usize = 100;

impl Notifier {
    /// Sends the `digest` of the period before `now` to everyone who chose it and has
    /// stories in it; the number sent. One person's failure does not stop the others; it is
    /// reported at the end, so that the schedule's retry sends what is missing.
    pub async fn send_digests(&self, digest: Digest, now: OffsetDateTime) -> Result<usize, RecordError> {
        let period = digest.period_before(now);
        let (members, tree) = tokio::try_join!(self.store.digest_members(digest), self.store.list_services())?;
        let (mut sent, mut failed) = (0, None);
        let wanting = members.iter().filter(|m| {
            m.role == ServiceRole::Responder && m.suppressed.is_none() && m.email_when.digest() == Some(digest)
        });
        for member in wanting {
            // A second firing at the same moment finds the first sending: it waits, then finds
            // the email sent.
            let mut backoff = Backoff::within(PATIENCE);
            let result = loop {
                let send = self.send_digest(digest, &period, member, &tree, now);
                match tellcare::i18n::speaking(member.language, send).await {
                    Err(err) if err.passes() && backoff.wait().await => continue,
                    result => break result,
                }
            };
            match result {
                Ok(true) => sent += 1,
                Ok(false) => {}
                Err(err) => {
                    tracing::warn!(error = %err, member = %member.id, digest = digest.code(), "a digest was not sent");
                    failed.get_or_insert(err);
                }
            }
        }
        tracing::info!(digest = digest.code(), period = %digest.period_key(&period), sent, "digests sent");
        failed.map_or(Ok(sent), Err)
    }

    /// One person's digest, unless it has no stories or went already: whether it was sent now.
    async fn send_digest(
        &self,
        digest: Digest,
        period: &Period,
        member: &Responder,
        tree: &[Service],
        now: OffsetDateTime,
    ) -> Result<bool, RecordError> {
        let services = Access::new(None, std::slice::from_ref(member)).services_as(ServiceRole::Responder, tree);
        let window =
            || Window { take: PER_SERVICE, from: Some(period.start), to: Some(period.end), ..Window::default() };
        let mut stories: BTreeMap<StoryId, (ServiceId, String, String)> = BTreeMap::new();
        for service in services {
            for (id, listing) in self.store.service_listings(service, window()).await?.items {
                stories.entry(id).or_insert((service, listing.title, listing.service_name));
            }
        }
        if stories.is_empty() {
            return Ok(false);
        }
        let event = format!("DIGEST#{}", digest.period_key(period));
        let recipient = member.id.to_string();
        let marker = keys::sent_marker(&event, &recipient);
        if !self.claim(&marker).await? {
            return Ok(false);
        }
        let sent = async {
            let mut listed = Vec::with_capacity(stories.len());
            let mut expires = now;
            for (story, (service, title, service_name)) in stories {
                let grant = Grant::respond(story, member.id, service, now);
                expires = grant.expires;
                let token = LinkToken::generate();
                self.store.put_token(&token, &grant).await?;
                listed.push(DigestStory {
                    title,
                    service_name,
                    story_url: format!("{}/stories/{story}", self.public_base_url),
                    respond_url: format!("{}{}/{}", self.public_base_url, grant.purpose.path(), token.as_str()),
                });
            }
            let period = long_date(&period.start);
            let notice = Notice::Digest {
                name: &member.name,
                kind: digest.code(),
                period: &period,
                stories: &listed,
                expires_on: &long_date(&expires),
                dashboard_url: &format!("{}/staff", self.public_base_url),
            };
            let email = render(&notice).map_err(|e| RecordError::Render(e.to_string()))?;
            Ok::<_, RecordError>(self.mailer.send(&member.email, &email).await?)
        }
        .await;
        self.settle(&marker, sent, &event, &recipient, digest.code()).await?;
        Ok(true)
    }
}
