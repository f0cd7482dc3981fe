#![doc = include_str!("../README.md")]

mod answer;
mod auth;
mod expect;
mod faults;
mod routes;
mod rows;
mod server;
mod validate;
mod webhooks;

pub use answer::Reply;
pub use expect::{Expectation, Matcher, Times, UnmetExpectations};
pub use faults::Fault;
pub use server::{MockBuilder, MockServer, RecordedRequest, UnknownName};
pub use webhooks::{Delivery, DeliveryAttempt, DeliveryPolicy};
