//! `make bench`: every function beside a hello world, from cold and warm (a benchmark, not a
//! timed test). On a seeded stack (moto, with a few months of history), it prints
//! - for each function: its arm64 bootstrap's size; then, started `BENCH_COLD` times (21 unless
//!   set) as a fresh process against the local Runtime API (`tellcare_stack::runtime_api`),
//!   interleaved with the others, the medians of its init, its init plus first request and
//!   its peak RSS; each also as a ratio to the hello world's, against the targets of issue 20;
//! - for each route: warm latency, p50 and p99 over `BENCH_WARM` requests (2,000 unless set),
//!   and the DynamoDB requests one page view makes.
//!
//! The functions reach moto through a pass-through (`proxy`) that counts their DynamoDB
//! requests and the time moto took, so the first request is shown with and without it.
//!
//! `BENCH_ONLY=public-site,admin` benches those beside the hello world. `BENCH_BINARIES` is
//! where the native builds are (`target/release`), `BENCH_BOOTSTRAPS` where
//! cargo-lambda put the arm64 ones (`target/lambda`). The Makefile builds both first.

mod cases;
mod cold;
mod report;

use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::body::Bytes;
use tellcare_stack::moto::Moto;
use tellcare_stack::moto_proxy::MotoProxy;
use tellcare_stack::resources::BoxError;
use tellcare_stack::template::workspace_root;
use tellcare_stack::{Stack, StackOptions};

use crate::cases::{Ask, Case};
use crate::cold::{ColdStart, Running};
use crate::report::{ColdRow, WarmRow};

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(default)
}

fn path_setting(name: &str, default: &str) -> PathBuf {
    std::env::var_os(name).map(PathBuf::from).unwrap_or_else(|| workspace_root().join(default))
}

