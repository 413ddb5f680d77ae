//! Staff search, within each person's reach: moderators and admins search every story in every
//! status (its title, text and answers, moderators' notes, and the text as its author wrote it
//! while it is undecided) in the staff index; a service's staff search their services'
//! published stories (and those of the services under them) in the public index. Anyone else
//! signed in is refused.

use std::sync::Arc;

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tellcare::AppError;
use tellcare::auth::Staff;
use tellcare::aws::AwsClients;
use tellcare::domain::story::StoryStatus;
use tellcare::domain::{FieldError, Message, StoryId, message_for};
use tellcare::web::{Json, PageError, SignedIn, no_store, render};
use tellcare_search::asked::{Asked, SearchParams, next_page};
use tellcare_search::{IndexBucket, Shelf, StoryHit, StoryQuery};
use time::OffsetDateTime;

use crate::Admin;
use crate::dashboard::Member;
use crate::pages::AdminNav;
use crate::session::StaffSession;

/// Stories a page of results shows.
const PER_PAGE: usize = 20;

#[derive(Clone)]
pub(crate) struct Indexes {
    public: Arc<Shelf>,
    staff: Arc<Shelf>,
}

impl Indexes {
    pub fn new(aws: &AwsClients, bucket: &str) -> Self {
        let dir = |name: &str| std::env::temp_dir().join(format!("tellcare-{name}-{}", ulid::Ulid::generate()));
        Indexes {
            public: Arc::new(Shelf::new(IndexBucket::new(aws.s3.clone(), bucket), dir("admin-search"))),
            staff: Arc::new(Shelf::new(IndexBucket::staff(aws.s3.clone(), bucket), dir("admin-staff-search"))),
        }
    }
}

/// What a person may search, and how.
enum Reach {
    /// Every story in every status (moderators and admins): the staff index.
    Everything,
    /// The published stories of these services and those under them: the public index.
    Services(Vec<tellcare::domain::ServiceId>),
}

async fn reach_of(admin: &Admin, staff: &Staff) -> Result<Reach, AppError> {
    if staff.may_moderate() {
        return Ok(Reach::Everything);
    }
    let member = Member::of(admin, staff).await?;
    let services: Vec<_> = member.members.iter().map(|m| m.service_id).collect();
    if services.is_empty() {
        return Err(AppError::Forbidden(tellcare::t("search-staff-none")));
    }
    Ok(Reach::Services(services))
}

/// One page of a staff search, and the next page's cursor.
async fn find(admin: &Admin, reach: &Reach, asked: &Asked) -> Result<(Vec<StoryHit>, Option<String>), AppError> {
    let (shelf, query) = match reach {
        Reach::Everything => (&admin.indexes.staff, asked.query(PER_PAGE)),
        // The public index holds only what is published: a status asks nothing of it.
        Reach::Services(services) => {
            (&admin.indexes.public, StoryQuery { reach: Some(services.clone()), status: None, ..asked.query(PER_PAGE) })
        }
    };
    let index = shelf.index().await?;
    let found = index.stories(&query).map_err(AppError::internal)?;
    Ok((found.hits.clone(), asked.next_cursor(&found)))
}

#[derive(Serialize)]
pub(crate) struct StaffHit {
    id: StoryId,
    title: String,
    /// Its status now (the public index's are all published).
    status: StoryStatus,
    excerpt: String,
    #[serde(with = "time::serde::rfc3339")]
    dated: OffsetDateTime,
}

#[derive(Serialize)]
pub(crate) struct StaffResults {
    stories: Vec<StaffHit>,
    next_cursor: Option<String>,
}

/// `GET /admin/api/search`: the same as the page, as JSON, for a bearer token.
pub(crate) async fn search_json(
    State(admin): State<Admin>,
    SignedIn(staff): SignedIn,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(query) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let reach = reach_of(&admin, &staff).await?;
    let asked = query.parse()?;
    let (hits, next_cursor) = find(&admin, &reach, &asked).await?;
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
pub(crate) struct StaffSearchPage<'a> {
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
pub(crate) async fn search_page(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    RawQuery(raw): RawQuery,
    query: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let Query(params) = query.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let reach = reach_of(&admin, &session.staff).await?;
    let mut page = StaffSearchPage {
        nav: session.nav(),
        params: &params,
        errors: vec![],
        everything: matches!(reach, Reach::Everything),
        searched: false,
        stories: vec![],
        more: None,
        statuses: crate::queue_page::TABS,
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
    let (stories, next_cursor) = find(&admin, &reach, &asked).await?;
    page.searched = true;
    page.stories = stories;
    page.more = next_cursor.map(|cursor| next_page("/admin/search", raw.as_deref().unwrap_or(""), &cursor));
    Ok(no_store(render(&page)?.into_response()))
}
