//! A responder's pages: the story and the form to answer it in public, and their own answer,
//! changed or deleted within its 30 minutes.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tellcare::AppError;
use tellcare::domain::event::EventKind;
use tellcare::domain::moderation::{Actor, AuditEntry};
use tellcare::domain::record::StoryRecord;
use tellcare::domain::response::{self, ResponseDraft, ResponseInput};
use tellcare::domain::token::Grant;
use tellcare::domain::{FieldError, ResponseId};
use tellcare::store::FollowUpError;
use tellcare::web::{self, HtmlForm, RespondPage};

use crate::{Answering, LinkError, Responses, new_form_token, once};

/// What the responder's form holds, and what went wrong with it.
struct RespondForm {
    input: ResponseInput,
    errors: Vec<FieldError>,
    notice: Option<&'static str>,
    form_token: String,
}

impl Default for RespondForm {
    fn default() -> Self {
        RespondForm { input: ResponseInput::default(), errors: vec![], notice: None, form_token: new_form_token() }
    }
}

/// A new answer or reply as posted: its fields and the form's one-time token.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct AnswerFields {
    body: String,
    change: String,
    form_token: String,
}

async fn render_respond(
    responses: &Responses,
    token: &str,
    grant: &Grant,
    record: &StoryRecord,
    form: RespondForm,
    status: StatusCode,
) -> Result<Response, LinkError> {
    let service_name = record.services.iter().find(|(id, _)| Some(*id) == grant.service_id).map(|(_, n)| n.as_str());
    let page = RespondPage {
        token,
        story: &record.story,
        service_name,
        responses: &record.responses,
        own: grant.responder_id,
        now: (responses.clock)(),
        values: &form.input,
        errors: &form.errors,
        notice: form.notice,
        form_token: &form.form_token,
    };
    Ok(web::no_store((status, web::render(&page)?).into_response()))
}

pub(crate) async fn respond_page(
    State(responses): State<Responses>,
    Path(token): Path<String>,
) -> Result<Response, LinkError> {
    let Answering { grant, record, .. } = responses.open_to_answer(&token).await?;
    render_respond(&responses, &token, &grant, &record, RespondForm::default(), StatusCode::OK).await
}

/// Publishes the answer at once, and takes the responder to it on the public page.
pub(crate) async fn answer(
    State(responses): State<Responses>,
    Path(token): Path<String>,
    HtmlForm(fields): HtmlForm<AnswerFields>,
) -> Result<Response, LinkError> {
    let input = ResponseInput { body: fields.body, change: fields.change };
    let Answering { grant, record, responder, service_id } = responses.open_to_answer(&token).await?;
    let responder_id = responder.id;
    let draft = match ResponseDraft::parse(&input) {
        Ok(draft) => draft,
        Err(errors) => {
            let form = RespondForm { input, errors: errors.0, notice: None, form_token: fields.form_token };
            return render_respond(&responses, &token, &grant, &record, form, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let now = (responses.clock)();
    let service_name = record.services.iter().find(|(id, _)| *id == service_id).map(|(_, n)| n.clone());
    let answer = response::Answer {
        id: ResponseId::on_day_of(now),
        story_id: record.story.id(),
        responder_id,
        service_id,
        responder_name: responder.name.clone(),
        job_title: responder.job_title.clone(),
        service_name: service_name.unwrap_or_default(),
        body: draft.body,
        change: draft.change,
        published_at: now,
        edited_at: None,
    };
    let by = Actor { id: responder_id.to_string(), name: responder.name };
    let entry =
        AuditEntry::event(EventKind::ResponsePublished, &by, now, record.story.version(), Some(answer.id.to_string()));
    let key = once("answer", &fields.form_token);
    let published = match responses.store.publish_response(&answer, entry, key.as_ref().map(|k| k.digest())).await {
        Ok(()) => answer.id.to_string(),
        // A double tap: the first send published it; go where it went.
        Err(FollowUpError::SentBefore(first)) => first,
        Err(err) => return Err(follow_up(err)),
    };
    tracing::info!(story = %record.story.id(), response = %published, change = answer.change.code(), "response published");
    Ok(Redirect::to(&format!("/stories/{}#response-{published}", record.story.id())).into_response())
}

pub(crate) fn follow_up(err: FollowUpError) -> LinkError {
    match err {
        FollowUpError::Missing => AppError::Gone("This is no longer here to change.".into()).into(),
        FollowUpError::Closed => AppError::Conflict(
            "Answers can be changed for 30 minutes after they are published. That time is over.".into(),
        )
        .into(),
        FollowUpError::Store(err) => err.into(),
        FollowUpError::SentBefore(_) => AppError::Conflict("This form was sent before.".into()).into(),
    }
}

/// The responder's own answer, while it may still be changed.
async fn own_answer(
    responses: &Responses,
    token: &str,
    raw_id: &str,
) -> Result<(Grant, StoryRecord, response::Answer), LinkError> {
    let Answering { grant, record, .. } = responses.open_to_answer(token).await?;
    let missing = || AppError::NotFound("You have no answer with this id.".into());
    let id: ResponseId = raw_id.parse().map_err(|_| missing())?;
    let answer = record.responses.iter().find(|r| r.id == id && Some(r.responder_id) == grant.responder_id);
    let answer = answer.cloned().ok_or_else(missing)?;
    if !answer.editable((responses.clock)()) {
        return Err(follow_up(FollowUpError::Closed));
    }
    Ok((grant, record, answer))
}

pub(crate) async fn change_answer(
    State(responses): State<Responses>,
    Path((token, response_id)): Path<(String, String)>,
    HtmlForm(input): HtmlForm<ResponseInput>,
) -> Result<Response, LinkError> {
    let (grant, record, answer) = own_answer(&responses, &token, &response_id).await?;
    let draft = match ResponseDraft::parse(&input) {
        Ok(draft) => draft,
        Err(errors) => {
            let form = RespondForm { input, errors: errors.0, ..RespondForm::default() };
            return render_respond(&responses, &token, &grant, &record, form, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let now = (responses.clock)();
    responses
        .store
        .edit_response(record.story.id(), answer.id, &draft.body, draft.change, now)
        .await
        .map_err(follow_up)?;
    Ok(Redirect::to(&format!("/stories/{}#response-{}", record.story.id(), answer.id)).into_response())
}

pub(crate) async fn delete_answer(
    State(responses): State<Responses>,
    Path((token, response_id)): Path<(String, String)>,
) -> Result<Response, LinkError> {
    let (_, record, answer) = own_answer(&responses, &token, &response_id).await?;
    responses.store.delete_response(record.story.id(), answer.id, (responses.clock)()).await.map_err(follow_up)?;
    tracing::info!(story = %record.story.id(), response = %answer.id, "response deleted");
    Ok(Redirect::to(&format!("/respond/{token}")).into_response())
}
