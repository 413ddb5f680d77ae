//! Brings members stored before roles and accounts to today's shape (`Store::migrate_members`):
//! run once after the deploy that adds roles, against the table `TABLE_NAME` names, with the
//! operator's credentials (or moto's, through `AWS_ENDPOINT_URL`). Safe to run again: a second
//! run changes nothing.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let table = std::env::var("TABLE_NAME").map_err(|_| "set TABLE_NAME to the main table's name")?;
    let aws = tellcare_stack::operator_clients().await;
    // The migration touches the main table only.
    let store = tellcare::store::Store::new(aws.dynamodb, &table, "unused");
    let changed = store.migrate_members().await?;
    println!("members brought to today's shape: {changed}");
    Ok(())
}
