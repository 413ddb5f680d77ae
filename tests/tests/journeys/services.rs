use serde_json::{Value, json};
use tellcare_stack::testing::{TestApp, spawn_app};

async fn create(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let response =
        app.request(reqwest::Method::POST, "/admin/api/services").bearer_auth(token).json(&body).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

#[tokio::test]
async fn staff_build_a_tree_that_the_public_reads() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let (status, partnership) =
        create(&app, &token, json!({"name": "  Northfield Partnership ", "description": "All of it"})).await;
    assert_eq!(status, 201, "{partnership}");
    assert_eq!(partnership["name"], "Northfield Partnership");
    let (_, community) =
        create(&app, &token, json!({"name": "Community Services", "parent_id": partnership["id"]})).await;
    let (_, cafe) = create(&app, &token, json!({"name": "Carers' Cafe", "parent_id": community["id"]})).await;
    let (_, art) = create(&app, &token, json!({"name": "Art in Mind", "parent_id": community["id"]})).await;

    let tree: Value = app.get("/api/services").await.json().await.unwrap();
    assert_eq!(tree.as_array().unwrap().len(), 1);
    assert_eq!(tree[0]["id"], partnership["id"]);
    let projects = &tree[0]["children"][0]["children"];
    assert_eq!(projects[0]["id"], art["id"], "children sorted by name");
    assert_eq!(projects[1]["id"], cafe["id"]);
    assert_eq!(projects[1]["parent_id"], community["id"]);

    let response = app.get(&format!("/api/services/{}", community["id"].as_str().unwrap())).await;
    assert_eq!(response.status(), 200);
    let subtree: Value = response.json().await.unwrap();
    assert_eq!(subtree["name"], "Community Services");
    assert_eq!(subtree["children"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn bad_service_requests_get_clear_errors() {
    let app = spawn_app().await;
    let token = app.login("moderators").await;

    let (status, body) = create(&app, &token, json!({"name": "x", "parent_id": "nope"})).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> =
        body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name", "parent_id"]);

    let (status, body) =
        create(&app, &token, json!({"name": "Ward 7", "parent_id": "01ARZ3NDEKTSV4RRFFQ69G5FAV"})).await;
    assert_eq!((status, body["error"]["fields"][0]["field"].as_str()), (422, Some("parent_id")));

    let response = app
        .request(reqwest::Method::POST, "/admin/api/services")
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(response.json::<Value>().await.unwrap()["error"]["code"], "bad_request");

    let huge = json!({ "name": "Ward", "description": "x".repeat(70 * 1024) });
    let response =
        app.request(reqwest::Method::POST, "/admin/api/services").bearer_auth(&token).json(&huge).send().await.unwrap();
    assert_eq!(response.status(), 413);

    for path in ["/api/services/01ARZ3NDEKTSV4RRFFQ69G5FAV", "/api/services/not-an-id"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(response.json::<Value>().await.unwrap()["error"]["code"], "not_found");
    }
    assert_eq!(app.get("/api/services").await.json::<Value>().await.unwrap(), json!([]), "nothing half-made");
}
