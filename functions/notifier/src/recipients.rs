//! Who is told what: the author (if they gave an email), and every responder of every service
//! the story is tagged to (or of a service above it) who wants a story this critical; each
//! email sent once, with its own personal link.

use tellcare::app::staff::{responder_covering, responders_covering};
use tellcare::domain::event::{Event, EventKind, Recipient};
use tellcare::domain::record::StoryRecord;
use tellcare::domain::responder::Responder;
use tellcare::domain::service::Service;
use tellcare::domain::token::{Grant, LinkToken, Purpose};
use tellcare::domain::{Criticality, EmailAddress, ServiceId};
use tellcare::i18n;
use tellcare::mail::{Notice, Rendered, render};
use tellcare::metrics::{self, Metric};
use tellcare::store::{Claim, keys};
use tellcare::web::long_date;
use time::OffsetDateTime;

use crate::{Backoff, Notifier, RecordError, StoryEvent};

/// Emails a day that public routes (a story told, a link renewed) may cause to one address.
pub const PUBLIC_EMAILS_A_DAY: u64 = 5;

/// How long the marker of an email SES took is tried before giving up on it.
const MARKING_PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

impl Notifier {
    /// The responders to tell, once each even when they answer for two of the services.
    pub(crate) async fn recipients(
        &self,
        services: &[ServiceId],
        criticality: Criticality,
    ) -> Result<Vec<(Service, Responder)>, RecordError> {
        let mut chosen: Vec<(Service, Responder)> = Vec::new();
        for id in services {
            // Its own responders, and those of the services above it, whose roles cover it.
            let Some((service, responders)) = responders_covering(&self.store, *id).await? else { continue };
            for responder in responders {
                let wanted = responder.email_when.wants(criticality) && responder.suppressed.is_none();
                if wanted && !chosen.iter().any(|(_, r)| r.email == responder.email) {
                    chosen.push((service.clone(), responder));
                }
            }
        }
        Ok(chosen)
    }

    pub(crate) async fn tell_author(
        &self,
        event: &StoryEvent,
        record: &StoryRecord,
        email: &EmailAddress,
    ) -> Result<(), RecordError> {
        let story = &record.story;
        let reference = story.id().to_string();
        let story_url = format!("{}/stories/{}", self.public_base_url, story.id());
        let answer = match &event.entry.event {
            Event::ResponsePublished { response } => match record.responses.iter().find(|r| r.id == *response) {
                Some(answer) => Some(answer),
                None => return Ok(()), // deleted within its 30 minutes, before this email went
            },
            _ => None,
        };
        // Anyone may type any address into the form: what it causes is capped per address.
        let public = event.entry.kind() == EventKind::Received;
        let grant = Grant::new(Purpose::Author, story.id(), now());
        let change = answer.map(|r| r.change.label());
        // In the language the story was told in, whatever the language of who moves it on.
        let send = self.send_once(event, Recipient::Author, email, grant, public, |my_story_url, _| {
            let change = change.map(|c| c.to_string()).unwrap_or_default();
            render(&match (&event.entry.event, answer) {
                (Event::Published, _) => {
                    Notice::PublishedAuthor { title: story.title(), story_url: &story_url, my_story_url }
                }
                (Event::Rejected { reason }, _) => Notice::Rejected { reference: &reference, reason },
                (Event::AuthorContacted { question }, _) => {
                    Notice::AuthorContacted { reference: &reference, message: question, my_story_url }
                }
                (Event::ResponsePublished { .. }, Some(r)) => Notice::ResponsePublished {
                    title: story.title(),
                    responder: &r.responder_name,
                    service_name: &r.service_name,
                    change: &change,
                    body: &r.body,
                    story_url: &story_url,
                    my_story_url,
                },
                // Received: the only other event the author is told of (`Tells::of`).
                _ => Notice::Received { reference: &reference, my_story_url },
            })
        });
        i18n::speaking(story.language(), send).await
    }

    pub(crate) async fn tell_responder(
        &self,
        event: &StoryEvent,
        record: &StoryRecord,
        service: &Service,
        responder: &Responder,
    ) -> Result<(), RecordError> {
        let story = &record.story;
        let story_url = format!("{}/stories/{}", self.public_base_url, story.id());
        let grant = Grant::respond(story.id(), responder.id, service.id, now());
        let recipient = Recipient::Responder { responder: responder.id, service: service.id };
        let send = self.send_once(event, recipient, &responder.email, grant, false, |respond_url, expires_on| {
            render(&Notice::PublishedResponder {
                name: &responder.name,
                service_name: &service.name,
                title: story.title(),
                story_url: &story_url,
                respond_url,
                expires_on,
            })
        });
        i18n::speaking(responder.language, send).await
    }

