//! Managing invitation links: made under a free address for a service that takes stories,
//! switched on and off, changed, deleted. The callers log who did it.

use time::OffsetDateTime;

use super::ports::Links;
use crate::domain::ServiceId;
use crate::domain::link::{Link, LinkPatch, NewLink, Slug};
use crate::store::StoreError;

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

pub async fn create(
    store: &impl Links,
    new: NewLink,
    service: ServiceId,
    now: OffsetDateTime,
) -> Result<Link, LinkError> {
    store.create_link(new, service, now).await
}

pub async fn change(store: &impl Links, slug: &Slug, patch: &LinkPatch) -> Result<Link, LinkError> {
    store.update_link(slug, patch).await
}

pub async fn delete(store: &impl Links, slug: &Slug, now: OffsetDateTime) -> Result<Link, LinkError> {
    store.delete_link(slug, now).await
}
