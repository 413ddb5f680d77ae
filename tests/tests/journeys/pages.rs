use serde_json::json;
use tellcare_stack::testing::browser::{axe_violations, browser};
use tellcare_stack::testing::spawn_app;

#[tokio::test]
async fn the_home_page_lists_services_and_passes_axe() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let parent = app
        .request(reqwest::Method::POST, "/admin/api/services")
        .bearer_auth(&token)
        .json(&json!({"name": "Riverside <Partnership>"}))
        .send()
        .await
        .unwrap();
    let parent: serde_json::Value = parent.json().await.unwrap();
    app.request(reqwest::Method::POST, "/admin/api/services")
        .bearer_auth(&token)
        .json(&json!({"name": "Walking group", "parent_id": parent["id"]}))
        .send()
        .await
        .unwrap();

    let client = browser().await;
    client.goto(&format!("{}/", app.url)).await.unwrap();
    assert_eq!(client.title().await.unwrap(), "Share your experience of care – Tellcare");
    let items = client.find_all(fantoccini::Locator::Css("ul.tree li")).await.unwrap();
    let mut names = Vec::new();
    for item in items {
        names.push(item.text().await.unwrap());
    }
    assert!(names[0].starts_with("Riverside <Partnership>"), "names are shown as typed, escaped: {names:?}");
    assert_eq!(names[1], "Walking group");
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "axe-core: {violations:#?}");
    client.close().await.unwrap();
}
