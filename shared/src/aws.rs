//! The AWS SDK configuration, loaded once per process, and each client built once from it.
//!
//! `AWS_ENDPOINT_URL` is honoured by the SDK itself, which is how the local stack and the tests
//! point every client at moto; S3 then needs path-style addresses, as a local endpoint has no
//! per-bucket host names.

use aws_config::{BehaviorVersion, SdkConfig};

/// The clients a function may use. Cheap to clone: each is a handle onto shared state.
#[derive(Clone, Debug)]
pub struct AwsClients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub s3: aws_sdk_s3::Client,
    pub sesv2: aws_sdk_sesv2::Client,
    /// The whole configuration, for the clients only one function needs (the user pool's).
    pub sdk: SdkConfig,
}

impl AwsClients {
    /// Loads region, credentials and endpoint from the environment, as Lambda provides them.
    pub async fn from_env() -> Self {
        Self::from_sdk_config(&aws_config::load_defaults(BehaviorVersion::latest()).await)
    }

    pub fn from_sdk_config(sdk: &SdkConfig) -> Self {
        let s3 = aws_sdk_s3::config::Builder::from(sdk).force_path_style(sdk.endpoint_url().is_some()).build();
        Self {
            dynamodb: aws_sdk_dynamodb::Client::new(sdk),
            s3: aws_sdk_s3::Client::from_conf(s3),
            sesv2: aws_sdk_sesv2::Client::new(sdk),
            sdk: sdk.clone(),
        }
    }
}
