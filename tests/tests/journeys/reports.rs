//! Reports, tried on the seeded history (tellcare_stack::history): what the history says each
//! project's months must show is worked out here from the history itself, and the JSON, the
//! CSV and the page must show exactly that, through a stream that delivers batches twice and
//! late. Then: who may read a report, a rebuild from the stories, a bad period, the public
//! record, and the stories' export.

use std::collections::BTreeMap;
use std::time::Duration;

use fantoccini::Locator;
use reqwest::Method;
use serde_json::{Map, Value, json};
use tellcare::domain::link::Tag;
use tellcare::domain::report::{Month, ON_BEHALF_GUIDANCE};
use tellcare::domain::response::Change;
use tellcare::domain::story::Channel;
use tellcare::domain::{ServiceId, StoryId};
use tellcare::store::keys;
use tellcare_stack::StackOptions;
use tellcare_stack::history::{Fate, HISTORY, OPENS, Project, Told, months_ago};
use tellcare_stack::streams::StreamFaults;
use tellcare_stack::testing::browser::{axe_violations, browser, sign_in};
use tellcare_stack::testing::{TestApp, quiet_stream, spawn_app_with};
use time::OffsetDateTime;

const SAM: &str = "sam.patel@riverside.example";
const PRIYA: &str = "priya.shah@riverside.example";

/// A seeded stack with its history, whose stream hands the tallies half its batches twice
/// and a quarter of them after the next.
async fn history_app() -> TestApp {
    let faults = StreamFaults { duplicate: 0.5, reorder: 0.25 };
    spawn_app_with(StackOptions { seed: true, history: true, stream_faults: faults, ..StackOptions::isolated() }).await
}

async fn seed(app: &TestApp) -> Value {
    app.get("/dev/seed.json").await.json().await.unwrap()
}

fn project_id(seed: &Value, project: Project) -> String {
    seed["projects"][project.index()].as_str().unwrap().to_owned()
}

/// The period of the history: its first month to this one.
fn period(now: OffsetDateTime) -> (Month, Month) {
    (months_ago(now, 4), Month::of(now))
}

fn period_query(now: OffsetDateTime) -> String {
    let (from, to) = period(now);
    format!("from={from}&to={to}")
}

/// The figures the history's `stories` must add up to, as the report's JSON writes them
/// (its maps without their zeros).
fn expected(stories: &[&Told]) -> Value {
    let count = |keep: &dyn Fn(&Told) -> bool| stories.iter().filter(|s| keep(s)).count();
    let published: Vec<&&Told> = stories.iter().filter(|s| matches!(s.fate, Fate::Published { .. })).collect();
    let answers: Vec<(i64, Change)> = published
        .iter()
        .filter_map(|s| match s.fate {
            Fate::Published { answered, .. } => answered,
            _ => None,
        })
        .collect();
    let mut hours: Vec<f64> = answers.iter().map(|(h, _)| *h as f64).collect();
    hours.sort_by(f64::total_cmp);
    let median = match hours.len() {
        0 => None,
        n if n.is_multiple_of(2) => Some((hours[n / 2 - 1] + hours[n / 2]) / 2.0),
        n => Some(hours[n / 2]),
    };
    let p90 = (!hours.is_empty()).then(|| hours[(hours.len() as f64 * 0.9).ceil() as usize - 1]);
    let mut by_channel: BTreeMap<&str, usize> = BTreeMap::new();
    for story in stories {
        *by_channel.entry(story.stored_channel().code()).or_default() += 1;
    }
    let mut criticality: BTreeMap<String, usize> = BTreeMap::new();
    for story in &published {
        if let Fate::Published { criticality: level, .. } = story.fate {
            *criticality.entry(level.to_string()).or_default() += 1;
        }
    }
    let told = stories.len();
    let on_behalf = count(&|s| s.role.on_behalf() || s.stored_channel() == Channel::Assisted);
    let share = (told > 0).then(|| on_behalf as f64 / told as f64);
    json!({
        "told": told,
        "published": published.len(),
        "rejected": count(&|s| s.fate == Fate::Rejected),
        "withdrawn": count(&|s| matches!(s.fate, Fate::Withdrawn(_))),
        "by_channel": by_channel,
        "on_behalf": on_behalf,
        "assisted_share": share,
        "over_guidance": share.is_some_and(|s| s > ON_BEHALF_GUIDANCE),
        "answered": answers.len(),
        "response_rate": (!published.is_empty()).then(|| answers.len() as f64 / published.len() as f64),
        "median_hours_to_first_answer": median,
        "p90_hours_to_first_answer": p90,
        "changes_planned": answers.iter().filter(|(_, c)| *c == Change::Planned).count(),
        "changes_made": answers.iter().filter(|(_, c)| *c == Change::Made).count(),
        "criticality": criticality,
    })
}

