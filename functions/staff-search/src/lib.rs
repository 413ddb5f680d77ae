//! Staff search, a function of its own so that neither the public search function nor the
//! admin function holds the staff index or links the search engine.
//!
//! Within each person's reach: moderators and admins search every story in every status (its
//! title, text and answers, moderators' notes, and the text as its author wrote it while it is
//! undecided) in the staff index; a service's staff search their services' published stories
//! (and those of the services under them) in the public index. Anyone else signed in is
//! refused.

use std::sync::Arc;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRef, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tellcare::auth::{JwtVerifier, Staff};
use tellcare::domain::story::StoryStatus;
use tellcare::domain::{FieldError, Message, ServiceId, StoryId, message_for};
use tellcare::signin::HostedUi;
use tellcare::store::Store;
use tellcare::web::{self, AdminNav, Json, PageError, Route, SessionCookie, SignedIn, get, no_store, render};
use tellcare::{AppError, aws::AwsClients, config::Config};
use tellcare_search::asked::{Asked, SearchParams, next_page};
use tellcare_search::{IndexBucket, Shelf, StoryHit, StoryQuery};
use time::OffsetDateTime;

/// Stories a page of results shows.
const PER_PAGE: usize = 20;

#[derive(Clone)]
pub struct StaffSearch {
    /// The memberships of a service's staff, which bound what they search.
    store: Store,
    verifier: Arc<JwtVerifier>,
    /// Where the pages' sign-out form leads on to, for their content security policy.
    hosted_ui_origin: String,
    /// The indexes, each fetched on its first search and kept on this function's disk: the
    /// public one (a service's staff) and the staff one (moderators).
    public: Arc<Shelf>,
    staff: Arc<Shelf>,
}

impl StaffSearch {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        let dir = |name: &str| std::env::temp_dir().join(format!("tellcare-{name}-{}", ulid::Ulid::generate()));
        let bucket = &config.assets_bucket;
        StaffSearch {
            store: Store::new(aws.dynamodb.clone(), &config.table_name, &config.private_table_name),
            verifier: Arc::new(JwtVerifier::new(config.jwt.clone())),
            hosted_ui_origin: HostedUi::new(config).origin(),
            public: Arc::new(Shelf::new(IndexBucket::new(aws.s3.get().clone(), bucket), dir("staff-search-public"))),
            staff: Arc::new(Shelf::new(IndexBucket::staff(aws.s3.get().clone(), bucket), dir("staff-search-staff"))),
        }
    }
}

impl FromRef<StaffSearch> for Arc<JwtVerifier> {
    fn from_ref(search: &StaffSearch) -> Self {
        search.verifier.clone()
    }
}

pub fn routes() -> Vec<Route<StaffSearch>> {
    vec![get("/admin/search", search_page).bilingual(), get("/admin/api/search", search_json)]
}

pub fn app(state: StaffSearch) -> axum::Router {
    // The header's sign-out form goes on to the hosted UI.
    let policy = web::policy_header(&[&state.hosted_ui_origin]);
    web::router_with_policy(routes(), policy, state)
}

/// What a person may search, and how.
enum Reach {
    /// Every story in every status (moderators and admins): the staff index.
    Everything,
    /// The published stories of these services and those under them: the public index.
    Services(Vec<ServiceId>),
}

async fn reach_of(search: &StaffSearch, staff: &Staff) -> Result<Reach, AppError> {
    if staff.may_moderate() {
        return Ok(Reach::Everything);
    }
    let members = match staff.verified_email() {
        Some(email) => search.store.memberships_of(&email).await?,
        None => vec![],
    };
    if members.is_empty() {
        return Err(AppError::Forbidden(tellcare::t("search-staff-none")));
    }
    Ok(Reach::Services(members.iter().map(|m| m.service_id).collect()))
}

