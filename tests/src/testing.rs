//! The harness of the journey tests: moto started once per test binary, a fresh stack (its own
//! table, bucket and port) per test, an HTTP client, and real Chromium with axe-core.

pub mod browser;
pub mod catalogue;
pub mod decode;
pub mod logs;

use std::sync::OnceLock;
use std::time::Duration;

use aws_sdk_dynamodb::types::AttributeValue;
use reqwest::{Method, RequestBuilder, Response};
use serde_json::Value;
use tokio::net::TcpListener;

use crate::moto::Moto;
use crate::{Stack, StackOptions};

static MOTO: OnceLock<String> = OnceLock::new();

/// An item as DynamoDB returns it.
pub type Item = std::collections::HashMap<String, AttributeValue>;

/// The test binary's moto, started on first use. It lives on a thread that never ends, so it
/// dies (by `PR_SET_PDEATHSIG`) exactly when the test binary does.
pub fn moto_endpoint() -> &'static str {
    MOTO.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let moto = Moto::start(None);
            let endpoint = moto.as_ref().map(|m| m.endpoint.clone()).map_err(|e| e.to_string());
            sender.send(endpoint).expect("the test waits for moto");
            loop {
                std::thread::park();
            }
        });
        receiver.recv().expect("moto thread").unwrap_or_else(|err| panic!("{err}"))
    })
}

pub struct TestApp {
    pub stack: Stack,
    pub url: String,
    pub http: reqwest::Client,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(StackOptions::isolated()).await
}

/// A stack whose stream function does nothing: the test hands batches to the notifier itself,
/// or counts requests without the notifier's.
pub async fn spawn_quiet_app() -> TestApp {
    spawn_app_with(StackOptions { stream_handler: Some(quiet_stream()), ..StackOptions::isolated() }).await
}

pub async fn spawn_app_with(options: StackOptions) -> TestApp {
    spawn_app_on(moto_endpoint(), options).await
}

/// A stack of its own with the demo data in it (`/dev/seed.json` names it).
pub async fn spawn_seeded_app() -> TestApp {
    spawn_app_with(StackOptions { seed: true, ..StackOptions::isolated() }).await
}

/// A stack on a moto of the test's own, for tests that inject faults into it.
pub async fn spawn_app_on(endpoint: &str, options: StackOptions) -> TestApp {
    logs::capture();
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let stack = Stack::start(endpoint, listener, options).await.expect("the stack starts");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("HTTP client");
    TestApp { url: stack.url.clone(), stack, http }
}

