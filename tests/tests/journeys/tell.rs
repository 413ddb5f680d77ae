use fantoccini::{Client, Locator};
use reqwest::Method;
use serde_json::Value;
use tellcare_stack::StackOptions;
use tellcare_stack::testing::browser::{axe_violations, browser};
use tellcare_stack::testing::{TestApp, reference_in, spawn_app_with};

async fn seeded() -> (TestApp, Value) {
    let app = spawn_app_with(StackOptions { seed: true, ..StackOptions::isolated() }).await;
    let seed: Value = app.get("/dev/seed.json").await.json().await.unwrap();
    (app, seed)
}

async fn value_of(client: &Client, css: &str) -> String {
    client.find(Locator::Css(css)).await.unwrap().prop("value").await.unwrap().unwrap_or_default()
}

/// Clicks a button that sends a form, and waits for the page it leads to.
async fn press(client: &Client, css: &str) {
    client.execute("window.__before_press = true", vec![]).await.unwrap();
    client.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
    wait_for_new_page(client, css).await;
}

/// Presses Enter in a field, as people do to send a form, and waits for the page it leads to.
async fn enter_in(client: &Client, css: &str) {
    client.execute("window.__before_press = true", vec![]).await.unwrap();
    client.find(Locator::Css(css)).await.unwrap().send_keys("\u{E007}").await.unwrap();
    wait_for_new_page(client, css).await;
}

async fn wait_for_new_page(client: &Client, css: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let state = client
            .execute("return window.__before_press === undefined && document.readyState === 'complete'", vec![])
            .await;
        if matches!(state, Ok(Value::Bool(true))) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "no new page after pressing {css}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

fn form(fields: &[(&str, &str)]) -> String {
    serde_html_form::to_string(fields).unwrap()
}

async fn post_form(app: &TestApp, path: &str, body: String) -> reqwest::Response {
    app.request(Method::POST, path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_person_tells_their_story_in_a_browser_and_corrects_a_mistake() {
    let (app, _) = seeded().await;
    let client = browser().await;
    client.goto(&format!("{}/tell/carers-cafe", app.url)).await.unwrap();
    assert_eq!(client.title().await.unwrap(), "Tell your story about Carers' Cafe – Tellcare");
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "axe-core on the form: {violations:#?}");

    client.find(Locator::Css("#title")).await.unwrap().send_keys("A warm welcome <b>every</b> week").await.unwrap();
    client.find(Locator::Css("#body")).await.unwrap().send_keys("Too short.").await.unwrap();
    client.find(Locator::Css("label[for=when-last_week]")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("label[for=role-carer]")).await.unwrap().click().await.unwrap();
    client.find(Locator::Css("#author_email")).await.unwrap().send_keys("carer@example.org").await.unwrap();
    client.find(Locator::Css("#postcode")).await.unwrap().send_keys("ml1 1aa").await.unwrap();
    press(&client, "button[value=suggest]").await;
    let suggested = value_of(&client, "#username").await;
    assert!(suggested.len() >= 7, "a username was suggested: {suggested:?}");
    assert_eq!(value_of(&client, "#author_email").await, "carer@example.org", "kept across the suggestion");

    enter_in(&client, "#postcode").await;
    let title = client.title().await.unwrap();
    assert!(title.starts_with("Error: "), "Enter sends the story (not the suggestion) and the title says it failed");
    let summary = client.find(Locator::Css(".error-summary")).await.unwrap().text().await.unwrap();
    assert!(summary.contains("at least 20 characters"), "{summary}");
    assert_eq!(value_of(&client, "#title").await, "A warm welcome <b>every</b> week", "as typed");
    assert_eq!(value_of(&client, "#body").await, "Too short.");
    assert_eq!(value_of(&client, "#username").await, suggested);
    assert_eq!(value_of(&client, "#postcode").await, "ml1 1aa");
    let checked = client.find(Locator::Css("#role-carer")).await.unwrap().prop("checked").await.unwrap();
    assert_eq!(checked.as_deref(), Some("true"), "the chosen role is still chosen");
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "axe-core on the form with errors: {violations:#?}");

    client.find(Locator::Css(".error-summary a")).await.unwrap().click().await.unwrap();
    client
        .find(Locator::Css("#body"))
        .await
        .unwrap()
        .send_keys(" They always have time for a cup of tea and a chat.")
        .await
        .unwrap();
    press(&client, "button#send").await;
    assert_eq!(client.title().await.unwrap(), "Thank you for your story – Tellcare");
    let reference = client.find(Locator::Css(".reference")).await.unwrap().text().await.unwrap();
    assert_eq!(reference.len(), 26, "a story reference: {reference}");
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "axe-core on the thanks page: {violations:#?}");
    client.goto(&format!("{}/tell?q=walk", app.url)).await.unwrap();
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "axe-core on the general form: {violations:#?}");
    client.close().await.unwrap();

    let stored = app.stories_in("awaiting_moderation").await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["id"].as_s().unwrap(), &reference);
    assert_eq!(stored[0]["channel"].as_s().unwrap(), "invitation_link");
    assert_eq!(stored[0]["username"].as_s().unwrap(), &suggested);
    assert_eq!(stored[0]["title"].as_s().unwrap(), "A warm welcome <b>every</b> week");
    let token = app.login("admins").await;
    let (_, link) = app.staff(Method::GET, "/admin/api/links/carers-cafe", &token, None).await;
    assert_eq!((link["submitted"].as_u64(), link["opened"].as_u64()), (Some(1), Some(1)));
}

