//! The admin pages: the queue, the story editor with its actions, and the services with their
//! responders and links. Plain forms, no script; a form that fails comes back as typed.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tellcare::AppError;
use tellcare::domain::event::EventKind;
use tellcare::domain::link::{LinkInput, LinkPatch, NewLink, Slug};
use tellcare::domain::moderation::{Action, StoryEditInput};
use tellcare::domain::responder::ResponderInput;
use tellcare::domain::service::{ServiceInput, ServicePatch, ServicePatchInput};
use tellcare::domain::story::{Channel, StoryStatus};
use tellcare::domain::{FieldError, ServiceId};
use tellcare::moderate::{ModerateError, ModerationInput};
use tellcare::store::{LinkChangeError, StoryRecord};
use tellcare::web::admin_pages::{
    EditorValues, LinkValues, QueuePage, QueueRow, ResponderValues, ServicePage, ServiceValues, ServicesPage,
    StoryEditorPage, age, criticality_levels, marked, service_rows,
};
use tellcare::web::{HtmlForm, PageError, ServiceChoice, no_service, no_store, render, service_id};
use time::OffsetDateTime;

use crate::Admin;
use crate::moderation::{QueueFilter, act, filtered_queue, story_id};
use crate::services::{drop_responder, new_responder, new_service};
use crate::session::{CsrfForm, Session};
use tellcare::domain::hints::story_hints;

const TABS: &[StoryStatus] = &[
    StoryStatus::AwaitingModeration,
    StoryStatus::OnHold,
    StoryStatus::AwaitingAuthor,
    StoryStatus::Published,
    StoryStatus::Rejected,
    StoryStatus::Withdrawn,
];

/// The queue: one status at a time, oldest first, filtered by service or channel.
pub(crate) async fn queue_page(
    State(admin): State<Admin>,
    session: Session,
    Query(filter): Query<QueueFilter>,
) -> Result<Response, PageError> {
    let status = filter.status()?;
    let (listed, services, replies) = tokio::try_join!(
        filtered_queue(&admin.store, &filter),
        async { admin.store.list_services().await.map_err(AppError::from) },
        async { admin.store.replies_awaiting().await.map_err(AppError::from) }
    )?;
    let now = OffsetDateTime::now_utc();
    let name = |id: &ServiceId| services.iter().find(|s| s.id == *id).map_or("(unknown)", |s| s.name.as_str());
    let rows = listed
        .items
        .iter()
        .map(|story| {
            let mut kinds: Vec<&str> = story_hints(story).iter().map(|h| h.hint.kind.label()).collect();
            kinds.dedup();
            QueueRow {
                id: story.id.to_string(),
                title: story.title.clone(),
                age: age(story.in_status_since(), now),
                services: story.service_ids.iter().map(name).collect::<Vec<_>>().join(", "),
                channel: story.channel.label(),
                hints: kinds.join(", "),
            }
        })
        .collect();
    let page = QueuePage {
        nav: session.nav(),
        replies: replies.iter().map(|r| (r.story_id.to_string(), age(r.received_at, now))).collect(),
        status,
        tabs: TABS,
        rows,
        services: &services,
        channels: Channel::ALL,
        service_filter: &filter.service_id,
        channel_filter: &filter.channel,
        next: listed.next.map(|c| c.encoded()),
        per_page: crate::moderation::QUEUE_PAGE,
    };
    Ok(no_store(render(&page)?.into_response()))
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct Done {
    done: String,
}

fn done_notice(done: &str) -> Option<&'static str> {
    if let Some(kind) = EventKind::parse(done) {
        use EventKind::*;
        return match kind {
            Edited => Some("Your changes are saved."),
            Published => Some("The story is published."),
            Rejected => Some("The story is rejected; the author will be told why."),
            Held => Some("The story is on hold."),
            AuthorContacted => Some("Your question is on its way to the author."),
            Reopened => Some("The story is back in the queue."),
            ContactErased => Some("The author's email address and postcode are erased."),
            Received | AuthorReplied | ReplyPublished | ReplyRejected | Withdrawn | ReplyReceived
            | ResponsePublished | LinkRequested | AuthorEmailForgotten => None,
        };
    }
    Some(match done {
        "created" => "The service is added.",
        "responder-added" => "The responder is added.",
        "responder-removed" => "The responder is removed.",
        "link-made" => "The invitation link is made.",
        "link-on" => "The invitation link takes stories again.",
        "link-off" => "The invitation link is switched off: its page now says where else to go.",
        "service-changed" => "The service is changed.",
        // A decided reply goes back to its story's page, not an event of the story's own.
        "reply-published" => "The author's reply is published.",
        "reply-rejected" => "The author's reply will not be published.",
        _ => return None,
    })
}

