//! The routes only the local stack serves: health, sign-in, the mailbox and the seed.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use tellcare::web::ADMIN_COOKIE;

use crate::Shared;
use crate::mailbox::Email;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/dev/login", post(login).get(browser_login))
        .route("/dev/jwks.json", get(jwks))
        .route("/dev/mailbox", get(mailbox_page))
        .route("/dev/mailbox.json", get(mailbox_json))
        .route("/dev/metrics.json", get(metrics_json))
        .route("/dev/seed.json", get(seed))
        .route("/dev/schedules/{name}", post(fire_schedule))
        .merge(crate::hosted_ui::routes())
}

/// 200 when moto answers for the tables, the bucket and SES, and the stream is being read.
async fn healthz(State(shared): State<Arc<Shared>>) -> Response {
    let aws = &shared.aws;
    let described = |name: &str| aws.dynamodb.describe_table().table_name(name).send();
    let table = described(&shared.config.table_name).await.is_ok()
        && described(&shared.config.private_table_name).await.is_ok();
    let bucket = aws.s3.get().head_bucket().bucket(&shared.config.assets_bucket).send().await.is_ok();
    let ses = aws.sesv2.get().get_email_identity().email_identity(&shared.config.sender_address).send().await.is_ok();
    let stream = shared.stream_tasks.iter().all(|task| !task.is_finished());
    let parts = json!({ "dynamodb": table, "s3": bucket, "ses": ses, "stream": stream });
    let status = if table && bucket && ses && stream { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(json!({ "status": if status == StatusCode::OK { "ok" } else { "degraded" }, "parts": parts })))
        .into_response()
}

#[derive(Deserialize)]
struct Login {
    group: Option<String>,
    username: Option<String>,
    /// A member of staff with an account in the pool, signed in with their groups.
    email: Option<String>,
}

fn refusal(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({"error": {"code": code, "message": message}}))).into_response()
}

async fn login(
    State(shared): State<Arc<Shared>>,
    body: Result<Json<Login>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let usage =
        "Send {\"group\": \"moderators\"} (or \"admins\"), or {\"email\": \"...\"} of a member of staff, as JSON.";
    let Ok(Json(login)) = body else { return refusal(StatusCode::BAD_REQUEST, "bad_request", usage) };
    let claims = match (login.group, login.email) {
        (None, Some(email)) => {
            let email = email.trim().to_lowercase();
            match shared.pool.account(&email).await {
                Ok(account) => crate::pool::member_claims(&shared.issuer, &email, &account),
                Err(crate::pool::SignInRefused::Pool(why)) => {
                    return refusal(StatusCode::SERVICE_UNAVAILABLE, "unavailable", &why);
                }
                Err(refused) => return refusal(StatusCode::NOT_FOUND, "not_found", &refused.to_string()),
            }
        }
        (Some(group), None) => {
            let valid = |s: &str| {
                !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            };
            let username = login.username.unwrap_or_else(|| format!("local-{group}"));
            if !valid(&group) || !valid(&username) {
                let error = json!({"error": {"code": "validation_failed", "message": "group and username are letters, digits, - _ and . only",
                    "fields": [{"field": "group", "message": "Use a group name such as moderators or admins."}]}});
                return (StatusCode::UNPROCESSABLE_ENTITY, Json(error)).into_response();
            }
            shared.issuer.claims(&username, &[&group])
        }
        _ => return refusal(StatusCode::BAD_REQUEST, "bad_request", usage),
    };
    let token = shared.issuer.sign(&claims);
    with_session_cookie(Json(json!({ "token": token })).into_response(), &token)
}

fn with_session_cookie(mut response: Response, token: &str) -> Response {
    let cookie = format!("{ADMIN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600");
    response.headers_mut().insert(SET_COOKIE, HeaderValue::from_str(&cookie).expect("token is header-safe"));
    response
}

#[derive(Deserialize)]
struct BrowserLogin {
    group: Option<String>,
    next: Option<String>,
}

/// Signs a browser in from the address bar (`/dev/login?group=admins&next=/admin/...`), then
/// goes on to `next`, which must be a path on this stack.
async fn browser_login(
    State(shared): State<Arc<Shared>>,
    axum::extract::Query(query): axum::extract::Query<BrowserLogin>,
) -> Response {
    let group = match query.group.as_deref() {
        None => "admins",
        Some(group @ ("admins" | "moderators")) => group,
        Some(_) => return (StatusCode::UNPROCESSABLE_ENTITY, "group is admins or moderators").into_response(),
    };
    let next = query.next.filter(|n| n.starts_with('/') && !n.starts_with("//")).unwrap_or_else(|| "/".into());
    let token = shared.issuer.sign(&shared.issuer.claims(&format!("local-{group}"), &[group]));
    with_session_cookie(axum::response::Redirect::to(&next).into_response(), &token)
}

async fn jwks(State(shared): State<Arc<Shared>>) -> Json<serde_json::Value> {
    Json(shared.issuer.jwks().clone())
}

/// The functions' metric lines (embedded metric format), oldest first: what CloudWatch would
/// count.
async fn metrics_json() -> Json<Vec<serde_json::Value>> {
    Json(tellcare::metrics::captured().iter().filter_map(|line| serde_json::from_str(line).ok()).collect())
}

async fn mailbox_json(State(shared): State<Arc<Shared>>) -> Json<Vec<Email>> {
    Json(shared.mailbox.emails())
}

#[derive(Template)]
#[template(path = "mailbox.html")]
struct MailboxPage {
    emails: Vec<Email>,
}

async fn mailbox_page(State(shared): State<Arc<Shared>>) -> Response {
    match (MailboxPage { emails: shared.mailbox.emails() }).render() {
        Ok(html) => Html(html).into_response(),
        Err(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
    }
}

/// Fires a scheduled rule of the template now, as EventBridge would at its time (or twice).
async fn fire_schedule(
    State(shared): State<Arc<Shared>>,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> Response {
    match shared.schedules.fire(&name).await {
        Some(Ok(answer)) => Json(answer).into_response(),
        Some(Err(err)) => refusal(StatusCode::BAD_GATEWAY, "function_failed", &err),
        None => {
            let known = shared.schedules.names().join(", ");
            refusal(
                StatusCode::NOT_FOUND,
                "not_found",
                &format!("No schedule has this name; the template's are {known}."),
            )
        }
    }
}

async fn seed(State(shared): State<Arc<Shared>>) -> Json<crate::seed::SeedIds> {
    Json(shared.seed.lock().expect("seed lock").clone())
}

/// Everything that is not a dev route goes where the template routes it.
pub async fn through_gateway(State(shared): State<Arc<Shared>>, request: axum::extract::Request) -> Response {
    shared.gateway.dispatch(request).await
}
