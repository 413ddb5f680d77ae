//! Makes the search index and the feeds anew from the table (`Indexer::rebuild`): after the
//! deploy that adds search (for the stories published before it), or after the indexer set
//! records aside (the IndexerFailures queue), against the tables `TABLE_NAME` and
//! `PRIVATE_TABLE_NAME` and the bucket `ASSETS_BUCKET` name, with the operator's credentials (or moto's, through
//! `AWS_ENDPOINT_URL`). Safe to run again.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let table = std::env::var("TABLE_NAME").map_err(|_| "set TABLE_NAME to the main table's name")?;
    let bucket = std::env::var("ASSETS_BUCKET").map_err(|_| "set ASSETS_BUCKET to the assets bucket's name")?;
    let aws = tellcare_stack::operator_clients().await;
    // The stories and the feeds are in the main table; the text as written, in the private one.
    let private =
        std::env::var("PRIVATE_TABLE_NAME").map_err(|_| "set PRIVATE_TABLE_NAME to the private table's name")?;
    let store = tellcare::store::Store::new(aws.dynamodb, &table, &private);
    let indexer = indexer::Indexer::over(store, aws.s3.get().clone(), &bucket);
    let rebuilt = indexer.rebuild().await?;
    println!(
        "stories read: {}; published and indexed: {}; services indexed: {}",
        rebuilt.stories, rebuilt.published, rebuilt.services
    );
    Ok(())
}
