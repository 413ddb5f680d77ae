//! Each SDK client's own endpoint resolver, made when the client sends its first request rather
//! than when the client is built. Making one parses the SDK's table of AWS partitions (JSON, and
//! each partition's region pattern compiled): 0.8 million instructions, a fifth of a cold start,
//! for every client a function holds, whether or not the request in hand uses it
//! (`docs/PERFORMANCE.md`). What it resolves is unchanged: it is the SDK's resolver.

macro_rules! lazy_endpoint_resolver {
    ($(#[$doc:meta])* $name:ident, $sdk:ident) => {
        $(#[$doc])*
        #[derive(Debug, Default)]
        pub struct $name(std::sync::OnceLock<$sdk::config::endpoint::DefaultResolver>);

        impl $sdk::config::endpoint::ResolveEndpoint for $name {
            fn resolve_endpoint<'a>(
                &'a self,
                params: &'a $sdk::config::endpoint::Params,
            ) -> $sdk::config::endpoint::EndpointFuture<'a> {
                use $sdk::config::endpoint::{DefaultResolver, ResolveEndpoint};
                let resolver = self.0.get_or_init(DefaultResolver::new);
                <DefaultResolver as ResolveEndpoint>::resolve_endpoint(resolver, params)
            }
        }
    };
}

lazy_endpoint_resolver!(
    /// DynamoDB's resolver, made on first use.
    DynamoDbEndpoints,
    aws_sdk_dynamodb
);

#[cfg(feature = "s3")]
lazy_endpoint_resolver!(
    /// S3's resolver, made on first use.
    S3Endpoints,
    aws_sdk_s3
);

#[cfg(feature = "ses")]
lazy_endpoint_resolver!(
    /// SES's resolver, made on first use.
    SesEndpoints,
    aws_sdk_sesv2
);

#[cfg(test)]
mod tests {
    use aws_sdk_dynamodb::config::endpoint::{DefaultResolver, Params, ResolveEndpoint};

    use super::DynamoDbEndpoints;

    #[tokio::test]
    async fn resolves_as_the_sdk_does_for_a_region_and_for_an_endpoint_set() {
        let lazy = DynamoDbEndpoints::default();
        for params in [
            Params::builder().region("eu-west-2").build().unwrap(),
            Params::builder().region("cn-north-1").build().unwrap(),
            Params::builder().region("eu-west-2").endpoint("http://127.0.0.1:5000").build().unwrap(),
        ] {
            let ours = lazy.resolve_endpoint(&params).await.unwrap();
            let sdk =
                <DefaultResolver as ResolveEndpoint>::resolve_endpoint(&DefaultResolver::new(), &params).await.unwrap();
            assert_eq!(ours, sdk);
        }
        let london = Params::builder().region("eu-west-2").build().unwrap();
        assert_eq!(lazy.resolve_endpoint(&london).await.unwrap().url(), "https://dynamodb.eu-west-2.amazonaws.com");
    }
}
