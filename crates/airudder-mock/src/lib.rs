#![doc = include_str!("../README.md")]

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
