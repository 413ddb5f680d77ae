//! Story intake: the pages a person reaches from a poster's QR code, and where they tell
//! their story.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tellcare::domain::StoryId;
use tellcare::domain::link::{LinkState, Slug};
use tellcare::domain::story::{Arrival, Channel, StoryDraft, StoryInput, StoryStatus, Username};
use tellcare::store::Store;
use tellcare::submit::{IdempotencyKey, submit};
use tellcare::web::{
    self, ClientAddress, GoneReason, Json, LinkGonePage, PageError, RateLimiter, Route, TellLinkPage, get, post,
};
use tellcare::{AppError, aws::AwsClients, config::Config};

/// Stories a client may send in each window: generous, since a whole waiting room can share
/// one address, yet it stops a script.
const STORIES_PER_WINDOW: u64 = 30;
const WINDOW_SECS: i64 = 600;

#[derive(Clone)]
pub struct Intake {
    store: Store,
    limiter: RateLimiter,
}

impl Intake {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        let store = Store::new(aws.dynamodb.clone(), &config.table_name);
        let limiter = RateLimiter::new(store.clone(), "stories", STORIES_PER_WINDOW, WINDOW_SECS);
        Self { store, limiter }
    }
}

pub fn routes() -> Vec<Route<Intake>> {
    vec![
        get("/tell/{slug}", tell_through_link),
        post("/api/stories", submit_json),
        get("/api/usernames/suggestion", suggest_username),
    ]
}

#[derive(Serialize)]
struct Submitted {
    id: StoryId,
    status: StoryStatus,
}

/// A story from a client or a staff tool: the form's rules, in JSON. An `Idempotency-Key`
/// makes a retry answer with the first story instead of making a second.
async fn submit_json(
    State(intake): State<Intake>,
    client: ClientAddress,
    headers: HeaderMap,
    Json(input): Json<StoryInput>,
) -> Result<(StatusCode, Json<Submitted>), AppError> {
    intake.limiter.check(&client).await?;
    let key = match headers.get("idempotency-key") {
        Some(value) => Some(IdempotencyKey::parse("api", value.to_str().unwrap_or_default())?),
        None => None,
    };
    let draft = StoryDraft::parse(&input, None)?;
    let arrival =
        Arrival { channel: Channel::for_public_route(Channel::Web, draft.author_role), link: None, tags: vec![] };
    let id = submit(&intake.store, draft, &input, arrival, "author", key).await?;
    Ok((StatusCode::CREATED, Json(Submitted { id, status: StoryStatus::AwaitingModeration })))
}

#[derive(Serialize)]
struct Suggestion {
    username: Username,
}

async fn suggest_username() -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], Json(Suggestion { username: Username::generate() }))
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
