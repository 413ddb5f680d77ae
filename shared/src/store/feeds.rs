//! Feed entries: a published story as the public sees it (its Atom entries, `/api/opinions`),
//! one item per feed it is in (the site's, and each of its services' and every service's above
//! them), kept by the indexer from the stream, so that reading a feed is one Query and a page
//! of `/api/opinions` one BatchGetItem after its listing.

use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Store, StoreError, keys};
use crate::domain::record::StoryRecord;
use crate::domain::response::{Change, ReplyStatus};
use crate::domain::story::{AuthorRole, StoryStatus, When};
use crate::domain::{Language, ReplyId, ResponseId, ServiceId, StoryId};

/// A feed: the whole site's, or a service's with every service under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeedScope {
    Site,
    Service(ServiceId),
}

impl FeedScope {
    /// Its part of its entries' keys ([`keys::feed_entry`]).
    pub fn code(self) -> String {
        match self {
            FeedScope::Site => "site".into(),
            FeedScope::Service(id) => id.to_string(),
        }
    }
}

/// A published story with its answers and published replies: public fields only. An entry
/// written before a field was added does not read (and is read afresh from the story).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedEntry {
    pub story_id: StoryId,
    pub title: String,
    pub body: String,
    pub language: Language,
    pub when: When,
    pub author_role: AuthorRole,
    pub username: String,
    pub services: Vec<FeedService>,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    /// The story's or its latest answer's time, whichever is later.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub answers: Vec<FeedAnswer>,
    pub replies: Vec<FeedReply>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedService {
    pub id: ServiceId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedAnswer {
    pub id: ResponseId,
    pub responder_name: String,
    pub job_title: String,
    pub service_id: ServiceId,
    pub service_name: String,
    pub body: String,
    pub change: Change,
    pub language: Language,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
}

/// An author's reply, once a moderator published it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedReply {
    pub id: ReplyId,
    pub body: String,
    pub language: Language,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
}

impl FeedEntry {
    /// The entry of a published story; none for any other status.
    pub fn of(record: &StoryRecord) -> Option<FeedEntry> {
        let story = &record.story;
        let published_at = story.published_at().filter(|_| story.status() == StoryStatus::Published)?;
        let answers: Vec<FeedAnswer> = record
            .responses
            .iter()
            .map(|a| FeedAnswer {
                id: a.id,
                responder_name: a.responder_name.clone(),
                job_title: a.job_title.clone(),
                service_id: a.service_id,
                service_name: a.service_name.clone(),
                body: a.body.clone(),
                change: a.change,
                language: a.language,
                published_at: a.published_at,
            })
            .collect();
        let latest_answer = record.responses.iter().map(|a| a.edited_at.unwrap_or(a.published_at)).max();
        Some(FeedEntry {
            story_id: story.id(),
            title: story.title().to_owned(),
            body: story.body().to_owned(),
            language: story.language(),
            when: story.when(),
            author_role: story.author_role(),
            username: story.username().as_str().to_owned(),
            services: record.services.iter().map(|(id, name)| FeedService { id: *id, name: name.clone() }).collect(),
            published_at,
            updated_at: latest_answer.map_or(published_at, |at| at.max(published_at)),
            answers,
            replies: record
                .replies
                .iter()
                .filter(|r| r.status == ReplyStatus::Published)
                .map(|r| FeedReply {
                    id: r.id,
                    body: r.body.clone(),
                    language: r.language,
                    published_at: r.published_at.unwrap_or(r.received_at),
                })
                .collect(),
        })
    }
}

#[derive(Serialize, Deserialize)]
struct FeedItem {
    pk: String,
    sk: String,
    gsi1pk: String,
    gsi1sk: String,
    /// The name of the feed's service (none for the site's), for the feed's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    feed_name: Option<String>,
    #[serde(flatten)]
    entry: FeedEntry,
}

/// A feed's newest entries, and the name of its service when it has entries.
pub struct Feed {
    pub name: Option<String>,
    pub entries: Vec<FeedEntry>,
}

