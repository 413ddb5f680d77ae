//! The public site: what anyone may read, with no sign-in. Published stories with their
//! answers, services with their stories, and the same as JSON (modelled on Care Opinion's API
//! v2). Private fields (authors' emails and postcodes, criticality, moderators' notes) are
//! never read here: the views name every field they show.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tellcare::domain::record::StoryRecord;
use tellcare::domain::report::{Period, PublicRecord};
use tellcare::domain::response::Change;
use tellcare::domain::service;
use tellcare::domain::story::{AuthorRole, When};
use tellcare::domain::{FieldError, Language, ServiceId, StoryId};
use tellcare::store::{Cursor, FeedEntry, Store, Window};
use tellcare::web::{self, Json, PageError, Route, cacheable, get};
use tellcare::{AppError, aws::AwsClients, config::Config};
use time::OffsetDateTime;

mod feeds;
mod opinions;
mod pages;

use pages::{HomePage, PublicServicePage, PublicStoryPage, RecordView, TimelineEntry};

#[derive(Clone)]
pub struct PublicSite {
    store: Store,
    public_base_url: Arc<str>,
}

impl PublicSite {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        Self {
            store: Store::new(aws.dynamodb.clone(), &config.table_name, &config.private_table_name),
            public_base_url: config.public_base_url.as_str().into(),
        }
    }
}

pub fn routes() -> Vec<Route<PublicSite>> {
    vec![
        get("/", home).bilingual(),
        get("/api/services", list_services),
        get("/api/services/{id}", get_service),
        get("/api/opinions", opinions::list),
        get("/api/opinions/{id}", opinions::one),
        get("/stories/{id}", story_page).bilingual(),
        get("/services/{id}", service_page).bilingual(),
        get("/feed.atom", feeds::site_feed).bilingual(),
        get("/services/{id}/feed.atom", feeds::service_feed).bilingual(),
    ]
}

pub fn app(state: PublicSite) -> axum::Router {
    web::router(routes(), state)
}

/// Stories the home page shows, newest first.
const HOME_STORIES: usize = 5;

/// The home page: two Queries, together (the services, and the site feed's newest entries,
/// which carry their answers).
async fn home(State(site): State<PublicSite>) -> Result<Response, AppError> {
    let (services, latest) =
        tokio::try_join!(site.store.list_services(), site.store.feed(tellcare::store::FeedScope::Site, HOME_STORIES))?;
    let services = service::forest(&services);
    Ok(cacheable(web::render(&HomePage::new(&services, &latest.entries))?.into_response()))
}

/// The whole tree of services: one Query.
async fn list_services(State(site): State<PublicSite>) -> Result<Response, AppError> {
    Ok(cacheable(Json(service::forest(&site.store.list_services().await?)).into_response()))
}

/// One service with everything under it: the same single Query as the tree.
async fn get_service(State(site): State<PublicSite>, Path(id): Path<String>) -> Result<Response, AppError> {
    let id = web::service_id(&id)?;
    let services = site.store.list_services().await?;
    let node = service::subtree(&services, id).ok_or_else(web::no_service)?;
    Ok(cacheable(Json(node).into_response()))
}

/// A published story as the public sees it.
#[derive(Serialize)]
pub struct Opinion {
    pub id: StoryId,
    pub title: String,
    pub body: String,
    /// The language it was told in.
    pub language: Language,
    pub when: When,
    pub author_role: AuthorRole,
    pub username: String,
    pub services: Vec<ServiceRef>,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    pub responses: Vec<PublicResponse>,
    pub replies: Vec<PublicReply>,
}

#[derive(Serialize)]
pub struct ServiceRef {
    pub id: ServiceId,
    pub name: String,
}

#[derive(Serialize)]
pub struct PublicResponse {
    pub id: String,
    pub responder_name: String,
    pub job_title: String,
    pub service: ServiceRef,
    pub body: String,
    pub change: Change,
    /// The language it was written in.
    pub language: Language,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
}

#[derive(Serialize)]
pub struct PublicReply {
    pub id: String,
    pub body: String,
    pub language: Language,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
}

impl Opinion {
    /// The public part of a published story's record (its published replies only); none for a
    /// story that is not published.
    pub fn of(record: &StoryRecord) -> Option<Opinion> {
        FeedEntry::of(record).map(Opinion::from)
    }
}

/// The public view is the feed entry's: one shape, whether read from the entry or the story.
impl From<FeedEntry> for Opinion {
    fn from(entry: FeedEntry) -> Opinion {
        Opinion {
            id: entry.story_id,
            title: entry.title,
            body: entry.body,
            language: entry.language,
            when: entry.when,
            author_role: entry.author_role,
            username: entry.username,
            services: entry.services.into_iter().map(|s| ServiceRef { id: s.id, name: s.name }).collect(),
            published_at: entry.published_at,
            responses: entry
                .answers
                .into_iter()
                .map(|r| PublicResponse {
                    id: r.id.to_string(),
                    responder_name: r.responder_name,
                    job_title: r.job_title,
                    service: ServiceRef { id: r.service_id, name: r.service_name },
                    body: r.body,
                    change: r.change,
                    language: r.language,
                    published_at: r.published_at,
                })
                .collect(),
            replies: entry
                .replies
                .into_iter()
                .map(|r| PublicReply {
                    id: r.id.to_string(),
                    body: r.body,
                    language: r.language,
                    published_at: r.published_at,
                })
                .collect(),
        }
    }
}

