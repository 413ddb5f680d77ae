//! Welsh beside English: a bilingual page answers in the language its address asks for, else
//! the one remembered, else the browser's; it says which in `<html lang>`, links to itself in
//! the other language, and names both as alternates. A story told in Welsh goes from the poster
//! to its answer and its author's reply in Welsh, with no message of the English catalogue left
//! on any page or in any email on the way.

use fantoccini::Client;
use fantoccini::Locator;
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use tellcare::domain::Language;
use tellcare::i18n::text_in;
use tellcare::i18n::{speaking_now, text_with};
use tellcare_stack::seed::WELSH_LINK_SLUG;
use tellcare_stack::testing::browser::{axe_violations, browser, press};
use tellcare_stack::testing::catalogue::english_left;
use tellcare_stack::testing::decode::qr_codes;
use tellcare_stack::testing::{TestApp, spawn_seeded_app};

/// The messages of the home page and the layout, by id.
const HOME: &[&str] = &[
    "skip-to-content",
    "site-description",
    "site-footer",
    "language-switch",
    "home-title",
    "home-lead",
    "home-how",
    "home-services",
];

async fn home(app: &TestApp, query: &str, headers: &[(&str, &str)]) -> (HeaderMap, String) {
    let mut request = app.request(Method::GET, &format!("/{query}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    (response.headers().clone(), response.text().await.unwrap())
}

/// A message as the page writes it: escaped as askama escapes HTML.
fn html(text: String) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

fn assert_in(language: Language, page: &str, what: &str) {
    assert!(page.contains(&format!(r#"<html lang="{}">"#, language.tag())), "{what}: <html lang>");
    for id in HOME {
        assert!(page.contains(&html(text_in(language, id))), "{what}: {id} in {}", language.tag());
        let other = html(text_in(language.other(), id));
        assert!(!page.contains(&other), "{what}: {id} left in {}", language.other().tag());
    }
    let other = language.other();
    let link = format!(
        r#"href="/?lang={}" lang="{}" hreflang="{}">{}</a>"#,
        other.code(),
        other.tag(),
        other.tag(),
        other.own_name()
    );
    assert!(page.contains(&link), "{what}: a link to the page in {}", other.tag());
    for alternate in Language::ALL {
        let tag =
            format!(r#"<link rel="alternate" hreflang="{}" href="/?lang={}">"#, alternate.tag(), alternate.code());
        assert!(page.contains(&tag), "{what}: the {} alternate", alternate.tag());
    }
}

#[tokio::test]
async fn the_home_page_speaks_the_language_asked_for_remembered_or_preferred() {
    let app = spawn_seeded_app().await;
    let (headers, page) = home(&app, "", &[]).await;
    assert_in(Language::English, &page, "a first visit, no preference");
    assert!(headers["vary"].to_str().unwrap().contains("Accept-Language"), "the same address answers in either");
    assert_eq!(headers["content-language"], "en-GB");

    let (headers, page) = home(&app, "?lang=cy", &[]).await;
    assert_in(Language::Welsh, &page, "?lang=cy");
    assert_eq!(headers["content-language"], "cy-GB");
    let cookie = headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("tellcare_lang=cy;"), "the choice is remembered: {cookie}");

    let (headers, page) = home(&app, "", &[("cookie", "tellcare_lang=cy")]).await;
    assert_in(Language::Welsh, &page, "the remembered choice");
    assert!(headers.get("set-cookie").is_none(), "nothing new to remember");
    let (_, page) = home(&app, "", &[("accept-language", "cy-GB,cy;q=0.9,en;q=0.5")]).await;
    assert_in(Language::Welsh, &page, "a Welsh browser's first visit");
    let (headers, page) = home(&app, "?lang=en", &[("cookie", "tellcare_lang=cy")]).await;
    assert_in(Language::English, &page, "the address over the remembered choice");
    assert!(headers["set-cookie"].to_str().unwrap().starts_with("tellcare_lang=en;"));

    // A service's page follows the remembered choice too.
    let service = app.get("/dev/seed.json").await.json::<serde_json::Value>().await.unwrap()["partnership"].clone();
    let page = app
        .request(Method::GET, &format!("/services/{}", service.as_str().unwrap()))
        .header("cookie", "tellcare_lang=cy")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"<html lang="cy-GB">"#) && page.contains(&html(text_in(Language::Welsh, "service-record")))
    );
}

#[tokio::test]
async fn the_welsh_home_page_is_accessible_and_links_to_its_english_twin() {
    let app = spawn_seeded_app().await;
    let client = browser().await;
    client.goto(&format!("{}/?lang=cy", app.url)).await.unwrap();
    let heading = client.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, text_in(Language::Welsh, "home-title"));
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "the Welsh home page: {violations:#?}");
    client.find(Locator::LinkText("English")).await.unwrap().click().await.unwrap();
    let heading = client.wait().for_element(Locator::Css("html[lang='en-GB'] h1")).await.unwrap();
    assert_eq!(heading.text().await.unwrap(), text_in(Language::English, "home-title"));
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "the English home page: {violations:#?}");
    client.close().await.unwrap();
}

fn welsh(id: &str) -> String {
    text_in(Language::Welsh, id)
}

fn welsh_with(id: &str, args: &[(&'static str, &str)]) -> String {
    speaking_now(Language::Welsh, || text_with(id, args))
}

/// The page Chromium shows is in Welsh, whole: `<html lang>`, no English message left in its
/// text or title, and accessible.
async fn assert_welsh_page(client: &Client, what: &str) -> String {
    let lang = client.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("cy-GB"), "{what}: <html lang>");
    let text = client.find(Locator::Css("body")).await.unwrap().text().await.unwrap();
    let title = client.title().await.unwrap();
    let left = english_left(&format!("{title}\n{text}"));
    assert!(left.is_empty(), "{what}: English left on the Welsh page: {left:#?}");
    let violations = axe_violations(client).await;
    assert!(violations.is_empty(), "{what}: {violations:#?}");
    text
}

/// An email in Welsh, whole: its subject as the Welsh catalogue has it, no English message in
/// either part, and its HTML marked Welsh.
fn assert_welsh_email(email: &Value, subject: &str) {
    assert_eq!(email["subject"], subject);
    for part in ["text", "html"] {
        let left = english_left(email[part].as_str().unwrap());
        assert!(left.is_empty(), "{subject} ({part}): English left: {left:#?}");
    }
    assert!(email["html"].as_str().unwrap().contains(r#"<html lang="cy-GB">"#), "{subject}: marked Welsh");
}

#[tokio::test]
async fn a_story_told_in_welsh_goes_from_the_poster_to_its_answer_and_reply_in_welsh() {
    let app = spawn_seeded_app().await;
    let seed: Value = app.get("/dev/seed.json").await.json().await.unwrap();
    let cafe = seed["link_service"].as_str().unwrap().to_owned();
    let admin = app.login("admins").await;
    let responder =
        json!({"name": "Elin Jones", "email": "elin@example.org", "job_title": "Cydlynydd y caffi", "language": "cy"});
    let path = format!("/admin/api/services/{cafe}/responders");
    assert_eq!(app.staff(Method::POST, &path, &admin, Some(responder)).await.0, 201);

    // The Welsh link's poster: in both languages, Welsh first, its code opening the page in Welsh.
    let client = browser().await;
    client.goto(&format!("{}/dev/login?next=/admin/api/links/{WELSH_LINK_SLUG}/poster", app.url)).await.unwrap();
    let lang = client.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap();
    assert_eq!(lang.as_deref(), Some("cy-GB"), "the poster is Welsh first");
    let heading = client.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    let (cy, en) = (welsh("poster-tell"), text_in(Language::English, "poster-tell"));
    assert!(heading.find(&cy).unwrap() < heading.find(&en).unwrap(), "Welsh above English: {heading}");
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "the bilingual poster: {violations:#?}");
    let path = format!("/admin/api/links/{WELSH_LINK_SLUG}/qr.png");
    let png = app.request(Method::GET, &path).bearer_auth(&admin).send().await.unwrap().bytes().await.unwrap();
    let scanned = qr_codes(&png);
    let url = format!("{}/tell/{WELSH_LINK_SLUG}?lang=cy", app.url);
    assert_eq!(scanned, std::slice::from_ref(&url), "the code opens the page in Welsh");
    client.close().await.unwrap();

    // A person scans it: the form is in Welsh, and a mistake is explained in Welsh.
    let client = browser().await;
    client.goto(&url).await.unwrap();
    assert_welsh_page(&client, "the Welsh link's form").await;
    let title = "Croeso cynnes bob wythnos";
    client.find(Locator::Css("#title")).await.unwrap().send_keys(title).await.unwrap();
    client.find(Locator::Css("#body")).await.unwrap().send_keys("Rhy fyr.").await.unwrap();
    client.find(Locator::Css("label[for=when-last_week]")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("label[for=role-carer]")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("#author_email")).await.unwrap().send_keys("gofalwr@example.org").await.unwrap();
    client.find(Locator::Css("#send")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css(".error-summary")).await.unwrap();
    let text = assert_welsh_page(&client, "the form with a mistake").await;
    assert!(text.contains(&welsh_with("story-body-too-short", &[("min", "20")])), "the mistake in Welsh: {text}");
    let kept = client.find(Locator::Css("#title")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some(title), "what was typed is kept");
    let body = "Roedd y gwirfoddolwyr mor garedig, ac roedd paned yn barod bob tro.";
    client.find(Locator::Css("#body")).await.unwrap().send_keys(body).await.unwrap();
    client.find(Locator::Css("#send")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css(".reference")).await.unwrap();
    assert_welsh_page(&client, "the thanks").await;
    let id = client.find(Locator::Css(".reference")).await.unwrap().text().await.unwrap();

    // The story keeps its language: its author's emails are in Welsh.
    let received = app.email_to("gofalwr@example.org", &welsh("email-received-subject")).await;
    assert_welsh_email(&received, &welsh("email-received-subject"));
    let (status, _) =
        app.staff(Method::POST, &format!("/admin/api/stories/{id}/publish"), &admin, Some(json!({"version": 1}))).await;
    assert_eq!(status, 200);
    let published = app.email_to("gofalwr@example.org", &welsh("email-published-subject")).await;
    assert_welsh_email(&published, &welsh("email-published-subject"));

    // A responder who reads Welsh is emailed in Welsh, and answers on a Welsh page.
    let subject = welsh_with("email-responder-subject", &[("service", "Carers' Cafe")]);
    let invitation = app.email_to("elin@example.org", &subject).await;
    assert_welsh_email(&invitation, &subject);
    client.goto(&format!("{}{}", app.url, app.link_in(&invitation, "/respond/"))).await.unwrap();
    assert_welsh_page(&client, "the responder's page").await;
    let answer = "Diolch yn fawr. Byddwn yn rhoi gwresogydd newydd yn yr ystafell.";
    client.find(Locator::Css("#body")).await.unwrap().send_keys(answer).await.unwrap();
    client.find(Locator::Css("label[for=change-planned]")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("form[novalidate] button.button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("article.card")).await.unwrap();
    let text = assert_welsh_page(&client, "the story's public page").await;
    assert!(text.contains(answer) && text.contains(&welsh("change-planned")), "the answer, in Welsh: {text}");
    let story_lang = client.find(Locator::Css(".original")).await.unwrap().attr("lang").await.unwrap();
    let answer_lang = client.find(Locator::Css("article.card .original")).await.unwrap().attr("lang").await.unwrap();
    assert_eq!((story_lang.as_deref(), answer_lang.as_deref()), (Some("cy-GB"), Some("cy-GB")), "marked as written");

    // The author is told in Welsh, and replies on their Welsh page.
    let subject = welsh_with("email-answered-subject", &[("service", "Carers' Cafe")]);
    let answered = app.email_to("gofalwr@example.org", &subject).await;
    assert_welsh_email(&answered, &subject);
    let mine = app.link_in(&answered, "/my-story/");
    client.goto(&format!("{}{mine}", app.url)).await.unwrap();
    assert_welsh_page(&client, "the author's page").await;
    client.find(Locator::Css("#body")).await.unwrap().send_keys("Diolch, bydd hynny'n help mawr.").await.unwrap();
    client.find(Locator::Css("form[novalidate] button.button")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("#replies + article")).await.unwrap();
    let text = assert_welsh_page(&client, "the author's page with their reply").await;
    assert!(text.contains(&welsh("my-story-reply-waits")));

    // Every page links to its English twin, and the story stays marked Welsh there.
    client.goto(&format!("{}/stories/{id}", app.url)).await.unwrap();
    client.find(Locator::LinkText("English")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("html[lang='en-GB']")).await.unwrap();
    let story_lang = client.find(Locator::Css(".original")).await.unwrap().attr("lang").await.unwrap();
    assert_eq!(story_lang.as_deref(), Some("cy-GB"), "a Welsh story on the English page is still Welsh");
    let text = client.find(Locator::Css("body")).await.unwrap().text().await.unwrap();
    assert!(english_left(&text).len() >= 5, "the check finds English where it is: {:?}", english_left(&text));
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "the English twin: {violations:#?}");
    client.close().await.unwrap();

    // Told through a Welsh browser or the form in Welsh, the JSON API says so too.
    let opinion: Value = app.get(&format!("/api/opinions/{id}")).await.json().await.unwrap();
    assert_eq!((opinion["language"].as_str(), opinion["responses"][0]["language"].as_str()), (Some("cy"), Some("cy")));
}

/// A moderator who works in Welsh: the queue, a story's editor, the services and a service's
/// page, its trail and its links all in Welsh; a service made Welsh makes its new links Welsh.
#[tokio::test]
async fn a_moderator_works_in_welsh_and_a_welsh_service_makes_welsh_links() {
    let app = spawn_seeded_app().await;
    let seed: Value = app.get("/dev/seed.json").await.json().await.unwrap();
    let cafe = seed["link_service"].as_str().unwrap().to_owned();
    let story = app.tell(&[&cafe], "darllenydd@example.org", "Roedd pawb yn garedig iawn wrth fy mam bob nos.").await;
    let client = browser().await;
    client.goto(&format!("{}/dev/login?next=%2Fadmin%3Flang%3Dcy", app.url)).await.unwrap();
    let text = assert_welsh_page(&client, "the queue").await;
    assert!(text.contains(&welsh("queue-may-identify")), "the queue's own words: {text}");
    client.goto(&format!("{}/admin/stories/{story}", app.url)).await.unwrap();
    assert_welsh_page(&client, "the story's editor, the choice remembered").await;

    client.goto(&format!("{}/admin/services", app.url)).await.unwrap();
    assert_welsh_page(&client, "the services").await;
    client.find(Locator::Css("#name")).await.unwrap().send_keys("Ward Dewi").await.unwrap();
    client.find(Locator::Css("label[for=language-cy]")).await.unwrap().click().await.unwrap();
    press(&client, Locator::Css("form[action='/admin/services'] button")).await;
    let text = assert_welsh_page(&client, "the new service's page").await;
    assert!(text.contains(&welsh_with("change-service-added", &[("name", "Ward Dewi")])), "its trail: {text}");
    let chosen = client.find(Locator::Css("#link-language-cy")).await.unwrap().prop("checked").await.unwrap();
    assert_eq!(chosen.as_deref(), Some("true"), "a new link takes the service's language");
    client.find(Locator::Css("#label")).await.unwrap().send_keys("Wrth y drws").await.unwrap();
    press(&client, Locator::Css("form[action$='/links'] button")).await;
    let text = assert_welsh_page(&client, "the service's page with its link").await;
    assert!(text.contains("Wrth y drws"), "the link is listed: {text}");
    client.find(Locator::Css("a[href$='/links']")).await.unwrap().click().await.unwrap();
    client.wait().for_element(Locator::Css("img.qr")).await.unwrap();
    assert_welsh_page(&client, "the service's links and posters").await;
    let services: Value = app.get("/api/services").await.json().await.unwrap();
    let ward = services
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Ward Dewi")
        .and_then(|s| s["id"].as_str())
        .expect("the new service is public")
        .to_owned();
    client.goto(&format!("{}/admin/services/{ward}/report", app.url)).await.unwrap();
    let text = assert_welsh_page(&client, "the service's report").await;
    assert!(text.contains(&welsh("chart-stories")), "its charts in Welsh: {text}");
    client.close().await.unwrap();

    let admin = app.login("admins").await;
    let (status, links) = app.staff(Method::GET, &format!("/admin/api/services/{ward}/links"), &admin, None).await;
    assert_eq!(status, 200);
    assert_eq!(links[0]["language"], "cy", "its link is Welsh: {links}");
    let (status, service) = app.staff(Method::GET, &format!("/admin/api/services/{ward}"), &admin, None).await;
    assert_eq!((status, service["language"].as_str()), (200, Some("cy")), "{service}");
}
