//! The admin side: moderators and admins, signed in through the Cognito user pool.

use std::sync::Arc;

use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use serde::Serialize;
use tellcare::auth::{JwtVerifier, Staff};
use tellcare::domain::FieldError;
use tellcare::domain::service::{NewService, Service, ServiceInput};
use tellcare::store::{CreateServiceError, Store};
use tellcare::web::{self, Json, Route, StaffUser, get, post};
use tellcare::{AppError, aws::AwsClients, config::Config};

#[derive(Clone)]
pub struct Admin {
    store: Store,
    verifier: Arc<JwtVerifier>,
}

impl Admin {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        Self {
            store: Store::new(aws.dynamodb.clone(), &config.table_name),
            verifier: Arc::new(JwtVerifier::new(config.jwt.clone())),
        }
    }
}

impl FromRef<Admin> for Arc<JwtVerifier> {
    fn from_ref(admin: &Admin) -> Self {
        admin.verifier.clone()
    }
}

pub fn routes() -> Vec<Route<Admin>> {
    vec![get("/admin/api/me", me), post("/admin/api/services", create_service)]
}

pub fn app(state: Admin) -> axum::Router {
    web::router(routes()).with_state(state)
}

#[derive(Serialize)]
struct Me {
    username: String,
    groups: Vec<String>,
}

/// Who is signed in: the admin page's header, and a cheap check that a token works.
async fn me(StaffUser(staff): StaffUser) -> Json<Me> {
    let Staff { username, groups, .. } = staff;
    Json(Me { username, groups })
}

async fn create_service(
    State(admin): State<Admin>,
    StaffUser(staff): StaffUser,
    Json(input): Json<ServiceInput>,
) -> Result<(StatusCode, Json<Service>), AppError> {
    let new = NewService::parse(&input)?;
    let service = admin.store.create_service(new).await.map_err(|err| match err {
        CreateServiceError::ParentMissing => {
            AppError::Invalid(vec![FieldError::new("parent_id", "There is no service with this id.")])
        }
        CreateServiceError::Store(err) => err.into(),
    })?;
    tracing::info!(service = %service.id, by = %staff.subject, "service created");
    Ok((StatusCode::CREATED, Json(service)))
}
