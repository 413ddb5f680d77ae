//! The public site: what anyone may read, with no sign-in.

use axum::extract::{Path, State};
use tellcare::domain::service::{self, ServiceNode};
use tellcare::store::Store;
use tellcare::web::{self, HomePage, Json, Page, Route, get};
use tellcare::{AppError, aws::AwsClients, config::Config};

#[derive(Clone)]
pub struct PublicSite {
    store: Store,
}

impl PublicSite {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        Self { store: Store::new(aws.dynamodb.clone(), &config.table_name) }
    }
}

pub fn routes() -> Vec<Route<PublicSite>> {
    vec![get("/", home), get("/api/services", list_services), get("/api/services/{id}", get_service)]
}

pub fn app(state: PublicSite) -> axum::Router {
    web::router(routes()).with_state(state)
}

async fn home(State(site): State<PublicSite>) -> Result<Page, AppError> {
    let services = service::forest(&site.store.list_services().await?);
    web::render(&HomePage::new(&services))
}

/// The whole tree of services: one Query.
async fn list_services(State(site): State<PublicSite>) -> Result<Json<Vec<ServiceNode>>, AppError> {
    Ok(Json(service::forest(&site.store.list_services().await?)))
}

/// One service with everything under it: the same single Query as the tree.
async fn get_service(State(site): State<PublicSite>, Path(id): Path<String>) -> Result<Json<ServiceNode>, AppError> {
    let id = web::service_id(&id)?;
    let services = site.store.list_services().await?;
    service::subtree(&services, id).map(Json).ok_or_else(web::no_service)
}
