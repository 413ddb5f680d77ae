//! The assets bucket: renderings kept so each is made once (QR codes, under `qr/`).

use aws_sdk_s3::primitives::ByteStream;

use crate::aws::OnFirstUse;

#[derive(Clone, Debug)]
pub struct Assets {
    client: OnFirstUse<aws_sdk_s3::Client>,
    bucket: String,
}

impl Assets {
    pub fn new(client: OnFirstUse<aws_sdk_s3::Client>, bucket: impl Into<String>) -> Self {
        Self { client, bucket: bucket.into() }
    }

    /// The object at `key`, or `render`'s output, which is then kept there. The bucket only
    /// saves work: if it cannot be read or written, the fresh rendering is still served and
    /// the failure logged as a warning, so a bucket outage never hides a poster's QR code.
    pub async fn kept_or_render<E>(
        &self,
        key: &str,
        content_type: &str,
        render: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Vec<u8>, E> {
        match self.get(key).await {
            Ok(Some(bytes)) => return Ok(bytes),
            Ok(None) => {}
            Err(err) => tracing::warn!(error = %err, key, "reading a kept rendering failed; rendering afresh"),
        }
        let bytes = render()?;
        if let Err(err) = self.put(key, &bytes, content_type).await {
            tracing::warn!(error = %err, key, "keeping a rendering failed; it will be rendered again next time");
        }
        Ok(bytes)
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, String> {
        let result = self.client.get().get_object().bucket(&self.bucket).key(key).send().await;
        match result {
            Ok(output) => output.body.collect().await.map(|data| Some(data.to_vec())).map_err(|e| e.to_string()),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_no_such_key()) => Ok(None),
            Err(err) => Err(aws_sdk_s3::error::DisplayErrorContext(err).to_string()),
        }
    }

    async fn put(&self, key: &str, bytes: &[u8], content_type: &str) -> Result<(), String> {
        self.client
            .get()
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(bytes.to_vec()))
            .send()
            .await
            .map(|_| ())
            .map_err(|err| aws_sdk_s3::error::DisplayErrorContext(err).to_string())
    }
}
