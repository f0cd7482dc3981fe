//! The intermediate representation: the model (`model.rs`) and the lowering from the spec
//! (`lower.rs` for component types, `fields.rs` for members and their types, `unions.rs` for
//! tagged unions, `operations.rs` for operations and webhooks, `cycles.rs` for boxing recursive
//! types, `envelope.rs` for envelope families, `security.rs` for token schemes, `paging.rs` for paged answers). The lowering makes the semantic checks: names that collide, constructs that have no
//! Rust form, shapes that contradict each other.

mod cycles;
mod envelope;
mod fields;
mod lower;
mod model;
mod operations;
mod paging;
mod security;
mod unions;

pub use lower::lower;
pub use model::*;
