//! Managing invitation links: made under a free address for a service that takes stories
//! (one write of the store's, through the [`Links`] port, with its entry in the service's
//! trail), switched on and off, changed, deleted (each recorded with what it was before).
//! Refusals are [`LinkError`]s.

use time::OffsetDateTime;

use super::ports::{Links, StaffTrail};
use crate::domain::link::{Link, LinkPatch, LinkState};
use crate::domain::staff_change::{ChangeBy, StaffChange, link_differences};
use crate::store::StoreError;

/// Changes a link (`before`, as just read), and records who did.
pub async fn change(
    store: &(impl Links + StaffTrail),
    before: Link,
    patch: &LinkPatch,
    by: ChangeBy<'_>,
) -> Result<Link, LinkError> {
    let after = store.update_link(&before.slug, patch).await?;
    if !link_differences(&before, &after).is_empty() {
        store.record_change(&by.entry(StaffChange::LinkChanged { before, after: after.clone() })).await?;
    }
    Ok(after)
}

/// Deletes a link; deleting it again changes (and records) nothing.
pub async fn delete(
    store: &(impl Links + StaffTrail),
    before: Link,
    now: OffsetDateTime,
    by: ChangeBy<'_>,
) -> Result<Link, LinkError> {
    let after = store.delete_link(&before.slug, now).await?;
    if before.state() != LinkState::Deleted {
        store.record_change(&by.entry(StaffChange::LinkChanged { before, after: after.clone() })).await?;
    }
    Ok(after)
}

/// Each says, in words a person reads, what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// The address an admin chose is another link's.
    #[error("This address is taken by another link; choose another.")]
    SlugTaken,
    #[error("No service has this id.")]
    NoService,
    #[error("This service is archived and takes no new stories; restore it first.")]
    ServiceArchived,
    #[error("No invitation link has this address.")]
    Missing,
    #[error("This invitation link was deleted; make a new one.")]
    Deleted,
    #[error(transparent)]
    Store(#[from] StoreError),
}