impl TestApp {
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{path}", self.url))
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.expect("GET")
    }

    /// A staff member's JSON request: the status, and the body as JSON (`Null` when empty, a
    /// string when it is not JSON).
    pub async fn staff(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self.request(method, path).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("staff request");
        let status = response.status().as_u16();
        let bytes = response.bytes().await.expect("body");
        let body = match serde_json::from_slice(&bytes) {
            Ok(json) => json,
            Err(_) if bytes.is_empty() => Value::Null,
            Err(_) => Value::String(String::from_utf8_lossy(&bytes).into_owned()),
        };
        (status, body)
    }

    /// Creates a service as an admin, returning its id.
    pub async fn create_service(&self, token: &str, name: &str, parent: Option<&str>) -> String {
        let body = serde_json::json!({ "name": name, "parent_id": parent });
        let (status, service) = self.staff(Method::POST, "/admin/api/services", token, Some(body)).await;
        assert_eq!(status, 201, "{service}");
        service["id"].as_str().expect("an id").to_owned()
    }

    /// Rates a story 1 and publishes it as a moderator would, from the version it has.
    pub async fn publish(&self, token: &str, id: &str, version: u64) {
        let body = serde_json::json!({"version": version, "criticality": 1});
        let (status, story) = self.staff(Method::PATCH, &format!("/admin/api/stories/{id}"), token, Some(body)).await;
        assert_eq!(status, 200, "{story}");
        let body = serde_json::json!({"version": version + 1});
        let path = format!("/admin/api/stories/{id}/publish");
        let (status, story) = self.staff(Method::POST, &path, token, Some(body)).await;
        assert_eq!(status, 200, "{story}");
    }

    /// The items of the stories in `status`, read straight from the table (gsi1).
    pub async fn stories_in(&self, status: &str) -> Vec<Item> {
        self.query(Some("gsi1"), "gsi1pk", &format!("STATUS#{status}")).await
    }

    /// Every item of a story's partition, by sort key.
    pub async fn story_items(&self, id: &str) -> std::collections::HashMap<String, Item> {
        let mut items = self.query(None, "pk", &format!("STORY#{id}")).await;
        items.extend(self.private_query(&format!("STORY#{id}")).await);
        items.into_iter().map(|item| (item["sk"].as_s().expect("sk").clone(), item)).collect()
    }

    /// The items of the private table whose `pk` is `value`.
    pub async fn private_query(&self, value: &str) -> Vec<Item> {
        let shared = &self.stack.shared;
        query_table(&shared.aws.dynamodb, &shared.config.private_table_name, None, "pk", value)
            .await
            .expect("a query of the private table")
    }

    /// The items whose `key` (of the table, or of `index`) is `value`.
    pub async fn query(&self, index: Option<&str>, key: &str, value: &str) -> Vec<Item> {
        let shared = &self.stack.shared;
        query_table(&shared.aws.dynamodb, &shared.config.table_name, index, key, value)
            .await
            .expect("a query of the table")
    }

    /// A form posted as a browser posts it.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.form_request(path, fields).send().await.expect("POST a form")
    }

    /// A form posted from a signed-in browser: `token` as the session cookie.
    pub async fn post_form_as(&self, token: &str, path: &str, fields: &[(&str, &str)]) -> Response {
        let cookie = format!("{}={token}", tellcare::web::ADMIN_COOKIE);
        self.form_request(path, fields).header("cookie", cookie).send().await.expect("POST a form")
    }

    fn form_request(&self, path: &str, fields: &[(&str, &str)]) -> RequestBuilder {
        self.request(Method::POST, path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_html_form::to_string(fields).expect("a form"))
    }

    /// The stream batch of a story's audit entries as Lambda would hand it to the notifier:
    /// one INSERT each, oldest first, to hand over again as a redelivery would.
    pub async fn audit_batch(&self, story_id: &str) -> aws_lambda_events::event::dynamodb::Event {
        let mut audit: Vec<Item> = self
            .story_items(story_id)
            .await
            .into_iter()
            .filter(|(sk, _)| sk.starts_with("AUDIT#"))
            .map(|(_, item)| item)
            .collect();
        audit.sort_by_key(|item| item["sk"].as_s().expect("sk").clone());
        let records: Vec<Value> = audit
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let keys: Item = ["pk", "sk"].iter().map(|k| (k.to_string(), item[*k].clone())).collect();
                serde_json::json!({
                    "eventID": format!("redelivery-{i}"),
                    "eventName": "INSERT",
                    "eventSource": "aws:dynamodb",
                    "awsRegion": crate::REGION,
                    "dynamodb": {
                        "Keys": serde_dynamo::Item::from(keys),
                        "NewImage": serde_dynamo::Item::from(item),
                        "SequenceNumber": format!("{}", 100 + i),
                        "SizeBytes": 0,
                        "StreamViewType": "NEW_AND_OLD_IMAGES",
                    },
                })
            })
            .collect();
        serde_json::from_value(serde_json::json!({ "Records": records })).expect("a Lambda stream event")
    }

    /// The table, as the functions' store reads and writes it.
    pub fn store(&self) -> tellcare::store::Store {
        let config = &self.stack.shared.config;
        tellcare::store::Store::new(
            self.stack.shared.aws.dynamodb.clone(),
            &config.table_name,
            &config.private_table_name,
        )
        .reading_private()
    }

    /// The notifier as the template wires it, over this stack's table and SES.
    pub fn notifier(&self) -> notifier::Notifier {
        notifier::Notifier::new(&self.stack.shared.config, &self.stack.shared.aws)
    }

    /// A story told over JSON about `services`, with `email` (empty for none), postcode
    /// `ML1 1AA` and `body`; its id.
    pub async fn tell(&self, services: &[&str], email: &str, body: &str) -> String {
        let story = serde_json::json!({"title": "The night staff were kind", "body": body, "when": "last_week",
            "author_role": "relative", "author_email": email, "postcode": "ML1 1AA", "service_ids": services});
        let response = self.request(Method::POST, "/api/stories").json(&story).send().await.expect("POST a story");
        assert_eq!(response.status(), 201, "a story is told");
        response.json::<Value>().await.expect("JSON")["id"].as_str().expect("an id").to_owned()
    }

    /// Every email SES accepted, newest first.
    pub async fn mailbox(&self) -> Vec<Value> {
        self.get("/dev/mailbox.json").await.json().await.expect("the mailbox")
    }

    /// The mailbox without the invitations new members of staff get: the emails of stories.
    pub async fn story_mailbox(&self) -> Vec<Value> {
        let mut emails = self.mailbox().await;
        emails.retain(|email| !is_invitation(email));
        emails
    }

    /// The newest email to `to` whose subject has `subject`, once the notifier sent it.
    pub async fn email_to(&self, to: &str, subject: &str) -> Value {
        eventually(&format!("{subject} to {to}"), || async {
            self.mailbox()
                .await
                .into_iter()
                .find(|e| e["to"][0] == to && e["subject"].as_str().unwrap_or("").contains(subject))
        })
        .await
    }

    /// The first link to `path` in an email's text, as a path on this stack.
    pub fn link_in(&self, email: &Value, path: &str) -> String {
        let text = email["text"].as_str().expect("a text part");
        let url = text.split_whitespace().find(|word| word.contains(path)).expect("the link");
        url.strip_prefix(&self.url).expect("a link to this stack").to_owned()
    }

    /// A page as a signed-in browser gets it: `token` as the admin session cookie.
    pub async fn page_as(&self, token: &str, path: &str) -> String {
        let response = self
            .request(Method::GET, path)
            .header("cookie", format!("{}={token}", tellcare::web::ADMIN_COOKIE))
            .send()
            .await
            .expect("GET");
        response.text().await.expect("a page")
    }

    /// A staff token from `/dev/login`, for the given group.
    pub async fn login(&self, group: &str) -> String {
        self.dev_login(serde_json::json!({ "group": group })).await
    }

    /// A token for the member of staff `email`, as `/dev/login` gives it.
    pub async fn member_login(&self, email: &str) -> String {
        self.dev_login(serde_json::json!({ "email": email })).await
    }

    async fn dev_login(&self, login: Value) -> String {
        let response = self.request(Method::POST, "/dev/login").json(&login).send().await.expect("login");
        assert_eq!(response.status(), 200, "dev login as {login}");
        let body: Value = response.json().await.expect("login JSON");
        body["token"].as_str().expect("token").to_owned()
    }

    /// Claims the stack's issuer would sign for `group`, to alter before signing.
    pub fn claims(&self, group: &str) -> Value {
        self.stack.shared.issuer.claims("tester", &[group])
    }

    pub fn sign(&self, claims: &Value) -> String {
        self.stack.shared.issuer.sign(claims)
    }
}

