//! `GET /search`: the search page. It works without JavaScript: a form that sends itself, and
//! a page of results with a link to the next. A search the page cannot run comes back with
//! what was typed and a message beside each problem.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tellcare::AppError;
use tellcare::domain::{FieldError, Message, message_for};
use tellcare::web::{self, PageError, cacheable, params};
use tellcare_search::{ServiceHit, StoryHit};

use crate::{Search, SearchParams, find, next_page};

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage<'a> {
    /// What was typed, as typed.
    pub params: &'a SearchParams,
    pub errors: Vec<FieldError>,
    /// Whether a search was run (and so whether to say "nothing found").
    pub searched: bool,
    /// The service the search is within, by name.
    pub within: Option<ServiceHit>,
    pub services: Vec<ServiceHit>,
    pub stories: Vec<StoryHit>,
    /// The address of the next page of stories.
    pub more: Option<String>,
    /// Whether this is a later page than the first.
    pub later: bool,
}

impl SearchPage<'_> {
    pub fn error(&self, field: &str) -> Option<&Message> {
        message_for(&self.errors, field)
    }

    pub fn words(&self) -> &str {
        self.params.words()
    }

    pub fn typed<'s>(&self, value: &'s Option<String>) -> &'s str {
        value.as_deref().unwrap_or_default()
    }

    /// A service's place in the tree: "Riverside Partnership › Community Services".
    pub fn place(&self, service: &ServiceHit) -> String {
        service.place.join(" › ")
    }
}

pub async fn search_page(
    State(search): State<Search>,
    RawQuery(raw): RawQuery,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(params) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    // The public search has no statuses: everything in its index is published.
    let params = SearchParams { status: None, ..params };
    let mut page = SearchPage {
        params: &params,
        errors: vec![],
        searched: false,
        within: None,
        services: vec![],
        stories: vec![],
        more: None,
        later: false,
    };
    // Opened with nothing asked (or only the service to search within): the form alone.
    let asked_anything = [&params.q, &params.from, &params.to, &params.cursor]
        .iter()
        .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()));
    if !asked_anything && let Ok(within) = params::optional_service(params.service_id.as_deref()) {
        if let Some(service) = within {
            page.within = search.index().await?.service(service).map_err(AppError::internal)?;
        }
        return Ok(cacheable(web::render(&page)?.into_response()));
    }
    let asked = match params.parse() {
        Ok(asked) => asked,
        Err(errors) => {
            page.errors = errors.0;
            return Ok(web::no_store((StatusCode::UNPROCESSABLE_ENTITY, web::render(&page)?).into_response()));
        }
    };
    let found = find(&search, &asked).await?;
    page.within = found.within;
    page.searched = true;
    page.later = asked.offset > 0;
    page.services = found.services;
    page.stories = found.stories;
    page.more = found.next_cursor.map(|cursor| next_page("/search", raw.as_deref().unwrap_or(""), &cursor));
    Ok(cacheable(web::render(&page)?.into_response()))
}
