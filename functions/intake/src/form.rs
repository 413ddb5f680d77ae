//! The "Tell your story" pages: complete without JavaScript, and a form that fails comes back
//! with everything as typed and a message by each field to correct.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tellcare::app::tell::{IdempotencyKey, TellError, tell};
use tellcare::domain::link::{Link, LinkState, Slug};
use tellcare::domain::moderation::Actor;
use tellcare::domain::service::Service;
use tellcare::domain::story::{Arrival, Channel, StoryDraft, StoryInput, Username};
use tellcare::domain::{FieldError, Message, ServiceId, StoryId};
use tellcare::web::{self, ClientAddress, HtmlForm, PageError, ServiceChoice};
use tellcare::{AppError, i18n};

use crate::Intake;
use crate::pages::{GoneReason, LinkGonePage, TellPage};
use crate::thanks::thanked;

/// The fields of the form as posted: the story, and what the page itself adds.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct FormFields {
    title: String,
    body: String,
    when: String,
    author_role: String,
    username: String,
    author_email: String,
    postcode: String,
    service_ids: Vec<String>,
    /// Made when the page was shown: the idempotency key of this one story.
    form_token: String,
    /// `suggest` asks for a username and sends nothing.
    action: String,
    /// The honeypot: hidden from people, filled in by bots.
    website: String,
    /// The general form's service search, kept across a failed send.
    q: String,
}

impl FormFields {
    fn story(&self) -> StoryInput {
        StoryInput {
            title: self.title.clone(),
            body: self.body.clone(),
            when: self.when.clone(),
            author_role: self.author_role.clone(),
            username: self.username.clone(),
            author_email: self.author_email.clone(),
            postcode: self.postcode.clone(),
            service_ids: self.service_ids.clone(),
            language: Some(i18n::current().code().to_owned()),
        }
    }
}

/// 128 random bits, fresh for each page shown.
fn new_form_token() -> String {
    tellcare::random::hex(16)
}

/// Where the form is: an invitation link's own, or the general one; or, when the table cannot
/// be read to draw either, the bare form posting where it did, with its services kept.
enum Place<'a> {
    Link(&'a Link, &'a Service),
    General { services: &'a [Service], query: &'a str },
    Unread { action: String, service_ids: &'a [String] },
}

/// Renders the form with `values` and `errors`, under `status`.
fn form_page(
    place: Place<'_>,
    values: &StoryInput,
    errors: &[FieldError],
    token: &str,
    status: StatusCode,
) -> Result<Response, PageError> {
    let mut page = TellPage {
        action: String::new(),
        service: None,
        welcome_message: None,
        choose_services: false,
        kept_service_ids: &[],
        choices: vec![],
        query: "",
        values,
        errors,
        form_token: token,
    };
    match place {
        Place::Link(link, service) => {
            page.action = format!("/tell/{}?lang={}", link.slug, i18n::current().code());
            page.service = Some(service);
            page.welcome_message = link.welcome_message.as_deref();
        }
        Place::General { services, query } => {
            page.action = format!("/tell?lang={}", i18n::current().code());
            page.choose_services = true;
            page.choices = choices(services, query, &values.service_ids);
            page.query = query;
        }
        Place::Unread { action, service_ids } => {
            page.action = action;
            page.kept_service_ids = service_ids;
        }
    }
    // The page carries a one-time token and what the person typed: never cache it.
    Ok(web::no_store((status, web::render(&page)?).into_response()))
}

/// The general form shown again; should the services not be read, the form as typed all the
/// same, its services kept.
async fn general_again(
    intake: &Intake,
    values: &StoryInput,
    errors: &[FieldError],
    token: &str,
    status: StatusCode,
    query: &str,
) -> Result<Response, PageError> {
    match intake.store.list_services().await {
        Ok(services) => form_page(Place::General { services: &services, query }, values, errors, token, status),
        Err(err) => {
            AppError::from(err).log();
            let place = Place::Unread { action: "/tell".into(), service_ids: &values.service_ids };
            form_page(place, values, errors, token, status)
        }
    }
}

/// What a form that could not be stored says by its Send button.
fn not_saved() -> FieldError {
    FieldError::new("send", Message::new("tell-not-saved"))
}

