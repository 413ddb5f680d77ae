//! The local stack: every function of the template behind one HTTP server, AWS served by moto,
//! the table and bucket made from `infra/template.yaml`, the table's stream fed to the stream
//! function. `make run` starts it for people; [`testing`] starts one per test.

pub mod dev;
pub mod devauth;
pub mod edge;
pub mod gateway;
pub mod history;
pub mod hosted_ui;
pub mod mailbox;
pub mod meter;
pub mod moto;
pub mod moto_proxy;
pub mod pool;
pub mod resources;
pub mod runtime_api;
pub mod schedules;
pub mod seed;
pub mod streams;
pub mod template;
pub mod testing;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::config::{Credentials, Region};
use axum::Router;
use tellcare::auth::{JwtSettings, JwtVerifier};
use tellcare::aws::AwsClients;
use tellcare::config::Config;
use tellcare::store::Store;
use tellcare::web::RouteSpec;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::devauth::DevIssuer;
use crate::gateway::{Gateway, GatewayRoute};
use crate::mailbox::Mailbox;
use crate::meter::RequestMeter;
use crate::resources::BoxError;
use crate::seed::SeedIds;
use crate::streams::{DeadLetters, StreamFaults, StreamHandler, StreamPoller, StreamSettings};
use crate::template::StackTemplate;

pub const REGION: &str = "eu-west-2";

/// The route table of each HTTP function, by the binary name the template gives it.
pub fn route_tables() -> Vec<(&'static str, Vec<RouteSpec>)> {
    vec![
        ("public-site", public_site::routes().into_iter().map(|r| r.spec).collect()),
        ("admin", admin::routes().into_iter().map(|r| r.spec).collect()),
        ("invitations", invitations::routes().into_iter().map(|r| r.spec).collect()),
        ("intake", intake::routes().into_iter().map(|r| r.spec).collect()),
        ("responses", responses::routes().into_iter().map(|r| r.spec).collect()),
        ("search", search::routes().into_iter().map(|r| r.spec).collect()),
        ("staff-search", staff_search::routes().into_iter().map(|r| r.spec).collect()),
    ]
}

/// Each HTTP function's app, built with the same wiring its `main.rs` does.
fn http_apps(config: &Config, aws: &AwsClients) -> Vec<(&'static str, Router)> {
    let apps = vec![
        ("public-site", public_site::app(public_site::PublicSite::new(config, aws))),
        ("admin", admin::app(admin::Admin::new(config, aws))),
        ("invitations", invitations::app(invitations::Invitations::new(config, aws))),
        ("intake", intake::app(intake::Intake::new(config, aws))),
        ("responses", responses::app(responses::Responses::new(config, aws))),
        ("search", search::app(search::Search::new(config, aws.s3.get()))),
        ("staff-search", staff_search::app(staff_search::StaffSearch::new(config, aws))),
    ];
    // As each function's main.rs serves it: behind the CDN's check when the stack has one.
    apps.into_iter().map(|(name, app)| (name, tellcare::web::behind_edge(app, config.origin_secret.clone()))).collect()
}

/// The stream function the template attaches to the table.
pub fn notifier_handler(config: &Config, aws: &AwsClients) -> StreamHandler {
    let notifier = notifier::Notifier::new(config, aws);
    Arc::new(move |event| {
        let notifier = notifier.clone();
        Box::pin(async move { notifier.handle(event).await })
    })
}

/// The function that keeps the reports' aggregates.
pub fn tallies_handler(config: &Config, aws: &AwsClients) -> StreamHandler {
    let tallies = tallies::Tallies::new(config, aws);
    Arc::new(move |event| {
        let tallies = tallies.clone();
        Box::pin(async move { tallies.handle(event).await })
    })
}

/// The function that keeps the search index and the feeds.
pub fn indexer_handler(config: &Config, aws: &AwsClients) -> StreamHandler {
    let indexer = indexer::Indexer::new(config, aws);
    Arc::new(move |event| {
        let indexer = indexer.clone();
        Box::pin(async move { indexer.handle(event).await })
    })
}

pub struct StackOptions {
    pub table_name: String,
    pub bucket_name: String,
    pub sender_address: String,
    pub seed: bool,
    /// With the seed, a few months of stories, answers and link opens behind it.
    pub history: bool,
    /// Replaces the notifier, for tests of the stream's delivery itself.
    pub stream_handler: Option<StreamHandler>,
    /// Batches delivered twice or out of order, for the fault tests and the soak.
    pub stream_faults: StreamFaults,
    /// The secret a CDN in front would send (`ORIGIN_SECRET`); none for no CDN, as locally.
    pub origin_secret: Option<String>,
}

