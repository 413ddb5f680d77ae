//! Services, responders and stories typed up by staff, over JSON.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tellcare::AppError;
use tellcare::app::tell::{Submitted, tell};
use tellcare::auth::Staff;
use tellcare::domain::responder::{NewResponder, Responder, ResponderInput};
use tellcare::domain::service::{self, NewService, Service, ServiceInput, ServicePatch, ServicePatchInput};
use tellcare::domain::story::{Arrival, Channel, StoryDraft, StoryInput};
use tellcare::domain::{FieldError, ResponderId, ServiceId};
use tellcare::store::{CreateServiceError, Store};
use tellcare::web::{Json, StaffUser, no_service, service_id};

use crate::Admin;

#[derive(Serialize)]
pub(crate) struct Me {
    username: String,
    groups: Vec<String>,
}

/// Who is signed in: the admin page's header, and a cheap check that a token works.
pub(crate) async fn me(StaffUser(staff): StaffUser) -> Json<Me> {
    let Staff { username, groups, .. } = staff;
    Json(Me { username, groups })
}

pub(crate) async fn create_service(
    State(admin): State<Admin>,
    StaffUser(staff): StaffUser,
    Json(input): Json<ServiceInput>,
) -> Result<(StatusCode, Json<Service>), AppError> {
    let service = new_service(&admin.store, &input, &staff).await?;
    Ok((StatusCode::CREATED, Json(service)))
}

/// Adds a service, from the JSON route or the services page.
pub(crate) async fn new_service(store: &Store, input: &ServiceInput, staff: &Staff) -> Result<Service, AppError> {
    let new = NewService::parse(input)?;
    let service = store.create_service(new).await.map_err(|err| match err {
        CreateServiceError::ParentMissing => {
            AppError::Invalid(vec![FieldError::new("parent_id", "There is no service with this id.")])
        }
        CreateServiceError::Store(err) => err.into(),
    })?;
    tracing::info!(service = %service.id, by = %staff.subject, "service created");
    Ok(service)
}

/// A service as staff see it: with its responders, whose emails are private to staff.
#[derive(Serialize)]
pub(crate) struct ServiceDetail {
    #[serde(flatten)]
    service: Service,
    responders: Vec<Responder>,
}

/// One Query: the service's partition holds it and its responders.
pub(crate) async fn get_service(
    State(admin): State<Admin>,
    _: StaffUser,
    Path(id): Path<String>,
) -> Result<Json<ServiceDetail>, AppError> {
    let (service, responders) = admin.store.service_with_responders(service_id(&id)?).await?.ok_or_else(no_service)?;
    Ok(Json(ServiceDetail { service, responders }))
}

/// Rename, describe, move or archive. A move reads the tree first, to refuse a parent that
/// does not exist or that would close a loop.
pub(crate) async fn update_service(
    State(admin): State<Admin>,
    StaffUser(staff): StaffUser,
    Path(id): Path<String>,
    Json(input): Json<ServicePatchInput>,
) -> Result<Json<Service>, AppError> {
    let id = service_id(&id)?;
    let patch = ServicePatch::parse(&input)?;
    if let Some(Some(parent)) = patch.parent_id {
        let services = admin.store.list_services().await?;
        if !services.iter().any(|s| s.id == id) {
            return Err(no_service());
        }
        service::check_move(&services, id, parent)
            .map_err(|message| AppError::Invalid(vec![FieldError::new("parent_id", message)]))?;
    }
    let service = admin.store.update_service(id, &patch).await?.ok_or_else(no_service)?;
    tracing::info!(service = %id, by = %staff.subject, archived = service.archived, "service changed");
    Ok(Json(service))
}

pub(crate) async fn add_responder(
    State(admin): State<Admin>,
    StaffUser(staff): StaffUser,
    Path(id): Path<String>,
    Json(input): Json<ResponderInput>,
) -> Result<(StatusCode, Json<Responder>), AppError> {
    let responder = new_responder(&admin.store, service_id(&id)?, &input, &staff).await?;
    Ok((StatusCode::CREATED, Json(responder)))
}

/// Adds a responder to a service, from the JSON route or the service's page.
pub(crate) async fn new_responder(
    store: &Store,
    id: ServiceId,
    input: &ResponderInput,
    staff: &Staff,
) -> Result<Responder, AppError> {
    let new = NewResponder::parse(input)?;
    let (_, responders) = store.service_with_responders(id).await?.ok_or_else(no_service)?;
    if responders.iter().any(|r| r.email == new.email) {
        return Err(AppError::Conflict("This service already has a responder with this email address.".into()));
    }
    let responder = new.into_responder(ResponderId::generate(), id);
    store.put_responder(&responder).await?;
    tracing::info!(service = %id, responder = %responder.id, by = %staff.subject, "responder added");
    Ok(responder)
}

pub(crate) async fn remove_responder(
    State(admin): State<Admin>,
    StaffUser(staff): StaffUser,
    Path((id, responder_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    drop_responder(&admin.store, service_id(&id)?, &responder_id, &staff).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a responder, from the JSON route or the service's page.
pub(crate) async fn drop_responder(
    store: &Store,
    id: ServiceId,
    responder_id: &str,
    staff: &Staff,
) -> Result<(), AppError> {
    let missing = || AppError::NotFound("This service has no responder with this id.".into());
    let responder_id: ResponderId = responder_id.parse().map_err(|_| missing())?;
    if !store.delete_responder(id, responder_id).await? {
        return Err(missing());
    }
    tracing::info!(service = %id, responder = %responder_id, by = %staff.subject, "responder removed");
    Ok(())
}

/// A story a moderator types up from a paper leaflet or a phone call.
#[derive(Deserialize)]
pub(crate) struct EnteredStory {
    #[serde(flatten)]
    story: StoryInput,
    #[serde(default)]
    channel: String,
}

/// The same rules as the public form, with the channel the moderator names (leaflet or phone)
/// and the moderator in the audit trail. `Idempotency-Key` works as on `/api/stories`.
pub(crate) async fn enter_story(
    State(admin): State<Admin>,
    StaffUser(staff): StaffUser,
    headers: axum::http::HeaderMap,
    Json(entered): Json<EnteredStory>,
) -> Result<(StatusCode, Json<Submitted>), AppError> {
    let channel = match Channel::parse(&entered.channel) {
        Ok(channel @ (Channel::Leaflet | Channel::Phone)) => Ok(channel),
        _ => Err(FieldError::new("channel", "Choose leaflet or phone")),
    };
    let draft = StoryDraft::parse(&entered.story, None);
    let (channel, draft) = match (channel, draft) {
        (Ok(channel), Ok(draft)) => (channel, draft),
        (channel, draft) => {
            let mut errors = draft.err().map(|e| e.0).unwrap_or_default();
            errors.extend(channel.err());
            return Err(AppError::Invalid(errors));
        }
    };
    let key = tellcare::web::idempotency_key("admin", &headers)?;
    let arrival = Arrival { channel, link: None, tags: vec![] };
    let id = tell(&admin.store, draft, &entered.story, arrival, &staff.actor(), key, time::OffsetDateTime::now_utc())
        .await?;
    tracing::info!(story = %id, by = %staff.subject, channel = channel.code(), "story entered by staff");
    Ok((StatusCode::CREATED, Json(Submitted::new(id))))
}
