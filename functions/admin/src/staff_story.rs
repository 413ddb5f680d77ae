//! A story opened from the dashboard: the responder's page of the emailed link, posting here
//! with the session's CSRF token, under the same rules and the same 30 minutes.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tellcare::AppError;
use tellcare::app::answer::{self, Answerer};
use tellcare::app::tell::IdempotencyKey;
use tellcare::domain::record::StoryRecord;
use tellcare::domain::responder::Responder;
use tellcare::domain::response::{ResponseDraft, ResponseInput};
use tellcare::domain::{FieldError, ResponderId, ServiceId};
use tellcare::web::{PageError, RespondPage, no_store, render};
use time::OffsetDateTime;

use crate::Admin;
use crate::dashboard::Member;
use crate::moderation::story_id;
use crate::session::{Session, StaffSession};

/// A published story the person answers for, and the membership and service they answer as:
/// their membership's three reads (memberships, tree, the story's public part).
struct Answering {
    member: Member,
    record: StoryRecord,
    responder: Responder,
    service: ServiceId,
}

async fn open(admin: &Admin, session: &Session, raw_id: &str) -> Result<Answering, AppError> {
    let id = story_id(raw_id)?;
    let (member, record) = tokio::try_join!(Member::of(admin, &session.staff), async {
        admin.store.public_story(id).await.map_err(AppError::from)
    })?;
    let not_yours = || AppError::Forbidden(tellcare::i18n::text("error-story-not-yours"));
    let record = record.ok_or_else(not_yours)?;
    let (responder, service) = record
        .services
        .iter()
        .find_map(|(service, _)| member.answering_as(*service).map(|r| (r.clone(), *service)))
        .ok_or_else(not_yours)?;
    Ok(Answering { member, record, responder, service })
}

/// The form as the page left it, and what went wrong.
#[derive(Default)]
struct Form {
    input: ResponseInput,
    errors: Vec<FieldError>,
    form_token: String,
}

fn page(session: &Session, answering: &Answering, form: Form, status: StatusCode) -> Result<Response, PageError> {
    let base = format!("/staff/stories/{}", answering.record.story.id());
    let csrf = session.nav().csrf;
    let own: Vec<ResponderId> = answering.member.members.iter().map(|m| m.id).collect();
    let form_token = if form.form_token.is_empty() { tellcare::random::hex(16) } else { form.form_token };
    let page = RespondPage {
        base: &base,
        csrf: Some(&csrf),
        back: Some("/staff"),
        own: &own,
        values: &form.input,
        errors: &form.errors,
        form_token: &form_token,
        ..RespondPage::of(&answering.record, Some(answering.service), OffsetDateTime::now_utc())
    };
    Ok(no_store((status, render(&page)?).into_response()))
}

pub(crate) async fn story_page(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let answering = open(&admin, &session, &id).await?;
    page(&session, &answering, Form::default(), StatusCode::OK)
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct AnswerForm {
    csrf: String,
    body: String,
    change: String,
    form_token: String,
}

/// Publishes the answer at once, and goes on to it on the public page.
pub(crate) async fn answer(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    Path(id): Path<String>,
    tellcare::web::HtmlForm(form): tellcare::web::HtmlForm<AnswerForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let answering = open(&admin, &session, &id).await?;
    let input = ResponseInput { body: form.body, change: form.change };
    let draft = match ResponseDraft::parse(&input) {
        Ok(draft) => draft,
        Err(errors) => {
            let form = Form { input, errors: errors.0, form_token: form.form_token };
            return page(&session, &answering, form, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let once = IdempotencyKey::parse("answer", &form.form_token).ok();
    let by = Answerer { responder: &answering.responder, service_id: answering.service };
    let now = OffsetDateTime::now_utc();
    let published = answer::publish(&admin.store, &answering.record, by, draft, once.as_ref().map(|k| k.digest()), now)
        .await
        .map_err(AppError::from)?;
    let story = answering.record.story.id();
    Ok(Redirect::to(&format!("/stories/{story}#response-{published}")).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct ChangeForm {
    csrf: String,
    body: String,
    change: String,
}

/// The person's own answer `raw_id`, while it may be changed, and the membership it is by.
async fn own_answer(
    admin: &Admin,
    session: &Session,
    id: &str,
    raw_id: &str,
) -> Result<(Answering, tellcare::domain::response::Answer), AppError> {
    let answering = open(admin, session, id).await?;
    let now = OffsetDateTime::now_utc();
    let by = answering.record.responses.iter().find(|r| r.id.to_string() == raw_id).map(|r| r.responder_id);
    let mine = answering.member.members.iter().find(|m| Some(m.id) == by).unwrap_or(&answering.responder);
    let answer = answer::own_answer(&answering.record, mine, raw_id, now)?.clone();
    Ok((answering, answer))
}

pub(crate) async fn change_answer(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    Path((id, response_id)): Path<(String, String)>,
    tellcare::web::HtmlForm(form): tellcare::web::HtmlForm<ChangeForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let (answering, answer) = own_answer(&admin, &session, &id, &response_id).await?;
    let input = ResponseInput { body: form.body, change: form.change };
    let draft = match ResponseDraft::parse(&input) {
        Ok(draft) => draft,
        Err(errors) => {
            let form = Form { input, errors: errors.0, ..Form::default() };
            return page(&session, &answering, form, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    answer::change(&admin.store, &answer, &draft, OffsetDateTime::now_utc()).await.map_err(AppError::from)?;
    Ok(Redirect::to(&format!("/stories/{}#response-{}", answer.story_id, answer.id)).into_response())
}

pub(crate) async fn delete_answer(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    Path((id, response_id)): Path<(String, String)>,
    tellcare::web::HtmlForm(form): tellcare::web::HtmlForm<crate::session::CsrfForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let (_, answer) = own_answer(&admin, &session, &id, &response_id).await?;
    answer::delete(&admin.store, &answer, OffsetDateTime::now_utc()).await.map_err(AppError::from)?;
    Ok(Redirect::to(&format!("/staff/stories/{}", answer.story_id)).into_response())
}
