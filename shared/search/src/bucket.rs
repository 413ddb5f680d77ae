//! An index in S3: `{prefix}manifest.json`, which says where each file of the current index is
//! and carries its `meta.json`, and under `{prefix}files/` the packs that hold the files. A
//! push stores the files the bucket lacks as one new pack, so a reader starting cold makes one
//! request a pack, where a file an object made one a file (a segment alone is seven). When more
//! than [`MOST_PACKS`] would hold the index, the push also takes into its pack the files of all
//! but the largest. The public index's prefix is `search/`; the staff index's, `search-staff/`.
//!
//! The writer uploads its pack first and the manifest last, so a reader that reads the manifest
//! finds every file it names; the packs the version before used and this one does not are
//! deleted at once (a reader still fetching that version reads the manifest again).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use aws_sdk_s3::Client;
use serde::{Deserialize, Serialize};

use crate::SearchError;

/// How old an unused pack must be before it is deleted.
const SWEEP_AFTER: std::time::Duration = std::time::Duration::from_secs(15 * 60);
/// The file tantivy reads to know its segments.
const META: &str = "meta.json";
/// The most packs a version is kept in: a cold reader's requests, beside the manifest's.
pub const MOST_PACKS: usize = 4;

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
    /// Each file of the index, and where it is.
    #[serde(default)]
    places: BTreeMap<String, Place>,
    /// The files of a version stored before packs, an object each: read, never written.
    #[serde(default, skip_serializing)]
    files: BTreeSet<String>,
    meta: String,
}

impl Manifest {
    /// Where each file is (a file stored alone being the whole of its object), and `meta.json`.
    fn into_parts(self) -> (BTreeMap<String, Place>, String) {
        let alone = self.files.into_iter().map(|name| (name.clone(), Place { pack: name, at: 0, len: None }));
        (alone.chain(self.places).collect(), self.meta)
    }
}

/// Where a file of the index is: in which object under `files/`, and which of its bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub pack: String,
    pub at: u64,
    /// None for a file stored alone, before packs: the whole object.
    pub len: Option<u64>,
}

/// The version of the index on local disk: the manifest's ETag and where its files are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Version {
    pub etag: String,
    pub places: BTreeMap<String, Place>,
}

impl Version {
    /// The objects under `files/` this version reads.
    pub fn packs(&self) -> BTreeSet<&str> {
        packs(&self.places)
    }
}

