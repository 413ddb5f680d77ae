use reqwest::Method;
use serde_json::{Value, json};
use tellcare_stack::testing::{TestApp, spawn_app};

fn fields(body: &Value) -> Vec<&str> {
    body["error"]["fields"]
        .as_array()
        .map(|f| f.iter().filter_map(|f| f["field"].as_str()).collect())
        .unwrap_or_default()
}

async fn tell_page(app: &TestApp, slug: &str) -> (u16, String) {
    let response = app.get(&format!("/tell/{slug}")).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn link(app: &TestApp, token: &str, service: &str) -> Value {
    let (_, links) = app.staff(Method::GET, &format!("/admin/api/services/{service}/links"), token, None).await;
    links[0].clone()
}

#[tokio::test]
async fn staff_make_a_link_people_open_and_staff_switch_off() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let service = app.create_service(&token, "Ward 7 <Oncology>", None).await;
    let links = format!("/admin/api/services/{service}/links");

    let body =
        json!({"label": "Waiting room", "welcome_message": "Hello from Ward 7.\nThank you.", "tags": ["Night Staff"]});
    let (status, created) = app.staff(Method::POST, &links, &token, Some(body)).await;
    assert_eq!(status, 201, "{created}");
    let slug = created["slug"].as_str().unwrap().to_owned();
    assert_eq!(slug.len(), 8);
    assert!(!slug.contains(['0', 'o', '1', 'l', 'i']), "{slug}");
    assert_eq!(created["url"], format!("{}/tell/{slug}", app.url));
    assert_eq!(created["qr_png_url"], format!("{}/admin/api/links/{slug}/qr.png", app.url));
    assert_eq!(created["poster_url"], format!("{}/admin/api/links/{slug}/poster", app.url));
    assert_eq!((created["tags"][0].as_str(), created["state"].as_str()), (Some("night staff"), Some("enabled")));

    let (status, page) = tell_page(&app, &slug).await;
    assert_eq!(status, 200);
    assert!(page.contains("Ward 7 &#60;Oncology&#62;") && !page.contains("<Oncology>"), "names the service, escaped");
    assert!(page.contains("Hello from Ward 7."), "shows the welcome message");
    let (status, _) = tell_page(&app, &slug.to_uppercase()).await;
    assert_eq!(status, 200, "a slug typed in capitals still works");
    assert_eq!(link(&app, &token, &service).await["opened"], 2, "each opening counted");

    let path = format!("/admin/api/links/{slug}");
    let (status, changed) =
        app.staff(Method::PATCH, &path, &token, Some(json!({"enabled": false, "welcome_message": null}))).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!((changed["enabled"].as_bool(), &changed["welcome_message"]), (Some(false), &Value::Null));
    let (status, page) = tell_page(&app, &slug).await;
    assert_eq!(status, 410);
    assert!(page.contains("switched off") && page.contains("href=\"/tell\""), "says where else to go: {page}");

    let (status, _) = app.staff(Method::PATCH, &path, &token, Some(json!({"enabled": true}))).await;
    assert_eq!(status, 200);
    assert_eq!(tell_page(&app, &slug).await.0, 200);

    let (status, _) = app.staff(Method::DELETE, &path, &token, None).await;
    assert_eq!(status, 204);
    let (status, page) = tell_page(&app, &slug).await;
    assert_eq!((status, page.contains("no longer in use")), (410, true));
    assert_eq!(app.staff(Method::GET, &path, &token, None).await.0, 410);
    assert_eq!(app.staff(Method::PATCH, &path, &token, Some(json!({"enabled": true}))).await.0, 410);
    assert_eq!(app.staff(Method::DELETE, &path, &token, None).await.0, 204, "deleting twice changes nothing");
    let (_, listed) = app.staff(Method::GET, &links, &token, None).await;
    assert_eq!(listed, json!([]), "a deleted link leaves the list");
}

#[tokio::test]
async fn chosen_addresses_are_unique_and_bad_requests_are_explained() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let service = app.create_service(&token, "Carers' Cafe", None).await;
    let links = format!("/admin/api/services/{service}/links");

    let survey = "https://survey.example.org/cafe?from=tellcare";
    let body = json!({"label": "Door", "slug": "Carers-Cafe", "survey_url": survey});
    let (status, first) = app.staff(Method::POST, &links, &token, Some(body)).await;
    assert_eq!((status, first["slug"].as_str()), (201, Some("carers-cafe")));
    let cookie = "tellcare_reference=01ARZ3NDEKTSV4RRFFQ69G5FAV";
    let thanks = app.request(Method::GET, "/tell/carers-cafe/thanks").header("cookie", cookie).send().await.unwrap();
    let thanks = thanks.text().await.unwrap();
    assert!(thanks.contains("01ARZ3NDEKTSV4RRFFQ69G5FAV"), "the reference");
    assert!(thanks.contains("href=\"https://survey.example.org/cafe?from=tellcare\""), "the way on to the survey");
    let (status, taken) =
        app.staff(Method::POST, &links, &token, Some(json!({"label": "Other door", "slug": "carers-cafe"}))).await;
    assert_eq!((status, taken["error"]["code"].as_str()), (409, Some("conflict")));

    let bad = json!({"label": "", "slug": "no spaces", "tags": ["<b>"], "survey_url": "http://example.org"});
    let (status, body) = app.staff(Method::POST, &links, &token, Some(bad)).await;
    assert_eq!((status, fields(&body)), (422, vec!["label", "slug", "tags", "survey_url"]));
    let (status, body) = app.staff(Method::PATCH, "/admin/api/links/carers-cafe", &token, Some(json!({}))).await;
    assert_eq!((status, fields(&body)), (422, vec!["body"]));

    let nobody = "/admin/api/services/01ARZ3NDEKTSV4RRFFQ69G5FAV/links";
    assert_eq!(app.staff(Method::POST, nobody, &token, Some(json!({"label": "Door"}))).await.0, 404);
    assert_eq!(app.staff(Method::GET, nobody, &token, None).await.0, 404);
    assert_eq!(
        app.staff(Method::PATCH, "/admin/api/links/no-such-link", &token, Some(json!({"enabled": false}))).await.0,
        404
    );
    assert_eq!(tell_page(&app, "no-such-link").await.0, 404);
    assert_eq!(tell_page(&app, "not a slug!").await.0, 404);

    let no_token = app.request(Method::POST, &links).json(&json!({"label": "Door"})).send().await.unwrap();
    assert_eq!(no_token.status(), 401);
    let stranger = app.sign(&app.claims("volunteers"));
    assert_eq!(app.staff(Method::GET, &links, &stranger, None).await.0, 403);
    for path in ["/admin/api/links/carers-cafe/qr.png", "/admin/api/links/carers-cafe/poster"] {
        assert_eq!(app.get(path).await.status(), 401, "{path} checks the token itself");
        assert_eq!(app.staff(Method::GET, path, &stranger, None).await.0, 403, "{path}");
    }

    // An archived service takes no new links, and its links take no stories.
    let (status, archived) = app
        .staff(Method::PATCH, &format!("/admin/api/services/{service}"), &token, Some(json!({"archived": true})))
        .await;
    assert_eq!((status, archived["archived"].as_bool()), (200, Some(true)));
    assert_eq!(app.staff(Method::POST, &links, &token, Some(json!({"label": "Door"}))).await.0, 409);
    let (status, page) = tell_page(&app, "carers-cafe").await;
    assert_eq!((status, page.contains("no longer takes new stories")), (410, true));
}
