//! `make run`: the whole of Tellcare on this machine, with no AWS account.

use std::io::ErrorKind;
use std::process::ExitCode;

use tellcare_stack::moto::Moto;
use tellcare_stack::template::workspace_root;
use tellcare_stack::{Stack, StackOptions};
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};

const DEFAULT_PORT: u16 = 3000;

#[tokio::main]
async fn main() -> ExitCode {
    tellcare::telemetry::init();
    let port = match std::env::var("TELLCARE_PORT") {
        Ok(raw) => match raw.parse::<u16>() {
            Ok(port) => port,
            Err(_) => return fail(&format!("TELLCARE_PORT must be a port number, not '{raw}'.")),
        },
        Err(_) => DEFAULT_PORT,
    };
    let listener = match TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => listener,
        Err(err) if err.kind() == ErrorKind::AddrInUse => return fail(&already_running(port).await),
        Err(err) => return fail(&format!("Cannot listen on 127.0.0.1:{port}: {err}")),
    };

    let state_dir = workspace_root().join(".local");
    let log = std::fs::create_dir_all(&state_dir).and_then(|_| std::fs::File::create(state_dir.join("moto.log")));
    // Started from the main thread: moto dies with the thread that started it
    // (PR_SET_PDEATHSIG), and a blocking-pool thread ends after ten idle seconds.
    let moto = match tokio::task::block_in_place(move || Moto::start(log.ok())) {
        Ok(moto) => moto,
        Err(err) => return fail(&err.to_string()),
    };
    let options = StackOptions {
        table_name: "tellcare-local".into(),
        bucket_name: "tellcare-local-assets".into(),
        sender_address: "stories@tellcare.localhost".into(),
        seed: true,
        history: true,
        ..StackOptions::isolated()
    };
    let stack = match Stack::start(&moto.endpoint, listener, options).await {
        Ok(stack) => stack,
        Err(err) => return fail(&format!("The local stack could not start: {err}")),
    };
    let url = &stack.url;
    let community = stack.shared.seed.lock().expect("seed").community_services.map(|id| id.to_string());
    println!(
        "\nTellcare is running at {url}\n\n\
         \x20 Home page         {url}/\n\
         \x20 Services (JSON)   {url}/api/services\n\
         \x20 Search            {url}/search?q=carers+cafe (services and published stories; JSON at /api/search)\n\
         \x20 Feeds (Atom)      {url}/feed.atom, and each service's: {url}/services/{community}/feed.atom\n\
         \x20 Tell your story   {url}/tell/{slug} (the demo poster's link)\n\
         \x20 Adroddwch stori   {url}/tell/{welsh}?lang=cy (the Welsh poster's link, in Welsh)\n\
         \x20 Moderation        {url}/admin (sign in as a moderator or an admin)\n\
         \x20 Staff dashboard   {url}/staff (sam.patel@riverside.example, a service admin, or\n\
         \x20                   priya.shah@riverside.example, a responder; password \"{password}\")\n\
         \x20 Reports           {url}/admin/services/{community}/report (Community Services, signed in as Sam)\n\
         \x20 Demo poster       {url}/dev/login?next=/admin/api/links/{slug}/poster\n\
         \x20 Mailbox           {url}/dev/mailbox\n\
         \x20 Metrics           {url}/dev/metrics.json (what CloudWatch would count)\n\
         \x20 Demo data ids     {url}/dev/seed.json\n\
         \x20 Health            {url}/healthz\n\
         \x20 Staff sign-in     curl -s -X POST -H 'content-type: application/json' -d '{{\"group\":\"moderators\"}}' {url}/dev/login\n\
         \x20                   (or -d '{{\"email\":\"sam.patel@riverside.example\"}}' for a member of staff)\n\
         \x20 Digests           curl -s -X POST {url}/dev/schedules/DailyDigest (or WeeklyDigest): what the schedule sends\n\
         \x20 Local AWS (moto)  {}/moto-api/\n\n\
         Press Ctrl-C to stop.",
        moto.endpoint,
        slug = tellcare_stack::seed::LINK_SLUG,
        welsh = tellcare_stack::seed::WELSH_LINK_SLUG,
        password = tellcare_stack::seed::STAFF_PASSWORD,
        community = community.unwrap_or_default(),
    );

    let mut terminate = signal(SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
    }
    drop(stack);
    drop(moto);
    println!("\nStopped Tellcare and its local AWS.");
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}

/// Says whether the port is held by another Tellcare stack or by something else.
async fn already_running(port: u16) -> String {
    let health = reqwest::get(format!("http://127.0.0.1:{port}/healthz")).await;
    let ours = match health {
        Ok(response) => response.json::<serde_json::Value>().await.is_ok_and(|body| body.get("parts").is_some()),
        Err(_) => false,
    };
    if ours {
        format!(
            "Tellcare's local stack is already running at http://127.0.0.1:{port}. Use that one, stop it with Ctrl-C \
             in its terminal, or start a second one with TELLCARE_PORT set to another port."
        )
    } else {
        format!(
            "Port {port} is in use by another program. Set TELLCARE_PORT to a free port, e.g. TELLCARE_PORT=3001 make run."
        )
    }
}