fn packs(places: &BTreeMap<String, Place>) -> BTreeSet<&str> {
    places.values().map(|p| p.pack.as_str()).collect()
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
    /// pack gone from the bucket means newer versions replaced this one: the manifest is read
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
        let (places, meta) = manifest.into_parts();
        let have = local_files(dir).await?;
        let mut wanted: BTreeMap<&str, Vec<(&str, &Place)>> = BTreeMap::new();
        for (name, place) in places.iter().filter(|(name, _)| !have.contains(*name)) {
            wanted.entry(place.pack.as_str()).or_default().push((name, place));
        }
        let mut fetches = tokio::task::JoinSet::new();
        for (pack, files) in wanted {
            let fetch = self.fetch(pack, files, dir);
            fetches.spawn(fetch);
        }
        while let Some(done) = fetches.join_next().await {
            done.map_err(|e| failed("fetching an index file", e))??;
        }
        for stale in have.iter().filter(|name| !places.contains_key(*name)) {
            remove_if_there(&dir.join(stale)).await?;
        }
        // tantivy's own list of managed files describes the writer's last run here, not this.
        remove_if_there(&dir.join(".managed.json")).await?;
        write_whole(dir, META, meta.as_bytes()).await?;
        Ok(Some(Version { etag, places }))
    }

    /// Fetches the bytes of one pack that hold `files` (one ranged GetObject) and writes each
    /// file into `dir`.
    fn fetch(
        &self,
        pack: &str,
        files: Vec<(&str, &Place)>,
        dir: &Path,
    ) -> impl Future<Output = Result<(), SearchError>> + Send + 'static {
        let spans: Option<Vec<(String, u64, u64)>> =
            files.iter().map(|(name, place)| place.len.map(|len| ((*name).to_owned(), place.at, len))).collect();
        let first = spans.as_ref().and_then(|s| s.iter().map(|(_, at, _)| *at).min()).unwrap_or(0);
        let range = spans.as_ref().and_then(|s| s.iter().map(|(_, at, len)| at + len).max()).map(|end| {
            // An empty range cannot be asked for: a pack of empty files is read whole.
            (end > first).then(|| format!("bytes={first}-{}", end - 1))
        });
        let names: Vec<String> = files.iter().map(|(name, _)| (*name).to_owned()).collect();
        let request = self.s3.get_object().bucket(&self.bucket).key(format!("{}{pack}", self.files()));
        let request = request.set_range(range.flatten());
        let dir = dir.to_owned();
        async move {
            let got = match request.send().await {
                Ok(got) => got,
                Err(err) if err.as_service_error().is_some_and(|e| e.is_no_such_key()) => {
                    return Err(SearchError::Stale);
                }
                Err(err) => return Err(failed("fetching an index file", aws_sdk_s3::error::DisplayErrorContext(err))),
            };
            let bytes = got.body.collect().await.map_err(|e| failed("fetching an index file", e))?.into_bytes();
            let Some(spans) = spans else {
                // Stored alone: the object is the file.
                return write_whole(&dir, &names[0], &bytes).await;
            };
            for (name, at, len) in spans {
                let start = usize::try_from(at - first).unwrap_or(usize::MAX);
                let end = start.saturating_add(usize::try_from(len).unwrap_or(usize::MAX));
                let file = bytes.get(start..end).ok_or_else(|| failed("a pack", "shorter than its manifest says"))?;
                write_whole(&dir, &name, file).await?;
            }
            Ok(())
        }
    }

    /// Stores the index in `dir` made of `segments`: the files the bucket lacks in one new pack
    /// (with, past [`MOST_PACKS`], those of all but the largest pack), then the manifest; then
    /// deletes the packs this version does not use.
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
        let before_places = before.map(|v| &v.places).into_iter().flatten();
        // A pack holding a segment's file no longer used is not kept: its other files go into
        // the new pack, so a segment rewritten without a story's words leaves the bucket whole.
        // (A list of deleted documents, `.del`, holds no words.)
        let spent: BTreeSet<&str> = before_places
            .clone()
            .filter(|(name, _)| !files.contains(*name) && !name.ends_with(".del"))
            .map(|(_, place)| place.pack.as_str())
            .collect();
        let mut places: BTreeMap<String, Place> = before_places
            .filter(|(name, place)| files.contains(*name) && !spent.contains(place.pack.as_str()))
            .map(|(name, place)| (name.clone(), place.clone()))
            .collect();
        let any_new = files.iter().any(|name| !places.contains_key(name));
        if packs(&places).len() + usize::from(any_new) > MOST_PACKS {
            let largest = largest_pack(&places);
            places.retain(|_, place| Some(place.pack.as_str()) == largest.as_deref());
        }
        let to_pack: Vec<&String> = files.iter().filter(|name| !places.contains_key(*name)).collect();
        if !to_pack.is_empty() {
            let pack = format!("{}.pack", ulid::Ulid::generate());
            let mut body = Vec::new();
            for name in to_pack {
                let bytes = tokio::fs::read(dir.join(name)).await?;
                let at = body.len() as u64;
                body.extend_from_slice(&bytes);
                places.insert(name.clone(), Place { pack: pack.clone(), at, len: Some(bytes.len() as u64) });
            }
            self.s3
                .put_object()
                .bucket(&self.bucket)
                .key(format!("{}{pack}", self.files()))
                .body(body.into())
                .send()
                .await
                .map_err(|e| failed("storing an index pack", aws_sdk_s3::error::DisplayErrorContext(e)))?;
        }
        let meta = tokio::fs::read_to_string(dir.join(META)).await?;
        let manifest = Manifest { places: places.clone(), files: BTreeSet::new(), meta };
        let manifest = serde_json::to_vec(&manifest).map_err(|e| failed("manifest", e))?;
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
        let version = Version { etag: put.e_tag.unwrap_or_default(), places };
        let used_before = before.map(|v| v.packs().into_iter().map(str::to_owned).collect()).unwrap_or_default();
        self.sweep(&version, &used_before).await?;
        Ok(version)
    }

    /// Deletes the packs `now` does not use: those of the version before at once (a story taken
    /// out leaves the bucket with them; a reader still fetching that version reads the manifest
    /// again), and any other once it is old enough not to be another writer's, uploaded for a
    /// version it has yet to store.
    async fn sweep(&self, now: &Version, before: &BTreeSet<String>) -> Result<(), SearchError> {
        let settled = std::time::SystemTime::now() - SWEEP_AFTER;
        let files = self.files();
        let used = now.packs();
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
                if !used.contains(name) && (before.contains(name) || old_enough) {
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

/// The pack holding the most bytes of the index, which a push past [`MOST_PACKS`] keeps (never
/// a file stored alone, before packs).
fn largest_pack(places: &BTreeMap<String, Place>) -> Option<String> {
    let mut bytes: BTreeMap<&str, u64> = BTreeMap::new();
    for place in places.values() {
        if let Some(len) = place.len {
            *bytes.entry(&place.pack).or_default() += len;
        }
    }
    bytes.into_iter().max_by_key(|(_, bytes)| *bytes).map(|(pack, _)| pack.to_owned())
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
