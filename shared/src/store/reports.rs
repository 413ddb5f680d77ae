//! The reports' aggregates: a cell per service and month, holding a set of story elements per
//! figure ([`crate::domain::report::tally`]) and each link's opens in the month. The tallies
//! function keeps them from the table's stream; [`Store::rebuild_reports`] makes them anew
//! from the stories themselves.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aws_sdk_dynamodb::types::AttributeValue;

use super::answers::ResponseItem;
use super::keys::{self, Key};
use super::stories::StoryItem;
use super::{Item, Store, StoreError};
use crate::domain::report::tally::{Contribution, Figure, changes, story_contributions};
use crate::domain::report::{Cell, Cells, Month};
use crate::domain::response::Answer;
use crate::domain::story::Story;
use crate::domain::{ServiceId, StoryId};

/// The attribute of a story's tally that lists what it last added.
const CONTRIBUTIONS: &str = "contributions";

/// What a rebuild made.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rebuilt {
    pub stories: usize,
    pub cells: usize,
    /// Cells that no story holds any more, deleted.
    pub emptied: usize,
}

/// How a write changes a set.
#[derive(Clone, Copy)]
enum SetChange {
    Take,
    Add,
}

impl Store {
    /// Tallies a story again from what it is now (read consistently, so a stream record never
    /// sees less than the write that made it): what it no longer adds is taken from the
    /// cells, what it newly adds is added, and the tally remembers what it adds now. Run
    /// twice, the second run changes nothing. Returns how many facts moved.
    pub async fn tally_story(&self, id: StoryId) -> Result<usize, StoreError> {
        let tally_key = keys::tally(id);
        let (items, tally) = tokio::try_join!(self.story_public_items(id), self.get_item(&tally_key, true))?;
        let after = match story_and_answers(items)? {
            Some((story, answers)) => story_contributions(&story, &answers),
            None => BTreeSet::new(),
        };
        let before = contributions_of(tally.as_ref());
        let (gone, added) = changes(&before, &after);
        if gone.is_empty() && added.is_empty() {
            return Ok(0);
        }
        self.change_cells(&gone, SetChange::Take).await?;
        self.change_cells(&added, SetChange::Add).await?;
        self.write_tally(id, &after).await?;
        Ok(gone.len() + added.len())
    }

    /// Sets a link's opens in each of `months` (the months whose count moved), in its
    /// service's cells: a count, not an increment, so a record delivered twice does no harm,
    /// and only ever raised, so an older record delivered late does none either.
    pub async fn tally_link_opens(
        &self,
        service: ServiceId,
        slug: &str,
        months: &BTreeMap<Month, u64>,
    ) -> Result<(), StoreError> {
        for (month, opens) in months {
            let raised = self
                .client
                .update_item()
                .table_name(self.table())
                .set_key(Some(keys::report_cell(service, *month).to_attributes()))
                .update_expression("SET #opens = :opens")
                .condition_expression("attribute_not_exists(#opens) OR #opens < :opens")
                .expression_attribute_names("#opens", keys::link_opens_of(slug))
                .expression_attribute_values(":opens", AttributeValue::N(opens.to_string()))
                .send()
                .await
                .map_err(StoreError::from);
            match raised {
                Ok(_) | Err(StoreError::ConditionFailed) => {}
                Err(err) => return Err(err),
            }
        }
        Ok(())
    }

    /// The cells of these services in these months: one BatchGetItem per 100.
    pub async fn report_cells(&self, services: &[ServiceId], months: &[Month]) -> Result<Cells, StoreError> {
        self.cells(services, months, None).await
    }

    /// The same, with only what a public page counts (published, answered, changes made):
    /// the sets of criticality and the rest never leave the table for the public site.
    pub async fn public_record_cells(&self, services: &[ServiceId], months: &[Month]) -> Result<Cells, StoreError> {
        let figures = [Figure::Published, Figure::Answered, Figure::ChangeMade].map(Figure::code);
        let projection = format!("{}, {}, {}", keys::PK, keys::SK, figures.join(", "));
        self.cells(services, months, Some(&projection)).await
    }

