//! What the template gives the people who run Tellcare: the functions' metric lines (valid
//! embedded metric format, nothing personal in them), a dashboard and alarms that read them,
//! and a concurrency limit on every function.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};
use serde_yaml_ng::Value as Yaml;
use tellcare::metrics::Metric;
use tellcare_stack::template::{StackTemplate, raw_template};
use tellcare_stack::testing::{eventually_within, spawn_app};

const WITHIN_A_MINUTE: std::time::Duration = std::time::Duration::from_secs(60);

/// Checks `line` against CloudWatch's embedded metric format specification; the metrics it
/// declares, each with its dimension's value.
fn emf(line: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let object: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let root = object.as_object().ok_or("not an object")?;
    let aws = root.get("_aws").and_then(Value::as_object).ok_or("no _aws object")?;
    let at = aws.get("Timestamp").and_then(Value::as_i64).ok_or("no Timestamp in milliseconds")?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp() * 1000;
    // CloudWatch refuses points more than two weeks old or two hours ahead.
    if !(now - 14 * 86_400_000..now + 7_200_000).contains(&at) {
        return Err(format!("Timestamp {at} is not now"));
    }
    let directives = aws.get("CloudWatchMetrics").and_then(Value::as_array).ok_or("no CloudWatchMetrics")?;
    if directives.is_empty() {
        return Err("CloudWatchMetrics is empty".into());
    }
    let mut declared = Vec::new();
    for directive in directives {
        let namespace = directive.get("Namespace").and_then(Value::as_str).ok_or("no Namespace")?;
        if namespace.is_empty() || namespace.len() > 255 {
            return Err(format!("Namespace {namespace:?}"));
        }
        let sets = directive.get("Dimensions").and_then(Value::as_array).ok_or("no Dimensions")?;
        let mut dimensions = BTreeSet::new();
        for set in sets {
            let set = set.as_array().ok_or("a dimension set is not an array")?;
            if set.len() > 30 {
                return Err("more than 30 dimensions in a set".into());
            }
            for name in set {
                let name = name.as_str().ok_or("a dimension is not a name")?;
                let value = root.get(name).and_then(Value::as_str).ok_or(format!("dimension {name} has no value"))?;
                if value.is_empty() || value.len() > 1024 {
                    return Err(format!("dimension {name} is {value:?}"));
                }
                dimensions.insert(name.to_owned());
            }
        }
        let metrics = directive.get("Metrics").and_then(Value::as_array).ok_or("no Metrics")?;
        if metrics.is_empty() || metrics.len() > 100 {
            return Err(format!("{} metrics", metrics.len()));
        }
        for metric in metrics {
            let name = metric.get("Name").and_then(Value::as_str).ok_or("a metric has no Name")?;
            if !root.get(name).is_some_and(Value::is_number) {
                return Err(format!("metric {name} has no number"));
            }
            let unit = metric.get("Unit").and_then(Value::as_str).unwrap_or("None");
            if unit != "Count" {
                return Err(format!("metric {name} in {unit}"));
            }
            let by = dimensions.iter().next().and_then(|d| root.get(d)).and_then(Value::as_str).map(str::to_owned);
            declared.push((name.to_owned(), by));
        }
    }
    Ok(declared)
}

/// Whether a line holds only what Tellcare's metrics may: its `_aws` directive, metric names
/// with numbers, and dimension names with short lower-case codes.
fn nothing_personal(line: &str) -> Result<(), String> {
    let object: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let names: BTreeSet<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
    let dimensions: BTreeSet<&str> = Metric::ALL.iter().filter_map(|m| m.dimension()).collect();
    for (key, value) in object.as_object().ok_or("not an object")? {
        let fine = match value {
            _ if key == "_aws" => true,
            Value::Number(_) => names.contains(key.as_str()),
            Value::String(code) => {
                dimensions.contains(key.as_str())
                    && code.len() <= 32
                    && code.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            }
            _ => false,
        };
        if !fine {
            return Err(format!("{key}: {value}"));
        }
    }
    Ok(())
}

