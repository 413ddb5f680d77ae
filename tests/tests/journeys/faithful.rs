//! The local DynamoDB and stream behave as AWS documents where Tellcare's promises rest on
//! them: a cancelled transaction leaves no trace, a retried one with its client token happens
//! once, a query reads its partition, and the stream's reader sets aside only what fails.
//! Each of these failed on moto as it comes (see scripts/moto_dynamodb.py).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use aws_sdk_dynamodb::types::{AttributeValue, Put, PutRequest, TransactWriteItem, Update, WriteRequest};
use aws_sdk_dynamodbstreams::types::ShardIteratorType;
use reqwest::Method;
use serde_json::json;
use tellcare_stack::StackOptions;
use tellcare_stack::streams::StreamHandler;
use tellcare_stack::testing::{Item, TestApp, eventually, spawn_app, spawn_app_with, spawn_quiet_app};

fn item(pk: &str, sk: &str, extra: &[(&str, &str)]) -> Item {
    let mut item: Item =
        [("pk", pk), ("sk", sk)].iter().map(|(k, v)| (k.to_string(), AttributeValue::S(v.to_string()))).collect();
    item.extend(extra.iter().map(|(k, v)| (k.to_string(), AttributeValue::S(v.to_string()))));
    item
}

fn put(app: &TestApp, item: Item, if_absent: bool) -> TransactWriteItem {
    let mut put = Put::builder().table_name(&app.stack.shared.config.table_name).set_item(Some(item));
    if if_absent {
        put = put.condition_expression("attribute_not_exists(pk)");
    }
    TransactWriteItem::builder().put(put.build().unwrap()).build()
}

/// Every record of the table's stream so far, through an iterator from its start.
async fn stream_records(app: &TestApp) -> Vec<aws_sdk_dynamodbstreams::types::Record> {
    let (streams, arn) = streams_of(app).await;
    let shards = streams.describe_stream().stream_arn(&arn).send().await.unwrap();
    let shard = shards.stream_description().unwrap().shards()[0].shard_id().unwrap().to_owned();
    let iterator = streams
        .get_shard_iterator()
        .stream_arn(&arn)
        .shard_id(shard)
        .shard_iterator_type(ShardIteratorType::TrimHorizon)
        .send()
        .await
        .unwrap();
    let records = streams.get_records().shard_iterator(iterator.shard_iterator().unwrap()).send().await.unwrap();
    records.records().to_vec()
}

async fn streams_of(app: &TestApp) -> (aws_sdk_dynamodbstreams::Client, String) {
    let shared = &app.stack.shared;
    let sdk = tellcare_stack::moto_sdk_config(tellcare_stack::testing::moto_endpoint()).await;
    let table = shared.aws.dynamodb.describe_table().table_name(&shared.config.table_name).send().await.unwrap();
    (aws_sdk_dynamodbstreams::Client::new(&sdk), table.table().unwrap().latest_stream_arn().unwrap().to_owned())
}

#[tokio::test]
async fn ten_posts_at_once_with_one_key_make_one_story_and_the_next_story_is_emailed() {
    let app = spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 9", None).await;
    let story = json!({"title": "Kind night staff", "body": "They sat with my father until he slept.",
        "when": "today", "author_role": "relative", "author_email": "first@example.org", "service_ids": [ward]});
    let posts = (0..10).map(|_| {
        app.request(Method::POST, "/api/stories").header("idempotency-key", "double-tap-0001").json(&story).send()
    });
    let answers = futures::future::join_all(posts).await;
    let mut ids = Vec::new();
    for answer in answers {
        let answer = answer.unwrap();
        assert_eq!(answer.status(), 201);
        ids.push(answer.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_owned());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "one story for one key");
    assert_eq!(app.stories_in("awaiting_moderation").await.len(), 1);

    app.tell(&[&ward], "second@example.org", "The next story, told after the double tap.").await;
    app.email_to("second@example.org", "We have your story").await;
    let first = app.mailbox().await.into_iter().filter(|e| e["to"][0] == "first@example.org").count();
    assert_eq!(first, 1, "the double-tapped story's author is told once");
    assert!(app.stack.shared.dead_letters.records().is_empty(), "no record of a cancelled write reached the stream");
}

