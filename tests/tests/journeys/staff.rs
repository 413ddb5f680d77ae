//! The staff of a service, as a new member meets Tellcare: a service admin adds a colleague,
//! who sets a password from the invitation, signs in, and answers from the dashboard; and
//! what each role may not do.

use fantoccini::{Client, Locator};
use reqwest::Method;
use serde_json::{Value, json};
use tellcare::app::ports::Invitations;
use tellcare::domain::responder::Digest;
use tellcare::domain::staff_change::Invitation;
use tellcare::domain::token::LinkToken;
use tellcare_stack::pool::member_claims;
use tellcare_stack::testing::browser::{axe_violations, browser, press, sign_in};
use tellcare_stack::testing::{TestApp, eventually, is_invitation, spawn_quiet_app, spawn_seeded_app};

const BODY: &str = "The cafe was warm and the volunteers remembered my name. I left feeling less alone.";

async fn seed(app: &TestApp) -> Value {
    app.get("/dev/seed.json").await.json().await.unwrap()
}

/// A story told about `service` and published by a moderator: its id.
async fn published_story(app: &TestApp, moderator: &str, service: &str, body: &str) -> String {
    let id = app.tell(&[service], "", body).await;
    app.publish(moderator, &id, 1).await;
    id
}

/// The text of the first `css` once it is there. An element of the page before (still showing
/// while the form's answer loads) goes stale as it is read: read it again, from the new page.
async fn text_of(client: &Client, css: &str) -> String {
    for _ in 0..50 {
        match client.wait().for_element(Locator::Css(css)).await.unwrap().text().await {
            Ok(text) => return text,
            Err(fantoccini::error::CmdError::Standard(e))
                if e.error == fantoccini::error::ErrorStatus::StaleElementReference =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await
            }
            Err(other) => panic!("{css}: {other}"),
        }
    }
    panic!("{css} kept going stale")
}

async fn assert_accessible(client: &Client, what: &str) {
    let violations = axe_violations(client).await;
    assert!(violations.is_empty(), "{what}: {violations:#?}");
}

