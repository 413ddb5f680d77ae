//! Counts the DynamoDB requests the functions make, by operation, so a test can say what one
//! user action costs (requests are what DynamoDB bills) and fail when that grows.

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

#[derive(Clone, Debug, Default)]
pub struct RequestMeter {
    operations: Arc<Mutex<Vec<String>>>,
}

impl RequestMeter {
    /// A DynamoDB client like `base` whose requests this meter counts.
    pub fn counting(&self, base: &aws_sdk_dynamodb::Client) -> aws_sdk_dynamodb::Client {
        let config = base.config().to_builder().interceptor(Counter { meter: self.clone() }).build();
        aws_sdk_dynamodb::Client::from_conf(config)
    }

    /// The operations sent since the last call (`Query`, `TransactWriteItems`…), in order.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.operations.lock().expect("meter lock"))
    }

    /// What was sent since the last call, as a cost reads: `Query + Query + TransactWriteItems`
    /// (sorted, as requests sent at once come in any order).
    pub fn take_cost(&self) -> String {
        let mut operations = self.take();
        operations.sort();
        operations.join(" + ")
    }
}

#[derive(Debug)]
struct Counter {
    meter: RequestMeter,
}

impl Intercept for Counter {
    fn name(&self) -> &'static str {
        "LocalDynamoDbRequestMeter"
    }

    /// Each attempt as it goes out: a retried request counts again, as DynamoDB bills it.
    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let target = context.request().headers().get("x-amz-target").unwrap_or_default();
        let operation = target.rsplit('.').next().unwrap_or(target).to_owned();
        self.meter.operations.lock().expect("meter lock").push(operation);
        Ok(())
    }
}