#[tokio::test]
async fn a_cancelled_transaction_writes_nothing_and_the_stream_goes_on() {
    let app = spawn_quiet_app().await;
    let shared = &app.stack.shared;
    let (streams, arn) = streams_of(&app).await;
    let first = shared.aws.dynamodb.put_item().table_name(&shared.config.table_name);
    first.set_item(Some(item("THING#1", "THING", &[]))).send().await.unwrap();
    let before = stream_records(&app).await.len();
    // An iterator at the end of the stream, as a reader has one.
    let shard = streams.describe_stream().stream_arn(&arn).send().await.unwrap();
    let shard_id = shard.stream_description().unwrap().shards()[0].shard_id().unwrap().to_owned();
    let latest = streams
        .get_shard_iterator()
        .stream_arn(&arn)
        .shard_id(&shard_id)
        .shard_iterator_type(ShardIteratorType::Latest)
        .send()
        .await
        .unwrap();

    let cancelled = shared
        .aws
        .dynamodb
        .transact_write_items()
        .transact_items(put(&app, item("THING#2", "THING", &[("gsi1pk", "KIND#thing"), ("gsi1sk", "2")]), true))
        .transact_items(put(&app, item("THING#1", "THING", &[]), true))
        .send()
        .await;
    let err = cancelled.expect_err("the second put's condition fails");
    assert!(format!("{:?}", err.into_service_error()).contains("ConditionalCheckFailed"));
    assert!(app.query(None, "pk", "THING#2").await.is_empty(), "the first put was not made");
    assert!(app.query(Some("gsi1"), "gsi1pk", "KIND#thing").await.is_empty(), "nor is it in the index");
    assert_eq!(stream_records(&app).await.len(), before, "no stream record of a write that did not happen");

    let later = shared.aws.dynamodb.put_item().table_name(&shared.config.table_name);
    later.set_item(Some(item("THING#3", "THING", &[]))).send().await.unwrap();
    let read = streams.get_records().shard_iterator(latest.shard_iterator().unwrap()).send().await.unwrap();
    let keys: Vec<String> =
        read.records().iter().filter_map(|r| r.dynamodb()?.keys()?.get("pk")?.as_s().ok().cloned()).collect();
    assert_eq!(keys, ["THING#3"], "an iterator taken before the cancelled transaction reads the write after it");
}

#[tokio::test]
async fn a_transaction_whose_write_fails_is_undone_without_a_trace() {
    let app = spawn_quiet_app().await;
    let shared = &app.stack.shared;
    let table = &shared.config.table_name;
    shared
        .aws
        .dynamodb
        .put_item()
        .table_name(table)
        .set_item(Some(item("THING#1", "THING", &[])))
        .send()
        .await
        .unwrap();
    let before = stream_records(&app).await.len();
    // ADD of a number to a string attribute: its condition holds, its write cannot be made.
    let bad_update = Update::builder()
        .table_name(table)
        .key("pk", AttributeValue::S("THING#1".into()))
        .key("sk", AttributeValue::S("THING".into()))
        .update_expression("ADD sk_copy :one SET #n = :n")
        .expression_attribute_names("#n", "name")
        .expression_attribute_values(":one", AttributeValue::N("1".into()))
        .expression_attribute_values(":n", AttributeValue::S("renamed".into()))
        .build()
        .unwrap();
    shared
        .aws
        .dynamodb
        .update_item()
        .table_name(table)
        .key("pk", AttributeValue::S("THING#1".into()))
        .key("sk", AttributeValue::S("THING".into()))
        .update_expression("SET sk_copy = :s")
        .expression_attribute_values(":s", AttributeValue::S("text".into()))
        .send()
        .await
        .unwrap();
    let before = before + 1;
    let result = shared
        .aws
        .dynamodb
        .transact_write_items()
        .transact_items(put(&app, item("THING#2", "THING", &[]), true))
        .transact_items(TransactWriteItem::builder().update(bad_update).build())
        .send()
        .await;
    assert!(result.is_err(), "the update cannot be applied");
    assert!(app.query(None, "pk", "THING#2").await.is_empty(), "the put before it is undone");
    let thing = app.query(None, "pk", "THING#1").await;
    assert!(!thing[0].contains_key("name"), "the item the update named is as it was");
    assert_eq!(stream_records(&app).await.len(), before, "and no stream record tells of either");
}