/// Every item of `table` whose `key` (of the table, or of `index`) is `value`, all pages.
pub async fn query_table(
    dynamodb: &aws_sdk_dynamodb::Client,
    table: &str,
    index: Option<&str>,
    key: &str,
    value: &str,
) -> Result<Vec<Item>, aws_sdk_dynamodb::Error> {
    let pages = dynamodb
        .query()
        .table_name(table)
        .set_index_name(index.map(str::to_owned))
        .key_condition_expression("#k = :v")
        .expression_attribute_names("#k", key)
        .expression_attribute_values(":v", AttributeValue::S(value.to_owned()))
        .into_paginator()
        .items()
        .send();
    Ok(pages.collect::<Result<Vec<_>, _>>().await?)
}

/// The story reference a sent form hands to its thanks page: in a cookie, never the address.
/// Whether an email is the invitation a new member of staff gets.
pub fn is_invitation(email: &Value) -> bool {
    email["subject"].as_str().is_some_and(|s| s.starts_with("You are invited to answer for"))
}

pub fn reference_in(response: &Response) -> Option<String> {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("tellcare_reference=")?.split(';').next().map(str::to_owned))
        .filter(|id| !id.is_empty())
}

/// Polls `check` until it yields, for effects that arrive through the stream.
pub async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    eventually_within(what, Duration::from_secs(20), check).await
}

/// As [`eventually`], for as long as `patience`.
pub async fn eventually_within<T, F, Fut>(what: &str, patience: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + patience;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A stream function that takes every batch and does nothing: the test hands batches to the
/// notifier itself.
pub fn quiet_stream() -> crate::streams::StreamHandler {
    std::sync::Arc::new(|_| Box::pin(async { aws_lambda_events::event::streams::DynamoDbEventResponse::default() }))
}
