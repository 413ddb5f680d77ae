//! `make soak`: many people on one stack at once, with faults, then a count of what was lost
//! and what happened twice. Loopback only, bounded in count and time; it stops by itself.
//!
//! SOAK_STORIES (10000), SOAK_CLIENTS (50), SOAK_SECONDS (3600), SOAK_FAULTS (1: an outage,
//! throttling, lost answers, SES refusals, stream batches twice and out of order; 0: none).
//! It exits non-zero if anything was lost or doubled, an email went twice or not at all, or
//! an answer other than the outage's 503s was a 5xx.

mod checks;
mod moderate;
mod record;
mod tell;

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::json;
use tellcare_stack::moto::{self, Moto};
use tellcare_stack::streams::StreamFaults;
use tellcare_stack::template::workspace_root;
use tellcare_stack::{Shared, Stack, StackOptions};

use crate::record::{Counts, Latencies, millis, percentile};

/// Addresses the clients come from (127.x.y.z): a waiting room's worth of phones each, so the
/// per-address rate limit sees what it would in life.
const ADDRESSES: usize = 1000;
/// Sequential JSON stories, alone on the stack, before and after the load.
const PROBES: usize = 20;
const OUTAGE_SECONDS: f64 = 6.0;
/// How long after an outage the SDK's retries may still end in a 503.
const OUTAGE_GRACE: Duration = Duration::from_secs(10);

pub struct Settings {
    stories: usize,
    clients: usize,
    seconds: u64,
    faults: bool,
    /// The share of stories whose first send loses its connection before the answer.
    resend_share: f64,
}

impl Settings {
    fn from_env() -> Result<Settings, String> {
        let number = |name: &str, default: u64| match std::env::var(name) {
            Ok(raw) => raw.parse::<u64>().map_err(|_| format!("{name} must be a whole number, not '{raw}'")),
            Err(_) => Ok(default),
        };
        Ok(Settings {
            stories: number("SOAK_STORIES", 10_000)? as usize,
            clients: number("SOAK_CLIENTS", 50)?.max(1) as usize,
            seconds: number("SOAK_SECONDS", 3600)?,
            faults: number("SOAK_FAULTS", 1)? != 0,
            resend_share: 1.0 / 3.0,
        })
    }
}

pub struct Soak {
    pub url: String,
    pub run: String,
    pub settings: Settings,
    pub stack: Arc<Shared>,
    pub clients: Vec<reqwest::Client>,
    pub staff_client: reqwest::Client,
    pub moderator_token: String,
    pub services: Vec<String>,
    pub link_service: String,
    pub link_slug: String,
    pub latencies: Latencies,
    pub counts: Counts,
    outage: Mutex<Option<(Instant, Instant)>>,
    next_client: AtomicUsize,
}

impl Soak {
    /// A client from one of the addresses, in turn.
    pub fn client(&self) -> &reqwest::Client {
        &self.clients[self.next_client.fetch_add(1, Ordering::Relaxed) % self.clients.len()]
    }

    /// Records an answer's time, and counts a 5xx among them.
    pub fn answered(&self, route: &'static str, status: StatusCode, started: Instant) {
        self.latencies.record(route, status.as_u16(), started.elapsed());
        self.note_status(route, status);
    }

    /// Counts a 5xx: a 503 while an outage lasts is the promise; anything else is a fault.
    fn note_status(&self, route: &'static str, status: StatusCode) {
        if !status.is_server_error() {
            return;
        }
        let during_outage = self.outage.lock().expect("outage").is_some_and(|(from, to)| {
            let now = Instant::now();
            from <= now && now <= to
        });
        if status == StatusCode::SERVICE_UNAVAILABLE && during_outage {
            self.counts.add("5xx: 503 during the outage", 1);
        } else {
            eprintln!("{route}: {status} outside an outage");
            self.counts.add("FAULT 5xx: answers outside the outage", 1);
        }
    }
}

fn client_from(address: IpAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(address)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client")
}

/// 127.1.0.1, 127.1.0.2, …: loopback addresses, one per client.
fn address(n: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(127, 1 + (n / 62_500 % 200) as u8, (n / 250 % 250) as u8, (n % 250 + 1) as u8))
}

