//! The indexer: what finds stories, kept from the table's stream. The template's filter passes
//! the changes of stories, of their answers and of services; the indexer reads each story as
//! it is now (so a record delivered twice, late or out of order changes nothing the last one
//! would not) and makes
//! - the public search index hold it if it is published and not otherwise, and hold every
//!   service with its place in the tree (one commit per batch, stored in the bucket);
//! - the staff index hold it in whatever status, with moderators' notes and, while it is
//!   undecided, the text as its author wrote it (read from the private table, those two
//!   attributes only);
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
use tellcare_search::{Change, IndexBucket, Keeper, SearchError, ServiceDoc, StaffStoryDoc, StoryDoc};

/// How long a batch waits out failures that pass, within the function's timeout.
const PATIENCE: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct Indexer {
    store: Store,
    /// The public index: published stories and services.
    public: Arc<Keeper>,
    /// The staff index: every story, for moderators.
    staff: Arc<Keeper>,
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
        Self::over(store, aws.s3.get().clone(), &config.assets_bucket)
    }

    /// The indexer of `store`'s tables, keeping its indexes in `bucket`.
    pub fn over(store: Store, s3: aws_sdk_s3::Client, bucket: &str) -> Self {
        let dir = |name: &str| std::env::temp_dir().join(format!("tellcare-{name}-{}", ulid::Ulid::generate()));
        Self {
            store,
            public: Arc::new(Keeper::new(IndexBucket::new(s3.clone(), bucket), dir("index"))),
            staff: Arc::new(Keeper::new(IndexBucket::staff(s3, bucket), dir("staff-index"))),
        }
    }

    /// Makes the index and the feeds anew from the table: every story as it is now and every
    /// service, in one commit that replaces the whole index. Safe to run again.
    pub async fn rebuild(&self) -> Result<Rebuilt, IndexError> {
        let services = self.store.list_services().await?;
        let stories = self.store.every_story().await?;
        let mut public = vec![Change::Clear];
        public.extend(ServiceDoc::all(&services).into_iter().map(|doc| Change::Service(doc.id, Some(doc))));
        let mut staff = vec![Change::Clear];
        let mut rebuilt = Rebuilt { services: services.len(), ..Rebuilt::default() };
        for id in stories {
            let (doc, staff_doc) = self.keep_story(id, &services).await?;
            rebuilt.published += usize::from(doc.is_some());
            rebuilt.stories += 1;
            public.push(Change::Story(id, doc));
            staff.push(Change::StaffStory(id, staff_doc));
        }
        tokio::try_join!(self.public.apply(public), self.staff.apply(staff))?;
        Ok(rebuilt)
    }

    /// Keeps a story's feed entries as it is now, and gives what each index should hold of it.
    async fn keep_story(
        &self,
        id: StoryId,
        services: &[Service],
    ) -> Result<(Option<StoryDoc>, Option<StaffStoryDoc>), IndexError> {
        let (record, original) = tokio::try_join!(self.store.story_as_it_is(id), self.store.original_text(id))?;
        let doc = record.as_ref().and_then(|r| StoryDoc::of(r, services));
        let staff_doc = record.as_ref().map(|r| StaffStoryDoc::of(r, original, services));
        let entry = record.as_ref().and_then(FeedEntry::of);
        let feeds = doc.as_ref().map(|d| feeds_of(d, services)).unwrap_or_default();
        self.store.keep_feed_entries(id, entry.as_ref(), &feeds).await?;
        Ok((doc, staff_doc))
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
                tellcare::metrics::count(tellcare::metrics::Metric::StreamRecordsFailed, Some("indexer"), 1);
            }
        }
        response
    }

    async fn index(&self, subjects: &Subjects) -> Result<(), IndexError> {
        let services = self.store.list_services().await?;
        let (mut public, mut staff) = (Vec::new(), Vec::new());
        if subjects.services {
            public.extend(ServiceDoc::all(&services).into_iter().map(|doc| Change::Service(doc.id, Some(doc))));
        }
        for id in &subjects.stories {
            let (doc, staff_doc) = self.keep_story(*id, &services).await?;
            public.push(Change::Story(*id, doc));
            staff.push(Change::StaffStory(*id, staff_doc));
        }
        // The staff index changes only with stories.
        let staff = async { if staff.is_empty() { Ok(()) } else { self.staff.apply(staff).await } };
        tokio::try_join!(self.public.apply(public), staff)?;
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
