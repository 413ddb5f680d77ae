//! What each function is asked: its first request on a cold start, and the routes its warm
//! latency is measured on, all against the data of a seeded stack.

use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::{Value, json};
use tellcare::store::{Store, Window};
use tellcare_stack::Stack;
use tellcare_stack::resources::BoxError;

/// One request to a function: an HTTP route through API Gateway, or a stream batch.
#[derive(Clone, Debug)]
pub enum Ask {
    Get { path: String, signed_in: bool },
    Stream { label: &'static str, event: Value },
}

impl Ask {
    fn get(path: impl Into<String>) -> Ask {
        Ask::Get { path: path.into(), signed_in: false }
    }

    fn staff(path: impl Into<String>) -> Ask {
        Ask::Get { path: path.into(), signed_in: true }
    }

    pub fn label(&self) -> String {
        match self {
            Ask::Get { path, .. } => format!("GET {path}"),
            Ask::Stream { label, .. } => (*label).to_owned(),
        }
    }

    /// The event Lambda would hand the function: an API Gateway HTTP API (payload 2.0) request.
    pub fn event(&self, bearer: &str) -> Value {
        let (path, signed_in) = match self {
            Ask::Get { path, signed_in } => (path, *signed_in),
            Ask::Stream { event, .. } => return event.clone(),
        };
        let (raw_path, query) = path.split_once('?').unwrap_or((path, ""));
        let mut headers = json!({
            "accept": "text/html,application/json",
            "host": "stories.example.org",
            "user-agent": "tellcare-bench",
            "x-forwarded-proto": "https",
        });
        if signed_in {
            headers["authorization"] = json!(format!("Bearer {bearer}"));
        }
        json!({
            "version": "2.0",
            "routeKey": "$default",
            "rawPath": raw_path,
            "rawQueryString": query,
            "headers": headers,
            "requestContext": {
                "accountId": "123456789012",
                "apiId": "bench",
                "domainName": "stories.example.org",
                "http": { "method": "GET", "path": raw_path, "protocol": "HTTP/1.1",
                          "sourceIp": "192.0.2.10", "userAgent": "tellcare-bench" },
                "requestId": ulid::Ulid::generate().to_string(),
                "routeKey": "$default",
                "stage": "$default",
                "time": "06/Dec/2026:12:00:00 +0000",
                "timeEpoch": 1_796_558_400_000u64,
            },
            "isBase64Encoded": false,
        })
    }
}

/// A binary and what it is asked.
pub struct Case {
    pub binary: &'static str,
    pub first: Ask,
    pub warm: Vec<Ask>,
}

/// The hello world first, then every function of the template.
pub async fn cases(stack: &Stack) -> Result<Vec<Case>, BoxError> {
    let seed = stack.shared.seed.lock().expect("seed").clone();
    let project = seed.link_service.ok_or("the seed has no project")?;
    let community = seed.community_services.ok_or("the seed has no Community Services")?;
    let slug = seed.link.ok_or("the seed has no link")?;
    let config = &stack.shared.config;
    let store = Store::new(stack.shared.aws.dynamodb.clone(), &config.table_name, &config.private_table_name);
    let window = Window { skip: 0, take: 1, after: None, from: None, to: None };
    let story = store.published_stories(window).await?.items.first().ok_or("the history has no published story")?.id();
    let story_event = stream_event(stack, &format!("STORY#{story}"), "STORY", "MODIFY").await?;
    let audit_sk = published_audit(stack, &format!("STORY#{story}")).await?;
    let audit_event = stream_event(stack, &format!("STORY#{story}"), &audit_sk, "INSERT").await?;
    // A token no one was given: the page every mistyped link gets, after a lookup.
    let unknown_token = "0".repeat(64);

    Ok(vec![
        Case { binary: "hello-world", first: Ask::get("/"), warm: vec![Ask::get("/")] },
        Case {
            binary: "public-site",
            first: Ask::get("/api/services"),
            warm: vec![
                Ask::get("/"),
                Ask::get("/api/services"),
                Ask::get(format!("/services/{project}")),
                Ask::get(format!("/stories/{story}")),
                Ask::get("/api/opinions"),
                Ask::get(format!("/api/opinions?service_id={community}")),
                Ask::get("/feed.atom"),
            ],
        },
        Case {
            binary: "intake",
            first: Ask::get(format!("/tell/{slug}")),
            warm: vec![Ask::get(format!("/tell/{slug}")), Ask::get("/tell")],
        },
        Case {
            binary: "responses",
            first: Ask::get(format!("/respond/{unknown_token}")),
            warm: vec![Ask::get(format!("/respond/{unknown_token}")), Ask::get(format!("/my-story/{unknown_token}"))],
        },
        Case {
            binary: "invitations",
            first: Ask::staff(format!("/admin/api/links/{slug}/qr.svg")),
            warm: vec![
                Ask::staff(format!("/admin/api/links/{slug}/qr.svg")),
                Ask::staff(format!("/admin/api/services/{project}/links")),
            ],
        },
        Case {
            binary: "admin",
            first: Ask::staff("/admin/api/queue"),
            warm: vec![Ask::staff("/admin/api/queue"), Ask::staff(format!("/admin/api/stories/{story}"))],
        },
        Case {
            binary: "search",
            first: Ask::get("/search?q=carers"),
            warm: vec![Ask::get("/search?q=carers"), Ask::get("/api/search?q=waiting+times")],
        },
        Case {
            binary: "staff-search",
            first: Ask::staff("/admin/api/search?q=carers"),
            warm: vec![Ask::staff("/admin/api/search?q=carers"), Ask::staff("/admin/api/search?q=waiting+times")],
        },
        Case {
            binary: "notifier",
            first: Ask::Stream { label: "a story published (stream)", event: audit_event.clone() },
            warm: vec![Ask::Stream { label: "a story published (stream)", event: audit_event }],
        },
        Case {
            binary: "tallies",
            first: Ask::Stream { label: "a story changed (stream)", event: story_event.clone() },
            warm: vec![Ask::Stream { label: "a story changed (stream)", event: story_event.clone() }],
        },
        Case {
            binary: "indexer",
            first: Ask::Stream { label: "a story changed (stream)", event: story_event.clone() },
            warm: vec![Ask::Stream { label: "a story changed (stream)", event: story_event }],
        },
    ])
}

/// The sort key of the audit record of a story's publication.
async fn published_audit(stack: &Stack, pk: &str) -> Result<String, BoxError> {
    let (dynamodb, table) = (&stack.shared.aws.dynamodb, &stack.shared.config.table_name);
    let items = dynamodb
        .query()
        .table_name(table)
        .key_condition_expression("pk = :pk AND begins_with(sk, :audit)")
        .expression_attribute_values(":pk", AttributeValue::S(pk.into()))
        .expression_attribute_values(":audit", AttributeValue::S("AUDIT#".into()))
        .send()
        .await?
        .items
        .unwrap_or_default();
    let published =
        items.into_iter().find(|i| i.get("action").and_then(|a| a.as_s().ok()).is_some_and(|a| a == "published"));
    let sk = published.and_then(|i| i.get("sk").and_then(|s| s.as_s().ok()).cloned());
    sk.ok_or_else(|| "the published story has no audit record of it".into())
}

/// A stream batch of one record, as Lambda delivers it, with the item as it is in the table.
async fn stream_event(stack: &Stack, pk: &str, sk: &str, name: &str) -> Result<Value, BoxError> {
    let (dynamodb, table) = (&stack.shared.aws.dynamodb, &stack.shared.config.table_name);
    let item = dynamodb
        .get_item()
        .table_name(table)
        .key("pk", AttributeValue::S(pk.into()))
        .key("sk", AttributeValue::S(sk.into()))
        .send()
        .await?
        .item
        .ok_or("the item is not in the table")?;
    let image = serde_json::to_value(serde_dynamo::Item::from(item))?;
    let mut dynamodb = json!({
        "Keys": { "pk": { "S": pk }, "sk": { "S": sk } },
        "NewImage": image,
        "SequenceNumber": "100000000000000000001",
        "SizeBytes": 1024,
        "StreamViewType": "NEW_AND_OLD_IMAGES",
        "ApproximateCreationDateTime": 1_796_558_400,
    });
    if name == "MODIFY" {
        dynamodb["OldImage"] = dynamodb["NewImage"].clone();
    }
    Ok(json!({ "Records": [{
        "eventID": "bench",
        "eventName": name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": tellcare_stack::REGION,
        "eventSourceARN": format!("arn:aws:dynamodb:eu-west-2:123456789012:table/{}/stream/bench", stack.shared.config.table_name),
        "dynamodb": dynamodb,
    }]}))
}
