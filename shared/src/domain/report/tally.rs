//! What one story adds to the reports, as a set of facts: each names a service, a month, a
//! figure and an element (the story's id, with a value where the figure needs one). The
//! aggregates hold these elements in sets, so adding one twice counts it once, and a story
//! that changes is tallied again from what it is now: the facts it no longer has are taken
//! away, the new ones added. A parent's figures are the union of its services' sets, so a
//! story told to two services under it counts once.

use std::collections::BTreeSet;
use std::fmt;

use super::month::Month;
use crate::domain::response::{Answer, Change};
use crate::domain::story::{Channel, Story, StoryStatus};
use crate::domain::{ServiceId, StoryId};

/// One figure of a month's aggregate: the name of its set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    /// Told in the month: `{story}:{channel}`.
    Told,
    /// Told by staff or a volunteer on someone's behalf.
    OnBehalf,
    /// Told with a tag: `{story}:{tag}`.
    Tagged,
    /// Told through an invitation link: `{story}:{slug}`.
    ThroughLink,
    /// Published in the month (and still published).
    Published,
    /// Rated by a moderator, as published in the month: `{story}:{0..5}`.
    Criticality,
    /// Published in the month and answered since: `{story}:{minutes to the first answer}`.
    Answered,
    Rejected,
    Withdrawn,
    /// Answers given in the month saying a change is planned: `{story}:{response}`.
    ChangePlanned,
    ChangeMade,
}

impl Figure {
    pub const ALL: &'static [Figure] = &[
        Figure::Told,
        Figure::OnBehalf,
        Figure::Tagged,
        Figure::ThroughLink,
        Figure::Published,
        Figure::Criticality,
        Figure::Answered,
        Figure::Rejected,
        Figure::Withdrawn,
        Figure::ChangePlanned,
        Figure::ChangeMade,
    ];

    /// The attribute its set is stored as.
    pub fn code(self) -> &'static str {
        match self {
            Figure::Told => "told",
            Figure::OnBehalf => "on_behalf",
            Figure::Tagged => "tagged",
            Figure::ThroughLink => "through_link",
            Figure::Published => "published",
            Figure::Criticality => "criticality",
            Figure::Answered => "answered",
            Figure::Rejected => "rejected",
            Figure::Withdrawn => "withdrawn",
            Figure::ChangePlanned => "change_planned",
            Figure::ChangeMade => "change_made",
        }
    }

    pub fn parse(code: &str) -> Option<Figure> {
        Figure::ALL.iter().copied().find(|figure| figure.code() == code)
    }
}

/// One fact a story adds to one service's month.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Contribution {
    pub service: ServiceId,
    pub month: Month,
    pub figure: Figure,
    /// The set's element: the story's id, then `:` and the value, if any.
    pub element: String,
}

impl Contribution {
    /// As the story's tally remembers it: `{service}|{month}|{figure}|{element}`.
    pub fn code(&self) -> String {
        format!("{}|{}|{}|{}", self.service, self.month, self.figure.code(), self.element)
    }

    pub fn parse(code: &str) -> Option<Contribution> {
        let mut parts = code.splitn(4, '|');
        let service = parts.next()?.parse().ok()?;
        let month = Month::parse(parts.next()?).ok()?;
        let figure = Figure::parse(parts.next()?)?;
        let element = parts.next()?.to_owned();
        Some(Contribution { service, month, figure, element })
    }
}

impl fmt::Display for Contribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// Everything a story, as it is now with its answers, adds to the reports.
pub fn story_contributions(story: &Story, answers: &[Answer]) -> BTreeSet<Contribution> {
    let id = story.id();
    let mut facts = BTreeSet::new();
    let mut add = |service: ServiceId, month: Month, figure: Figure, value: Option<String>| {
        let element = match value {
            Some(value) => format!("{id}:{value}"),
            None => id.to_string(),
        };
        facts.insert(Contribution { service, month, figure, element });
    };
    let told = Month::of(story.received_at());
    let published = story.published_at().filter(|_| story.status() == StoryStatus::Published);
    let first_answer = answers.iter().filter(|a| a.story_id == id).map(|a| a.published_at).min();
    for &service in story.service_ids() {
        add(service, told, Figure::Told, Some(story.channel().code().into()));
        if story.author_role().on_behalf() || story.channel() == Channel::Assisted {
            add(service, told, Figure::OnBehalf, None);
        }
        for tag in story.tags() {
            add(service, told, Figure::Tagged, Some(tag.as_str().into()));
        }
        if let Some(slug) = story.link() {
            add(service, told, Figure::ThroughLink, Some(slug.to_string()));
        }
        let decided = Month::of(story.in_status_since());
        match story.status() {
            StoryStatus::Rejected => add(service, decided, Figure::Rejected, None),
            StoryStatus::Withdrawn => add(service, decided, Figure::Withdrawn, None),
            _ => {}
        }
        let Some(published_at) = published else { continue };
        let month = Month::of(published_at);
        add(service, month, Figure::Published, None);
        if let Some(criticality) = story.criticality() {
            add(service, month, Figure::Criticality, Some(criticality.value().to_string()));
        }
        if let Some(answered_at) = first_answer {
            let minutes = (answered_at - published_at).whole_minutes().max(0);
            add(service, month, Figure::Answered, Some(minutes.to_string()));
        }
    }
    // A change is its service's: counted in the month it was promised, while the story shows.
    if published.is_some() {
        for answer in answers.iter().filter(|a| a.story_id == id) {
            let figure = match answer.change {
                Change::Planned => Figure::ChangePlanned,
                Change::Made => Figure::ChangeMade,
                Change::None => continue,
            };
            add(answer.service_id, Month::of(answer.published_at), figure, Some(answer.id.to_string()));
        }
    }
    facts
}

/// The story an element is about, and its value.
pub fn element_parts(element: &str) -> Option<(StoryId, Option<&str>)> {
    let (story, value) = match element.split_once(':') {
        Some((story, value)) => (story, Some(value)),
        None => (element, None),
    };
    Some((story.parse().ok()?, value))
}

/// What to take away and what to add to move the aggregates from `before` to `after`.
pub fn changes(
    before: &BTreeSet<Contribution>,
    after: &BTreeSet<Contribution>,
) -> (Vec<Contribution>, Vec<Contribution>) {
    (before.difference(after).cloned().collect(), after.difference(before).cloned().collect())
}
