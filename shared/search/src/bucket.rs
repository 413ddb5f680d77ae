//! An index in S3: its segment files under `{prefix}files/`, immutable and named by segment,
//! and `{prefix}manifest.json`, which names the files of the current index and carries its
//! `meta.json`. The public index's prefix is `search/`; the staff index's, `search-staff/`.
//! The writer uploads new files first and the manifest last, so a reader that reads the
//! manifest finds every file it names; the files the version before used and this one does not
//! are deleted at once (a reader still fetching that version reads the manifest again).

use std::collections::BTreeSet;
use std::path::Path;

use aws_sdk_s3::Client;
use aws_sdk_s3::primitives::ByteStream;
use serde::{Deserialize, Serialize};

use crate::SearchError;

/// How old an unused file must be before it is deleted.
const SWEEP_AFTER: std::time::Duration = std::time::Duration::from_secs(15 * 60);
/// The file tantivy reads to know its segments.
const META: &str = "meta.json";

#[derive(Clone)]
pub struct IndexBucket {
    s3: Client,
    bucket: String,
    /// `search/` or `search-staff/`.
    prefix: &'static str,
}

/// The prefix of the public index: published stories and services.
pub const PUBLIC: &str = "search/";
/// The prefix of the staff index: every story in every status, for moderators.
pub const STAFF: &str = "search-staff/";

#[derive(Serialize, Deserialize)]
struct Manifest {
    files: BTreeSet<String>,
    meta: String,
}

/// The version of the index on local disk: the manifest's ETag and the files it named.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Version {
    pub etag: String,
    pub files: BTreeSet<String>,
}

fn failed(what: &str, err: impl std::fmt::Display) -> SearchError {
    SearchError::Bucket(format!("{what}: {err}"))
}

/// Whether a name is one of the index's own files (not a lock, a temporary or tantivy's
/// list of the files it manages).
fn is_index_file(name: &str) -> bool {
    !name.starts_with('.') && !name.ends_with(".part") && name != META
}

impl IndexBucket {
    /// The public index of `bucket`.
    pub fn new(s3: Client, bucket: &str) -> Self {
        Self { s3, bucket: bucket.to_owned(), prefix: PUBLIC }
    }

    /// The staff index of `bucket`.
    pub fn staff(s3: Client, bucket: &str) -> Self {
        Self { s3, bucket: bucket.to_owned(), prefix: STAFF }
    }

    fn manifest(&self) -> String {
        format!("{}manifest.json", self.prefix)
    }

    fn files(&self) -> String {
        format!("{}files/", self.prefix)
    }

