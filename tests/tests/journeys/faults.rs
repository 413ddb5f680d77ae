//! Faults, each on a moto of the test's own: an outage of DynamoDB and S3 and SES, SES that
//! throttles and refuses, writes whose answers are lost, and stream batches that come twice
//! and out of order. Nothing a person typed is lost, and every email goes exactly once.

use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Value, json};
use tellcare_stack::StackOptions;
use tellcare_stack::moto::{self, Moto};
use tellcare_stack::streams::StreamFaults;
use tellcare_stack::testing::{TestApp, eventually, eventually_within, spawn_app_on};

/// A moto of this test's own. Started on the test's thread, so it lives as long as the test.
fn own_moto() -> Moto {
    tokio::task::block_in_place(|| Moto::start(None)).expect("moto starts")
}

async fn post_json(app: &TestApp, story: &Value, key: &str) -> reqwest::Response {
    app.request(Method::POST, "/api/stories").header("idempotency-key", key).json(story).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_answers_503_keeping_every_word_and_afterwards_each_story_is_stored_once_and_whole() {
    let moto = own_moto();
    let app = spawn_app_on(&moto.endpoint, StackOptions { seed: true, ..StackOptions::isolated() }).await;
    let seed: Value = app.get("/dev/seed.json").await.json().await.unwrap();
    let service = seed["projects"][2].as_str().unwrap().to_owned();
    let through_link = [
        ("title", "Waiting for the bus home"),
        ("body", "The café volunteers waited with me until the bus came."),
        ("when", "last_week"),
        ("author_role", "carer"),
        ("author_email", "carer@example.org"),
        ("postcode", "ML1 1AA"),
        ("form_token", "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"),
        ("action", "send"),
    ];
    let general = [
        ("title", "Care at home"),
        ("body", "The team came every day and I could stay in my own bed."),
        ("when", "last_month"),
        ("author_role", "patient"),
        ("author_email", "patient@example.org"),
        ("service_ids", service.as_str()),
        ("form_token", "b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2"),
        ("action", "send"),
    ];
    let story = json!({"title": "Told by an app", "body": "Sent over JSON while the table was away.",
        "when": "today", "author_role": "patient", "author_email": "app@example.org", "service_ids": [service]});

    moto::outage(&moto.endpoint, 15.0).await.unwrap();
    let (link_page, general_page, json_answer) = tokio::join!(
        app.post_form("/tell/carers-cafe", &through_link),
        app.post_form("/tell", &general),
        post_json(&app, &story, "app-retry-0001"),
    );
    for (page, fields, action) in
        [(link_page, &through_link[..], "/tell/carers-cafe"), (general_page, &general[..], "/tell")]
    {
        assert_eq!(page.status(), 503, "{action}");
        assert!(page.headers().contains_key("retry-after"), "{action}");
        assert_eq!(page.headers()["cache-control"], "no-store");
        let html = page.text().await.unwrap();
        assert!(html.contains("press Send your story again"), "{action}: {html}");
        assert!(html.contains(&format!("action=\"{action}\"")), "{action} posts where it did");
        for (name, value) in fields.iter().filter(|(name, _)| *name != "action") {
            let shown = value.replace('\'', "&#x27;");
            assert!(html.contains(&shown), "{action}: {name} kept as typed");
        }
    }
    assert_eq!(json_answer.status(), 503);
    assert!(json_answer.headers().contains_key("retry-after"));
    assert_eq!(json_answer.json::<Value>().await.unwrap()["error"]["code"], "unavailable");

    eventually("moto back", || async { (app.get("/healthz").await.status() == 200).then_some(()) }).await;
    let mut locations = Vec::new();
    for (path, fields) in [("/tell/carers-cafe", &through_link[..]), ("/tell", &general[..])] {
        for _ in 0..2 {
            let sent = app.post_form(path, fields).await;
            assert_eq!(sent.status(), 303, "sent again after the outage");
            locations.push(sent.headers()["location"].to_str().unwrap().to_owned());
        }
    }
    assert_eq!(locations[0], locations[1], "a double send through the link is one story");
    assert_eq!(locations[2], locations[3], "and through the general form");
    let first = post_json(&app, &story, "app-retry-0001").await.json::<Value>().await.unwrap();
    let again = post_json(&app, &story, "app-retry-0001").await.json::<Value>().await.unwrap();
    assert_eq!(first["id"], again["id"]);

    let stories = app.stories_in("awaiting_moderation").await;
    assert_eq!(stories.len(), 3, "one story each, none from the outage");
    for story in &stories {
        let id = story["id"].as_s().unwrap();
        let items = app.story_items(id).await;
        assert!(items.contains_key("PRIVATE#original") && items.contains_key("PRIVATE#contact"), "{id} whole");
        assert_eq!(items.keys().filter(|sk| sk.starts_with("AUDIT#")).count(), 1, "{id} received once");
        assert_eq!(items.keys().filter(|sk| sk.starts_with("SERVICE#")).count(), 1, "{id} tagged");
    }
    let link = app.query(None, "pk", "LINK#carers-cafe").await;
    assert_eq!(link[0]["submitted"].as_n().unwrap(), "1", "the link counts the one story it brought");
    for to in ["carer@example.org", "patient@example.org", "app@example.org"] {
        app.email_to(to, "We have your story").await;
    }
    assert_eq!(app.story_mailbox().await.len(), 3, "one receipt each");
    assert!(app.stack.shared.dead_letters.records().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_ses_throttling_and_refusing_answers_lost_and_batches_twice_and_out_of_order_each_email_goes_once() {
    let moto = own_moto();
    let faults = StreamFaults { duplicate: 0.5, reorder: 0.5 };
    let app = spawn_app_on(&moto.endpoint, StackOptions { stream_faults: faults, ..StackOptions::isolated() }).await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 12", None).await;
    for (name, email) in [("Sam", "sam@example.org"), ("Ali", "ali@example.org")] {
        let body = json!({"name": name, "email": email, "job_title": "Nurse", "email_when": "all"});
        let path = format!("/admin/api/services/{ward}/responders");
        assert_eq!(app.staff(Method::POST, &path, &admin, Some(body)).await.0, 201);
    }
    moto::set_faults(&moto.endpoint, &json!({"ses_throttle": 0.3, "ses_reject": 0.2, "dynamodb_lost_answer": 0.05}))
        .await
        .unwrap();
    const STORIES: usize = 6;
    let told = futures::future::join_all((0..STORIES).map(|n| {
        let email = format!("author{n}@example.org");
        let app = &app;
        let ward = ward.clone();
        async move { app.tell(&[&ward], &email, "The nurses explained every step before they took it.").await }
    }))
    .await;
    for id in &told {
        app.publish(&admin, id, 1).await;
    }
    let expected: BTreeMap<String, usize> = (0..STORIES)
        .flat_map(|n| {
            let to = format!("author{n}@example.org");
            [format!("{to} We have your story"), format!("{to} Your story is published")]
        })
        .map(|key| (key, 1))
        .chain(["sam", "ali"].map(|who| (format!("{who}@example.org A story about Ward 12 is published"), STORIES)))
        .collect();
    let total: usize = expected.values().sum();
    // The faults make the notifier wait and retry: a minute at the most.
    let emails = eventually_within("every email", std::time::Duration::from_secs(60), || async {
        let emails = app.story_mailbox().await;
        (emails.len() >= total).then_some(emails)
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let emails = if app.story_mailbox().await.len() > emails.len() { app.story_mailbox().await } else { emails };
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for email in &emails {
        *seen
            .entry(format!("{} {}", email["to"][0].as_str().unwrap(), email["subject"].as_str().unwrap()))
            .or_default() += 1;
    }
    assert_eq!(seen, expected, "each email exactly once");
    let mut invited: Vec<String> = app
        .mailbox()
        .await
        .iter()
        .filter(|e| tellcare_stack::testing::is_invitation(e))
        .map(|e| e["to"][0].as_str().unwrap().to_owned())
        .collect();
    invited.sort();
    assert_eq!(invited, ["ali@example.org", "sam@example.org"], "each new member invited exactly once");
    let injected = moto::faults_injected(&moto.endpoint).await.unwrap();
    for fault in ["ses_throttle", "ses_reject", "dynamodb_lost_answer"] {
        assert!(injected[fault].as_u64().unwrap_or(0) > 0, "{fault} happened: {injected}");
    }
    assert!(app.stack.shared.dead_letters.records().is_empty(), "nothing set aside");
}