impl StackOptions {
    /// Names of its own, so stacks sharing one moto never see each other's data.
    pub fn isolated() -> Self {
        let suffix = ulid::Ulid::generate().to_string().to_lowercase();
        StackOptions {
            table_name: format!("tellcare-{suffix}"),
            bucket_name: format!("tellcare-assets-{suffix}"),
            // Its own sender too: a test that makes SES refuse it refuses no other stack.
            sender_address: format!("stories-{suffix}@tellcare.localhost"),
            seed: false,
            history: false,
            stream_handler: None,
            stream_faults: StreamFaults::default(),
            origin_secret: None,
        }
    }
}

/// What the dev routes and the stack's owner share.
pub struct Shared {
    pub config: Config,
    pub aws: AwsClients,
    pub issuer: DevIssuer,
    pub mailbox: Mailbox,
    pub seed: Mutex<SeedIds>,
    pub dead_letters: DeadLetters,
    pub codes: hosted_ui::Codes,
    /// Staff accounts, as the local hosted UI checks them.
    pub pool: pool::LocalPool,
    /// The template's scheduled rules, firing at their times (and now, on asking).
    pub schedules: schedules::Schedules,
    schedule_tasks: Vec<JoinHandle<()>>,
    /// The functions' DynamoDB requests, counted.
    pub meter: RequestMeter,
    gateway: Gateway,
    /// A poller per function the template attaches to the table's stream.
    stream_tasks: Vec<JoinHandle<()>>,
}

pub struct Stack {
    pub url: String,
    pub shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.server.abort();
        self.shared.stream_tasks.iter().for_each(JoinHandle::abort);
        self.shared.schedule_tasks.iter().for_each(JoinHandle::abort);
    }
}

/// The clients of an operator's tool (a migration, a rebuild), with the operator's credentials
/// from aws-config's whole chain (profiles, SSO), where a function has only its environment's.
pub async fn operator_clients() -> AwsClients {
    AwsClients::from_sdk_config(&aws_config::load_defaults(BehaviorVersion::latest()).await)
}

/// An SDK configuration that sends every client to moto.
pub async fn moto_sdk_config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("moto", "moto", None, None, "local-stack"))
        .load()
        .await
}

impl Stack {
    /// Starts on `listener` (already bound, so a second start fails before touching moto).
    pub async fn start(moto_endpoint: &str, listener: TcpListener, options: StackOptions) -> Result<Stack, BoxError> {
        let url = format!("http://{}", listener.local_addr()?);
        let template = StackTemplate::load()?;
        let sdk = moto_sdk_config(moto_endpoint).await;
        let base = AwsClients::from_sdk_config(&sdk);

        let private_table_name = format!("{}-private", options.table_name);
        resources::create_table(&base, &options.table_name, &template.table).await?;
        resources::create_table(&base, &private_table_name, &template.private_table).await?;
        resources::create_bucket(&base, &options.bucket_name).await?;
        resources::verify_sender(&base, &options.sender_address).await?;
        let (user_pool_id, pool_client_id) = resources::create_user_pool(&sdk, &options.table_name).await?;
        let pool = pool::LocalPool::new(&sdk, user_pool_id.clone(), pool_client_id);

        let issuer = DevIssuer::new(&url);
        let config = Config {
            table_name: options.table_name.clone(),
            private_table_name,
            retention_days: 90,
            assets_bucket: options.bucket_name.clone(),
            public_base_url: url.clone(),
            sender_address: options.sender_address.clone(),
            jwt: JwtSettings {
                issuer: issuer.issuer.clone(),
                audience: devauth::AUDIENCE.into(),
                jwks_url: format!("{url}/dev/jwks.json"),
            },
            cognito_domain: format!("{url}/dev/cognito"),
            user_pool_id,
            ses_configuration_set: None,
            origin_secret: options.origin_secret.as_deref().and_then(tellcare::web::OriginSecret::new),
        };
        // The functions' metric lines, kept for /dev and the tests rather than printed.
        tellcare::metrics::capture();
        let mailbox = Mailbox::default();
        let meter = RequestMeter::default();
        let aws =
            AwsClients { sesv2: mailbox.recording(&base.sesv2), dynamodb: meter.counting(&base.dynamodb), ..base };

        let gateway = gateway_for(&template, &config, &aws)?;
        let dead_letters = DeadLetters::default();
        let stream_tasks = start_streams(&template, &sdk, &config, &aws, &options, dead_letters.clone()).await?;
        let schedules = schedules::Schedules::of(&template, notifier_invoke(&config, &aws))?;
        let schedule_tasks = schedules.start();

        let seed = if options.seed {
            let store = Store::new(aws.dynamodb.clone(), &config.table_name, &config.private_table_name);
            let pool = tellcare::accounts::UserPool::new(&sdk, &config.user_pool_id);
            let ids = seed::seed(&store, &pool, &config.public_base_url).await?;
            if options.history {
                history::seed_history(&store, &ids, time::OffsetDateTime::now_utc()).await?;
            }
            ids
        } else {
            SeedIds::default()
        };
        let shared = Arc::new(Shared {
            config,
            aws,
            issuer,
            mailbox,
            seed: Mutex::new(seed),
            dead_letters,
            codes: hosted_ui::Codes::default(),
            pool,
            schedules,
            schedule_tasks,
            meter,
            gateway,
            stream_tasks,
        });
        let app = dev::routes().fallback(dev::through_gateway).with_state(shared.clone());
        let server = tokio::spawn(async move {
            if let Err(err) =
                axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await
            {
                tracing::error!(error = %err, "the local stack's server stopped");
            }
        });
        Ok(Stack { url, shared, server })
    }
}

