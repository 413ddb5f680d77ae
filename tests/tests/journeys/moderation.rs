use fantoccini::Locator;
use reqwest::Method;
use serde_json::{Value, json};
use tellcare_stack::testing::browser::{axe_violations, browser};
use tellcare_stack::testing::{TestApp, spawn_app, spawn_quiet_app};

const BODY: &str = "Nurse Sarah sat with my mother all night. Her NHS number is 943 476 5919, not 943 476 5918.";

async fn act(app: &TestApp, token: &str, id: &str, action: &str, body: Value) -> (u16, Value) {
    app.staff(Method::POST, &format!("/admin/api/stories/{id}/{action}"), token, Some(body)).await
}

fn actions(story: &Value) -> Vec<String> {
    story["audit"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn moderators_edit_then_publish_and_the_audit_trail_holds_every_step() {
    let app = spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let cafe = app.create_service(&admin, "Carers' Cafe", None).await;
    let id = app.tell(&[&ward], "daughter@example.org", BODY).await;
    let moderator = app.login("moderators").await;

    let (status, queue) = app.staff(Method::GET, "/admin/api/queue", &moderator, None).await;
    assert_eq!(status, 200, "{queue}");
    let item = &queue.as_array().unwrap()[0];
    assert_eq!(item["id"], id.as_str());
    let hints: Vec<(&str, &str)> = item["pii_hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["kind"].as_str().unwrap(), h["text"].as_str().unwrap()))
        .collect();
    assert_eq!(hints, [("name", "Sarah"), ("nhs_number", "943 476 5919")], "the invalid NHS number is no hint");
    let nhs = &item["pii_hints"][1];
    let start = nhs["start"].as_u64().unwrap() as usize;
    assert_eq!(BODY.chars().skip(start).take(12).collect::<String>(), "943 476 5919");

    let edit = json!({"version": 1, "title": "Kind night staff", "body": BODY.replace("Nurse Sarah", "A nurse"),
        "criticality": 1, "service_ids": [ward, cafe], "tags": ["Night care"]});
    let (status, story) = app.staff(Method::PATCH, &format!("/admin/api/stories/{id}"), &moderator, Some(edit)).await;
    assert_eq!(status, 200, "{story}");
    assert_eq!((story["version"].as_u64(), story["criticality"].as_u64()), (Some(2), Some(1)));
    assert_eq!(story["original"]["title"], "The night staff were kind", "the original is kept");
    let edited = &story["audit"][1];
    let fields: Vec<&str> =
        edited["changes"].as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["title", "body", "service_ids", "criticality", "tags"]);
    assert_eq!(
        (edited["changes"][0]["before"].as_str(), edited["changes"][0]["after"].as_str()),
        (Some("The night staff were kind"), Some("Kind night staff"))
    );
    assert_eq!(edited["by_name"], "local-moderators");

    // A moderator who still has version 1 open is told what changed, and changes nothing.
    let stale = json!({"version": 1, "title": "Someone else's title"});
    let (status, body) = app.staff(Method::PATCH, &format!("/admin/api/stories/{id}"), &admin, Some(stale)).await;
    assert_eq!(status, 409, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("version 1") && message.contains("version 2") && message.contains("title"), "{message}");

    let (status, story) = act(&app, &moderator, &id, "publish", json!({"version": 2})).await;
    assert_eq!((status, story["status"].as_str()), (200, Some("published")), "{story}");
    assert!(story["published_at"].is_string());
    assert_eq!(actions(&story), ["received", "edited", "published"]);
    assert_eq!(story["audit"][2]["from_status"], "awaiting_moderation");
    assert_eq!(story["audit"][2]["to_status"], "published");

    let items = app.story_items(&id).await;
    for service in [&ward, &cafe] {
        let tag = &items[&format!("SERVICE#{service}")];
        assert_eq!(tag["gsi2pk"].as_s().unwrap(), &format!("PUBLISHED#{service}"), "on the service's page");
    }
    assert!(app.stories_in("awaiting_moderation").await.is_empty());
    assert_eq!(app.stories_in("published").await.len(), 1);
    let (_, published) = app.staff(Method::GET, "/admin/api/queue?status=published", &moderator, None).await;
    assert_eq!(published.as_array().unwrap().len(), 1);
    let (status, _) = app.staff(Method::GET, "/admin/api/queue?status=lost", &moderator, None).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn two_publishes_at_once_give_one_success_and_one_conflict() {
    let app = spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let id = app.tell(&[&ward], "", BODY).await;
    let (a, b) = (app.login("moderators").await, app.login("admins").await);

    let (first, second) = tokio::join!(
        act(&app, &a, &id, "publish", json!({"version": 1})),
        act(&app, &b, &id, "publish", json!({"version": 1}))
    );
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{first:?} {second:?}");
    let (_, story) = app.staff(Method::GET, &format!("/admin/api/stories/{id}"), &a, None).await;
    assert_eq!(actions(&story), ["received", "published"], "one publish, once in the trail");
    assert_eq!(story["version"], 2);
}

#[tokio::test]
async fn each_forbidden_transition_is_refused_with_its_reason() {
    let app = spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let id = app.tell(&[&ward], "", BODY).await;
    let token = app.login("moderators").await;
    let refused = |answer: (u16, Value), words: &str| {
        assert_eq!(answer.0, 409, "{answer:?}");
        let message = answer.1["error"]["message"].as_str().unwrap().to_owned();
        assert!(message.contains(words), "{message} should say {words}");
    };

    let (status, body) = act(&app, &token, &id, "reject", json!({"version": 1})).await;
    assert_eq!((status, body["error"]["fields"][0]["field"].as_str()), (422, Some("reason")));
    assert_eq!(act(&app, &token, &id, "publish", json!({})).await.0, 422, "no version");
    refused(act(&app, &token, &id, "reopen", json!({"version": 1})).await, "Only a rejected story");
    refused(
        act(&app, &token, &id, "contact-author", json!({"version": 1, "message": "When was this?"})).await,
        "no email",
    );

    let (status, story) =
        act(&app, &token, &id, "reject", json!({"version": 1, "reason": "It names a patient."})).await;
    assert_eq!((status, story["status"].as_str()), (200, Some("rejected")));
    refused(act(&app, &token, &id, "publish", json!({"version": 2})).await, "Re-open it");
    refused(act(&app, &token, &id, "hold", json!({"version": 2, "note": "Check"})).await, "Re-open it");
    let patch = json!({"version": 2, "title": "A new title"});
    refused(app.staff(Method::PATCH, &format!("/admin/api/stories/{id}"), &token, Some(patch)).await, "Re-open it");

    let (_, story) = act(&app, &token, &id, "reopen", json!({"version": 2})).await;
    assert_eq!(story["status"], "awaiting_moderation");
    let (_, story) = act(&app, &token, &id, "hold", json!({"version": 3, "note": "Ask the ward first."})).await;
    assert_eq!(story["status"], "on_hold");
    refused(act(&app, &token, &id, "hold", json!({"version": 4, "note": "Again"})).await, "already on hold");
    let (_, story) = act(&app, &token, &id, "publish", json!({"version": 4})).await;
    assert_eq!(story["status"], "published");
    refused(act(&app, &token, &id, "reject", json!({"version": 5, "reason": "Too late"})).await, "published");
    assert_eq!(actions(&story), ["received", "rejected", "reopened", "held", "published"]);
    assert_eq!(story["audit"][1]["note"], "It names a patient.");

    let with_email = app.tell(&[&ward], "author@example.org", BODY).await;
    let (_, asked) =
        act(&app, &token, &with_email, "contact-author", json!({"version": 1, "message": "Which night?"})).await;
    assert_eq!(asked["status"], "awaiting_author");
    refused(
        act(&app, &token, &with_email, "contact-author", json!({"version": 2, "message": "Hello?"})).await,
        "asked already",
    );

    let missing = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
    assert_eq!(act(&app, &token, missing, "publish", json!({"version": 1})).await.0, 404);
    let unauthenticated = app.request(Method::GET, "/admin/api/queue").send().await.unwrap();
    assert_eq!(unauthenticated.status(), 401);
    let stranger = app.sign(&app.claims("visitors"));
    assert_eq!(app.staff(Method::GET, "/admin/api/queue", &stranger, None).await.0, 403);
}

/// Text as the pages escape it (askama's HTML escaping).
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}

/// The session cookie and CSRF token a signed-in browser would have.
fn session(app: &TestApp, group: &str) -> (String, String) {
    let token = app.sign(&app.claims(group));
    let csrf = tellcare::signin::csrf_token(&token);
    (format!("{}={token}", tellcare::web::ADMIN_COOKIE), csrf)
}

#[tokio::test]
async fn the_editor_refuses_forged_forms_and_shows_what_someone_else_changed() {
    let app = spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let id = app.tell(&[&ward], "", BODY).await;
    let (cookie, csrf) = session(&app, "moderators");
    let form = |csrf: &str, title: &str, version: u64| {
        vec![
            ("csrf", csrf.to_owned()),
            ("version", version.to_string()),
            ("edit", "1".to_owned()),
            ("title", title.to_owned()),
            ("body", BODY.to_owned()),
            ("service_ids", ward.clone()),
            ("criticality", "2".to_owned()),
            ("action", "save".to_owned()),
        ]
    };
    let post = |cookie: Option<&str>, fields: Vec<(&'static str, String)>| {
        let mut request = app
            .request(Method::POST, &format!("/admin/stories/{id}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_html_form::to_string(&fields).unwrap());
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };

    let anonymous = post(None, form(&csrf, "Kind night staff", 1)).await.unwrap();
    assert_eq!((anonymous.status().as_u16(), anonymous.headers()["location"].to_str().unwrap()), (303, "/admin/login"));
    let forged = post(Some(&cookie), form("0123456789abcdef0123456789abcdef", "Kind night staff", 1)).await.unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(app.stories_in("awaiting_moderation").await[0]["version"].as_n().unwrap(), "1", "nothing changed");

    // Someone else edits first; this moderator's form, from version 1, comes back with their
    // own typing kept and the other's change shown.
    let other = json!({"version": 1, "title": "The other moderator's title"});
    assert_eq!(app.staff(Method::PATCH, &format!("/admin/api/stories/{id}"), &admin, Some(other)).await.0, 200);
    let stale = post(Some(&cookie), form(&csrf, "My <own> title", 1)).await.unwrap();
    assert_eq!(stale.status(), 409);
    let page = stale.text().await.unwrap();
    assert!(page.contains("Someone else changed this story"), "{page}");
    assert!(page.contains(&escaped("The other moderator's title")), "{page}");
    let kept = format!("value=\"{}\"", escaped("My <own> title"));
    assert!(page.contains(&kept) && !page.contains("My <own>"), "the typed title is kept, escaped");
    assert!(page.contains("name=\"version\" value=\"2\""), "a second save is a deliberate one over version 2");

    let saved = post(Some(&cookie), form(&csrf, "My own title", 2)).await.unwrap();
    assert_eq!(saved.status(), 303);
    let story = &app.stories_in("awaiting_moderation").await[0];
    assert_eq!(
        (story["title"].as_s().unwrap().as_str(), story["criticality"].as_n().unwrap().as_str()),
        ("My own title", "2")
    );
}

#[tokio::test]
async fn a_moderator_signs_in_edits_and_publishes_through_the_pages() {
    let app = spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let id = app.tell(&[&ward], "son@example.org", BODY).await;

    let client = browser().await;
    client.goto(&format!("{}/admin", app.url)).await.unwrap();
    // The hosted UI's stand-in, reached through /admin/login with a PKCE challenge.
    client.find(Locator::Css("button[value=moderators]")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("table")).await.unwrap();
    assert_eq!(client.current_url().await.unwrap().path(), "/admin");
    let row = client.find(Locator::Css("tbody tr")).await.unwrap().text().await.unwrap();
    assert!(row.contains("The night staff were kind") && row.contains("Ward 7") && row.contains("NHS number"), "{row}");
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "queue: {violations:#?}");

    client.find(Locator::LinkText("The night staff were kind")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("#title")).await.unwrap();
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "editor: {violations:#?}");
    let title = client.find(Locator::Css("#title")).await.unwrap();
    title.clear().await.unwrap();
    title.send_keys("Kind night staff").await.unwrap();
    client.find(Locator::Css("label[for=criticality-0]")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("button[value=publish]")).await.unwrap().click().await.unwrap();
    let notice = client.wait().for_element(Locator::Css(".notice")).await.unwrap().text().await.unwrap();
    assert_eq!(notice, "The story is published.");
    let trail = client.find(Locator::Css("main > table")).await.unwrap().text().await.unwrap();
    assert!(
        trail.contains("published") && trail.contains("“The night staff were kind” → “Kind night staff”"),
        "{trail}"
    );

    let (_, story) = app.staff(Method::GET, &format!("/admin/api/stories/{id}"), &admin, None).await;
    assert_eq!((story["status"].as_str(), story["title"].as_str()), (Some("published"), Some("Kind night staff")));
    assert_eq!(actions(&story), ["received", "published"]);
    assert_eq!(story["audit"][1]["by_name"], "local-moderators");

    // Moderators moderate: the services pages are the admins', and a moderator is told so.
    assert!(client.find(Locator::LinkText("Services")).await.is_err(), "no Services link for a moderator");
    client.goto(&format!("{}/admin/services", app.url)).await.unwrap();
    let refused = client.find(Locator::Css("body")).await.unwrap().text().await.unwrap();
    assert!(refused.contains("You do not manage this service"), "{refused}");
    assert!(axe_violations(&client).await.is_empty(), "the refusal page");
    client.delete_all_cookies().await.unwrap();
    client.goto(&format!("{}/admin", app.url)).await.unwrap();
    client.find(Locator::Css("button[value=admins]")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::LinkText("Services")).await.unwrap();

    for path in ["/admin/services".to_owned(), "/admin?status=published".to_owned(), format!("/admin/services/{ward}")]
    {
        client.goto(&format!("{}{path}", app.url)).await.unwrap();
        let violations = axe_violations(&client).await;
        assert!(violations.is_empty(), "{path}: {violations:#?}");
    }
    // A responder added on the service's page, with a mistake corrected on the way.
    client.find(Locator::Css("#name")).await.unwrap().send_keys("Sam Jones").await.unwrap();
    client.find(Locator::Css("#job_title")).await.unwrap().send_keys("Ward manager").await.unwrap();
    client.find(Locator::Css("#email")).await.unwrap().send_keys("sam@").await.unwrap();
    client.find(Locator::XPath("//button[text()='Add the member']")).await.unwrap().click().await.unwrap();
    let summary = client.wait().for_element(Locator::Css(".error-summary")).await.unwrap().text().await.unwrap();
    assert!(summary.contains("email"), "{summary}");
    assert_eq!(
        client.find(Locator::Css("#name")).await.unwrap().prop("value").await.unwrap().as_deref(),
        Some("Sam Jones")
    );
    let email = client.find(Locator::Css("#email")).await.unwrap();
    email.clear().await.unwrap();
    email.send_keys("sam.jones@example.org").await.unwrap();
    client.find(Locator::XPath("//button[text()='Add the member']")).await.unwrap().click().await.unwrap();
    let notice = client.wait().for_element(Locator::Css(".notice")).await.unwrap().text().await.unwrap();
    assert_eq!(notice, "The responder is added.");

    client.find(Locator::Css("nav button")).await.unwrap().click().await.unwrap();
    let signed_out = format!("{}/admin/signed-out", app.url).parse().unwrap();
    client.wait().for_url(&signed_out).await.unwrap();
    client.goto(&format!("{}/admin", app.url)).await.unwrap();
    assert!(client.current_url().await.unwrap().path().starts_with("/dev/cognito/"), "signed out means signed out");
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_callback_without_the_sign_in_it_started_is_refused() {
    let app = spawn_app().await;
    let start = app.get("/admin/login").await;
    assert_eq!(start.status(), 303);
    let authorize = start.headers()["location"].to_str().unwrap().to_owned();
    assert!(authorize.contains("code_challenge_method=S256") && authorize.contains("code_challenge="), "{authorize}");
    let cookie = start.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");

    let forged = app.get("/admin/callback?code=abc&state=def").await;
    assert_eq!(forged.status(), 401);
    let signin = cookie.split(';').next().unwrap().to_owned();
    let wrong_state = app
        .request(Method::GET, "/admin/callback?code=abc&state=not-the-one")
        .header("cookie", signin)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_state.status(), 401);
}

#[tokio::test]
async fn staff_manage_a_service_its_links_and_responders_from_its_page() {
    let app = spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let (cookie, csrf) = session(&app, "admins");
    let post = |path: String, fields: Vec<(&'static str, &str)>| {
        let mut fields: Vec<(&str, String)> = fields.into_iter().map(|(k, v)| (k, v.to_owned())).collect();
        fields.push(("csrf", csrf.clone()));
        app.request(Method::POST, &path)
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_html_form::to_string(&fields).unwrap())
            .send()
    };

    let made =
        post(format!("/admin/services/{ward}/links"), vec![("label", "Ward 7 entrance"), ("welcome_message", "")]);
    assert_eq!(made.await.unwrap().status(), 303);
    let (_, links) = app.staff(Method::GET, &format!("/admin/api/services/{ward}/links"), &admin, None).await;
    let slug = links[0]["slug"].as_str().unwrap().to_owned();
    assert_eq!(app.get(&format!("/tell/{slug}")).await.status(), 200);

    let off = post(format!("/admin/links/{slug}/switch"), vec![("to", "off")]).await.unwrap();
    assert_eq!(off.headers()["location"].to_str().unwrap(), format!("/admin/services/{ward}?done=link-off"));
    assert_eq!(app.get(&format!("/tell/{slug}")).await.status(), 410, "a switched-off link says where else to go");
    post(format!("/admin/links/{slug}/switch"), vec![("to", "on")]).await.unwrap();
    assert_eq!(app.get(&format!("/tell/{slug}")).await.status(), 200);

    let bad =
        post(format!("/admin/services/{ward}"), vec![("name", "W"), ("description", "Night <ward>")]).await.unwrap();
    assert_eq!(bad.status(), 422);
    let page = bad.text().await.unwrap();
    assert!(page.contains("value=\"W\"") && page.contains(&escaped("Night <ward>")), "kept as typed: {page}");
    let archived =
        post(format!("/admin/services/{ward}"), vec![("name", "Ward Seven"), ("description", ""), ("archived", "yes")]);
    assert_eq!(archived.await.unwrap().status(), 303);
    let (_, service) = app.staff(Method::GET, &format!("/admin/api/services/{ward}"), &admin, None).await;
    assert_eq!((service["name"].as_str(), service["archived"].as_bool()), (Some("Ward Seven"), Some(true)));

    let added = post(
        format!("/admin/services/{ward}/responders"),
        vec![("name", "Sam"), ("job_title", "Manager"), ("email", "sam@example.org")],
    );
    assert_eq!(added.await.unwrap().status(), 303);
    let again = post(
        format!("/admin/services/{ward}/responders"),
        vec![("name", "Sam"), ("job_title", "Manager"), ("email", "sam@example.org")],
    );
    let again = again.await.unwrap();
    assert_eq!(again.status(), 409, "the same address twice");
    assert!(again.text().await.unwrap().contains("already has a member"));
    let (_, service) = app.staff(Method::GET, &format!("/admin/api/services/{ward}"), &admin, None).await;
    let responder = service["responders"][0]["id"].as_str().unwrap().to_owned();
    let removed = post(format!("/admin/services/{ward}/responders/{responder}/remove"), vec![]).await.unwrap();
    assert_eq!(removed.status(), 303);
    let (_, service) = app.staff(Method::GET, &format!("/admin/api/services/{ward}"), &admin, None).await;
    assert!(service["responders"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn what_each_moderation_step_costs_in_dynamodb_requests() {
    // The notifier's own requests (it reads the stream meanwhile) are not the step's.
    let app = spawn_quiet_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let id = app.tell(&[&ward], "", BODY).await;
    let meter = &app.stack.shared.meter;
    let (cookie, _) = session(&app, "moderators");
    let mut costs = Vec::new();
    let mut cost = |step: &str| costs.push(format!("{step}: {}", meter.take_cost()));
    meter.take();

    app.staff(Method::GET, "/admin/api/queue", &admin, None).await;
    cost("queue (JSON)");
    app.staff(Method::GET, &format!("/admin/api/stories/{id}"), &admin, None).await;
    cost("story (JSON)");
    let edit = json!({"version": 1, "title": "Kind night staff"});
    app.staff(Method::PATCH, &format!("/admin/api/stories/{id}"), &admin, Some(edit.clone())).await;
    cost("edit");
    app.staff(Method::PATCH, &format!("/admin/api/stories/{id}"), &admin, Some(json!({"version": 2}))).await;
    cost("edit that changes nothing");
    act(&app, &admin, &id, "publish", json!({"version": 1})).await;
    cost("stale action");
    act(&app, &admin, &id, "publish", json!({"version": 2})).await;
    cost("publish");
    for path in ["/admin".to_owned(), format!("/admin/stories/{id}")] {
        app.request(Method::GET, &path).header("cookie", &cookie).send().await.unwrap();
        cost(&format!("page {path}"));
    }
    // Each read of a story is two Queries at once: its partition, and its private parts in the
    // private table (docs/PRIVACY.md).
    let story_page = format!("page /admin/stories/{id}: Query + Query + Query");
    assert_eq!(
        costs,
        [
            "queue (JSON): Query",
            "story (JSON): Query + Query",
            "edit: Query + Query + TransactWriteItems",
            "edit that changes nothing: Query + Query",
            "stale action: Query + Query",
            "publish: Query + Query + Query + TransactWriteItems",
            "page /admin: Query + Query + Query",
            story_page.as_str(),
        ]
    );
}

#[tokio::test]
async fn the_editors_other_forms_hold_ask_reopen_and_reject_and_the_authors_answer_returns_to_the_queue() {
    let app = spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let id = app.tell(&[&ward], "author@example.org", BODY).await;
    let (cookie, csrf) = session(&app, "moderators");
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let mut fields = fields;
        fields.push(("csrf", csrf.clone()));
        app.request(Method::POST, &path)
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_html_form::to_string(&fields).unwrap())
            .send()
    };
    let status_now = || async {
        let (_, story) = app.staff(Method::GET, &format!("/admin/api/stories/{id}"), &admin, None).await;
        story["status"].as_str().unwrap().to_owned()
    };
    let act = |action: &str, version: u64, words: Option<(&'static str, &'static str)>| {
        let mut fields = vec![("version", version.to_string())];
        fields.extend(words.map(|(field, text)| (field, text.to_owned())));
        post(format!("/admin/stories/{id}/{action}"), fields)
    };

    let empty = act("hold", 1, Some(("note", ""))).await.unwrap();
    assert_eq!(empty.status(), 422, "a hold needs its note");
    let held = act("hold", 1, Some(("note", "Ask the ward first."))).await.unwrap();
    assert_eq!(held.headers()["location"].to_str().unwrap(), format!("/admin/stories/{id}?done=held"));
    assert_eq!(status_now().await, "on_hold");
    let twice = act("hold", 2, Some(("note", "Again."))).await.unwrap();
    assert_eq!(twice.status(), 409);
    assert!(twice.text().await.unwrap().contains("already on hold"), "the page says why");
    assert_eq!(act("reopen", 2, None).await.unwrap().status(), 303);
    assert_eq!(status_now().await, "awaiting_moderation");
    assert_eq!(act("contact-author", 3, Some(("message", "Which night was it?"))).await.unwrap().status(), 303);
    assert_eq!(status_now().await, "awaiting_author");
    assert_eq!(act("no-such-action", 4, None).await.unwrap().status(), 404);

    // The author is asked by email, answers on their page, and the story is back in the queue.
    let asked = app.email_to("author@example.org", "A question about your story").await;
    assert!(asked["text"].as_str().unwrap().contains("Which night was it?"));
    let mine = app.link_in(&asked, "/my-story/");
    let replied = app
        .request(Method::POST, &format!("{mine}/reply"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("body=It+was+the+Tuesday+night.")
        .send()
        .await
        .unwrap();
    assert_eq!(replied.status(), 303);
    assert_eq!(status_now().await, "awaiting_moderation", "the answer returns the story to the queue");
    let (_, story) = app.staff(Method::GET, &format!("/admin/api/stories/{id}"), &admin, None).await;
    let reply = story["replies"][0]["id"].as_str().unwrap().to_owned();
    let version = story["version"].as_u64().unwrap();

    let turned_down = post(format!("/admin/stories/{id}/replies/{reply}/reject"), vec![]).await.unwrap();
    assert_eq!(turned_down.headers()["location"].to_str().unwrap(), format!("/admin/stories/{id}?done=reply-rejected"));
    let (_, story) = app.staff(Method::GET, &format!("/admin/api/stories/{id}"), &admin, None).await;
    assert_eq!(story["replies"][0]["status"], "rejected");

    assert_eq!(act("reject", version, Some(("reason", "It names a patient."))).await.unwrap().status(), 303);
    assert_eq!(status_now().await, "rejected");
    let told = app.email_to("author@example.org", "About the story you told us").await;
    assert!(told["text"].as_str().unwrap().contains("It names a patient."));
    let actions: Vec<String> = {
        let (_, story) = app.staff(Method::GET, &format!("/admin/api/stories/{id}"), &admin, None).await;
        story["audit"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(
        actions,
        [
            "received",
            "held",
            "reopened",
            "author_contacted",
            "reply_received",
            "author_replied",
            "reply_rejected",
            "rejected"
        ]
    );
}

#[tokio::test]
async fn the_queue_reads_a_page_at_a_time_oldest_first_and_goes_on_by_cursor() {
    let app = spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let mut told = Vec::new();
    for _ in 0..3 {
        told.push(app.tell(&[&ward], "", "The night staff sat with my father until he slept.").await);
    }
    let store = app.store();
    let status = tellcare::domain::story::StoryStatus::AwaitingModeration;
    let first = store.stories_in(status, None, 2).await.unwrap();
    let cursor = first.next.expect("a cursor, as there are more");
    let rest = store.stories_in(status, Some(&cursor), 2).await.unwrap();
    assert!(rest.next.is_none(), "the last page says so");
    let walked: Vec<String> = first.items.iter().chain(&rest.items).map(|s| s.id().to_string()).collect();
    assert_eq!(walked, told, "oldest first, each once");
    let answer = app.request(Method::GET, "/admin/api/queue?after=nonsense").bearer_auth(&admin).send().await.unwrap();
    assert_eq!(answer.status(), 422, "a cursor that is not one");
}
