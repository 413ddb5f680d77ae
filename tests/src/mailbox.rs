//! Every email the functions sent through SES, as moto accepted it.
//!
//! moto keeps only one part of a SESv2 simple email, so the stack's SES client carries an
//! interceptor that records each `SendEmail` request once moto has answered it with a message
//! id: the functions' code is unchanged, and a send moto refused is not in the mailbox.

use std::sync::{Arc, Mutex};

use aws_sdk_sesv2::operation::send_email::SendEmailOutput;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeTransmitInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};
use serde::{Deserialize, Serialize};
use tellcare::aws::OnFirstUse;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Email {
    pub id: String,
    pub from: String,
    pub to: Vec<String>,
    pub subject: String,
    pub text: Option<String>,
    pub html: Option<String>,
    pub sent_at: String,
}

#[derive(Clone, Debug, Default)]
pub struct Mailbox {
    emails: Arc<Mutex<Vec<Email>>>,
}

impl Mailbox {
    /// Newest first.
    pub fn emails(&self) -> Vec<Email> {
        let mut emails = self.emails.lock().expect("mailbox lock").clone();
        emails.reverse();
        emails
    }

    /// How many emails SES accepted.
    pub fn count(&self) -> usize {
        self.emails.lock().expect("mailbox lock").len()
    }

    /// An SES client like `base` whose accepted sends land in this mailbox, made on first use
    /// as the functions' own is.
    pub fn recording(&self, base: &OnFirstUse<aws_sdk_sesv2::Client>) -> OnFirstUse<aws_sdk_sesv2::Client> {
        let (base, mailbox) = (base.clone(), self.clone());
        OnFirstUse::new(move || {
            let recorder = Recorder { mailbox: mailbox.clone() };
            aws_sdk_sesv2::Client::from_conf(base.get().config().to_builder().interceptor(recorder).build())
        })
    }
}

#[derive(Debug)]
struct Recorder {
    mailbox: Mailbox,
}

/// The parts of a SESv2 `SendEmail` request body the mailbox shows.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SendEmailBody {
    from_email_address: String,
    destination: Destination,
    content: Content,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Destination {
    #[serde(default)]
    to_addresses: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Content {
    simple: Option<Simple>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Simple {
    subject: Data,
    body: Body,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Body {
    text: Option<Data>,
    html: Option<Data>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Data {
    data: String,
}

/// The request's email, kept between transmitting it and moto's answer.
#[derive(Clone, Debug)]
struct Outgoing(SendEmailBody);

impl Storable for Outgoing {
    type Storer = StoreReplace<Self>;
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "LocalMailboxRecorder"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let body = context.request().body().bytes().and_then(|b| serde_json::from_slice::<SendEmailBody>(b).ok());
        if let Some(body) = body {
            cfg.interceptor_state().store_put(Outgoing(body));
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(Ok(output)) = context.output_or_error() else { return Ok(()) };
        let Some(sent) = output.downcast_ref::<SendEmailOutput>() else { return Ok(()) };
        let Some(Outgoing(body)) = cfg.load::<Outgoing>().cloned() else { return Ok(()) };
        let Some(simple) = body.content.simple else { return Ok(()) };
        let email = Email {
            id: sent.message_id().unwrap_or_default().to_owned(),
            from: body.from_email_address,
            to: body.destination.to_addresses,
            subject: simple.subject.data,
            text: simple.body.text.map(|d| d.data),
            html: simple.body.html.map(|d| d.data),
            sent_at: OffsetDateTime::now_utc().format(&Rfc3339)?,
        };
        self.mailbox.emails.lock().expect("mailbox lock").push(email);
        Ok(())
    }
}
