//! The local stand-in for the user pool's hosted UI: `/dev/cognito/oauth2/authorize` signs a
//! member of staff in by email and password (checked by moto's Cognito), or signs in as a
//! moderator or an admin with one button; and `/dev/cognito/oauth2/token` trades the code for an ID token only
//! with the PKCE verifier whose challenge came with it, as Cognito does. The admin function
//! talks to it exactly as it talks to Cognito.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde::Deserialize;
use serde_json::json;
use tellcare::signin::pkce_challenge;

use crate::Shared;
use crate::pool::{SignInRefused, member_claims};

/// Codes handed out and not yet traded, with what the trade must match.
#[derive(Default)]
pub struct Codes(Mutex<HashMap<String, Grant>>);

struct Grant {
    challenge: String,
    redirect_uri: String,
    claims: serde_json::Value,
}

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/dev/cognito/oauth2/authorize", get(authorize_page).post(authorize))
        .route("/dev/cognito/oauth2/token", post(token))
        .route("/dev/cognito/logout", get(logout))
}

#[derive(Deserialize)]
struct AuthorizeQuery {
    client_id: String,
    redirect_uri: String,
    state: String,
    code_challenge: String,
    code_challenge_method: String,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

async fn authorize_page(State(shared): State<Arc<Shared>>, Query(query): Query<AuthorizeQuery>) -> Response {
    if query.client_id != shared.config.jwt.audience || query.code_challenge_method != "S256" {
        return (StatusCode::BAD_REQUEST, "unknown client, or no S256 code challenge").into_response();
    }
    sign_in_page(&query.redirect_uri, &query.state, &query.code_challenge, "", None, StatusCode::OK)
}

fn sign_in_page(
    redirect_uri: &str,
    state: &str,
    challenge: &str,
    email: &str,
    problem: Option<&str>,
    status: StatusCode,
) -> Response {
    let hidden: String = [("redirect_uri", redirect_uri), ("state", state), ("code_challenge", challenge)]
        .iter()
        .map(|(name, value)| format!(r#"<input type="hidden" name="{name}" value="{}">"#, escape(value)))
        .collect();
    let problem = problem.map_or(String::new(), |p| format!(r#"<p role="alert" id="problem">{}</p>"#, escape(p)));
    let email = escape(email);
    let page = format!(
        r#"<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Sign in (local)</title></head>
<body><main><h1>Sign in to Tellcare (local stand-in for Cognito)</h1>{problem}
<form method="post">{hidden}
<p><label for="email">Email address</label> <input id="email" name="email" type="email" autocomplete="username" value="{email}"></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password"></p>
<button name="group" value="">Sign in</button>
</form>
<h2>Tellcare's own staff</h2>
<form method="post">{hidden}
<button name="group" value="moderators">Sign in as a moderator</button>
<button name="group" value="admins">Sign in as an admin</button>
</form></main></body></html>"#
    );
    (status, Html(page)).into_response()
}

#[derive(Deserialize)]
struct Authorize {
    redirect_uri: String,
    state: String,
    code_challenge: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn authorize(State(shared): State<Arc<Shared>>, Form(form): Form<Authorize>) -> Response {
    let mut url = match url::Url::parse(&form.redirect_uri) {
        Ok(url) => url,
        Err(_) => return (StatusCode::BAD_REQUEST, "redirect_uri").into_response(),
    };
    let claims = if form.group.is_empty() {
        let email = form.email.trim().to_lowercase();
        match shared.pool.sign_in(&email, &form.password).await {
            Ok(account) => member_claims(&shared.issuer, &email, &account),
            Err(refused) => {
                let status = match refused {
                    SignInRefused::Pool(_) => StatusCode::SERVICE_UNAVAILABLE,
                    _ => StatusCode::UNAUTHORIZED,
                };
                let problem = refused.to_string();
                let (uri, state, challenge) = (&form.redirect_uri, &form.state, &form.code_challenge);
                return sign_in_page(uri, state, challenge, &email, Some(&problem), status);
            }
        }
    } else {
        shared.issuer.claims(&format!("local-{}", form.group), &[&form.group])
    };
    let code = ulid::Ulid::generate().to_string();
    url.query_pairs_mut().append_pair("code", &code).append_pair("state", &form.state);
    let grant = Grant { challenge: form.code_challenge, redirect_uri: form.redirect_uri, claims };
    shared.codes.0.lock().expect("codes lock").insert(code, grant);
    Redirect::to(url.as_str()).into_response()
}

#[derive(Deserialize)]
struct TokenRequest {
    grant_type: String,
    client_id: String,
    code: String,
    redirect_uri: String,
    code_verifier: String,
}

async fn token(State(shared): State<Arc<Shared>>, Form(request): Form<TokenRequest>) -> Response {
    let refuse = || (StatusCode::BAD_REQUEST, Json(json!({"error": "invalid_grant"}))).into_response();
    // A code is good for one trade, as in Cognito.
    let Some(grant) = shared.codes.0.lock().expect("codes lock").remove(&request.code) else { return refuse() };
    let matches = request.grant_type == "authorization_code"
        && request.client_id == shared.config.jwt.audience
        && request.redirect_uri == grant.redirect_uri
        && pkce_challenge(&request.code_verifier) == grant.challenge;
    if !matches {
        return refuse();
    }
    let id_token = shared.issuer.sign(&grant.claims);
    Json(json!({"id_token": id_token, "access_token": id_token, "token_type": "Bearer", "expires_in": 3600}))
        .into_response()
}

#[derive(Deserialize)]
struct LogoutQuery {
    logout_uri: String,
}

async fn logout(Query(query): Query<LogoutQuery>) -> Response {
    Redirect::to(&query.logout_uri).into_response()
}
