//! Real Chromium, driven through ChromeDriver, with axe-core injected to count accessibility
//! violations. ChromeDriver is started once per test binary; each test gets its own session.

use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::moto::{die_with_parent, free_port};
use crate::template::workspace_root;

static DRIVER: OnceLock<u16> = OnceLock::new();

fn binary(env: &str, default: &str) -> String {
    std::env::var(env).unwrap_or_else(|_| default.to_owned())
}

fn driver_port() -> u16 {
    *DRIVER.get_or_init(|| {
        let port = free_port().expect("a free port");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut command = Command::new(binary("CHROMEDRIVER", "/usr/bin/chromedriver"));
            command.arg(format!("--port={port}")).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
            die_with_parent(&mut command);
            let child = command.spawn().map_err(|e| format!("chromedriver: {e} (run `make test` to install it)"));
            sender.send(child.as_ref().map(|_| ()).map_err(Clone::clone)).expect("the test waits");
            let _child = child;
            loop {
                std::thread::park();
            }
        });
        receiver.recv().expect("driver thread").unwrap_or_else(|err| panic!("{err}"));
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        port
    })
}

/// A new headless Chromium session with a phone-sized window.
pub async fn browser() -> Client {
    let port = driver_port();
    let profile = std::env::temp_dir().join(format!("tellcare-chromium-{}", ulid::Ulid::generate()));
    let capabilities = json!({
        "goog:chromeOptions": {
            "binary": binary("CHROMIUM", "/usr/bin/chromium"),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=390,844",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let capabilities = capabilities.as_object().expect("an object").clone();
    // The tests link both of rustls's providers (the functions' ring, aws-config's aws-lc), so
    // fantoccini, which asks for the process's default, needs one chosen.
    let _ = rustls::crypto::ring::default_provider().install_default();
    ClientBuilder::rustls()
        .expect("TLS roots")
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a Chromium session")
}

fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = workspace_root().join("node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run `make test` to install axe-core)", path.display()))
    })
}

/// The page's accessibility violations by axe-core's WCAG 2.x A and AA rules, each as
/// `rule: what it found`.
pub async fn axe_violations(client: &Client) -> Vec<String> {
    client.execute(axe_source(), vec![]).await.expect("axe-core loads");
    let script = r#"
        const done = arguments[arguments.length - 1];
        axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })
           .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')))
           .catch(e => done(['axe failed: ' + e]));
    "#;
    let result = client.execute_async(script, vec![]).await.expect("axe-core runs");
    match result {
        Value::Array(items) => items.into_iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect(),
        other => vec![format!("unexpected axe result {other}")],
    }
}

/// Signs in through the hosted UI's stand-in of the stack at `url`, with an email address and
/// password.
pub async fn sign_in(client: &Client, url: &str, email: &str, password: &str) {
    client.goto(&format!("{url}/admin/login")).await.expect("the sign-in page");
    client.find(Locator::Css("#email")).await.expect("email").send_keys(email).await.expect("typed");
    client.find(Locator::Css("#password")).await.expect("password").send_keys(password).await.expect("typed");
    let button = client.find(Locator::XPath("//button[text()='Sign in']")).await.expect("the button");
    button.click().await.expect("signed in");
}

/// Presses what `locator` finds and waits until the page it was on has gone: an element found
/// before then, even by a selector only the next page matches in the end, may be the page
/// before's, and goes stale as it is read.
pub async fn press(client: &Client, locator: Locator<'_>) {
    let before = client.find(Locator::Css("html")).await.expect("the page");
    client.find(locator).await.expect("what to press").click().await.expect("pressed");
    let deadline = Instant::now() + Duration::from_secs(30);
    // Any error reading the old page's root means the browser has let it go.
    while before.tag_name().await.is_ok() {
        assert!(Instant::now() < deadline, "pressing led to no new page");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
