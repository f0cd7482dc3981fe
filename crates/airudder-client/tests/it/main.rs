//! The client's integration tests, one binary (linking one per file cost more than running them):
//! each module drives a real client against loopback servers (`support`).

mod support;

mod auth;
mod errors;
mod lying_headers;
mod operations;
mod overrides;
mod quickstart;
mod redirects;
mod retries;
mod secrets;
mod streaming;
mod timeouts;
mod token_outage;
mod tracing;
mod whole_by_rows;