#[tokio::test]
async fn a_service_admin_adds_a_colleague_who_sets_a_password_and_answers_from_the_dashboard() {
    let app = spawn_seeded_app().await;
    let seed = seed(&app).await;
    let manager = seed["staff"].as_array().unwrap().iter().find(|s| s["role"] == "service_admin").unwrap().clone();
    let cafe = seed["projects"][0].as_str().unwrap().to_owned();
    let moderator = app.login("moderators").await;
    let admin = app.login("admins").await;
    let elsewhere = app.create_service(&admin, "Another partnership's ward", None).await;
    let other_story =
        published_story(&app, &moderator, &elsewhere, "A story about another partnership's ward, not theirs.").await;

    let client = browser().await;
    let password = manager["password"].as_str().unwrap();
    sign_in(&client, &app.url, manager["email"].as_str().unwrap(), password).await;
    // The sign-in's own page goes on to the dashboard by itself: wait for the dashboard's list,
    // which that page has not, before reading the page.
    client.wait().for_element(Locator::Css("main .cards")).await.unwrap();
    assert_eq!(client.current_url().await.unwrap().path(), "/staff");
    let managed = text_of(&client, "main").await;
    assert!(managed.contains("Services you manage") && managed.contains("Community Services"), "{managed}");
    assert!(!managed.contains("Another partnership"), "{managed}");
    assert!(managed.contains("Signed in as Sam Patel"), "named by the account's name, not its address: {managed}");
    assert_accessible(&client, "a service admin's dashboard").await;

    // The colleague, added as a responder of the cafe on its page.
    client.goto(&format!("{}/admin/services/{cafe}", app.url)).await.unwrap();
    client.find(Locator::Css("#name")).await.unwrap().send_keys("Jo Bloggs").await.unwrap();
    client.find(Locator::Css("#job_title")).await.unwrap().send_keys("Volunteer coordinator").await.unwrap();
    client.find(Locator::Css("#email")).await.unwrap().send_keys("jo.bloggs@riverside.example").await.unwrap();
    press(&client, Locator::XPath("//button[text()='Add the member']")).await;
    assert_eq!(text_of(&client, ".notice").await, "The responder is added.");
    let (_, trail) = app.staff(Method::GET, &format!("/admin/api/services/{cafe}/changes"), &admin, None).await;
    assert_eq!((trail[0]["change"].as_str(), trail[0]["by_name"].as_str()), (Some("member_added"), Some("Sam Patel")));
    let invitation = app.email_to("jo.bloggs@riverside.example", "").await;
    assert!(is_invitation(&invitation), "{invitation}");
    let welcome = app.link_in(&invitation, "/staff/welcome/");
    client.delete_all_cookies().await.unwrap();

    // A story published now reaches the new responder by email too.
    let story = published_story(&app, &moderator, &cafe, BODY).await;
    let published = app.email_to("jo.bloggs@riverside.example", "published").await;
    let emailed_link = app.link_in(&published, "/respond/");

    // The password: a weak one is refused with what was typed kept, then a good one is set.
    client.goto(&format!("{}{welcome}", app.url)).await.unwrap();
    assert!(text_of(&client, "main").await.contains("jo.bloggs@riverside.example"));
    assert_accessible(&client, "the invitation's page").await;
    client.find(Locator::Css("#password")).await.unwrap().send_keys("short").await.unwrap();
    client.find(Locator::Css("#confirm")).await.unwrap().send_keys("short").await.unwrap();
    press(&client, Locator::Css("main button")).await;
    assert!(text_of(&client, ".error-summary").await.contains("at least 12 characters"));
    let kept = client.find(Locator::Css("#password")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("short"));
    assert_accessible(&client, "the invitation's page with an error").await;
    let chosen = "Cafe Volunteers 2027";
    for field in ["#password", "#confirm"] {
        let input = client.find(Locator::Css(field)).await.unwrap();
        input.clear().await.unwrap();
        input.send_keys(chosen).await.unwrap();
    }
    press(&client, Locator::Css("main button")).await;
    assert_eq!(text_of(&client, "h1").await, "Your password is set");
    assert_eq!(app.get(&welcome).await.status(), 404, "an invitation sets a password once");

    // Signed in, the dashboard holds the cafe's story, waiting, and nothing of another service.
    press(&client, Locator::LinkText("Sign in")).await;
    client.find(Locator::Css("#email")).await.unwrap().send_keys("jo.bloggs@riverside.example").await.unwrap();
    client.find(Locator::Css("#password")).await.unwrap().send_keys(chosen).await.unwrap();
    press(&client, Locator::XPath("//button[text()='Sign in']")).await;
    let rows = text_of(&client, "tbody").await;
    assert_eq!(client.current_url().await.unwrap().path(), "/staff");
    assert!(rows.contains("Carers' Cafe") && rows.contains("Waiting") && rows.contains("1 of 5"), "{rows}");
    assert!(!rows.contains("another partnership"), "{rows}");
    assert_accessible(&client, "a responder's dashboard").await;

    // Answered from the dashboard: an empty answer comes back with an error, then it is public.
    press(&client, Locator::Css("tbody a")).await;
    client.wait().for_element(Locator::Css("#body")).await.unwrap();
    assert_accessible(&client, "a story opened from the dashboard").await;
    client.find(Locator::Css("label[for=change-planned]")).await.unwrap().click().await.unwrap();
    press(&client, Locator::XPath("//button[text()='Publish your answer']")).await;
    assert!(text_of(&client, ".error-summary").await.contains("answer"));
    let checked = client.find(Locator::Css("#change-planned")).await.unwrap().prop("checked").await.unwrap();
    assert_eq!(checked.as_deref(), Some("true"), "the choice is kept");
    let answer = "Thank you. We will keep a seat by the window for you.";
    client.find(Locator::Css("#body")).await.unwrap().send_keys(answer).await.unwrap();
    press(&client, Locator::XPath("//button[text()='Publish your answer']")).await;
    client.wait().for_element(Locator::Css("[id^=response-]")).await.unwrap();
    assert_eq!(client.current_url().await.unwrap().path(), format!("/stories/{story}"));
    let public = app.get(&format!("/api/opinions/{story}")).await.json::<Value>().await.unwrap();
    let responses = public["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 1, "{public}");
    assert_eq!(responses[0]["body"], answer);
    client.goto(&format!("{}/staff", app.url)).await.unwrap();
    assert!(text_of(&client, "tbody").await.contains("Answered"));
    client.close().await.unwrap();

    // Outside their scope: another service's story, the cafe's management, moderation.
    let jo = app.member_login("jo.bloggs@riverside.example").await;
    let (status, listed) = app.staff(Method::GET, "/staff/api/stories", &jo, None).await;
    assert_eq!(status, 200, "{listed}");
    let ids: Vec<&str> = listed.as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [story.as_str()]);
    assert_eq!(
        (&listed[0]["answered"], &listed[0]["criticality"]),
        (&json!(true), &json!(1)),
        "as the moderator rated it"
    );
    let cookie = format!("{}={jo}", tellcare::web::ADMIN_COOKIE);
    let other_page = app.request(Method::GET, &format!("/staff/stories/{other_story}")).header("cookie", &cookie);
    assert_eq!(other_page.send().await.unwrap().status(), 403);
    let (status, _) = app.staff(Method::GET, &format!("/admin/api/services/{cafe}/members"), &jo, None).await;
    assert_eq!(status, 403, "a responder does not manage the service");
    let (status, _) = app.staff(Method::GET, "/admin/api/queue", &jo, None).await;
    assert_eq!(status, 403, "nor moderates");
    let new_member =
        json!({"name": "Al Moderator", "email": "al@riverside.example", "job_title": "x", "role": "responder"});
    let path = format!("/admin/api/services/{cafe}/members");
    let (status, body) = app.staff(Method::POST, &path, &moderator, Some(new_member)).await;
    assert_eq!(status, 403, "a moderator adds no staff: {body}");

    // Removed, Jo's access ends at once: the dashboard, the story's page and the emailed link.
    let sam = app.member_login(manager["email"].as_str().unwrap()).await;
    let (_, members) = app.staff(Method::GET, &path, &sam, None).await;
    let jo_id = members.as_array().unwrap().iter().find(|m| m["email"] == "jo.bloggs@riverside.example").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = app.staff(Method::DELETE, &format!("{path}/{jo_id}"), &sam, None).await;
    assert_eq!(status, 204);
    let (_, listed) = app.staff(Method::GET, "/staff/api/stories", &jo, None).await;
    assert_eq!(listed, json!([]));
    let own_page = app.request(Method::GET, &format!("/staff/stories/{story}")).header("cookie", &cookie);
    assert_eq!(own_page.send().await.unwrap().status(), 403);
    assert_eq!(app.get(&emailed_link).await.status(), 410);
}

