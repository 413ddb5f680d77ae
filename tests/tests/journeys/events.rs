//! The sample events in `events/`, as Lambda would deliver them, through each function's
//! own handler: what `cargo lambda invoke --data-file` sends.

use serde_json::Value;
use tellcare_stack::StackOptions;
use tellcare_stack::template::workspace_root;
use tellcare_stack::testing::{spawn_app, spawn_app_with};
use tower::ServiceExt;

fn event(name: &str) -> String {
    std::fs::read_to_string(workspace_root().join("events").join(name)).unwrap()
}

async fn invoke(app: axum::Router, name: &str) -> (u16, Value) {
    let (status, bytes) = invoke_raw(app, name).await;
    (status, serde_json::from_slice(&bytes).unwrap())
}

async fn invoke_raw(app: axum::Router, name: &str) -> (u16, Vec<u8>) {
    let request = lambda_http::request::from_str(&event(name)).expect("an API Gateway v2 event");
    let (parts, body) = request.into_parts();
    let request = axum::http::Request::from_parts(parts, axum::body::Body::from(body.to_vec()));
    let response = app.oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (status, bytes.to_vec())
}

#[tokio::test]
async fn the_public_site_event_lists_services() {
    let app = spawn_app().await;
    let shared = &app.stack.shared;
    let site = public_site::app(public_site::PublicSite::new(&shared.config, &shared.aws));
    let (status, body) = invoke(site, "public-site.json").await;
    assert_eq!(status, 200);
    assert!(body.is_array(), "{body}");
}

#[tokio::test]
async fn the_admin_event_without_a_token_is_refused_by_the_function_itself() {
    let app = spawn_app().await;
    let shared = &app.stack.shared;
    let admin = admin::app(admin::Admin::new(&shared.config, &shared.aws));
    let (status, body) = invoke(admin, "admin.json").await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");
}

#[tokio::test]
async fn the_intake_event_opens_the_seeded_links_page() {
    let app = spawn_app_with(StackOptions { seed: true, ..StackOptions::isolated() }).await;
    let shared = &app.stack.shared;
    let intake = intake::app(intake::Intake::new(&shared.config, &shared.aws));
    let (status, page) = invoke_raw(intake, "intake.json").await;
    assert_eq!(status, 200);
    assert!(String::from_utf8(page).unwrap().contains("<title>Tell your story about Carers&#39; Cafe"));
}

#[tokio::test]
async fn the_invitations_event_without_a_token_is_refused_by_the_function_itself() {
    let app = spawn_app().await;
    let shared = &app.stack.shared;
    let invitations = invitations::app(invitations::Invitations::new(&shared.config, &shared.aws));
    let (status, body) = invoke(invitations, "invitations.json").await;
    assert_eq!((status, body["error"]["code"].as_str()), (401, Some("unauthorized")));
}

#[tokio::test]
async fn the_notifier_event_is_handled_and_an_unreadable_record_is_reported() {
    let mut event: aws_lambda_events::event::dynamodb::Event = serde_json::from_str(&event("notifier.json")).unwrap();
    let notifier = notifier::Notifier::new();
    assert!(notifier.handle(event.clone()).await.batch_item_failures.is_empty());

    event.records[0].change.keys.clear();
    let response = notifier.handle(event.clone()).await;
    assert_eq!(response.batch_item_failures.len(), 1);
    assert_eq!(response.batch_item_failures[0].item_identifier, event.records[0].change.sequence_number);
}
