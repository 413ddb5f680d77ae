//! The services pages: the tree, one service with its responders and links, and the forms
//! that add, change and switch them.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tellcare::AppError;
use tellcare::app::links::LinkError;
use tellcare::app::ports::Links;
use tellcare::app::services::{self, ServiceError};
use tellcare::domain::FieldError;
use tellcare::domain::link::{LinkInput, LinkPatch, NewLink, Slug};
use tellcare::domain::responder::{NewResponder, ResponderInput};
use tellcare::domain::service::Service;
use tellcare::domain::service::{NewService, ServiceInput, ServicePatch, ServicePatchInput};
use tellcare::web::{
    HtmlForm, PageError, access, check_manages, check_manages_any, managed_service, no_service, no_store, not_yours,
    render,
};
use time::OffsetDateTime;

use crate::Admin;
use crate::done::{Done, done_notice};
use crate::pages::{LinkValues, ResponderValues, ServicePage, ServiceValues, ServicesPage, service_rows};
use crate::services::{self as json, drop_member, new_member, new_service};
use crate::session::{CsrfForm, Session, StaffSession};

/// The services as a tree, and a form to add one.
pub(crate) async fn services_page(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
) -> Result<Response, PageError> {
    services_with(&admin, &session, ServiceValues::default(), &[], StatusCode::OK).await
}

/// The services the person manages: all of them for an admin, a service admin's branches,
/// and for anyone else a page that says whose they are.
async fn managed_services(admin: &Admin, session: &Session) -> Result<Vec<Service>, PageError> {
    let (access, services) = tokio::try_join!(access(&admin.store, &session.staff), async {
        admin.store.list_services().await.map_err(tellcare::AppError::from)
    })?;
    if !access.manages_any() {
        return Err(not_yours().into());
    }
    Ok(services.iter().filter(|s| access.may_manage(s.id, &services)).cloned().collect())
}

