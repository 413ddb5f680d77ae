//! The report as a page: what the template needs, each figure written as people read it.

use askama::Template;
use tellcare::domain::report::export::percent;
use tellcare::domain::report::{Figures, ON_BEHALF_GUIDANCE, Report};
use tellcare::domain::service::ServiceNode;
use tellcare::domain::story::Channel;
use tellcare::domain::{FieldError, ServiceId};
use tellcare::{t, ta};

use super::PeriodQuery;
use super::chart::{BarChart, Scale, Series};
use crate::dashboard::Member;
use tellcare::web::AdminNav;

/// A row of the months' table, or of the services' table.
pub(crate) struct FiguresRow {
    pub label: String,
    /// The row's own report, for a service under this one.
    pub href: Option<String>,
    pub told: usize,
    pub published: usize,
    pub rejected: usize,
    pub withdrawn: usize,
    pub on_behalf: String,
    pub over_guidance: bool,
    pub response_rate: String,
    pub median_hours: String,
    pub p90_hours: String,
    pub changes_planned: usize,
    pub changes_made: usize,
}

fn written_share(share: Option<f64>) -> String {
    share.map(|s| format!("{}%", percent(Some(s)))).unwrap_or_else(|| "–".into())
}

fn written_hours(hours: Option<f64>) -> String {
    hours.map(|h| format!("{h:.1}")).unwrap_or_else(|| "–".into())
}

impl FiguresRow {
    fn of(label: String, href: Option<String>, f: &Figures) -> FiguresRow {
        FiguresRow {
            label,
            href,
            told: f.told,
            published: f.published,
            rejected: f.rejected,
            withdrawn: f.withdrawn,
            on_behalf: match f.assisted_share {
                Some(share) => format!("{} ({}%)", f.on_behalf, percent(Some(share))),
                None => f.on_behalf.to_string(),
            },
            over_guidance: f.over_guidance,
            response_rate: written_share(f.response_rate),
            median_hours: written_hours(f.median_hours_to_first_answer),
            p90_hours: written_hours(f.p90_hours_to_first_answer),
            changes_planned: f.changes_planned,
            changes_made: f.changes_made,
        }
    }
}

pub(crate) struct LinkRow {
    pub slug: String,
    pub opened: u64,
    pub told: usize,
    /// Stories told of every hundred opens.
    pub conversion: String,
}

/// The figures of a report, ready to write.
pub(crate) struct ReportView {
    pub period: String,
    /// The period as an address's query, for the downloads.
    pub query: String,
    pub total: FiguresRow,
    pub guidance_percent: String,
    pub answered: usize,
    pub charts: Vec<BarChart>,
    pub months: Vec<FiguresRow>,
    pub children: Vec<FiguresRow>,
    pub links: Vec<LinkRow>,
    pub tags: Vec<(String, usize)>,
}

/// A channel's name on a chart's axis, where there is little room.
fn short_channel(channel: Channel) -> String {
    t(&format!("channel-short-{}", channel.code()))
}

fn counts(values: impl IntoIterator<Item = usize>) -> Vec<Option<f64>> {
    values.into_iter().map(|v| Some(v as f64)).collect()
}

