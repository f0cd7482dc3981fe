//! Helpers for the tests that need several airudder crates together: the spec's examples, and
//! the comparison of generated types' JSON Schemas with the spec's schemas.

pub mod schema_agreement;
pub mod spec_examples;
