//! The maintainer tasks of airudder-rs, as a library so that their tests can drive them.

pub mod bench;
pub mod codegen;
