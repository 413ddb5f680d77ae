//! Reports: what a service and everything under it learn from their stories, month by month.
//! The aggregates are kept by tallying each story ([`tally`]); a report merges the months and
//! services it covers and counts ([`figures`]).

pub mod export;
mod figures;
mod month;
pub mod tally;

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

pub use figures::{Cell, Figures, MonthFigures, ON_BEHALF_GUIDANCE};
pub use month::{Month, PERIOD_MAX_MONTHS, Period};

use super::ServiceId;
use super::service::ServiceNode;

/// The aggregates a report reads, by service and month; a month with nothing is absent.
pub type Cells = HashMap<(ServiceId, Month), Cell>;

/// A service's report over a period, with the same figures for each service under it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub service_id: ServiceId,
    pub service_name: String,
    pub from: Month,
    pub to: Month,
    pub months: Vec<MonthFigures>,
    /// The whole period at once (a story in two months' sets, as told in one and published
    /// in the next, counts once per figure).
    pub total: Figures,
    /// Each link of the service and those under it that was opened or told through in the
    /// period: the funnel from poster to story.
    pub links: Vec<LinkFigures>,
    /// Each service directly under it, with everything under that.
    pub children: Vec<ServiceFigures>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ServiceFigures {
    pub service_id: ServiceId,
    pub name: String,
    pub months: Vec<MonthFigures>,
    pub total: Figures,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LinkFigures {
    pub slug: String,
    pub opened: u64,
    pub told: usize,
}

impl Report {
    pub fn build(node: &ServiceNode, period: Period, cells: &Cells) -> Report {
        let own = ServiceFigures::of(node, period, cells);
        let whole = merged(node, &period.months(), cells);
        let told = whole.told_through_links();
        let slugs: BTreeSet<&String> = whole.link_opens.keys().chain(told.keys()).collect();
        let links = slugs
            .into_iter()
            .map(|slug| LinkFigures {
                slug: slug.clone(),
                opened: whole.link_opens.get(slug).copied().unwrap_or_default(),
                told: told.get(slug).copied().unwrap_or_default(),
            })
            .collect();
        Report {
            service_id: node.id,
            service_name: node.name.clone(),
            from: period.from,
            to: period.to,
            months: own.months,
            total: own.total,
            links,
            children: node.children.iter().map(|child| ServiceFigures::of(child, period, cells)).collect(),
        }
    }
}

impl ServiceFigures {
    fn of(node: &ServiceNode, period: Period, cells: &Cells) -> ServiceFigures {
        let months = period.months();
        ServiceFigures {
            service_id: node.id,
            name: node.name.clone(),
            months: months
                .iter()
                .map(|&month| MonthFigures { month, figures: merged(node, &[month], cells).figures() })
                .collect(),
            total: merged(node, &months, cells).figures(),
        }
    }
}

/// The cells of a service and everything under it, over some months, as one.
fn merged(node: &ServiceNode, months: &[Month], cells: &Cells) -> Cell {
    let ids = node.ids();
    Cell::merged(months.iter().flat_map(|month| ids.iter().filter_map(move |id| cells.get(&(*id, *month)))))
}

/// What a service's public page says of the last twelve months: no criticality, nothing a
/// reader could not count from the published stories themselves.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PublicRecord {
    pub published: usize,
    pub response_rate: Option<f64>,
    pub changes_made: usize,
}

impl PublicRecord {
    pub fn of(node: &ServiceNode, period: Period, cells: &Cells) -> PublicRecord {
        let figures = merged(node, &period.months(), cells).figures();
        PublicRecord {
            published: figures.published,
            response_rate: figures.response_rate,
            changes_made: figures.changes_made,
        }
    }
}

#[cfg(test)]
mod tests;
