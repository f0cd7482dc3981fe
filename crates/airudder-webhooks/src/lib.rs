//! Receiving [AiRudder](https://www.airudder.com)'s webhook notifications: typed parsing, duplicate
//! detection, and (with the default `axum` feature) a ready-made axum endpoint.
//!
//! AiRudder POSTs each notification as JSON to a URL the integrator configured and expects
//! `200 {}`. An abnormal answer is retried after a minute, at most five times, and the same
//! notification may arrive more than once. So a receiver must answer fast, answer 200 only once
//! the notification is really accepted, and tolerate duplicates. This crate provides:
//!
//! - [`parse`] / [`parse_named`]: body bytes to the generated payload types of `airudder-models`
//!   (or a [`Notification`] of any webhook), with a [`BodyLimit`]; a [`WebhookError`] says whether
//!   the body was too large, not JSON, or the wrong shape (naming the JSON path), and which HTTP
//!   status to answer. [`check_content_type`] holds the `Content-Type` policy, [`check_headers`]
//!   the headers a webhook's page requires (handed over as [`DeliveryHeaders`]).
//! - [`Deduplicator`]: opt-in detection of redeliveries that also makes concurrent deliveries of one
//!   notification wait for each other, over a [`DedupeStore`]: this process's memory
//!   ([`MemoryStore`], the default) or, with the `redis` feature, a [`RedisStore`] every replica of
//!   a receiver shares.
//! - [`UrlSecret`]: a secret the configured URL carries, checked in constant time.
//! - [`axum::WebhookService`]: one webhook's endpoint, doing all of the above around a typed
//!   async handler, with a [`Verifier`](axum::Verifier) over headers and raw body if you need one.
//!
//! Any HTTP stack:
//!
//! ```
//! use airudder_models::{WorkflowStatus, WorkflowStatusChangedNotification};
//! use airudder_webhooks::{BodyLimit, Claim, Deduplicator, parse};
//!
//! # async fn receive() -> Result<(), Box<dyn std::error::Error>> {
//! let dedupe = Deduplicator::default();
//! let body = br#"{"workflow_id": "w1", "workflow_name": "collection", "status": "finished", "actions": []}"#;
//!
//! // A bad body is answered with `error.status()` (400, 413, 415) and `error.to_string()`.
//! let notification: WorkflowStatusChangedNotification = parse(body, BodyLimit::DEFAULT)?;
//! assert_eq!(notification.status, WorkflowStatus::Finished);
//!
//! // A store that cannot answer is an error: answer 500, never handle without the check.
//! match dedupe.claim(dedupe.fingerprint(&notification)?).await? {
//!     Claim::AlreadyAccepted => {} // answer `200 {}` without handling it again
//!     Claim::Acquired(pending) => {
//!         // handle it; only if that succeeded:
//!         pending.accept().await?; // then answer `200 {}` (dropping `pending` keeps it retryable)
//!     }
//! }
//! # Ok(())
//! # }
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(receive()).unwrap();
//! ```
#![deny(missing_docs)]

mod auth;
#[cfg(feature = "axum")]
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
pub use store::RedisStore;
pub use store::{DedupeStore, Lease, MemoryStore, StoreClaim, StoreError, StoreFuture};