    async fn cells(
        &self,
        services: &[ServiceId],
        months: &[Month],
        projection: Option<&str>,
    ) -> Result<Cells, StoreError> {
        let keys: Vec<Key> =
            services.iter().flat_map(|s| months.iter().map(move |m| keys::report_cell(*s, *m))).collect();
        let mut cells = Cells::new();
        for item in self.batch_get(&keys, projection).await? {
            let (pk, sk) = (text_of(&item, keys::PK), text_of(&item, keys::SK));
            if let Some(at) = keys::report_cell_of(&pk, &sk) {
                cells.insert(at, cell_of(&item));
            }
        }
        Ok(cells)
    }

    /// Makes every cell and tally anew from the stories, their answers and the links, as they
    /// are now (one Scan of the table): for stories older than the aggregates, or after a
    /// fault. A story changed while it runs is tallied again by its next change; run it when
    /// the table is quiet.
    pub async fn rebuild_reports(&self) -> Result<Rebuilt, StoreError> {
        let mut stories: BTreeMap<StoryId, Vec<Item>> = BTreeMap::new();
        let (mut old_cells, mut old_tallies) = (BTreeSet::new(), BTreeSet::new());
        let mut cells: BTreeMap<(ServiceId, Month), Cell> = BTreeMap::new();
        let mut pages = self.client.scan().table_name(self.table()).into_paginator().items().send();
        while let Some(item) = pages.next().await {
            let item = item?;
            let (pk, sk) = (text_of(&item, keys::PK), text_of(&item, keys::SK));
            if let Some(at) = keys::report_cell_of(&pk, &sk) {
                old_cells.insert(at);
            } else if let Some(story) = pk.strip_prefix(keys::TALLY_PREFIX).and_then(|id| id.parse().ok()) {
                old_tallies.insert(story);
            } else if let Some(story) = keys::story_of(&pk) {
                stories.entry(story).or_default().push(item);
            } else if keys::link_of(&pk).is_some() && sk == "LINK" {
                let (service, slug) = (text_of(&item, "service_id"), text_of(&item, "slug"));
                let Ok(service) = service.parse::<ServiceId>() else { continue };
                for (month, opens) in link_month_opens(&item) {
                    cells.entry((service, month)).or_default().link_opens.insert(slug.clone(), opens);
                }
            }
        }
        let mut rebuilt = Rebuilt::default();
        for (id, items) in stories {
            let Some((story, answers)) = story_and_answers(items)? else { continue };
            let facts = story_contributions(&story, &answers);
            for fact in &facts {
                cells
                    .entry((fact.service, fact.month))
                    .or_default()
                    .sets
                    .entry(fact.figure)
                    .or_default()
                    .insert(fact.element.clone());
            }
            self.write_tally(id, &facts).await?;
            old_tallies.remove(&id);
            rebuilt.stories += 1;
        }
        for id in old_tallies {
            self.write_tally(id, &BTreeSet::new()).await?;
        }
        for ((service, month), cell) in &cells {
            let mut item = keys::report_cell(*service, *month).to_attributes();
            for (figure, elements) in cell.sets.iter().filter(|(_, e)| !e.is_empty()) {
                item.insert(figure.code().to_owned(), AttributeValue::Ss(elements.iter().cloned().collect()));
            }
            for (slug, opens) in &cell.link_opens {
                item.insert(keys::link_opens_of(slug), AttributeValue::N(opens.to_string()));
            }
            self.client.put_item().table_name(self.table()).set_item(Some(item)).send().await?;
            old_cells.remove(&(*service, *month));
            rebuilt.cells += 1;
        }
        for (service, month) in old_cells {
            let key = keys::report_cell(service, month).to_attributes();
            self.client.delete_item().table_name(self.table()).set_key(Some(key)).send().await?;
            rebuilt.emptied += 1;
        }
        Ok(rebuilt)
    }

    /// The public part of a story's partition (the story, its services, answers and
    /// replies), read consistently.
    async fn story_public_items(&self, id: StoryId) -> Result<Vec<Item>, StoreError> {
        self.story_items_consistently(id, Some((keys::PUBLIC_FROM, keys::PUBLIC_TO))).await
    }

