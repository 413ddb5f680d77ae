//! From the aggregates to the figures people read: one service's month (a [`Cell`]), merged
//! with the months and services a report covers, counted.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::month::Month;
use super::tally::{Figure, element_parts};
use crate::domain::StoryId;
use crate::domain::story::Channel;

/// The guidance's ceiling on stories told by staff or volunteers on someone's behalf.
pub const ON_BEHALF_GUIDANCE: f64 = 0.05;

/// One service's month as stored: a set of elements per figure, and each of its links' opens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub sets: BTreeMap<Figure, BTreeSet<String>>,
    /// Opens of each of the service's links in the month, by slug.
    pub link_opens: BTreeMap<String, u64>,
}

impl Cell {
    /// Adds another cell's elements (a set union: a story in both counts once) and opens.
    pub fn merge(&mut self, other: &Cell) {
        for (figure, elements) in &other.sets {
            self.sets.entry(*figure).or_default().extend(elements.iter().cloned());
        }
        for (slug, opens) in &other.link_opens {
            *self.link_opens.entry(slug.clone()).or_default() += opens;
        }
    }

    pub fn merged<'c>(cells: impl IntoIterator<Item = &'c Cell>) -> Cell {
        let mut all = Cell::default();
        cells.into_iter().for_each(|cell| all.merge(cell));
        all
    }

    /// The stories of a figure, each with its value (the last one, should a story have two).
    fn values(&self, figure: Figure) -> BTreeMap<StoryId, String> {
        let mut values = BTreeMap::new();
        for element in self.sets.get(&figure).into_iter().flatten() {
            if let Some((story, value)) = element_parts(element) {
                values.insert(story, value.unwrap_or_default().to_owned());
            }
        }
        values
    }

    /// How many distinct stories, or (story, value) pairs, a figure holds.
    fn stories(&self, figure: Figure) -> BTreeSet<StoryId> {
        self.values(figure).into_keys().collect()
    }

    fn elements(&self, figure: Figure) -> usize {
        self.sets.get(&figure).map_or(0, BTreeSet::len)
    }

    /// Distinct stories per value: per channel, per tag, per link, per level.
    fn per_value(&self, figure: Figure) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for element in self.sets.get(&figure).into_iter().flatten() {
            if let Some((_, Some(value))) = element_parts(element) {
                *counts.entry(value.to_owned()).or_default() += 1;
            }
        }
        counts
    }

    pub fn figures(&self) -> Figures {
        let told = self.stories(Figure::Told).len();
        let on_behalf = self.stories(Figure::OnBehalf).len();
        let published = self.stories(Figure::Published);
        let answered: Vec<u64> = self
            .values(Figure::Answered)
            .into_iter()
            .filter(|(story, _)| published.contains(story))
            .filter_map(|(_, minutes)| minutes.parse().ok())
            .collect();
        let mut by_channel: BTreeMap<String, usize> = Channel::ALL.iter().map(|c| (c.code().to_owned(), 0)).collect();
        by_channel.extend(self.per_value(Figure::Told));
        let mut criticality: BTreeMap<String, usize> = (0..=5).map(|level| (level.to_string(), 0)).collect();
        criticality.extend(self.per_value(Figure::Criticality));
        let assisted_share = share(on_behalf, told);
        Figures {
            told,
            published: published.len(),
            rejected: self.stories(Figure::Rejected).len(),
            withdrawn: self.stories(Figure::Withdrawn).len(),
            by_channel,
            on_behalf,
            assisted_share,
            over_guidance: assisted_share.is_some_and(|s| s > ON_BEHALF_GUIDANCE),
            answered: answered.len(),
            response_rate: share(answered.len(), published.len()),
            median_hours_to_first_answer: percentile(&answered, 0.5),
            p90_hours_to_first_answer: percentile(&answered, 0.9),
            changes_planned: self.elements(Figure::ChangePlanned),
            changes_made: self.elements(Figure::ChangeMade),
            criticality,
            tags: self.per_value(Figure::Tagged),
        }
    }

    /// Stories told through each link, by slug.
    pub fn told_through_links(&self) -> BTreeMap<String, usize> {
        self.per_value(Figure::ThroughLink)
    }
}

/// The counts of a month, or of a whole period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figures {
    pub told: usize,
    pub published: usize,
    pub rejected: usize,
    pub withdrawn: usize,
    /// Stories told, by how they came: every channel, none left out.
    pub by_channel: BTreeMap<String, usize>,
    /// Told by staff or volunteers on someone's behalf.
    pub on_behalf: usize,
    /// `on_behalf` of `told`, 0 to 1; none when nothing was told.
    pub assisted_share: Option<f64>,
    /// Over the guidance's 5%.
    pub over_guidance: bool,
    /// Published stories answered since.
    pub answered: usize,
    /// `answered` of `published`, 0 to 1.
    pub response_rate: Option<f64>,
    pub median_hours_to_first_answer: Option<f64>,
    pub p90_hours_to_first_answer: Option<f64>,
    pub changes_planned: usize,
    pub changes_made: usize,
    /// Published stories by the moderator's rating, "0" to "5".
    pub criticality: BTreeMap<String, usize>,
    /// Stories told, by tag.
    pub tags: BTreeMap<String, usize>,
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The `p` quantile (0.5: the median, the mean of the middle two) of minutes, in hours to
/// one decimal; nearest rank for the others.
fn percentile(minutes: &[u64], p: f64) -> Option<f64> {
    if minutes.is_empty() {
        return None;
    }
    let mut sorted = minutes.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    let value = if p == 0.5 && n.is_multiple_of(2) {
        (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0
    } else {
        let rank = ((p * n as f64).ceil() as usize).clamp(1, n);
        sorted[rank - 1] as f64
    };
    Some((value / 60.0 * 10.0).round() / 10.0)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthFigures {
    pub month: Month,
    #[serde(flatten)]
    pub figures: Figures,
}
