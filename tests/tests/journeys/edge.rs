//! The CDN and its firewall as the templates declare them, against every route the template
//! serves and what the functions answer: public routes cached at the edge as long as their
//! answers say and per language, routes of one person never cached and never sent another's
//! cookies; every route the public writes to under a rate rule of its own; the API answering
//! only what came through CloudFront.

use std::collections::BTreeSet;

use reqwest::Method;
use tellcare::web::{ADMIN_COOKIE, LANGUAGE_COOKIE, ORIGIN_HEADER};
use tellcare_stack::edge::{Cdn, edge_parameters, rate_rules};
use tellcare_stack::template::{StackTemplate, TemplateRoute, raw_template};
use tellcare_stack::testing::spawn_seeded_app;

/// The functions whose answers may be shared by everyone: the public site and its search.
const PUBLIC: [&str; 2] = ["public-site", "search"];
/// The routes the public writes to, as the firewall's rate rules name them.
const WRITING: [&str; 4] = ["/tell", "/api/stories", "/my-story/", "/respond/"];

fn with_ids(route: &TemplateRoute, id: &str) -> String {
    route.path.split('/').map(|s| if s.starts_with('{') { id } else { s }).collect::<Vec<_>>().join("/")
}

#[test]
fn each_public_route_is_cached_by_its_own_rule_and_each_personal_route_never() {
    let template = StackTemplate::load().unwrap();
    let cdn = Cdn::load().unwrap();
    let mut seen = BTreeSet::new();
    for (function, route) in template.http_routes() {
        let path = with_ids(route, "01ARZ3NDEKTSV4RRFFQ69G5FAV");
        let behaviour = cdn.behaviour_for(&path);
        let policy = cdn.cache_policy(behaviour);
        let what = format!("{} {} ({})", route.method, route.path, function.binary);
        assert!(behaviour.allowed_methods.contains(&route.method), "{what}: CloudFront lets it through");
        assert!(behaviour.compress, "{what}: compressed");
        seen.insert(behaviour.cache_policy.clone());
        if PUBLIC.contains(&function.binary.as_str()) {
            // Kept as long as the answer says (its Cache-Control: no-store is honoured, MinTTL 0),
            // per address and language, with nothing of the person in the key or sent on.
            assert!(behaviour.path_pattern.is_none(), "{what}: the public default");
            assert!(policy.min_ttl == 0 && policy.default_ttl == 0 && policy.max_ttl >= 300, "{what}: {policy:?}");
            assert!(policy.cookies.includes(LANGUAGE_COOKIE) && !policy.cookies.includes(ADMIN_COOKIE), "{what}");
            assert!(policy.headers.includes("Accept-Language"), "{what}: keyed by the browser's language");
            assert!(!cdn.sends_header(behaviour, "Authorization"), "{what}: no one's credentials");
            assert_eq!(policy.query_strings, tellcare_stack::edge::Forwarded::All, "{what}: ?lang= and ?q=");
        } else {
            // One person's: never kept, and sent what the function reads of them.
            assert!(behaviour.path_pattern.is_some(), "{what}: a behaviour of its own, not the public default");
            assert!(policy.default_ttl == 0 && policy.max_ttl <= 1, "{what}: never kept ({policy:?})");
            assert!(cdn.sends_header(behaviour, "Authorization"), "{what}: the staff API's bearer token");
            assert!(policy.cookies.includes(ADMIN_COOKIE), "{what}: the signed-in cookie");
            if route.method != "GET" {
                assert!(cdn.sends_header(behaviour, "Content-Type"), "{what}: its form or JSON read");
            }
            if route.path.ends_with("/qr.png") || route.path.ends_with("/qr.svg") {
                assert!(cdn.sends_header(behaviour, "If-None-Match"), "{what}: a QR code unchanged is a 304");
            }
        }
    }
    assert_eq!(seen.len(), 2, "one rule for public answers, one for personal: {seen:?}");
}

#[test]
fn each_route_the_public_writes_to_is_under_a_rate_rule_per_address() {
    let template = StackTemplate::load().unwrap();
    let cdn = Cdn::load().unwrap();
    let rules = rate_rules().unwrap();
    let parameters = edge_parameters().unwrap();
    let mut covered = BTreeSet::new();
    for (_, route) in template.http_routes().filter(|(_, r)| r.method != "GET") {
        let path = with_ids(route, "carers-cafe");
        if path.starts_with("/admin") || path.starts_with("/staff") {
            continue; // signed in: the gateway's throttling, not a per-address limit
        }
        let what = format!("{} {}", route.method, route.path);
        let rule = rules.iter().find(|r| path.starts_with(&r.path_prefix));
        let rule = rule.unwrap_or_else(|| panic!("{what}: no rate rule counts it"));
        assert!(rule.blocks && rule.per_address, "{what}: {rule:?}");
        assert!(parameters.contains(&rule.limit_parameter), "{what}: its limit is a parameter");
        // Behind CloudFront, the functions' own limits count the person's address, not the edge's.
        assert!(cdn.sends_header(cdn.behaviour_for(&path), "CloudFront-Viewer-Address"), "{what}");
        covered.insert(rule.path_prefix.clone());
    }
    assert_eq!(covered, WRITING.iter().map(|p| p.to_string()).collect(), "a rule for each route that writes");
    let limits: BTreeSet<_> = rules.iter().map(|r| r.limit_parameter.clone()).collect();
    assert_eq!(limits.len(), rules.len(), "each its own limit: {rules:?}");
}

