//! `RowStream`: pulls the answer's bytes only as fast as its rows are consumed (backpressure), and
//! hands each row over decoded, then the other fields once the rows are done.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use futures_core::Stream;

use super::scan::RowScanner;
use super::step::{self, DecodeHeader, DecodeRow, Step};
use crate::envelope::check_envelope;
use crate::error::{Error, ErrorKind};

type Body = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// The rows of a large answer, decoded one by one as their bytes arrive; memory stays one row plus
/// one network chunk whatever the row count.
///
/// Read it with [`RowStream::next_row`] (or as a [`Stream`] with any stream combinators). Once the
/// rows are done, [`RowStream::header`] has the answer's other fields. A failure (a row that does
/// not decode, a truncated body, an error envelope, a broken connection) is the last item; its
/// [`Error::json_path`] and [`Error::row_index`] say where.
pub struct RowStream<H, R> {
    operation: &'static str,
    array: &'static str,
    body: Body,
    scanner: RowScanner,
    decode_header: DecodeHeader<H>,
    decode_row: DecodeRow<R>,
    header: Option<H>,
    bytes_read: u64,
    done: bool,
}

impl<H, R> RowStream<H, R> {
    pub(crate) fn new(
        operation: &'static str,
        array: &'static str,
        response: reqwest::Response,
        decode_header: DecodeHeader<H>,
        decode_row: DecodeRow<R>,
    ) -> RowStream<H, R> {
        RowStream {
            operation,
            array,
            body: Box::pin(response.bytes_stream()),
            scanner: RowScanner::new(array),
            decode_header,
            decode_row,
            header: None,
            bytes_read: 0,
            done: false,
        }
    }

    /// The answer's fields other than the rows, once every row has been read.
    pub fn header(&self) -> Option<&H> {
        self.header.as_ref()
    }

    /// The answer's fields other than the rows, once every row has been read.
    pub fn into_header(self) -> Option<H> {
        self.header
    }

    /// How many rows were handed out so far.
    pub fn rows_read(&self) -> usize {
        self.scanner.rows()
    }

    /// How many bytes of the answer were received so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    fn fail(&mut self, kind: ErrorKind) -> Poll<Option<Result<R, Error>>> {
        self.done = true;
        Poll::Ready(Some(Err(Error::new(Some(self.operation), kind))))
    }

    /// The envelope says success (else it is the error) and the rest of `data` decodes.
    fn finish(
        &mut self,
        envelope: Vec<u8>,
        data: Option<Vec<u8>>,
    ) -> Poll<Option<Result<R, Error>>> {
        self.done = true;
        if let Err(error) = check_envelope(self.operation, Bytes::from(envelope)) {
            return Poll::Ready(Some(Err(error)));
        }
        let Some(data) = data else {
            return self.fail(ErrorKind::MissingData);
        };
        match step::header(&data, self.decode_header) {
            Ok(header) => {
                self.header = Some(header);
                Poll::Ready(None)
            }
            Err(kind) => self.fail(kind),
        }
    }
}

impl<H: Unpin, R> Stream for RowStream<H, R> {
    type Item = Result<R, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        loop {
            match step::step(&mut this.scanner, this.array, this.decode_row) {
                Err(kind) => return this.fail(kind),
                Ok(Step::NeedMore) => {}
                Ok(Step::Row(row)) => return Poll::Ready(Some(Ok(row))),
                Ok(Step::Finished { envelope, data }) => return this.finish(envelope, data),
            }
            // More bytes are needed.
            match ready!(this.body.as_mut().poll_next(cx)) {
                Some(Ok(chunk)) => {
                    this.bytes_read += chunk.len() as u64;
                    this.scanner.feed(&chunk);
                }
                Some(Err(error)) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(Error::transport(this.operation, error))));
                }
                None => this.scanner.finish_input(),
            }
        }
    }
}

impl<H: Unpin, R> RowStream<H, R> {
    /// The next row; `None` once the rows are done (then [`RowStream::header`] is set) or after
    /// an error.
    pub async fn next_row(&mut self) -> Option<Result<R, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<H, R> fmt::Debug for RowStream<H, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RowStream")
            .field("operation", &self.operation)
            .field("array", &self.array)
            .field("rows_read", &self.scanner.rows())
            .field("bytes_read", &self.bytes_read)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
