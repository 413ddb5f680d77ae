//! Emails: rendered in the program from compiled templates (a template mistake fails the
//! build, not a send at 3 a.m.), each with a plain-text and an HTML part, and sent through
//! SESv2 `SendEmail` with simple content from the configured sender.

use std::time::Duration;

use askama::Template;
use aws_sdk_sesv2::config::retry::RetryConfig;
use aws_sdk_sesv2::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};

use crate::aws::OnFirstUse;
use crate::domain::EmailAddress;
use crate::i18n::{text as t, text_with};

/// What each person is told, with what their email carries. An author's address is one nobody
/// confirmed, so no email to it carries what the sender typed (until a moderator publishes
/// it): those name the story by its reference, and Tellcare relays no one's words.
pub enum Notice<'a> {
    /// To the author: their story arrived.
    Received { reference: &'a str, my_story_url: &'a str },
    /// To the author: their story is public.
    PublishedAuthor { title: &'a str, story_url: &'a str, my_story_url: &'a str },
    /// To a responder of a service the story is about: read it and answer.
    PublishedResponder {
        name: &'a str,
        service_name: &'a str,
        title: &'a str,
        story_url: &'a str,
        respond_url: &'a str,
        expires_on: &'a str,
    },
    /// To the author: a moderator's question.
    AuthorContacted { reference: &'a str, message: &'a str, my_story_url: &'a str },
    /// To the author: why their story will not be published.
    Rejected { reference: &'a str, reason: &'a str },
    /// To whoever asked: a new link in place of an expired one. `story` names it: the
    /// reference for an author, the published title for a responder.
    NewLink { story: &'a str, url: &'a str, expires_on: &'a str },
    /// To the author: a service answered their story.
    ResponsePublished {
        title: &'a str,
        responder: &'a str,
        service_name: &'a str,
        change: &'a str,
        body: &'a str,
        story_url: &'a str,
        my_story_url: &'a str,
    },
    /// To a new member of a service's staff: set a password (`set_password_url`, when the
    /// account has none yet), or sign in.
    Invitation {
        name: &'a str,
        service_name: &'a str,
        role: &'a str,
        by: &'a str,
        set_password_url: Option<&'a str>,
        sign_in_url: &'a str,
        expires_on: &'a str,
    },
    /// To a responder who chose a digest: the stories of the period just ended, each with
    /// their own link to answer it.
    Digest {
        name: &'a str,
        /// `daily` or `weekly`.
        kind: &'a str,
        /// The first day of the period, in words: `1 December 2026`.
        period: &'a str,
        stories: &'a [DigestStory],
        expires_on: &'a str,
        dashboard_url: &'a str,
    },
}

/// One story of a digest.
pub struct DigestStory {
    pub title: String,
    pub service_name: String,
    pub story_url: String,
    pub respond_url: String,
}

/// One piece of an email, the same in its text and its HTML part.
pub enum Block {
    Para(String),
    /// Someone's own words: a moderator's question or reason, a responder's answer.
    Quote(String),
    Steps(Vec<String>),
    Link {
        text: String,
        url: String,
    },
}

fn para(id: &str) -> Block {
    Block::Para(t(id))
}

fn link(id: &str, url: &str) -> Block {
    Block::Link { text: t(id), url: url.to_owned() }
}

fn with(id: &str, args: &[(&'static str, &str)]) -> String {
    text_with(id, args)
}

impl Notice<'_> {
    /// In the current language, as every part of the email.
    pub fn subject(&self) -> String {
        match self {
            Notice::Received { .. } => t("email-received-subject"),
            Notice::PublishedAuthor { .. } => t("email-published-subject"),
            Notice::PublishedResponder { service_name, .. } => {
                with("email-responder-subject", &[("service", service_name)])
            }
            Notice::AuthorContacted { .. } => t("email-contacted-subject"),
            Notice::Rejected { .. } => t("email-rejected-subject"),
            Notice::ResponsePublished { service_name, .. } => {
                with("email-answered-subject", &[("service", service_name)])
            }
            Notice::NewLink { .. } => t("email-new-link-subject"),
            Notice::Invitation { service_name, .. } => with("email-invitation-subject", &[("service", service_name)]),
            Notice::Digest { kind, stories, .. } => {
                with(&format!("email-digest-subject-{kind}"), &[("count", &stories.len().to_string())])
            }
        }
    }

    /// What it says, in order, in the current language.
    pub fn blocks(&self) -> Vec<Block> {
        let quoted = |text: &str| format!("\u{201c}{text}\u{201d}");
        match self {
            Notice::Received { reference, my_story_url } => vec![
                para("email-received-thanks"),
                Block::Para(with("email-received-reference", &[("reference", reference)])),
                para("email-next"),
                Block::Steps(vec![
                    t("email-received-step-read"),
                    t("email-received-step-told"),
                    t("email-received-step-email"),
                ]),
                link("email-received-follow", my_story_url),
            ],
            Notice::PublishedAuthor { title, story_url, my_story_url } => vec![
                Block::Para(with("email-published", &[("title", &quoted(title))])),
                link("email-published-read", story_url),
                para("email-published-told"),
                link("email-published-follow", my_story_url),
            ],
            Notice::PublishedResponder { name, service_name, title, story_url, respond_url, expires_on } => vec![
                Block::Para(with("email-dear", &[("name", name)])),
                Block::Para(with("email-responder-published", &[("service", service_name), ("title", &quoted(title))])),
                link("email-responder-read", story_url),
                Block::Link {
                    text: with("email-responder-answer", &[("expires", expires_on)]),
                    url: respond_url.to_string(),
                },
            ],
            Notice::AuthorContacted { reference, message, my_story_url } => vec![
                Block::Para(with("email-contacted", &[("reference", reference)])),
                Block::Quote(message.to_string()),
                link("email-contacted-answer", my_story_url),
            ],
            Notice::Rejected { reference, reason } => vec![
                Block::Para(with("email-rejected-thanks", &[("reference", reference)])),
                para("email-rejected-sorry"),
                Block::Quote(reason.to_string()),
                para("email-rejected-again"),
            ],
            Notice::ResponsePublished { title, responder, service_name, change, body, story_url, my_story_url } => {
                vec![
                    Block::Para(with(
                        "email-answered",
                        &[
                            ("responder", responder),
                            ("service", service_name),
                            ("title", &quoted(title)),
                            ("change", change),
                        ],
                    )),
                    Block::Quote(body.to_string()),
                    link("email-answered-read", story_url),
                    link("email-answered-reply", my_story_url),
                ]
            }
            Notice::NewLink { story, url, expires_on } => vec![
                Block::Para(with("email-new-link", &[("story", story), ("expires", expires_on)])),
                link("email-new-link-open", url),
                para("email-ignore"),
            ],
            Notice::Invitation { name, service_name, role, by, set_password_url, sign_in_url, expires_on } => {
                let mut blocks = vec![
                    Block::Para(with("email-dear", &[("name", name)])),
                    Block::Para(with("email-invitation", &[("by", by), ("service", service_name), ("role", role)])),
                ];
                match set_password_url {
                    Some(url) => blocks.extend([
                        Block::Link {
                            text: with("email-invitation-set-password", &[("expires", expires_on)]),
                            url: url.to_string(),
                        },
                        link("email-invitation-then-sign-in", sign_in_url),
                    ]),
                    None => blocks.push(link("email-invitation-has-account", sign_in_url)),
                }
                blocks.push(para("email-invitation-ignore"));
                blocks
            }
            Notice::Digest { name, kind, period, stories, expires_on, dashboard_url } => {
                let mut blocks = vec![
                    Block::Para(with("email-dear", &[("name", name)])),
                    Block::Para(with(&format!("email-digest-{kind}"), &[("date", period)])),
                ];
                for story in stories.iter() {
                    blocks.push(Block::Para(with(
                        "email-digest-story",
                        &[("title", &quoted(&story.title)), ("service", &story.service_name)],
                    )));
                    blocks.push(link("email-digest-read", &story.story_url));
                    blocks.push(Block::Link {
                        text: with("email-responder-answer", &[("expires", expires_on)]),
                        url: story.respond_url.clone(),
                    });
                }
                blocks.push(link("email-digest-dashboard", dashboard_url));
                blocks
            }
        }
    }
}

#[derive(Template)]
#[template(path = "email/notice.txt")]
struct TextPart<'a> {
    blocks: &'a [Block],
}

#[derive(Template)]
#[template(path = "email/notice.html")]
struct HtmlPart<'a> {
    blocks: &'a [Block],
    subject: &'a str,
}

/// An email ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The email in the current language (see [`crate::i18n::speaking`]): the author's is in
/// the language of their story, a member of staff's in theirs.
pub fn render(notice: &Notice<'_>) -> Result<Rendered, askama::Error> {
    let subject = notice.subject();
    let blocks = notice.blocks();
    let text = TextPart { blocks: &blocks }.render()?;
    let html = HtmlPart { blocks: &blocks, subject: &subject }.render()?;
    Ok(Rendered { subject, text, html })
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// Throttled or unreachable after the client's own retries with backoff: try again later.
    #[error("SES is unavailable: {0}")]
    Unavailable(String),
    /// SES refused this email (an unverified sender, a suppressed address…), by its error code.
    #[error("SES refused the email: {0}")]
    Refused(String),
}

/// Sends through SES from one sender.
#[derive(Clone, Debug)]
pub struct Mailer {
    client: OnFirstUse<aws_sdk_sesv2::Client>,
    sender: String,
    configuration_set: Option<String>,
}

/// Attempts per send: SES throttling (`TooManyRequestsException`) is retried with the
/// standard exponential backoff and jitter before the stream's own retries take over.
const SEND_ATTEMPTS: u32 = 5;

impl Mailer {
    /// The client is made from `client`'s configuration on the first email.
    pub fn new(client: &OnFirstUse<aws_sdk_sesv2::Client>, sender: &str, configuration_set: Option<String>) -> Self {
        let base = client.clone();
        let client = OnFirstUse::new(move || {
            let retry = RetryConfig::standard()
                .with_max_attempts(SEND_ATTEMPTS)
                .with_initial_backoff(Duration::from_millis(200));
            aws_sdk_sesv2::Client::from_conf(base.get().config().to_builder().retry_config(retry).build())
        });
        Self { client, sender: sender.to_owned(), configuration_set }
    }

    /// Sends one email to one person, returning SES's message id.
    pub async fn send(&self, to: &EmailAddress, email: &Rendered) -> Result<String, MailError> {
        let content = |data: &str| Content::builder().data(data).charset("UTF-8").build();
        let message = Message::builder()
            .subject(content(&email.subject).map_err(|e| MailError::Refused(e.to_string()))?)
            .body(
                Body::builder()
                    .text(content(&email.text).map_err(|e| MailError::Refused(e.to_string()))?)
                    .html(content(&email.html).map_err(|e| MailError::Refused(e.to_string()))?)
                    .build(),
            )
            .build();
        let sent = self
            .client
            .get()
            .send_email()
            .from_email_address(&self.sender)
            .destination(Destination::builder().to_addresses(to.as_str()).build())
            .content(EmailContent::builder().simple(message).build())
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await
            .map_err(|err| match &err {
                SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
                    MailError::Unavailable(err.to_string())
                }
                _ => match err.code() {
                    Some("TooManyRequestsException" | "LimitExceededException" | "InternalFailure") => {
                        MailError::Unavailable(err.code().unwrap_or_default().to_owned())
                    }
                    // The code only: SES's message can name the address, and errors are logged.
                    code => MailError::Refused(code.unwrap_or("unknown").to_owned()),
                },
            })?;
        Ok(sent.message_id().unwrap_or_default().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Language;
    use crate::i18n::speaking_now;

    #[test]
    fn every_email_has_both_parts_with_its_links_and_escapes_html() {
        let notice = Notice::PublishedResponder {
            name: "Sam <Patel>",
            service_name: "Ward 7",
            title: "Kind & quick",
            story_url: "https://stories.example.org/stories/1",
            respond_url: "https://stories.example.org/respond/abc",
            expires_on: "22 December 2026",
        };
        let email = render(&notice).unwrap();
        assert_eq!(email.subject, "A story about Ward 7 is published");
        assert!(
            email.text.contains("Dear Sam <Patel>,") && email.text.contains("https://stories.example.org/respond/abc")
        );
        assert!(email.html.contains("Sam &#60;Patel&#62;") && email.html.contains("Kind &#38; quick"));
        assert!(email.html.contains(r#"href="https://stories.example.org/respond/abc""#));
        let stories = [DigestStory {
            title: "t".into(),
            service_name: "Ward 7".into(),
            story_url: "s".into(),
            respond_url: "r".into(),
        }];
        for notice in [
            Notice::Received { reference: "r", my_story_url: "u" },
            Notice::PublishedAuthor { title: "t", story_url: "s", my_story_url: "u" },
            Notice::AuthorContacted { reference: "r", message: "m", my_story_url: "u" },
            Notice::Rejected { reference: "r", reason: "because" },
            Notice::NewLink { story: "r", url: "u", expires_on: "1 January 2027" },
            Notice::ResponsePublished {
                title: "t",
                responder: "Sam",
                service_name: "Ward 7",
                change: "Change planned",
                body: "b",
                story_url: "s",
                my_story_url: "u",
            },
            Notice::Invitation {
                name: "Sam",
                service_name: "Ward 7",
                role: "responder",
                by: "Ann",
                set_password_url: Some("p"),
                sign_in_url: "i",
                expires_on: "1 January 2027",
            },
            Notice::Digest {
                name: "Sam",
                kind: "weekly",
                period: "1 January 2027",
                stories: &stories,
                expires_on: "1 January 2027",
                dashboard_url: "d",
            },
        ] {
            let [english, welsh] = Language::ALL.map(|language| speaking_now(language, || render(&notice)).unwrap());
            for (email, tag) in [(&english, "en-GB"), (&welsh, "cy-GB")] {
                assert!(!email.text.is_empty(), "{}", email.subject);
                assert!(email.html.contains(&format!(r#"<html lang="{tag}">"#)), "{}", email.subject);
            }
            assert_ne!(english.subject, welsh.subject, "the subject in both languages");
            assert_ne!(english.text, welsh.text, "{}: the text in both languages", english.subject);
            assert_ne!(english.html, welsh.html, "{}: the HTML in both languages", english.subject);
        }
    }
}