/// Routes every template route to its function, and insists the two agree.
fn gateway_for(template: &StackTemplate, config: &Config, aws: &AwsClients) -> Result<Gateway, BoxError> {
    let apps = http_apps(config, aws);
    let known: BTreeSet<&str> = apps.iter().map(|(name, _)| *name).collect();
    let in_template: BTreeSet<&str> =
        template.functions.iter().filter(|f| !f.routes.is_empty()).map(|f| f.binary.as_str()).collect();
    if known != in_template {
        return Err(format!("the template's HTTP functions {in_template:?} differ from the stack's {known:?}").into());
    }
    let mut routes = Vec::new();
    for (function, route) in template.http_routes() {
        let (_, app) = apps.iter().find(|(name, _)| *name == function.binary).expect("checked above");
        routes.push(GatewayRoute { route: route.clone(), function: app.clone() });
    }
    Ok(Gateway::new(routes, Arc::new(JwtVerifier::new(config.jwt.clone()))))
}

/// The notifier as a scheduled rule invokes it: with the rule's input.
fn notifier_invoke(config: &Config, aws: &AwsClients) -> schedules::Invoke {
    let notifier = notifier::Notifier::new(config, aws);
    Arc::new(move |input| {
        let notifier = notifier.clone();
        Box::pin(async move { notifier::handle_any(&notifier, input).await.map_err(|e| e.to_string()) })
    })
}

/// A poller for each function the template attaches to the table's stream, each with its
/// own checkpoints, filters and retries, as each event source mapping has.
async fn start_streams(
    template: &StackTemplate,
    sdk: &aws_config::SdkConfig,
    config: &Config,
    aws: &AwsClients,
    options: &StackOptions,
    dead_letters: DeadLetters,
) -> Result<Vec<JoinHandle<()>>, BoxError> {
    let table =
        aws.dynamodb.describe_table().table_name(&options.table_name).send().await.map_err(resources::detailed)?;
    let stream_arn = table.table().and_then(|t| t.latest_stream_arn()).ok_or("the table has no stream")?.to_owned();
    let mut tasks = Vec::new();
    for function in template.functions.iter().filter(|f| f.stream.is_some()) {
        let handler = match function.binary.as_str() {
            "notifier" => options.stream_handler.clone().unwrap_or_else(|| notifier_handler(config, aws)),
            // Unmetered: the meter counts what a page, an action or the notifier costs, and the
            // tallies' and the indexer's writes, running beside them, are their own functions'.
            "tallies" => tallies_handler(config, &AwsClients::from_sdk_config(sdk)),
            "indexer" => indexer_handler(config, &AwsClients::from_sdk_config(sdk)),
            other => return Err(format!("the stream function {other} is unknown to the stack").into()),
        };
        let poller = StreamPoller {
            streams: aws_sdk_dynamodbstreams::Client::new(sdk),
            stream_arn: stream_arn.clone(),
            region: REGION.into(),
            settings: StreamSettings::try_from(function.stream.as_ref().expect("found by its stream"))?,
            handler,
            dead_letters: dead_letters.clone(),
            faults: options.stream_faults,
        };
        tasks.push(tokio::spawn(poller.run()));
    }
    if tasks.is_empty() {
        return Err("the template attaches no function to the table's stream".into());
    }
    Ok(tasks)
}
