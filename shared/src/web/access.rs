//! Who may manage which service, checked for each request against the memberships and the
//! service tree as they are now.

use crate::AppError;
use crate::app::staff::access_of;
use crate::auth::Staff;
use crate::domain::ServiceId;
use crate::domain::staff::Access;
use crate::store::Store;

/// The access of the signed-in account: no read for an admin, one Query of its memberships
/// otherwise.
pub async fn access(store: &Store, staff: &Staff) -> Result<Access, AppError> {
    Ok(access_of(store, staff.platform_role(), staff.verified_email().as_ref()).await?)
}

/// Refuses (403) unless `staff` manages `service`: an admin, or a service admin of it or of a
/// service above it. An admin costs no read; anyone else one Query of their memberships and,
/// when they manage some service, one of the tree.
pub async fn check_manages(store: &Store, staff: &Staff, service: ServiceId) -> Result<(), AppError> {
    let access = access(store, staff).await?;
    if access.is_admin() {
        return Ok(());
    }
    if !access.manages_any() {
        return Err(not_yours());
    }
    let tree = store.list_services().await?;
    if access.may_manage(service, &tree) { Ok(()) } else { Err(not_yours()) }
}

/// Refuses (403) unless `staff` manages some service: asked before a form is read, so that
/// who may not manage anything is told so, not what their form lacks.
pub async fn check_manages_any(store: &Store, staff: &Staff) -> Result<(), AppError> {
    if access(store, staff).await?.manages_any() { Ok(()) } else { Err(not_yours()) }
}

/// The service a path names (404 when it cannot be one), once `staff` may manage it.
pub async fn managed_service(store: &Store, staff: &Staff, raw_id: &str) -> Result<ServiceId, AppError> {
    let id = super::service_id(raw_id)?;
    check_manages(store, staff, id).await?;
    Ok(id)
}

/// Why someone may not manage a service.
pub fn not_yours() -> AppError {
    AppError::Forbidden(
        "You do not manage this service: Tellcare's admins and the service's own admins do. Moderators moderate."
            .into(),
    )
}
