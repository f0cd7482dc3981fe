//! AiRudder on loopback, for integrators' tests and for trying the SDK without calling real people.
//!
//! [`MockServer`] serves every operation of the spec from the generated catalog
//! ([`airudder_models::OPERATIONS`]): an operation added to the spec is served with no code here.
//! It issues tokens for configured APPKey/APPSecret pairs and refuses missing, invalid and expired
//! ones; validates each request against the operation's request type; answers with the spec's
//! examples, scripted replies, or generated task details of N rows; injects faults (latency, 5xx,
//! 429 with `Retry-After`, closed connections, malformed or truncated bodies); and delivers
//! webhooks to a URL, retrying as AiRudder does.
//!
//! ```no_run
//! # async fn run() {
//! use airudder_mock::{Fault, MockServer};
//!
//! let mock = MockServer::start().await;
//! mock.inject("getTaskDetail", Fault::status(503).times(1));
//! // Point a client at mock.url() with mock.app_key() / mock.app_secret().
//! println!("{} {} {}", mock.url(), mock.app_key(), mock.app_secret());
//! # }
//! ```

mod answer;
mod auth;
mod faults;
mod routes;
mod rows;
mod server;
mod validate;
mod webhooks;

pub use answer::Reply;
pub use faults::Fault;
pub use server::{MockBuilder, MockServer, RecordedRequest};
pub use webhooks::{Delivery, DeliveryAttempt, DeliveryPolicy};
