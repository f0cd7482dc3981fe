//! Streaming the large array of an answer (`x-large-array` in the spec): the rows of a task
//! detail decoded one by one as their bytes arrive, from the network ([`RowStream`]) or from a
//! file ([`RowReader`]).

#[cfg(any(test, fuzzing))]
pub(crate) mod oracle;
mod raw;
mod reader;
mod scan;
#[cfg(test)]
mod scan_properties;
mod step;
mod stream;

pub use raw::RawRow;
#[doc(hidden)]
pub use raw::raw_prefix;
pub use reader::RowReader;
pub(crate) use step::{DecodeHeader, DecodeRow};
pub use stream::RowStream;
