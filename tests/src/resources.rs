//! Makes the template's table and bucket in moto, and verifies the sender in SES.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
    ScalarAttributeType, StreamSpecification, StreamViewType, TimeToLiveSpecification,
};
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use aws_smithy_types::error::display::DisplayErrorContext;
use tellcare::aws::AwsClients;

use crate::template::{KeyElement, TableSpec};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An SDK error with its whole chain of causes: the SDK's own Display says only "service error".
pub fn detailed(err: impl std::error::Error) -> BoxError {
    DisplayErrorContext(err).to_string().into()
}

pub async fn create_table(aws: &AwsClients, name: &str, spec: &TableSpec) -> Result<(), BoxError> {
    let attributes = spec
        .attribute_definitions
        .iter()
        .map(|a| {
            AttributeDefinition::builder()
                .attribute_name(&a.attribute_name)
                .attribute_type(ScalarAttributeType::from(a.attribute_type.as_str()))
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let indexes = spec
        .global_secondary_indexes
        .iter()
        .map(|index| -> Result<GlobalSecondaryIndex, BoxError> {
            Ok(GlobalSecondaryIndex::builder()
                .index_name(&index.index_name)
                .set_key_schema(Some(key_schema(&index.key_schema)?))
                .projection(
                    Projection::builder()
                        .projection_type(ProjectionType::from(index.projection.projection_type.as_str()))
                        .build(),
                )
                .build()?)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut request = aws
        .dynamodb
        .create_table()
        .table_name(name)
        .billing_mode(aws_sdk_dynamodb::types::BillingMode::PayPerRequest)
        .set_attribute_definitions(Some(attributes))
        .set_key_schema(Some(key_schema(&spec.key_schema)?))
        .set_global_secondary_indexes((!indexes.is_empty()).then_some(indexes));
    if let Some(stream) = &spec.stream_specification {
        request = request.stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::from(stream.stream_view_type.as_str()))
                .build()?,
        );
    }
    request.send().await.map_err(detailed)?;
    if let Some(ttl) = &spec.time_to_live_specification {
        aws.dynamodb
            .update_time_to_live()
            .table_name(name)
            .time_to_live_specification(
                TimeToLiveSpecification::builder().attribute_name(&ttl.attribute_name).enabled(true).build()?,
            )
            .send()
            .await
            .map_err(detailed)?;
    }
    Ok(())
}

fn key_schema(elements: &[KeyElement]) -> Result<Vec<KeySchemaElement>, BoxError> {
    Ok(elements
        .iter()
        .map(|k| {
            KeySchemaElement::builder()
                .attribute_name(&k.attribute_name)
                .key_type(KeyType::from(k.key_type.as_str()))
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?)
}

pub async fn create_bucket(aws: &AwsClients, name: &str) -> Result<(), BoxError> {
    // Outside us-east-1, S3 wants the bucket's region said again.
    let region = aws.s3.get().config().region().map(|r| r.to_string()).unwrap_or_default();
    let location = CreateBucketConfiguration::builder()
        .location_constraint(BucketLocationConstraint::from(region.as_str()))
        .build();
    aws.s3.get().create_bucket().bucket(name).create_bucket_configuration(location).send().await.map_err(detailed)?;
    Ok(())
}

pub async fn verify_sender(aws: &AwsClients, address: &str) -> Result<(), BoxError> {
    aws.sesv2.get().create_email_identity().email_identity(address).send().await.map_err(detailed)?;
    Ok(())
}

/// The user pool of staff accounts, signing in by email as the template's does, and the app
/// client the local hosted UI checks passwords through: their ids.
pub async fn create_user_pool(sdk: &aws_config::SdkConfig, name: &str) -> Result<(String, String), BoxError> {
    use aws_sdk_cognitoidentityprovider::types::{
        ExplicitAuthFlowsType, PasswordPolicyType, UserPoolPolicyType, UsernameAttributeType,
    };
    let client = aws_sdk_cognitoidentityprovider::Client::new(sdk);
    let policy = PasswordPolicyType::builder()
        .minimum_length(12)
        .require_lowercase(true)
        .require_uppercase(true)
        .require_numbers(true)
        .require_symbols(false)
        .build();
    let pool = client
        .create_user_pool()
        .pool_name(name)
        .username_attributes(UsernameAttributeType::Email)
        .policies(UserPoolPolicyType::builder().password_policy(policy).build())
        .send()
        .await
        .map_err(detailed)?;
    let id = pool.user_pool.and_then(|p| p.id).ok_or("moto made a user pool without an id")?;
    for group in [tellcare::auth::MODERATORS, tellcare::auth::ADMINS] {
        client.create_group().user_pool_id(&id).group_name(group).send().await.map_err(detailed)?;
    }
    let app = client
        .create_user_pool_client()
        .user_pool_id(&id)
        .client_name("local-hosted-ui")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowAdminUserPasswordAuth)
        .send()
        .await
        .map_err(detailed)?;
    let client_id = app.user_pool_client.and_then(|c| c.client_id).ok_or("moto made an app client without an id")?;
    Ok((id, client_id))
}
