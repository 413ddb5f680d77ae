//! Services, responders and stories typed up by staff, over JSON.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tellcare::AppError;
use tellcare::app::ports::Services;
use tellcare::app::services::{self, ServiceError};
use tellcare::app::tell::{Submitted, tell};
use tellcare::auth::Staff;
use tellcare::domain::responder::{NewResponder, Responder, ResponderInput};
use tellcare::domain::service::{NewService, Service, ServiceInput, ServicePatch, ServicePatchInput};
use tellcare::domain::story::{Arrival, Channel, StoryDraft, StoryInput};
use tellcare::domain::{FieldError, ResponderId, ServiceId};
use tellcare::store::Store;
use tellcare::web::{Json, PlatformAdmin, StaffUser, no_service, service_id};

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
    PlatformAdmin(staff): PlatformAdmin,
    Json(input): Json<ServiceInput>,
) -> Result<(StatusCode, Json<Service>), AppError> {
    let service = new_service(&admin.store, NewService::parse(&input)?, &staff).await?;
    Ok((StatusCode::CREATED, Json(service)))
}

/// Adds a service, from the JSON route or the services page.
pub(crate) async fn new_service(store: &Store, new: NewService, staff: &Staff) -> Result<Service, ServiceError> {
    let service = store.create_service(new).await?;
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
    _: PlatformAdmin,
    Path(id): Path<String>,
) -> Result<Json<ServiceDetail>, AppError> {
    let (service, responders) = admin.store.service_with_responders(service_id(&id)?).await?.ok_or_else(no_service)?;
    Ok(Json(ServiceDetail { service, responders }))
}

/// Rename, describe, move or archive. A move reads the tree first, to refuse a parent that
/// does not exist or that would close a loop.
pub(crate) async fn update_service(
    State(admin): State<Admin>,
    PlatformAdmin(staff): PlatformAdmin,
    Path(id): Path<String>,
    Json(input): Json<ServicePatchInput>,
) -> Result<Json<Service>, AppError> {
    let id = service_id(&id)?;
    let service = services::change(&admin.store, id, &ServicePatch::parse(&input)?).await?;
    tracing::info!(service = %id, by = %staff.subject, archived = service.archived, "service changed");
    Ok(Json(service))
}

pub(crate) async fn add_responder(
    State(admin): State<Admin>,
    PlatformAdmin(staff): PlatformAdmin,
    Path(id): Path<String>,
    Json(input): Json<ResponderInput>,
) -> Result<(StatusCode, Json<Responder>), AppError> {
    let new = NewResponder::parse(&input)?;
    let responder = new_responder(&admin.store, service_id(&id)?, new, &staff).await?;
    Ok((StatusCode::CREATED, Json(responder)))
}

/// Adds a responder to a service, from the JSON route or the service's page.
pub(crate) async fn new_responder(
    store: &Store,
    id: ServiceId,
    new: NewResponder,
    staff: &Staff,
) -> Result<Responder, ServiceError> {
    let responder = services::add_responder(store, id, new).await?;
    tracing::info!(service = %id, responder = %responder.id, by = %staff.subject, "responder added");
    Ok(responder)
}

pub(crate) async fn remove_responder(
    State(admin): State<Admin>,
    PlatformAdmin(staff): PlatformAdmin,
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
    let responder_id: ResponderId = responder_id.parse().map_err(|_| ServiceError::NoResponder)?;
    services::remove_responder(store, id, responder_id).await?;
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