fn story_id(raw: &str) -> Result<StoryId, AppError> {
    raw.parse().map_err(|_| no_story())
}

fn no_story() -> AppError {
    AppError::NotFound(tellcare::t("story-not-found"))
}

/// A published story with its answers and replies, newest last: one Query.
async fn story_page(State(site): State<PublicSite>, Path(id): Path<String>) -> Result<Response, PageError> {
    let record = site.store.public_story(story_id(&id)?).await?;
    let opinion = record.as_ref().and_then(Opinion::of).ok_or_else(no_story)?;
    let canonical = format!("{}/stories/{}", site.public_base_url, opinion.id);
    let page = PublicStoryPage {
        title: &opinion.title,
        body: &opinion.body,
        language: opinion.language,
        services: opinion.services.iter().map(|s| (s.id.to_string(), s.name.as_str())).collect(),
        role: opinion.author_role.label(),
        when: opinion.when.label(),
        username: &opinion.username,
        published_at: opinion.published_at,
        timeline: timeline(&opinion),
        canonical: &canonical,
    };
    Ok(cacheable(web::render(&page)?.into_response()))
}

/// Answers and replies in the order they came.
fn timeline(opinion: &Opinion) -> Vec<TimelineEntry<'_>> {
    let mut entries: Vec<TimelineEntry<'_>> = opinion
        .responses
        .iter()
        .map(|r| TimelineEntry {
            id: format!("response-{}", r.id),
            heading: format!("{}, {}, {}", r.responder_name, r.job_title, r.service.name),
            change: Some(r.change.label()),
            body: &r.body,
            language: r.language,
            at: r.published_at,
        })
        .chain(opinion.replies.iter().map(|r| TimelineEntry {
            id: format!("reply-{}", r.id),
            heading: tellcare::ta("story-replied", "username", &opinion.username),
            change: None,
            body: &r.body,
            language: r.language,
            at: r.published_at,
        }))
        .collect();
    entries.sort_by_key(|e| e.at);
    entries
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct PageQuery {
    page: Option<usize>,
    /// Where the page before ended: "Older stories" carries it.
    after: Option<String>,
}

const PER_PAGE: usize = 20;
/// The last page by number (old addresses): past it, "Older stories" goes on by cursor, which
/// reads only what it shows.
const LAST_PAGE: usize = 5;

/// A service, what is under it, and its published stories newest first, 20 a page: one Query
/// of the services (gsi1) and one of the service's stories (gsi2).
async fn service_page(
    State(site): State<PublicSite>,
    Path(id): Path<String>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(query) = query.map_err(|e| AppError::Invalid(vec![FieldError::new("page", e.body_text())]))?;
    let id = web::service_id(&id)?;
    let page_number = query.page.unwrap_or(1);
    if !(1..=LAST_PAGE).contains(&page_number) {
        let message = format!("Choose a page from 1 to {LAST_PAGE}, or follow \"Older stories\" from the last one.");
        return Err(AppError::Invalid(vec![FieldError::new("page", message)]).into());
    }
    let after = match query.after.as_deref().filter(|a| !a.is_empty()) {
        None => None,
        Some(raw) => Some(Cursor::parse(raw).ok_or_else(|| {
            AppError::Invalid(vec![FieldError::new("after", "Follow \"Older stories\" from the page before.")])
        })?),
    };
    let window = Window { skip: (page_number - 1) * PER_PAGE, take: PER_PAGE, after, ..Window::default() };
    let (services, listed) = tokio::try_join!(site.store.list_services(), site.store.service_listings(id, window))?;
    let node = service::subtree(&services, id).ok_or_else(web::no_service)?;
    let canonical = format!("{}/services/{id}", site.public_base_url);
    let later = page_number > 1 || query.after.is_some();
    // The first page says what the service and those under it did with their stories.
    let record = match later {
        true => None,
        false => {
            let year = Period::last_year(OffsetDateTime::now_utc());
            let cells = site.store.public_record_cells(&node.ids(), &year.months()).await?;
            Some(PublicRecord::of(&node, year, &cells))
        }
    };
    let page = PublicServicePage {
        node: &node,
        record: record.as_ref().map(RecordView::of),
        listings: listed.items.iter().map(|(id, l)| (id.to_string(), l)).collect(),
        later,
        older: listed.next.map(|c| c.encoded()),
        canonical: &canonical,
    };
    Ok(cacheable(web::render(&page)?.into_response()))
}
