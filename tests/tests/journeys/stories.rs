use std::collections::HashMap;

use reqwest::Method;
use serde_json::{Value, json};
use tellcare_stack::testing::{TestApp, spawn_app};

fn story(service: &str) -> Value {
    json!({
        "title": "The night staff were kind",
        "body": "My mother was frightened at night and the nurses sat with her until she slept.",
        "when": "last_week",
        "author_role": "relative",
        "username": "",
        "author_email": "daughter@example.org",
        "postcode": "ml1 1aa",
        "service_ids": [service],
    })
}

async fn post_story(app: &TestApp, body: &Value, key: Option<&str>) -> (u16, Value, Option<String>) {
    let mut request = app.request(Method::POST, "/api/stories").json(body);
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let retry = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
    (status, response.json().await.unwrap(), retry)
}

#[tokio::test]
async fn a_story_is_stored_whole_with_private_details_kept_apart() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let service = app.create_service(&token, "Ward 7", None).await;

    let (status, body, _) = post_story(&app, &story(&service), None).await;
    assert_eq!((status, body["status"].as_str()), (201, Some("awaiting_moderation")), "{body}");
    let id = body["id"].as_str().unwrap();
    let items = app.story_items(id).await;
    let mut kinds: Vec<&str> = items.keys().map(|k| k.split('#').next().unwrap()).collect();
    kinds.sort();
    assert_eq!(kinds, ["AUDIT", "PRIVATE", "PRIVATE", "SERVICE", "STORY"]);
    let public = &items["STORY"];
    assert_eq!(public["channel"].as_s().unwrap(), "web");
    assert_eq!(public["version"].as_n().unwrap(), "1");
    let username = public["username"].as_s().unwrap();
    assert!(username.len() >= 7 && username.ends_with(|c: char| c.is_ascii_digit()), "generated: {username}");
    assert!(!public.contains_key("author_email") && !public.contains_key("postcode"), "private fields kept apart");
    let contact = &items["PRIVATE#contact"];
    assert_eq!(contact["postcode"].as_s().unwrap(), "ML1 1AA", "normalised");
    assert_eq!(contact["author_email"].as_s().unwrap(), "daughter@example.org");
    assert_eq!(items["PRIVATE#original"]["title"].as_s().unwrap(), "The night staff were kind");

    let suggestion: Value = app.get("/api/usernames/suggestion").await.json().await.unwrap();
    let suggested = suggestion["username"].as_str().unwrap();
    assert!(suggested.chars().all(|c| c.is_ascii_alphanumeric()) && suggested.len() >= 7, "{suggested}");
}

#[tokio::test]
async fn twenty_taps_with_one_key_make_one_story() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let service = app.create_service(&token, "Ward 7", None).await;
    let body = story(&service);

    let answers = futures::future::join_all((0..20).map(|_| post_story(&app, &body, Some("tap-0001")))).await;
    let ids: std::collections::BTreeSet<&str> = answers.iter().map(|(_, b, _)| b["id"].as_str().unwrap()).collect();
    assert!(answers.iter().all(|(status, _, _)| *status == 201), "{answers:?}");
    assert_eq!(ids.len(), 1, "one story for one key: {ids:?}");
    assert_eq!(app.stories_in("awaiting_moderation").await.len(), 1);

    let mut changed = body.clone();
    changed["title"] = json!("A different story");
    let (status, reused, _) = post_story(&app, &changed, Some("tap-0001")).await;
    assert_eq!((status, reused["error"]["code"].as_str()), (409, Some("conflict")));
    assert_eq!(post_story(&app, &body, Some("bad key with spaces")).await.0, 400);
    assert_eq!(app.stories_in("awaiting_moderation").await.len(), 1);
}

