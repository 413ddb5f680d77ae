use std::sync::{Arc, Mutex};

use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use serde_json::json;
use tellcare_stack::streams::StreamHandler;
use tellcare_stack::testing::{eventually, spawn_app_with};
use tellcare_stack::{StackOptions, template::StackTemplate};

/// The service names of each delivered batch, failing the first delivery of `fail_once`.
fn recording_handler(deliveries: Arc<Mutex<Vec<Vec<String>>>>, fail_once: Arc<Mutex<Option<String>>>) -> StreamHandler {
    Arc::new(move |event| {
        let deliveries = deliveries.clone();
        let fail_once = fail_once.clone();
        Box::pin(async move {
            let mut response = DynamoDbEventResponse::default();
            let mut batch = Vec::new();
            for record in &event.records {
                let name: String = serde_dynamo::from_attribute_value(record.change.new_image["name"].clone()).unwrap();
                batch.push(name.clone());
                let mut target = fail_once.lock().unwrap();
                if target.as_deref() == Some(name.as_str()) {
                    *target = None;
                    let mut failure = DynamoDbBatchItemFailure::default();
                    failure.item_identifier = record.change.sequence_number.clone();
                    response.batch_item_failures.push(failure);
                    break;
                }
            }
            deliveries.lock().unwrap().push(batch);
            response
        })
    })
}

#[tokio::test]
async fn a_failed_record_is_delivered_again_from_where_it_failed() {
    let deliveries = Arc::new(Mutex::new(Vec::new()));
    let fail_once = Arc::new(Mutex::new(Some("Second".to_owned())));
    let options = StackOptions {
        stream_handler: Some(recording_handler(deliveries.clone(), fail_once.clone())),
        ..StackOptions::isolated()
    };
    let app = spawn_app_with(options).await;
    let token = app.login("admins").await;
    let ids = ["First", "Second", "Third"].map(String::from);
    for name in &ids {
        let response = app
            .request(reqwest::Method::POST, "/admin/api/services")
            .bearer_auth(&token)
            .json(&json!({"name": name}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }
    let delivered = eventually("three records handled", || {
        let deliveries = deliveries.clone();
        let ids = ids.clone();
        async move {
            let all: Vec<String> = deliveries.lock().unwrap().iter().flatten().cloned().collect();
            ids.iter().all(|id| all.contains(id)).then_some(all)
        }
    })
    .await;
    let count = |id: &str| delivered.iter().filter(|d| *d == id).count();
    assert_eq!(count(&ids[0]), 1, "records before the failure are not redelivered: {delivered:?}");
    assert_eq!(count(&ids[1]), 2, "the failed record comes again: {delivered:?}");
    assert_eq!(count(&ids[2]), 1, "{delivered:?}");
    assert!(fail_once.lock().unwrap().is_none());
    assert!(app.stack.shared.dead_letters.records().is_empty());
}

#[tokio::test]
async fn a_record_that_always_fails_is_set_aside_after_the_templates_retries() {
    let deliveries = Arc::new(Mutex::new(Vec::new()));
    let always: StreamHandler = {
        let deliveries = deliveries.clone();
        Arc::new(move |event| {
            let deliveries = deliveries.clone();
            Box::pin(async move {
                deliveries.lock().unwrap().push(event.records.len());
                let mut response = DynamoDbEventResponse::default();
                let mut failure = DynamoDbBatchItemFailure::default();
                failure.item_identifier = event.records[0].change.sequence_number.clone();
                response.batch_item_failures.push(failure);
                response
            })
        })
    };
    let app = spawn_app_with(StackOptions { stream_handler: Some(always), ..StackOptions::isolated() }).await;
    let token = app.login("admins").await;
    app.request(reqwest::Method::POST, "/admin/api/services")
        .bearer_auth(&token)
        .json(&json!({"name": "Doomed"}))
        .send()
        .await
        .unwrap();

    let dead = eventually("the record set aside", || {
        let records = app.stack.shared.dead_letters.records();
        async move { (!records.is_empty()).then_some(records) }
    })
    .await;
    let template = StackTemplate::load().unwrap();
    let retries = template.functions.iter().find_map(|f| f.stream.as_ref()).unwrap().maximum_retry_attempts;
    assert_eq!(deliveries.lock().unwrap().len(), retries + 1, "one try and the template's retries");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0]["eventName"], "INSERT");
}
