//! Lambda entry point: wiring only.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    tellcare::telemetry::init();
    let config = tellcare::config::Config::from_env()?;
    let aws = tellcare::aws::AwsClients::from_env()?;
    lambda_http::run(staff_search::app(staff_search::StaffSearch::new(&config, &aws))).await
}