/// The same fields of a report's figures, its maps without their zeros.
fn shown(figures: &Value) -> Value {
    let mut picked = Map::new();
    for (field, value) in expected(&[]).as_object().unwrap().keys().map(|k| (k, &figures[k])) {
        let value = match value.as_object() {
            Some(map) => {
                Value::Object(map.iter().filter(|(_, n)| *n != 0).map(|(k, n)| (k.clone(), n.clone())).collect())
            }
            None => value.clone(),
        };
        picked.insert(field.clone(), value);
    }
    Value::Object(picked)
}

/// For each project, and for the whole of Community Services, each month and the period, in
/// order of scope and month.
fn expected_report(now: OffsetDateTime) -> Vec<(String, String, Value)> {
    let (from, to) = period(now);
    let mut months = vec![from];
    while *months.last().unwrap() < to {
        months.push(months.last().unwrap().next());
    }
    let mut scopes: Vec<(String, Vec<&Told>)> = vec![("Community Services".into(), HISTORY.iter().collect())];
    for project in [Project::CarersCafe, Project::WalkingForHealth, Project::HospitalAtHome] {
        scopes.push((format!("{project:?}"), HISTORY.iter().filter(|s| s.project == project).collect()));
    }
    let mut rows = Vec::new();
    for (scope, stories) in scopes {
        for month in &months {
            let of_month: Vec<&Told> = stories.iter().copied().filter(|s| s.month(now) == *month).collect();
            rows.push((scope.clone(), month.to_string(), expected(&of_month)));
        }
        rows.push((scope, "total".into(), expected(&stories)));
    }
    rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    rows
}

/// The same rows, as the report's JSON has them.
fn report_rows(report: &Value) -> Vec<(String, String, Value)> {
    let names = [
        ("Carers' Cafe", Project::CarersCafe),
        ("Walking for Health", Project::WalkingForHealth),
        ("Hospital at Home", Project::HospitalAtHome),
    ];
    let mut scopes = vec![("Community Services".to_owned(), report)];
    for child in report["children"].as_array().unwrap() {
        let (_, project) = names.iter().find(|(name, _)| child["name"] == *name).expect("a seeded project");
        scopes.push((format!("{project:?}"), child));
    }
    let mut rows = Vec::new();
    for (scope, figures) in scopes {
        for month in figures["months"].as_array().unwrap() {
            rows.push((scope.clone(), month["month"].as_str().unwrap().to_owned(), shown(month)));
        }
        rows.push((scope, "total".into(), shown(&figures["total"])));
    }
    rows.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    rows
}

async fn report_json(app: &TestApp, token: &str, service: &str, query: &str) -> (u16, Value) {
    app.staff(Method::GET, &format!("/admin/api/services/{service}/report?{query}"), token, None).await
}

/// The report, once the tallies have caught up with the history; else the first row that
/// differs.
async fn settled_report(app: &TestApp, token: &str, service: &str, now: OffsetDateTime) -> Value {
    let want = expected_report(now);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let (status, report) = report_json(app, token, service, &period_query(now)).await;
        assert_eq!(status, 200, "{report}");
        let rows = report_rows(&report);
        if rows == want {
            return report;
        }
        if tokio::time::Instant::now() > deadline {
            let differs = rows.iter().zip(&want).find(|(got, want)| got != want);
            panic!(
                "the report never matched the history: got, then wanted {differs:#?} ({} rows of {})",
                rows.len(),
                want.len()
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark, for spreadsheets to read UTF-8");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

async fn download(app: &TestApp, token: &str, path: &str) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let response = app.request(Method::GET, path).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), 200, "{path}");
    let headers = response.headers().clone();
    (headers, response.bytes().await.unwrap().to_vec())
}

fn percent(share: &Value) -> String {
    share.as_f64().map(|s| format!("{:.1}", s * 100.0)).unwrap_or_default()
}