#[tokio::test]
async fn each_bad_field_is_named_and_nothing_is_half_stored() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let service = app.create_service(&token, "Ward 7", None).await;

    let bad = json!({"title": "ab", "body": "short", "when": "soon", "author_role": "boss",
        "username": "07700900123", "author_email": "me@", "postcode": "SW1", "service_ids": []});
    let (status, body, _) = post_story(&app, &bad, None).await;
    assert_eq!(status, 422);
    let messages: HashMap<&str, &str> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(messages.len(), 8, "{messages:?}");
    assert!(messages["title"].contains("at least 3"));
    assert!(messages["body"].contains("at least 20"));
    assert!(messages["username"].contains("phone number"));
    assert!(messages["postcode"].contains("UK postcode"));
    assert!(messages["service_ids"].contains("Choose"));

    let mut archived = story(&service);
    let (status, _) = app
        .staff(Method::PATCH, &format!("/admin/api/services/{service}"), &token, Some(json!({"archived": true})))
        .await;
    assert_eq!(status, 200);
    let (status, body, _) = post_story(&app, &archived, None).await;
    assert_eq!((status, body["error"]["fields"][0]["field"].as_str()), (422, Some("service_ids")));
    archived["service_ids"] = json!(["01ARZ3NDEKTSV4RRFFQ69G5FAV"]);
    assert_eq!(post_story(&app, &archived, None).await.0, 422);

    let huge = json!({"title": "Big", "body": "x".repeat(70 * 1024)});
    assert_eq!(post_story(&app, &huge, None).await.0, 413);
    let not_json = app
        .request(Method::POST, "/api/stories")
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    assert_eq!(app.stories_in("awaiting_moderation").await.len(), 0, "nothing half-stored");
}

#[tokio::test]
async fn a_flood_from_one_address_is_told_when_to_come_back() {
    let app = spawn_app().await;
    let bad = json!({"title": "x"});
    for _ in 0..30 {
        assert_eq!(post_story(&app, &bad, None).await.0, 422);
    }
    let (status, body, retry) = post_story(&app, &bad, None).await;
    assert_eq!((status, body["error"]["code"].as_str()), (429, Some("rate_limited")));
    let retry: u64 = retry.expect("Retry-After").parse().unwrap();
    assert!((1..=600).contains(&retry), "{retry}");
}

#[tokio::test]
async fn markup_is_stored_exactly_as_typed() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let service = app.create_service(&token, "Ward 7", None).await;
    let script = "<script>alert(1)</script>";
    let mut body = story(&service);
    body["title"] = json!(format!("{script} title"));
    body["body"] = json!(format!("{script} and a long enough body"));
    let (status, created, _) = post_story(&app, &body, None).await;
    assert_eq!(status, 201);
    let items = app.story_items(created["id"].as_str().unwrap()).await;
    assert_eq!(items["STORY"]["title"].as_s().unwrap(), &format!("{script} title"));
    assert_eq!(items["PRIVATE#original"]["body"].as_s().unwrap(), &format!("{script} and a long enough body"));
}

#[tokio::test]
async fn a_moderator_types_up_a_phone_call_as_a_phone_story() {
    let app = spawn_app().await;
    let service = app.create_service(&app.login("admins").await, "Ward 7", None).await;
    let token = app.login("moderators").await;
    let mut body = story(&service);
    body["channel"] = json!("phone");
    let (status, created) = app.staff(Method::POST, "/admin/api/stories", &token, Some(body.clone())).await;
    assert_eq!((status, created["status"].as_str()), (201, Some("awaiting_moderation")), "{created}");
    let items = app.story_items(created["id"].as_str().unwrap()).await;
    assert_eq!(items["STORY"]["channel"].as_s().unwrap(), "phone");
    let audit = items.iter().find(|(sk, _)| sk.starts_with("AUDIT#")).unwrap().1;
    let by = audit["by"].as_s().unwrap();
    assert!(by != "author" && !by.is_empty(), "the moderator's subject is in the audit trail: {by}");

    body["channel"] = json!("web");
    body["title"] = json!("");
    let (status, refused) = app.staff(Method::POST, "/admin/api/stories", &token, Some(body.clone())).await;
    let fields: Vec<&str> =
        refused["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!((status, fields), (422, vec!["title", "channel"]));
    assert_eq!(app.request(Method::POST, "/admin/api/stories").json(&body).send().await.unwrap().status(), 401);
}

#[tokio::test]
async fn a_form_over_64_kib_is_refused_before_it_is_read() {
    let app = spawn_app().await;
    let response = app
        .request(Method::POST, "/tell")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("title=Big&body={}", "x".repeat(70 * 1024)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    assert!(response.text().await.unwrap().contains("Please shorten your story"));
}
