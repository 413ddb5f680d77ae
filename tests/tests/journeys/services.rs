use reqwest::Method;
use serde_json::{Value, json};
use tellcare_stack::testing::{TestApp, spawn_app, spawn_seeded_app};

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
    let token = app.login("admins").await;

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

#[tokio::test]
async fn staff_rename_move_and_archive_services_without_closing_a_loop() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let partnership = app.create_service(&token, "Partnership", None).await;
    let community = app.create_service(&token, "Community", Some(&partnership)).await;
    let walking = app.create_service(&token, "Walking", Some(&community)).await;
    let path = |id: &str| format!("/admin/api/services/{id}");

    let change = json!({"name": " Community Services ", "description": "Local projects"});
    let (status, renamed) = app.staff(Method::PATCH, &path(&community), &token, Some(change)).await;
    assert_eq!((status, renamed["name"].as_str()), (200, Some("Community Services")), "{renamed}");

    let (status, body) =
        app.staff(Method::PATCH, &path(&partnership), &token, Some(json!({"parent_id": walking}))).await;
    assert_eq!((status, body["error"]["fields"][0]["field"].as_str()), (422, Some("parent_id")), "no loops");
    let (status, moved) =
        app.staff(Method::PATCH, &path(&walking), &token, Some(json!({"parent_id": partnership}))).await;
    assert_eq!((status, moved["parent_id"].as_str()), (200, Some(partnership.as_str())));
    let (status, root) = app.staff(Method::PATCH, &path(&walking), &token, Some(json!({"parent_id": null}))).await;
    assert_eq!((status, &root["parent_id"]), (200, &Value::Null), "null makes it a root");
    let (status, _) = app.staff(Method::PATCH, &path(&walking), &token, Some(json!({"archived": true}))).await;
    assert_eq!(status, 200);

    let tree: Value = app.get("/api/services").await.json().await.unwrap();
    let roots: Vec<(&str, bool)> = tree
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["archived"].as_bool().unwrap()))
        .collect();
    assert_eq!(roots, [("Partnership", false), ("Walking", true)], "archived services stay, marked");
    assert_eq!(tree[0]["children"][0]["description"], "Local projects");

    let unknown = path("01ARZ3NDEKTSV4RRFFQ69G5FAV");
    assert_eq!(app.staff(Method::PATCH, &unknown, &token, Some(json!({"name": "Ghost"}))).await.0, 404);
    assert_eq!(app.staff(Method::PATCH, &path(&walking), &token, Some(json!({}))).await.0, 422);
}

#[tokio::test]
async fn responders_are_added_once_removed_and_kept_private() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let ward = app.create_service(&token, "Ward 7", None).await;
    let responders = format!("/admin/api/services/{ward}/responders");

    let sam = json!({"name": "Sam Patel", "email": "Sam@Ward7.Example.org", "job_title": "Ward manager"});
    let (status, added) = app.staff(Method::POST, &responders, &token, Some(sam.clone())).await;
    assert_eq!(status, 201, "{added}");
    assert_eq!((added["email"].as_str(), added["email_when"].as_str()), (Some("Sam@ward7.example.org"), Some("all")));
    let critical = json!({"name": "Jo Lee", "email": "jo@ward7.example.org", "job_title": "Matron",
        "email_when": {"criticality_at_least": 3}});
    let (status, jo) = app.staff(Method::POST, &responders, &token, Some(critical)).await;
    assert_eq!((status, &jo["email_when"]), (201, &json!({"criticality_at_least": 3})));

    assert_eq!(app.staff(Method::POST, &responders, &token, Some(sam)).await.0, 409, "same email twice");
    let bad = json!({"name": "", "email": "not-an-email", "job_title": "M", "email_when": "sometimes"});
    let (status, body) = app.staff(Method::POST, &responders, &token, Some(bad)).await;
    let fields: Vec<&str> =
        body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!((status, fields), (422, vec!["name", "email", "job_title", "email_when"]));
    let nowhere = "/admin/api/services/01ARZ3NDEKTSV4RRFFQ69G5FAV/responders";
    let jane = json!({"name": "Jane", "email": "jane@example.org", "job_title": "Nurse"});
    assert_eq!(app.staff(Method::POST, nowhere, &token, Some(jane)).await.0, 404);

    let (status, detail) = app.staff(Method::GET, &format!("/admin/api/services/{ward}"), &token, None).await;
    assert_eq!(status, 200);
    let names: Vec<&str> =
        detail["responders"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!((detail["name"].as_str(), names), (Some("Ward 7"), vec!["Jo Lee", "Sam Patel"]));
    let public = app.get(&format!("/api/services/{ward}")).await.text().await.unwrap();
    assert!(!public.contains("ward7.example.org") && !public.contains("responders"), "{public}");

    let one = format!("{responders}/{}", added["id"].as_str().unwrap());
    assert_eq!(app.staff(Method::DELETE, &one, &token, None).await.0, 204);
    assert_eq!(app.staff(Method::DELETE, &one, &token, None).await.0, 404);
    let (_, detail) = app.staff(Method::GET, &format!("/admin/api/services/{ward}"), &token, None).await;
    assert_eq!(detail["responders"].as_array().unwrap().len(), 1);
}