#[tokio::test]
async fn the_general_form_finds_services_without_a_script_and_a_double_send_makes_one_story() {
    let (app, seed) = seeded().await;
    let page = app.get("/tell?q=walk").await.text().await.unwrap();
    assert!(page.contains("Walking for Health") && !page.contains("Hospital at Home"), "search filters the list");
    let page = app.get("/tell").await.text().await.unwrap();
    assert!(page.contains("Hospital at Home") && page.len() < 30 * 1024, "{} bytes", page.len());
    let link_page = app.get("/tell/carers-cafe").await.text().await.unwrap();
    assert!(link_page.len() < 30 * 1024, "{} bytes", link_page.len());

    let service = seed["projects"][2].as_str().unwrap();
    let fields = [
        ("title", "Care at home"),
        ("body", "The team came every day and I could stay in my own bed."),
        ("when", "last_month"),
        ("author_role", "patient"),
        ("service_ids", service),
        ("form_token", "0123456789abcdef0123456789abcdef"),
        ("action", "send"),
    ];
    let first = post_form(&app, "/tell", form(&fields)).await;
    let second = post_form(&app, "/tell", form(&fields)).await;
    assert_eq!((first.status(), second.status()), (reqwest::StatusCode::SEE_OTHER, reqwest::StatusCode::SEE_OTHER));
    let location = first.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/tell/thanks", "the address carries no reference");
    let reference = reference_in(&first).expect("the reference, for the thanks page");
    assert_eq!(reference_in(&second), Some(reference.clone()), "the same story both times");
    // The thanks page shows it once, is never cached, and then forgets it.
    let cookie = format!("tellcare_reference={reference}");
    let thanks = app.request(Method::GET, &location).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(thanks.headers()["cache-control"], "no-store");
    assert!(thanks.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"), "the cookie is cleared");
    assert!(thanks.text().await.unwrap().contains(&reference));
    let later = app.get(&location).await.text().await.unwrap();
    assert!(!later.contains(&reference) && later.contains("Thank you for your story"), "the next person sees none");
    assert_eq!(app.stories_in("awaiting_moderation").await.len(), 1);
    assert_eq!(app.stories_in("awaiting_moderation").await[0]["channel"].as_s().unwrap(), "web");

    let mut bot = fields.to_vec();
    bot.push(("website", "http://spam.example"));
    bot[5] = ("form_token", "ffffffffffffffffffffffffffffffff");
    let trapped = post_form(&app, "/tell", form(&bot)).await;
    assert_eq!(trapped.headers()["location"].to_str().unwrap(), "/tell/thanks", "a bot is thanked");
    assert_eq!(app.stories_in("awaiting_moderation").await.len(), 1, "and nothing is stored");

    let mut no_service = fields.to_vec();
    no_service.retain(|(k, _)| *k != "service_ids");
    no_service[4] = ("form_token", "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
    let refused = post_form(&app, "/tell", form(&no_service)).await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Choose the service your story is about") && page.contains("Care at home"), "kept as typed");
}

#[tokio::test]
async fn a_disabled_link_refuses_yet_keeps_what_was_typed() {
    let (app, _) = seeded().await;
    let token = app.login("admins").await;
    let page = app.get("/tell/carers-cafe").await.text().await.unwrap();
    let form_token = page.split("name=\"form_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let (status, _) = app
        .staff(Method::PATCH, "/admin/api/links/carers-cafe", &token, Some(serde_json::json!({"enabled": false})))
        .await;
    assert_eq!(status, 200);

    assert_eq!(app.get("/tell/carers-cafe").await.status(), 410);
    let typed = [
        ("title", "<script>alert(1)</script>"),
        ("body", "<script>alert(2)</script> and enough words to pass"),
        ("when", "today"),
        ("author_role", "carer"),
        ("form_token", form_token.as_str()),
    ];
    let response = post_form(&app, "/tell/carers-cafe", form(&typed)).await;
    assert_eq!(response.status(), 410);
    let page = response.text().await.unwrap();
    assert!(page.contains("switched off while you were writing"), "says what happened");
    assert!(page.contains("&#60;script&#62;alert(2)&#60;/script&#62; and enough words"), "kept, and escaped");
    assert!(!page.contains("<script>alert"), "never as markup");
    assert!(app.stories_in("awaiting_moderation").await.is_empty());
}

#[tokio::test]
async fn a_story_sent_after_its_service_was_archived_is_kept_for_another_choice() {
    let (app, seed) = seeded().await;
    let token = app.login("admins").await;
    let cafe = seed["link_service"].as_str().unwrap();
    let (status, _) = app
        .staff(
            Method::PATCH,
            &format!("/admin/api/services/{cafe}"),
            &token,
            Some(serde_json::json!({"archived": true})),
        )
        .await;
    assert_eq!(status, 200);
    let typed = [
        ("title", "Tea and kindness"),
        ("body", "Every week there was someone to listen to me."),
        ("when", "last_week"),
        ("author_role", "carer"),
        ("form_token", "abababababababababababababababab"),
    ];
    let response = post_form(&app, "/tell/carers-cafe", form(&typed)).await;
    assert_eq!(response.status(), 410);
    let page = response.text().await.unwrap();
    assert!(page.contains("choose the service and send it") && page.contains("Every week there was someone"), "kept");
    assert!(page.contains("Walking for Health"), "the other services to choose from");
    assert!(app.stories_in("awaiting_moderation").await.is_empty());
}

#[tokio::test]
async fn a_form_sent_too_often_comes_back_whole_saying_when_to_try_again() {
    let (app, _) = seeded().await;
    let typed = [("title", "Too short"), ("body", "short"), ("form_token", "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd")];
    for _ in 0..30 {
        assert_eq!(post_form(&app, "/tell/carers-cafe", form(&typed)).await.status(), 422);
    }
    let response = post_form(&app, "/tell/carers-cafe", form(&typed)).await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    let page = response.text().await.unwrap();
    assert!(page.contains("Your story is still here") && page.contains("value=\"Too short\""), "kept as typed");
}
