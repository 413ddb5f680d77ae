//! The search engine's benchmark (not a timed test): generates `BENCH_STORIES` stories
//! (100,000 unless set) from a fixed seed, and prints
//! - the index's size on disk and how fast a rebuild indexes them (one writer, one commit);
//! - what a batch of the indexer costs on that index: 100 stories published or answered, and
//!   one withdrawn (whose segment is rewritten without it), each uploaded;
//! - the search function's cold start with its index: fetching it from the bucket (moto's S3
//!   on loopback), opening it and answering a first query;
//! - warm queries' p50 and p95, over 2,000 searches of one to three words.
//!
//! `make bench-search` runs it; the figures and how they grow are in docs/SEARCH.md.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tellcare::domain::{Language, ServiceId, StoryId};
use tellcare_search::index::Writing;
use tellcare_search::{Change, IndexBucket, Keeper, Shelf, StoryDoc, StoryQuery};
use tellcare_stack::moto::Moto;
use tellcare_stack::resources;

/// Words of stories of care, most common first (drawn with a Zipf-like weight).
const WORDS: &str = "the and to a was of i my in it we for that they were with on at not but very staff \
    nurse care had her him he she all me our this when from as be so could would what there time \
    day ward doctor hospital mum dad appointment waiting wait waited hours told help kind thank \
    thanks home room bed pain medication discharge discharged parking car park reception phone \
    called letter weeks months night morning visit visiting family carer carers husband wife son \
    daughter friend cafe group walk walks support team service clinic surgery gp practice dentist \
    ambulance emergency department triage scan xray results test blood pressure tablets pharmacy \
    prescription food meal tea coffee toilet toilets clean dirty cold warm noisy quiet lift stairs \
    wheelchair ramp access hearing deaf blind sight language welsh english interpreter dementia \
    memory confused frightened anxious worried calm safe listened ignored rude respectful dignity \
    privacy curtain explained explain understand questions answer answered nobody everyone \
    everything nothing again never always better worse improve change changed changes thankful \
    grateful disappointed angry upset sorry complaint compliment volunteer volunteers transport \
    bus taxi journey late early cancelled rebooked referral operation surgery recovery physio \
    exercise leaflet information website online form chair chairs seat seating window garden";

/// A small, fixed pseudo-random generator: the same stories every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A word, the common ones far more often (rank r drawn about 1/r of the time).
    fn word<'a>(&mut self, words: &[&'a str]) -> &'a str {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let rank = ((words.len() as f64 + 1.0).powf(u) - 1.0) as usize;
        words[rank.min(words.len() - 1)]
    }

    fn text(&mut self, words: &[&str], count: usize) -> String {
        let mut text = String::new();
        for i in 0..count {
            if i > 0 {
                text.push(if i % 14 == 0 { '\n' } else { ' ' });
            }
            text.push_str(self.word(words));
        }
        text
    }
}

fn story(rng: &mut Rng, words: &[&str], services: &[ServiceId], at: usize) -> StoryDoc {
    let published_at =
        time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(19_000) + time::Duration::minutes(at as i64 * 7);
    let service = services[rng.below(services.len())];
    let (title_words, body_words, answer_words) = (3 + rng.below(6), 40 + rng.below(260), 30 + rng.below(120));
    let answered = rng.below(10) < 4;
    StoryDoc {
        id: StoryId::on_day_of(published_at),
        title: rng.text(words, title_words),
        body: rng.text(words, body_words),
        answers: if answered { vec![rng.text(words, answer_words)] } else { vec![] },
        within: vec![service, services[0]],
        published_at,
        language: if rng.below(20) == 0 { Language::Welsh } else { Language::English },
    }
}