/// What each dashboard page costs: the member's memberships and the tree, one Query per
/// service they answer for, one BatchGetItem of the answers; a story's page, the story too.
#[tokio::test]
async fn what_each_dashboard_page_costs_in_dynamodb_requests() {
    let app = spawn_quiet_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let clinic = app.create_service(&admin, "Clinic", Some(&ward)).await;
    let members = format!("/admin/api/services/{ward}/members");
    let jo = json!({"name": "Jo Bloggs", "email": "jo@example.org", "job_title": "Nurse", "role": "responder"});
    let (status, body) = app.staff(Method::POST, &members, &admin, Some(jo)).await;
    assert_eq!(status, 201, "{body}");
    let mut stories = Vec::new();
    for service in [&ward, &clinic] {
        let id = app.tell(&[service], "", BODY).await;
        app.publish(&admin, &id, 1).await;
        stories.push(id);
    }
    let token = app.sign(&member_claims(&app.stack.shared.issuer, "jo@example.org", &Default::default()));
    let cookie = format!("{}={token}", tellcare::web::ADMIN_COOKIE);
    let meter = &app.stack.shared.meter;
    let mut costs = Vec::new();
    let mut cost = |step: &str| costs.push(format!("{step}: {}", meter.take_cost()));
    meter.take();

    let (status, listed) = app.staff(Method::GET, "/staff/api/stories", &token, None).await;
    assert_eq!((status, listed.as_array().map(Vec::len)), (200, Some(2)), "{listed}");
    cost("stories (JSON)");
    let page = app.request(Method::GET, "/staff").header("cookie", &cookie).send().await.unwrap();
    assert_eq!(page.status(), 200);
    cost("page /staff");
    let path = format!("/staff/stories/{}", stories[1]);
    let page = app.request(Method::GET, &path).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(page.status(), 200);
    cost("page /staff/stories/{id}");
    let csrf = tellcare::signin::csrf_token(&token);
    let form = [("csrf", csrf.as_str()), ("body", "Thank you for telling us."), ("change", "none"), ("form_token", "")];
    let answered = app.post_form_as(&token, &path, &form).await;
    assert_eq!(answered.status(), 303);
    cost("answer");
    let alerts = format!("/staff/alerts/{}", body["id"].as_str().unwrap());
    let saved = app.post_form_as(&token, &alerts, &[("csrf", &csrf), ("email_when", "weekly")]).await;
    assert_eq!(saved.status(), 303);
    cost("emails chosen");
    let invitation = LinkToken::generate();
    let email = tellcare::domain::EmailAddress::parse("jo@example.org").unwrap();
    let store = app.store();
    store.put_invitation(&invitation, &Invitation::new(email, time::OffsetDateTime::now_utc())).await.unwrap();
    meter.take();
    let welcome = format!("/staff/welcome/{}", invitation.as_str());
    assert_eq!(app.get(&welcome).await.status(), 200);
    cost("invitation page");
    let set =
        app.post_form(&welcome, &[("password", "Nurses Together 2027"), ("confirm", "Nurses Together 2027")]).await;
    assert_eq!(set.status(), 200);
    cost("password set");
    assert_eq!(
        costs,
        [
            "stories (JSON): BatchGetItem + Query + Query + Query + Query",
            "page /staff: BatchGetItem + Query + Query + Query + Query",
            "page /staff/stories/{id}: Query + Query + Query",
            "answer: Query + Query + Query + TransactWriteItems",
            "emails chosen: Query + Query + TransactWriteItems",
            "invitation page: GetItem",
            "password set: DeleteItem + GetItem",
        ]
    );
}