/// Everything the editor shows beyond the record: the services to choose, the notice or
/// the problem, and what the fields hold.
struct Editor<'a> {
    record: &'a StoryRecord,
    values: EditorValues,
    checked: Vec<String>,
    errors: Vec<FieldError>,
    notice: Option<&'a str>,
    /// Set when someone else changed the story: the version this moderator read.
    stale_from: Option<u64>,
}

impl<'a> Editor<'a> {
    fn of(record: &'a StoryRecord) -> Self {
        let story = &record.story;
        Editor {
            values: EditorValues {
                title: story.title.clone(),
                body: story.body.clone(),
                tags: story.tags.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", "),
                criticality: story.criticality.map(|c| c.value().to_string()).unwrap_or_default(),
                ..EditorValues::default()
            },
            checked: story.service_ids.iter().map(ToString::to_string).collect(),
            record,
            errors: vec![],
            notice: None,
            stale_from: None,
        }
    }

    async fn render(self, admin: &Admin, session: &Session, status: StatusCode) -> Result<Response, PageError> {
        let services = admin.store.list_services().await?;
        let mut services: Vec<_> =
            services.iter().filter(|s| !s.archived || self.checked.contains(&s.id.to_string())).collect();
        services.sort_by_key(|s| s.name.to_lowercase());
        let choices = services
            .iter()
            .map(|s| ServiceChoice {
                id: s.id.to_string(),
                name: s.name.clone(),
                checked: self.checked.contains(&s.id.to_string()),
            })
            .collect();
        let hints = story_hints(&self.record.story);
        let body_hints: Vec<_> = hints.iter().filter(|h| h.field == "body").map(|h| h.hint.clone()).collect();
        let marked_body = marked(&self.record.story.body, &body_hints);
        let page = StoryEditorPage {
            nav: session.nav(),
            record: self.record,
            told: age(self.record.story.received_at, OffsetDateTime::now_utc()) + " ago",
            values: self.values,
            choices,
            hints,
            marked_body,
            errors: &self.errors,
            notice: self.notice,
            conflict: self.stale_from.map(|read| ModerateError::stale_message(read, self.record)),
            since: self.stale_from.map(|read| self.record.changes_since(read)).unwrap_or_default(),
            levels: criticality_levels(),
            retention_days: admin.retention_days,
        };
        Ok(no_store((status, render(&page)?).into_response()))
    }
}

async fn record_of(admin: &Admin, raw_id: &str) -> Result<StoryRecord, PageError> {
    let id = story_id(raw_id)?;
    Ok(admin.store.story_record(id).await?.ok_or_else(|| AppError::NotFound("No story has this id.".into()))?)
}

pub(crate) async fn story_page(
    State(admin): State<Admin>,
    session: Session,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let record = record_of(&admin, &id).await?;
    let mut editor = Editor::of(&record);
    editor.notice = done_notice(&done.done);
    editor.render(&admin, &session, StatusCode::OK).await
}

/// Every field of the editor's forms, as posted.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct EditorForm {
    csrf: String,
    version: String,
    /// Present on the main form only, whose fields are the edit.
    edit: String,
    title: String,
    body: String,
    service_ids: Vec<String>,
    tags: String,
    criticality: String,
    note: String,
    reason: String,
    message: String,
    /// The main form's button: `save` or `publish`.
    action: String,
}

