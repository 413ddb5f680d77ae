//! Atom feeds (RFC 4287) of published stories with their answers: the site's, and each
//! service's with every service under it. Each is one Query of the entries the indexer keeps,
//! and may be cached for five minutes.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tellcare::AppError;
use tellcare::store::{FeedEntry, FeedScope};
use tellcare::web;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::PublicSite;

/// Entries a feed carries: the newest.
pub const ENTRIES: usize = 20;

#[derive(Template)]
#[template(path = "feed.xml")]
pub struct AtomFeed<'a> {
    pub title: String,
    /// Its own address: also its id.
    pub self_url: String,
    /// The page it follows.
    pub page_url: String,
    pub base: &'a str,
    pub updated: OffsetDateTime,
    pub entries: &'a [FeedEntry],
}

impl AtomFeed<'_> {
    /// An RFC 3339 time, as Atom writes them.
    pub fn atom_time(&self, at: &OffsetDateTime) -> String {
        at.format(&Rfc3339).unwrap_or_default()
    }

    /// A text's paragraphs, one a line, for XHTML content.
    pub fn paragraphs<'t>(&self, text: &'t str) -> Vec<&'t str> {
        text.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
    }

    /// The start of a text, for an entry's summary.
    pub fn summary(&self, text: &str) -> String {
        crate::pages::summary(text)
    }
}

fn atom(feed: &AtomFeed<'_>) -> Result<Response, AppError> {
    let xml = feed.render().map_err(AppError::internal)?;
    let mut response = xml.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    Ok(response)
}

/// When the feed last changed: its newest entry's update, or now for a feed with none.
fn updated(entries: &[FeedEntry]) -> OffsetDateTime {
    entries.iter().map(|e| e.updated_at).max().unwrap_or_else(OffsetDateTime::now_utc)
}

/// `GET /feed.atom`: the site's newest published stories.
pub async fn site_feed(State(site): State<PublicSite>) -> Result<Response, AppError> {
    let feed = site.store.feed(FeedScope::Site, ENTRIES).await?;
    let base = &*site.public_base_url;
    atom(&AtomFeed {
        title: tellcare::t("feed-site-title"),
        self_url: format!("{base}/feed.atom"),
        page_url: format!("{base}/"),
        base,
        updated: updated(&feed.entries),
        entries: &feed.entries,
    })
}

/// `GET /services/{id}/feed.atom`: a service's newest published stories, and those of every
/// service under it. One Query; a feed with no entries yet also reads the service, to name it
/// (or to say there is no such service).
pub async fn service_feed(State(site): State<PublicSite>, Path(id): Path<String>) -> Result<Response, AppError> {
    let id = web::service_id(&id)?;
    let feed = site.store.feed(FeedScope::Service(id), ENTRIES).await?;
    let name = match feed.name {
        Some(name) => name,
        None => site.store.get_service(id).await?.ok_or_else(web::no_service)?.name,
    };
    let base = &*site.public_base_url;
    atom(&AtomFeed {
        title: tellcare::ta("feed-service-title", "service", &name),
        self_url: format!("{base}/services/{id}/feed.atom"),
        page_url: format!("{base}/services/{id}"),
        base,
        updated: updated(&feed.entries),
        entries: &feed.entries,
    })
}