/// A member's session as their browser holds it: the token, and the CSRF token of its forms.
fn session_of(app: &TestApp, email: &str) -> (String, String) {
    let token = app.sign(&member_claims(&app.stack.shared.issuer, email, &Default::default()));
    let csrf = tellcare::signin::csrf_token(&token);
    (token, csrf)
}

/// The emails to `address`, invitations aside.
async fn emails_to(app: &TestApp, address: &str) -> Vec<Value> {
    app.story_mailbox().await.into_iter().filter(|e| e["to"][0] == address).collect()
}

#[tokio::test]
async fn each_member_chooses_their_emails_and_a_digest_goes_once_however_often_its_schedule_fires() {
    let app = tellcare_stack::testing::spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let clinic = app.create_service(&admin, "Ward 7 clinic", Some(&ward)).await;
    let members = format!("/admin/api/services/{ward}/members");
    let mut ids = Vec::new();
    for (name, email) in [
        ("Ann Lee", "ann@example.org"),
        ("Jo Bloggs", "jo@example.org"),
        ("Al Weekly", "al@example.org"),
        ("Bo Quiet", "bo@example.org"),
    ] {
        let body = json!({"name": name, "email": email, "job_title": "Nurse", "role": "responder"});
        let (status, member) = app.staff(Method::POST, &members, &admin, Some(body)).await;
        assert_eq!(status, 201, "{member}");
        ids.push(member["id"].as_str().unwrap().to_owned());
    }

    // Each chooses on their dashboard; a bad choice comes back with the error and as typed.
    let (jo, jo_csrf) = session_of(&app, "jo@example.org");
    let path = format!("/staff/alerts/{}", ids[1]);
    let refused =
        app.post_form_as(&jo, &path, &[("csrf", &jo_csrf), ("email_when", "critical"), ("criticality", "9")]).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Choose the criticality") && page.contains(r#"value="critical" checked"#), "{page}");
    let saved =
        app.post_form_as(&jo, &path, &[("csrf", &jo_csrf), ("email_when", "daily"), ("criticality", "3")]).await;
    assert_eq!(
        (saved.status().as_u16(), saved.headers()["location"].to_str().unwrap()),
        (303, "/staff?done=alerts-changed")
    );
    for (i, email, choice) in [(2, "al@example.org", "weekly"), (3, "bo@example.org", "none")] {
        let (token, csrf) = session_of(&app, email);
        let path = format!("/staff/alerts/{}", ids[i]);
        let saved =
            app.post_form_as(&token, &path, &[("csrf", &csrf), ("email_when", choice), ("criticality", "")]).await;
        assert_eq!(saved.status(), 303);
    }
    let (_, other_csrf) = session_of(&app, "al@example.org");
    let not_theirs =
        app.post_form_as(&jo, &format!("/staff/alerts/{}", ids[2]), &[("csrf", &jo_csrf), ("email_when", "all")]).await;
    assert_eq!(not_theirs.status(), 404, "one member's emails are theirs alone");
    let forged = app.post_form_as(&jo, &path, &[("csrf", &other_csrf), ("email_when", "all")]).await;
    assert_eq!(forged.status(), 403);
    let (_, trail) = app.staff(Method::GET, &format!("/admin/api/services/{ward}/changes"), &admin, None).await;
    let changed: Vec<&Value> = trail.as_array().unwrap().iter().filter(|c| c["change"] == "member_changed").collect();
    assert_eq!(changed.len(), 3, "{trail}");
    assert_eq!(
        (changed[2]["before"]["email_when"].as_str(), changed[2]["after"]["email_when"].as_str()),
        (Some("all"), Some("daily"))
    );

    // Two stories published today: Ann is emailed each as it goes; the others are not.
    let moderator = app.login("moderators").await;
    let first = published_story(&app, &moderator, &ward, BODY).await;
    let second =
        published_story(&app, &moderator, &clinic, "The clinic ran late but the nurse explained why and apologised.")
            .await;
    eventually("Ann's two emails", || async {
        let to_ann = app.story_mailbox().await.into_iter().filter(|e| e["to"][0] == "ann@example.org").count();
        (to_ann == 2).then_some(())
    })
    .await;
    assert!(
        emails_to(&app, "jo@example.org").await.is_empty()
            && emails_to(&app, "al@example.org").await.is_empty()
            && emails_to(&app, "bo@example.org").await.is_empty()
    );

    // Today's schedule covers yesterday: nothing. Tomorrow's, fired three times: one email.
    let fired: Value =
        app.request(Method::POST, "/dev/schedules/DailyDigest").send().await.unwrap().json().await.unwrap();
    assert_eq!(fired, json!({"sent": 0}));
    let tomorrow = time::OffsetDateTime::now_utc() + time::Duration::DAY;
    let notifier = app.notifier();
    let sent: Vec<usize> =
        futures::future::try_join_all((0..3).map(|_| notifier.send_digests(Digest::Daily, tomorrow))).await.unwrap();
    assert_eq!(sent.iter().sum::<usize>(), 1, "{sent:?}");
    let digests = emails_to(&app, "jo@example.org").await;
    assert_eq!(digests.len(), 1, "{digests:#?}");
    let digest = &digests[0];
    assert_eq!(digest["subject"], "Your daily digest: 2 stories about your services");
    let text = digest["text"].as_str().unwrap();
    assert!(text.contains(&first) && text.contains(&second) && text.contains("Ward 7 clinic"), "{text}");
    // Each link answers as an emailed one does, the clinic's too (Jo answers for the ward above it).
    let links: Vec<&str> = text.split_whitespace().filter(|w| w.contains("/respond/")).collect();
    assert_eq!(links.len(), 2, "{text}");
    for link in links {
        let page = app.get(link.strip_prefix(&app.url).unwrap()).await;
        assert_eq!(page.status(), 200, "{link}");
    }

    // The week's digest goes to who chose it, once; who chose none gets nothing at all.
    let next_week = time::OffsetDateTime::now_utc() + time::Duration::WEEK;
    assert_eq!(notifier.send_digests(Digest::Weekly, next_week).await.unwrap(), 1);
    assert_eq!(notifier.send_digests(Digest::Weekly, next_week).await.unwrap(), 0);
    let weekly = emails_to(&app, "al@example.org").await;
    assert_eq!(weekly.len(), 1);
    assert!(weekly[0]["subject"].as_str().unwrap().starts_with("Your weekly digest"));
    assert!(emails_to(&app, "bo@example.org").await.is_empty());
    assert_eq!(emails_to(&app, "jo@example.org").await.len(), 1);
}

