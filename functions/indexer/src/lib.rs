//! The indexer: what finds stories, kept from the table's stream. The template's filter passes
//! the changes of stories, of their answers and of services; the indexer reads each story as
//! it is now (so a record delivered twice, late or out of order changes nothing the last one
//! would not) and makes
//! - the search index hold it if it is published and not otherwise, and hold every service
//!   with its place in the tree (one commit per batch, stored in the bucket);
//! - its feed entries: one in the site's feed and one in each feed of its services and of
//!   every service above them, while it is published, and none otherwise.
//!
//! It is the index's one writer (the template gives it a concurrency of one). A failure that
//! passes is waited out within the invocation; one that does not is reported at the batch's
//! first record, and the whole batch comes again (it is safe to repeat).

use std::sync::Arc;
use std::time::Duration;

use aws_lambda_events::event::dynamodb::{Event, EventRecord};
use aws_lambda_events::event::streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse};
use serde_dynamo::AttributeValue;
use tellcare::aws::AwsClients;
use tellcare::backoff::Backoff;
use tellcare::config::Config;
use tellcare::domain::StoryId;
use tellcare::domain::service::Service;
use tellcare::store::{FeedEntry, FeedScope, Store, StoreError, keys};
use tellcare_search::{Change, IndexBucket, Keeper, SearchError, ServiceDoc, StoryDoc};

/// How long a batch waits out failures that pass, within the function's timeout.
const PATIENCE: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct Indexer {
    store: Store,
    keeper: Arc<Keeper>,
}

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Search(#[from] SearchError),
}

impl IndexError {
    /// Whether waiting could help: DynamoDB throttled or away, or the bucket unreachable.
    fn passes(&self) -> bool {
        matches!(self, IndexError::Store(StoreError::Unavailable(_)) | IndexError::Search(SearchError::Bucket(_)))
    }
}

/// What a rebuild went through.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Rebuilt {
    pub stories: usize,
    pub published: usize,
    pub services: usize,
}

/// What a batch asks to be indexed.
#[derive(Debug, Default, PartialEq, Eq)]
struct Subjects {
    /// Each story once, in the order of its first record.
    stories: Vec<StoryId>,
    /// Whether a service was added or changed: every service's place may have moved.
    services: bool,
}

impl Indexer {
    /// Its local copy of the index lives in its own folder of the temporary directory
    /// (Lambda's `/tmp`), kept between invocations.
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        let store = Store::new(aws.dynamodb.clone(), &config.table_name, &config.private_table_name);
        Self::over(store, IndexBucket::new(aws.s3.clone(), &config.assets_bucket))
    }

    /// The indexer of `store`'s table, keeping its index in `bucket`.
    pub fn over(store: Store, bucket: IndexBucket) -> Self {
        let dir = std::env::temp_dir().join(format!("tellcare-index-{}", ulid::Ulid::generate()));
        Self { store, keeper: Arc::new(Keeper::new(bucket, dir)) }
    }

    /// Makes the index and the feeds anew from the table: every story as it is now and every
    /// service, in one commit that replaces the whole index. Safe to run again.
    pub async fn rebuild(&self) -> Result<Rebuilt, IndexError> {
        let services = self.store.list_services().await?;
        let stories = self.store.every_story().await?;
        let mut changes = vec![Change::Clear];
        changes.extend(ServiceDoc::all(&services).into_iter().map(|doc| Change::Service(doc.id, Some(doc))));
        let mut rebuilt = Rebuilt { services: services.len(), ..Rebuilt::default() };
        for id in stories {
            let doc = self.keep_story(id, &services).await?;
            rebuilt.published += usize::from(doc.is_some());
            rebuilt.stories += 1;
            changes.push(Change::Story(id, doc));
        }
        self.keeper.apply(changes).await?;
        Ok(rebuilt)
    }

    /// Keeps a story's feed entries as it is now, and gives what the index should hold of it.
    async fn keep_story(&self, id: StoryId, services: &[Service]) -> Result<Option<StoryDoc>, IndexError> {
        let record = self.store.story_as_it_is(id).await?;
        let doc = record.as_ref().and_then(|r| StoryDoc::of(r, services));
        let entry = record.as_ref().and_then(FeedEntry::of);
        let feeds = doc.as_ref().map(|d| feeds_of(d, services)).unwrap_or_default();
        self.store.keep_feed_entries(id, entry.as_ref(), &feeds).await?;
        Ok(doc)
    }

    pub async fn handle(&self, event: Event) -> DynamoDbEventResponse {
        let mut response = DynamoDbEventResponse::default();
        let subjects = subjects(&event.records);
        if subjects == Subjects::default() {
            return response;
        }
        let mut backoff = Backoff::within(PATIENCE);
        let result = loop {
            match self.index(&subjects).await {
                Err(err) if err.passes() && backoff.wait().await => {
                    tracing::info!(error = %err, "indexing waits to try again");
                }
                result => break result,
            }
        };
        match result {
            Ok(()) => tracing::info!(stories = subjects.stories.len(), services = subjects.services, "indexed"),
            Err(err) => {
                let first = &event.records[0];
                tracing::warn!(error = %err, event_id = %first.event_id, "indexing failed");
                let mut failure = DynamoDbBatchItemFailure::default();
                failure.item_identifier = first.change.sequence_number.clone();
                response.batch_item_failures.push(failure);
            }
        }
        response
    }

    async fn index(&self, subjects: &Subjects) -> Result<(), IndexError> {
        let services = self.store.list_services().await?;
        let mut changes = Vec::new();
        if subjects.services {
            changes.extend(ServiceDoc::all(&services).into_iter().map(|doc| Change::Service(doc.id, Some(doc))));
        }
        for id in &subjects.stories {
            changes.push(Change::Story(*id, self.keep_story(*id, &services).await?));
        }
        self.keeper.apply(changes).await?;
        Ok(())
    }
}

/// The feeds a published story is in: the site's, and each of the services it is within,
/// named.
fn feeds_of(doc: &StoryDoc, services: &[Service]) -> Vec<(FeedScope, Option<String>)> {
    let named = |id| services.iter().find(|s| s.id == id).map(|s| s.name.clone());
    std::iter::once((FeedScope::Site, None))
        .chain(doc.within.iter().map(|id| (FeedScope::Service(*id), named(*id))))
        .collect()
}

fn subjects(records: &[EventRecord]) -> Subjects {
    let mut subjects = Subjects::default();
    for record in records {
        let pk = match record.change.keys.get(keys::PK) {
            Some(AttributeValue::S(pk)) => pk.as_str(),
            _ => continue,
        };
        if let Some(story) = keys::story_of(pk) {
            if !subjects.stories.contains(&story) {
                subjects.stories.push(story);
            }
        } else if pk.starts_with("SERVICE#")
            && matches!(record.change.keys.get(keys::SK), Some(AttributeValue::S(sk)) if sk == "SERVICE")
        {
            subjects.services = true;
        }
    }
    subjects
}
