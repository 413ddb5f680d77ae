//! The author's page: the status, the answers, a reply for the moderators, withdrawing, and
//! forgetting their email address.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tellcare::AppError;
use tellcare::domain::event::EventKind;
use tellcare::domain::moderation::{Action, Actor, AuditEntry};
use tellcare::domain::record::StoryRecord;
use tellcare::domain::response::{self, Reply, ReplyStatus};
use tellcare::domain::story::StoryStatus;
use tellcare::domain::token::Purpose;
use tellcare::domain::{FieldError, ReplyId};
use tellcare::moderate::{Moderation, ModerationInput, moderate};
use tellcare::store::FollowUpError;
use tellcare::web::{self, HtmlForm, MyStoryPage, PageError};

use crate::respond::follow_up;
use crate::{LinkError, Responses, new_form_token, once};

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
    Ok(web::no_store((status, web::render(&page)?).into_response()))
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
    if record.story.status() == StoryStatus::Withdrawn {
        return Err(AppError::Gone("You withdrew this story.".into()).into());
    }
    let now = (responses.clock)();
    let reply = Reply {
        id: ReplyId::on_day_of(now),
        story_id: record.story.id(),
        body,
        status: ReplyStatus::AwaitingModeration,
        received_at: now,
        published_at: None,
    };
    let entry = AuditEntry::event(
        EventKind::ReplyReceived,
        &Actor::author(),
        now,
        record.story.version(),
        Some(reply.id.to_string()),
    );
    let key = once("reply", &form.form_token);
    match responses.store.add_reply(&reply, entry, key.as_ref().map(|k| k.digest())).await {
        Ok(()) => {}
        // A double tap: the first send kept the reply.
        Err(FollowUpError::SentBefore(_)) => {
            return Ok(Redirect::to(&format!("/my-story/{token}#replies")).into_response());
        }
        Err(err) => return Err(follow_up(err)),
    }
    if record.story.status() == StoryStatus::AwaitingAuthor {
        author_action(&responses, &record, Action::AuthorReplied).await?;
    }
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
        let errors = [FieldError::new("confirm", "Tick the box to say you want to withdraw your story")];
        return render_my_story(&token, &record, None, &errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    if record.story.status() != StoryStatus::Withdrawn {
        author_action(&responses, &record, Action::Withdraw).await?;
    }
    Ok(Redirect::to(&format!("/my-story/{token}")).into_response())
}

/// "Forget my email": the address deleted at once, so no email goes to it again; audited
/// without it. The link itself still opens the page.
pub(crate) async fn forget_email(
    State(responses): State<Responses>,
    Path(token): Path<String>,
) -> Result<Response, LinkError> {
    let (_, record) = responses.open(&token, Purpose::Author).await?;
    let entry = AuditEntry::event(
        EventKind::AuthorEmailForgotten,
        &Actor::author(),
        (responses.clock)(),
        record.story.version(),
        None,
    );
    let notice = if responses.store.forget_author_email(record.story.id(), entry).await? {
        "Your email address is deleted. We will not email you again; this page still works from your link."
    } else {
        "We hold no email address for this story."
    };
    tracing::info!(story = %record.story.id(), "the author's email address was forgotten on request");
    render_my_story(&token, &record, None, &[], Some(notice), StatusCode::OK).await
}

/// An action of the author on the story, through the one state machine, retried once if a
/// moderator changed the story at the same moment.
async fn author_action(responses: &Responses, record: &StoryRecord, action: Action) -> Result<(), PageError> {
    let mut version = record.story.version();
    for attempt in 0..2 {
        let input = ModerationInput { version: Some(version), ..ModerationInput::default() };
        let moderation = Moderation::parse(action, &input).map_err(AppError::from)?;
        match moderate(&responses.store, record.story.id(), moderation, &Actor::author(), (responses.clock)()).await {
            Ok(_) => return Ok(()),
            // A double tap: the first withdrawal got there, and this one has nothing left to do.
            Err(tellcare::moderate::ModerateError::Stale { current, .. })
                if action == Action::Withdraw && current.story.status() == StoryStatus::Withdrawn =>
            {
                return Ok(());
            }
            Err(tellcare::moderate::ModerateError::Stale { current, .. }) if attempt == 0 => {
                version = current.story.version()
            }
            Err(err) => return Err(AppError::from(err).into()),
        }
    }
    Ok(())
}