#[tokio::test]
async fn every_change_to_a_service_its_staff_and_links_is_in_its_trail_with_who_before_and_after() {
    let app = tellcare_stack::testing::spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let service = format!("/admin/api/services/{ward}");
    let (status, _) = app.staff(Method::PATCH, &service, &admin, Some(json!({"name": "Ward 7 (Oak)"}))).await;
    assert_eq!(status, 200);
    let (status, _) = app.staff(Method::PATCH, &service, &admin, Some(json!({"name": "Ward 7 (Oak)"}))).await;
    assert_eq!(status, 200, "a change that changes nothing records nothing");
    let (status, link) =
        app.staff(Method::POST, &format!("{service}/links"), &admin, Some(json!({"label": "By the lift"}))).await;
    assert_eq!(status, 201, "{link}");
    let link = format!("/admin/api/links/{}", link["slug"].as_str().unwrap());
    let (status, _) = app.staff(Method::PATCH, &link, &admin, Some(json!({"label": "By the lifts"}))).await;
    assert_eq!(status, 200);
    for _ in 0..2 {
        let (status, _) = app.staff(Method::DELETE, &link, &admin, None).await;
        assert_eq!(status, 204);
    }
    let jo = json!({"name": "Jo Bloggs", "email": "jo@example.org", "job_title": "Nurse", "role": "responder"});
    let (_, member) = app.staff(Method::POST, &format!("{service}/members"), &admin, Some(jo)).await;
    let member_path = format!("{service}/members/{}", member["id"].as_str().unwrap());
    let (status, _) = app.staff(Method::DELETE, &member_path, &admin, None).await;
    assert_eq!(status, 204);

    let (status, trail) = app.staff(Method::GET, &format!("{service}/changes"), &admin, None).await;
    assert_eq!(status, 200, "{trail}");
    let codes: Vec<&str> = trail.as_array().unwrap().iter().map(|c| c["change"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "member_removed",
            "member_added",
            "link_changed",
            "link_changed",
            "link_added",
            "service_changed",
            "service_added"
        ]
    );
    let renamed = &trail[5];
    assert_eq!(
        (renamed["before"]["name"].as_str(), renamed["after"]["name"].as_str()),
        (Some("Ward 7"), Some("Ward 7 (Oak)"))
    );
    assert_eq!(renamed["by_name"], "local-admins");
    assert!(trail[2]["before"]["deleted_at"].is_null() && trail[2]["after"]["deleted_at"].is_string());
    let page = app.page_as(&admin, &format!("/admin/services/{ward}")).await;
    for said in [
        "renamed “Ward 7” → “Ward 7 (Oak)”",
        "Made the invitation link “By the lift”",
        ": deleted",
        "Removed Jo Bloggs",
    ] {
        assert!(page.contains(said), "{said} on the service's page");
    }
    let moderator = app.login("moderators").await;
    let (status, _) = app.staff(Method::GET, &format!("{service}/changes"), &moderator, None).await;
    assert_eq!(status, 403, "the trail is its managers'");
}

