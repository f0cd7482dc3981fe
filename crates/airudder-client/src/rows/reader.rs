//! `RowReader`: the rows of an answer read from bytes at hand (a file, standard input), one by
//! one, in memory bounded by one row plus one chunk, with the same scanner and the same errors as
//! [`RowStream`](super::RowStream).

use std::fmt;
use std::io::Read;

use airudder_models::__private::{Learned, ReadDirect};
use airudder_models::{DecodeError, EnvelopeInfo, PrefixError};
use serde::de::DeserializeOwned;

use super::scan::RowScanner;
use super::step::{self, Step};
use crate::error::Error;

/// How much is read at a time.
const CHUNK: usize = 64 * 1024;

/// The rows of an answer (`{"data": {..., "<array>": [row, ...]}, "status": ..., "code": ...}`,
/// or the payload member its envelope family names) read from `reader` one by one; once they are
/// done, the rest of the payload and the envelope.
///
/// Unlike [`RowStream`](super::RowStream) it does not judge the envelope: an error envelope, or
/// an answer without `data`, is handed over as it is ([`RowReader::envelope`],
/// [`RowReader::header`]), for tools that report on a saved answer.
pub struct RowReader<Rd, H, R> {
    reader: Rd,
    operation: &'static str,
    array: &'static str,
    scanner: RowScanner,
    decode_header: fn(&[u8]) -> Result<H, DecodeError>,
    decode_row: fn(&str) -> Result<(R, usize), PrefixError>,
    chunk: Vec<u8>,
    bytes_read: u64,
    envelope: Option<Vec<u8>>,
    header: Option<H>,
    done: bool,
    /// What the rows before taught `next_row_into`'s direct reading (their members' order, and
    /// whether they keep being declined).
    learned: Learned,
}

impl<Rd: Read, H, R> RowReader<Rd, H, R> {
    /// Reads the answer of `operation` (for messages) whose rows are `<payload>.<array>`, the
    /// payload member being the one `envelope` names (`OperationInfo::envelope`).
    pub fn new(
        reader: Rd,
        operation: &'static str,
        envelope: &'static EnvelopeInfo,
        array: &'static str,
        decode_header: fn(&[u8]) -> Result<H, DecodeError>,
        decode_row: fn(&str) -> Result<(R, usize), PrefixError>,
    ) -> Self {
        RowReader {
            reader,
            operation,
            array,
            scanner: RowScanner::new(envelope.payload, array),
            decode_header,
            decode_row,
            chunk: vec![0; CHUNK],
            bytes_read: 0,
            envelope: None,
            header: None,
            done: false,
            learned: Learned::default(),
        }
    }

    /// The next row; `None` once the rows are done (then the envelope and the header are set) or
    /// after an error, which names the row and the JSON path.
    pub fn next_row(&mut self) -> Option<Result<R, Error>> {
        let decode_row = self.decode_row;
        self.read_row(decode_row)
    }

    /// Reads until `decode_row` has decoded the next row (giving the row, or `()` when it decodes
    /// over one the caller holds), the rows end, or something fails.
    fn read_row<T>(
        &mut self,
        mut decode_row: impl FnMut(&str) -> Result<(T, usize), PrefixError>,
    ) -> Option<Result<T, Error>> {
        if self.done {
            return None;
        }
        loop {
            match step::step(&mut self.scanner, &mut decode_row) {
                Err(error) => return self.fail(error),
                Ok(Step::Row(row)) => return Some(Ok(row)),
                Ok(Step::Finished { envelope, data }) => {
                    self.done = true;
                    self.envelope = Some(envelope);
                    if let Some(data) = data {
                        match step::header(&data, self.decode_header) {
                            Ok(header) => self.header = Some(header),
                            Err(error) => return self.fail(error),
                        }
                    }
                    return None;
                }
                Ok(Step::NeedMore) => {}
            }
            match self.reader.read(&mut self.chunk) {
                Ok(0) => self.scanner.finish_input(),
                Ok(read) => {
                    self.bytes_read += read as u64;
                    self.scanner.feed(&self.chunk[..read]);
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => {
                    let error = match self.scanner.position() {
                        Some((path, row)) => Error::read(error).in_row(path, row),
                        None => Error::read(error),
                    };
                    return self.fail(error);
                }
            }
        }
    }

    fn fail<T>(&mut self, error: Error) -> Option<Result<T, Error>> {
        self.done = true;
        Some(Err(error.for_operation(self.operation)))
    }

    /// The next row decoded over `row`, reusing its allocations, as
    /// [`RowStream::next_row_into`](super::RowStream::next_row_into) does: the first row is
    /// moved into an empty `row`, every later one decoded over it (straight from the text, or
    /// with `R`'s own `Deserialize`, as the stream's), not with the `decode_row` given to
    /// [`new`](Self::new): the value is the one [`next_row`](Self::next_row) gives when that is
    /// `decode_prefix::<R>`.
    pub fn next_row_into(&mut self, row: &mut Option<R>) -> Option<Result<(), Error>>
    where
        R: DeserializeOwned + ReadDirect,
    {
        let mut learned = std::mem::take(&mut self.learned);
        let read = self.read_row(|text| step::decode_over(text, row, &mut learned));
        self.learned = learned;
        read
    }

    /// The envelope without `data`, as JSON text, once the rows are done.
    pub fn envelope(&self) -> Option<&[u8]> {
        self.envelope.as_deref()
    }

    /// The rest of `data`, decoded, once the rows are done (`None` when the answer had no
    /// `data`).
    pub fn header(&self) -> Option<&H> {
        self.header.as_ref()
    }

    /// How many rows were handed out so far.
    pub fn rows_read(&self) -> usize {
        self.scanner.rows()
    }

    /// The JSON path of the row handed out last (`data.detail[41]`), once there is one.
    pub fn last_row_path(&self) -> Option<String> {
        let last = self.scanner.rows().checked_sub(1)?;
        Some(self.scanner.row_path(last, "."))
    }

    /// How many bytes were read so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }
}

impl<Rd, H, R> fmt::Debug for RowReader<Rd, H, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RowReader")
            .field("operation", &self.operation)
            .field("array", &self.array)
            .field("rows_read", &self.scanner.rows())
            .field("bytes_read", &self.bytes_read)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
