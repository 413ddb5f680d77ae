//! Lambda entry point: wiring only.

// The handler's future nests each email in its language's scope: deeper than the default 128.
#![recursion_limit = "256"]

use lambda_runtime::{Error, LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tellcare::telemetry::init();
    let config = tellcare::config::Config::from_env()?;
    let aws = tellcare::aws::AwsClients::from_env()?;
    let notifier = notifier::Notifier::new(&config, &aws);
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        let notifier = notifier.clone();
        async move { Ok::<_, Error>(notifier::handle_any(&notifier, event.payload).await?) }
    }))
    .await
}
