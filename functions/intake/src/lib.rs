//! Story intake: the pages where a person tells their story (reached from a poster's QR code,
//! or chosen from the services), and the JSON route that takes the same story from clients.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;
use tellcare::app::tell::{Submitted, tell};
use tellcare::domain::moderation::Actor;
use tellcare::domain::story::{Arrival, Channel, StoryDraft, StoryInput, Username};
use tellcare::store::Store;
use tellcare::web::{self, ClientAddress, Json, RateLimiter, Route, get, post};

mod form;
mod pages;
mod thanks;
use tellcare::{AppError, aws::AwsClients, config::Config};

/// Stories a client may send in each window: generous, since a whole waiting room can share
/// one address, yet it stops a script.
const STORIES_PER_WINDOW: u64 = 30;
const WINDOW_SECS: i64 = 600;

#[derive(Clone)]
pub struct Intake {
    store: Store,
    limiter: RateLimiter,
    /// Cookies say `Secure` wherever the site is served over HTTPS (everywhere but locally).
    secure_cookies: bool,
}

impl Intake {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        let store = Store::new(aws.dynamodb.clone(), &config.table_name, &config.private_table_name);
        let limiter = RateLimiter::new(store.clone(), "stories", STORIES_PER_WINDOW, WINDOW_SECS);
        Self { store, limiter, secure_cookies: config.public_base_url.starts_with("https://") }
    }
}

pub fn routes() -> Vec<Route<Intake>> {
    vec![
        get("/tell", form::general_form).bilingual(),
        post("/tell", form::send_general).bilingual(),
        get("/tell/thanks", thanks::general_thanks).bilingual(),
        get("/tell/{slug}", form::link_form).bilingual(),
        post("/tell/{slug}", form::send_through_link).bilingual(),
        get("/tell/{slug}/thanks", thanks::link_thanks).bilingual(),
        post("/api/stories", submit_json),
        get("/api/usernames/suggestion", suggest_username),
    ]
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
    let key = web::idempotency_key("api", &headers)?;
    let draft = StoryDraft::parse(&input, None)?;
    let arrival =
        Arrival { channel: Channel::for_public_route(Channel::Web, draft.author_role), link: None, tags: vec![] };
    let id =
        tell(&intake.store, draft, &input, arrival, &Actor::author(), key, time::OffsetDateTime::now_utc()).await?;
    Ok((StatusCode::CREATED, Json(Submitted::new(id))))
}

#[derive(Serialize)]
struct Suggestion {
    username: Username,
}

async fn suggest_username() -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], Json(Suggestion { username: Username::generate() }))
}

pub fn app(state: Intake) -> axum::Router {
    web::router(routes(), state)
}
