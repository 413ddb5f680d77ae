use serde_json::{Value, json};
use tellcare::auth::{AuthError, JwtVerifier};
use tellcare_stack::devauth::SigningKey;
use tellcare_stack::testing::{TestApp, spawn_app};

async fn me(app: &TestApp, token: Option<&str>) -> (u16, Value) {
    let mut request = app.request(reqwest::Method::GET, "/admin/api/me");
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

/// Tokens a forger or a stale client could send, each with what must be wrong with it.
async fn bad_tokens(app: &TestApp) -> Vec<(&'static str, String)> {
    let jwks: Value = app.get("/dev/jwks.json").await.json().await.unwrap();
    let real_kid = jwks["keys"][0]["kid"].as_str().unwrap().to_owned();
    let mut forger = SigningKey::generate();
    forger.kid = real_kid;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let with = |field: &str, value: Value| {
        let mut claims = app.claims("moderators");
        claims[field] = value;
        app.sign(&claims)
    };
    // An access token of the same pool and client: it says what a client may call, not who.
    let mut access = app.claims("moderators");
    access["token_use"] = json!("access");
    access["client_id"] = access["aud"].take();
    access.as_object_mut().unwrap().remove("aud");
    vec![
        ("not an ID token", app.sign(&access)),
        ("bad signature", forger.sign(&app.claims("moderators"))),
        ("unknown key id", SigningKey::generate().sign(&app.claims("moderators"))),
        ("expired", with("exp", json!(now - 3600))),
        ("wrong issuer", with("iss", json!("https://issuer.example.org"))),
        ("wrong audience", with("aud", json!("another-client"))),
        ("malformed", "not.a.token".to_owned()),
    ]
}

#[tokio::test]
async fn admin_routes_refuse_missing_and_bad_tokens_and_wrong_groups() {
    let app = spawn_app().await;
    assert_eq!(me(&app, None).await.0, 401, "no token");
    for (what, token) in bad_tokens(&app).await {
        assert_eq!(me(&app, Some(&token)).await.0, 401, "{what}");
    }
    let visitor = app.login("visitors").await;
    let (status, body) = me(&app, Some(&visitor)).await;
    assert_eq!((status, body["error"]["code"].as_str()), (403, Some("forbidden")));

    for group in ["moderators", "admins"] {
        let (status, body) = me(&app, Some(&app.login(group).await)).await;
        assert_eq!(status, 200, "{group}");
        assert_eq!(body["groups"], json!([group]));
    }
}

#[tokio::test]
async fn the_verifier_names_what_is_wrong_with_each_token() {
    let app = spawn_app().await;
    let verifier = JwtVerifier::new(app.stack.shared.config.jwt.clone());
    for (what, token) in bad_tokens(&app).await {
        let expected = if what == "malformed" { "malformed" } else { what };
        assert_eq!(verifier.verify(&token).await, Err(AuthError::Invalid(expected)), "{what}");
    }
    let staff = verifier.verify(&app.login("admins").await).await.unwrap();
    assert!(staff.may_moderate());
}

#[tokio::test]
async fn the_admin_cookie_from_dev_login_carries_the_token() {
    let app = spawn_app().await;
    let response =
        app.request(reqwest::Method::POST, "/dev/login").json(&json!({"group": "moderators"})).send().await.unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    let token = response.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned();
    assert!(cookie.starts_with(&format!("tellcare_admin={token};")));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));

    let response = app.request(reqwest::Method::POST, "/dev/login").body("{").send().await.unwrap();
    assert_eq!(response.status(), 400);
}
