//! The pages behind emailed links: a responder's `/respond/{token}` (read the story, answer it
//! in public, change or delete the answer for 30 minutes) and an author's `/my-story/{token}`
//! (the status, the answers, a reply for the moderators, withdrawing). The token is the only
//! key: unknown is 404, expired 410, and neither says anything about any story. A form that
//! fails comes back as typed.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tellcare::domain::event::{EventKind, Recipient};
use tellcare::domain::moderation::{Action, Actor, AuditEntry};
use tellcare::domain::responder::Responder;
use tellcare::domain::response::{self, Reply, ReplyStatus, ResponseDraft, ResponseInput};
use tellcare::domain::story::StoryStatus;
use tellcare::domain::token::{Grant, LinkToken, Purpose};
use tellcare::domain::{FieldError, ReplyId, ResponseId, ServiceId};
use tellcare::moderate::{Moderation, ModerationInput, moderate};
use tellcare::store::{FollowUpError, Store, StoryRecord};
use tellcare::submit::IdempotencyKey;
use tellcare::web::{self, HtmlForm, LinkExpiredPage, MyStoryPage, PageError, RespondPage, Route, get, post};
use tellcare::{AppError, aws::AwsClients, config::Config};
use time::OffsetDateTime;

/// What a link's page answers instead: an error page, or the expired link's own page.
pub enum LinkError {
    Page(PageError),
    Expired(Response),
}

impl<E: Into<PageError>> From<E> for LinkError {
    fn from(err: E) -> Self {
        LinkError::Page(err.into())
    }
}

impl IntoResponse for LinkError {
    fn into_response(self) -> Response {
        match self {
            LinkError::Page(err) => err.into_response(),
            LinkError::Expired(page) => page,
        }
    }
}

/// The time, injected so a test can move it (the 30 minutes to change an answer).
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

#[derive(Clone)]
pub struct Responses {
    store: Store,
    clock: Clock,
}

impl Responses {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        Self::with_clock(config, aws, Arc::new(OffsetDateTime::now_utc))
    }

    pub fn with_clock(config: &Config, aws: &AwsClients, clock: Clock) -> Self {
        Self { store: Store::new(aws.dynamodb.clone(), &config.table_name, &config.private_table_name), clock }
    }

    /// The grant of a token for `purpose`, and its story: 1 GetItem and 1 Query. An expired
    /// link is answered with a page that offers a new one.
    async fn open(&self, raw: &str, purpose: Purpose) -> Result<(Grant, StoryRecord), LinkError> {
        let (_, grant) = self.grant(raw, purpose).await?;
        if grant.expired((self.clock)()) {
            return Err(LinkError::Expired(expired_page(purpose, raw)?));
        }
        let record = self.store.story_record(grant.story_id).await?.ok_or_else(unknown_link)?;
        Ok((grant, record))
    }

    /// A responder's link, while it still leads to the story: the story is published and
    /// tagged to the responder's service, and the responder still belongs to it. Otherwise
    /// one 410 page for every reason, with nothing of the story. 1 GetItem and 2 Queries.
    async fn open_to_answer(&self, raw: &str) -> Result<Answering, LinkError> {
        let (grant, record) = self.open(raw, Purpose::Respond).await?;
        let closed =
            || LinkError::from(AppError::Gone("This story is no longer open to answers through this link.".into()));
        let (Some(responder_id), Some(service_id)) = (grant.responder_id, grant.service_id) else {
            return Err(closed());
        };
        let tagged = record.services.iter().any(|(id, _)| *id == service_id);
        if record.story.status != StoryStatus::Published || !tagged {
            return Err(closed());
        }
        let found = self.store.service_with_responders(service_id).await?;
        let responder = found.and_then(|(_, responders)| responders.into_iter().find(|r| r.id == responder_id));
        let responder = responder.ok_or_else(closed)?;
        Ok(Answering { grant, record, responder, service_id })
    }

    /// A token and what it grants, whether or not it has expired.
    async fn grant(&self, raw: &str, purpose: Purpose) -> Result<(LinkToken, Grant), LinkError> {
        let token = LinkToken::parse(raw).ok_or_else(unknown_link)?;
        let grant = self.store.get_token(&token).await?.filter(|g| g.purpose == purpose).ok_or_else(unknown_link)?;
        Ok((token, grant))
    }
}

/// What a responder's link opens while it leads to the story.
struct Answering {
    grant: Grant,
    record: StoryRecord,
    responder: Responder,
    service_id: ServiceId,
}

