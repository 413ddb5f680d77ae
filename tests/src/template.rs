//! Reads `infra/template.yaml`, the one source of truth: the table, the bucket, and which
//! function serves which route, exactly as SAM will deploy them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use serde_yaml_ng::Value;

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("reading {0}: {1}")]
    Read(String, std::io::Error),
    #[error("parsing the template: {0}")]
    Parse(#[from] serde_yaml_ng::Error),
    #[error("the template {0}")]
    Shape(String),
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawTemplate {
    resources: BTreeMap<String, RawResource>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawResource {
    #[serde(rename = "Type")]
    kind: String,
    #[serde(default)]
    properties: Value,
    #[serde(default)]
    metadata: Value,
}

/// The parts of the template the local stack builds.
#[derive(Debug)]
pub struct StackTemplate {
    /// `Table`: the main table, with its stream.
    pub table: TableSpec,
    /// `PrivateTable`: what identifies authors, tokens and salts.
    pub private_table: TableSpec,
    pub bucket_resources: Vec<String>,
    pub functions: Vec<FunctionSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TableSpec {
    pub attribute_definitions: Vec<AttributeDefinition>,
    pub key_schema: Vec<KeyElement>,
    #[serde(default)]
    pub global_secondary_indexes: Vec<IndexSpec>,
    pub stream_specification: Option<StreamSpecification>,
    pub time_to_live_specification: Option<TtlSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeDefinition {
    pub attribute_name: String,
    pub attribute_type: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyElement {
    pub attribute_name: String,
    pub key_type: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IndexSpec {
    pub index_name: String,
    pub key_schema: Vec<KeyElement>,
    pub projection: Projection,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Projection {
    pub projection_type: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamSpecification {
    pub stream_view_type: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TtlSpec {
    pub attribute_name: String,
}

/// A Lambda function, named by the binary cargo-lambda builds for it.
#[derive(Debug)]
pub struct FunctionSpec {
    pub logical_id: String,
    pub binary: String,
    pub routes: Vec<TemplateRoute>,
    pub stream: Option<StreamEventSpec>,
    /// Its EventBridge schedules (`Type: Schedule` events), by their event's name.
    pub schedules: Vec<ScheduleSpec>,
    /// Its `Policies`, as written (for the tests of who may touch what).
    pub policies: Value,
}

/// A scheduled rule: its expression as written (`cron(0 7 * * ? *)`), and the JSON it invokes
/// the function with.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleSpec {
    pub name: String,
    pub expression: String,
    pub input: serde_json::Value,
    /// How often EventBridge tries again an invocation that failed.
    pub retries: usize,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawScheduleEvent {
    schedule: String,
    input: String,
    #[serde(default)]
    retry_policy: Option<RawRetryPolicy>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawRetryPolicy {
    maximum_retry_attempts: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateRoute {
    pub method: String,
    pub path: String,
    /// The HttpApi authorizer in front of the route, if any.
    pub authorizer: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamEventSpec {
    pub batch_size: usize,
    pub maximum_retry_attempts: usize,
    /// A failed batch is split in two and each half tried alone, until the failing record is
    /// alone; splitting does not count as a retry.
    #[serde(default)]
    pub bisect_batch_on_function_error: bool,
    #[serde(default)]
    pub function_response_types: Vec<String>,
    /// Which records invoke the function at all: Lambda's event filtering.
    #[serde(default)]
    pub filter_criteria: Option<FilterCriteria>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FilterCriteria {
    pub filters: Vec<FilterSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FilterSpec {
    /// A JSON event pattern, as a string.
    pub pattern: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawEvent {
    #[serde(rename = "Type")]
    kind: String,
    properties: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawHttpApiEvent {
    method: String,
    path: String,
    #[serde(default)]
    auth: Option<RawAuth>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawAuth {
    authorizer: Option<String>,
}

/// The repository's root, where `infra/` lives.
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace")
}

/// A template under the workspace (`infra/template.yaml`, `infra/edge.yaml`) as YAML, its
/// intrinsic functions as tagged values (`!Ref`, `!If`).
pub fn raw_template(file: &str) -> Result<Value, TemplateError> {
    let path = workspace_root().join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| TemplateError::Read(path.display().to_string(), e))?;
    Ok(serde_yaml_ng::from_str(&text)?)
}

impl StackTemplate {
    pub fn load() -> Result<Self, TemplateError> {
        let path = workspace_root().join("infra/template.yaml");
        let text = std::fs::read_to_string(&path).map_err(|e| TemplateError::Read(path.display().to_string(), e))?;
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let raw: RawTemplate = serde_yaml_ng::from_str(text)?;
        let mut tables = BTreeMap::new();
        let mut bucket_resources = Vec::new();
        let mut functions = Vec::new();
        for (logical_id, resource) in raw.resources {
            match resource.kind.as_str() {
                "AWS::DynamoDB::Table" => {
                    tables.insert(logical_id, serde_yaml_ng::from_value::<TableSpec>(resource.properties)?);
                }
                "AWS::S3::Bucket" => bucket_resources.push(logical_id),
                "AWS::Serverless::Function" => functions.push(function(logical_id, resource)?),
                _ => {}
            }
        }
        let names: Vec<&String> = tables.keys().collect();
        if names != ["PrivateTable", "Table"] {
            return Err(TemplateError::Shape(format!(
                "declares the tables {names:?}; the stack expects Table and PrivateTable"
            )));
        }
        let table = tables.remove("Table").expect("checked");
        let private_table = tables.remove("PrivateTable").expect("checked");
        Ok(StackTemplate { table, private_table, bucket_resources, functions })
    }

    pub fn http_routes(&self) -> impl Iterator<Item = (&FunctionSpec, &TemplateRoute)> {
        self.functions.iter().flat_map(|f| f.routes.iter().map(move |r| (f, r)))
    }
}

fn function(logical_id: String, resource: RawResource) -> Result<FunctionSpec, TemplateError> {
    let binary = resource
        .metadata
        .get("BuildProperties")
        .and_then(|p| p.get("Binary"))
        .and_then(Value::as_str)
        .ok_or_else(|| TemplateError::Shape(format!("function {logical_id} has no Metadata.BuildProperties.Binary")))?
        .to_owned();
    let events: BTreeMap<String, RawEvent> = match resource.properties.get("Events") {
        Some(events) => serde_yaml_ng::from_value(events.clone())?,
        None => BTreeMap::new(),
    };
    let mut routes = Vec::new();
    let mut stream = None;
    let mut schedules = Vec::new();
    for (name, event) in events {
        match event.kind.as_str() {
            "HttpApi" => {
                let http: RawHttpApiEvent = serde_yaml_ng::from_value(event.properties)?;
                routes.push(TemplateRoute {
                    method: http.method.to_uppercase(),
                    path: http.path,
                    authorizer: http.auth.and_then(|a| a.authorizer).filter(|a| a != "NONE"),
                });
            }
            "DynamoDB" => stream = Some(serde_yaml_ng::from_value(event.properties)?),
            "Schedule" => {
                let rule: RawScheduleEvent = serde_yaml_ng::from_value(event.properties)?;
                let input = serde_json::from_str(&rule.input)
                    .map_err(|e| TemplateError::Shape(format!("schedule {name} has an Input that is not JSON: {e}")))?;
                // EventBridge's default: 185 retries over a day.
                let retries = rule.retry_policy.map_or(185, |p| p.maximum_retry_attempts);
                schedules.push(ScheduleSpec { name, expression: rule.schedule, input, retries });
            }
            _ => {}
        }
    }
    let policies = resource.properties.get("Policies").cloned().unwrap_or(Value::Null);
    Ok(FunctionSpec { logical_id, binary, routes, stream, schedules, policies })
}

/// What a function's policy lets it do to a table: per table (`Table`, `PrivateTable`) and
/// leading-key pattern (`*` when unconditioned), its DynamoDB actions, and the attributes it is
/// held to (empty when not).
pub type TableAccess = BTreeMap<(String, String), (BTreeSet<String>, BTreeSet<String>)>;

impl FunctionSpec {
    pub fn table_access(&self) -> TableAccess {
        let mut access = TableAccess::new();
        let statements = self.policies.as_sequence().into_iter().flatten().filter_map(|p| p.get("Statement"));
        for statement in statements.filter_map(Value::as_sequence).flatten() {
            let text = |v: &Value| -> Vec<String> {
                match v {
                    Value::Sequence(items) => items.iter().map(|i| format!("{i:?}")).collect(),
                    other => vec![format!("{other:?}")],
                }
            };
            let resources = statement.get("Resource").map(text).unwrap_or_default();
            let table = if resources.iter().any(|r| r.contains("PrivateTable")) {
                "PrivateTable"
            } else if resources.iter().any(|r| r.contains("Table.Arn")) {
                "Table"
            } else {
                continue;
            };
            let strings = |v: Option<&Value>| -> BTreeSet<String> {
                match v {
                    Some(Value::Sequence(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
                    Some(Value::String(one)) => BTreeSet::from([one.clone()]),
                    _ => BTreeSet::new(),
                }
            };
            let actions: BTreeSet<String> = strings(statement.get("Action"))
                .into_iter()
                .map(|a| a.trim_start_matches("dynamodb:").to_owned())
                .collect();
            let condition = statement.get("Condition");
            let leading = strings(
                condition.and_then(|c| c.get("ForAllValues:StringLike")).and_then(|c| c.get("dynamodb:LeadingKeys")),
            );
            let attributes = strings(
                condition.and_then(|c| c.get("ForAllValues:StringEquals")).and_then(|c| c.get("dynamodb:Attributes")),
            );
            let patterns = if leading.is_empty() { BTreeSet::from(["*".to_owned()]) } else { leading };
            for pattern in patterns {
                let entry = access.entry((table.to_owned(), pattern)).or_default();
                entry.0.extend(actions.iter().cloned());
                entry.1.extend(attributes.iter().cloned());
            }
        }
        access
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tellcare::store::keys;

    /// Which function may do what to which table: the private table's items only through the
    /// prefixes of their keys, and each function only what its code does.
    #[test]
    fn each_function_may_touch_only_the_items_it_needs() {
        let template = StackTemplate::load().unwrap();
        let prefix = |pk: String| format!("{}#*", pk.split('#').next().unwrap());
        let day = time::macros::date!(2026 - 12 - 02);
        let story = prefix(keys::story_contact("01ARZ3NDEKTSV4RRFFQ69G5FAV".parse().unwrap()).pk);
        let token = prefix(keys::token("digest").pk);
        let renewal = prefix(keys::renewal("digest", day).pk);
        let salt = prefix(keys::daily_salt("2026-12-02").pk);
        let mail_cap = prefix(keys::public_emails("digest", day).pk);
        let invitation = prefix(keys::invitation("digest").pk);
        let members = prefix(keys::responders_with_email("digest"));
        let any_story: tellcare::domain::StoryId = "01ARZ3NDEKTSV4RRFFQ69G5FAV".parse().unwrap();
        let tally = prefix(keys::tally(any_story).pk);
        let month = tellcare::domain::report::Month::parse("2026-12").unwrap();
        let report_cell = prefix(keys::report_cell(tellcare::domain::ServiceId::generate(), month).pk);
        let public_story = prefix(keys::story(any_story).pk);
        let set = |items: &[&str]| items.iter().map(|i| i.to_string()).collect::<BTreeSet<_>>();
        let contact_only = set(&["author_email", "expires_at", "pk", "postcode", "sk"]);
        // (table, leading keys, actions, attributes it is held to)
        type Allowed<'a> = (&'a str, &'a str, BTreeSet<String>, BTreeSet<String>);
        let expected: BTreeMap<&str, Vec<Allowed>> = BTreeMap::from([
            ("public-site", vec![("Table", "*", set(&["BatchGetItem", "GetItem", "Query"]), set(&[]))]),
            // The search function reads only the bucket.
            ("search", vec![]),
            // Staff search: besides the bucket, a service's staff's memberships, by address.
            ("staff-search", vec![("Table", members.as_str(), set(&["Query"]), set(&[]))]),
            (
                "indexer",
                vec![
                    // The text as written, for the staff index: its title and text only.
                    (
                        "PrivateTable",
                        story.as_str(),
                        set(&["GetItem"]),
                        set(&["body", "expires_at", "pk", "sk", "title"]),
                    ),
                    ("Table", public_story.as_str(), set(&["DeleteItem", "PutItem", "Query"]), set(&[])),
                    ("Table", keys::ALL_SERVICES, set(&["Query"]), set(&[])),
                ],
            ),
            (
                "tallies",
                vec![
                    ("Table", report_cell.as_str(), set(&["UpdateItem"]), set(&[])),
                    ("Table", public_story.as_str(), set(&["GetItem", "Query"]), set(&[])),
                    ("Table", tally.as_str(), set(&["DeleteItem", "GetItem", "PutItem", "Query"]), set(&[])),
                ],
            ),
            (
                "invitations",
                vec![(
                    "Table",
                    "*",
                    set(&["ConditionCheckItem", "GetItem", "PutItem", "Query", "UpdateItem"]),
                    set(&[]),
                )],
            ),
            (
                "admin",
                vec![
                    ("PrivateTable", invitation.as_str(), set(&["DeleteItem", "GetItem"]), set(&[])),
                    ("PrivateTable", story.as_str(), set(&["DeleteItem", "GetItem", "PutItem", "Query"]), set(&[])),
                    (
                        "Table",
                        "*",
                        set(&[
                            "BatchGetItem",
                            "ConditionCheckItem",
                            "DeleteItem",
                            "GetItem",
                            "PutItem",
                            "Query",
                            "UpdateItem",
                        ]),
                        set(&[]),
                    ),
                ],
            ),
            (
                "intake",
                vec![
                    ("PrivateTable", salt.as_str(), set(&["GetItem", "PutItem"]), set(&[])),
                    ("PrivateTable", story.as_str(), set(&["PutItem"]), set(&[])),
                    ("Table", "*", set(&["ConditionCheckItem", "GetItem", "PutItem", "Query", "UpdateItem"]), set(&[])),
                ],
            ),
            (
                "responses",
                vec![
                    ("PrivateTable", renewal.as_str(), set(&["PutItem"]), set(&[])),
                    ("PrivateTable", story.as_str(), set(&["DeleteItem", "UpdateItem"]), set(&[])),
                    ("PrivateTable", token.as_str(), set(&["GetItem"]), set(&[])),
                    (
                        "Table",
                        "*",
                        set(&["ConditionCheckItem", "DeleteItem", "GetItem", "PutItem", "Query", "UpdateItem"]),
                        set(&[]),
                    ),
                ],
            ),
            (
                "notifier",
                vec![
                    ("PrivateTable", invitation.as_str(), set(&["PutItem"]), set(&[])),
                    ("PrivateTable", mail_cap.as_str(), set(&["UpdateItem"]), set(&[])),
                    ("PrivateTable", story.as_str(), set(&["GetItem", "UpdateItem"]), contact_only),
                    ("PrivateTable", token.as_str(), set(&["PutItem"]), set(&[])),
                    ("Table", "*", set(&["DeleteItem", "GetItem", "PutItem", "Query", "UpdateItem"]), set(&[])),
                ],
            ),
        ]);
        for function in &template.functions {
            let want = expected
                .get(function.binary.as_str())
                .unwrap_or_else(|| panic!("{} is not in the table of access", function.binary));
            let want: TableAccess = want
                .iter()
                .map(|(table, pattern, actions, attributes)| {
                    ((table.to_string(), pattern.to_string()), (actions.clone(), attributes.clone()))
                })
                .collect();
            assert_eq!(function.table_access(), want, "{}", function.binary);
        }
        assert_eq!(template.functions.len(), expected.len());
    }

    #[test]
    fn staff_sign_in_with_a_second_factor_and_private_items_expire() {
        let text = std::fs::read_to_string(workspace_root().join("infra/template.yaml")).unwrap();
        let raw: Value = serde_yaml_ng::from_str(&text).unwrap();
        let pool = &raw["Resources"]["UserPool"]["Properties"];
        assert_eq!(pool["MfaConfiguration"].as_str(), Some("ON"), "staff read contact details: MFA is required");
        let template = StackTemplate::load().unwrap();
        assert_eq!(
            template.private_table.time_to_live_specification.as_ref().map(|t| t.attribute_name.as_str()),
            Some(keys::TTL)
        );
        assert!(template.private_table.stream_specification.is_none(), "nothing reads the private table's changes");
        assert_eq!(raw["Parameters"]["RetentionDays"]["Default"].as_u64(), Some(90));
    }

    #[test]
    fn reads_the_real_template() {
        let template = StackTemplate::load().unwrap();
        assert!(template.table.key_schema.iter().any(|k| k.attribute_name == "pk" && k.key_type == "HASH"));
        assert_eq!(template.table.global_secondary_indexes.len(), 2);
        assert_eq!(template.bucket_resources, ["AssetsBucket"]);
        let notifier = template.functions.iter().find(|f| f.binary == "notifier").unwrap();
        let stream = notifier.stream.as_ref().unwrap();
        assert!(stream.function_response_types.contains(&"ReportBatchItemFailures".to_owned()));
        let admin_routes: Vec<_> = template.http_routes().filter(|(_, r)| r.path.starts_with("/admin/api")).collect();
        assert!(!admin_routes.is_empty());
        // Only what a browser opens with the admin cookie goes without the authorizer; the
        // function checks those itself (tested in the journeys).
        let opened_by_browsers = [
            "/admin/api/links/{slug}/qr.png",
            "/admin/api/links/{slug}/qr.svg",
            "/admin/api/links/{slug}/poster",
            "/admin/api/services/{id}/report",
            "/admin/api/services/{id}/report.csv",
            "/admin/api/services/{id}/stories.csv",
        ];
        for (_, route) in admin_routes {
            let expected = if opened_by_browsers.contains(&route.path.as_str()) { None } else { Some("StaffJwt") };
            assert_eq!(route.authorizer.as_deref(), expected, "{}", route.path);
        }
    }
}
