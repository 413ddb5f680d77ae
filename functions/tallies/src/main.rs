//! Lambda entry point: wiring only.

use aws_lambda_events::event::dynamodb::Event;
use lambda_runtime::{Error, LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    tellcare::telemetry::init();
    let config = tellcare::config::Config::from_env()?;
    let aws = tellcare::aws::AwsClients::from_env()?;
    let tallies = tallies::Tallies::new(&config, &aws);
    lambda_runtime::run(service_fn(|event: LambdaEvent<Event>| {
        let tallies = tallies.clone();
        async move { Ok::<_, Error>(tallies.handle(event.payload).await) }
    }))
    .await
}
