//! Story intake: the pages a person reaches from a poster's QR code, and where they tell
//! their story.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tellcare::domain::link::{LinkState, Slug};
use tellcare::store::Store;
use tellcare::web::{self, GoneReason, LinkGonePage, PageError, Route, TellLinkPage, get};
use tellcare::{AppError, aws::AwsClients, config::Config};

#[derive(Clone)]
pub struct Intake {
    store: Store,
}

impl Intake {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        Self { store: Store::new(aws.dynamodb.clone(), &config.table_name) }
    }
}

pub fn routes() -> Vec<Route<Intake>> {
    vec![get("/tell/{slug}", tell_through_link)]
}

pub fn app(state: Intake) -> axum::Router {
    web::router(routes()).with_state(state)
}

fn unknown_link() -> PageError {
    PageError(AppError::NotFound(
        "No invitation link has this address. Check it against the poster, or tell your story about any service at /tell."
            .into(),
    ))
}

/// The page a poster's QR code opens. Every opening is counted (in the same request that
/// reads the link); a link that takes no stories answers 410 with where else to go.
async fn tell_through_link(State(intake): State<Intake>, Path(slug): Path<String>) -> Result<Response, PageError> {
    let slug = Slug::parse(&slug).map_err(|_| unknown_link())?;
    let link = intake.store.record_open(&slug).await?.ok_or_else(unknown_link)?;
    let service = intake.store.get_service(link.service_id).await?;
    let reason = match (link.state(), &service) {
        (LinkState::Open, Some(service)) if !service.archived => {
            return Ok(web::render(&TellLinkPage { service, link: &link })?.into_response());
        }
        (LinkState::Open, None) => return Err(AppError::internal("an open link's service is missing").into()),
        (LinkState::Open, Some(_)) => GoneReason::ServiceArchived,
        (LinkState::Disabled, _) => GoneReason::Disabled,
        (LinkState::Deleted, _) => GoneReason::Deleted,
    };
    let page = web::render(&LinkGonePage { service: service.as_ref(), reason })?;
    Ok((StatusCode::GONE, page).into_response())
}