async fn services_with(
    admin: &Admin,
    session: &Session,
    values: ServiceValues,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<Response, PageError> {
    let services = managed_services(admin, session).await?;
    let page = ServicesPage { nav: session.managing_nav(), rows: service_rows(&services), values, errors };
    Ok(no_store((status, render(&page)?).into_response()))
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct ServiceForm {
    csrf: String,
    name: String,
    parent_id: String,
    description: String,
    /// `en` or `cy`: of its pages and posters.
    language: String,
}

pub(crate) async fn add_service(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    HtmlForm(form): HtmlForm<ServiceForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    check_manages_any(&admin.store, &session.staff).await?;
    let input = ServiceInput {
        name: form.name.clone(),
        parent_id: Some(form.parent_id.clone()),
        description: Some(form.description.clone()),
        language: Some(form.language.clone()),
    };
    let errors = match NewService::parse(&input) {
        Err(errors) => errors.0,
        Ok(new) => match new_service(&admin.store, new, &session.staff).await {
            Ok(service) => {
                return Ok(Redirect::to(&format!("/admin/services/{}?done=created", service.id)).into_response());
            }
            Err(AppError::Invalid(errors)) => errors,
            Err(err) => return Err(err.into()),
        },
    };
    let values = ServiceValues {
        name: form.name,
        parent_id: form.parent_id,
        description: form.description,
        language: form.language,
    };
    services_with(&admin, &session, values, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// One service: its responders and links, with forms to add each.
pub(crate) async fn service_page(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
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
    notice: Option<tellcare::domain::Message>,
}

/// The most recent changes of its trail a service's page shows (the JSON route has 100).
const CHANGES_SHOWN: usize = 20;

async fn service_with(
    admin: &Admin,
    session: &Session,
    raw_id: &str,
    forms: ServiceForms,
    status: StatusCode,
) -> Result<Response, PageError> {
    let id = managed_service(&admin.store, &session.staff, raw_id).await?;
    let (found, links, changes) = tokio::try_join!(
        admin.store.service_with_responders(id),
        admin.store.list_links(id),
        admin.store.staff_changes(id)
    )?;
    let (service, responders) = found.ok_or_else(no_service)?;
    let about = forms.about.unwrap_or_else(|| ServiceValues {
        name: service.name.clone(),
        description: service.description.clone().unwrap_or_default(),
        language: service.language.code().to_owned(),
        ..ServiceValues::default()
    });
    // A new link speaks its service's language until the person chooses.
    let mut link = forms.link;
    if link.language.is_empty() {
        link.language = service.language.code().to_owned();
    }
    let page = ServicePage {
        nav: session.managing_nav(),
        about,
        service: &service,
        responders: &responders,
        links: &links,
        responder: forms.responder,
        link,
        errors: &forms.errors,
        notice: forms.notice,
        changes: &changes[..changes.len().min(CHANGES_SHOWN)],
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
    role: String,
    language: String,
}

pub(crate) async fn add_responder(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    Path(id): Path<String>,
    HtmlForm(form): HtmlForm<ResponderForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let input = ResponderInput {
        name: form.name.clone(),
        email: form.email.clone(),
        job_title: form.job_title.clone(),
        role: form.role.clone(),
        email_when: None,
        language: Some(form.language.clone()).filter(|l| !l.is_empty()),
    };
    let service = managed_service(&admin.store, &session.staff, &id).await?;
    let (status, errors) = match NewResponder::parse(&input) {
        Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors.0),
        Ok(new) => match new_member(&admin, service, new, &session.staff).await {
            Ok(_) => return Ok(Redirect::to(&format!("/admin/services/{id}?done=responder-added")).into_response()),
            Err(err @ ServiceError::ResponderTaken) => {
                (StatusCode::CONFLICT, vec![FieldError::new("email", err.to_string())])
            }
            Err(err) => return Err(err.into()),
        },
    };
    let responder = ResponderValues {
        name: form.name,
        job_title: form.job_title,
        email: form.email,
        role: form.role,
        language: form.language,
    };
    service_with(&admin, &session, &id, ServiceForms { responder, errors, ..ServiceForms::default() }, status).await
}

pub(crate) async fn remove_responder(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    Path((id, responder_id)): Path<(String, String)>,
    HtmlForm(form): HtmlForm<CsrfForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let service = managed_service(&admin.store, &session.staff, &id).await?;
    drop_member(&admin.store, service, &responder_id, &session.staff).await?;
    Ok(Redirect::to(&format!("/admin/services/{id}?done=responder-removed")).into_response())
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct LinkForm {
    csrf: String,
    label: String,
    welcome_message: String,
    language: String,
}

pub(crate) async fn make_link(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    Path(id): Path<String>,
    HtmlForm(form): HtmlForm<LinkForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let service = managed_service(&admin.store, &session.staff, &id).await?;
    let input = LinkInput {
        label: form.label.clone(),
        welcome_message: Some(form.welcome_message.clone()),
        language: Some(form.language.clone()).filter(|l| !l.is_empty()),
        ..LinkInput::default()
    };
    let (status, errors) = match NewLink::parse(&input) {
        Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors.0),
        Ok(mut new) => {
            if new.language.is_none() {
                let service = admin.store.get_service(service).await?.ok_or_else(no_service)?;
                new.language = Some(service.language);
            }
            match admin.store.create_link(new, service, OffsetDateTime::now_utc(), Some(session.change_by())).await {
                Ok(_) => {
                    tracing::info!(service = %service, by = %session.staff.subject, "invitation link created");
                    return Ok(Redirect::to(&format!("/admin/services/{id}?done=link-made")).into_response());
                }
                Err(err @ (LinkError::SlugTaken | LinkError::ServiceArchived)) => {
                    (StatusCode::CONFLICT, vec![FieldError::new("label", err.to_string())])
                }
                Err(err) => return Err(err.into()),
            }
        }
    };
    let link = LinkValues { label: form.label, welcome_message: form.welcome_message, language: form.language };
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
    language: String,
}

/// Renames, describes, archives or restores a service.
pub(crate) async fn change_service(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    Path(id): Path<String>,
    HtmlForm(form): HtmlForm<ServiceChangeForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let service = managed_service(&admin.store, &session.staff, &id).await?;
    let input = ServicePatchInput {
        name: Some(form.name.clone()),
        description: Some(Some(form.description.clone())),
        parent_id: None,
        archived: Some(form.archived == "yes"),
        language: Some(form.language.clone()).filter(|l| !l.is_empty()),
    };
    let errors = match ServicePatch::parse(&input) {
        Ok(patch) => {
            json::check_move(&admin.store, &session.staff, &patch).await?;
            services::change(&admin.store, service, &patch, session.change_by()).await?;
            tracing::info!(service = %service, by = %session.staff.subject, "service changed");
            return Ok(Redirect::to(&format!("/admin/services/{id}?done=service-changed")).into_response());
        }
        // The form's own ids, apart from the responder form's `name`.
        Err(errors) => {
            errors.0.into_iter().map(|e| FieldError::new(format!("service_{}", e.field), e.message)).collect()
        }
    };
    let about = ServiceValues {
        name: form.name,
        description: form.description,
        language: form.language,
        ..ServiceValues::default()
    };
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
    StaffSession(session): StaffSession,
    Path(slug): Path<String>,
    HtmlForm(form): HtmlForm<SwitchForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let slug = Slug::parse(&slug).map_err(|_| LinkError::Missing)?;
    let link = admin.store.get_link(&slug).await?.ok_or(LinkError::Missing)?;
    check_manages(&admin.store, &session.staff, link.service_id).await?;
    let enabled = form.to == "on";
    let patch = LinkPatch { enabled: Some(enabled), ..LinkPatch::default() };
    let link = tellcare::app::links::change(&admin.store, link, &patch, session.change_by()).await?;
    tracing::info!(by = %session.staff.subject, enabled, "invitation link switched");
    let done = if enabled { "link-on" } else { "link-off" };
    Ok(Redirect::to(&format!("/admin/services/{}?done={done}", link.service_id)).into_response())
}
