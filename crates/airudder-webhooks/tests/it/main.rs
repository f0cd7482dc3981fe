//! The webhook receiver's integration tests, one binary: parsing, the axum service, a receiver
//! set up for production, and exactly-once across replicas on a real Redis (`--features redis`).

mod support;

mod axum_service;
mod parse;
mod receiver_in_production;
mod redis_dedupe;
