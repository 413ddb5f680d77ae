use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb::types::AttributeValue;
use reqwest::Method;
use serde_json::{Value, json};
use tellcare::domain::token::{Grant, LinkToken, Purpose};
use tellcare_stack::testing::browser::{axe_violations, browser};
use tellcare_stack::testing::{TestApp, reference_in, spawn_app, spawn_quiet_app};
use time::{Duration, OffsetDateTime};
use tower::ServiceExt;

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

const BODY: &str = "The volunteers made my mother feel at home, though the room was too cold in winter.";

/// A service with a responder and an invitation link, and a story told through the link's
/// form with the author's email and postcode; the service's id, the link's slug, the story's id.
async fn told_through_a_link(app: &TestApp, admin: &str) -> (String, String, String) {
    let cafe = app.create_service(admin, "Carers' Cafe", None).await;
    let responder = json!({"name": "Priya Shah", "email": "priya@example.org", "job_title": "Cafe lead"});
    assert_eq!(
        app.staff(Method::POST, &format!("/admin/api/services/{cafe}/responders"), admin, Some(responder)).await.0,
        201
    );
    let (status, link) = app
        .staff(Method::POST, &format!("/admin/api/services/{cafe}/links"), admin, Some(json!({"label": "Door"})))
        .await;
    assert_eq!(status, 201, "{link}");
    let slug = link["slug"].as_str().unwrap().to_owned();
    let page = app.get(&format!("/tell/{slug}")).await.text().await.unwrap();
    let token = page.split("name=\"form_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let fields = [
        ("title", "A warm welcome, a cold room"),
        ("body", BODY),
        ("when", "last_month"),
        ("author_role", "carer"),
        ("author_email", "carer@example.org"),
        ("postcode", "ml1 1aa"),
        ("form_token", token.as_str()),
    ];
    let sent = app.post_form(&format!("/tell/{slug}"), &fields).await;
    assert_eq!(sent.status(), 303);
    let story = reference_in(&sent).unwrap();
    (cafe, slug, story)
}

/// A working /respond token for the service's first responder, as the notifier would issue.
async fn responder_link(app: &TestApp, admin: &str, service: &str, story: &str) -> LinkToken {
    let (_, found) = app.staff(Method::GET, &format!("/admin/api/services/{service}"), admin, None).await;
    let responder = found["responders"][0]["id"].as_str().unwrap().parse().unwrap();
    let grant = Grant::respond(story.parse().unwrap(), responder, service.parse().unwrap(), OffsetDateTime::now_utc());
    let token = LinkToken::generate();
    app.store().put_token(&token, &grant).await.unwrap();
    token
}