#[tokio::main]
async fn main() -> ExitCode {
    tellcare::telemetry::init_for_tests();
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let deadline = Duration::from_secs(settings.seconds);
    let log = std::fs::create_dir_all(workspace_root().join(".local"))
        .and_then(|_| std::fs::File::create(workspace_root().join(".local/soak-moto.log")));
    let moto = match tokio::task::block_in_place(|| Moto::start(log.ok())) {
        Ok(moto) => moto,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    let faults = settings.faults;
    let stream_faults = if faults { StreamFaults { duplicate: 0.1, reorder: 0.1 } } else { StreamFaults::default() };
    let options = StackOptions { seed: true, stream_faults, ..StackOptions::isolated() };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let stack = Stack::start(&moto.endpoint, listener, options).await.expect("the stack starts");
    let shared = stack.shared.clone();
    let seed = shared.seed.lock().expect("seed").clone();
    let claims = shared.issuer.claims("soak-moderator", &["moderators"]);
    let soak = Soak {
        url: stack.url.clone(),
        run: tellcare::random::hex(4),
        stack: shared.clone(),
        clients: (0..ADDRESSES).map(|n| client_from(address(n))).collect(),
        staff_client: client_from(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        moderator_token: shared.issuer.sign(&claims),
        services: seed.projects.iter().map(|id| id.to_string()).collect(),
        link_service: seed.link_service.expect("the seeded link's service").to_string(),
        link_slug: seed.link.expect("the seeded link").to_string(),
        latencies: Latencies::default(),
        counts: Counts::default(),
        outage: Mutex::new(None),
        next_client: AtomicUsize::new(0),
        settings,
    };
    println!(
        "Soak {} on {}: {} stories from {} clients, faults {}",
        soak.run,
        soak.url,
        soak.settings.stories,
        soak.settings.clients,
        if faults { "on" } else { "off" }
    );
    let started = Instant::now();
    let finished = tokio::time::timeout(deadline, run(&soak, &moto)).await;
    if finished.is_err() {
        soak.counts.add("FAULT soak: stopped at SOAK_SECONDS before it finished", 1);
    }
    println!("\n{}", soak.latencies.table());
    println!("{}", soak.counts.table());
    println!("took {:.0} s; table items at the end: {}", started.elapsed().as_secs_f64(), item_count(&soak).await);
    let faults_seen = moto::faults_injected(&moto.endpoint).await.map(|v| v.to_string()).unwrap_or_default();
    println!("moto's faults injected: {faults_seen}");
    let failed = soak.counts.table().lines().filter(|l| l.starts_with("FAULT")).any(|l| !l.trim_end().ends_with(" 0"));
    drop(stack);
    if failed {
        println!("\nsoak FAILED: see the FAULT lines");
        ExitCode::FAILURE
    } else {
        println!("\nsoak passed: 0 lost, 0 doubled, each email once, no 5xx but the outage's 503s");
        ExitCode::SUCCESS
    }
}

async fn run(soak: &Soak, moto: &Moto) {
    let stories = soak.settings.stories;
    let probes = stories.next_multiple_of(3);
    let mut told = probe(soak, probes, "probe: JSON story alone on a fresh table, p50 ms").await;

    if soak.settings.faults {
        moto::set_faults(&moto.endpoint, &json!({"dynamodb_throttle": 0.01, "dynamodb_lost_answer": 0.005}))
            .await
            .expect("moto takes faults");
    }
    let done = &AtomicUsize::new(0);
    let phase = Instant::now();
    let telling = futures::stream::iter(0..stories)
        .map(|index| async move {
            let story = tell::tell(soak, index).await;
            let count = done.fetch_add(1, Ordering::Relaxed) + 1;
            if soak.settings.faults && count == stories * 3 / 10 {
                let now = Instant::now();
                let until = now + Duration::from_secs_f64(OUTAGE_SECONDS) + OUTAGE_GRACE;
                *soak.outage.lock().expect("outage") = Some((now, until));
                moto::outage(&moto.endpoint, OUTAGE_SECONDS).await.expect("moto takes an outage");
                println!("moto stopped for {OUTAGE_SECONDS} s after {count} stories");
            }
            if count.is_multiple_of(1000) {
                println!("{count} stories told ({:.0} s)", phase.elapsed().as_secs_f64());
            }
            story
        })
        .buffer_unordered(soak.settings.clients);
    told.extend(telling.collect::<Vec<_>>().await.into_iter().flatten());
    println!("told {} stories in {:.0} s", told.len(), phase.elapsed().as_secs_f64());

    if soak.settings.faults {
        let shares =
            json!({"dynamodb_throttle": 0.01, "dynamodb_lost_answer": 0.005, "ses_throttle": 0.1, "ses_reject": 0.05});
        moto::set_faults(&moto.endpoint, &shares).await.expect("moto takes faults");
    }
    let phase = Instant::now();
    let published: HashSet<String> = moderate::publish_all(soak, &told, 10).await.into_iter().collect();
    println!("published {} stories in {:.0} s", published.len(), phase.elapsed().as_secs_f64());
    let expected_so_far = checks::expected_emails(soak, &told, &published, &[]).await;
    let phase = Instant::now();
    settle(soak, expected_so_far.values().sum()).await;
    println!("the notifier's emails settled in {:.0} s", phase.elapsed().as_secs_f64());
    let answered = moderate::answer_some(soak, (stories / 20).max(1)).await;
    moto::set_faults(&moto.endpoint, &json!({})).await.expect("moto clears faults");

    let expected = checks::expected_emails(soak, &told, &published, &answered).await;
    let phase = Instant::now();
    settle(soak, expected.values().sum()).await;
    println!("answered {} stories; their emails settled in {:.0} s", answered.len(), phase.elapsed().as_secs_f64());
    // Once the notifier is idle, as the first probe found the stack: what one story costs now.
    let last = probe(soak, probes + 3 * PROBES, "probe: JSON story alone after the load, p50 ms").await;
    let published_last = moderate::publish_all(soak, &last, 1).await;
    told.extend(last);
    let published: HashSet<String> = published.into_iter().chain(published_last).collect();
    soak.counts.add("tell: stories sent", stories as u64 + 2 * PROBES as u64);
    soak.counts.add("tell: stories acknowledged", told.len() as u64);
    let expected = checks::expected_emails(soak, &told, &published, &answered).await;
    settle(soak, expected.values().sum()).await;
    checks::check_table(soak, &told).await;
    checks::check_emails(soak, &expected);
    checks::check_answers(soak, &answered).await;
    soak.counts.add("FAULT stream: records set aside", soak.stack.dead_letters.records().len() as u64);
}

/// Tells `PROBES` JSON stories one after another, alone; their median time is what one
/// story costs on the table as it is. `first` is a multiple of 3, after every other index.
async fn probe(soak: &Soak, first: usize, what: &'static str) -> Vec<tell::Told> {
    let mut told = Vec::new();
    let mut times = Vec::new();
    // Index 3k + 2 is told over JSON.
    for index in (0..PROBES).map(|k| first + 3 * k + 2) {
        let started = Instant::now();
        if let Some(story) = tell::tell(soak, index).await {
            told.push(story);
        }
        times.push(started.elapsed());
    }
    times.sort();
    soak.counts.add(what, millis(percentile(&times, 0.5)).round() as u64);
    told
}

/// Waits until the mailbox holds `expected` emails and takes no more for 5 s, for as long as
/// the notifier keeps sending (what is missing once it has sent nothing for a minute is
/// counted as missing; SOAK_SECONDS bounds the whole).
async fn settle(soak: &Soak, expected: usize) {
    let mut last = (usize::MAX, Instant::now());
    loop {
        let count = soak.stack.mailbox.count();
        if count != last.0 {
            last = (count, Instant::now());
        } else {
            let quiet = last.1.elapsed();
            if (count >= expected && quiet >= Duration::from_secs(5)) || quiet >= Duration::from_secs(60) {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn item_count(soak: &Soak) -> i64 {
    let table = soak.stack.aws.dynamodb.describe_table().table_name(&soak.stack.config.table_name).send().await;
    table.ok().and_then(|t| t.table()?.item_count()).unwrap_or(-1)
}
