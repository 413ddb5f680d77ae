//! Lambda entry point: wiring only.

use aws_lambda_events::event::dynamodb::Event;
use lambda_runtime::{Error, LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tellcare::telemetry::init();
    tellcare::config::Config::from_env()?;
    let notifier = notifier::Notifier::new();
    lambda_runtime::run(service_fn(|event: LambdaEvent<Event>| {
        let notifier = notifier.clone();
        async move { Ok::<_, Error>(notifier.handle(event.payload).await) }
    }))
    .await
}
