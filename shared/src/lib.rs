//! The common crate of Tellcare's Lambda functions.
//!
//! - [`domain`]: the pure model (no AWS or HTTP types): newtypes that parse, the service tree,
//!   the events of a story and its transitions.
//! - [`app`]: the use cases, each behind narrow ports of the store, with errors of their own.
//! - [`store`]: DynamoDB persistence; [`store::keys`] owns the key layout and its access patterns.
//! - [`auth`]: staff authentication (RS256 JWTs from Cognito, keys from a cached JWKS).
//! - [`web`]: what every HTTP function shares: its route table, extractors, pages.
//! - [`error`]: the error type and the one place it becomes an HTTP answer.
//! - [`config`], [`aws`], [`telemetry`]: process wiring, done once per cold start.

// Templates name shared items as `tellcare::web::…`, here and in the functions alike.
extern crate self as tellcare;

#[cfg(feature = "accounts")]
pub mod accounts;
pub mod app;
#[cfg(feature = "s3")]
pub mod assets;
pub mod auth;
pub mod aws;
pub mod backoff;
pub mod config;
pub mod domain;
pub mod error;
pub mod i18n;
#[cfg(feature = "ses")]
pub mod mail;
pub mod metrics;
#[cfg(feature = "qr")]
pub mod qr;
pub mod random;
pub mod signin;
pub mod store;
pub mod telemetry;
pub mod tls;
pub mod web;

pub use error::AppError;
/// The message `id` in the language of the page: short, for templates.
pub use i18n::{text as t, text_arg as ta};
