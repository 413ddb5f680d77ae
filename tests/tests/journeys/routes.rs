use std::collections::BTreeSet;

use tellcare_stack::route_tables;
use tellcare_stack::template::StackTemplate;
use tellcare_stack::testing::{spawn_app, spawn_seeded_app};

const BODY: &str = "The nurses on the ward were kind and quick, and explained everything twice.";

type Routes = BTreeSet<(String, String, String)>;

#[test]
fn the_template_and_the_functions_route_the_same_requests() {
    let template = StackTemplate::load().unwrap();
    let declared: Routes =
        template.http_routes().map(|(f, r)| (f.binary.clone(), r.method.clone(), r.path.clone())).collect();
    let served: Routes = route_tables()
        .into_iter()
        .flat_map(|(binary, specs)| {
            specs.into_iter().map(move |s| (binary.to_owned(), s.method.to_string(), s.path.to_owned()))
        })
        .collect();
    let unserved: Vec<_> = declared.difference(&served).collect();
    let undeclared: Vec<_> = served.difference(&declared).collect();
    assert!(unserved.is_empty(), "routes in the template that no function serves: {unserved:?}");
    assert!(undeclared.is_empty(), "routes a function serves that the template lacks: {undeclared:?}");
    assert!(declared.len() >= 5, "expected the template's routes, found {declared:?}");
}

#[tokio::test]
async fn every_template_route_reaches_its_function() {
    let app = spawn_app().await;
    let token = app.login("moderators").await;
    let template = StackTemplate::load().unwrap();
    for (_, route) in template.http_routes() {
        let path = route
            .path
            .split('/')
            .map(|s| if s.starts_with('{') { "01ARZ3NDEKTSV4RRFFQ69G5FAV" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        let method = reqwest::Method::from_bytes(route.method.as_bytes()).unwrap();
        let response =
            app.request(method, &path).bearer_auth(&token).json(&serde_json::json!({})).send().await.unwrap();
        let status = response.status();
        let body = response.text().await.unwrap();
        assert_ne!(body, r#"{"message":"Not Found"}"#, "{} {path} reached no function", route.method);
        assert_ne!(status, 405, "{} {path}: the function refused the method", route.method);
    }
}

/// What every answer of a function carries, whatever its status.
fn assert_secure(headers: &reqwest::header::HeaderMap, what: &str) {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let policy = header("content-security-policy");
    assert!(policy.starts_with("default-src 'none';"), "{what}: CSP {policy:?}");
    assert!(policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe"), "{what}: CSP {policy:?}");
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("x-frame-options"), "DENY", "{what}");
    assert_eq!(header("referrer-policy"), "no-referrer", "{what}");
    assert!(header("strict-transport-security").starts_with("max-age=63072000"), "{what}: HSTS over https");
    assert!(!header("cache-control").is_empty(), "{what}: says whether it may be cached");
}

/// The answers that may be kept by a cache: the public site's pages, feeds and JSON, public
/// search results, and a link's QR image (the same for everyone who may see it). Everything
/// else is never stored.
fn may_be_cached(binary: &str, path: &str) -> bool {
    matches!(binary, "public-site" | "search") || path.ends_with("/qr.png") || path.ends_with("/qr.svg")
}

#[tokio::test]
async fn every_answer_of_every_route_carries_the_security_headers_and_private_ones_are_not_stored() {
    let app = spawn_seeded_app().await;
    let seed = app.get("/dev/seed.json").await.json::<serde_json::Value>().await.unwrap();
    let token = app.login("moderators").await;
    let story = app.tell(&[seed["link_service"].as_str().unwrap()], "walk@example.org", BODY).await;
    let template = StackTemplate::load().unwrap();
    // Each route twice: with ids that name nothing (the error answers), and with real ones.
    for real in [false, true] {
        for (function, route) in template.http_routes() {
            let path = route
                .path
                .split('/')
                .map(|s| match (real, s) {
                    (false, s) if s.starts_with('{') => "01ARZ3NDEKTSV4RRFFQ69G5FAV".to_owned(),
                    (true, "{id}") if route.path.contains("stories") => story.clone(),
                    (true, "{id}") => seed["link_service"].as_str().unwrap().to_owned(),
                    (true, "{slug}") => "carers-cafe".to_owned(),
                    (true, s) if s.starts_with('{') => "01ARZ3NDEKTSV4RRFFQ69G5FAV".to_owned(),
                    (_, s) => s.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("/");
            let method = reqwest::Method::from_bytes(route.method.as_bytes()).unwrap();
            let request = app.request(method.clone(), &path).bearer_auth(&token).header("x-forwarded-proto", "https");
            let request = if method == reqwest::Method::GET { request } else { request.json(&serde_json::json!({})) };
            let response = request.send().await.unwrap();
            let what = format!("{} {path} ({})", route.method, response.status());
            assert_secure(response.headers(), &what);
            let cache = response.headers()["cache-control"].to_str().unwrap().to_owned();
            if !may_be_cached(&function.binary, &route.path) || !response.status().is_success() {
                assert_eq!(cache, "no-store", "{what}");
            }
        }
    }
    // Over plain http (the local stack), no HSTS: it would pin a host that has no https.
    let plain = app.get(&format!("/services/{}", seed["link_service"].as_str().unwrap())).await;
    assert!(plain.headers().get("strict-transport-security").is_none());
    assert_eq!(plain.headers()["cache-control"], "public, max-age=60");
    // The private answers the issue named: the admin story JSON, the poster, a token route's error.
    for path in [
        format!("/admin/api/stories/{story}"),
        "/admin/api/links/carers-cafe/poster".into(),
        "/respond/nonsense".into(),
    ] {
        let response = app.request(reqwest::Method::GET, &path).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
}

#[tokio::test]
async fn unknown_routes_get_the_gateways_404() {
    let app = spawn_app().await;
    let response = app.get("/no/such/route").await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.text().await.unwrap(), r#"{"message":"Not Found"}"#);
}

/// The OpenAPI description in the repository, as (method, path) with whether it asks for
/// the staff JWT.
fn described() -> BTreeSet<(String, String, bool)> {
    let path = tellcare_stack::template::workspace_root().join("openapi.yaml");
    let doc: serde_json::Value = serde_yaml_ng::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut routes = BTreeSet::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let jwt = operation["security"].as_array().is_some_and(|s| s.iter().any(|r| r.get("staffJwt").is_some()));
            assert!(operation["summary"].as_str().is_some_and(|s| !s.is_empty()), "{method} {path} has a summary");
            routes.insert((method.to_uppercase(), path.clone(), jwt));
        }
    }
    routes
}

#[test]
fn the_openapi_description_names_every_route_served_and_its_sign_in() {
    let template = StackTemplate::load().unwrap();
    let declared: BTreeSet<(String, String, bool)> =
        template.http_routes().map(|(_, r)| (r.method.clone(), r.path.clone(), r.authorizer.is_some())).collect();
    let described = described();
    let undescribed: Vec<_> = declared.difference(&described).collect();
    let unserved: Vec<_> = described.difference(&declared).collect();
    assert!(undescribed.is_empty(), "served but not in openapi.yaml (or its sign-in differs): {undescribed:?}");
    assert!(unserved.is_empty(), "in openapi.yaml but not served: {unserved:?}");
}
