//! Welsh beside English (issue 18, its first pages): a bilingual page answers in the language
//! its address asks for, else the one remembered, else the browser's; it says which in
//! `<html lang>`, links to itself in the other language, and names both as alternates. In
//! Welsh, no message of the English catalogue is left on the page.

use fantoccini::Locator;
use reqwest::Method;
use reqwest::header::HeaderMap;
use tellcare::domain::Language;
use tellcare::i18n::text_in;
use tellcare_stack::testing::browser::{axe_violations, browser};
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

    // A page not yet in Welsh says it is English, and offers no Welsh twin.
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
    assert!(page.contains(r#"<html lang="en-GB">"#));
    assert!(!page.contains("hreflang"));
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