#[tokio::test]
async fn a_transaction_retried_with_its_client_token_happens_once() {
    let app = spawn_quiet_app().await;
    let shared = &app.stack.shared;
    let table = &shared.config.table_name;
    let once = || {
        shared
            .aws
            .dynamodb
            .transact_write_items()
            .client_request_token("retry-after-a-lost-answer")
            .transact_items(put(&app, item("THING#1", "THING", &[]), true))
    };
    once().send().await.expect("the first try");
    let key = |pk: &str| {
        HashMap::from([
            ("pk".to_owned(), AttributeValue::S(pk.into())),
            ("sk".into(), AttributeValue::S("THING".into())),
        ])
    };
    shared.aws.dynamodb.delete_item().table_name(table).set_key(Some(key("THING#1"))).send().await.unwrap();
    once().send().await.expect("a retry within 10 minutes succeeds");
    assert!(app.query(None, "pk", "THING#1").await.is_empty(), "and writes nothing again");

    let other = shared
        .aws
        .dynamodb
        .transact_write_items()
        .client_request_token("retry-after-a-lost-answer")
        .transact_items(put(&app, item("THING#2", "THING", &[]), true))
        .send()
        .await;
    let err = other.expect_err("the same token for another request");
    assert!(format!("{:?}", err.into_service_error()).contains("IdempotentParameterMismatch"));
}

#[tokio::test]
async fn an_index_follows_every_write_of_its_items() {
    let app = spawn_quiet_app().await;
    let shared = &app.stack.shared;
    let table = &shared.config.table_name;
    let dynamodb = &shared.aws.dynamodb;
    let in_queue = |n: &str| item(&format!("THING#{n}"), "THING", &[("gsi1pk", "QUEUE#a"), ("gsi1sk", n)]);
    for n in ["1", "2", "3"] {
        dynamodb.put_item().table_name(table).set_item(Some(in_queue(n))).send().await.unwrap();
    }
    let queue = |name: &'static str| {
        let app = &app;
        async move {
            let mut pks: Vec<String> =
                app.query(Some("gsi1"), "gsi1pk", name).await.iter().map(|i| i["pk"].as_s().unwrap().clone()).collect();
            pks.sort();
            pks
        }
    };
    assert_eq!(queue("QUEUE#a").await, ["THING#1", "THING#2", "THING#3"]);
    dynamodb
        .update_item()
        .table_name(table)
        .key("pk", AttributeValue::S("THING#1".into()))
        .key("sk", AttributeValue::S("THING".into()))
        .update_expression("SET gsi1pk = :b")
        .expression_attribute_values(":b", AttributeValue::S("QUEUE#b".into()))
        .send()
        .await
        .unwrap();
    dynamodb
        .delete_item()
        .table_name(table)
        .key("pk", AttributeValue::S("THING#2".into()))
        .key("sk", AttributeValue::S("THING".into()))
        .send()
        .await
        .unwrap();
    let batch = WriteRequest::builder()
        .put_request(PutRequest::builder().set_item(Some(in_queue("4"))).build().unwrap())
        .build();
    dynamodb.batch_write_item().request_items(table.clone(), vec![batch]).send().await.unwrap();
    assert_eq!(queue("QUEUE#a").await, ["THING#3", "THING#4"], "moved out, deleted, and batch-written");
    assert_eq!(queue("QUEUE#b").await, ["THING#1"]);
}

/// Audit entries of three stories written at once, so that they come in one batch.
async fn three_audit_entries(app: &TestApp) -> Vec<String> {
    let stories: Vec<String> = (1..=3).map(|n| format!("STORY#0000000000000000000000000{n}")).collect();
    let writes = stories
        .iter()
        .map(|pk| {
            let entry = item(pk, "AUDIT#01", &[("action", "received")]);
            WriteRequest::builder().put_request(PutRequest::builder().set_item(Some(entry)).build().unwrap()).build()
        })
        .collect();
    let shared = &app.stack.shared;
    shared
        .aws
        .dynamodb
        .batch_write_item()
        .request_items(shared.config.table_name.clone(), writes)
        .send()
        .await
        .unwrap();
    stories
}

