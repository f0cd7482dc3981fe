//! The integration tests of airudder-models, one module per subject (one binary: see
//! ARCHITECTURE.md).

mod direct;
