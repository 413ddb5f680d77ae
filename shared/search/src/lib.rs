//! Tellcare's search engine: a tantivy index of published stories (with their answers) and of
//! services, and a staff index of every story in every status (with moderators' notes, and the
//! text as written while undecided), each kept in S3 by one writer (the indexer, following the
//! table's stream) and read by the functions that search them, each with a copy on its disk.
//!
//! - [`words`]: how text becomes words (typos, "&", apostrophes, accents, stems);
//! - [`documents`]: what the index holds of a story and of a service;
//! - [`index`]: searching the local copy, and writing it;
//! - [`bucket`]: the copy in S3, and bringing a local copy up to it;
//! - [`Shelf`] (readers) and [`Keeper`] (the writer) put the two together.

pub mod asked;
pub mod bucket;
pub mod documents;
pub mod index;
mod schema;
mod stem;
pub mod words;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use bucket::{IndexBucket, Version};
pub use documents::{ServiceDoc, StaffStoryDoc, StoryDoc};
pub use index::{Excerpt, SearchIndex, ServiceHit, StoryHit, StoryHits, StoryQuery};
use tellcare::domain::{ServiceId, StoryId};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("the index's disk: {0}")]
    Disk(#[from] std::io::Error),
    #[error("the index's bucket: {0}")]
    Bucket(String),
    #[error("the index was made with another schema: rebuild it")]
    Schema,
    /// Another writer stored a version first: start again from it.
    #[error("another writer stored the index first")]
    Overtaken,
    /// A file of the version being fetched is gone: a newer version replaced it.
    #[error("the version being fetched was replaced")]
    Stale,
}

/// An index that cannot be read answers as a dependency that is down (503, try again); any
/// other failure is ours.
impl From<SearchError> for tellcare::AppError {
    fn from(err: SearchError) -> Self {
        match err {
            SearchError::Bucket(detail) => {
                tracing::warn!(error = %detail, "a search index could not be read");
                tellcare::AppError::Unavailable
            }
            other => tellcare::AppError::internal(other),
        }
    }
}

/// How long a reader serves the index it has before asking the bucket for a newer one.
pub const FRESH_FOR: Duration = Duration::from_secs(5);

/// A reader's copy of the index, brought up to the bucket's at most every [`FRESH_FOR`].
pub struct Shelf {
    bucket: IndexBucket,
    dir: PathBuf,
    state: tokio::sync::Mutex<ShelfState>,
}

#[derive(Default)]
struct ShelfState {
    etag: Option<String>,
    index: Option<Arc<SearchIndex>>,
    checked: Option<Instant>,
}

impl Shelf {
    pub fn new(bucket: IndexBucket, dir: PathBuf) -> Self {
        Self { bucket, dir, state: Default::default() }
    }

    /// The index, as fresh as [`FRESH_FOR`]. When the bucket cannot be read, the copy already
    /// here is served (and the bucket asked again on the next request).
    pub async fn index(&self) -> Result<Arc<SearchIndex>, SearchError> {
        let mut state = self.state.lock().await;
        if let (Some(index), Some(checked)) = (&state.index, state.checked)
            && checked.elapsed() < FRESH_FOR
        {
            return Ok(index.clone());
        }
        match self.refresh(&mut state).await {
            Ok(index) => Ok(index),
            Err(err) => match &state.index {
                Some(index) => {
                    tracing::warn!(error = %err, "the search index could not be refreshed: serving the copy here");
                    Ok(index.clone())
                }
                None => Err(err),
            },
        }
    }

    async fn refresh(&self, state: &mut ShelfState) -> Result<Arc<SearchIndex>, SearchError> {
        // A reader's first look reads the manifest straight away; later ones ask whether it changed.
        let changed = match &state.index {
            None => true,
            Some(_) => self.bucket.etag().await? != state.etag,
        };
        if changed {
            let pulled = self.bucket.pull(&self.dir).await?;
            let dir = self.dir.clone();
            let index = tokio::task::spawn_blocking(move || SearchIndex::open(&dir))
                .await
                .map_err(|e| SearchError::Bucket(e.to_string()))??;
            state.index = Some(Arc::new(index));
            state.etag = pulled.map(|v| v.etag);
        }
        state.checked = Some(Instant::now());
        Ok(state.index.clone().expect("set above"))
    }
}

/// A copy on disk lives as long as its reader or writer (a test stack's, or a Lambda's).
impl Drop for Shelf {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for Keeper {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One change to the index.
#[derive(Clone)]
pub enum Change {
    /// A story as it is now: `None` takes it out.
    Story(StoryId, Option<StoryDoc>),
    Service(ServiceId, Option<ServiceDoc>),
    /// A story in the staff index: `None` once it is gone from the table.
    StaffStory(StoryId, Option<StaffStoryDoc>),
    /// Everything out, before a rebuild puts it back.
    Clear,
}

/// The one writer: applies changes on top of the bucket's index and stores the result.
pub struct Keeper {
    bucket: IndexBucket,
    dir: PathBuf,
    version: tokio::sync::Mutex<Option<Version>>,
}

impl Keeper {
    pub fn new(bucket: IndexBucket, dir: PathBuf) -> Self {
        Self { bucket, dir, version: Default::default() }
    }

    /// Applies `changes` as one commit and stores it. A failure leaves nothing half-done: the
    /// local copy is dropped, and the next call starts again from the bucket's.
    pub async fn apply(&self, changes: Vec<Change>) -> Result<(), SearchError> {
        let mut version = self.version.lock().await;
        let mut tries = 0;
        loop {
            let result = self.apply_on(&mut version, changes.clone()).await;
            if result.is_err() {
                *version = None;
                let _ = tokio::fs::remove_dir_all(&self.dir).await;
            }
            match result {
                // Another writer stored first: the same changes, on top of its version.
                Err(SearchError::Overtaken) if tries < 5 => tries += 1,
                result => return result,
            }
        }
    }

    async fn apply_on(&self, version: &mut Option<Version>, changes: Vec<Change>) -> Result<(), SearchError> {
        let changed = match version.as_ref() {
            None => true,
            Some(v) => self.bucket.etag().await?.as_ref() != Some(&v.etag),
        };
        if changed {
            *version = self.bucket.pull(&self.dir).await?;
        }
        let dir = self.dir.clone();
        let segments = tokio::task::spawn_blocking(move || write(&dir, changes))
            .await
            .map_err(|e| SearchError::Bucket(e.to_string()))??;
        *version = Some(self.bucket.push(&self.dir, &segments, version.as_ref()).await?);
        Ok(())
    }
}

fn write(dir: &Path, changes: Vec<Change>) -> Result<Vec<String>, SearchError> {
    let mut writing = index::Writing::open(dir)?;
    for change in changes {
        match change {
            Change::Story(id, doc) => writing.story(id, doc.as_ref())?,
            Change::Service(id, doc) => writing.service(id, doc.as_ref())?,
            Change::StaffStory(id, doc) => writing.staff_story(id, doc.as_ref())?,
            Change::Clear => writing.clear()?,
        }
    }
    writing.commit()
}

#[cfg(test)]
mod tests;