#[test]
fn the_api_answers_only_what_came_through_the_cdn() {
    let cdn = Cdn::load().unwrap();
    let sent = cdn.origin_headers.get(ORIGIN_HEADER).expect("CloudFront adds the origin's secret");
    // ORIGIN_SECRET: !If [UseCdn, <the same value>, ""]
    let serde_yaml_ng::Value::Tagged(condition) = &cdn.origin_secret else { panic!("{:?}", cdn.origin_secret) };
    let branches = condition.value.as_sequence().unwrap();
    assert_eq!((condition.tag.to_string().as_str(), branches[0].as_str()), ("!If", Some("UseCdn")));
    assert_eq!(&branches[1], sent, "the functions check what CloudFront sends");
    assert_eq!(branches[2].as_str(), Some(""), "no check without a CDN");
}

#[tokio::test]
async fn public_answers_say_how_long_the_edge_keeps_them_and_personal_ones_say_never() {
    let app = spawn_seeded_app().await;
    let template = StackTemplate::load().unwrap();
    let cdn = Cdn::load().unwrap();
    let seed = app.get("/dev/seed.json").await.json::<serde_json::Value>().await.unwrap();
    let service = seed["link_service"].as_str().unwrap().to_owned();
    let story = app.tell(&[&service], "", "The receptionist found us a quiet room to wait in, which helped.").await;
    let token = app.login("moderators").await;
    app.publish(&token, &story, 1).await;
    let (mut kept, mut wrong) = (Vec::new(), Vec::new());
    for (function, route) in template.http_routes().filter(|(_, r)| r.method == "GET") {
        let id = if route.path.contains("stories") || route.path.contains("opinions") { &story } else { &service };
        let path = with_ids(route, if route.path.contains("{slug}") { "carers-cafe" } else { id });
        let response = app.request(Method::GET, &path).bearer_auth(&token).send().await.unwrap();
        let cache = response.headers().get("cache-control").map(|c| c.to_str().unwrap().to_owned());
        let cache = cache.unwrap_or_else(|| panic!("GET {path} ({}) says nothing of caching", response.status()));
        let policy = cdn.cache_policy(cdn.behaviour_for(&path));
        // What CloudFront does with it: no-store and private are never kept; max-age within the
        // policy's bounds.
        let max_age =
            cache.split(',').find_map(|d| d.trim().strip_prefix("max-age=")).map(|s| s.parse::<u64>().unwrap());
        let shared = !cache.contains("no-store") && !cache.contains("private");
        let ttl = if shared { max_age.unwrap_or(policy.default_ttl).clamp(policy.min_ttl, policy.max_ttl) } else { 0 };
        let what = format!("GET {path} ({}, {cache})", response.status());
        if PUBLIC.contains(&function.binary.as_str()) && response.status().is_success() {
            if ttl >= 60 {
                kept.push(path);
            } else {
                wrong.push(format!("{what}: should be kept at the edge a minute or more"));
            }
        } else if ttl > 1 {
            wrong.push(format!("{what}: should never be kept"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(kept.len() >= 10, "the public pages, feeds and JSON: {kept:?}");
}

/// Headers as browsers send them, and as they might: regions, case, spaces, weights of every
/// kind, languages the site does not speak, none at all.
fn accept_languages() -> Vec<Option<String>> {
    let mut headers: Vec<Option<String>> = [
        "en-GB,en;q=0.9",
        "en-GB,en-US;q=0.9,en;q=0.8",
        "cy-GB,cy;q=0.9,en-GB;q=0.8,en;q=0.7",
        "cy",
        "CY-gb",
        "en_GB",
        "fr-FR,fr;q=0.9,en;q=0.5,cy;q=0.6",
        "de-DE",
        "*",
        "",
        "cy;q=0, en;q=0.1",
        "cy;q=0",
        "en;q=0.5, cy;q=0.5",
        "cy;q=, en;q=0.4",
        "cy;q=abc;q=0.3, en;q=0.4",
        " cy ; q = 0.8 , en ; q=0.9",
        "en;Q=0.1, cy;q=0.9",
    ]
    .into_iter()
    .map(|h| Some(h.to_owned()))
    .collect();
    headers.push(None);
    // And 500 more, drawn the same way each run.
    let tags = ["en", "en-GB", "en-US", "EN", "cy", "cy-GB", "Cy", "fr", "de-DE", "*", "en_GB", "ga"];
    let weights = ["", ";q=1", ";q=0.9", ";q=0.5", ";q=0", ";q=0.001", ";q=", ";q=1.0", "; q=0.7", ";level=1"];
    let mut seed: u64 = 0x7e11_ca7e;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % n
    };
    for _ in 0..500 {
        let ranges: Vec<String> =
            (0..1 + next(4)).map(|_| format!("{}{}", tags[next(tags.len())], weights[next(weights.len())])).collect();
        headers.push(Some(ranges.join(if next(2) == 0 { "," } else { ", " })));
    }
    headers
}

#[test]
fn the_edge_boils_accept_language_down_to_what_the_site_would_choose() {
    let raw = raw_template("infra/template.yaml").unwrap();
    let code = raw["Resources"]["LanguageFunction"]["Properties"]["FunctionCode"].as_str().unwrap().to_owned();
    let headers = accept_languages();
    // The function as CloudFront runs it, on each header: what it leaves in Accept-Language.
    let harness = format!(
        "{code}\nconst asked = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n\
         console.log(JSON.stringify(asked.map(function (h) {{\n\
           var headers = h === null ? {{}} : {{ 'accept-language': {{ value: h }} }};\n\
           var left = handler({{ request: {{ headers: headers }} }}).headers['accept-language'];\n\
           return left ? left.value : null;\n\
         }})));"
    );
    let mut node = std::process::Command::new("node")
        .args(["-e", &harness])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node (scripts/tools test installs it with axe-core's npm)");
    use std::io::Write;
    node.stdin.take().unwrap().write_all(serde_json::to_string(&headers).unwrap().as_bytes()).unwrap();
    let output = node.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
    let left: Vec<Option<String>> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(left.len(), headers.len());
    let mut seen = BTreeSet::new();
    for (header, left) in headers.iter().zip(&left) {
        let site = header.as_deref().and_then(tellcare::domain::Language::preferred).map(|l| l.code().to_owned());
        assert_eq!(left, &site, "Accept-Language: {header:?}");
        // And the site reads the boiled-down header the same way.
        let again = left.as_deref().and_then(tellcare::domain::Language::preferred).map(|l| l.code().to_owned());
        assert_eq!(again, site);
        seen.insert(left.clone());
    }
    assert_eq!(seen.len(), 3, "cy, en and nothing: {seen:?}");
    let cdn = Cdn::load().unwrap();
    assert!(cdn.default.path_pattern.is_none());
    let default = &raw["Resources"]["Cdn"]["Properties"]["DistributionConfig"]["DefaultCacheBehavior"];
    let associated = format!("{:?}", default["FunctionAssociations"]);
    assert!(associated.contains("viewer-request") && associated.contains("LanguageFunction"), "{associated}");
}

#[tokio::test]
async fn behind_the_cdn_only_its_requests_are_answered_and_each_viewer_is_limited_alone() {
    let secret = "4b1e5a2c-cdn-secret";
    let options =
        tellcare_stack::StackOptions { origin_secret: Some(secret.into()), ..tellcare_stack::StackOptions::isolated() };
    let app = tellcare_stack::testing::spawn_app_with(options).await;
    // Around the CDN, to the API's own address: refused, whatever the route.
    for path in ["/", "/tell", "/api/services"] {
        let direct = app.request(Method::GET, path).send().await.unwrap();
        assert_eq!(direct.status(), 403, "{path}");
        assert_eq!(direct.headers()["cache-control"], "no-store");
    }
    assert_eq!(app.request(Method::GET, "/").header(ORIGIN_HEADER, "guessed").send().await.unwrap().status(), 403);
    let through = |viewer: &'static str| {
        app.request(Method::POST, "/api/stories")
            .header(ORIGIN_HEADER, secret)
            .header("cloudfront-viewer-address", viewer)
            .json(&serde_json::json!({"title": "x"}))
    };
    assert_eq!(app.request(Method::GET, "/").header(ORIGIN_HEADER, secret).send().await.unwrap().status(), 200);
    // The intake's own limit (30 in ten minutes) counts the person CloudFront saw, not the
    // address the gateway saw (CloudFront's, the same for everyone).
    for _ in 0..30 {
        assert_eq!(through("198.51.100.7:41000").send().await.unwrap().status(), 422);
    }
    assert_eq!(through("198.51.100.7:41001").send().await.unwrap().status(), 429, "the same person, another port");
    assert_eq!(through("2001:db8::9:52000").send().await.unwrap().status(), 422, "another person");
}
