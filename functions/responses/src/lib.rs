//! The pages behind emailed links: a responder's `/respond/{token}` and an author's
//! `/my-story/{token}`. The token is the only key: unknown is 404, expired 410, and neither
//! page says anything about the story to a link that does not open it.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tellcare::domain::token::{Grant, LinkToken, Purpose};
use tellcare::store::{Store, StoryRecord};
use tellcare::web::{self, MyStoryPage, PageError, RespondPage, Route, get};
use tellcare::{AppError, aws::AwsClients, config::Config};
use time::OffsetDateTime;

#[derive(Clone)]
pub struct Responses {
    store: Store,
}

impl Responses {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        Self { store: Store::new(aws.dynamodb.clone(), &config.table_name) }
    }

    /// The grant of a token for `purpose`, and its story: 1 GetItem and 1 Query.
    async fn open(&self, raw: &str, purpose: Purpose) -> Result<(Grant, StoryRecord), PageError> {
        let unknown = || AppError::NotFound("This link is not one we sent. Check it was copied whole.".into());
        let token = LinkToken::parse(raw).ok_or_else(unknown)?;
        let grant = self.store.get_token(&token).await?.filter(|g| g.purpose == purpose).ok_or_else(unknown)?;
        if grant.expired(OffsetDateTime::now_utc()) {
            return Err(AppError::Gone(
                match purpose {
                    Purpose::Respond => {
                        "This link has expired. Ask the moderators for a new one: they can send it again."
                    }
                    Purpose::Author => "This link has expired. Tell us your reference and we can send you a new one.",
                }
                .into(),
            )
            .into());
        }
        let record = self.store.story_record(grant.story_id).await?.ok_or_else(unknown)?;
        Ok((grant, record))
    }
}

pub fn routes() -> Vec<Route<Responses>> {
    vec![get("/respond/{token}", respond_page), get("/my-story/{token}", my_story_page)]
}

pub fn app(state: Responses) -> axum::Router {
    web::router(routes()).with_state(state)
}

/// The page is the holder's alone: never cached, never sent on as a referrer.
fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

async fn respond_page(State(responses): State<Responses>, Path(token): Path<String>) -> Result<Response, PageError> {
    let (grant, record) = responses.open(&token, Purpose::Respond).await?;
    let service = match grant.service_id {
        Some(id) => responses.store.get_service(id).await?,
        None => None,
    };
    let page = RespondPage { story: &record.story, service_name: service.as_ref().map(|s| s.name.as_str()) };
    Ok(private(web::render(&page)?.into_response()))
}

async fn my_story_page(State(responses): State<Responses>, Path(token): Path<String>) -> Result<Response, PageError> {
    let (_, record) = responses.open(&token, Purpose::Author).await?;
    let page = MyStoryPage { story: &record.story };
    Ok(private(web::render(&page)?.into_response()))
}
