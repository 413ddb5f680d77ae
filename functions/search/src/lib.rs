//! Search: services by name and published stories (with their answers) by their words, for
//! anyone, from the index the indexer keeps in the bucket (a copy on this function's disk,
//! brought up to date every few seconds). What is not published is never in that index.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use tellcare::domain::{FieldErrors, Message, ServiceId, StoryId};
use tellcare::web::{self, Json, Route, get, params};
use tellcare::{AppError, aws::AwsClients, config::Config};
use tellcare_search::{IndexBucket, SearchError, SearchIndex, ServiceHit, Shelf, StoryHit, StoryQuery};
use time::OffsetDateTime;

mod page;

/// Stories a page of results shows.
pub const PER_PAGE: usize = 10;
/// Services shown above the stories, on the first page.
pub const SERVICES_SHOWN: usize = 8;
/// How deep results go by cursor: past it, fewer words narrow the search better than paging.
pub const DEEPEST: usize = 500;
/// The longest search, in characters.
pub const WORDS_MAX: usize = 200;

#[derive(Clone)]
pub struct Search {
    shelf: Arc<Shelf>,
}

impl Search {
    /// Its copy of the index lives in its own folder of the temporary directory (Lambda's
    /// `/tmp`), fetched on the first search and kept between invocations.
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        let dir = std::env::temp_dir().join(format!("tellcare-search-{}", ulid::Ulid::generate()));
        Self { shelf: Arc::new(Shelf::new(IndexBucket::new(aws.s3.clone(), &config.assets_bucket), dir)) }
    }

    async fn index(&self) -> Result<Arc<SearchIndex>, AppError> {
        self.shelf.index().await.map_err(unavailable)
    }
}

fn unavailable(err: SearchError) -> AppError {
    match err {
        SearchError::Bucket(detail) => {
            tracing::warn!(error = %detail, "the search index could not be read");
            AppError::Unavailable
        }
        other => AppError::internal(other),
    }
}

pub fn routes() -> Vec<Route<Search>> {
    vec![get("/search", page::search_page).bilingual(), get("/api/search", api)]
}

pub fn app(state: Search) -> axum::Router {
    web::router(routes()).with_state(state)
}

/// What the address asks, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchParams {
    pub q: Option<String>,
    pub service_id: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub cursor: Option<String>,
}

/// A search that can be run.
#[derive(Clone, Debug)]
pub struct Asked {
    pub words: String,
    pub within: Option<ServiceId>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
    pub offset: usize,
}

impl SearchParams {
    pub fn words(&self) -> &str {
        self.q.as_deref().map(str::trim).unwrap_or_default()
    }

    pub fn parse(&self) -> Result<Asked, FieldErrors> {
        let mut errors = FieldErrors::default();
        let words = self.words();
        if words.is_empty() {
            errors.check::<(), _>("q", Err(Message::new("search-missing")));
        } else if words.chars().count() > WORDS_MAX {
            errors.check::<(), _>("q", Err(Message::new("search-too-long").with("max", WORDS_MAX)));
        }
        let within = errors.check("service_id", params::optional_service(self.service_id.as_deref()));
        let from = errors.check("from", params::moment(self.from.as_deref(), false));
        let to = errors.check("to", params::moment(self.to.as_deref(), true));
        let offset = match self.cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => Some(0),
            Some(raw) => errors.check("cursor", Cursor::parse(raw).map(|c| c.0).ok_or(Message::new("search-cursor"))),
        };
        errors.into_result(|| Asked {
            words: words.to_owned(),
            within: within.flatten(),
            from: from.flatten(),
            to: to.flatten(),
            offset: offset.unwrap_or_default(),
        })
    }
}

/// Where the next page of results starts: an offset, opaque to clients.
struct Cursor(usize);

impl Cursor {
    fn parse(raw: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
        let offset: usize = std::str::from_utf8(&bytes).ok()?.strip_prefix("o")?.parse().ok()?;
        (offset <= DEEPEST).then_some(Cursor(offset))
    }

    fn encoded(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("o{}", self.0))
    }
}

/// One page of results.
pub struct Found {
    pub services: Vec<ServiceHit>,
    pub stories: Vec<StoryHit>,
    pub next_cursor: Option<String>,
}

/// Runs a search: services on the first page only, stories a page at a time.
pub async fn find(search: &Search, asked: &Asked) -> Result<Found, AppError> {
    let index = search.index().await?;
    let services = match asked.offset {
        0 => index.services(&asked.words, asked.within, SERVICES_SHOWN).map_err(AppError::internal)?,
        _ => vec![],
    };
    let query = StoryQuery {
        words: asked.words.clone(),
        within: asked.within,
        from: asked.from,
        to: asked.to,
        offset: asked.offset,
        limit: PER_PAGE,
    };
    let stories = index.stories(&query).map_err(AppError::internal)?;
    let next = asked.offset + PER_PAGE;
    let next_cursor = (stories.more && next <= DEEPEST).then(|| Cursor(next).encoded());
    Ok(Found { services, stories: stories.hits, next_cursor })
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

/// Public search results may be cached briefly, as the public pages are.
pub fn cacheable(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
    response
}

/// The same search with the next page's cursor.
pub fn next_page(path: &str, raw: &str, cursor: &str) -> String {
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(raw.as_bytes())
        .filter(|(k, _)| k != "cursor")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.push(("cursor".into(), cursor.to_owned()));
    format!("{path}?{}", url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish())
}

/// `GET /api/search`: services and published stories that have the words.
async fn api(
    State(search): State<Search>,
    RawQuery(raw): RawQuery,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let asked = query.parse()?;
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
