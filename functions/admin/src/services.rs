//! Services, their members and stories typed up by staff, over JSON. Admins manage every
//! service; a service admin theirs and those under them (each route checks, by the service it
//! touches).

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
use tellcare::domain::staff::ServiceRole;
use tellcare::domain::staff_change::ChangeBy;
use tellcare::domain::staff_change::ChangeEntry;
use tellcare::domain::story::{Arrival, Channel, StoryDraft, StoryInput};
use tellcare::domain::{FieldError, ResponderId, ServiceId};
use tellcare::store::Store;
use tellcare::web::{
    Json, SignedIn, StaffUser, check_manages, check_manages_any, managed_service, no_service, not_yours,
};

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
    SignedIn(staff): SignedIn,
    Json(input): Json<ServiceInput>,
) -> Result<(StatusCode, Json<Service>), AppError> {
    check_manages_any(&admin.store, &staff).await?;
    let service = new_service(&admin.store, NewService::parse(&input)?, &staff).await?;
    Ok((StatusCode::CREATED, Json(service)))
}

/// Adds a service, from the JSON route or the services page: at the top of the tree only an
/// admin; under a parent whoever manages the parent.
pub(crate) async fn new_service(store: &Store, new: NewService, staff: &Staff) -> Result<Service, AppError> {
    match new.parent_id {
        Some(parent) => {
            check_manages(store, staff, parent).await?;
        }
        None if staff.is_admin() => {}
        None => return Err(not_yours()),
    }
    let actor = staff.actor();
    let by = ChangeBy { actor: &actor, at: time::OffsetDateTime::now_utc() };
    let service = store.create_service(new, Some(by)).await?;
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
    SignedIn(staff): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<ServiceDetail>, AppError> {
    let id = managed_service(&admin.store, &staff, &id).await?;
    let (service, responders) = admin.store.service_with_responders(id).await?.ok_or_else(no_service)?;
    Ok(Json(ServiceDetail { service, responders }))
}

/// A member as the members route lists them.
#[derive(Serialize)]
pub(crate) struct Member {
    id: ResponderId,
    name: String,
    email: String,
    job_title: String,
    role: ServiceRole,
}

pub(crate) async fn list_members(
    State(admin): State<Admin>,
    SignedIn(staff): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<Member>>, AppError> {
    let id = managed_service(&admin.store, &staff, &id).await?;
    let (_, members) = admin.store.service_with_responders(id).await?.ok_or_else(no_service)?;
    let listed = members.into_iter().map(|m| Member {
        id: m.id,
        name: m.name,
        email: m.email.as_str().to_owned(),
        job_title: m.job_title,
        role: m.role,
    });
    Ok(Json(listed.collect()))
}

/// Who changed the service's staff, when, and the member before and after: newest first.
pub(crate) async fn staff_changes(
    State(admin): State<Admin>,
    SignedIn(staff): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<ChangeEntry>>, AppError> {
    let id = managed_service(&admin.store, &staff, &id).await?;
    Ok(Json(admin.store.staff_changes(id).await?))
}

/// Rename, describe, move or archive. A move reads the tree first, to refuse a parent that
/// does not exist or that would close a loop.
pub(crate) async fn update_service(
    State(admin): State<Admin>,
    SignedIn(staff): SignedIn,
    Path(id): Path<String>,
    Json(input): Json<ServicePatchInput>,
) -> Result<Json<Service>, AppError> {
    let id = managed_service(&admin.store, &staff, &id).await?;
    let patch = ServicePatch::parse(&input)?;
    check_move(&admin.store, &staff, &patch).await?;
    let actor = staff.actor();
    let service =
        services::change(&admin.store, id, &patch, ChangeBy { actor: &actor, at: time::OffsetDateTime::now_utc() })
            .await?;
    tracing::info!(service = %id, by = %staff.subject, archived = service.archived, "service changed");
    Ok(Json(service))
}

/// Moving a service (which its manager may change) takes managing where it goes too: the
/// top of the tree is the admins'.
pub(crate) async fn check_move(store: &Store, staff: &Staff, patch: &ServicePatch) -> Result<(), AppError> {
    match patch.parent_id {
        Some(Some(parent)) => check_manages(store, staff, parent).await,
        Some(None) if !staff.is_admin() => Err(not_yours()),
        _ => Ok(()),
    }
}

/// `POST …/members` (and `…/responders`, whose role is a responder's unless it says).
pub(crate) async fn add_responder(
    State(admin): State<Admin>,
    SignedIn(staff): SignedIn,
    Path(id): Path<String>,
    Json(input): Json<ResponderInput>,
) -> Result<(StatusCode, Json<Responder>), AppError> {
    let id = managed_service(&admin.store, &staff, &id).await?;
    let new = NewResponder::parse(&input)?;
    let member = new_member(&admin, id, new, &staff).await?;
    Ok((StatusCode::CREATED, Json(member)))
}

/// Adds a member to a service, from the JSON route or the service's page; the caller has
/// checked that `staff` manages it. The invitation goes from the notifier.
pub(crate) async fn new_member(
    admin: &Admin,
    id: ServiceId,
    new: NewResponder,
    staff: &Staff,
) -> Result<Responder, ServiceError> {
    let now = time::OffsetDateTime::now_utc();
    let member = services::add_member(&admin.store, &admin.accounts, id, new, &staff.actor(), now).await?;
    tracing::info!(service = %id, member = %member.id, role = member.role.code(), by = %staff.subject, "member added");
    Ok(member)
}

pub(crate) async fn remove_responder(
    State(admin): State<Admin>,
    SignedIn(staff): SignedIn,
    Path((id, responder_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let id = managed_service(&admin.store, &staff, &id).await?;
    drop_member(&admin.store, id, &responder_id, &staff).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a member, from the JSON route or the service's page; the caller has checked that
/// `staff` manages the service.
pub(crate) async fn drop_member(store: &Store, id: ServiceId, member: &str, staff: &Staff) -> Result<(), AppError> {
    let member: ResponderId = member.parse().map_err(|_| ServiceError::NoResponder)?;
    services::remove_member(store, id, member, &staff.actor(), time::OffsetDateTime::now_utc()).await?;
    tracing::info!(service = %id, member = %member, by = %staff.subject, "member removed");
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
