//! Signing staff in to the admin pages through the user pool's hosted UI (authorization code
//! with PKCE), the session cookie, the CSRF check of every form, and signing out.

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tellcare::AppError;
use tellcare::auth::Staff;
use tellcare::domain::moderation::Actor;
use tellcare::domain::staff_change::ChangeBy;
use tellcare::signin::{CALLBACK_PATH, SIGN_IN_COOKIE, SignInError, csrf_matches};
use tellcare::t;
use tellcare::web::{ADMIN_COOKIE, AdminNav, HtmlForm, NoticePage, PageError, SessionCookie, cookie, render};

use crate::Admin;

/// How long a session lasts: the ID token's own life in the user pool.
const SESSION_SECS: u32 = 3600;

/// A signed-in moderator or admin on the admin pages, by the session cookie.
pub(crate) struct Session {
    pub staff: Staff,
    /// Who they are in trails of changes.
    actor: Actor,
    token: String,
}

impl Session {
    /// Who makes a change, now: what its entry in the service's trail records.
    pub fn change_by(&self) -> ChangeBy<'_> {
        ChangeBy { actor: &self.actor, at: time::OffsetDateTime::now_utc() }
    }

    pub fn nav(&self) -> AdminNav {
        AdminNav::of(&self.staff, &self.token)
    }

    /// The header of a page of a service the person manages.
    pub fn managing_nav(&self) -> AdminNav {
        AdminNav { manages: true, ..self.nav() }
    }

    /// Refuses a form that does not carry this session's CSRF token.
    pub fn check_csrf(&self, sent: &str) -> Result<(), PageError> {
        if csrf_matches(&self.token, sent) {
            Ok(())
        } else {
            Err(AppError::Forbidden(tellcare::i18n::text("error-csrf")).into())
        }
    }
}

impl FromRequestParts<Admin> for Session {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, admin: &Admin) -> Result<Self, Self::Rejection> {
        let StaffSession(session) = StaffSession::from_request_parts(parts, admin).await?;
        if !session.staff.may_moderate() {
            return Err(PageError(AppError::Forbidden(tellcare::i18n::text("error-moderators-only"))).into_response());
        }
        Ok(session)
    }
}

/// Anyone signed in: the services pages check, service by service, that the person manages
/// it; the dashboard shows what their memberships cover.
pub(crate) struct StaffSession(pub Session);

impl FromRequestParts<Admin> for StaffSession {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, admin: &Admin) -> Result<Self, Self::Rejection> {
        let SessionCookie { staff, token } = SessionCookie::from_request_parts(parts, admin).await?;
        Ok(StaffSession(Session { actor: staff.actor(), staff, token }))
    }
}

fn cookie_header(admin: &Admin, name: &str, value: &str, path: &str, same_site: &str, max_age: u32) -> HeaderValue {
    tellcare::web::set_cookie(name, value, path, same_site, max_age, admin.secure_cookies)
}

/// Starts a sign-in: a fresh state and PKCE verifier in a short-lived cookie, then the hosted
/// UI. `Lax`, as the way back from the hosted UI is another site's navigation.
pub(crate) async fn login(State(admin): State<Admin>) -> Response {
    let start = admin.hosted_ui.start();
    let mut response = Redirect::to(&start.authorize_url).into_response();
    let cookie = cookie_header(&admin, SIGN_IN_COOKIE, &start.cookie_value, CALLBACK_PATH, "Lax", 600);
    response.headers_mut().append(SET_COOKIE, cookie);
    response
}

#[derive(Deserialize)]
pub(crate) struct Callback {
    code: Option<String>,
    state: Option<String>,
}

/// The hosted UI's way back: the code is traded (with the verifier) for an ID token, which
/// becomes the session.
pub(crate) async fn callback(
    State(admin): State<Admin>,
    query: Result<Query<Callback>, QueryRejection>,
    parts: Parts,
) -> Result<Response, PageError> {
    let failed = || AppError::Unauthorized(tellcare::i18n::text("error-sign-in-incomplete"));
    let Ok(Query(Callback { code: Some(code), state: Some(state) })) = query else { return Err(failed().into()) };
    let started = cookie(&parts, SIGN_IN_COOKIE).ok_or_else(failed)?;
    let token = admin.hosted_ui.finish(&started, &state, &code).await.map_err(|err| {
        tracing::warn!(error = %err, "a sign-in failed");
        match err {
            SignInError::Unreachable(_) => AppError::Unavailable,
            _ => failed(),
        }
    })?;
    let staff = admin.verifier.verify(&token).await.map_err(|_| failed())?;
    tracing::info!(by = %staff.subject, "signed in");
    // Moderators go on to the queue; a service's staff to their dashboard.
    let home = if staff.may_moderate() { "/admin" } else { "/staff" };
    let (title, message, link_text) = (t("session-signed-in"), t("session-going-on"), t("session-go-on"));
    let page =
        NoticePage { title: &title, message: &message, link_to: home, link_text: &link_text, refresh_to: Some(home) };
    let mut response = render(&page)?.into_response();
    let headers = response.headers_mut();
    headers.append(SET_COOKIE, cookie_header(&admin, ADMIN_COOKIE, &token, "/", "Strict", SESSION_SECS));
    headers.append(SET_COOKIE, cookie_header(&admin, SIGN_IN_COOKIE, "", CALLBACK_PATH, "Lax", 0));
    Ok(response)
}

/// A form that carries nothing but its CSRF token: a button.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct CsrfForm {
    pub csrf: String,
}

/// Ends the session here and in the hosted UI.
pub(crate) async fn logout(
    State(admin): State<Admin>,
    session: Session,
    HtmlForm(form): HtmlForm<CsrfForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let mut response = Redirect::to(&admin.hosted_ui.logout_url()).into_response();
    response.headers_mut().append(SET_COOKIE, cookie_header(&admin, ADMIN_COOKIE, "", "/", "Strict", 0));
    Ok(response)
}

pub(crate) async fn signed_out() -> Result<Response, PageError> {
    let (title, message, link_text) = (t("session-signed-out"), t("session-close"), t("session-sign-in-again"));
    let page =
        NoticePage { title: &title, message: &message, link_to: "/admin", link_text: &link_text, refresh_to: None };
    Ok((StatusCode::OK, render(&page)?).into_response())
}
