//! Lambda entry point: wiring only.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    tellcare::telemetry::init();
    let config = tellcare::config::Config::from_env()?;
    // S3 alone: the public search reads its index and nothing else.
    let s3 = tellcare::aws::s3_from_env()?;
    let app = search::app(search::Search::new(&config, &s3));
    // Where CloudFront serves the site, only what came through it.
    lambda_http::run(tellcare::web::behind_edge(app, config.origin_secret.clone())).await
}
