//! The functions' HTTPS to AWS, against moto behind the benchmark's TLS proxy: a client trusts
//! Mozilla's roots and those `TELLCARE_EXTRA_ROOTS` names, refuses any other certificate, and
//! keeps its connection for the next request.
//! A test binary of its own, as the TLS configuration is read once per process.

use tellcare_stack::REGION;
use tellcare_stack::moto_proxy::MotoProxy;
use tellcare_stack::testing::moto_endpoint;

/// A DynamoDB client as a function builds it, pointed at `endpoint`.
fn dynamodb_at(endpoint: &str) -> aws_sdk_dynamodb::Client {
    let sdk = tellcare::aws::sdk_config_from(|name| match name {
        "AWS_REGION" => Some(REGION.to_owned()),
        "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" => Some("moto".to_owned()),
        "AWS_ENDPOINT_URL" => Some(endpoint.to_owned()),
        _ => None,
    })
    .unwrap();
    aws_sdk_dynamodb::Client::new(&sdk)
}

#[tokio::test]
async fn the_functions_reach_aws_over_tls_and_trust_only_the_roots_they_know() {
    let scratch = std::env::temp_dir().join(format!("tellcare-tls-{}", ulid::Ulid::generate()));
    let (known, unknown) = (scratch.join("known"), scratch.join("unknown"));
    std::fs::create_dir_all(&known).unwrap();
    std::fs::create_dir_all(&unknown).unwrap();
    let trusted = MotoProxy::start(moto_endpoint(), &known).await.unwrap();
    let stranger = MotoProxy::start(moto_endpoint(), &unknown).await.unwrap();
    // SAFETY: set before this process makes its TLS configuration, and by no other thread.
    unsafe { std::env::set_var(tellcare::tls::EXTRA_ROOTS, &trusted.roots) };

    let dynamodb = dynamodb_at(&trusted.endpoint);
    for _ in 0..3 {
        let listed = dynamodb.list_tables().send().await;
        assert!(listed.is_ok(), "over TLS, to a certificate of a root it was given: {listed:?}");
    }
    let passed = trusted.take();
    assert_eq!(passed.dynamodb_requests, 3, "the requests went through the TLS proxy");
    // As with AWS's endpoints, which keep connections open: one handshake, not one a request.
    assert_eq!(passed.connections, 1, "requests one after another share a connection");

    let refused = dynamodb_at(&stranger.endpoint).list_tables().send().await;
    assert!(refused.is_err(), "a certificate of a CA it does not know is refused");
    assert_eq!(stranger.take().dynamodb_requests, 0, "nothing reached moto");
    let _ = std::fs::remove_dir_all(&scratch);
}
