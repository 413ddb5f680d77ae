//! Emails: rendered in the program from compiled templates (a template mistake fails the
//! build, not a send at 3 a.m.), each with a plain-text and an HTML part, and sent through
//! SESv2 `SendEmail` with simple content from the configured sender.

use std::time::Duration;

use askama::Template;
use aws_sdk_sesv2::config::retry::RetryConfig;
use aws_sdk_sesv2::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};

use crate::domain::EmailAddress;

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
        /// The period in words: `1 December 2026`, or `the week from 23 November 2026`.
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

impl Notice<'_> {
    pub fn subject(&self) -> String {
        match self {
            Notice::Received { .. } => "We have your story".into(),
            Notice::PublishedAuthor { .. } => "Your story is published".into(),
            Notice::PublishedResponder { service_name, .. } => format!("A story about {service_name} is published"),
            Notice::AuthorContacted { .. } => "A question about your story".into(),
            Notice::Rejected { .. } => "About the story you told us".into(),
            Notice::ResponsePublished { service_name, .. } => format!("{service_name} answered your story"),
            Notice::NewLink { .. } => "Your new link".into(),
            Notice::Invitation { service_name, .. } => {
                format!("You are invited to answer for {service_name} on Tellcare")
            }
            Notice::Digest { kind, stories, .. } => match stories.len() {
                1 => format!("Your {kind} digest: 1 story about your services"),
                n => format!("Your {kind} digest: {n} stories about your services"),
            },
        }
    }
}

#[derive(Template)]
#[template(path = "email/notice.txt")]
struct TextPart<'a> {
    notice: &'a Notice<'a>,
}

#[derive(Template)]
#[template(path = "email/notice.html")]
struct HtmlPart<'a> {
    notice: &'a Notice<'a>,
    subject: &'a str,
}

/// An email ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn render(notice: &Notice<'_>) -> Result<Rendered, askama::Error> {
    let subject = notice.subject();
    let text = TextPart { notice }.render()?;
    let html = HtmlPart { notice, subject: &subject }.render()?;
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
    client: aws_sdk_sesv2::Client,
    sender: String,
    configuration_set: Option<String>,
}

/// Attempts per send: SES throttling (`TooManyRequestsException`) is retried with the
/// standard exponential backoff and jitter before the stream's own retries take over.
const SEND_ATTEMPTS: u32 = 5;

impl Mailer {
    pub fn new(client: &aws_sdk_sesv2::Client, sender: &str, configuration_set: Option<String>) -> Self {
        let retry =
            RetryConfig::standard().with_max_attempts(SEND_ATTEMPTS).with_initial_backoff(Duration::from_millis(200));
        let config = client.config().to_builder().retry_config(retry).build();
        Self { client: aws_sdk_sesv2::Client::from_conf(config), sender: sender.to_owned(), configuration_set }
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
        ] {
            let email = render(&notice).unwrap();
            assert!(!email.text.is_empty() && email.html.contains("<html"), "{}", email.subject);
        }
    }
}
