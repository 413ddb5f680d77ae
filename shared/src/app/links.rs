//! Managing invitation links: made under a free address for a service that takes stories,
//! switched on and off, changed, deleted. Each is one write of the store's, through the
//! [`Links`](super::ports::Links) port, refused with a [`LinkError`].

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
