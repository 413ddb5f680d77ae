//! Search: services by name and published stories (with their answers) by their words, for
//! anyone, from the index the indexer keeps in the bucket (a copy on this function's disk,
//! brought up to date every few seconds). What is not published is never in that index.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tellcare::domain::{ServiceId, StoryId};
use tellcare::web::{self, Json, Route, cacheable, get};
use tellcare::{AppError, config::Config};
pub use tellcare_search::asked::{Asked, SearchParams, next_page};
use tellcare_search::{IndexBucket, SearchIndex, ServiceHit, Shelf, StoryHit, StoryQuery};
use time::OffsetDateTime;

mod page;

/// Stories a page of results shows.
pub const PER_PAGE: usize = 10;
/// Services shown above the stories, on the first page.
pub const SERVICES_SHOWN: usize = 8;

#[derive(Clone)]
pub struct Search {
    shelf: Arc<Shelf>,
}

impl Search {
    /// Its copy of the index lives in its own folder of the temporary directory (Lambda's
    /// `/tmp`), fetched on the first search and kept between invocations.
    pub fn new(config: &Config, s3: &aws_sdk_s3::Client) -> Self {
        let dir = std::env::temp_dir().join(format!("tellcare-search-{}", ulid::Ulid::generate()));
        Self { shelf: Arc::new(Shelf::new(IndexBucket::new(s3.clone(), &config.assets_bucket), dir)) }
    }

    async fn index(&self) -> Result<Arc<SearchIndex>, AppError> {
        Ok(self.shelf.index().await?)
    }
}

pub fn routes() -> Vec<Route<Search>> {
    vec![get("/search", page::search_page).bilingual(), get("/api/search", api)]
}

pub fn app(state: Search) -> axum::Router {
    web::router(routes(), state)
}

/// One page of results.
pub struct Found {
    /// The service the search is within, as the index names it.
    pub within: Option<ServiceHit>,
    pub services: Vec<ServiceHit>,
    pub stories: Vec<StoryHit>,
    pub next_cursor: Option<String>,
}

/// Runs a search: services on the first page only, stories a page at a time.
pub async fn find(search: &Search, asked: &Asked) -> Result<Found, AppError> {
    let index = search.index().await?;
    let within = asked.within.map(|id| index.service(id)).transpose()?.flatten();
    let services = match asked.offset {
        0 => index.services(&asked.words, asked.within, SERVICES_SHOWN).map_err(AppError::internal)?,
        _ => vec![],
    };
    // Published stories only: the public index holds nothing else, and no status is asked.
    let query = StoryQuery { status: None, ..asked.query(PER_PAGE) };
    let stories = index.stories(&query).map_err(AppError::internal)?;
    Ok(Found { within, services, next_cursor: asked.next_cursor(&stories), stories: stories.hits })
}

#[derive(Serialize)]
struct ApiAnswer {
    services: Vec<ApiService>,
    stories: Vec<ApiStory>,
    next_cursor: Option<String>,
}

#[derive(Serialize)]
struct ApiService {
    id: ServiceId,
    name: String,
    parent_id: Option<ServiceId>,
    /// The names of the services above it, outermost first.
    place: Vec<String>,
}

#[derive(Serialize)]
struct ApiStory {
    id: StoryId,
    title: String,
    /// The part of the story (or of an answer) where the words are.
    excerpt: String,
    /// Where the words asked for are in the excerpt, as character offsets.
    highlights: Vec<[usize; 2]>,
    #[serde(with = "time::serde::rfc3339")]
    published_at: OffsetDateTime,
}

/// Character offsets of byte ranges, for clients that count characters.
fn char_ranges(text: &str, ranges: &[std::ops::Range<usize>]) -> Vec<[usize; 2]> {
    let at = |byte: usize| text[..byte.min(text.len())].chars().count();
    ranges.iter().map(|r| [at(r.start), at(r.end)]).collect()
}

/// `GET /api/search`: services and published stories that have the words.
async fn api(
    State(search): State<Search>,
    RawQuery(raw): RawQuery,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    // The public search has no statuses: everything in its index is published.
    let asked = SearchParams { status: None, ..query }.parse()?;
    let found = find(&search, &asked).await?;
    let answer = ApiAnswer {
        services: found
            .services
            .into_iter()
            .map(|s| ApiService { id: s.id, name: s.name, parent_id: s.parent_id, place: s.place })
            .collect(),
        stories: found
            .stories
            .into_iter()
            .map(|s| ApiStory {
                id: s.id,
                title: s.title,
                highlights: char_ranges(&s.excerpt.text, &s.excerpt.marks),
                excerpt: s.excerpt.text,
                published_at: s.published_at,
            })
            .collect(),
        next_cursor: found.next_cursor.clone(),
    };
    let mut response = Json(answer).into_response();
    if let Some(cursor) = &found.next_cursor {
        let link = format!("<{}>; rel=\"next\"", next_page("/api/search", raw.as_deref().unwrap_or(""), cursor));
        response.headers_mut().insert(header::LINK, HeaderValue::from_str(&link).map_err(AppError::internal)?);
    }
    Ok(cacheable(response))
}