fn unknown_link() -> AppError {
    AppError::NotFound("This link is not one we sent. Check it was copied whole.".into())
}

/// 410, with the button that asks for a new link.
fn expired_page(purpose: Purpose, token: &str) -> Result<Response, AppError> {
    let renew = format!("{}/{token}/renew", purpose.path());
    let page = LinkExpiredPage { days: purpose.lifetime().whole_days(), renew: &renew };
    Ok(web::no_store((StatusCode::GONE, web::render(&page)?).into_response()))
}

pub fn routes() -> Vec<Route<Responses>> {
    vec![
        get("/respond/{token}", respond_page),
        post("/respond/{token}", answer),
        post("/respond/{token}/responses/{response_id}", change_answer),
        post("/respond/{token}/responses/{response_id}/delete", delete_answer),
        get("/my-story/{token}", my_story_page),
        post("/my-story/{token}/reply", reply),
        post("/my-story/{token}/withdraw", withdraw),
        post("/my-story/{token}/forget", forget_email),
        post("/respond/{token}/renew", renew_respond),
        post("/my-story/{token}/renew", renew_my_story),
    ]
}

pub fn app(state: Responses) -> axum::Router {
    web::router(routes()).with_state(state)
}

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

/// 128 random bits, fresh for each form shown: a second send of it makes nothing.
fn new_form_token() -> String {
    tellcare::random::hex(16)
}

/// The form's one-time token as the store keeps it; a missing or tampered one guards nothing.
fn once(scope: &str, token: &str) -> Option<IdempotencyKey> {
    IdempotencyKey::parse(scope, token).ok()
}