impl Store {
    /// The newest `take` entries of a feed: one Query of gsi1.
    pub async fn feed(&self, scope: FeedScope, take: usize) -> Result<Feed, StoreError> {
        let output = self
            .client
            .query()
            .table_name(self.table())
            .index_name(keys::GSI1)
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", keys::GSI1_PK)
            .expression_attribute_values(":pk", AttributeValue::S(keys::feed(&scope.code())))
            .scan_index_forward(false)
            .limit(take.clamp(1, 100) as i32)
            .send()
            .await?;
        let items: Vec<FeedItem> =
            output.items.unwrap_or_default().into_iter().map(serde_dynamo::from_item).collect::<Result<_, _>>()?;
        Ok(Feed {
            name: items.first().and_then(|i| i.feed_name.clone()),
            entries: items.into_iter().map(|i| i.entry).collect(),
        })
    }

    /// The site feed's entries of `stories`, where they are and read: one BatchGetItem for
    /// every 100. A story without one (just published, or its entry older than its fields) is
    /// not in the answer, for the caller to read afresh. An entry follows its story's answers
    /// and replies by the indexer's delay (about a second).
    pub async fn site_entries(&self, stories: &[StoryId]) -> Result<Vec<FeedEntry>, StoreError> {
        let keys: Vec<_> = stories.iter().map(|id| keys::feed_entry(*id, &FeedScope::Site.code())).collect();
        let mut entries = Vec::new();
        for item in self.batch_get(&keys, None).await? {
            match serde_dynamo::from_item::<_, FeedItem>(item) {
                Ok(item) => entries.push(item.entry),
                Err(err) => tracing::warn!(error = %err, "a feed entry does not read; reading its story afresh"),
            }
        }
        Ok(entries)
    }

    /// Makes a story's entries what they should be: `entry` in each feed of `feeds` (each
    /// with its service's name), and in no other. Safe to repeat.
    pub async fn keep_feed_entries(
        &self,
        story: StoryId,
        entry: Option<&FeedEntry>,
        feeds: &[(FeedScope, Option<String>)],
    ) -> Result<(), StoreError> {
        let existing = self
            .client
            .query()
            .table_name(self.table())
            .key_condition_expression("pk = :pk AND begins_with(sk, :feed)")
            .expression_attribute_values(":pk", AttributeValue::S(keys::story(story).pk))
            .expression_attribute_values(":feed", AttributeValue::S(keys::FEED_ENTRY_PREFIX.into()))
            .projection_expression("sk")
            .consistent_read(true)
            .send()
            .await?;
        let wanted: Vec<(keys::Key, &Option<String>)> = match entry {
            Some(_) => feeds.iter().map(|(scope, name)| (keys::feed_entry(story, &scope.code()), name)).collect(),
            None => vec![],
        };
        for item in existing.items.unwrap_or_default() {
            let sk = item.get(keys::SK).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
            if !wanted.iter().any(|(key, _)| key.sk == sk) {
                let key = keys::Key { pk: keys::story(story).pk, sk };
                self.client.delete_item().table_name(self.table()).set_key(Some(key.to_attributes())).send().await?;
            }
        }
        let Some(entry) = entry else { return Ok(()) };
        let since = entry.published_at.format(&Rfc3339).map_err(StoreError::other)?;
        for (key, name) in wanted {
            let gsi1pk = keys::feed(key.sk.trim_start_matches(keys::FEED_ENTRY_PREFIX));
            let item = FeedItem {
                pk: key.pk,
                sk: key.sk,
                gsi1pk,
                gsi1sk: format!("{since}#{story}"),
                feed_name: name.clone(),
                entry: entry.clone(),
            };
            self.client.put_item().table_name(self.table()).set_item(Some(serde_dynamo::to_item(item)?)).send().await?;
        }
        Ok(())
    }
}

impl Store {
    /// Every story with a state or a feed entry, by a Scan of the table's keys: what a rebuild
    /// of the search index and the feeds goes through.
    pub async fn every_story(&self) -> Result<Vec<StoryId>, StoreError> {
        let mut pages = self
            .client
            .scan()
            .table_name(self.table())
            .projection_expression("pk, sk")
            .filter_expression("sk = :story OR begins_with(sk, :feed)")
            .expression_attribute_values(":story", AttributeValue::S(keys::story_state_sk().into()))
            .expression_attribute_values(":feed", AttributeValue::S(keys::FEED_ENTRY_PREFIX.into()))
            .into_paginator()
            .items()
            .send();
        let mut stories = std::collections::BTreeSet::new();
        while let Some(item) = pages.next().await {
            let item = item?;
            if let Some(id) = item.get(keys::PK).and_then(|v| v.as_s().ok()).and_then(|pk| keys::story_of(pk)) {
                stories.insert(id);
            }
        }
        Ok(stories.into_iter().collect())
    }
}