#[tokio::test]
async fn a_record_that_always_fails_is_set_aside_alone_and_the_rest_are_handled_once() {
    let handled = Arc::new(Mutex::new(Vec::<String>::new()));
    let attempts = Arc::new(Mutex::new(0usize));
    let doomed = "STORY#00000000000000000000000002";
    let handler: StreamHandler = {
        let (handled, attempts) = (handled.clone(), attempts.clone());
        Arc::new(move |event| {
            let (handled, attempts) = (handled.clone(), attempts.clone());
            Box::pin(async move {
                let mut response = DynamoDbEventResponse::default();
                for record in &event.records {
                    let pk: String = serde_dynamo::from_attribute_value(record.change.keys["pk"].clone()).unwrap();
                    if pk == doomed {
                        *attempts.lock().unwrap() += 1;
                        let mut failure = DynamoDbBatchItemFailure::default();
                        failure.item_identifier = record.change.sequence_number.clone();
                        response.batch_item_failures.push(failure);
                        break;
                    }
                    handled.lock().unwrap().push(pk);
                }
                response
            })
        })
    };
    let app = spawn_app_with(StackOptions { stream_handler: Some(handler), ..StackOptions::isolated() }).await;
    let stories = three_audit_entries(&app).await;
    let dead = eventually("the failing record set aside", || {
        let records = app.stack.shared.dead_letters.records();
        async move { (!records.is_empty()).then_some(records) }
    })
    .await;
    eventually("the record after it handled", || {
        let handled = handled.lock().unwrap().clone();
        let last = stories[2].clone();
        async move { handled.contains(&last).then_some(()) }
    })
    .await;
    assert_eq!(dead.len(), 1, "only the failing record: {dead:?}");
    assert_eq!(dead[0]["dynamodb"]["Keys"]["pk"]["S"], doomed);
    assert_eq!(*handled.lock().unwrap(), [stories[0].clone(), stories[2].clone()], "the others once each, in order");
    let template = tellcare_stack::template::StackTemplate::load().unwrap();
    let retries = template.functions.iter().find_map(|f| f.stream.as_ref()).unwrap().maximum_retry_attempts;
    // In the batch of three, in the half it was split into, then alone with the retries.
    assert_eq!(*attempts.lock().unwrap(), 2 + 1 + retries, "splitting a batch is not a retry");
}

#[tokio::test]
async fn an_update_that_creates_its_item_writes_one_insert() {
    let app = spawn_quiet_app().await;
    let shared = &app.stack.shared;
    let before = stream_records(&app).await.len();
    shared
        .aws
        .dynamodb
        .update_item()
        .table_name(&shared.config.table_name)
        .key("pk", AttributeValue::S("COUNTER#1".into()))
        .key("sk", AttributeValue::S("COUNTER".into()))
        .update_expression("ADD hits :one")
        .expression_attribute_values(":one", AttributeValue::N("1".into()))
        .send()
        .await
        .unwrap();
    let records = stream_records(&app).await;
    assert_eq!(records.len(), before + 1, "one record, as DynamoDB writes");
    let last = records.last().unwrap();
    assert_eq!(last.event_name().unwrap().as_str(), "INSERT");
    let image = last.dynamodb().unwrap().new_image().unwrap();
    assert_eq!(image["hits"].as_n().unwrap(), "1", "the item as the update left it");
}

#[tokio::test]
async fn time_to_live_deletes_what_expired_as_the_service_does_and_leaves_the_rest() {
    let app = spawn_quiet_app().await;
    let shared = &app.stack.shared;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let put = |sk: &str, expires: AttributeValue| {
        let mut item = item("TTL#1", sk, &[]);
        item.insert("expires_at".into(), expires);
        shared.aws.dynamodb.put_item().table_name(&shared.config.table_name).set_item(Some(item)).send()
    };
    put("expired", AttributeValue::N((now - 10).to_string())).await.unwrap();
    put("later", AttributeValue::N((now + 3600).to_string())).await.unwrap();
    // DynamoDB leaves alone an expiry more than five years past, and one that is not a number.
    put("ancient", AttributeValue::N((now - 6 * 365 * 86_400).to_string())).await.unwrap();
    put("text", AttributeValue::S((now - 10).to_string())).await.unwrap();
    let left = eventually("the expired item deleted", || async {
        let items = app.query(None, "pk", "TTL#1").await;
        (items.len() == 3).then_some(items)
    })
    .await;
    let mut kept: Vec<String> = left.iter().map(|i| i["sk"].as_s().unwrap().clone()).collect();
    kept.sort();
    assert_eq!(kept, ["ancient", "later", "text"]);
    let removed =
        stream_records(&app).await.into_iter().find(|r| r.event_name().unwrap().as_str() == "REMOVE").unwrap();
    let by = removed.user_identity().expect("a TTL delete names the service");
    assert_eq!((by.r#type(), by.principal_id()), (Some("Service"), Some("dynamodb.amazonaws.com")));
    assert_eq!(removed.dynamodb().unwrap().old_image().unwrap()["sk"].as_s().unwrap(), "expired");
}