/// One page of a staff search, and the next page's cursor.
async fn find(search: &StaffSearch, reach: &Reach, asked: &Asked) -> Result<(Vec<StoryHit>, Option<String>), AppError> {
    let (shelf, query) = match reach {
        Reach::Everything => (&search.staff, asked.query(PER_PAGE)),
        // The public index holds only what is published: a status asks nothing of it.
        Reach::Services(services) => {
            (&search.public, StoryQuery { reach: Some(services.clone()), status: None, ..asked.query(PER_PAGE) })
        }
    };
    let index = shelf.index().await?;
    let found = index.stories(&query).map_err(AppError::internal)?;
    Ok((found.hits.clone(), asked.next_cursor(&found)))
}

#[derive(Serialize)]
struct StaffHit {
    id: StoryId,
    title: String,
    /// Its status now (the public index's are all published).
    status: StoryStatus,
    excerpt: String,
    #[serde(with = "time::serde::rfc3339")]
    dated: OffsetDateTime,
}

#[derive(Serialize)]
struct StaffResults {
    stories: Vec<StaffHit>,
    next_cursor: Option<String>,
}

/// `GET /admin/api/search`: the same as the page, as JSON, for a bearer token.
async fn search_json(
    State(search): State<StaffSearch>,
    SignedIn(staff): SignedIn,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let reach = reach_of(&search, &staff).await?;
    let asked = query.parse()?;
    let (hits, next_cursor) = find(&search, &reach, &asked).await?;
    let stories = hits
        .into_iter()
        .map(|h| StaffHit {
            id: h.id,
            title: h.title,
            status: h.status.unwrap_or(StoryStatus::Published),
            excerpt: h.excerpt.text,
            dated: h.published_at,
        })
        .collect();
    Ok(no_store(Json(StaffResults { stories, next_cursor }).into_response()))
}

#[derive(Template)]
#[template(path = "admin/search.html")]
struct StaffSearchPage<'a> {
    nav: AdminNav,
    params: &'a SearchParams,
    errors: Vec<FieldError>,
    /// Whether they search every status (moderators), or their services' published stories.
    everything: bool,
    searched: bool,
    stories: Vec<StoryHit>,
    more: Option<String>,
    statuses: &'static [StoryStatus],
}

impl StaffSearchPage<'_> {
    fn error(&self, field: &str) -> Option<&Message> {
        message_for(&self.errors, field)
    }

    fn typed<'s>(&self, value: &'s Option<String>) -> &'s str {
        value.as_deref().unwrap_or_default()
    }

    /// Where a result opens: the moderators' editor, or the staff's own page of the story.
    fn opens(&self, story: &StoryHit) -> String {
        match self.everything {
            true => format!("/admin/stories/{}", story.id),
            false => format!("/staff/stories/{}", story.id),
        }
    }
}

/// `GET /admin/search`: the staff's search page, for anyone signed in with something to search.
async fn search_page(
    State(search): State<StaffSearch>,
    session: SessionCookie,
    RawQuery(raw): RawQuery,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(params) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let reach = reach_of(&search, &session.staff).await?;
    let mut page = StaffSearchPage {
        nav: session.nav(),
        params: &params,
        errors: vec![],
        everything: matches!(reach, Reach::Everything),
        searched: false,
        stories: vec![],
        more: None,
        statuses: StoryStatus::ALL,
    };
    if params.words().is_empty() && params.cursor.is_none() {
        return Ok(no_store(render(&page)?.into_response()));
    }
    let asked = match params.parse() {
        Ok(asked) => asked,
        Err(errors) => {
            page.errors = errors.0;
            return Ok(no_store((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response()));
        }
    };
    let (stories, next_cursor) = find(&search, &reach, &asked).await?;
    page.searched = true;
    page.stories = stories;
    page.more = next_cursor.map(|cursor| next_page("/admin/search", raw.as_deref().unwrap_or(""), &cursor));
    Ok(no_store(render(&page)?.into_response()))
}
