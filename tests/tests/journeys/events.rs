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
async fn the_notifier_events_are_handled_and_a_record_it_cannot_act_on_is_reported() {
    let app = spawn_app().await;
    let shared = &app.stack.shared;
    let notifier = notifier::Notifier::new(&shared.config, &shared.aws);
    let stream_event: serde_json::Value = serde_json::from_str(&event("notifier.json")).unwrap();
    // The sample's story is not in this table: the record is reported, not dropped.
    let response = notifier::handle_any(&notifier, stream_event.clone()).await.unwrap();
    assert_eq!(response["batchItemFailures"][0]["itemIdentifier"], "111100000000000000000001");

    let mut batch: aws_lambda_events::event::dynamodb::Event = serde_json::from_value(stream_event).unwrap();
    batch.records[0].change.new_image.clear();
    assert_eq!(notifier.handle(batch.clone()).await.batch_item_failures.len(), 1, "an unreadable image");
    batch.records[0].event_name = "MODIFY".into();
    assert!(notifier.handle(batch).await.batch_item_failures.is_empty(), "not an event that sends mail");

    let bounce: serde_json::Value = serde_json::from_str(&event("ses-bounce.json")).unwrap();
    assert_eq!(notifier::handle_any(&notifier, bounce).await.unwrap(), serde_json::Value::Null);
}

#[tokio::test]
async fn the_responses_event_with_a_token_never_issued_is_a_page_that_tells_nothing() {
    let app = spawn_app().await;
    let shared = &app.stack.shared;
    let responses = responses::app(responses::Responses::new(&shared.config, &shared.aws));
    let (status, page) = invoke_raw(responses, "responses.json").await;
    let page = String::from_utf8(page).unwrap();
    assert_eq!(status, 404);
    assert!(page.contains("not one we sent"), "{page}");
}

#[tokio::test]
async fn the_search_event_finds_the_seeded_service_and_the_indexer_event_is_handled() {
    let app = spawn_app_with(StackOptions { seed: true, ..StackOptions::isolated() }).await;
    let shared = &app.stack.shared;
    // The indexer's sample names a story this table does not have: it is taken out (a no-op),
    // not reported, and the index it writes holds the seeded services.
    let indexer = indexer::Indexer::new(&shared.config, &shared.aws);
    let batch: aws_lambda_events::event::dynamodb::Event = serde_json::from_str(&event("indexer.json")).unwrap();
    assert!(indexer.handle(batch).await.batch_item_failures.is_empty());
    let found = tellcare_stack::testing::eventually("the seeded services to be indexed", || async {
        let search = search::app(search::Search::new(&shared.config, shared.aws.s3.get()));
        let (status, body) = invoke(search, "search.json").await;
        assert_eq!(status, 200, "{body}");
        Some(body).filter(|b| !b["services"].as_array().unwrap().is_empty())
    })
    .await;
    assert_eq!(found["services"][0]["name"], "Carers' Cafe");
}
