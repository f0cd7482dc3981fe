//! The spec: its model (`model.rs`) and the reader that fills it from the JSON document
//! (`reader.rs` for the document and the reader's helpers, `operations.rs` for operations and
//! webhooks, `schema.rs` for schema objects, `envelope.rs` for `x-envelope`, `security.rs` for token
//! schemes). The reader makes structural checks only; meaning is
//! decided by the IR.

mod envelope;
mod model;
mod operations;
mod reader;
mod schema;
mod security;

pub use model::*;
pub use reader::read;