    /// A new link for whoever's expired: the author, or one responder of one service (the
    /// entry's item, a [`Recipient`]).
    pub(crate) async fn renew_link(
        &self,
        event: &StoryEvent,
        record: &StoryRecord,
        author_email: Option<EmailAddress>,
    ) -> Result<(), RecordError> {
        let story = &record.story;
        let Event::LinkRequested { recipient } = event.entry.event else {
            return Err(RecordError::Unreadable(format!("{} asks for no link", event.entry.kind())));
        };
        let (email, grant, named, language) = match recipient {
            Recipient::Author => {
                let Some(email) = author_email else { return Ok(()) };
                (email, Grant::new(Purpose::Author, story.id(), now()), story.id().to_string(), story.language())
            }
            Recipient::Responder { responder: responder_id, service: service_id } => {
                let responder = responder_covering(&self.store, service_id, responder_id).await?;
                let Some(responder) = responder.filter(|r| r.suppressed.is_none()) else { return Ok(()) };
                let grant = Grant::respond(story.id(), responder_id, service_id, now());
                let language = responder.language;
                (responder.email, grant, format!("\u{201c}{}\u{201d}", story.title()), language)
            }
        };
        // Anyone holding an old link may ask for a new one (once a day): capped per address.
        let send = self.send_once(event, recipient, &email, grant, true, |url, expires_on| {
            render(&Notice::NewLink { story: &named, url, expires_on })
        });
        i18n::speaking(language, send).await
    }

    /// Sends one email of one event to one recipient, unless an earlier delivery did: the
    /// marker is claimed first, marked sent after SES took the email, and released if it did
    /// not, so the retry sends it. The link's token is made only for a send that goes ahead.
    /// An email a public route caused (`from_public_route`) goes only while its address has
    /// had fewer than [`PUBLIC_EMAILS_A_DAY`] today; past that it is marked as not sent.
    async fn send_once(
        &self,
        event: &StoryEvent,
        recipient: Recipient,
        to: &EmailAddress,
        grant: Grant,
        from_public_route: bool,
        email: impl FnOnce(&str, &str) -> Result<Rendered, askama::Error>,
    ) -> Result<(), RecordError> {
        let recipient = recipient.marker();
        let recipient = recipient.as_str();
        let marker = keys::sent_marker(&event.id, recipient);
        if !self.claim(&marker).await? {
            return Ok(());
        }
        if from_public_route && !self.store.count_public_email(to, now(), PUBLIC_EMAILS_A_DAY).await? {
            tracing::warn!(event = %event.id, recipient, "an address had its emails for today from public routes; not sent");
            self.store.mark_sent(&marker, "not-sent:capped").await?;
            return Ok(());
        }
        let sent = async {
            let token = LinkToken::generate();
            self.store.put_token(&token, &grant).await?;
            let link = format!("{}{}/{}", self.public_base_url, grant.purpose.path(), token.as_str());
            let email = email(&link, &long_date(&grant.expires)).map_err(|e| RecordError::Render(e.to_string()))?;
            Ok::<_, RecordError>(self.mailer.send(to, &email).await?)
        }
        .await;
        self.settle(&marker, sent, &event.id, recipient, event.entry.kind().code()).await
    }

    /// Claims the sending of one email (its marker): `false` when an earlier delivery sent it.
    pub(crate) async fn claim(&self, marker: &keys::Key) -> Result<bool, RecordError> {
        match self.store.claim_send(marker, now()).await? {
            Claim::AlreadySent => Ok(false),
            Claim::InFlight => Err(RecordError::InFlight),
            Claim::Claimed => Ok(true),
        }
    }

    /// After a claimed send: marks it sent once SES took it, or releases the claim so that a
    /// retry sends it.
    pub(crate) async fn settle(
        &self,
        marker: &keys::Key,
        sent: Result<String, RecordError>,
        event: &str,
        recipient: &str,
        action: &'static str,
    ) -> Result<(), RecordError> {
        let counted = if sent.is_ok() { Metric::EmailsSent } else { Metric::EmailsFailed };
        metrics::count(counted, Some(action), 1);
        match sent {
            Ok(message_id) => {
                // SES took it: failing the record now would send it again once the claim lapses.
                let mut backoff = Backoff::within(MARKING_PATIENCE);
                while let Err(err) = self.store.mark_sent(marker, &message_id).await {
                    if !backoff.wait().await {
                        tracing::error!(error = %err, event, recipient,
                            "an email went but is not marked sent: a redelivery after its claim lapses would send it again");
                        break;
                    }
                }
                tracing::info!(event, recipient, action, "email sent");
                Ok(())
            }
            Err(err) => {
                if let Err(release) = self.store.release(marker).await {
                    // The claim then lapses by itself and a later delivery sends.
                    tracing::warn!(error = %release, "a failed send's claim could not be released");
                }
                Err(err)
            }
        }
    }
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}
