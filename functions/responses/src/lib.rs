//! The pages behind emailed links: a responder's `/respond/{token}` (read the story, answer it
//! in public, change or delete the answer for 30 minutes) and an author's `/my-story/{token}`
//! (the status, the answers, a reply for the moderators, withdrawing). The token is the only
//! key: unknown is 404, expired 410, and neither says anything about any story. A form that
//! fails comes back as typed.

use std::sync::Arc;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tellcare::app::staff::responder_covering;
use tellcare::app::tell::IdempotencyKey;
use tellcare::domain::ServiceId;
use tellcare::domain::record::StoryRecord;
use tellcare::domain::responder::Responder;
use tellcare::domain::story::StoryStatus;
use tellcare::domain::token::{Grant, LinkToken, Purpose};
use tellcare::store::Store;
use tellcare::web::{self, PageError, Route, get, post};
use tellcare::{AppError, aws::AwsClients, config::Config};
use time::OffsetDateTime;

mod my_story;
mod renew;
mod respond;

/// What a link's page answers instead: an error page, or the expired link's own page.
pub enum LinkError {
    Page(PageError),
    Expired(Response),
}

impl<E: Into<PageError>> From<E> for LinkError {
    fn from(err: E) -> Self {
        LinkError::Page(err.into())
    }
}

impl IntoResponse for LinkError {
    fn into_response(self) -> Response {
        match self {
            LinkError::Page(err) => err.into_response(),
            LinkError::Expired(page) => page,
        }
    }
}

/// The time, injected so a test can move it (the 30 minutes to change an answer).
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

#[derive(Clone)]
pub struct Responses {
    store: Store,
    clock: Clock,
}

impl Responses {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        Self::with_clock(config, aws, Arc::new(OffsetDateTime::now_utc))
    }

    pub fn with_clock(config: &Config, aws: &AwsClients, clock: Clock) -> Self {
        Self { store: Store::new(aws.dynamodb.clone(), &config.table_name, &config.private_table_name), clock }
    }

    /// The grant of a token for `purpose`, and its story: 1 GetItem and 1 Query. An expired
    /// link is answered with a page that offers a new one.
    async fn open(&self, raw: &str, purpose: Purpose) -> Result<(Grant, StoryRecord), LinkError> {
        let grant = self.fresh_grant(raw, purpose).await?;
        let record = self.store.story_record(grant.story_id).await?.ok_or_else(unknown_link)?;
        Ok((grant, record))
    }

    /// The grant of a token for `purpose` that has not expired; an expired one is answered
    /// with the page that offers a new link.
    async fn fresh_grant(&self, raw: &str, purpose: Purpose) -> Result<Grant, LinkError> {
        let (_, grant) = self.grant(raw, purpose).await?;
        if grant.expired((self.clock)()) {
            return Err(LinkError::Expired(expired_page(purpose, raw)?));
        }
        Ok(grant)
    }

    /// A responder's link, while it still leads to the story: the story is published and
    /// tagged to the service, and the responder still belongs to it or to a service above it.
    /// Otherwise one 410 page for every reason, with nothing of the story. 1 GetItem, then 2
    /// Queries at once (and one more per service above, for a responder of one).
    async fn open_to_answer(&self, raw: &str) -> Result<Answering, LinkError> {
        let grant = self.fresh_grant(raw, Purpose::Respond).await?;
        let closed = || LinkError::from(AppError::Gone(tellcare::t("link-closed-to-answers")));
        let (Some(responder_id), Some(service_id)) = (grant.responder_id, grant.service_id) else {
            return Err(closed());
        };
        let (record, responder) = tokio::try_join!(
            self.store.story_record(grant.story_id),
            responder_covering(&self.store, service_id, responder_id)
        )?;
        let record = record.ok_or_else(unknown_link)?;
        let tagged = record.services.iter().any(|(id, _)| *id == service_id);
        if record.story.status() != StoryStatus::Published || !tagged {
            return Err(closed());
        }
        let responder = responder.ok_or_else(closed)?;
        Ok(Answering { grant, record, responder, service_id })
    }

    /// A token and what it grants, whether or not it has expired.
    async fn grant(&self, raw: &str, purpose: Purpose) -> Result<(LinkToken, Grant), LinkError> {
        let token = LinkToken::parse(raw).ok_or_else(unknown_link)?;
        let grant = self.store.get_token(&token).await?.filter(|g| g.purpose == purpose).ok_or_else(unknown_link)?;
        Ok((token, grant))
    }
}

/// What a responder's link opens while it leads to the story.
struct Answering {
    grant: Grant,
    record: StoryRecord,
    responder: Responder,
    service_id: ServiceId,
}

fn unknown_link() -> AppError {
    AppError::NotFound(tellcare::t("link-not-ours"))
}

/// An emailed link past its time (410), with a button that emails a new one.
#[derive(Template)]
#[template(path = "link_expired.html")]
pub struct LinkExpiredPage<'a> {
    pub days: i64,
    /// Where the button posts: `/respond/{token}/renew` or `/my-story/{token}/renew`.
    pub renew: &'a str,
}

/// 410, with the button that asks for a new link.
fn expired_page(purpose: Purpose, token: &str) -> Result<Response, AppError> {
    let renew = format!("{}/{token}/renew", purpose.path());
    let page = LinkExpiredPage { days: purpose.lifetime().whole_days(), renew: &renew };
    Ok(web::no_store((StatusCode::GONE, web::render(&page)?).into_response()))
}

pub fn routes() -> Vec<Route<Responses>> {
    vec![
        get("/respond/{token}", respond::respond_page).bilingual(),
        post("/respond/{token}", respond::answer).bilingual(),
        post("/respond/{token}/responses/{response_id}", respond::change_answer).bilingual(),
        post("/respond/{token}/responses/{response_id}/delete", respond::delete_answer).bilingual(),
        get("/my-story/{token}", my_story::my_story_page).bilingual(),
        post("/my-story/{token}/reply", my_story::reply).bilingual(),
        post("/my-story/{token}/withdraw", my_story::withdraw).bilingual(),
        post("/my-story/{token}/forget", my_story::forget_email).bilingual(),
        post("/respond/{token}/renew", renew::renew_respond).bilingual(),
        post("/my-story/{token}/renew", renew::renew_my_story).bilingual(),
    ]
}

pub fn app(state: Responses) -> axum::Router {
    web::router(routes(), state)
}

/// 128 random bits, fresh for each form shown: a second send of it makes nothing.
fn new_form_token() -> String {
    tellcare::random::hex(16)
}

/// The form's one-time token as the store keeps it; a missing or tampered one guards nothing.
fn once(scope: &str, token: &str) -> Option<IdempotencyKey> {
    IdempotencyKey::parse(scope, token).ok()
}