fn charts(report: &Report) -> Vec<BarChart> {
    let months: Vec<(String, String)> =
        report.months.iter().map(|m| (m.month.short_label(), m.month.label())).collect();
    let told_and_published = BarChart::new(
        "chart-stories",
        t("chart-stories"),
        t("report-col-month"),
        months.clone(),
        vec![
            Series {
                name: t("report-col-told"),
                class: "bar-told",
                values: counts(report.months.iter().map(|m| m.figures.told)),
            },
            Series {
                name: t("report-col-published"),
                class: "bar-published",
                values: counts(report.months.iter().map(|m| m.figures.published)),
            },
        ],
        Scale::Count,
    );
    let response_rate = BarChart::new(
        "chart-response-rate",
        t("chart-response-rate"),
        t("report-col-month"),
        months,
        vec![Series {
            name: t("chart-answered"),
            class: "bar-answered",
            values: report.months.iter().map(|m| m.figures.response_rate).collect(),
        }],
        Scale::Percent,
    );
    let by_channel = BarChart::new(
        "chart-channels",
        t("chart-channels"),
        t("chart-how"),
        Channel::ALL.iter().map(|c| (short_channel(*c), c.label().to_string())).collect(),
        vec![Series {
            name: t("chart-stories-series"),
            class: "bar-told",
            values: counts(
                Channel::ALL.iter().map(|c| report.total.by_channel.get(c.code()).copied().unwrap_or_default()),
            ),
        }],
        Scale::Count,
    );
    let criticality = BarChart::new(
        "chart-criticality",
        t("chart-criticality"),
        t("chart-criticality-axis"),
        (0..=5).map(|level| (level.to_string(), ta("chart-level", "level", level))).collect(),
        vec![Series {
            name: t("chart-stories-series"),
            class: "bar-rated",
            values: counts((0..=5).map(|l| report.total.criticality.get(&l.to_string()).copied().unwrap_or_default())),
        }],
        Scale::Count,
    );
    vec![told_and_published, response_rate, by_channel, criticality]
}

impl ReportView {
    /// The median and 90th percentile hours to a first answer, in a phrase.
    pub fn hours(&self) -> String {
        let (median, p90) = (&self.total.median_hours, &self.total.p90_hours);
        tellcare::i18n::text_with("report-hours-figures", &[("median", median), ("p90", p90)])
    }

    fn of(report: &Report) -> ReportView {
        let period = tellcare::domain::report::Period { from: report.from, to: report.to };
        ReportView {
            period: period.label(),
            query: format!("from={}&to={}", report.from, report.to),
            total: FiguresRow::of(t("report-whole-period"), None, &report.total),
            guidance_percent: format!("{:.0}%", ON_BEHALF_GUIDANCE * 100.0),
            answered: report.total.answered,
            charts: charts(report),
            months: report.months.iter().map(|m| FiguresRow::of(m.month.label(), None, &m.figures)).collect(),
            children: report
                .children
                .iter()
                .map(|c| {
                    let href = format!("/admin/services/{}/report?from={}&to={}", c.service_id, report.from, report.to);
                    FiguresRow::of(c.name.clone(), Some(href), &c.total)
                })
                .collect(),
            links: report
                .links
                .iter()
                .map(|l| LinkRow {
                    slug: l.slug.clone(),
                    opened: l.opened,
                    told: l.told,
                    conversion: if l.opened == 0 {
                        "–".into()
                    } else {
                        format!("{:.1}", l.told as f64 * 100.0 / l.opened as f64)
                    },
                })
                .collect(),
            tags: report.total.tags.iter().map(|(tag, n)| (tag.clone(), *n)).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "staff/report.html")]
pub(crate) struct ReportPage {
    nav: AdminNav,
    service_id: ServiceId,
    service_name: String,
    /// Whether the person manages the service (its page is theirs).
    manages: bool,
    /// The service above, when the person may read its report too.
    parent: Option<(ServiceId, String)>,
    from: String,
    to: String,
    errors: Vec<FieldError>,
    report: Option<ReportView>,
}

impl ReportPage {
    pub fn new(
        nav: AdminNav,
        node: &ServiceNode,
        member: &Member,
        report: Option<&Report>,
        typed: PeriodQuery,
        errors: Vec<FieldError>,
    ) -> ReportPage {
        let parent = node
            .parent_id
            .filter(|p| member.access.may_read_reports(*p, &member.tree))
            .and_then(|p| member.tree.iter().find(|s| s.id == p))
            .map(|p| (p.id, p.name.clone()));
        // A report shown says the period it is of; a period refused comes back as typed.
        let (from, to) = match report {
            Some(r) => (r.from.to_string(), r.to.to_string()),
            None => (typed.from, typed.to),
        };
        ReportPage {
            nav,
            service_id: node.id,
            service_name: node.name.clone(),
            manages: member.access.may_manage(node.id, &member.tree),
            parent,
            from,
            to,
            errors,
            report: report.map(ReportView::of),
        }
    }
}
