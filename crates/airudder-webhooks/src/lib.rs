#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

mod auth;
#[cfg(feature = "axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
mod dedupe;
mod error;
mod fingerprint;
mod headers;
mod notification;
mod parse;
mod store;

pub use auth::UrlSecret;
pub use dedupe::{Claim, ClaimError, Deduplicator, Pending};
pub use error::WebhookError;
pub use fingerprint::Fingerprint;
pub use headers::{DeliveryHeaders, check_headers};
pub use notification::{Notification, parse_named};
pub use parse::{BodyLimit, check_content_type, parse};
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use store::RedisStore;
pub use store::{DedupeStore, Lease, MemoryStore, StoreClaim, StoreError, StoreFuture};
