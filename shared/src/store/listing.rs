//! Lists of published stories, newest first, in windows that go on from a cursor.

use aws_sdk_dynamodb::types::AttributeValue;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::stories::{Listing, StoryItem, StoryServiceItem};
use super::{Item, Store, StoreError, keys};
use crate::domain::story::{Story, StoryStatus};
use crate::domain::{ServiceId, StoryId};

/// A story of a service's page.
pub type ServiceListing = Listing;

/// Where a newest-first list goes on from: the sort key (`{published_at}#{id}`) of the last
/// item given, which clients see only as opaque base64url.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor(String);

impl Cursor {
    pub fn parse(raw: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).ok()?;
        let key = String::from_utf8(bytes).ok()?;
        let (at, id) = key.split_once('#')?;
        OffsetDateTime::parse(at, &Rfc3339).ok()?;
        id.parse::<StoryId>().ok()?;
        Some(Cursor(key))
    }

    pub fn encoded(&self) -> String {
        URL_SAFE_NO_PAD.encode(&self.0)
    }

    pub(super) fn sort_key(&self) -> &str {
        &self.0
    }

    /// Where a list of one status goes on after `story` (its gsi1 sort key).
    pub(super) fn of_status(story: &Story) -> Result<Cursor, StoreError> {
        let since = story.in_status_since().format(&Rfc3339).map_err(StoreError::other)?;
        Ok(Cursor(format!("{since}#{}", story.id())))
    }
}

/// What a list asks for: up to `take` items, after `skip` of them, from `after`, published
/// between `from` and `to`.
#[derive(Clone, Debug, Default)]
pub struct Window {
    pub skip: usize,
    pub take: usize,
    pub after: Option<Cursor>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
}

/// One window of a list, and where the next one starts.
#[derive(Debug)]
pub struct Listed<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

/// A bound of `{published_at}#{id}` sort keys: the time, or else one that is below (`0`) or
/// above (`~`) every such key.
fn bound(at: Option<OffsetDateTime>, everything: &str) -> Result<String, StoreError> {
    at.map_or(Ok(everything.to_owned()), |t| t.format(&Rfc3339).map_err(StoreError::other))
}

impl Store {
    /// Published stories, newest first, published between `from` and `to` when given: one
    /// Query of gsi1 for the page.
    pub async fn published_stories(&self, window: Window) -> Result<Listed<Story>, StoreError> {
        let (items, next) = self
            .newest_first(keys::GSI1, keys::GSI1_PK, keys::stories_in(StoryStatus::Published), keys::GSI1_SK, window)
            .await?;
        let stories = items.into_iter().map(|item| Ok(serde_dynamo::from_item::<_, StoryItem>(item)?.story));
        Ok(Listed { items: stories.collect::<Result<_, StoreError>>()?, next })
    }

    /// A service's published stories, newest first, published between `from` and `to` when
    /// given: one Query of gsi2 for the page.
    pub async fn service_listings(
        &self,
        service: ServiceId,
        window: Window,
    ) -> Result<Listed<(StoryId, ServiceListing)>, StoreError> {
        let (items, next) =
            self.newest_first(keys::GSI2, keys::GSI2_PK, keys::published_in(service), keys::GSI2_SK, window).await?;
        let mut listings = Vec::new();
        for item in items {
            let tag: StoryServiceItem = serde_dynamo::from_item(item)?;
            if let Some(listing) = tag.listing {
                listings.push((tag.story_id, listing));
            }
        }
        Ok(Listed { items: listings, next })
    }

    /// One window of an index partition, newest (highest sort key) first, and the cursor of
    /// the next if there is one. It reads `skip + take + 1` items at most (`skip` is capped by
    /// the callers), and one more after a cursor: the cursor's own item, left out.
    async fn newest_first(
        &self,
        index: &str,
        partition_key: &str,
        value: String,
        sort_key: &str,
        window: Window,
    ) -> Result<(Vec<Item>, Option<Cursor>), StoreError> {
        let mut upper = bound(window.to, "~")?;
        if let Some(after) = &window.after {
            upper = upper.min(after.0.clone());
        }
        let limit = window.skip + window.take + 1 + usize::from(window.after.is_some());
        let query = self
            .client
            .query()
            .table_name(self.table())
            .index_name(index)
            .scan_index_forward(false)
            .key_condition_expression("#pk = :pk AND #sk BETWEEN :from AND :to")
            .expression_attribute_names("#pk", partition_key)
            .expression_attribute_names("#sk", sort_key)
            .expression_attribute_values(":pk", AttributeValue::S(value))
            .expression_attribute_values(":from", AttributeValue::S(bound(window.from, "0")?))
            .expression_attribute_values(":to", AttributeValue::S(upper))
            .limit(limit.clamp(1, 1000) as i32);
        let mut pages = query.into_paginator().send();
        let sort_of = |item: &Item| item.get(sort_key).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
        let mut items = Vec::new();
        while items.len() < limit {
            let Some(page) = pages.next().await else { break };
            let page = page?.items.unwrap_or_default();
            items.extend(page.into_iter().filter(|item| window.after.as_ref().is_none_or(|c| sort_of(item) != c.0)));
        }
        let mut items: Vec<Item> = items.into_iter().skip(window.skip).collect();
        let more = items.len() > window.take;
        items.truncate(window.take);
        let next = if more { items.last().map(|item| Cursor(sort_of(item))) } else { None };
        Ok((items, next))
    }
}
