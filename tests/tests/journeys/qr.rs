use fantoccini::Locator;
use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintSize};
use reqwest::Method;
use serde_json::{Value, json};
use tellcare_stack::StackOptions;
use tellcare_stack::testing::browser::{axe_violations, browser};
use tellcare_stack::testing::decode::{pdf_pages, qr_codes};
use tellcare_stack::testing::{TestApp, spawn_app, spawn_app_with};

async fn link(app: &TestApp, token: &str, service_name: &str) -> Value {
    let service = app.create_service(token, service_name, None).await;
    let body = json!({"label": "Waiting room"});
    let (status, link) =
        app.staff(Method::POST, &format!("/admin/api/services/{service}/links"), token, Some(body)).await;
    assert_eq!(status, 201, "{link}");
    link
}

async fn png(app: &TestApp, token: &str, slug: &str, size: &str) -> reqwest::Response {
    app.request(Method::GET, &format!("/admin/api/links/{slug}/qr.png?size={size}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_png_decodes_to_the_links_address_at_the_smallest_and_largest_sizes() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let link = link(&app, &token, "Ward 7").await;
    let slug = link["slug"].as_str().unwrap();
    let url = link["url"].as_str().unwrap();

    for size in ["128", "2048"] {
        let response = png(&app, &token, slug, size).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "image/png");
        assert!(response.headers()["cache-control"].to_str().unwrap().contains("max-age"));
        let image = response.bytes().await.unwrap();
        assert_eq!(qr_codes(&image), [url], "at {size} px");
    }
    let response = png(&app, &token, slug, "2049").await;
    assert_eq!(response.status(), 422);
    assert_eq!(response.json::<Value>().await.unwrap()["error"]["fields"][0]["field"], "size");
    assert_eq!(png(&app, &token, slug, "big").await.status(), 422);
    assert_eq!(png(&app, &token, "no-such-link", "256").await.status(), 404);

    // Rendered once: kept in the bucket under qr/, and a browser that has it gets 304.
    let first = png(&app, &token, slug, "128").await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let kept = app
        .stack
        .shared
        .aws
        .s3
        .get()
        .list_objects_v2()
        .bucket(&app.stack.shared.config.assets_bucket)
        .prefix(format!("qr/{slug}/"))
        .send()
        .await
        .unwrap();
    let keys: Vec<&str> = kept.contents().iter().filter_map(|o| o.key()).collect();
    assert_eq!(keys.len(), 2, "one object per size: {keys:?}");
    assert!(keys.iter().any(|k| k.ends_with("-128.png") && etag.contains(k.rsplit('/').next().unwrap())));
    let again = app
        .request(Method::GET, &format!("/admin/api/links/{slug}/qr.png?size=128"))
        .bearer_auth(&token)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
}

#[tokio::test]
async fn the_svg_drawn_by_chromium_decodes_and_the_poster_prints_on_one_a4_page() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    // As long as a service's name may be (120 characters), so the poster is tried at its fullest.
    let long_name = "Riverside and Northfield Community Mental Health, Memory and Wellbeing Service for Older Adults, their Family and Carers";
    assert_eq!(long_name.chars().count(), 120);
    let link = link(&app, &token, long_name).await;
    let slug = link["slug"].as_str().unwrap();
    let url = link["url"].as_str().unwrap();
    let svg =
        app.request(Method::GET, &format!("/admin/api/links/{slug}/qr.svg")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");

    let client = browser().await;
    client.goto(&format!("{}/dev/login?next=/admin/api/links/{slug}/qr.svg", app.url)).await.unwrap();
    let screenshot = client.screenshot().await.unwrap();
    assert_eq!(qr_codes(&screenshot), [url], "the SVG as Chromium draws it");

    client.goto(&format!("{}/admin/api/links/{slug}/poster", app.url)).await.unwrap();
    let service = client.find(Locator::Css(".service")).await.unwrap().text().await.unwrap();
    assert_eq!(service, long_name);
    let address = client.find(Locator::Css(".address")).await.unwrap().text().await.unwrap();
    assert_eq!(format!("http://{address}"), url, "the address written out for people who cannot scan");
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "axe-core on the poster: {violations:#?}");
    let a4 = PrintConfiguration::builder()
        .size(PrintSize::A4)
        .margins(PrintMargins { top: 0.0, bottom: 0.0, left: 0.0, right: 0.0 })
        .shrink_to_fit(false)
        .background(true)
        .build()
        .unwrap();
    let pdf = client.print(a4).await.unwrap();
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len(), 1, "the poster prints on exactly one page: {pages:?}");
    let (width, height) = pages[0];
    assert!((width - 210.0).abs() < 1.0 && (height - 297.0).abs() < 1.0, "an A4 page: {pages:?}");

    client.goto(&format!("{}/admin/services/{}/links", app.url, link["service_id"].as_str().unwrap())).await.unwrap();
    let heading = client.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, format!("Invitation links of {long_name}"));
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "axe-core on the links page: {violations:#?}");
    client.close().await.unwrap();
}

/// The issue's own check, as a new user would try it: the seeded link's QR code, scanned,
/// opens a page that names the seeded service.
#[tokio::test]
async fn the_seeded_posters_code_opens_a_page_naming_its_service() {
    let app = spawn_app_with(StackOptions { seed: true, ..StackOptions::isolated() }).await;
    let seed: Value = app.get("/dev/seed.json").await.json().await.unwrap();
    let slug = seed["link"].as_str().unwrap();
    assert_eq!(seed["responders"].as_array().unwrap().len(), 4);
    let token = app.login("admins").await;

    let scanned = qr_codes(&png(&app, &token, slug, "512").await.bytes().await.unwrap());
    assert_eq!(scanned, [seed["link_url"].as_str().unwrap()]);
    let client = browser().await;
    client.goto(&scanned[0]).await.unwrap();
    let service = client.find(Locator::Css(".caption")).await.unwrap().text().await.unwrap();
    assert_eq!(service, "Carers' Cafe");
    assert_eq!(client.title().await.unwrap(), "Tell your story about Carers' Cafe – Tellcare");
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "axe-core on the link's page: {violations:#?}");

    let (status, _) =
        app.staff(Method::PATCH, &format!("/admin/api/links/{slug}"), &token, Some(json!({"enabled": false}))).await;
    assert_eq!(status, 200);
    client.refresh().await.unwrap();
    let heading = client.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, "This link is not taking stories");
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "axe-core on the 410 page: {violations:#?}");
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_code_is_still_served_when_the_bucket_cannot_keep_it() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let link = link(&app, &token, "Ward 7").await;
    let shared = &app.stack.shared;
    shared.aws.s3.get().delete_bucket().bucket(&shared.config.assets_bucket).send().await.unwrap();

    let response = png(&app, &token, link["slug"].as_str().unwrap(), "256").await;
    assert_eq!(response.status(), 200, "the bucket only saves work");
    assert_eq!(qr_codes(&response.bytes().await.unwrap()), [link["url"].as_str().unwrap()]);
}