fn size_of(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map(|d| d.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum()).unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("tellcare-bench-{name}-{}", ulid::Ulid::generate()))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), tellcare_stack::resources::BoxError> {
    let count: usize = std::env::var("BENCH_STORIES").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let services: Vec<ServiceId> = (0..50).map(|_| ServiceId::generate()).collect();
    let mut rng = Rng(0x5eed_7e11_ca4e);
    let stories: Vec<StoryDoc> = (0..count).map(|i| story(&mut rng, &words, &services, i)).collect();
    let text_bytes: usize = stories.iter().map(|s| s.title.len() + s.body.len() + s.answers.concat().len()).sum();

    // A rebuild: every story in one commit, on local disk.
    let built = scratch("built");
    let started = Instant::now();
    let mut writing = Writing::open(&built)?;
    for doc in &stories {
        writing.story(doc.id, Some(doc))?;
    }
    let segments = writing.commit()?;
    let build_time = started.elapsed();
    let index_bytes = size_of(&built);

    // Into the bucket, as the rebuild leaves it.
    let moto = Moto::start(None)?;
    let sdk = tellcare_stack::moto_sdk_config(&moto.endpoint).await;
    let aws = tellcare::aws::AwsClients::from_sdk_config(&sdk);
    let bucket_name = format!("bench-{}", ulid::Ulid::generate().to_string().to_lowercase());
    resources::create_bucket(&aws, &bucket_name).await?;
    let bucket = IndexBucket::new(aws.s3.get().clone(), &bucket_name);
    let started = Instant::now();
    bucket.push(&built, &segments, None).await?;
    let upload_time = started.elapsed();

    // The indexer's batches: 100 stories changed (50 published, 50 answered: nothing to purge),
    // and one story withdrawn (its segment rewritten without it).
    let keeper = Keeper::new(bucket.clone(), scratch("keeper"));
    let mut batches = Vec::new();
    for batch in 0..5 {
        let mut changes = Vec::new();
        for i in 0..50 {
            let mut answered = stories[rng.below(stories.len())].clone();
            answered.answers.push("Thank you for telling us; we have changed how we do this.".into());
            changes.push(Change::Story(answered.id, Some(answered)));
            let new = story(&mut rng, &words, &services, count + batch * 50 + i);
            changes.push(Change::Story(new.id, Some(new)));
        }
        let started = Instant::now();
        keeper.apply(changes).await?;
        batches.push(started.elapsed());
    }
    batches.sort();
    let mut withdrawals = Vec::new();
    for _ in 0..3 {
        let withdrawn = stories[rng.below(stories.len())].id;
        let started = Instant::now();
        keeper.apply(vec![Change::Story(withdrawn, None)]).await?;
        withdrawals.push(started.elapsed());
    }
    withdrawals.sort();

    // A cold search function: an empty disk, the index fetched, opened and asked once.
    let shelf = Shelf::new(bucket.clone(), scratch("cold"));
    let started = Instant::now();
    let index = shelf.index().await?;
    let fetched = started.elapsed();
    let ask = |words: String| StoryQuery { words, limit: 10, ..StoryQuery::default() };
    let first = index.stories(&ask("discharge waiting".into()))?;
    let cold = started.elapsed();

    // Warm queries: one to three words, as people type them.
    let mut times = Vec::new();
    let mut hits = 0;
    for _ in 0..2000 {
        let n = 1 + rng.below(3);
        let query: Vec<&str> = (0..n).map(|_| words[rng.below(words.len())]).collect();
        let started = Instant::now();
        let found = index.stories(&ask(query.join(" ")))?;
        let _ = index.services(query[0], None, 8)?;
        times.push(started.elapsed());
        hits += found.hits.len();
    }
    times.sort();
    let (stories_in, _) = index.count()?;

    println!(
        "Search benchmark: {count} generated stories ({:.0} MB of text), {} in the index after the batches",
        text_bytes as f64 / 1e6,
        stories_in
    );
    println!("| figure | value |");
    println!("|---|---|");
    println!(
        "| index size on disk | {:.1} MB ({:.0} bytes a story) |",
        index_bytes as f64 / 1e6,
        index_bytes as f64 / count as f64
    );
    println!(
        "| rebuild: indexing, one writer, one commit | {:.1} s ({:.0} stories/s) |",
        build_time.as_secs_f64(),
        count as f64 / build_time.as_secs_f64()
    );
    println!("| rebuild: upload to the bucket | {:.1} s |", upload_time.as_secs_f64());
    println!(
        "| indexer batch: 50 stories published and 50 answered, median of 5 | {} (max {}) |",
        ms(batches[2]),
        ms(batches[4])
    );
    println!("| indexer batch: one story withdrawn (its segment rewritten), median of 3 | {} |", ms(withdrawals[1]));
    println!("| cold start: fetch the index and open it | {} |", ms(fetched));
    println!("| cold start: ... and answer a first query ({} hits) | {} |", first.hits.len(), ms(cold));
    println!("| warm query (stories and services) p50 | {} |", ms(percentile(&times, 0.50)));
    println!("| warm query p95 | {} |", ms(percentile(&times, 0.95)));
    println!("| warm query p99 | {} |", ms(percentile(&times, 0.99)));
    println!("({hits} stories found over 2,000 searches)");
    std::fs::remove_dir_all(&built).ok();
    drop(moto);
    Ok(())
}