/// A new answer or reply as posted: its fields and the form's one-time token.
#[derive(Default, Deserialize)]
#[serde(default)]
struct AnswerFields {
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

async fn respond_page(State(responses): State<Responses>, Path(token): Path<String>) -> Result<Response, LinkError> {
    let Answering { grant, record, .. } = responses.open_to_answer(&token).await?;
    render_respond(&responses, &token, &grant, &record, RespondForm::default(), StatusCode::OK).await
}

/// Publishes the answer at once, and takes the responder to it on the public page.
async fn answer(
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
        story_id: record.story.id,
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
        AuditEntry::event(EventKind::ResponsePublished, &by, now, record.story.version, Some(answer.id.to_string()));
    let key = once("answer", &fields.form_token);
    let published = match responses.store.publish_response(&answer, entry, key.as_ref().map(|k| k.digest())).await {
        Ok(()) => answer.id.to_string(),
        // A double tap: the first send published it; go where it went.
        Err(FollowUpError::SentBefore(first)) => first,
        Err(err) => return Err(follow_up(err)),
    };
    tracing::info!(story = %record.story.id, response = %published, change = answer.change.code(), "response published");
    Ok(Redirect::to(&format!("/stories/{}#response-{published}", record.story.id)).into_response())
}

fn follow_up(err: FollowUpError) -> LinkError {
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

async fn change_answer(
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
        .edit_response(record.story.id, answer.id, &draft.body, draft.change, now)
        .await
        .map_err(follow_up)?;
    Ok(Redirect::to(&format!("/stories/{}#response-{}", record.story.id, answer.id)).into_response())
}

async fn delete_answer(
    State(responses): State<Responses>,
    Path((token, response_id)): Path<(String, String)>,
) -> Result<Response, LinkError> {
    let (_, record, answer) = own_answer(&responses, &token, &response_id).await?;
    responses.store.delete_response(record.story.id, answer.id, (responses.clock)()).await.map_err(follow_up)?;
    tracing::info!(story = %record.story.id, response = %answer.id, "response deleted");
    Ok(Redirect::to(&format!("/respond/{token}")).into_response())
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
    Ok(web::no_store((status, web::render(&page)?).into_response()))
}

async fn my_story_page(State(responses): State<Responses>, Path(token): Path<String>) -> Result<Response, LinkError> {
    let (_, record) = responses.open(&token, Purpose::Author).await?;
    render_my_story(&token, &record, None, &[], None, StatusCode::OK).await
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ReplyForm {
    body: String,
    form_token: String,
}

/// The author's reply goes to the moderators; one to a moderator's question also puts the
/// story back in their queue.
async fn reply(
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
    if record.story.status == StoryStatus::Withdrawn {
        return Err(AppError::Gone("You withdrew this story.".into()).into());
    }
    let now = (responses.clock)();
    let reply = Reply {
        id: ReplyId::on_day_of(now),
        story_id: record.story.id,
        body,
        status: ReplyStatus::AwaitingModeration,
        received_at: now,
        published_at: None,
    };
    let entry = AuditEntry::event(
        EventKind::ReplyReceived,
        &Actor::author(),
        now,
        record.story.version,
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
    if record.story.status == StoryStatus::AwaitingAuthor {
        author_action(&responses, &record, Action::AuthorReplied).await?;
    }
    Ok(Redirect::to(&format!("/my-story/{token}#replies")).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct WithdrawForm {
    confirm: String,
}

/// Takes the story off every public page; what was sent stays sent.
async fn withdraw(
    State(responses): State<Responses>,
    Path(token): Path<String>,
    HtmlForm(form): HtmlForm<WithdrawForm>,
) -> Result<Response, LinkError> {
    let (_, record) = responses.open(&token, Purpose::Author).await?;
    if form.confirm != "yes" {
        let errors = [FieldError::new("confirm", "Tick the box to say you want to withdraw your story")];
        return render_my_story(&token, &record, None, &errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    if record.story.status != StoryStatus::Withdrawn {
        author_action(&responses, &record, Action::Withdraw).await?;
    }
    Ok(Redirect::to(&format!("/my-story/{token}")).into_response())
}

/// "Forget my email": the address deleted at once, so no email goes to it again; audited
/// without it. The link itself still opens the page.
async fn forget_email(State(responses): State<Responses>, Path(token): Path<String>) -> Result<Response, LinkError> {
    let (_, record) = responses.open(&token, Purpose::Author).await?;
    let entry = AuditEntry::event(
        EventKind::AuthorEmailForgotten,
        &Actor::author(),
        (responses.clock)(),
        record.story.version,
        None,
    );
    let notice = if responses.store.forget_author_email(record.story.id, entry).await? {
        "Your email address is deleted. We will not email you again; this page still works from your link."
    } else {
        "We hold no email address for this story."
    };
    tracing::info!(story = %record.story.id, "the author's email address was forgotten on request");
    render_my_story(&token, &record, None, &[], Some(notice), StatusCode::OK).await
}

/// An action of the author on the story, through the one state machine, retried once if a
/// moderator changed the story at the same moment.
async fn author_action(responses: &Responses, record: &StoryRecord, action: Action) -> Result<(), PageError> {
    let mut version = record.story.version;
    for attempt in 0..2 {
        let input = ModerationInput { version: Some(version), ..ModerationInput::default() };
        let moderation = Moderation::parse(action, &input).map_err(AppError::from)?;
        match moderate(&responses.store, record.story.id, moderation, &Actor::author(), (responses.clock)()).await {
            Ok(_) => return Ok(()),
            Err(tellcare::moderate::ModerateError::Stale { current, .. }) if attempt == 0 => {
                version = current.story.version
            }
            Err(err) => return Err(AppError::from(err).into()),
        }
    }
    Ok(())
}

async fn renew_respond(State(responses): State<Responses>, Path(token): Path<String>) -> Result<Response, LinkError> {
    renew(&responses, &token, Purpose::Respond).await
}

async fn renew_my_story(State(responses): State<Responses>, Path(token): Path<String>) -> Result<Response, LinkError> {
    renew(&responses, &token, Purpose::Author).await
}

/// Asks the notifier (through an audit entry) to email a new link to whoever this one was
/// sent to: at most once a day per link, and the page says the same either way.
async fn renew(responses: &Responses, raw: &str, purpose: Purpose) -> Result<Response, LinkError> {
    let (token, grant) = responses.grant(raw, purpose).await?;
    let now = (responses.clock)();
    if responses.store.note_renewal(&token, now).await? {
        let recipient = match (grant.responder_id, grant.service_id) {
            (Some(responder), Some(service)) => Recipient::Responder { responder, service },
            _ => Recipient::Author,
        };
        let by = Actor { id: "link".into(), name: "an emailed link".into() };
        let entry = AuditEntry::event(EventKind::LinkRequested, &by, now, 0, Some(recipient.code()));
        responses.store.add_audit_entry(grant.story_id, entry).await?;
        tracing::info!(story = %grant.story_id, "a new link was asked for");
    }
    let page = web::NoticePage {
        title: "We are emailing you a new link",
        message: "It should arrive in a few minutes. Check your junk folder if it does not.",
        link_to: "/",
        link_text: "Go to the Tellcare home page",
        refresh_to: None,
    };
    Ok(web::no_store(web::render(&page)?.into_response()))
}
