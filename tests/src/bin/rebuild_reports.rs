//! Makes the reports' aggregates anew from the stories themselves (`Store::rebuild_reports`):
//! after the deploy that adds reports (for the stories told before it), or after tallies
//! were set aside (the TalliesFailures queue), against the table `TABLE_NAME` names, with the
//! operator's credentials (or moto's, through `AWS_ENDPOINT_URL`). Safe to run again.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let table = std::env::var("TABLE_NAME").map_err(|_| "set TABLE_NAME to the main table's name")?;
    let aws = tellcare_stack::operator_clients().await;
    // The aggregates are in the main table only.
    let store = tellcare::store::Store::new(aws.dynamodb, &table, "unused");
    let rebuilt = store.rebuild_reports().await?;
    println!(
        "stories tallied: {}; report cells written: {}; emptied cells deleted: {}",
        rebuilt.stories, rebuilt.cells, rebuilt.emptied
    );
    Ok(())
}