#[tokio::test]
async fn from_a_poster_to_a_public_answer_and_the_authors_reply() {
    let app = spawn_app().await;
    let admin = app.login("admins").await;
    let (cafe, _, id) = told_through_a_link(&app, &admin).await;
    let (status, _) =
        app.staff(Method::POST, &format!("/admin/api/stories/{id}/publish"), &admin, Some(json!({"version": 1}))).await;
    assert_eq!(status, 200);

    // The responder follows their emailed link and answers: a change is planned.
    let invitation = app.email_to("priya@example.org", "A story about Carers' Cafe").await;
    let respond = app.link_in(&invitation, "/respond/");
    let page = app.get(&respond).await.text().await.unwrap();
    assert!(page.contains("A warm welcome, a cold room") && page.contains("Publish your answer"));
    let wrong = app.post_form(&respond, &[("body", "x"), ("change", "")]).await;
    assert_eq!(wrong.status(), 422, "a bad answer comes back as typed");
    assert!(wrong.text().await.unwrap().contains(">x</textarea>"));
    let answer = "Thank you. We are fitting a new heater in the cafe room next month.";
    let answered = app.post_form(&respond, &[("body", answer), ("change", "planned")]).await;
    assert_eq!(answered.status(), 303);
    assert!(location(&answered).starts_with(&format!("/stories/{id}#response-")));

    // The author is told, sees the answer on their own page, and replies.
    let told = app.email_to("carer@example.org", "answered your story").await;
    assert!(
        told["text"].as_str().unwrap().contains(answer) && told["text"].as_str().unwrap().contains("Change planned")
    );
    let mine = app.link_in(&told, "/my-story/");
    let page = app.get(&mine).await.text().await.unwrap();
    assert!(page.contains(answer) && page.contains("Your story is published"));
    let reply = "Thank you, that will make a real difference to us.";
    assert_eq!(app.post_form(&format!("{mine}/reply"), &[("body", reply)]).await.status(), 303);
    let page = app.get(&mine).await.text().await.unwrap();
    assert!(page.contains(reply) && page.contains("Waiting for a moderator"));
    let public = app.get(&format!("/stories/{id}")).await.text().await.unwrap();
    assert!(!public.contains(reply), "a reply waits for a moderator");

    // A moderator finds the reply on the queue page and publishes it; the public page shows
    // everything, newest last.
    let queue = app.page_as(&admin, "/admin").await;
    assert!(queue.contains(&format!("/admin/stories/{id}#replies")), "the reply is on the moderators' list");
    let (_, story) = app.staff(Method::GET, &format!("/admin/api/stories/{id}"), &admin, None).await;
    let reply_id = story["replies"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/admin/api/stories/{id}/replies/{reply_id}/publish");
    assert_eq!(app.staff(Method::POST, &path, &admin, None).await.0, 200);
    assert_eq!(app.staff(Method::POST, &path, &admin, None).await.0, 409, "decided once");
    assert!(!app.page_as(&admin, "/admin").await.contains("#replies"), "and off the list");
    let response = app.get(&format!("/stories/{id}")).await;
    assert_eq!(response.status(), 200);
    let public = response.text().await.unwrap();
    let order = ["A warm welcome, a cold room", BODY, "Change planned", answer, reply];
    let positions: Vec<usize> =
        order.iter().map(|text| public.find(text).unwrap_or_else(|| panic!("{text}"))).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "story, answer, reply in order: {positions:?}");
    assert!(public.contains(&format!("<link rel=\"canonical\" href=\"{}/stories/{id}\">", app.url)));

    // The JSON API says the same, once the indexer has the reply in the story's feed entry.
    let mut opinions: Vec<Value> = vec![];
    for _ in 0..100 {
        opinions = app.get("/api/opinions").await.json().await.unwrap();
        if opinions.first().is_some_and(|o| o["replies"][0]["body"] == reply) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(opinions.len(), 1);
    let opinion = &opinions[0];
    assert_eq!(
        (opinion["id"].as_str(), opinion["services"][0]["name"].as_str()),
        (Some(id.as_str()), Some("Carers' Cafe"))
    );
    assert_eq!(
        (opinion["responses"][0]["change"].as_str(), opinion["replies"][0]["body"].as_str()),
        (Some("planned"), Some(reply))
    );
    let one: Value = app.get(&format!("/api/opinions/{id}")).await.json().await.unwrap();
    assert_eq!(&one, opinion);
    let spec: Value = serde_yaml_ng::from_str(
        &std::fs::read_to_string(tellcare_stack::template::workspace_root().join("openapi.yaml")).unwrap(),
    )
    .unwrap();
    let described: std::collections::BTreeSet<&str> = spec["components"]["schemas"]["Opinion"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let served: std::collections::BTreeSet<&str> = opinion.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(served, described, "openapi.yaml's Opinion is what /api/opinions answers");
    let of_cafe: Vec<Value> = app.get(&format!("/api/opinions?service_id={cafe}&take=5")).await.json().await.unwrap();
    assert_eq!(of_cafe.len(), 1);
    let tomorrow = (OffsetDateTime::now_utc() + Duration::days(1)).date();
    let later: Vec<Value> = app.get(&format!("/api/opinions?from={tomorrow}")).await.json().await.unwrap();
    assert!(later.is_empty());
    assert_eq!(app.get("/api/opinions?take=0").await.status(), 422);
    assert_eq!(app.get("/api/opinions?from=yesterday").await.status(), 422);
    let service_page = app.get(&format!("/services/{cafe}")).await.text().await.unwrap();
    assert!(service_page.contains("A warm welcome, a cold room"));

    let client = browser().await;
    for path in [format!("/stories/{id}"), format!("/services/{cafe}"), respond.clone(), mine.clone()] {
        client.goto(&format!("{}{path}", app.url)).await.unwrap();
        let violations = axe_violations(&client).await;
        assert!(violations.is_empty(), "{path}: {violations:#?}");
    }
    client.close().await.unwrap();

    // Withdrawn: gone from every public route; the emailed link still shows the author.
    assert_eq!(app.post_form(&format!("{mine}/withdraw"), &[]).await.status(), 422, "asks to confirm");
    assert_eq!(app.post_form(&format!("{mine}/withdraw"), &[("confirm", "yes")]).await.status(), 303);
    assert_eq!(app.get(&format!("/stories/{id}")).await.status(), 404);
    assert_eq!(app.get(&format!("/api/opinions/{id}")).await.status(), 404);
    assert!(app.get("/api/opinions").await.json::<Vec<Value>>().await.unwrap().is_empty());
    assert!(!app.get(&format!("/services/{cafe}")).await.text().await.unwrap().contains("A warm welcome"));
    assert!(app.get(&mine).await.text().await.unwrap().contains("You withdrew your story"));
    assert_eq!(app.post_form(&respond, &[("body", "Late answer"), ("change", "none")]).await.status(), 410);
}

#[tokio::test]
async fn an_answer_can_be_changed_or_deleted_for_thirty_minutes_and_not_after() {
    let app = spawn_quiet_app().await;
    let admin = app.login("admins").await;
    let (cafe, _, id) = told_through_a_link(&app, &admin).await;
    app.staff(Method::POST, &format!("/admin/api/stories/{id}/publish"), &admin, Some(json!({"version": 1}))).await;
    let token = responder_link(&app, &admin, &cafe, &id).await;
    let shared = &app.stack.shared;

    // The responses function with a clock the test moves.
    let now = Arc::new(Mutex::new(OffsetDateTime::now_utc()));
    let clock: responses::Clock = {
        let now = now.clone();
        Arc::new(move || *now.lock().unwrap())
    };
    let site = responses::app(responses::Responses::with_clock(&shared.config, &shared.aws, clock));
    let send = |path: String, fields: Vec<(&'static str, &'static str)>| {
        let request = axum::http::Request::post(path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(serde_html_form::to_string(fields).unwrap()))
            .unwrap();
        site.clone().oneshot(request)
    };
    let respond = format!("/respond/{}", token.as_str());
    let answered = send(respond.clone(), vec![("body", "We will look into it."), ("change", "none")]).await.unwrap();
    assert_eq!(answered.status(), 303);
    let answer_id = answered.headers()["location"].to_str().unwrap().split("#response-").nth(1).unwrap().to_owned();
    let change = format!("{respond}/responses/{answer_id}");

    *now.lock().unwrap() += Duration::minutes(29);
    let changed = send(change.clone(), vec![("body", "We have ordered a heater."), ("change", "made")]).await.unwrap();
    assert_eq!(changed.status(), 303, "within 30 minutes");
    let opinion: Value = app.get(&format!("/api/opinions/{id}")).await.json().await.unwrap();
    assert_eq!(
        (opinion["responses"][0]["body"].as_str(), opinion["responses"][0]["change"].as_str()),
        (Some("We have ordered a heater."), Some("made"))
    );

    *now.lock().unwrap() += Duration::minutes(2);
    let late = send(change.clone(), vec![("body", "Too late to change."), ("change", "none")]).await.unwrap();
    assert_eq!(late.status(), 409, "after 30 minutes");
    assert_eq!(send(format!("{change}/delete"), vec![]).await.unwrap().status(), 409);
    let opinion: Value = app.get(&format!("/api/opinions/{id}")).await.json().await.unwrap();
    assert_eq!(opinion["responses"][0]["body"], "We have ordered a heater.");

    // A second answer, deleted in its own 30 minutes.
    let second = send(respond.clone(), vec![("body", "One more thing."), ("change", "none")]).await.unwrap();
    let second_id = second.headers()["location"].to_str().unwrap().split("#response-").nth(1).unwrap().to_owned();
    let deleted = send(format!("{respond}/responses/{second_id}/delete"), vec![]).await.unwrap();
    assert_eq!(deleted.status(), 303);
    let opinion: Value = app.get(&format!("/api/opinions/{id}")).await.json().await.unwrap();
    assert_eq!(opinion["responses"].as_array().unwrap().len(), 1);

    // Expired links say so, and unknown ones say nothing.
    *now.lock().unwrap() += Duration::days(31);
    let get =
        |path: String| site.clone().oneshot(axum::http::Request::get(path).body(axum::body::Body::empty()).unwrap());
    let expired = get(respond.clone()).await.unwrap();
    assert_eq!(expired.status(), 410);
    let page = axum::body::to_bytes(expired.into_body(), 1 << 20).await.unwrap();
    assert!(String::from_utf8_lossy(&page).contains("Email me a new link"));
    assert_eq!(get(format!("/respond/{}", LinkToken::generate().as_str())).await.unwrap().status(), 404);

    // The expired link asks for a new one: emailed once, however often it is pressed today.
    for _ in 0..2 {
        assert_eq!(send(format!("{respond}/renew"), vec![]).await.unwrap().status(), 200);
    }
    let batch = app.audit_batch(&id).await;
    assert_eq!(
        batch.records.iter().filter(|r| format!("{:?}", r.change.new_image).contains("link_requested")).count(),
        1
    );
    assert!(app.notifier().handle(batch).await.batch_item_failures.is_empty());
    let emails = app.mailbox().await;
    let renewed = emails.iter().find(|e| e["subject"] == "Your new link").expect("the new link");
    assert_eq!(renewed["to"][0], "priya@example.org");
    let fresh = app.link_in(renewed, "/respond/");
    assert_ne!(fresh, respond);
    // Issued by the notifier at the real time: the stack's own clock opens it.
    assert_eq!(app.get(&fresh).await.status(), 200, "the new link works");
}

#[tokio::test]
async fn what_each_page_view_costs_in_dynamodb_requests() {
    let app = spawn_quiet_app().await;
    let admin = app.login("admins").await;
    let (cafe, _, id) = told_through_a_link(&app, &admin).await;
    app.staff(Method::POST, &format!("/admin/api/stories/{id}/publish"), &admin, Some(json!({"version": 1}))).await;
    let shared = &app.stack.shared;
    let respond = responder_link(&app, &admin, &cafe, &id).await;
    let mine = LinkToken::generate();
    let author = Grant::new(Purpose::Author, id.parse().unwrap(), OffsetDateTime::now_utc());
    app.store().put_token(&mine, &author).await.unwrap();
    let answer_path = format!("/respond/{}", respond.as_str());
    let answered = app.post_form(&answer_path, &[("body", "Thank you."), ("change", "none")]).await;
    assert_eq!(answered.status(), 303);
    // The indexer keeps the story's feed entries from the stream: wait for the answer in them.
    for _ in 0..100 {
        if app.get("/feed.atom").await.text().await.unwrap().contains("Thank you.") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let listed: Vec<Value> = app.get("/api/opinions").await.json().await.unwrap();
    let one: Value = app.get(&format!("/api/opinions/{id}")).await.json().await.unwrap();
    assert_eq!(
        listed,
        std::slice::from_ref(&one),
        "the list, from the feed entry, shows what the story's own read does"
    );

    let meter = &shared.meter;
    meter.take();
    let mut costs = Vec::new();
    for path in [
        format!("/stories/{id}"),
        format!("/services/{cafe}"),
        "/api/opinions".to_owned(),
        format!("/api/opinions/{id}"),
        format!("/respond/{}", respond.as_str()),
        format!("/my-story/{}", mine.as_str()),
    ] {
        assert_eq!(app.get(&path).await.status(), 200, "{path}");
        costs.push(format!("{}: {}", path.split('/').nth(1).unwrap(), meter.take_cost()));
    }
    assert_eq!(
        costs,
        [
            "stories: Query",
            "services: BatchGetItem + Query + Query",
            "api: BatchGetItem + Query",
            "api: Query",
            "respond: GetItem + Query + Query",
            "my-story: GetItem + Query",
        ],
        "a story page is one Query; a service page its index, the tree and its twelve months' report cells; the list one Query and one BatchGetItem of its feed entries; \
         a responder's page its token, the story and the service's responders (still one of them?)"
    );

    // An entry written before the entries had all their fields (as one left by an older
    // indexer would be): the list reads that story whole rather than show less.
    let entry = tellcare::store::keys::feed_entry(id.parse().unwrap(), &tellcare::store::FeedScope::Site.code());
    shared
        .aws
        .dynamodb
        .update_item()
        .table_name(&shared.config.table_name)
        .key("pk", AttributeValue::S(entry.pk))
        .key("sk", AttributeValue::S(entry.sk))
        .update_expression("REMOVE author_role, replies")
        .send()
        .await
        .unwrap();
    meter.take();
    let listed: Vec<Value> = app.get("/api/opinions").await.json().await.unwrap();
    assert_eq!(listed, [one], "an entry of an older shape: the story read afresh, nothing missing");
    assert_eq!(meter.take_cost(), "BatchGetItem + Query + Query", "its entry, then the story's own read");
}

#[tokio::test]
async fn published_stories_page_newest_first_in_the_api_and_on_the_service_page() {
    let app = spawn_quiet_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let mut published = Vec::new();
    for _ in 0..21 {
        let id = app.tell(&[&ward], "", BODY).await;
        let (status, _) = app
            .staff(Method::POST, &format!("/admin/api/stories/{id}/publish"), &admin, Some(json!({"version": 1})))
            .await;
        assert_eq!(status, 200);
        published.push(id);
    }
    published.reverse(); // newest first
    let ids = |opinions: Vec<Value>| -> Vec<String> {
        opinions.iter().map(|o| o["id"].as_str().unwrap().to_owned()).collect()
    };
    let first: Vec<Value> = app.get("/api/opinions?take=2").await.json().await.unwrap();
    assert_eq!(ids(first), published[..2]);
    let later: Vec<Value> =
        app.get(&format!("/api/opinions?skip=19&take=5&service_id={ward}")).await.json().await.unwrap();
    assert_eq!(ids(later), published[19..]);
    // The Link header's cursor walks the whole list, each page reading only what it shows.
    let (mut walked, mut next) = (Vec::new(), Some(format!("/api/opinions?take=8&service_id={ward}")));
    while let Some(path) = next.take() {
        let answer = app.get(&path).await;
        let link = answer.headers().get("link").map(|l| l.to_str().unwrap().to_owned());
        walked.extend(ids(answer.json().await.unwrap()));
        next = link.map(|l| l.trim_start_matches('<').split_once(">; rel=\"next\"").unwrap().0.to_owned());
    }
    assert_eq!(walked, published, "three pages by cursor, none twice, none left out");
    for bad in ["skip=101", "cursor=not-a-cursor", "take=101"] {
        let answer = app.get(&format!("/api/opinions?{bad}")).await;
        assert_eq!(answer.status(), 422, "{bad}");
    }

    let page_one = app.get(&format!("/services/{ward}")).await.text().await.unwrap();
    let older = page_one.split("?after=").nth(1).and_then(|rest| rest.split('"').next()).expect("Older stories");
    let page_two = app.get(&format!("/services/{ward}?after={older}")).await.text().await.unwrap();
    let shown = |page: &str| published.iter().filter(|id| page.contains(&format!("/stories/{id}"))).count();
    assert_eq!((shown(&page_one), shown(&page_two)), (20, 1));
    assert!(page_one.contains("\">Older stories") && !page_two.contains("Older stories"));
    assert!(page_two.contains(&format!("/stories/{}", published[20])) && page_two.contains("Newest stories"));
    let by_number = app.get(&format!("/services/{ward}?page=2")).await.text().await.unwrap();
    assert_eq!(shown(&by_number), 1, "an old address by page number still works");
    // Found by schemathesis: a page number past the last overflowed, and the connection dropped.
    for page in ["page=0", "page=6", "page=1000000000000", "page=2432902008176639999", "after=x"] {
        let answer = app.get(&format!("/services/{ward}?{page}")).await;
        assert_eq!(answer.status(), 422, "{page}");
        assert!(answer.text().await.unwrap().contains("Older stories"));
    }
}

/// The one-time token of the form on a page.
fn form_token_in(page: &str, action: &str) -> String {
    let form = page.split(&format!("action=\"{action}\"")).nth(1).expect("the form");
    form.split("name=\"form_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_double_tap_publishes_one_answer_and_keeps_one_reply() {
    let app = spawn_quiet_app().await;
    let admin = app.login("admins").await;
    let (cafe, _, id) = told_through_a_link(&app, &admin).await;
    app.publish(&admin, &id, 1).await;
    let respond = format!("/respond/{}", responder_link(&app, &admin, &cafe, &id).await.as_str());
    let token = form_token_in(&app.get(&respond).await.text().await.unwrap(), &respond);
    let fields = [("body", "Thank you: we will warm the room."), ("change", "planned"), ("form_token", token.as_str())];
    let (first, second) = tokio::join!(app.post_form(&respond, &fields), app.post_form(&respond, &fields));
    assert_eq!((first.status(), second.status()), (reqwest::StatusCode::SEE_OTHER, reqwest::StatusCode::SEE_OTHER));
    assert_eq!(location(&first), location(&second), "both go to the one answer");
    let opinion: Value = app.get(&format!("/api/opinions/{id}")).await.json().await.unwrap();
    assert_eq!(opinion["responses"].as_array().unwrap().len(), 1, "{opinion}");
    let fresh = "f".repeat(32);
    let again = [("body", "A second answer, from a fresh page."), ("change", "none"), ("form_token", fresh.as_str())];
    assert_eq!(app.post_form(&respond, &again).await.status(), 303, "a new form is a new answer");
    let opinion: Value = app.get(&format!("/api/opinions/{id}")).await.json().await.unwrap();
    assert_eq!(opinion["responses"].as_array().unwrap().len(), 2);

    let author = LinkToken::generate();
    let grant = Grant::new(Purpose::Author, id.parse().unwrap(), OffsetDateTime::now_utc());
    app.store().put_token(&author, &grant).await.unwrap();
    let reply_path = format!("/my-story/{}/reply", author.as_str());
    let page = app.get(&format!("/my-story/{}", author.as_str())).await.text().await.unwrap();
    let token = form_token_in(&page, &reply_path);
    let fields = [("body", "Thank you for answering so quickly."), ("form_token", token.as_str())];
    let (first, second) = tokio::join!(app.post_form(&reply_path, &fields), app.post_form(&reply_path, &fields));
    assert_eq!((first.status(), second.status()), (reqwest::StatusCode::SEE_OTHER, reqwest::StatusCode::SEE_OTHER));
    let replies = app.story_items(&id).await.into_keys().filter(|sk| sk.starts_with("REPLY#")).count();
    assert_eq!(replies, 1, "one reply for one form");
}