/// Whether a route of the template manages services, their staff or their links: the admins'.
fn manages(path: &str) -> bool {
    ["/admin/api/services", "/admin/services", "/admin/api/links", "/admin/links"].iter().any(|p| path.starts_with(p))
        && !is_report(path)
}

/// A service's report and its downloads: read by its staff and by moderators, managed by no one.
pub(crate) fn is_report(path: &str) -> bool {
    ["/report", "/report.csv", "/stories.csv"].iter().any(|end| path.ends_with(end))
}

#[tokio::test]
async fn moderators_moderate_and_every_route_that_manages_services_staff_or_links_refuses_them() {
    let app = spawn_seeded_app().await;
    let seed: Value = app.get("/dev/seed.json").await.json().await.unwrap();
    let (moderator, admin) = (app.login("moderators").await, app.login("admins").await);
    let template = tellcare_stack::template::StackTemplate::load().unwrap();
    let mut refused = Vec::new();
    for (_, route) in template.http_routes().filter(|(_, r)| manages(&r.path)) {
        // Real ids, so that the refusal is the role's and nothing else's.
        let path = route
            .path
            .replace("{id}", seed["link_service"].as_str().unwrap())
            .replace("{slug}", seed["link"].as_str().unwrap())
            .replace("{responder_id}", "01ARZ3NDEKTSV4RRFFQ69G5FAV");
        let method = Method::from_bytes(route.method.as_bytes()).unwrap();
        // The JSON routes take the bearer token (the gateway's authorizer); the pages, the cookie.
        let request = app.request(method.clone(), &path);
        let request = match route.authorizer {
            Some(_) => request.bearer_auth(&moderator),
            None => request.header("cookie", format!("{}={moderator}", tellcare::web::ADMIN_COOKIE)),
        };
        // A page's form is sent as the moderator's browser would: with their session's CSRF token.
        let csrf = tellcare::signin::csrf_token(&moderator);
        let request = match (&method, route.authorizer.is_some()) {
            (&Method::GET, _) => request,
            (_, true) => request.json(&json!({})),
            (_, false) => request
                .header("content-type", "application/x-www-form-urlencoded")
                .body(serde_html_form::to_string([("csrf", csrf.as_str())]).unwrap()),
        };
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(status, 403, "{} {path} let a moderator in: {body}", route.method);
        assert!(body.contains("You do not manage this service"), "{path}: {body}");
        refused.push(format!("{} {}", route.method, route.path));
    }
    assert!(refused.len() >= 15, "the management routes: {refused:?}");
    // A service's report, though, is read by moderators as by the service's own staff.
    let reports: Vec<_> = template.http_routes().filter(|(_, r)| is_report(&r.path)).collect();
    assert_eq!(reports.len(), 4, "the report page, its JSON and CSV, and the stories' CSV");
    for (_, route) in reports {
        let path = route.path.replace("{id}", seed["link_service"].as_str().unwrap());
        let cookie = format!("{}={moderator}", tellcare::web::ADMIN_COOKIE);
        let response = app.request(Method::GET, &path).header("cookie", cookie).send().await.unwrap();
        assert_eq!(response.status(), 200, "a moderator reads {path}");
    }
    // The same routes let an admin in: a responder added, and the page that lists it.
    let ward = seed["link_service"].as_str().unwrap();
    let sam = json!({"name": "Sam Patel", "email": "sam@ward7.example.org", "job_title": "Ward manager"});
    let (status, _) =
        app.staff(Method::POST, &format!("/admin/api/services/{ward}/responders"), &admin, Some(sam.clone())).await;
    assert_eq!(status, 201);
    let (status, _) =
        app.staff(Method::POST, &format!("/admin/api/services/{ward}/responders"), &moderator, Some(sam)).await;
    assert_eq!(status, 403, "a moderator adding a responder");
    assert!(app.page_as(&admin, &format!("/admin/services/{ward}")).await.contains("Sam Patel"));
    // And moderation stays the moderators'.
    let (status, _) = app.staff(Method::GET, "/admin/api/queue", &moderator, None).await;
    assert_eq!(status, 200);
}