#[tokio::test]
async fn the_functions_count_what_happens_in_embedded_metric_lines_with_nothing_personal_in_them() {
    let app = spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 12", None).await;
    let responder = json!({"name": "Olu Ade", "email": "olu.metrics@example.org", "job_title": "Ward manager"});
    let path = format!("/admin/api/services/{ward}/responders");
    assert_eq!(app.staff(Method::POST, &path, &admin, Some(responder)).await.0, 201);
    let body = "The physiotherapist zanthorpe came every morning and explained each exercise.";
    let id = app.tell(&[&ward], "teller.metrics@example.org", body).await;
    app.publish(&admin, &id, 1).await;
    let invitation = app.email_to("olu.metrics@example.org", "A story about Ward 12").await;
    let respond = app.link_in(&invitation, "/respond/");
    let answered = app.post_form(&respond, &[("body", "Thank you: we will tell the team."), ("change", "none")]).await;
    assert_eq!(answered.status(), 303);
    app.email_to("teller.metrics@example.org", "answered your story").await;

    let wanted = [
        (Metric::StoriesTold.name(), Some("web")),
        (Metric::StoriesPublished.name(), None),
        (Metric::AnswersPublished.name(), None),
        (Metric::EmailsSent.name(), Some("received")),
        (Metric::EmailsSent.name(), Some("published")),
        (Metric::EmailsSent.name(), Some("response_published")),
    ];
    let lines = eventually_within("the metric lines of telling, publishing and answering", WITHIN_A_MINUTE, || async {
        let lines = tellcare::metrics::captured();
        let counted: Vec<(String, Option<String>)> = lines.iter().filter_map(|l| emf(l).ok()).flatten().collect();
        let all = wanted.iter().all(|(name, by)| counted.iter().any(|(n, b)| n == name && b.as_deref() == *by));
        all.then_some(lines)
    })
    .await;
    let shown: Vec<Value> = app.get("/dev/metrics.json").await.json().await.unwrap();
    assert!(shown.iter().any(|m| m["StoriesPublished"] == 1), "the local stack shows them too");
    // Every line the stack's functions wrote (this test's and the others' running beside it).
    let secrets = ["teller.metrics@example.org", "olu.metrics@example.org", "ML1", "zanthorpe", "127.0.0.1", &id];
    for line in &lines {
        emf(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        nothing_personal(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        for secret in secrets {
            assert!(!line.to_lowercase().contains(&secret.to_lowercase()), "{line} holds {secret}");
        }
    }
}

#[test]
fn every_function_has_a_concurrency_limit_and_the_defaults_leave_the_account_room() {
    let template = StackTemplate::load().unwrap();
    let raw = raw_template("infra/template.yaml").unwrap();
    let parameters = &raw["Parameters"];
    let mut reserved_by_default = 0;
    for function in &template.functions {
        let properties = &raw["Resources"][function.logical_id.as_str()]["Properties"];
        let limit = &properties["ReservedConcurrentExecutions"];
        let reserved = match limit {
            Yaml::Number(n) => n.as_u64().unwrap(),
            // !If [ReserveX, !Ref XConcurrency, !Ref AWS::NoValue]: a parameter, 0 for none.
            Yaml::Tagged(tagged) if tagged.tag == "If" => {
                let Yaml::Tagged(by) = &tagged.value[1] else { panic!("{}: {limit:?}", function.logical_id) };
                let parameter = by.value.as_str().unwrap();
                parameters[parameter]["Default"].as_u64().unwrap_or_else(|| panic!("{parameter} has a default"))
            }
            _ => panic!("{} has no reserved concurrency: {limit:?}", function.logical_id),
        };
        assert!(reserved >= 1, "{}", function.logical_id);
        reserved_by_default += reserved;
    }
    assert_eq!(template.functions.len(), 10);
    // Lambda keeps 100 of an account's 1,000 unreserved.
    assert!(reserved_by_default <= 900, "{reserved_by_default} reserved by default");
    let guide = std::fs::read_to_string(tellcare_stack::template::workspace_root().join("docs/DEPLOY.md")).unwrap();
    assert!(guide.contains(&format!("The stack reserves {reserved_by_default} by default")), "DEPLOY.md says so");
    let indexer = &raw["Resources"]["IndexerFunction"]["Properties"]["ReservedConcurrentExecutions"];
    assert_eq!(indexer.as_u64(), Some(1), "the one writer of the search index");
}

#[test]
fn the_dashboard_and_the_alarms_read_the_metrics_the_functions_write() {
    let raw = raw_template("infra/template.yaml").unwrap();
    let resources = raw["Resources"].as_mapping().unwrap();
    let Yaml::Tagged(body) = &raw["Resources"]["Dashboard"]["Properties"]["DashboardBody"] else { panic!("a !Sub") };
    // As CloudFormation substitutes it: every ${...} a name.
    let mut text = body.value.as_str().unwrap().to_owned();
    while let Some(start) = text.find("${") {
        let end = start + text[start..].find('}').unwrap();
        text.replace_range(start..=end, "resolved");
    }
    let dashboard: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("the dashboard is not JSON: {e}"));
    let widgets = dashboard["widgets"].as_array().unwrap();
    for metric in Metric::ALL {
        assert!(
            text.contains(&format!("\"{}\"", metric.name())) || text.contains(&format!("\\\"{}\\\"", metric.name())),
            "the dashboard shows {}",
            metric.name()
        );
    }
    for shown in ["Errors", "Throttles", "Duration", "Latency", "NumberOfMessagesSent"] {
        assert!(text.contains(shown), "the dashboard shows {shown}");
    }
    assert!(widgets.len() >= 10);

    let names: BTreeSet<&str> = Metric::ALL.iter().map(|m| m.name()).collect();
    let mut alarmed = BTreeSet::new();
    for (_, resource) in resources {
        if resource["Type"].as_str() != Some("AWS::CloudWatch::Alarm") {
            continue;
        }
        let properties = &resource["Properties"];
        assert!(properties["AlarmActions"].as_sequence().is_some_and(|a| !a.is_empty()), "{properties:?}");
        let mut read = vec![properties["MetricName"].as_str()];
        for query in properties["Metrics"].as_sequence().into_iter().flatten() {
            read.push(query["MetricStat"]["Metric"]["MetricName"].as_str());
        }
        alarmed.extend(read.into_iter().flatten().filter(|n| names.contains(n)));
    }
    let expected: BTreeSet<&str> =
        [Metric::EmailsFailed, Metric::StoriesTold, Metric::OpenLinks].iter().map(|m| m.name()).collect();
    assert_eq!(alarmed, expected, "emails failing, and no story for a day while links are open");
    for queue in ["NotifierFailures", "TalliesFailures", "IndexerFailures"] {
        let watched = resources.values().any(|r| {
            r["Type"].as_str() == Some("AWS::CloudWatch::Alarm")
                && format!("{:?}", r["Properties"]["Dimensions"]).contains(queue)
        });
        assert!(watched, "an alarm on records set aside in {queue}");
    }
}
