//! The workspace's cross-crate checks, one binary: the spec's examples round-trip, the JSON Schemas
//! agree with the spec, generated endpoints and decode errors behave, and trybuild's UI cases.

mod decode_errors;
mod generated_endpoints;
mod json_schema_agreement;
mod spec_examples_round_trip;
mod ui;
