//! Server-rendered pages: askama templates compiled into the binary (a template mistake fails
//! the build, not a request), all on one layout.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::AppError;

/// The header of every staff page: who is signed in, and the sign-out form's CSRF token.
pub struct AdminNav {
    pub username: String,
    pub csrf: String,
    /// Whether the moderation queue is theirs.
    pub moderator: bool,
    /// Whether the services pages are theirs to manage.
    pub manages: bool,
}

impl AdminNav {
    /// The header of a page for `staff`, signed in with the session `token`.
    pub fn of(staff: &crate::auth::Staff, token: &str) -> Self {
        AdminNav {
            username: staff.username.clone(),
            csrf: crate::signin::csrf_token(token),
            moderator: staff.may_moderate(),
            manages: staff.is_admin(),
        }
    }
}

/// A rendered page, answered as `text/html; charset=utf-8`.
pub struct Page(pub String);

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        Html(self.0).into_response()
    }
}

pub fn render(template: &impl Template) -> Result<Page, AppError> {
    template.render().map(Page).map_err(AppError::internal)
}

/// A public answer (a page, a feed's JSON twin, search results) that browsers and CDNs may keep
/// for a minute: a change shows within one.
pub fn cacheable(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
    response
}

/// A page never to be cached: it carries what a person typed, private details, or tokens.
pub fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// An error from an HTML route, answered as a page a person can act on, with the status the
/// same error would have in JSON.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(err: AppError) -> Self {
        PageError(err)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    title: String,
    message: String,
    sign_in: bool,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let err = self.0;
        err.log();
        let title = crate::t(match err.status() {
            StatusCode::NOT_FOUND => "error-not-found",
            StatusCode::UNAUTHORIZED => "error-unauthorized",
            StatusCode::FORBIDDEN => "error-forbidden",
            StatusCode::GONE => "error-gone",
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::TOO_MANY_REQUESTS => "error-busy",
            status if status.is_client_error() => "error-bad-request",
            _ => "error-ours",
        });
        // A bad parameter of a page says what to change, as a field of a form would.
        let message = match &err {
            AppError::Invalid(fields) => fields.iter().map(|f| f.message.to_string()).collect::<Vec<_>>().join(" "),
            AppError::Internal(_) => crate::t("error-ours-detail"),
            AppError::Unavailable => crate::t("error-busy-detail"),
            _ => err.public_message(),
        };
        let page =
            ErrorPage { title, message, sign_in: matches!(err, AppError::Unauthorized(_) | AppError::Forbidden(_)) };
        let html = page.render().unwrap_or_else(|_| page.title.clone());
        let mut response = (err.status(), Html(html)).into_response();
        if let Some(seconds) = err.retry_after() {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A service a person may tick on a form that chooses them (the general form, a moderator's
/// entering of a story).
pub struct ServiceChoice {
    pub id: String,
    pub name: String,
    pub checked: bool,
}

/// A date as people read it, in the current language: `22 November 2026`, `22 Tachwedd 2026`.
pub fn long_date(at: &time::OffsetDateTime) -> String {
    let month = crate::i18n::text(&format!("month-{}", u8::from(at.month())));
    format!("{} {month} {}", at.day(), at.year())
}

/// A page that says one thing and leads on: signed in (going on by itself), signed out.
#[derive(Template)]
#[template(path = "notice.html")]
pub struct NoticePage<'a> {
    pub title: &'a str,
    pub message: &'a str,
    pub link_to: &'a str,
    pub link_text: &'a str,
    /// Goes on to this address at once: a page of our own must start the request, so the
    /// browser sends the `SameSite=Strict` session cookie with it.
    pub refresh_to: Option<&'a str>,
}