#[tokio::main]
async fn main() {
    tellcare::telemetry::init_for_tests();
    if let Err(err) = run().await {
        eprintln!("make bench failed: {err}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), BoxError> {
    let rounds = setting("BENCH_COLD", 21);
    let warm_requests = setting("BENCH_WARM", 2_000);
    let binaries = path_setting("BENCH_BINARIES", "target/release");
    let bootstraps = path_setting("BENCH_BOOTSTRAPS", "target/lambda");
    let state = workspace_root().join(".local/bench");
    let scratch = state.join("tmp");
    let _ = std::fs::remove_dir_all(&state);
    std::fs::create_dir_all(&scratch)?;

    let moto = tokio::task::block_in_place(|| Moto::start(std::fs::File::create(state.join("moto.log")).ok()))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let options = StackOptions { seed: true, history: true, ..StackOptions::isolated() };
    let stack = Stack::start(&moto.endpoint, listener, options).await?;
    eprintln!("bench: a seeded stack is up; waiting for its stream functions to settle");
    settle(&stack).await?;
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let mut cases = cases::cases(&stack).await?;
    cases.retain(|c| only.is_empty() || c.binary == "hello-world" || only.split(',').any(|o| o.trim() == c.binary));
    let bearer = stack.shared.issuer.sign(&stack.shared.issuer.claims("bench-admin", &["admins"]));
    for case in &cases {
        let binary = binaries.join(case.binary);
        if !binary.exists() {
            return Err(format!("{} is not built: run `make bench`", binary.display()).into());
        }
    }

    let proxy = MotoProxy::start(&moto.endpoint, &state).await?;
    eprintln!("bench: {rounds} cold starts of each of {} binaries, interleaved", cases.len());
    let mut colds: Vec<Vec<ColdStart>> = vec![Vec::new(); cases.len()];
    for round in 0..rounds {
        // A different order each round, so no binary always follows the same one.
        for offset in 0..cases.len() {
            let i = (round + offset) % cases.len();
            let case = &cases[i];
            let first = Bytes::from(serde_json::to_vec(&case.first.event(&bearer))?);
            proxy.take();
            let mut running = start(&stack, &proxy, &binaries, &state, &scratch, case, first).await?;
            running.cold.waited_on_moto = proxy.take().waited;
            colds[i].push(running.cold);
            running.stop().await;
        }
    }

    eprintln!("bench: {warm_requests} warm requests of each route");
    let mut warm_rows = Vec::new();
    for case in &cases {
        let first = Bytes::from(serde_json::to_vec(&case.first.event(&bearer))?);
        let running = start(&stack, &proxy, &binaries, &state, &scratch, case, first).await?;
        for ask in &case.warm {
            let mut times = Vec::with_capacity(warm_requests);
            let mut requests = None;
            for _ in 0..warm_requests {
                let event = Bytes::from(serde_json::to_vec(&ask.event(&bearer))?);
                proxy.take();
                let (took, body) = running.invoke(event).await?;
                requests.get_or_insert(proxy.take().dynamodb_requests);
                check_answer(case.binary, ask, &body)?;
                times.push(took);
            }
            warm_rows.push(WarmRow { binary: case.binary, route: ask.label(), times, requests: requests.unwrap_or(0) });
        }
        running.stop().await;
    }

    let cold_rows: Vec<ColdRow> = cases
        .iter()
        .zip(colds)
        .map(|(case, starts)| ColdRow {
            binary: case.binary,
            bootstrap: std::fs::metadata(bootstraps.join(case.binary).join("bootstrap")).ok().map(|m| m.len()),
            starts,
        })
        .collect();
    println!("{}", report::cold_table(&cold_rows, rounds));
    println!("{}", report::warm_table(&warm_rows));
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

/// The environment Lambda gives each function, as the template declares it, pointed at moto
/// (through the proxy, over HTTPS, trusting the proxy's CA beside the built-in roots).
fn environment(stack: &Stack, proxy: &MotoProxy, name: &str, scratch: &Path) -> Vec<(String, String)> {
    let config = &stack.shared.config;
    let roots = proxy.roots.to_string_lossy();
    [
        ("TABLE_NAME", config.table_name.as_str()),
        ("PRIVATE_TABLE_NAME", &config.private_table_name),
        ("RETENTION_DAYS", "90"),
        ("ASSETS_BUCKET", &config.assets_bucket),
        ("PUBLIC_BASE_URL", &config.public_base_url),
        ("SENDER_ADDRESS", &config.sender_address),
        ("JWT_ISSUER", &config.jwt.issuer),
        ("JWT_AUDIENCE", &config.jwt.audience),
        ("JWT_JWKS_URL", &config.jwt.jwks_url),
        ("COGNITO_DOMAIN", &config.cognito_domain),
        ("USER_POOL_ID", &config.user_pool_id),
        ("AWS_ENDPOINT_URL", &proxy.endpoint),
        (tellcare::tls::EXTRA_ROOTS, &roots),
        ("AWS_ACCESS_KEY_ID", "moto"),
        ("AWS_SECRET_ACCESS_KEY", "moto"),
        ("AWS_SESSION_TOKEN", "moto"),
        ("AWS_REGION", tellcare_stack::REGION),
        ("AWS_DEFAULT_REGION", tellcare_stack::REGION),
        ("AWS_LAMBDA_FUNCTION_NAME", name),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
        ("AWS_LAMBDA_LOG_GROUP_NAME", name),
        ("AWS_LAMBDA_LOG_STREAM_NAME", "bench"),
        ("TMPDIR", &scratch.to_string_lossy()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

async fn start(
    stack: &Stack,
    proxy: &MotoProxy,
    binaries: &Path,
    state: &Path,
    scratch: &Path,
    case: &Case,
    first: Bytes,
) -> Result<Running, BoxError> {
    // Each start its own /tmp, as a new execution environment has.
    let tmp = scratch.join(ulid::Ulid::generate().to_string());
    std::fs::create_dir_all(&tmp)?;
    let environment = environment(stack, proxy, case.binary, &tmp);
    let log = state.join(format!("{}.log", case.binary));
    let running = Running::start(&binaries.join(case.binary), &environment, &log, first)
        .await
        .map_err(|e| format!("{}: {e} (its log: {})", case.binary, log.display()))?;
    Ok(running)
}

/// An HTTP answer must be a success: a benchmark of error pages measures nothing.
fn check_answer(binary: &str, ask: &Ask, body: &[u8]) -> Result<(), BoxError> {
    if let Ask::Get { .. } = ask {
        let answer: serde_json::Value = serde_json::from_slice(body)?;
        let status = answer["statusCode"].as_u64().unwrap_or(0);
        let expected = if ask.label().contains(&"0".repeat(64)) { 404 } else { 200 };
        if status != expected {
            return Err(format!("{binary} answered {} with {status}, not {expected}", ask.label()).into());
        }
    }
    Ok(())
}

/// Waits until the stack's stream functions have caught up with the seed: the search finds
/// the newest published story by its title.
async fn settle(stack: &Stack) -> Result<(), BoxError> {
    let config = &stack.shared.config;
    let store =
        tellcare::store::Store::new(stack.shared.aws.dynamodb.clone(), &config.table_name, &config.private_table_name);
    let window = tellcare::store::Window { skip: 0, take: 1, after: None, from: None, to: None };
    let newest = store.published_stories(window).await?.items.pop().ok_or("the history has no published story")?;
    let search = url::Url::parse_with_params(&format!("{}/api/search", stack.url), [("q", newest.title())])?;
    let client = reqwest::Client::new();
    for _ in 0..240 {
        let found: serde_json::Value = client.get(search.clone()).send().await?.json().await.unwrap_or_default();
        if found["stories"].as_array().is_some_and(|s| !s.is_empty()) {
            tokio::time::sleep(Duration::from_secs(3)).await;
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err("the stack's index did not fill within two minutes".into())
}
