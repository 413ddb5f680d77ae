use std::sync::{Arc, Mutex};

use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use serde_json::json;
use tellcare_stack::streams::StreamHandler;
use tellcare_stack::testing::{TestApp, eventually, spawn_app_with};
use tellcare_stack::{StackOptions, template::StackTemplate};

/// The partition keys of each delivered batch, failing the first delivery of the second
/// story's record.
fn recording_handler(deliveries: Arc<Mutex<Vec<Vec<String>>>>) -> StreamHandler {
    // The stories seen so far, in order, and whether the failure was made.
    let state = Arc::new(Mutex::new((Vec::<String>::new(), false)));
    Arc::new(move |event| {
        let deliveries = deliveries.clone();
        let state = state.clone();
        Box::pin(async move {
            let mut response = DynamoDbEventResponse::default();
            let mut batch = Vec::new();
            for record in &event.records {
                let pk: String = serde_dynamo::from_attribute_value(record.change.keys["pk"].clone()).unwrap();
                batch.push(pk.clone());
                let (seen, failed) = &mut *state.lock().unwrap();
                if pk.starts_with("STORY#") && !seen.contains(&pk) {
                    seen.push(pk);
                }
                if seen.len() == 2 && !*failed {
                    *failed = true;
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

/// Tells a story about a new service; the story's partition key, as its records carry it.
async fn tell(app: &TestApp, token: &str, title: &str) -> String {
    let service = app.create_service(token, &format!("{title} ward"), None).await;
    let story = json!({"title": title, "body": "Long enough to be a story of care.", "when": "today",
        "author_role": "patient", "service_ids": [service]});
    let response = app.request(reqwest::Method::POST, "/api/stories").json(&story).send().await.unwrap();
    assert_eq!(response.status(), 201);
    let body: serde_json::Value = response.json().await.unwrap();
    format!("STORY#{}", body["id"].as_str().unwrap())
}

#[tokio::test]
async fn a_failed_record_is_delivered_again_from_where_it_failed() {
    let deliveries = Arc::new(Mutex::new(Vec::new()));
    let options =
        StackOptions { stream_handler: Some(recording_handler(deliveries.clone())), ..StackOptions::isolated() };
    let app = spawn_app_with(options).await;
    let token = app.login("admins").await;
    let mut ids = Vec::new();
    for title in ["First", "Second", "Third"] {
        ids.push(tell(&app, &token, title).await);
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
    // Each service made writes its staff change, which the notifier's filter passes too.
    let changes = delivered.iter().filter(|d| d.starts_with("CHANGES#")).collect::<std::collections::BTreeSet<_>>();
    assert_eq!(changes.len(), 3, "{delivered:?}");
    let delivered: Vec<String> = delivered.into_iter().filter(|d| d.starts_with("STORY#")).collect();
    let count = |id: &str| delivered.iter().filter(|d| *d == id).count();
    assert_eq!(count(&ids[0]), 1, "records before the failure are not redelivered: {delivered:?}");
    assert_eq!(count(&ids[1]), 2, "the failed record comes again: {delivered:?}");
    assert_eq!(count(&ids[2]), 1, "{delivered:?}");
    assert_eq!(delivered.len(), 4, "only the audit entries' INSERTs pass the template's filter: {delivered:?}");
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
                let first = event.records[0].change.sequence_number.clone();
                deliveries.lock().unwrap().push((first, event.records.len()));
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
    tell(&app, &token, "Doomed").await;

    let dead = eventually("the record set aside", || {
        let records = app.stack.shared.dead_letters.records();
        async move { (!records.is_empty()).then_some(records) }
    })
    .await;
    let template = StackTemplate::load().unwrap();
    let retries = template.functions.iter().find_map(|f| f.stream.as_ref()).unwrap().maximum_retry_attempts;
    // Counted by the record set aside, alone: records behind it go on being delivered (and
    // refused), and a batch it came in first with was halved (which is no retry) until it was.
    let sequence = dead[0]["dynamodb"]["SequenceNumber"].as_str().map(str::to_owned);
    let tries = deliveries.lock().unwrap().iter().filter(|(first, len)| *first == sequence && *len == 1).count();
    assert_eq!(tries, retries + 1, "one try and the template's retries");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0]["eventName"], "INSERT");
}
