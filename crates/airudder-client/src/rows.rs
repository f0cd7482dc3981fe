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
pub(crate) use step::{DecodeHeader, DecodeRow, header};
pub(crate) use stream::Opening;
pub use stream::RowStream;

/// The JSON path of `inner` (a path within one row, `.` for the row itself) in the whole answer
/// whose payload member is `payload`: `data.detail[3]`, `data.detail[3].RingTime`. The one place
/// row paths are spelled.
pub(crate) fn row_path(payload: &str, array: &str, index: usize, inner: &str) -> String {
    match inner {
        "." => format!("{payload}.{array}[{index}]"),
        inner if inner.starts_with('[') => format!("{payload}.{array}[{index}]{inner}"),
        inner => format!("{payload}.{array}[{index}].{inner}"),
    }
}

#[cfg(test)]
mod tests {
    use super::row_path;

    #[test]
    fn row_paths_join_the_array_the_row_and_the_path_inside_it() {
        assert_eq!(row_path("data", "detail", 3, "."), "data.detail[3]");
        assert_eq!(
            row_path("data", "detail", 3, "RingTime"),
            "data.detail[3].RingTime"
        );
        assert_eq!(row_path("body", "list", 3, "[0]"), "body.list[3][0]");
    }
}
