//! `/api/opinions`: published stories as JSON, newest first, paged with `skip` and `take`,
//! filtered by service and by date, as Care Opinion's API v2 serves them.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use tellcare::AppError;
use tellcare::domain::{FieldErrors, StoryId};
use tellcare::web::Json;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, Time};

use crate::{Opinion, PublicSite, no_story, story_id};

pub const TAKE_DEFAULT: usize = 20;
pub const TAKE_MAX: usize = 100;
/// How far a client may page: past it, a date filter is the way.
pub const SKIP_MAX: usize = 10_000;

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct OpinionQuery {
    service_id: Option<String>,
    skip: Option<String>,
    take: Option<String>,
    /// Published on or after: a date (`2026-11-01`) or a time (RFC 3339).
    from: Option<String>,
    /// Published on or before: a date (the whole day) or a time.
    to: Option<String>,
}

struct Filter {
    service: Option<tellcare::domain::ServiceId>,
    skip: usize,
    take: usize,
    from: Option<OffsetDateTime>,
    to: Option<OffsetDateTime>,
}

fn number(
    raw: Option<&str>,
    default: usize,
    range: std::ops::RangeInclusive<usize>,
    what: &str,
) -> Result<usize, String> {
    match raw.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(default),
        Some(raw) => raw
            .parse()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| format!("{what} is a whole number from {} to {}", range.start(), range.end())),
    }
}

/// A date is its day's start (`from`) or end (`to`).
fn moment(raw: Option<&str>, end_of_day: bool) -> Result<Option<OffsetDateTime>, String> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else { return Ok(None) };
    if let Ok(at) = OffsetDateTime::parse(raw, &Rfc3339) {
        return Ok(Some(at));
    }
    let date = Date::parse(raw, format_description!("[year]-[month]-[day]"))
        .map_err(|_| "Give a date like 2026-11-01, or a time like 2026-11-01T09:00:00Z".to_owned())?;
    let time = if end_of_day { Time::MAX } else { Time::MIDNIGHT };
    Ok(Some(date.with_time(time).assume_utc()))
}

impl OpinionQuery {
    fn parse(&self) -> Result<Filter, FieldErrors> {
        let mut errors = FieldErrors::default();
        let service =
            self.service_id.as_deref().filter(|s| !s.trim().is_empty()).map(|raw| {
                errors.check("service_id", raw.trim().parse().map_err(|_| "No service has this id".to_owned()))
            });
        let skip = errors.check("skip", number(self.skip.as_deref(), 0, 0..=SKIP_MAX, "skip"));
        let take = errors.check("take", number(self.take.as_deref(), TAKE_DEFAULT, 1..=TAKE_MAX, "take"));
        let from = errors.check("from", moment(self.from.as_deref(), false));
        let to = errors.check("to", moment(self.to.as_deref(), true));
        errors.into_result(|| Filter {
            service: service.flatten(),
            skip: skip.unwrap_or_default(),
            take: take.unwrap_or(TAKE_DEFAULT),
            from: from.flatten(),
            to: to.flatten(),
        })
    }
}

/// Published stories, newest first: one Query of an index for the page (gsi1, or the
/// service's gsi2), then one Query per story for its answers, run together.
pub async fn list(
    State(site): State<PublicSite>,
    query: Result<Query<OpinionQuery>, QueryRejection>,
) -> Result<Json<Vec<Opinion>>, AppError> {
    let Query(query) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let filter = query.parse()?;
    let ids: Vec<StoryId> = match filter.service {
        Some(service) => {
            let listings =
                site.store.service_listings(service, filter.skip, filter.take, filter.from, filter.to).await?;
            listings.into_iter().map(|(id, _)| id).collect()
        }
        None => {
            let stories = site.store.published_stories(filter.skip, filter.take, filter.from, filter.to).await?;
            stories.into_iter().map(|s| s.id).collect()
        }
    };
    let records = futures::future::try_join_all(ids.iter().map(|id| site.store.public_story(*id))).await?;
    // A story withdrawn between the two reads is left out.
    Ok(Json(records.into_iter().flatten().map(Opinion::of).collect()))
}

/// One published story with its answers: one Query.
pub async fn one(State(site): State<PublicSite>, Path(id): Path<String>) -> Result<Json<Opinion>, AppError> {
    let record = site.store.public_story(story_id(&id)?).await?.ok_or_else(no_story)?;
    Ok(Json(Opinion::of(record)))
}