#[tokio::test]
async fn the_seeded_history_gives_exactly_its_figures_in_the_json_the_csv_and_the_page() {
    let app = history_app().await;
    let now = OffsetDateTime::now_utc();
    let seed = seed(&app).await;
    let community = seed["community_services"].as_str().unwrap().to_owned();
    let sam = app.member_login(SAM).await;
    let report = settled_report(&app, &sam, &community, now).await;

    // The funnel of each link, and the tags its stories carry.
    let through = |project: Project| HISTORY.iter().filter(|s| s.project == project && s.link().is_some()).count();
    let opened = |slug: &str| OPENS.iter().filter(|(s, _, _)| *s == slug).map(|(_, _, n)| n).sum::<u64>();
    let mut links: Vec<Value> = [Project::CarersCafe, Project::WalkingForHealth]
        .into_iter()
        .map(|p| json!({"slug": p.link().unwrap(), "opened": opened(p.link().unwrap()), "told": through(p)}))
        .collect();
    links.sort_by_key(|l| l["slug"].as_str().unwrap().to_owned());
    assert_eq!(report["links"], Value::Array(links.clone()));
    let tags = json!({
        Tag::parse("carers cafe poster").unwrap().as_str(): through(Project::CarersCafe),
        Tag::parse("walks board").unwrap().as_str(): through(Project::WalkingForHealth),
    });
    assert_eq!(report["total"]["tags"], tags);
    assert_eq!(report["total"]["over_guidance"], true, "3 of 22 stories told on someone's behalf is over 5%");

    // The CSV: a row per scope and month with the JSON's figures, then the funnel and tags.
    let query = period_query(now);
    let (headers, bytes) = download(&app, &sam, &format!("/admin/api/services/{community}/report.csv?{query}")).await;
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    let (from, to) = period(now);
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert_eq!(disposition, format!("attachment; filename=\"tellcare-report-{community}-{from}-{to}.csv\""));
    let rows = csv_rows(&bytes);
    let heading = &rows[0];
    let column = |name: &str| heading.iter().position(|h| h == name).unwrap_or_else(|| panic!("a {name} column"));
    let mut scopes = vec![report.clone()];
    scopes.extend(report["children"].as_array().unwrap().iter().cloned());
    let mut checked = 0;
    for scope in &scopes {
        let id = scope.get("service_id").unwrap().as_str().unwrap();
        let months = scope["months"].as_array().unwrap().iter().map(|m| (m["month"].as_str().unwrap().to_owned(), m));
        for (month, figures) in months.chain([(format!("{from} to {to}"), &scope["total"])]) {
            let row = rows.iter().find(|r| r[0] == id && r[2] == month).unwrap_or_else(|| panic!("{id} {month}"));
            for field in ["told", "published", "rejected", "withdrawn", "on_behalf", "answered", "changes_made"] {
                assert_eq!(row[column(field)], figures[field].to_string(), "{id} {month} {field}");
            }
            for channel in Channel::ALL {
                let told = figures["by_channel"][channel.code()].as_u64().unwrap_or(0);
                assert_eq!(row[column(&format!("told_{}", channel.code()))], told.to_string(), "{id} {month}");
            }
            assert_eq!(row[column("response_rate_percent")], percent(&figures["response_rate"]));
            assert_eq!(row[column("on_behalf_percent")], percent(&figures["assisted_share"]));
            let flag = if figures["over_guidance"] == true { "yes" } else { "no" };
            assert_eq!(row[column("over_guidance")], flag);
            for level in 0..=5 {
                let n = figures["criticality"][level.to_string()].as_u64().unwrap_or(0);
                assert_eq!(row[column(&format!("criticality_{level}"))], n.to_string());
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 4 * 6, "four scopes of five months and the period");
    let funnel = rows.iter().position(|r| r == &["link", "opened", "told"]).expect("the links' funnel");
    for (i, link) in links.iter().enumerate() {
        let row = &rows[funnel + 1 + i];
        assert_eq!((row[0].as_str(), row[1].clone()), (link["slug"].as_str().unwrap(), link["opened"].to_string()));
    }

    // The page, in Chromium: the same figures, four charts each with its table, axe-clean.
    let client = browser().await;
    sign_in(&client, &app.url, SAM, tellcare_stack::seed::STAFF_PASSWORD).await;
    client.wait().for_element(Locator::Css("main .cards")).await.unwrap();
    client.goto(&format!("{}/admin/services/{community}/report?{query}", app.url)).await.unwrap();
    for chart in ["chart-stories", "chart-response-rate", "chart-channels", "chart-criticality"] {
        let figure = client.wait().for_element(Locator::Css(&format!("#{chart}"))).await.unwrap();
        let bars = figure.find_all(Locator::Css("svg rect")).await.unwrap();
        assert!(!bars.is_empty(), "{chart} draws bars");
        let table = figure.find(Locator::Css("table.chart-table")).await.unwrap();
        assert!(!table.find_all(Locator::Css("tbody tr")).await.unwrap().is_empty(), "{chart} has its numbers");
    }
    for child in report["children"].as_array().unwrap() {
        let name = child["name"].as_str().unwrap();
        let row = client
            .find(Locator::XPath(&format!("//table[@class='children-table']//tr[th[normalize-space()=\"{name}\"]]")))
            .await
            .unwrap();
        let cells = row.find_all(Locator::Css("td")).await.unwrap();
        assert_eq!(cells[0].text().await.unwrap(), child["total"]["told"].to_string(), "{name} told");
        assert_eq!(cells[1].text().await.unwrap(), child["total"]["published"].to_string(), "{name} published");
    }
    let told = client.find(Locator::XPath("//dl[@class='figures']//div[dt='Stories told']/dd")).await.unwrap();
    assert_eq!(told.text().await.unwrap(), report["total"]["told"].to_string());
    let flag = client.find(Locator::Css("dl.figures .flag")).await.unwrap().text().await.unwrap();
    assert!(flag.contains("5%"), "{flag}");
    let violations = axe_violations(&client).await;
    assert!(violations.is_empty(), "the report page: {violations:#?}");
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_report_is_read_by_its_services_staff_and_moderators_only() {
    let app = history_app().await;
    let now = OffsetDateTime::now_utc();
    let seed = seed(&app).await;
    let (cafe, walks) = (project_id(&seed, Project::CarersCafe), project_id(&seed, Project::WalkingForHealth));
    let partnership = seed["partnership"].as_str().unwrap().to_owned();
    let community = seed["community_services"].as_str().unwrap().to_owned();
    let (sam, priya) = (app.member_login(SAM).await, app.member_login(PRIYA).await);
    let moderator = app.login("moderators").await;
    let query = period_query(now);
    for (who, token, service, status) in [
        ("a responder, of their own service", &priya, &cafe, 200),
        ("a responder, of another service", &priya, &walks, 403),
        ("a responder, of the service above theirs", &priya, &community, 403),
        ("a service admin, of a service under theirs", &sam, &walks, 200),
        ("a service admin, of the service above theirs", &sam, &partnership, 403),
        ("a moderator", &moderator, &partnership, 200),
    ] {
        let (got, body) = report_json(&app, token, service, &query).await;
        assert_eq!(got, status, "{who}: {body}");
        for path in ["report.csv", "stories.csv"] {
            let response = app
                .request(Method::GET, &format!("/admin/api/services/{service}/{path}?{query}"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), status, "{who}: {path}");
        }
        let page = app
            .request(Method::GET, &format!("/admin/services/{service}/report?{query}"))
            .header("cookie", format!("{}={token}", tellcare::web::ADMIN_COOKIE))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), status, "{who}: the page");
    }
    let (status, _) = report_json(&app, "", &cafe, &query).await;
    assert_eq!(status, 401, "no report without signing in");
}

#[tokio::test]
async fn a_rebuild_from_the_stories_gives_the_live_figures_and_a_redelivered_batch_changes_nothing() {
    let app = history_app().await;
    let now = OffsetDateTime::now_utc();
    let seed = seed(&app).await;
    let community = seed["community_services"].as_str().unwrap().to_owned();
    let moderator = app.login("moderators").await;
    let live = settled_report(&app, &moderator, &community, now).await;

    // A story's batch handed to the tallies again, twice over: the same figures.
    let story = app.stories_in("published").await.into_iter().next().expect("a published story");
    let story = story["pk"].as_s().unwrap().strip_prefix("STORY#").unwrap().to_owned();
    let tallies = tallies::Tallies::new(&app.stack.shared.config, &app.stack.shared.aws);
    for _ in 0..2 {
        let failures = tallies.handle(app.audit_batch(&story).await).await;
        assert!(failures.batch_item_failures.is_empty());
    }
    assert_eq!(report_json(&app, &moderator, &community, &period_query(now)).await.1, live);

    // The aggregates spoilt (a project's cells gone, a stray story in another's), then rebuilt.
    let cafe: ServiceId = project_id(&seed, Project::CarersCafe).parse().unwrap();
    let walks: ServiceId = project_id(&seed, Project::WalkingForHealth).parse().unwrap();
    let dynamodb = &app.stack.shared.aws.dynamodb;
    let table = &app.stack.shared.config.table_name;
    for month in (0..=4).map(|m| months_ago(now, m)) {
        let key = keys::report_cell(cafe, month).to_attributes();
        dynamodb.delete_item().table_name(table).set_key(Some(key)).send().await.unwrap();
    }
    let stray = StoryId::on_day_of(now).to_string();
    dynamodb
        .update_item()
        .table_name(table)
        .set_key(Some(keys::report_cell(walks, months_ago(now, 1)).to_attributes()))
        .update_expression("ADD told :stray")
        .expression_attribute_values(
            ":stray",
            aws_sdk_dynamodb::types::AttributeValue::Ss(vec![format!("{stray}:web")]),
        )
        .send()
        .await
        .unwrap();
    let spoilt = report_json(&app, &moderator, &community, &period_query(now)).await.1;
    assert_ne!(spoilt, live, "the spoilt aggregates show");
    let rebuilt = app.store().rebuild_reports().await.unwrap();
    assert_eq!(rebuilt.stories, HISTORY.len());
    assert_eq!(report_json(&app, &moderator, &community, &period_query(now)).await.1, live);
    assert_eq!(report_rows(&live), expected_report(now));
}

#[tokio::test]
async fn a_period_that_cannot_be_read_comes_back_as_typed_with_its_reasons() {
    let app = history_app().await;
    let seed = seed(&app).await;
    let community = seed["community_services"].as_str().unwrap().to_owned();
    let sam = app.member_login(SAM).await;
    let (status, body) = report_json(&app, &sam, &community, "from=2026-13&to=last%20June").await;
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> =
        body["error"]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["to", "from"]);
    let (status, body) = report_json(&app, &sam, &community, "from=2026-06&to=2026-01").await;
    assert_eq!((status, body["error"]["fields"][0]["field"].as_str()), (422, Some("from")), "{body}");
    let (status, body) = report_json(&app, &sam, &community, "from=2020-01&to=2026-01").await;
    assert_eq!((status, body["error"]["fields"][0]["field"].as_str()), (422, Some("from")), "{body}");

    let page = app
        .request(Method::GET, &format!("/admin/services/{community}/report?from=2026-13&to=2026-01"))
        .header("cookie", format!("{}={sam}", tellcare::web::ADMIN_COOKIE))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 422);
    let page = page.text().await.unwrap();
    assert!(page.contains(r#"name="from" value="2026-13""#), "the month as typed");
    assert!(page.contains(r#"name="to" value="2026-01""#));
    assert!(page.contains("<title>Error: "), "the title says so");
}

#[tokio::test]
async fn each_public_service_page_shows_its_last_twelve_months() {
    let app = history_app().await;
    let now = OffsetDateTime::now_utc();
    let seed = seed(&app).await;
    let moderator = app.login("moderators").await;
    let community = seed["community_services"].as_str().unwrap().to_owned();
    settled_report(&app, &moderator, &community, now).await;
    for project in [Project::CarersCafe, Project::WalkingForHealth, Project::HospitalAtHome] {
        let stories: Vec<&Told> = HISTORY.iter().filter(|s| s.project == project).collect();
        let want = expected(&stories);
        let page = app.get(&format!("/services/{}", project_id(&seed, project))).await.text().await.unwrap();
        let rate = format!("{:.0}%", want["response_rate"].as_f64().unwrap() * 100.0);
        for (what, value) in [
            ("Stories published", want["published"].to_string()),
            ("Of them, answered by the service", rate),
            ("Changes made because of a story", want["changes_made"].to_string()),
        ] {
            assert!(page.contains(&format!("<dt>{what}</dt><dd>{value}</dd>")), "{project:?}: {what} {value}");
        }
    }
}

#[tokio::test]
async fn the_stories_export_has_the_public_fields_and_a_formula_as_text() {
    let app = history_app().await;
    let now = OffsetDateTime::now_utc();
    let seed = seed(&app).await;
    let cafe = project_id(&seed, Project::CarersCafe);
    let moderator = app.login("moderators").await;
    let body = "=HYPERLINK(\"http://evil.example\") The cafe was warm and the volunteers knew my name.";
    let story = serde_json::json!({"title": "=1+2 a formula for a title", "body": body, "when": "today",
        "author_role": "carer", "username": "calc99", "author_email": "jo@example.com", "postcode": "CF10 1AA",
        "service_ids": [cafe]});
    let response = app.request(Method::POST, "/api/stories").json(&story).send().await.unwrap();
    assert_eq!(response.status(), 201);
    let id = response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    app.publish(&moderator, &id, 1).await;

    let priya = app.member_login(PRIYA).await;
    let path = format!("/admin/api/services/{cafe}/stories.csv?{}", period_query(now));
    let (_, bytes) = download(&app, &priya, &path).await;
    let text = String::from_utf8(bytes.clone()).unwrap();
    for private in ["jo@example.com", "CF10"] {
        assert!(!text.contains(private), "no author's private details: {private}");
    }
    let rows = csv_rows(&bytes);
    assert_eq!(
        rows[0],
        ["story_id", "published_at", "title", "told_by", "services", "criticality", "address", "excerpt"]
    );
    let row = rows.iter().find(|r| r[0] == id).expect("the new story");
    assert_eq!(row[2], "'=1+2 a formula for a title");
    assert_eq!(row[3], "calc99");
    assert!(row[7].starts_with("'=HYPERLINK"), "{}", row[7]);
    assert_eq!(row[6], format!("{}/stories/{id}", app.url));
    assert_eq!(row[5], "1");
    let published =
        HISTORY.iter().filter(|s| s.project == Project::CarersCafe && matches!(s.fate, Fate::Published { .. }));
    assert_eq!(rows.len() - 1, published.count() + 1, "the cafe's published stories and the new one");
}

/// What each read of a report costs in DynamoDB requests: a Query of the reader's
/// memberships, a Query of the tree of services, and a BatchGetItem per hundred cells (a
/// cell is a service in a month), whatever the number of stories.
#[tokio::test]
async fn a_report_costs_two_queries_and_a_batch_read_per_hundred_cells() {
    // No notifier, whose emails of the history would be counted too.
    let options =
        StackOptions { seed: true, history: true, stream_handler: Some(quiet_stream()), ..StackOptions::isolated() };
    let app = spawn_app_with(options).await;
    let now = OffsetDateTime::now_utc();
    let seed = seed(&app).await;
    let community = seed["community_services"].as_str().unwrap().to_owned();
    let partnership = seed["partnership"].as_str().unwrap().to_owned();
    let cafe = project_id(&seed, Project::CarersCafe);
    let sam = app.member_login(SAM).await;
    let moderator = app.login("moderators").await;
    settled_report(&app, &sam, &community, now).await;
    let meter = &app.stack.shared.meter;
    let mut costs = Vec::new();
    meter.take();
    let to = Month::of(now);
    let from = (1..36).fold(to, |m, _| m.previous());
    for (what, token, service, query) in [
        ("the page, 4 services x 5 months", &sam, &community, period_query(now)),
        ("the JSON, 4 services x 36 months", &sam, &community, format!("from={from}&to={to}")),
        ("the CSV, 5 services x 36 months", &moderator, &partnership, format!("from={from}&to={to}")),
    ] {
        let path = match what {
            w if w.starts_with("the page") => format!("/admin/services/{service}/report?{query}"),
            w if w.starts_with("the JSON") => format!("/admin/api/services/{service}/report?{query}"),
            _ => format!("/admin/api/services/{service}/report.csv?{query}"),
        };
        let response = app
            .request(Method::GET, &path)
            .header("cookie", format!("{}={token}", tellcare::web::ADMIN_COOKIE))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{what}");
        costs.push(format!("{what}: {}", meter.take_cost()));
    }
    let page = app.get(&format!("/services/{cafe}")).await;
    assert_eq!(page.status(), 200);
    costs.push(format!("the public page of a project: {}", meter.take_cost()));
    assert_eq!(
        costs,
        [
            "the page, 4 services x 5 months: BatchGetItem + Query + Query",
            "the JSON, 4 services x 36 months: BatchGetItem + BatchGetItem + Query + Query",
            "the CSV, 5 services x 36 months: BatchGetItem + BatchGetItem + Query",
            "the public page of a project: BatchGetItem + Query + Query",
        ],
    );
}
