//! The author's page: the status, the answers, a reply for the moderators, withdrawing, and
//! forgetting their email address.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tellcare::app::author;
use tellcare::domain::record::StoryRecord;
use tellcare::domain::response;
use tellcare::domain::token::Purpose;
use tellcare::domain::{FieldError, Message};
use tellcare::web::{self, HtmlForm};

use crate::{LinkError, Responses, new_form_token, once};

/// The author's own view of their story, opened from their emailed link.
#[derive(Template)]
#[template(path = "my_story.html")]
pub struct MyStoryPage<'a> {
    pub token: &'a str,
    pub story: &'a tellcare::domain::story::Story,
    pub responses: &'a [tellcare::domain::response::Answer],
    pub replies: &'a [tellcare::domain::response::Reply],
    /// The reply as typed, when it must be corrected.
    pub reply: &'a str,
    pub errors: &'a [tellcare::domain::FieldError],
    /// The catalogue id of what was just done.
    pub notice: Option<&'a str>,
    /// The reply's one-time token, as the answer's.
    pub form_token: &'a str,
}

impl MyStoryPage<'_> {
    pub fn error(&self, field: &str) -> Option<&tellcare::domain::Message> {
        tellcare::domain::message_for(self.errors, field)
    }

    pub fn withdrawn(&self) -> bool {
        self.story.status() == tellcare::domain::story::StoryStatus::Withdrawn
    }

    pub fn reply_waits(&self, reply: &tellcare::domain::response::Reply) -> bool {
        reply.status == tellcare::domain::response::ReplyStatus::AwaitingModeration
    }

    pub fn reply_published(&self, reply: &tellcare::domain::response::Reply) -> bool {
        reply.status == tellcare::domain::response::ReplyStatus::Published
    }

    /// Where the story is, in plain words.
    pub fn status_words(&self) -> String {
        tellcare::t(&format!("my-story-{}", self.story.status().code()))
    }
}

/// The author's page; `reply` is the reply form as typed, with its one-time token (a new one
/// when `None`).
async fn render_my_story(
    token: &str,
    record: &StoryRecord,
    reply: Option<&ReplyForm>,
    errors: &[FieldError],
    notice: Option<&str>,
    status: StatusCode,
) -> Result<Response, LinkError> {
    let form_token = reply.map_or_else(new_form_token, |r| r.form_token.clone());
    let page = MyStoryPage {
        token,
        story: &record.story,
        responses: &record.responses,
        replies: &record.replies,
        reply: reply.map_or("", |r| r.body.as_str()),
        errors,
        notice,
        form_token: &form_token,
    };
    // Unless the author chose: the language they told it in, as their emails are.
    let page = web::in_own_language(record.story.language(), || {
        web::render(&page).map(|page| (status, page).into_response())
    })?;
    Ok(web::no_store(page))
}

pub(crate) async fn my_story_page(
    State(responses): State<Responses>,
    Path(token): Path<String>,
) -> Result<Response, LinkError> {
    let (_, record) = responses.open(&token, Purpose::Author).await?;
    render_my_story(&token, &record, None, &[], None, StatusCode::OK).await
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct ReplyForm {
    body: String,
    form_token: String,
}

/// The author's reply goes to the moderators; one to a moderator's question also puts the
/// story back in their queue.
pub(crate) async fn reply(
    State(responses): State<Responses>,
    Path(token): Path<String>,
    HtmlForm(form): HtmlForm<ReplyForm>,
) -> Result<Response, LinkError> {
    let (_, record) = responses.open(&token, Purpose::Author).await?;
    let body = match response::reply_body(&form.body) {
        Ok(body) => body,
        Err(message) => {
            let errors = [FieldError::new("body", message)];
            return render_my_story(&token, &record, Some(&form), &errors, None, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
    };
    let key = once("reply", &form.form_token);
    author::reply(&responses.store, &record, body, key.as_ref().map(|k| k.digest()), (responses.clock)()).await?;
    Ok(Redirect::to(&format!("/my-story/{token}#replies")).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct WithdrawForm {
    confirm: String,
}

/// Takes the story off every public page; what was sent stays sent.
pub(crate) async fn withdraw(
    State(responses): State<Responses>,
    Path(token): Path<String>,
    HtmlForm(form): HtmlForm<WithdrawForm>,
) -> Result<Response, LinkError> {
    let (_, record) = responses.open(&token, Purpose::Author).await?;
    if form.confirm != "yes" {
        let errors = [FieldError::new("confirm", Message::new("my-story-confirm-missing"))];
        return render_my_story(&token, &record, None, &errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    author::withdraw(&responses.store, &record, (responses.clock)()).await?;
    Ok(Redirect::to(&format!("/my-story/{token}")).into_response())
}

/// "Forget my email": the address deleted at once, so no email goes to it again; audited
/// without it. The link itself still opens the page.
pub(crate) async fn forget_email(
    State(responses): State<Responses>,
    Path(token): Path<String>,
) -> Result<Response, LinkError> {
    let (_, record) = responses.open(&token, Purpose::Author).await?;
    let notice = if author::forget_email(&responses.store, &record, (responses.clock)()).await? {
        "my-story-forgotten"
    } else {
        "my-story-no-email"
    };
    render_my_story(&token, &record, None, &[], Some(notice), StatusCode::OK).await
}