/// Members stored before roles (no `role`, no email index key) read as responders, and the
/// migration gives them both, once: a second run changes nothing.
#[tokio::test]
async fn members_stored_before_roles_are_migrated_once() {
    use aws_sdk_dynamodb::types::AttributeValue;
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let service = app.create_service(&token, "Ward 7", None).await;
    let member_id = ulid::Ulid::generate().to_string();
    let item = [
        ("pk", format!("SERVICE#{service}")),
        ("sk", format!("RESPONDER#{member_id}")),
        ("id", member_id.clone()),
        ("service_id", service.clone()),
        ("name", "Ann Lee".into()),
        ("email", "ann.lee@example.org".into()),
        ("job_title", "Ward manager".into()),
    ]
    .map(|(name, value)| (name.to_owned(), AttributeValue::S(value)));
    let store = app.store();
    app.stack
        .shared
        .aws
        .dynamodb
        .put_item()
        .table_name(store.table())
        .set_item(Some(item.into()))
        .send()
        .await
        .unwrap();
    let email = tellcare::domain::EmailAddress::parse("ann.lee@example.org").unwrap();
    assert!(store.memberships_of(&email).await.unwrap().is_empty(), "not indexed by email before");

    assert_eq!(store.migrate_members().await.unwrap(), 1);
    assert_eq!(store.migrate_members().await.unwrap(), 0, "a second run changes nothing");
    let members = store.memberships_of(&email).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].role, tellcare::domain::staff::ServiceRole::Responder);
    let (_, listed) = app.staff(Method::GET, &format!("/admin/api/services/{service}/members"), &token, None).await;
    assert_eq!(listed[0]["role"], "responder", "{listed}");
}

/// A double tap on "Add", or two admins adding one person at once: one member, one invitation.
#[tokio::test]
async fn adding_the_same_person_twice_at_once_makes_one_member_and_one_invitation() {
    let app = spawn_app().await;
    let token = app.login("admins").await;
    let service = app.create_service(&token, "Ward 9", None).await;
    let path = format!("/admin/api/services/{service}/members");
    let body = json!({"name": "Jo Hart", "email": "jo.hart@example.org", "job_title": "Sister", "role": "responder"});
    let (first, second) = tokio::join!(
        app.staff(Method::POST, &path, &token, Some(body.clone())),
        app.staff(Method::POST, &path, &token, Some(body.clone()))
    );
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "{first:?} {second:?}");
    let (_, members) = app.staff(Method::GET, &path, &token, None).await;
    assert_eq!(members.as_array().unwrap().len(), 1, "{members}");
    let invitation = app.email_to("jo.hart@example.org", "You are invited").await;
    assert!(app.link_in(&invitation, "/staff/welcome/").len() > 64);
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let invitations = app.mailbox().await.iter().filter(|e| e["to"][0] == "jo.hart@example.org").count();
    assert_eq!(invitations, 1);
}
