//! A responder's pages: the story and the form to answer it in public, and their own answer,
//! changed or deleted within its 30 minutes.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tellcare::app::answer::{self, Answerer};
use tellcare::domain::FieldError;
use tellcare::domain::ResponderId;
use tellcare::domain::record::StoryRecord;
use tellcare::domain::response::{Answer, ResponseDraft, ResponseInput};
use tellcare::domain::token::Grant;
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
    let base = format!("/respond/{token}");
    let own: Vec<ResponderId> = grant.responder_id.into_iter().collect();
    let page = RespondPage {
        base: &base,
        own: &own,
        values: &form.input,
        errors: &form.errors,
        notice: form.notice,
        form_token: &form.form_token,
        ..RespondPage::of(record, grant.service_id, (responses.clock)())
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
    let draft = match ResponseDraft::parse(&input) {
        Ok(draft) => draft,
        Err(errors) => {
            let form = RespondForm { input, errors: errors.0, notice: None, form_token: fields.form_token };
            return render_respond(&responses, &token, &grant, &record, form, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let key = once("answer", &fields.form_token);
    let by = Answerer { responder: &responder, service_id };
    let once = key.as_ref().map(|k| k.digest());
    let published = answer::publish(&responses.store, &record, by, draft, once, (responses.clock)()).await?;
    Ok(Redirect::to(&format!("/stories/{}#response-{published}", record.story.id())).into_response())
}

/// The responder's own answer, while it may still be changed.
async fn own_answer(
    responses: &Responses,
    token: &str,
    raw_id: &str,
) -> Result<(Grant, StoryRecord, Answer), LinkError> {
    let Answering { grant, record, responder, .. } = responses.open_to_answer(token).await?;
    let answer = answer::own_answer(&record, &responder, raw_id, (responses.clock)())?.clone();
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
    answer::change(&responses.store, &answer, &draft, (responses.clock)()).await?;
    Ok(Redirect::to(&format!("/stories/{}#response-{}", record.story.id(), answer.id)).into_response())
}

pub(crate) async fn delete_answer(
    State(responses): State<Responses>,
    Path((token, response_id)): Path<(String, String)>,
) -> Result<Response, LinkError> {
    let (_, _, answer) = own_answer(&responses, &token, &response_id).await?;
    answer::delete(&responses.store, &answer, (responses.clock)()).await?;
    Ok(Redirect::to(&format!("/respond/{token}")).into_response())
}