/// Says when to try again (429 and 503), as the JSON routes do.
fn with_retry_after(mut response: Response, seconds: Option<u64>) -> Response {
    if let Some(seconds) = seconds {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// The services that take stories and match the search, with the ones already ticked first
/// (kept even when the search no longer matches them).
fn choices(services: &[Service], query: &str, checked: &[String]) -> Vec<ServiceChoice> {
    let query = query.trim().to_lowercase();
    let mut open: Vec<&Service> = services.iter().filter(|s| !s.archived).collect();
    open.sort_by_key(|s| s.name.to_lowercase());
    let is_checked = |s: &Service| checked.iter().any(|c| c.trim() == s.id.to_string());
    let ticked = open.iter().filter(|s| is_checked(s));
    let matching =
        open.iter().filter(|s| !is_checked(s) && (query.is_empty() || s.name.to_lowercase().contains(&query)));
    ticked
        .map(|s| (s, true))
        .chain(matching.map(|s| (s, false)))
        .map(|(s, checked)| ServiceChoice { id: s.id.to_string(), name: s.name.clone(), checked })
        .collect()
}

fn unknown_link() -> PageError {
    PageError(AppError::NotFound(tellcare::t("tell-link-unknown")))
}

/// A link that takes stories, with its service, counting this opening; anything else is the
/// page to show instead.
async fn open_link(intake: &Intake, raw: &str) -> Result<Result<(Link, Service), Response>, PageError> {
    let slug = Slug::parse(raw).map_err(|_| unknown_link())?;
    let link = intake.store.record_open(&slug, time::OffsetDateTime::now_utc()).await?.ok_or_else(unknown_link)?;
    let service = intake.store.get_service(link.service_id).await?;
    let reason = match (link.state(), service) {
        (LinkState::Open, Some(service)) if !service.archived => return Ok(Ok((link, service))),
        (LinkState::Open, None) => return Err(AppError::internal("an open link's service is missing").into()),
        (LinkState::Open, Some(service)) => (GoneReason::ServiceArchived, Some(service)),
        (LinkState::Disabled, service) => (GoneReason::Disabled, service),
        (LinkState::Deleted, service) => (GoneReason::Deleted, service),
    };
    let page = web::render(&LinkGonePage { service: reason.1.as_ref(), reason: reason.0 })?;
    Ok(Err((StatusCode::GONE, page).into_response()))
}

/// The form of an invitation link: its service named, its welcome shown. Each opening counts.
pub(crate) async fn link_form(State(intake): State<Intake>, Path(slug): Path<String>) -> Result<Response, PageError> {
    match open_link(&intake, &slug).await? {
        Ok((link, service)) => {
            // Unless the person chose: the link's own language, as its poster is.
            web::in_own_language(link.language, || {
                form_page(Place::Link(&link, &service), &StoryInput::default(), &[], &new_form_token(), StatusCode::OK)
            })
        }
        Err(gone) => Ok(gone),
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct Search {
    q: String,
}

/// The general form: the person finds and ticks the services (a search that needs no script).
pub(crate) async fn general_form(
    State(intake): State<Intake>,
    Query(search): Query<Search>,
) -> Result<Response, PageError> {
    let services = intake.store.list_services().await?;
    let place = Place::General { services: &services, query: &search.q };
    form_page(place, &StoryInput::default(), &[], &new_form_token(), StatusCode::OK)
}

/// Sends a story through a link. Only the link is read first (for its service and tags): the
/// transaction itself checks that the link and its service still take stories, and the service
/// is read only when the form must be shown again.
pub(crate) async fn send_through_link(
    State(intake): State<Intake>,
    client: ClientAddress,
    Path(slug): Path<String>,
    HtmlForm(fields): HtmlForm<FormFields>,
) -> Result<Response, PageError> {
    let slug = Slug::parse(&slug).map_err(|_| unknown_link())?;
    let link = match intake.store.get_link(&slug).await {
        Ok(link) => link.ok_or_else(unknown_link)?,
        Err(err) => {
            // Nothing to draw the link's page with: the form as typed, to send again.
            let err = AppError::from(err);
            err.log();
            let place = Place::Unread { action: format!("/tell/{slug}"), service_ids: &[] };
            let page = form_page(place, &fields.story(), &[not_saved()], &fields.form_token, err.status())?;
            return Ok(with_retry_after(page, err.retry_after()));
        }
    };
    if link.state() != LinkState::Open {
        return switched_off(&intake, &fields).await;
    }
    let arrival = |draft: &StoryDraft| Arrival {
        channel: Channel::for_public_route(Channel::InvitationLink, draft.author_role),
        link: Some(link.slug.clone()),
        tags: link.tags.clone(),
    };
    match send(&intake, &client, &fields, Some(&[link.service_id]), arrival).await {
        Sent::Stored(id) => Ok(thanked(&intake, &format!("/tell/{}/thanks", link.slug), id)),
        Sent::Bot => Ok(Redirect::to(&format!("/tell/{}/thanks", link.slug)).into_response()),
        Sent::LinkClosed => switched_off(&intake, &fields).await,
        Sent::Again(values, errors, status, retry_after) => {
            let page = match intake.store.get_service(link.service_id).await {
                Ok(Some(service)) => {
                    form_page(Place::Link(&link, &service), &values, &errors, &fields.form_token, status)?
                }
                Ok(None) => return Err(AppError::internal("a link's service is missing").into()),
                Err(err) => {
                    AppError::from(err).log();
                    let place = Place::Unread { action: format!("/tell/{}", link.slug), service_ids: &[] };
                    form_page(place, &values, &errors, &fields.form_token, status)?
                }
            };
            Ok(with_retry_after(page, retry_after))
        }
    }
}

/// A link that stopped taking stories while the person wrote: the general form, their story
/// kept, asking them to choose the service.
async fn switched_off(intake: &Intake, fields: &FormFields) -> Result<Response, PageError> {
    let errors = [FieldError::new("service_ids", Message::new("tell-link-switched-off"))];
    general_again(intake, &fields.story(), &errors, &fields.form_token, StatusCode::GONE, "").await
}

pub(crate) async fn send_general(
    State(intake): State<Intake>,
    client: ClientAddress,
    HtmlForm(fields): HtmlForm<FormFields>,
) -> Result<Response, PageError> {
    let arrival = |draft: &StoryDraft| Arrival {
        channel: Channel::for_public_route(Channel::Web, draft.author_role),
        link: None,
        tags: vec![],
    };
    match send(&intake, &client, &fields, None, arrival).await {
        Sent::Stored(id) => Ok(thanked(&intake, "/tell/thanks", id)),
        Sent::Bot => Ok(Redirect::to("/tell/thanks").into_response()),
        Sent::LinkClosed => Err(AppError::internal("the general form came through no link").into()),
        Sent::Again(values, errors, status, retry_after) => {
            let page = general_again(&intake, &values, &errors, &fields.form_token, status, &fields.q).await?;
            Ok(with_retry_after(page, retry_after))
        }
    }
}

/// What became of a sent form.
enum Sent {
    Stored(StoryId),
    /// The honeypot was filled: answered as a success, stored nowhere.
    Bot,
    /// Show the form again, with these values and messages, under this status, and when to
    /// try again if it is worth saying.
    Again(Box<StoryInput>, Vec<FieldError>, StatusCode, Option<u64>),
    /// The link was switched off, or its service archived, while the person was writing.
    LinkClosed,
}

async fn send(
    intake: &Intake,
    client: &ClientAddress,
    fields: &FormFields,
    fixed_services: Option<&[ServiceId]>,
    arrival: impl FnOnce(&StoryDraft) -> Arrival,
) -> Sent {
    let mut values = fields.story();
    if !fields.website.trim().is_empty() {
        tracing::info!("a form with its honeypot filled was dropped");
        return Sent::Bot;
    }
    if fields.action == "suggest" {
        values.username = Username::generate().as_str().to_owned();
        return Sent::Again(Box::new(values), vec![], StatusCode::OK, None);
    }
    let again = |values: StoryInput, err: AppError| {
        let (status, retry_after) = (err.status(), err.retry_after());
        let errors = match err {
            AppError::Invalid(errors) => errors,
            AppError::RateLimited { retry_after_secs } => vec![FieldError::new(
                "send",
                Message::new("tell-too-many").with("minutes", retry_after_secs.div_ceil(60)),
            )],
            other => {
                other.log();
                vec![not_saved()]
            }
        };
        Sent::Again(Box::new(values), errors, status, retry_after)
    };
    if let Err(err) = intake.limiter.check(client).await {
        return again(values, err);
    }
    let draft = match StoryDraft::parse(&values, fixed_services) {
        Ok(draft) => draft,
        Err(errors) => return Sent::Again(Box::new(values), errors.0, StatusCode::UNPROCESSABLE_ENTITY, None),
    };
    // A page without a usable token (tampered with) is still stored, only without the guard.
    let key = IdempotencyKey::parse("form", &fields.form_token).ok();
    let arrival = arrival(&draft);
    match tell(&intake.store, draft, &values, arrival, &Actor::author(), key, time::OffsetDateTime::now_utc()).await {
        Ok(id) => Sent::Stored(id),
        Err(TellError::LinkClosed | TellError::ServicesClosed(_)) if fixed_services.is_some() => Sent::LinkClosed,
        Err(err @ TellError::ServicesClosed(_)) => {
            let errors = vec![FieldError::new("service_ids", err.to_string())];
            Sent::Again(Box::new(values), errors, StatusCode::UNPROCESSABLE_ENTITY, None)
        }
        Err(err) => again(values, err.into()),
    }
}
