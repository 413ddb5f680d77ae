//! Demo data for the local stack: a small tree of services.

use serde::Serialize;
use tellcare::domain::ServiceId;
use tellcare::domain::service::NewService;
use tellcare::store::{CreateServiceError, Store};

#[derive(Clone, Debug, Default, Serialize)]
pub struct SeedIds {
    pub partnership: Option<ServiceId>,
    pub community_services: Option<ServiceId>,
    pub projects: Vec<ServiceId>,
}

pub async fn seed(store: &Store) -> Result<SeedIds, CreateServiceError> {
    let add = |name: &str, parent: Option<ServiceId>, description: &str| {
        let new = NewService { name: name.into(), parent_id: parent, description: Some(description.into()) };
        async move { store.create_service(new).await.map(|s| s.id) }
    };
    let partnership =
        add("Riverside Health and Care Partnership", None, "Health and social care for Riverside.").await?;
    let community = add("Community Services", Some(partnership), "Projects run with and for local people.").await?;
    let mut projects = Vec::new();
    for (name, description) in [
        ("Carers' Cafe", "A weekly drop-in for unpaid carers."),
        ("Walking for Health", "Free, friendly group walks of about an hour."),
        ("Hospital at Home", "Hospital-level care in your own home."),
    ] {
        projects.push(add(name, Some(community), description).await?);
    }
    Ok(SeedIds { partnership: Some(partnership), community_services: Some(community), projects })
}