    /// Takes or adds each fact's element from or to its cell's set: one UpdateItem per cell.
    /// Both are idempotent on a set, so a write repeated after a failure does no harm.
    async fn change_cells(&self, facts: &[Contribution], change: SetChange) -> Result<(), StoreError> {
        let mut by_cell: BTreeMap<(ServiceId, Month), BTreeMap<Figure, Vec<String>>> = BTreeMap::new();
        for fact in facts {
            by_cell
                .entry((fact.service, fact.month))
                .or_default()
                .entry(fact.figure)
                .or_default()
                .push(fact.element.clone());
        }
        let keyword = match change {
            SetChange::Take => "DELETE",
            SetChange::Add => "ADD",
        };
        for ((service, month), figures) in by_cell {
            let mut update = self
                .client
                .update_item()
                .table_name(self.table())
                .set_key(Some(keys::report_cell(service, month).to_attributes()));
            let mut clauses = Vec::new();
            for (n, (figure, elements)) in figures.into_iter().enumerate() {
                clauses.push(format!("#f{n} :f{n}"));
                update = update
                    .expression_attribute_names(format!("#f{n}"), figure.code())
                    .expression_attribute_values(format!(":f{n}"), AttributeValue::Ss(elements));
            }
            update.update_expression(format!("{keyword} {}", clauses.join(", "))).send().await?;
        }
        Ok(())
    }

    /// Remembers what a story adds now; a story that adds nothing keeps no tally.
    async fn write_tally(&self, id: StoryId, facts: &BTreeSet<Contribution>) -> Result<(), StoreError> {
        let key = keys::tally(id).to_attributes();
        if facts.is_empty() {
            self.client.delete_item().table_name(self.table()).set_key(Some(key)).send().await?;
            return Ok(());
        }
        let mut item = key;
        item.insert(CONTRIBUTIONS.into(), AttributeValue::Ss(facts.iter().map(Contribution::code).collect()));
        self.client.put_item().table_name(self.table()).set_item(Some(item)).send().await?;
        Ok(())
    }
}

/// The story and its answers, from its partition's items; `None` when the story is gone.
fn story_and_answers(items: Vec<Item>) -> Result<Option<(Story, Vec<Answer>)>, StoreError> {
    let (mut story, mut answers) = (None, Vec::new());
    for item in items {
        match keys::story_item_kind(&text_of(&item, keys::SK)) {
            keys::StoryItemKind::Story => story = Some(serde_dynamo::from_item::<_, StoryItem>(item)?.story),
            keys::StoryItemKind::Response => answers.push(serde_dynamo::from_item::<_, ResponseItem>(item)?.response),
            _ => {}
        }
    }
    Ok(story.map(|story| (story, answers)))
}

fn contributions_of(tally: Option<&Item>) -> BTreeSet<Contribution> {
    let codes = tally.and_then(|t| t.get(CONTRIBUTIONS)).and_then(|v| v.as_ss().ok());
    codes.into_iter().flatten().filter_map(|code| Contribution::parse(code)).collect()
}

/// A cell as stored: its sets by figure, its links' opens.
fn cell_of(item: &Item) -> Cell {
    let mut cell = Cell::default();
    for (name, value) in item {
        if let (Some(figure), Ok(elements)) = (Figure::parse(name), value.as_ss()) {
            cell.sets.insert(figure, elements.iter().cloned().collect());
        } else if let (Some(slug), Ok(opens)) = (name.strip_prefix(keys::LINK_OPENS_PREFIX), value.as_n()) {
            cell.link_opens.insert(slug.to_owned(), opens.parse().unwrap_or_default());
        }
    }
    cell
}

/// A link's opens in each month, from its item's month counters.
pub fn link_month_opens(item: &HashMap<String, AttributeValue>) -> BTreeMap<Month, u64> {
    item.iter()
        .filter_map(|(name, value)| {
            let month = Month::parse(name.strip_prefix(keys::LINK_MONTH_OPENS_PREFIX)?).ok()?;
            Some((month, value.as_n().ok()?.parse().ok()?))
        })
        .collect()
}

fn text_of(item: &Item, name: &str) -> String {
    item.get(name).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default()
}
