//! The AWS SDK configuration, made once per process, and each client built once from it.
//!
//! In Lambda, region and credentials are environment variables, so the configuration is read
//! from them directly rather than by `aws-config`'s provider chains (profile files, SSO, STS,
//! the instance metadata service), which no function here needs and every bootstrap would
//! carry (about 0.8 MB, measured by `make bench`). `AWS_ENDPOINT_URL` points every client at
//! moto in the local stack; S3 then needs path-style addresses, as a local endpoint has no
//! per-bucket host names.
//!
//! A function links only the clients it uses: S3 with the feature `s3`, SES with `ses`. DynamoDB's
//! client is built at init, as nearly every request needs it; S3's and SES's on first use
//! ([`OnFirstUse`]).

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region, SharedCredentialsProvider};
use aws_types::SdkConfig;

/// An SDK client made when it is first used. Building a client costs a cold start about a
/// million instructions, most of them the SDK parsing its table of partitions, once for each
/// SDK crate (docs/PERFORMANCE.md): a client that most requests never touch (the S3 client of
/// the invitations function, for QR codes; SES in a batch with no email to send) is not made
/// at init. Cheap to clone: the clones share the one client.
#[derive(Clone)]
pub struct OnFirstUse<C> {
    client: Arc<OnceLock<C>>,
    make: Arc<dyn Fn() -> C + Send + Sync>,
}

impl<C> OnFirstUse<C> {
    pub fn new(make: impl Fn() -> C + Send + Sync + 'static) -> Self {
        Self { client: Arc::default(), make: Arc::new(make) }
    }

    /// A client `make` builds from `sdk`.
    pub fn from_config(sdk: &SdkConfig, make: fn(&SdkConfig) -> C) -> Self
    where
        C: 'static,
    {
        let sdk = sdk.clone();
        Self::new(move || make(&sdk))
    }

    /// The client, made now if it has not been.
    pub fn get(&self) -> &C {
        self.client.get_or_init(|| (self.make)())
    }
}

impl<C> std::fmt::Debug for OnFirstUse<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnFirstUse").field("made", &self.client.get().is_some()).finish()
    }
}

/// The clients a function may use. Cheap to clone: each is a handle onto shared state.
#[derive(Clone, Debug)]
pub struct AwsClients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    #[cfg(feature = "s3")]
    pub s3: OnFirstUse<aws_sdk_s3::Client>,
    #[cfg(feature = "ses")]
    pub sesv2: OnFirstUse<aws_sdk_sesv2::Client>,
    /// The whole configuration, for the clients only one function needs (the user pool's).
    pub sdk: SdkConfig,
}

/// What the environment lacks for a configuration.
#[derive(Debug, thiserror::Error)]
#[error("missing environment variable(s) for AWS: {}", .0.join(", "))]
pub struct MissingAwsVariables(pub Vec<&'static str>);

impl AwsClients {
    /// Region, credentials and endpoint from the environment, as Lambda provides them.
    pub fn from_env() -> Result<Self, MissingAwsVariables> {
        Ok(Self::from_sdk_config(&sdk_config_from_env()?))
    }

    pub fn from_sdk_config(sdk: &SdkConfig) -> Self {
        Self {
            dynamodb: aws_sdk_dynamodb::Client::new(sdk),
            #[cfg(feature = "s3")]
            s3: OnFirstUse::from_config(sdk, s3_client),
            #[cfg(feature = "ses")]
            sesv2: OnFirstUse::from_config(sdk, aws_sdk_sesv2::Client::new),
            sdk: sdk.clone(),
        }
    }
}

/// The S3 client alone, for a function that needs no other (the public search): building a
/// client costs a cold start about a million instructions, most of them the SDK parsing its
/// table of partitions (docs/PERFORMANCE.md).
#[cfg(feature = "s3")]
pub fn s3_from_env() -> Result<aws_sdk_s3::Client, MissingAwsVariables> {
    Ok(s3_client(&sdk_config_from_env()?))
}

#[cfg(feature = "s3")]
fn s3_client(sdk: &SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(sdk).force_path_style(sdk.endpoint_url().is_some()).build(),
    )
}

fn sdk_config_from_env() -> Result<SdkConfig, MissingAwsVariables> {
    sdk_config_from(|name| std::env::var(name).ok())
}

/// The configuration `aws-config` would load in Lambda: the region and the execution role's
/// credentials from their variables, the standard retries and a connect timeout of 3.1 s.
pub fn sdk_config_from(lookup: impl Fn(&str) -> Option<String>) -> Result<SdkConfig, MissingAwsVariables> {
    let lookup = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
    let wanted = [
        ("AWS_REGION", lookup("AWS_REGION").or_else(|| lookup("AWS_DEFAULT_REGION"))),
        ("AWS_ACCESS_KEY_ID", lookup("AWS_ACCESS_KEY_ID")),
        ("AWS_SECRET_ACCESS_KEY", lookup("AWS_SECRET_ACCESS_KEY")),
    ];
    let missing: Vec<&'static str> = wanted.iter().filter(|(_, v)| v.is_none()).map(|(name, _)| *name).collect();
    let [(_, Some(region)), (_, Some(key)), (_, Some(secret))] = wanted else {
        return Err(MissingAwsVariables(missing));
    };
    let credentials = Credentials::new(key, secret, lookup("AWS_SESSION_TOKEN"), None, "Environment");
    let mut builder = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region))
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .retry_config(RetryConfig::standard())
        .timeout_config(TimeoutConfig::builder().connect_timeout(Duration::from_millis(3100)).build());
    let endpoint = lookup("AWS_ENDPOINT_URL");
    builder.set_http_client(Some(crate::tls::aws_http_client()));
    builder.set_endpoint_url(endpoint);
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn a_client_on_first_use_is_made_once_when_first_asked_for_and_shared_by_clones() {
        let made = Arc::new(AtomicUsize::new(0));
        let counter = made.clone();
        let client = OnFirstUse::new(move || counter.fetch_add(1, Ordering::SeqCst) + 1);
        let clone = client.clone();
        assert_eq!(made.load(Ordering::SeqCst), 0, "nothing is made before it is asked for");
        assert!(format!("{client:?}").contains("made: false"));
        assert_eq!(*clone.get(), 1);
        assert_eq!(*client.get(), 1, "the clone's client is the one made");
        assert_eq!(made.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn reads_what_lambda_sets_and_names_what_is_missing() {
        let config = sdk_config_from(|name| match name {
            "AWS_DEFAULT_REGION" => Some("eu-west-2".into()),
            "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" => Some("key".into()),
            "AWS_ENDPOINT_URL" => Some("http://127.0.0.1:5000".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.region().map(|r| r.as_ref()), Some("eu-west-2"));
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:5000"));
        assert!(config.credentials_provider().is_some());

        let err = sdk_config_from(|name| (name == "AWS_ACCESS_KEY_ID").then(|| "key".into())).unwrap_err();
        assert_eq!(err.0, vec!["AWS_REGION", "AWS_SECRET_ACCESS_KEY"]);
    }
}
