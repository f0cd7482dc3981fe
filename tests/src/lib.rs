//! Helpers for the tests that need several airudder crates together: the spec's examples, and
//! the comparison of generated types' JSON Schemas with the spec's schemas.

pub mod schema_agreement;
pub mod spec_examples;

// The workspace README's examples compile (and the models one runs) as doc tests of this crate,
// which is never published: they use every crate together.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
struct ReadmeDoctests;