/// Who sends a request in the route-by-route test: a token, and the ids its path is filled with.
struct Caller<'a> {
    who: &'a str,
    token: String,
    service: String,
    slug: String,
}

/// The status of `method path` as `caller` sends it: the bearer token to the JSON routes (the
/// gateway's authorizer), the session cookie and its CSRF token to the pages.
async fn status_as(
    app: &TestApp,
    caller: &Caller<'_>,
    route: &tellcare_stack::template::TemplateRoute,
) -> (u16, String) {
    let path = route
        .path
        .replace("{id}", &caller.service)
        .replace("{slug}", &caller.slug)
        .replace("{action}", "publish")
        .replace("{decision}", "publish")
        .replace("{reply_id}", "01ARZ3NDEKTSV4RRFFQ69G5FAV")
        .replace("{responder_id}", "01ARZ3NDEKTSV4RRFFQ69G5FAV");
    let method = Method::from_bytes(route.method.as_bytes()).unwrap();
    let request = app.request(method.clone(), &path);
    let csrf = tellcare::signin::csrf_token(&caller.token);
    let request = match (&method, route.authorizer.is_some()) {
        (_, true) if method == Method::GET || method == Method::DELETE => request.bearer_auth(&caller.token),
        (_, true) => request.bearer_auth(&caller.token).json(&json!({})),
        (&Method::GET, false) => request.header("cookie", format!("{}={}", tellcare::web::ADMIN_COOKIE, caller.token)),
        (_, false) => request
            .header("cookie", format!("{}={}", tellcare::web::ADMIN_COOKIE, caller.token))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_html_form::to_string([("csrf", csrf.as_str())]).unwrap()),
    };
    let response = request.send().await.unwrap();
    (response.status().as_u16(), format!("{} {path} as {}", route.method, caller.who))
}