impl EditorForm {
    fn input(&self) -> Result<ModerationInput, FieldError> {
        let version = self.version.trim().parse().ok();
        let criticality = match self.criticality.trim() {
            "" => None,
            raw => Some(
                raw.parse().map_err(|_| FieldError::new("criticality", "Choose how critical it is from the list"))?,
            ),
        };
        let edit = if self.edit.is_empty() {
            StoryEditInput::default()
        } else {
            StoryEditInput {
                title: Some(self.title.clone()),
                body: Some(self.body.clone()),
                service_ids: Some(self.service_ids.clone()),
                criticality,
                tags: Some(self.tags.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()),
            }
        };
        let some = |s: &String| Some(s.clone());
        Ok(ModerationInput {
            version,
            edit,
            reason: some(&self.reason),
            note: some(&self.note),
            message: some(&self.message),
        })
    }

    /// The editor as this moderator typed it, over the story as it is now.
    fn editor<'a>(&self, record: &'a StoryRecord) -> Editor<'a> {
        let mut editor = Editor::of(record);
        if !self.edit.is_empty() {
            editor.values.title = self.title.clone();
            editor.values.body = self.body.clone();
            editor.values.tags = self.tags.clone();
            editor.values.criticality = self.criticality.clone();
            editor.checked = self.service_ids.clone();
        }
        editor.values.note = self.note.clone();
        editor.values.reason = self.reason.clone();
        editor.values.message = self.message.clone();
        editor
    }
}

/// The main form: save the edit, or save it and publish.
pub(crate) async fn save_story(
    State(admin): State<Admin>,
    session: Session,
    Path(id): Path<String>,
    HtmlForm(form): HtmlForm<EditorForm>,
) -> Result<Response, PageError> {
    let action = if form.action == "publish" { Action::Publish } else { Action::Edit };
    moderate_from_page(admin, session, id, action, form).await
}

/// The other actions' forms: hold, reject, ask the author, re-open.
pub(crate) async fn story_action(
    State(admin): State<Admin>,
    session: Session,
    Path((id, action)): Path<(String, String)>,
    HtmlForm(form): HtmlForm<EditorForm>,
) -> Result<Response, PageError> {
    if action == "erase-contact" {
        session.check_csrf(&form.csrf)?;
        let id = story_id(&id)?;
        crate::moderation::erase(&admin, &session.staff, id).await?;
        return Ok(Redirect::to(&format!("/admin/stories/{id}?done={}", EventKind::ContactErased)).into_response());
    }
    let action = Action::parse(&action)
        .filter(|a| !matches!(a, Action::Edit | Action::Publish))
        .ok_or_else(|| AppError::NotFound("There is no such action.".into()))?;
    moderate_from_page(admin, session, id, action, form).await
}

async fn moderate_from_page(
    admin: Admin,
    session: Session,
    raw_id: String,
    action: Action,
    form: EditorForm,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let id = story_id(&raw_id)?;
    let result = match form.input() {
        Ok(input) => act(&admin, &session.staff, id, action, &input).await,
        Err(field) => Err(ModerateError::Invalid(vec![field])),
    };
    let (status, record, errors, stale_from) = match result {
        Ok(_) => return Ok(Redirect::to(&format!("/admin/stories/{id}?done={}", action.code())).into_response()),
        Err(ModerateError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, None, errors, None),
        Err(ModerateError::NotAllowed(why)) => (StatusCode::CONFLICT, None, vec![FieldError::new("status", why)], None),
        Err(ModerateError::Stale { read, current }) => (StatusCode::CONFLICT, Some(*current), vec![], Some(read)),
        Err(err) => return Err(AppError::from(err).into()),
    };
    let record = match record {
        Some(record) => record,
        None => record_of(&admin, &raw_id).await?,
    };
    let mut editor = form.editor(&record);
    editor.errors = errors;
    editor.stale_from = stale_from;
    editor.render(&admin, &session, status).await
}

/// The services as a tree, and a form to add one.
pub(crate) async fn services_page(State(admin): State<Admin>, session: Session) -> Result<Response, PageError> {
    services_with(&admin, &session, ServiceValues::default(), &[], StatusCode::OK).await
}

