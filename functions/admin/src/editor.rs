//! The story editor: the story as moderators read it, the edit form, every action's form, and
//! the decisions on the author's replies. A form that fails comes back as typed.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tellcare::AppError;
use tellcare::app::moderate::{ModerateError, ModerationInput};
use tellcare::domain::FieldError;
use tellcare::domain::event::EventKind;
use tellcare::domain::moderation::{Action, StoryEditInput};
use tellcare::domain::record::StoryRecord;
use tellcare::i18n::text_with;
use tellcare::web::{HtmlForm, PageError, ServiceChoice, no_store, render};
use time::OffsetDateTime;

use crate::Admin;
use crate::done::{Done, done_notice};
use crate::moderation::{act, story_id};
use crate::pages::{EditorValues, StoryEditorPage, age, criticality_levels, marked};
use crate::session::{CsrfForm, Session};
use tellcare::domain::hints::story_hints;

/// Everything the editor shows beyond the record: the services to choose, the notice or
/// the problem, and what the fields hold.
struct Editor<'a> {
    record: &'a StoryRecord,
    values: EditorValues,
    checked: Vec<String>,
    errors: Vec<FieldError>,
    notice: Option<tellcare::domain::Message>,
    /// Set when someone else changed the story: the version this moderator read.
    stale_from: Option<u64>,
}

impl<'a> Editor<'a> {
    fn of(record: &'a StoryRecord) -> Self {
        let story = &record.story;
        Editor {
            values: EditorValues {
                title: story.title().to_owned(),
                body: story.body().to_owned(),
                tags: story.tags().iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", "),
                criticality: story.criticality().map(|c| c.value().to_string()).unwrap_or_default(),
                ..EditorValues::default()
            },
            checked: story.service_ids().iter().map(ToString::to_string).collect(),
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
        let marked_body = marked(self.record.story.body(), &body_hints);
        let page = StoryEditorPage {
            nav: session.nav(),
            record: self.record,
            told: tellcare::ta("dashboard-ago", "age", age(self.record.story.received_at(), OffsetDateTime::now_utc())),
            values: self.values,
            choices,
            hints,
            marked_body,
            errors: &self.errors,
            notice: self.notice,
            conflict: self.stale_from.map(|read| {
                let current = self.record.story.version().to_string();
                text_with("editor-conflict-versions", &[("read", &read.to_string()), ("current", &current)])
            }),
            since: self.stale_from.map(|read| self.record.changes_since(read)).unwrap_or_default(),
            levels: criticality_levels(),
            retention_days: admin.retention_days,
        };
        Ok(no_store((status, render(&page)?).into_response()))
    }
}

async fn record_of(admin: &Admin, raw_id: &str) -> Result<StoryRecord, PageError> {
    let id = story_id(raw_id)?;
    Ok(admin.store.story_record(id).await?.ok_or_else(|| AppError::NotFound(tellcare::i18n::text("error-no-story")))?)
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
        .ok_or_else(|| AppError::NotFound(tellcare::i18n::text("error-no-action")))?;
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
        _ => return Err(AppError::NotFound(tellcare::i18n::text("error-no-action")).into()),
    };
    let story = story_id(&id)?;
    crate::moderation::decide_reply(&admin, &session.staff, story, &reply, publish).await?;
    let done = if publish { "reply-published" } else { "reply-rejected" };
    Ok(Redirect::to(&format!("/admin/stories/{story}?done={done}")).into_response())
}
