//! One step of reading the rows of an answer, whatever feeds the bytes (the network for
//! [`RowStream`](super::RowStream), a file for [`RowReader`](super::RowReader)): what the scanner
//! found next, a row decoded, and every failure placed at the row and JSON path where it is.

use airudder_models::__private::{Learned, ReadDirect, decode_prefix_over};
use airudder_models::{DecodeError, PrefixError, decode_prefix};
use serde::de::DeserializeOwned;

use super::scan::{Event, RowScanner, ScanError};
use crate::error::Error;

/// Decodes the answer's fields other than the rows.
pub(crate) type DecodeHeader<H> = fn(&[u8]) -> Result<H, DecodeError>;

/// Decodes one row from the front of the text given, returning it and the bytes it took.
pub(crate) type DecodeRow<R> = fn(&str) -> Result<(R, usize), PrefixError>;

/// What one step gave.
pub(crate) enum Step<R> {
    /// More bytes are needed.
    NeedMore,
    /// A row, decoded.
    Row(R),
    /// The whole answer was read: the envelope without `data`, and `data` without the array.
    Finished {
        envelope: Vec<u8>,
        data: Option<Vec<u8>>,
    },
}

fn malformed(error: ScanError) -> Error {
    Error::malformed(error.path, error.row, error.message)
}

/// Takes the next step over what the scanner has; `decode_row` decodes a row from the front of
/// the text it is given (into a new value, or over one the caller holds) with the bytes it took.
pub(crate) fn step<R>(
    scanner: &mut RowScanner,
    decode_row: impl FnOnce(&str) -> Result<(R, usize), PrefixError>,
) -> Result<Step<R>, Error> {
    match scanner.next().map_err(malformed)? {
        Event::NeedMore => Ok(Step::NeedMore),
        Event::Finished { envelope, data } => Ok(Step::Finished { envelope, data }),
        Event::RowAt { index, start } => match decode_row(scanner.rest(start)) {
            Ok((row, used)) => {
                scanner.row_decoded(start, used);
                Ok(Step::Row(row))
            }
            Err(PrefixError::Incomplete) => {
                scanner.row_incomplete().map_err(malformed)?;
                Ok(Step::NeedMore)
            }
            Err(PrefixError::Invalid(source)) => Err(Error::decode_at(
                scanner.row_path(index, source.path()),
                Some(index),
                &source,
            )),
        },
    }
}

/// Decodes one row from the front of `text` over `row` (reusing its allocations; read directly
/// where the row allows, `direct.rs` in airudder-models, with what `learned` holds, which
/// the rows before taught), or into it when it is empty: what `next_row_into` gives [`step`],
/// with the bytes the row took.
pub(crate) fn decode_over<R: DeserializeOwned + ReadDirect>(
    text: &str,
    row: &mut Option<R>,
    learned: &mut Learned,
) -> Result<((), usize), PrefixError> {
    match row {
        Some(place) => decode_prefix_over(text, place, learned).map(|used| ((), used)),
        None => decode_prefix::<R>(text).map(|(fresh, used)| {
            *row = Some(fresh);
            ((), used)
        }),
    }
}

/// Decodes `data` without the array; a failure is placed under `data`.
pub(crate) fn header<H>(data: &[u8], decode_header: DecodeHeader<H>) -> Result<H, Error> {
    decode_header(data).map_err(|source| {
        let path = match source.path() {
            "." => "data".to_owned(),
            inner => format!("data.{inner}"),
        };
        Error::decode_at(path, None, &source)
    })
}
