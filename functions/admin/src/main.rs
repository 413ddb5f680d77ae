//! Lambda entry point: wiring only.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    tellcare::telemetry::init();
    let config = tellcare::config::Config::from_env()?;
    let aws = tellcare::aws::AwsClients::from_env()?;
    let app = admin::app(admin::Admin::new(&config, &aws));
    // Where CloudFront serves the site, only what came through it.
    lambda_http::run(tellcare::web::behind_edge(app, config.origin_secret.clone())).await
}
