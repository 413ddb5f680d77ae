//! `/api/opinions`: published stories as JSON, newest first, paged with `take` and a cursor
//! (the `Link: <…>; rel="next"` header gives the next page), filtered by service and by date,
//! as Care Opinion's API v2 serves them. `skip` still works for the first 100.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tellcare::AppError;
use tellcare::domain::{FieldErrors, StoryId};
use tellcare::store::{Cursor, FeedEntry, Window};
use tellcare::web::{Json, cacheable, params};

use crate::{Opinion, PublicSite, no_story, story_id};

pub const TAKE_DEFAULT: usize = 20;
pub const TAKE_MAX: usize = 100;
/// How far `skip` goes: past it, the cursor is the way (an offset reads all it skips).
pub const SKIP_MAX: usize = 100;

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct OpinionQuery {
    service_id: Option<String>,
    skip: Option<String>,
    take: Option<String>,
    /// Where the last page ended, from its `Link` header.
    cursor: Option<String>,
    /// Published on or after: a date (`2026-11-01`) or a time (RFC 3339).
    from: Option<String>,
    /// Published on or before: a date (the whole day) or a time.
    to: Option<String>,
}

struct Filter {
    service: Option<tellcare::domain::ServiceId>,
    window: Window,
}

impl OpinionQuery {
    fn parse(&self) -> Result<Filter, FieldErrors> {
        let mut errors = FieldErrors::default();
        let service = errors.check("service_id", params::optional_service(self.service_id.as_deref()));
        let skip = errors.check("skip", params::whole_number(self.skip.as_deref(), 0, 0..=SKIP_MAX, "skip"));
        let take = errors.check("take", params::whole_number(self.take.as_deref(), TAKE_DEFAULT, 1..=TAKE_MAX, "take"));
        let from = errors.check("from", params::moment(self.from.as_deref(), false));
        let to = errors.check("to", params::moment(self.to.as_deref(), true));
        let after = self.cursor.as_deref().filter(|c| !c.trim().is_empty()).map(|raw| {
            errors
                .check("cursor", Cursor::parse(raw).ok_or_else(|| "Use the cursor of a page's Link header".to_owned()))
        });
        errors.into_result(|| Filter {
            service: service.flatten(),
            window: Window {
                skip: skip.unwrap_or_default(),
                take: take.unwrap_or(TAKE_DEFAULT),
                after: after.flatten(),
                from: from.flatten(),
                to: to.flatten(),
            },
        })
    }
}

/// Published stories, newest first: one Query of an index for the page (gsi1, or the
/// service's gsi2), then one BatchGetItem of their site feed entries, which carry the answers
/// and replies. A story whose entry the indexer has not yet written is read whole (a Query).
pub async fn list(
    State(site): State<PublicSite>,
    RawQuery(raw): RawQuery,
    query: Result<Query<OpinionQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let filter = query.parse()?;
    let (ids, next): (Vec<StoryId>, _) = match filter.service {
        Some(service) => {
            let listed = site.store.service_listings(service, filter.window).await?;
            (listed.items.into_iter().map(|(id, _)| id).collect(), listed.next)
        }
        None => {
            let listed = site.store.published_stories(filter.window).await?;
            (listed.items.into_iter().map(|s| s.id()).collect(), listed.next)
        }
    };
    let mut entries = site.store.site_entries(&ids).await?;
    let unlisted: Vec<StoryId> = ids.iter().filter(|id| !entries.iter().any(|e| e.story_id == **id)).copied().collect();
    let records = futures::future::try_join_all(unlisted.iter().map(|id| site.store.public_story(*id))).await?;
    entries.extend(records.iter().flatten().filter_map(FeedEntry::of));
    // In the listing's order; a story withdrawn between the reads is left out.
    let opinions: Vec<Opinion> = ids
        .iter()
        .filter_map(|id| entries.iter().position(|e| e.story_id == *id).map(|at| entries.swap_remove(at)))
        .map(Opinion::from)
        .collect();
    let mut response = Json(opinions).into_response();
    if let Some(next) = next {
        let link = format!("<{}>; rel=\"next\"", next_page(raw.as_deref().unwrap_or(""), &next));
        response.headers_mut().insert(header::LINK, HeaderValue::from_str(&link).map_err(AppError::internal)?);
    }
    Ok(cacheable(response))
}

/// The same query from the cursor on (and with no `skip`: the cursor is past it).
fn next_page(raw: &str, next: &Cursor) -> String {
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(raw.as_bytes())
        .filter(|(k, _)| k != "cursor" && k != "skip")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.push(("cursor".into(), next.encoded()));
    let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    format!("/api/opinions?{query}")
}

/// One published story with its answers: one Query.
pub async fn one(State(site): State<PublicSite>, Path(id): Path<String>) -> Result<Response, AppError> {
    let record = site.store.public_story(story_id(&id)?).await?;
    let opinion = record.as_ref().and_then(Opinion::of).ok_or_else(no_story)?;
    Ok(cacheable(Json(opinion).into_response()))
}