    /// The ETag of the manifest, or none before the first index is written: one HeadObject.
    pub async fn etag(&self) -> Result<Option<String>, SearchError> {
        match self.s3.head_object().bucket(&self.bucket).key(self.manifest()).send().await {
            Ok(head) => Ok(head.e_tag),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_not_found()) => Ok(None),
            Err(err) => Err(failed("reading the index's version", aws_sdk_s3::error::DisplayErrorContext(err))),
        }
    }

    /// Makes `dir` the index the bucket holds: fetches the files it lacks, removes those no
    /// longer used, then writes `meta.json`. With no index in the bucket, `dir` is emptied. A
    /// file gone from the bucket means newer versions replaced this one: the manifest is read
    /// again.
    pub async fn pull(&self, dir: &Path) -> Result<Option<Version>, SearchError> {
        let mut tries = 0;
        loop {
            match self.pull_once(dir).await {
                Err(SearchError::Stale) if tries < 3 => tries += 1,
                Err(SearchError::Stale) => return Err(failed("fetching an index file", "gone, three times")),
                result => return result,
            }
        }
    }

    async fn pull_once(&self, dir: &Path) -> Result<Option<Version>, SearchError> {
        tokio::fs::create_dir_all(dir).await?;
        let got = match self.s3.get_object().bucket(&self.bucket).key(self.manifest()).send().await {
            Ok(got) => got,
            Err(err) if err.as_service_error().is_some_and(|e| e.is_no_such_key()) => {
                empty(dir).await?;
                return Ok(None);
            }
            Err(err) => {
                return Err(failed("reading the index's manifest", aws_sdk_s3::error::DisplayErrorContext(err)));
            }
        };
        let etag = got.e_tag.clone().unwrap_or_default();
        let bytes = got.body.collect().await.map_err(|e| failed("reading the index's manifest", e))?.into_bytes();
        let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| failed("the index's manifest", e))?;
        let have = local_files(dir).await?;
        let mut fetches = tokio::task::JoinSet::new();
        for name in manifest.files.difference(&have) {
            let (s3, bucket, name, dir) = (self.s3.clone(), self.bucket.clone(), name.clone(), dir.to_owned());
            let key = format!("{}{name}", self.files());
            fetches.spawn(async move {
                let got = match s3.get_object().bucket(bucket).key(key).send().await {
                    Ok(got) => got,
                    Err(err) if err.as_service_error().is_some_and(|e| e.is_no_such_key()) => {
                        return Err(SearchError::Stale);
                    }
                    Err(err) => {
                        return Err(failed("fetching an index file", aws_sdk_s3::error::DisplayErrorContext(err)));
                    }
                };
                let bytes = got.body.collect().await.map_err(|e| failed("fetching an index file", e))?.into_bytes();
                write_whole(&dir, &name, &bytes).await
            });
        }
        while let Some(done) = fetches.join_next().await {
            done.map_err(|e| failed("fetching an index file", e))??;
        }
        for stale in have.difference(&manifest.files) {
            remove_if_there(&dir.join(stale)).await?;
        }
        // tantivy's own list of managed files describes the writer's last run here, not this.
        remove_if_there(&dir.join(".managed.json")).await?;
        write_whole(dir, META, manifest.meta.as_bytes()).await?;
        Ok(Some(Version { etag, files: manifest.files }))
    }

    /// Uploads the files of `segments` the bucket lacks, then the manifest; then deletes the
    /// files this version does not use.
    pub async fn push(
        &self,
        dir: &Path,
        segments: &[String],
        before: Option<&Version>,
    ) -> Result<Version, SearchError> {
        let files: BTreeSet<String> = local_files(dir)
            .await?
            .into_iter()
            .filter(|name| segments.iter().any(|segment| name.starts_with(segment.as_str())))
            .collect();
        let uploaded = before.map(|v| v.files.clone()).unwrap_or_default();
        for name in files.difference(&uploaded) {
            let body = ByteStream::from_path(dir.join(name)).await.map_err(|e| failed("reading an index file", e))?;
            self.s3
                .put_object()
                .bucket(&self.bucket)
                .key(format!("{}{name}", self.files()))
                .body(body)
                .send()
                .await
                .map_err(|e| failed("storing an index file", aws_sdk_s3::error::DisplayErrorContext(e)))?;
        }
        let meta = tokio::fs::read_to_string(dir.join(META)).await?;
        let manifest =
            serde_json::to_vec(&Manifest { files: files.clone(), meta }).map_err(|e| failed("manifest", e))?;
        // Only over the version this one was made from: a second writer (a rebuild beside the
        // indexer) that got there first makes this one start again, rather than lose its work.
        let put = self
            .s3
            .put_object()
            .bucket(&self.bucket)
            .key(self.manifest())
            .content_type("application/json")
            .body(manifest.into())
            .set_if_match(before.map(|v| v.etag.clone()))
            .set_if_none_match(before.is_none().then(|| "*".to_owned()))
            .send()
            .await;
        let put = match put {
            Ok(put) => put,
            Err(err) if err.raw_response().is_some_and(|r| r.status().as_u16() == 412) => {
                return Err(SearchError::Overtaken);
            }
            Err(err) => {
                return Err(failed("storing the index's manifest", aws_sdk_s3::error::DisplayErrorContext(err)));
            }
        };
        let version = Version { etag: put.e_tag.unwrap_or_default(), files };
        self.sweep(&version, &uploaded).await?;
        Ok(version)
    }

    /// Deletes the files `now` does not use: those of the version before at once (a story taken
    /// out leaves the bucket with them; a reader still fetching that version reads the manifest
    /// again), and any other once it is old enough not to be another writer's, uploaded for a
    /// version it has yet to store.
    async fn sweep(&self, now: &Version, before: &BTreeSet<String>) -> Result<(), SearchError> {
        let settled = std::time::SystemTime::now() - SWEEP_AFTER;
        let files = self.files();
        let mut pages = self.s3.list_objects_v2().bucket(&self.bucket).prefix(&files).into_paginator().send();
        let mut unused = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| failed("listing index files", aws_sdk_s3::error::DisplayErrorContext(e)))?;
            for object in page.contents() {
                let Some(name) = object.key().and_then(|k| k.strip_prefix(files.as_str())) else { continue };
                let old_enough = object
                    .last_modified()
                    .and_then(|at| std::time::SystemTime::try_from(*at).ok())
                    .is_some_and(|at| at < settled);
                if !now.files.contains(name) && (before.contains(name) || old_enough) {
                    unused.push(object.key().unwrap_or_default().to_owned());
                }
            }
        }
        for key in unused {
            self.s3
                .delete_object()
                .bucket(&self.bucket)
                .key(&key)
                .send()
                .await
                .map_err(|e| failed("deleting an unused index file", aws_sdk_s3::error::DisplayErrorContext(e)))?;
        }
        Ok(())
    }
}

async fn local_files(dir: &Path) -> Result<BTreeSet<String>, SearchError> {
    let mut names = BTreeSet::new();
    let mut entries = tokio::fs::read_dir(dir).await?;
    while let Some(entry) = entries.next_entry().await? {
        if let Some(name) = entry.file_name().to_str().filter(|n| is_index_file(n)) {
            names.insert(name.to_owned());
        }
    }
    Ok(names)
}

/// Writes a file whole or not at all: a reader never opens half of one.
async fn write_whole(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), SearchError> {
    let part = dir.join(format!("{name}.part"));
    tokio::fs::write(&part, bytes).await?;
    tokio::fs::rename(&part, dir.join(name)).await?;
    Ok(())
}

async fn remove_if_there(path: &Path) -> Result<(), SearchError> {
    match tokio::fs::remove_file(path).await {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err.into()),
        _ => Ok(()),
    }
}

async fn empty(dir: &Path) -> Result<(), SearchError> {
    let mut entries = tokio::fs::read_dir(dir).await?;
    while let Some(entry) = entries.next_entry().await? {
        remove_if_there(&entry.path()).await?;
    }
    Ok(())
}
