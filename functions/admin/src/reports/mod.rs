//! A service's report, over a period, for its staff and Tellcare's moderators: a page with
//! charts, and the same figures as JSON and CSV, and the period's stories as CSV. Each reads
//! the aggregates the tallies function keeps, never the stories themselves.

mod chart;
mod page;

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tellcare::AppError;
use tellcare::auth::Staff;
use tellcare::domain::report::export::{CsvSheet, report_csv};
use tellcare::domain::report::{Period, Report};
use tellcare::domain::service::{ServiceNode, subtree};
use tellcare::domain::{FieldError, StoryId};
use tellcare::store::{ServiceListing, Window};
use tellcare::web::{PageError, SignedIn, no_service, no_store, render, service_id};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::Admin;
use crate::dashboard::Member;
use crate::session::StaffSession;
use tellcare::web::AdminNav;

use page::ReportPage;

/// The period an address asks for; blank or missing, the last twelve months.
#[derive(Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PeriodQuery {
    from: String,
    to: String,
}

impl PeriodQuery {
    fn period(&self) -> Result<Period, Vec<FieldError>> {
        Period::parse(Some(&self.from), Some(&self.to), OffsetDateTime::now_utc()).map_err(|errors| errors.0)
    }
}

fn not_a_reader() -> AppError {
    AppError::Forbidden(
        "This report is for the service's own staff (its admins and responders, and those of the services above \
         it) and for Tellcare's moderators."
            .into(),
    )
}

/// The service a path names and everything under it, once `staff` may read its report: one
/// Query of their memberships (none without a verified address) and one of the tree.
async fn readable_branch(admin: &Admin, staff: &Staff, raw_id: &str) -> Result<(ServiceNode, Member), AppError> {
    let id = service_id(raw_id)?;
    let member = Member::of(admin, staff).await?;
    let node = subtree(&member.tree, id).ok_or_else(no_service)?;
    if member.access.may_read_reports(id, &member.tree) { Ok((node, member)) } else { Err(not_a_reader()) }
}

/// The report: one BatchGetItem per hundred cells (a cell is a service and a month).
async fn report_of(admin: &Admin, node: &ServiceNode, period: Period) -> Result<Report, AppError> {
    let cells = admin.store.report_cells(&node.ids(), &period.months()).await?;
    Ok(Report::build(node, period, &cells))
}

/// The branch and period a download asks for, once its reader may have them.
async fn branch_and_period(
    admin: &Admin,
    staff: &Staff,
    id: &str,
    query: &PeriodQuery,
) -> Result<(ServiceNode, Period), AppError> {
    let (node, _) = readable_branch(admin, staff, id).await?;
    Ok((node, query.period().map_err(AppError::Invalid)?))
}

async fn json_or_csv_report(admin: &Admin, staff: &Staff, id: &str, query: &PeriodQuery) -> Result<Report, AppError> {
    let (node, period) = branch_and_period(admin, staff, id, query).await?;
    report_of(admin, &node, period).await
}

pub(crate) async fn report_json(
    State(admin): State<Admin>,
    SignedIn(staff): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let report = json_or_csv_report(&admin, &staff, &id, &query).await?;
    Ok(no_store(Json(report).into_response()))
}

/// A download that a spreadsheet opens, named for what it holds.
fn csv_download(name: String, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{name}.csv\"");
    let mut response = ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], bytes).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    no_store(response)
}

pub(crate) async fn report_csv_download(
    State(admin): State<Admin>,
    SignedIn(staff): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let report = json_or_csv_report(&admin, &staff, &id, &query).await?;
    let name = format!("tellcare-report-{}-{}-{}", report.service_id, report.from, report.to);
    Ok(csv_download(name, report_csv(&report)))
}

/// The most stories one export holds; a longer period is exported in parts.
const MOST_EXPORTED: usize = 10_000;

/// The stories published in the period about the service or one under it, newest first: one
/// Query per service (of each, a page per thousand stories), nothing private, the
/// moderator's criticality for the staff who read it.
pub(crate) async fn stories_csv(
    State(admin): State<Admin>,
    SignedIn(staff): SignedIn,
    Path(id): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let (node, period) = branch_and_period(&admin, &staff, &id, &query).await?;
    let from = period.from.first_day().midnight().assume_utc();
    let to = period.to.next().first_day().midnight().assume_utc();
    let listed = futures::future::try_join_all(node.ids().into_iter().map(|service| {
        let store = &admin.store;
        async move {
            let mut all = Vec::new();
            let mut window = Window { take: 1000, from: Some(from), to: Some(to), ..Window::default() };
            loop {
                let page = store.service_listings(service, window.clone()).await?;
                all.extend(page.items);
                match page.next {
                    Some(next) if all.len() < MOST_EXPORTED => window.after = Some(next),
                    _ => return Ok::<_, AppError>(all),
                }
            }
        }
    }))
    .await?;
    let mut stories: BTreeMap<StoryId, (ServiceListing, Vec<String>)> = BTreeMap::new();
    for (id, listing) in listed.into_iter().flatten() {
        let service = listing.service_name.clone();
        stories.entry(id).or_insert_with(|| (listing, vec![])).1.push(service);
    }
    let mut rows: Vec<_> = stories.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.published_at.cmp(&a.1.0.published_at).then(b.0.cmp(&a.0)));
    rows.truncate(MOST_EXPORTED);
    let mut sheet = CsvSheet::default();
    sheet.row(["story_id", "published_at", "title", "told_by", "services", "criticality", "address", "excerpt"]);
    for (id, (listing, services)) in rows {
        sheet.row([
            id.to_string(),
            listing.published_at.format(&Rfc3339).unwrap_or_default(),
            listing.title,
            listing.username,
            services.join("; "),
            listing.criticality.map(|c| c.value().to_string()).unwrap_or_default(),
            format!("{}/stories/{id}", admin.public_base_url),
            listing.excerpt,
        ]);
    }
    let name = format!("tellcare-stories-{}-{}-{}", node.id, period.from, period.to);
    Ok(csv_download(name, sheet.finish()))
}

/// The report as a page: its charts, its tables and its downloads. A period that cannot be
/// read comes back in the form as typed, with what is wrong with it.
pub(crate) async fn report_page(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    Path(id): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let (node, member) = readable_branch(&admin, &session.staff, &id).await?;
    let (report, errors, status) = match query.period() {
        Ok(period) => (Some(report_of(&admin, &node, period).await?), vec![], StatusCode::OK),
        Err(errors) => (None, errors, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let nav = AdminNav { manages: member.access.manages_any(), ..session.nav() };
    let page = ReportPage::new(nav, &node, &member, report.as_ref(), query, errors);
    Ok(no_store((status, render(&page)?).into_response()))
}
