//! The thanks page, which shows a story's reference once: it travels in a cookie, never in
//! the address.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use tellcare::domain::StoryId;
use tellcare::domain::link::Slug;
use tellcare::web::{self, PageError};

use crate::Intake;
use crate::pages::ThanksPage;

/// The cookie that carries a story's reference to the thanks page, once. Not the address: on a
/// shared tablet the browser's history would show the last person's reference to the next.
const REFERENCE_COOKIE: &str = "tellcare_reference";

/// On to the thanks page, the reference in a cookie it reads once.
pub(crate) fn thanked(intake: &Intake, thanks: &str, id: StoryId) -> Response {
    let mut response = Redirect::to(thanks).into_response();
    response.headers_mut().insert(header::SET_COOKIE, reference_cookie(intake, &id.to_string(), 600));
    response
}

fn reference_cookie(intake: &Intake, value: &str, max_age: u32) -> HeaderValue {
    web::set_cookie(REFERENCE_COOKIE, value, "/tell", "Strict", max_age, intake.secure_cookies)
}

pub(crate) async fn link_thanks(
    State(intake): State<Intake>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let link = match Slug::parse(&slug) {
        Ok(slug) => intake.store.get_link(&slug).await?,
        Err(_) => None,
    };
    let service = match &link {
        Some(link) => intake.store.get_service(link.service_id).await?,
        None => None,
    };
    let survey_url = link.as_ref().and_then(|l| l.survey_url.as_deref());
    thanks(&intake, &headers, service.as_ref().map(|s| s.name.as_str()), survey_url)
}

pub(crate) async fn general_thanks(State(intake): State<Intake>, headers: HeaderMap) -> Result<Response, PageError> {
    thanks(&intake, &headers, None, None)
}

/// The thanks page shows the reference the first time, then forgets it: never cached, and the
/// cookie cleared.
fn thanks(
    intake: &Intake,
    headers: &HeaderMap,
    service_name: Option<&str>,
    survey_url: Option<&str>,
) -> Result<Response, PageError> {
    let reference = web::cookie_in(headers, REFERENCE_COOKIE).and_then(|v| v.parse::<StoryId>().ok());
    let reference = reference.map(|id| id.to_string());
    let page = ThanksPage { reference: reference.as_deref(), service_name, survey_url };
    let mut response = web::no_store(web::render(&page)?.into_response());
    if reference.is_some() {
        response.headers_mut().insert(header::SET_COOKIE, reference_cookie(intake, "", 0));
    }
    Ok(response)
}
