//! The S3 image store (aws-sdk-s3): works with AWS and any S3-compatible server (MinIO,
//! moto) through a configurable endpoint and path-style addressing. Credentials come from
//! the standard AWS environment variables.

use super::is_safe_key;
use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::{BehaviorVersion, Region};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use aws_smithy_http_client::tls;
use chrono::{DateTime, Utc};
use ourspace_domain::media::{ImageBody, ImageStore, ImageType, StoredObject};
use ourspace_domain::shared::BoxError;
use secrecy::{ExposeSecret, SecretString};

/// Where the bucket is and how its objects are reached.
#[derive(Debug, Clone)]
pub struct S3Config {
    pub bucket: String,
    pub region: String,
    /// For S3-compatible servers, e.g. `http://127.0.0.1:9000`.
    pub endpoint: Option<String>,
    /// `https://bucket.s3.amazonaws.com`-style or `endpoint/bucket`-style addressing.
    pub path_style: bool,
    /// The base of public URLs (a CDN); default: the bucket's own URL.
    pub public_url: Option<String>,
    /// Fixed credentials (tests, local servers); `None` reads the standard AWS sources
    /// (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, profiles, instance roles).
    pub static_credentials: Option<(String, SecretString)>,
}

/// Keeps images in an S3 bucket.
#[derive(Clone)]
pub struct S3ImageStore {
    client: Client,
    bucket: String,
    region: String,
    public_base: String,
}

fn s3_error(
    action: &str,
    key: &str,
    e: impl std::error::Error + Send + Sync + 'static,
) -> BoxError {
    format!(
        "S3 {action} of {key:?} failed: {}",
        aws_sdk_s3::error::DisplayErrorContext(e)
    )
    .into()
}

impl S3ImageStore {
    /// Builds the client (no request is made).
    pub async fn new(config: &S3Config) -> Self {
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(http)
            .region(Region::new(config.region.clone()));
        if let Some((key, secret)) = &config.static_credentials {
            loader = loader.credentials_provider(aws_sdk_s3::config::Credentials::new(
                key,
                secret.expose_secret(),
                None,
                None,
                "ourspace-static",
            ));
        }
        let shared = loader.load().await;
        let mut builder =
            aws_sdk_s3::config::Builder::from(&shared).force_path_style(config.path_style);
        if let Some(endpoint) = &config.endpoint {
            builder = builder.endpoint_url(endpoint);
        }
        let public_base = match (&config.public_url, &config.endpoint) {
            (Some(url), _) => url.trim_end_matches('/').to_owned(),
            (None, Some(endpoint)) if config.path_style => {
                format!("{}/{}", endpoint.trim_end_matches('/'), config.bucket)
            }
            _ => format!(
                "https://{}.s3.{}.amazonaws.com",
                config.bucket, config.region
            ),
        };
        Self {
            client: Client::from_conf(builder.build()),
            bucket: config.bucket.clone(),
            region: config.region.clone(),
            public_base,
        }
    }

    /// Creates the bucket if it does not exist, readable by anyone (local development and
    /// tests; in production the bucket and its policy or CDN are set up by the operator).
    ///
    /// # Errors
    /// The S3 failure.
    pub async fn ensure_bucket(&self) -> Result<(), BoxError> {
        if self
            .client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .is_ok()
        {
            return Ok(());
        }
        self.create_bucket().await?;
        let policy = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "PublicReadForPhotos",
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [format!("arn:aws:s3:::{}/*", self.bucket)]
            }]
        });
        self.client
            .put_bucket_policy()
            .bucket(&self.bucket)
            .policy(policy.to_string())
            .send()
            .await
            .map_err(|e| s3_error("put policy", &self.bucket, e))?;
        Ok(())
    }

    async fn create_bucket(&self) -> Result<(), BoxError> {
        let mut request = self.client.create_bucket().bucket(&self.bucket);
        // Outside us-east-1, S3 wants the region named again.
        if self.region != "us-east-1" {
            request = request.create_bucket_configuration(
                CreateBucketConfiguration::builder()
                    .location_constraint(BucketLocationConstraint::from(self.region.as_str()))
                    .build(),
            );
        }
        request
            .send()
            .await
            .map_err(|e| s3_error("create bucket", &self.bucket, e))?;
        Ok(())
    }

    fn url_of(&self, key: &str) -> String {
        format!("{}/{key}", self.public_base)
    }
}

#[async_trait]
impl ImageStore for S3ImageStore {
    fn new_key(&self, folder: &str, kind: ImageType) -> String {
        super::generate_key(folder, kind)
    }

    #[tracing::instrument(skip_all, fields(key))]
    async fn put(&self, key: &str, body: ImageBody, kind: ImageType) -> Result<String, BoxError> {
        if !is_safe_key(key) {
            return Err(format!("refused unsafe image key {key:?}").into());
        }
        // A file streams from disk; it is never read whole into memory.
        let body = match body {
            ImageBody::Bytes(bytes) => ByteStream::from(bytes),
            ImageBody::File(path) => ByteStream::from_path(path).await?,
        };
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(kind.content_type())
            .cache_control("public, max-age=31536000, immutable")
            .body(body)
            .send()
            .await
            .map_err(|e| s3_error("put", key, e))?;
        Ok(self.url_of(key))
    }

    async fn delete(&self, key: &str) -> Result<(), BoxError> {
        // S3 answers 204 for a missing key too.
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| s3_error("delete", key, e))?;
        Ok(())
    }

    async fn list(&self, prefix: &str) -> Result<Vec<StoredObject>, BoxError> {
        let mut out = Vec::new();
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(prefix)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| s3_error("list", prefix, e))?;
            for object in page.contents() {
                let (Some(key), Some(modified)) = (object.key(), object.last_modified()) else {
                    continue;
                };
                let last_modified =
                    DateTime::<Utc>::from_timestamp(modified.secs(), modified.subsec_nanos())
                        .unwrap_or_default();
                out.push(StoredObject {
                    key: key.to_owned(),
                    last_modified,
                });
            }
        }
        Ok(out)
    }
}