async fn services_with(
    admin: &Admin,
    session: &Session,
    values: ServiceValues,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<Response, PageError> {
    let services = admin.store.list_services().await?;
    let page = ServicesPage { nav: session.nav(), rows: service_rows(&services), values, errors };
    Ok(no_store((status, render(&page)?).into_response()))
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct ServiceForm {
    csrf: String,
    name: String,
    parent_id: String,
    description: String,
}

pub(crate) async fn add_service(
    State(admin): State<Admin>,
    session: Session,
    HtmlForm(form): HtmlForm<ServiceForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let input = ServiceInput {
        name: form.name.clone(),
        parent_id: Some(form.parent_id.clone()),
        description: Some(form.description.clone()),
    };
    match new_service(&admin.store, &input, &session.staff).await {
        Ok(service) => Ok(Redirect::to(&format!("/admin/services/{}?done=created", service.id)).into_response()),
        Err(AppError::Invalid(errors)) => {
            let values = ServiceValues { name: form.name, parent_id: form.parent_id, description: form.description };
            services_with(&admin, &session, values, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(err) => Err(err.into()),
    }
}

/// One service: its responders and links, with forms to add each.
pub(crate) async fn service_page(
    State(admin): State<Admin>,
    session: Session,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    let forms = ServiceForms { notice: done_notice(&done.done), ..ServiceForms::default() };
    service_with(&admin, &session, &id, forms, StatusCode::OK).await
}

#[derive(Default)]
struct ServiceForms {
    /// The service's own fields as typed, when a change of them failed.
    about: Option<ServiceValues>,
    responder: ResponderValues,
    link: LinkValues,
    errors: Vec<FieldError>,
    notice: Option<&'static str>,
}

async fn service_with(
    admin: &Admin,
    session: &Session,
    raw_id: &str,
    forms: ServiceForms,
    status: StatusCode,
) -> Result<Response, PageError> {
    let id = service_id(raw_id)?;
    let (found, links) = tokio::try_join!(admin.store.service_with_responders(id), admin.store.list_links(id))?;
    let (service, responders) = found.ok_or_else(no_service)?;
    let about = forms.about.unwrap_or_else(|| ServiceValues {
        name: service.name.clone(),
        description: service.description.clone().unwrap_or_default(),
        ..ServiceValues::default()
    });
    let page = ServicePage {
        nav: session.nav(),
        about,
        service: &service,
        responders: &responders,
        links: &links,
        responder: forms.responder,
        link: forms.link,
        errors: &forms.errors,
        notice: forms.notice,
    };
    Ok(no_store((status, render(&page)?).into_response()))
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct ResponderForm {
    csrf: String,
    name: String,
    job_title: String,
    email: String,
}

pub(crate) async fn add_responder(
    State(admin): State<Admin>,
    session: Session,
    Path(id): Path<String>,
    HtmlForm(form): HtmlForm<ResponderForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let input = ResponderInput {
        name: form.name.clone(),
        email: form.email.clone(),
        job_title: form.job_title.clone(),
        email_when: None,
    };
    let (status, errors) = match new_responder(&admin.store, service_id(&id)?, &input, &session.staff).await {
        Ok(_) => return Ok(Redirect::to(&format!("/admin/services/{id}?done=responder-added")).into_response()),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(AppError::Conflict(message)) => (StatusCode::CONFLICT, vec![FieldError::new("email", message)]),
        Err(err) => return Err(err.into()),
    };
    let responder = ResponderValues { name: form.name, job_title: form.job_title, email: form.email };
    service_with(&admin, &session, &id, ServiceForms { responder, errors, ..ServiceForms::default() }, status).await
}

pub(crate) async fn remove_responder(
    State(admin): State<Admin>,
    session: Session,
    Path((id, responder_id)): Path<(String, String)>,
    HtmlForm(form): HtmlForm<CsrfForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    drop_responder(&admin.store, service_id(&id)?, &responder_id, &session.staff).await?;
    Ok(Redirect::to(&format!("/admin/services/{id}?done=responder-removed")).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct LinkForm {
    csrf: String,
    label: String,
    welcome_message: String,
}

pub(crate) async fn make_link(
    State(admin): State<Admin>,
    session: Session,
    Path(id): Path<String>,
    HtmlForm(form): HtmlForm<LinkForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let service = service_id(&id)?;
    let input = LinkInput {
        label: form.label.clone(),
        welcome_message: Some(form.welcome_message.clone()),
        ..LinkInput::default()
    };
    let made = match NewLink::parse(&input) {
        Ok(new) => admin.store.create_link(new, service, OffsetDateTime::now_utc()).await.map_err(AppError::from),
        Err(errors) => Err(errors.into()),
    };
    let (status, errors) = match made {
        Ok(link) => {
            tracing::info!(service = %service, by = %session.staff.subject, slug = %link.slug, "invitation link created");
            return Ok(Redirect::to(&format!("/admin/services/{id}?done=link-made")).into_response());
        }
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(AppError::Conflict(message)) => (StatusCode::CONFLICT, vec![FieldError::new("label", message)]),
        Err(err) => return Err(err.into()),
    };
    let link = LinkValues { label: form.label, welcome_message: form.welcome_message };
    service_with(&admin, &session, &id, ServiceForms { link, errors, ..ServiceForms::default() }, status).await
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct ServiceChangeForm {
    csrf: String,
    name: String,
    description: String,
    /// `yes` when ticked.
    archived: String,
}

/// Renames, describes, archives or restores a service.
pub(crate) async fn change_service(
    State(admin): State<Admin>,
    session: Session,
    Path(id): Path<String>,
    HtmlForm(form): HtmlForm<ServiceChangeForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let service = service_id(&id)?;
    let input = ServicePatchInput {
        name: Some(form.name.clone()),
        description: Some(Some(form.description.clone())),
        parent_id: None,
        archived: Some(form.archived == "yes"),
    };
    let errors = match ServicePatch::parse(&input) {
        Ok(patch) => {
            admin.store.update_service(service, &patch).await?.ok_or_else(no_service)?;
            tracing::info!(service = %service, by = %session.staff.subject, "service changed");
            return Ok(Redirect::to(&format!("/admin/services/{id}?done=service-changed")).into_response());
        }
        // The form's own ids, apart from the responder form's `name`.
        Err(errors) => {
            errors.0.into_iter().map(|e| FieldError::new(format!("service_{}", e.field), e.message)).collect()
        }
    };
    let about = ServiceValues { name: form.name, description: form.description, ..ServiceValues::default() };
    let forms = ServiceForms { about: Some(about), errors, ..ServiceForms::default() };
    service_with(&admin, &session, &id, forms, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct SwitchForm {
    csrf: String,
    /// `on` or `off`.
    to: String,
}

/// Switches an invitation link on or off: off, its page says where else to go.
pub(crate) async fn switch_link(
    State(admin): State<Admin>,
    session: Session,
    Path(slug): Path<String>,
    HtmlForm(form): HtmlForm<SwitchForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let slug = Slug::parse(&slug).map_err(|_| AppError::from(LinkChangeError::Missing))?;
    let enabled = form.to == "on";
    let patch = LinkPatch { enabled: Some(enabled), ..LinkPatch::default() };
    let link = admin.store.update_link(&slug, &patch).await.map_err(AppError::from)?;
    tracing::info!(by = %session.staff.subject, enabled, "invitation link switched");
    let done = if enabled { "link-on" } else { "link-off" };
    Ok(Redirect::to(&format!("/admin/services/{}?done={done}", link.service_id)).into_response())
}

/// Publishes or turns down an author's reply, from the editor.
pub(crate) async fn decide_reply(
    State(admin): State<Admin>,
    session: Session,
    Path((id, reply, decision)): Path<(String, String, String)>,
    HtmlForm(form): HtmlForm<CsrfForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let publish = match decision.as_str() {
        "publish" => true,
        "reject" => false,
        _ => return Err(AppError::NotFound("There is no such action.".into()).into()),
    };
    let story = story_id(&id)?;
    crate::moderation::decide_reply(&admin, &session.staff, story, &reply, publish).await?;
    let done = if publish { "reply-published" } else { "reply-rejected" };
    Ok(Redirect::to(&format!("/admin/stories/{story}?done={done}")).into_response())
}
