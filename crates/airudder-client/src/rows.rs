//! Streaming the large array of an answer (`x-large-array` in the spec): the rows of a task
//! detail decoded one by one as their bytes arrive.

mod scan;
mod stream;

pub use stream::RowStream;
pub(crate) use stream::{DecodeHeader, DecodeRow};