#[tokio::test]
async fn each_role_is_refused_every_route_outside_its_scope_route_by_route() {
    let app = spawn_seeded_app().await;
    let seed = seed(&app).await;
    let admin = app.login("admins").await;
    let cafe = seed["projects"][0].as_str().unwrap().to_owned();
    let elsewhere = app.create_service(&admin, "Another partnership", None).await;
    let (_, link) = app
        .staff(Method::POST, &format!("/admin/api/services/{elsewhere}/links"), &admin, Some(json!({"label": "Hall"})))
        .await;
    let elsewhere_slug = link["slug"].as_str().unwrap().to_owned();
    let story = published_story(&app, &admin, &cafe, BODY).await;
    let token = app.member_login("sam.patel@riverside.example").await;
    let manager = Caller { who: "the cafe's service admin", token, service: cafe.clone(), slug: "carers-cafe".into() };
    let manager_outside = Caller {
        who: "the cafe's service admin, elsewhere",
        service: elsewhere.clone(),
        slug: elsewhere_slug.clone(),
        token: manager.token.clone(),
    };
    let token = app.member_login("priya.shah@riverside.example").await;
    let responder = Caller { who: "the cafe's responder", token, service: cafe.clone(), slug: "carers-cafe".into() };
    let template = tellcare_stack::template::StackTemplate::load().unwrap();
    let sign_in = ["/admin/login", "/admin/callback", "/admin/logout", "/admin/signed-out"];
    let manages = |path: &str| {
        ["/admin/api/services/{id}", "/admin/services/{id}", "/admin/api/links", "/admin/links"]
            .iter()
            .any(|p| path.starts_with(p))
    };
    let mut checked = 0;
    for (_, route) in
        template.http_routes().filter(|(_, r)| r.path.starts_with("/admin") && !sign_in.contains(&r.path.as_str()))
    {
        let moderation = !manages(&route.path)
            && !route.path.starts_with("/admin/api/services")
            && route.path != "/admin/services"
            && route.path != "/admin/api/me";
        if route.path.ends_with("/search") {
            // Search is every signed-in staff member's, within their reach (search.rs tries
            // the reach): let in, the page shows its form and the JSON asks for words.
            for caller in [&manager, &responder] {
                let (status, what) = status_as(&app, caller, route).await;
                let expected = if route.path.starts_with("/admin/api") { 422 } else { 200 };
                assert_eq!(status, expected, "{what}");
            }
        } else if crate::services::is_report(&route.path) {
            // A report is read by the service's staff, responders too, and by no one outside it.
            let (status, what) = status_as(&app, &responder, route).await;
            assert_eq!(status, 200, "a responder reads their service's report: {what}");
            let (status, what) = status_as(&app, &manager_outside, route).await;
            assert_eq!(status, 403, "{what}");
            let (status, what) = status_as(&app, &manager, route).await;
            assert_eq!(status, 200, "{what}");
        } else if moderation {
            // Moderation is the moderators' and admins': every staff member of a service is refused it.
            for caller in [&manager, &responder] {
                let story_caller = Caller {
                    service: story.clone(),
                    token: caller.token.clone(),
                    slug: caller.slug.clone(),
                    who: caller.who,
                };
                let (status, what) = status_as(&app, &story_caller, route).await;
                assert_eq!(status, 403, "{what}");
            }
        } else if manages(&route.path) {
            let (status, what) = status_as(&app, &responder, route).await;
            assert_eq!(status, 403, "a responder manages nothing: {what}");
            let (status, what) = status_as(&app, &manager_outside, route).await;
            assert_eq!(status, 403, "{what}");
            let (status, what) = status_as(&app, &manager, route).await;
            assert!(![401, 403].contains(&status), "within their branch: {what} was {status}");
        }
        checked += 1;
    }
    assert!(checked >= 35, "{checked} routes");
    // A story outside a responder's services is refused on the dashboard; theirs is open.
    let outside = published_story(&app, &admin, &elsewhere, "A story about another partnership's hall.").await;
    for (id, expected) in [(&outside, 403), (&story, 200)] {
        let page = app
            .request(Method::GET, &format!("/staff/stories/{id}"))
            .header("cookie", format!("{}={}", tellcare::web::ADMIN_COOKIE, responder.token));
        assert_eq!(page.send().await.unwrap().status().as_u16(), expected);
    }
    let page = app
        .request(Method::GET, &format!("/staff/stories/{story}"))
        .header("cookie", format!("{}={}", tellcare::web::ADMIN_COOKIE, manager.token));
    assert_eq!(page.send().await.unwrap().status().as_u16(), 403, "managing is not answering");
}
