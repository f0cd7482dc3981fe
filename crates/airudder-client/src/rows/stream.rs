//! `RowStream`: pulls the answer's bytes only as fast as its rows are consumed (backpressure), and
//! hands each row over decoded, then the other fields once the rows are done. Its body is watched
//! for stalls, and every failure names the row it happened in.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use airudder_models::__private::{Learned, ReadDirect};
use airudder_models::{EnvelopeInfo, PrefixError, decode_prefix};
use bytes::Bytes;
use futures_core::Stream;
use serde::de::{DeserializeOwned, IgnoredAny};
use tokio::time::{Instant, Sleep};

use super::scan::RowScanner;
use super::step::{self, DecodeHeader, DecodeRow, Step};
use crate::envelope::check_envelope;
use crate::error::Error;
use crate::redact::Redactor;
use crate::stall::{StallRule, StallWatch};
use crate::token::SentToken;

type Body = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// The rows of a large answer, decoded one by one as their bytes arrive; memory stays one row plus
/// one network chunk whatever the row count.
///
/// Read it with [`RowStream::next_row`] (or as a [`Stream`] with any stream combinators). Once the
/// rows are done, [`RowStream::header`] has the answer's other fields. The stream is handed over
/// once its first row (or its whole answer, when it has no row) has arrived, so a failure before
/// that is the call's error, retried and renewed like a buffered call's. A failure later (a row
/// that does not decode, a truncated body, an error envelope, a broken connection, a stalled body)
/// is the last item; its [`Error::json_path`] and [`Error::row_index`] name the row.
pub struct RowStream<H, R> {
    operation: &'static str,
    /// The family of the answer's envelope: its payload member and success rule.
    envelope: &'static EnvelopeInfo,
    array: &'static str,
    body: Body,
    scanner: RowScanner,
    decode_header: DecodeHeader<H>,
    decode_row: DecodeRow<R>,
    header: Option<H>,
    bytes_read: u64,
    /// What the answer's `Content-Length` announced, if it did.
    announced: Option<u64>,
    done: bool,
    watch: StallWatch,
    /// Wakes the stream when the stall window closes while it waits for the network.
    alarm: Option<Pin<Box<Sleep>>>,
    /// The secrets of the call, kept out of its errors.
    redactor: Redactor,
    /// The token the request was sent with, forgotten if the envelope refuses it.
    sent: Option<SentToken>,
    /// The first item, read before the stream was handed over.
    first: Option<Box<Option<Result<R, Error>>>>,
    /// Set for an answer read whole (see [`Opening::envelope_first`]): the first row that did not
    /// decode, kept while the rest of the answer is read to its envelope.
    deferred: Option<Error>,
    envelope_first: bool,
    /// What the rows before taught `next_row_into`'s direct reading (their members' order, and
    /// whether they keep being declined).
    learned: Learned,
}

/// What a stream is opened with, besides its answer.
pub(crate) struct Opening<H, R> {
    pub(crate) operation: &'static str,
    pub(crate) envelope: &'static EnvelopeInfo,
    pub(crate) array: &'static str,
    pub(crate) decode_header: DecodeHeader<H>,
    pub(crate) decode_row: DecodeRow<R>,
    pub(crate) stall: StallRule,
    pub(crate) redactor: Redactor,
    pub(crate) sent: Option<SentToken>,
    /// For an answer read whole: a row that does not decode does not end the reading; the rest
    /// is skipped to the envelope, and an error envelope is the error (a refused token renewed),
    /// as a decode of the whole body says. A stream hands rows over as they come, so it reports
    /// a bad row at once.
    pub(crate) envelope_first: bool,
}

impl<H: Unpin, R> RowStream<H, R> {
    /// Reads `response` up to its first row (or its end) and hands the stream over; a failure
    /// before that is the error.
    pub(crate) async fn open(
        response: reqwest::Response,
        opening: Opening<H, R>,
    ) -> Result<RowStream<H, R>, Error> {
        let announced = response.content_length();
        let mut stream = RowStream {
            announced,
            operation: opening.operation,
            envelope: opening.envelope,
            array: opening.array,
            body: Box::pin(response.bytes_stream()),
            scanner: RowScanner::new(opening.envelope.payload, opening.array),
            decode_header: opening.decode_header,
            decode_row: opening.decode_row,
            header: None,
            bytes_read: 0,
            done: false,
            watch: StallWatch::new(opening.stall),
            alarm: None,
            redactor: opening.redactor,
            sent: opening.sent,
            first: None,
            deferred: None,
            envelope_first: opening.envelope_first,
            learned: Learned::default(),
        };
        match stream.next_row().await {
            Some(Err(error)) => Err(error),
            first => {
                stream.first = Some(Box::new(first));
                Ok(stream)
            }
        }
    }
}

impl<H, R> RowStream<H, R> {
    /// The answer's fields other than the rows, once every row has been read.
    pub fn header(&self) -> Option<&H> {
        self.header.as_ref()
    }

    /// The answer's fields other than the rows, once every row has been read.
    pub fn into_header(self) -> Option<H> {
        self.header
    }

    /// Whether the answer's array came as an array and was read row by row; when not, the
    /// header was decoded from `data` with the array's member as it came, if it came at all.
    pub(crate) fn array_streamed(&self) -> bool {
        self.scanner.array_streamed()
    }

    /// How many rows were handed out so far.
    pub fn rows_read(&self) -> usize {
        // The first row, read before the stream was handed over, is not handed out yet.
        let waiting = matches!(self.first.as_deref(), Some(Some(Ok(_))));
        self.scanner.rows() - usize::from(waiting)
    }

    /// How many bytes of the answer were received so far.
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// The answer's size as its `Content-Length` announced it (a server may lie; for progress
    /// bars, not for trust), `None` when it was not announced (a chunked answer).
    pub fn announced_length(&self) -> Option<u64> {
        self.announced
    }

    /// Ends the stream with `error`, said of this operation, placed in the row in progress (when
    /// it knows no better place, and is not the envelope's refusal, which is of no row), without
    /// the call's secrets. A refused token is forgotten.
    fn fail<T>(&mut self, error: Error) -> Poll<Option<Result<T, Error>>> {
        self.done = true;
        self.alarm = None;
        let error = match self.scanner.position() {
            Some((path, row)) if !error.is_api() => error.in_row(path, row),
            _ => error,
        };
        let error = error.for_operation(self.operation).redacted(&self.redactor);
        if error.is_token_rejected() {
            if let Some(sent) = &self.sent {
                sent.refused();
            }
        }
        Poll::Ready(Some(Err(error)))
    }

    /// The envelope says success (else it is the error) and the rest of `data` decodes.
    fn finish<T>(
        &mut self,
        envelope: Vec<u8>,
        data: Option<Vec<u8>>,
    ) -> Poll<Option<Result<T, Error>>> {
        let envelope = Bytes::from(envelope);
        if let Err(error) = check_envelope(self.envelope, envelope.clone()) {
            return self.fail(error);
        }
        if let Some(error) = self.deferred.take() {
            return self.fail(error);
        }
        let Some(data) = data else {
            return self.fail(Error::missing_data());
        };
        match step::header(&data, self.decode_header) {
            Ok(header) => {
                self.done = true;
                self.alarm = None;
                self.header = Some(header);
                Poll::Ready(None)
            }
            Err(error) => self.fail(error),
        }
    }

    /// An error envelope whose code came before the rows (`{"code": 10813, ..., "body": {"list":
    /// [...]}}`): the answer is refused, so its rows are not handed over, and the error is the
    /// call's (a refused token renewed, the call repeated). `None` when the members before the
    /// rows say success or do not say yet.
    fn refused_before_rows(&self) -> Option<Error> {
        let envelope = self.scanner.envelope_so_far();
        let said = self.envelope.read_said(&envelope).ok()?;
        self.envelope
            .refuses(&said)
            .then(|| Error::api(said, &envelope))
    }

    /// Waits for the next chunk of the body under the stall watch: `Ready(Ok(None))` at its end.
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<Bytes>, Error>> {
        loop {
            match self.body.as_mut().poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    self.watch.received(chunk.len(), Instant::now())?;
                    return Poll::Ready(Ok(Some(chunk)));
                }
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Err(Error::transport(error))),
                Poll::Ready(None) => {
                    self.watch.received(0, Instant::now())?;
                    return Poll::Ready(Ok(None));
                }
                Poll::Pending => {}
            }
            let closes = self.watch.waiting(Instant::now());
            let alarm = self
                .alarm
                .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(closes)));
            if alarm.deadline() != closes {
                alarm.as_mut().reset(closes);
            }
            match alarm.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                // The window closed with nothing new: a stall, or the next window.
                Poll::Ready(()) => self.watch.deadline_passed(Instant::now())?,
            }
        }
    }
}

impl<H, R> RowStream<H, R> {
    /// Reads until the next row is decoded by `decode_row` (which gives `T`: the row, or `()`
    /// when it decodes over a row the caller holds), the rows end, or something fails.
    fn poll_row<T>(
        &mut self,
        cx: &mut Context<'_>,
        mut decode_row: impl FnMut(&str) -> Result<(T, usize), PrefixError>,
    ) -> Poll<Option<Result<T, Error>>> {
        if self.done {
            return Poll::Ready(None);
        }
        loop {
            let skipping = self.deferred.is_some();
            let stepped = step::step(&mut self.scanner, |text| {
                if skipping {
                    decode_prefix::<IgnoredAny>(text).map(|(_, used)| (None, used))
                } else {
                    decode_row(text).map(|(row, used)| (Some(row), used))
                }
            });
            match stepped {
                // The rows already buffered are skipped before more bytes are asked for.
                Err(error) if self.envelope_first && !skipping && error.row_index().is_some() => {
                    self.deferred = Some(error);
                    continue;
                }
                Err(error) => {
                    // As a whole-body read: a broken connection is its own error; a body that
                    // does not parse is told by the first bad row, which came first.
                    let error = match self.deferred.take() {
                        Some(first) if error.is_decode() => first,
                        _ => error,
                    };
                    return self.fail(error);
                }
                Ok(Step::NeedMore) => {}
                Ok(Step::Row(Some(row))) => {
                    if self.scanner.rows() == 1 {
                        if let Some(error) = self.refused_before_rows() {
                            return self.fail(error);
                        }
                    }
                    return Poll::Ready(Some(Ok(row)));
                }
                Ok(Step::Row(None)) => continue,
                Ok(Step::Finished { envelope, data }) => return self.finish(envelope, data),
            }
            // More bytes are needed.
            match std::task::ready!(self.poll_chunk(cx)) {
                Ok(Some(chunk)) => {
                    self.bytes_read += chunk.len() as u64;
                    self.scanner.feed(&chunk);
                }
                Ok(None) => self.scanner.finish_input(),
                Err(error) => return self.fail(error),
            }
        }
    }
}

impl<H: Unpin, R> Stream for RowStream<H, R> {
    type Item = Result<R, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(first) = this.first.take() {
            return Poll::Ready(*first);
        }
        let decode_row = this.decode_row;
        this.poll_row(cx, decode_row)
    }
}

impl<H: Unpin, R> RowStream<H, R> {
    /// The next row; `None` once the rows are done (then [`RowStream::header`] is set) or after
    /// an error.
    pub async fn next_row(&mut self) -> Option<Result<R, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<H: Unpin, R: DeserializeOwned + ReadDirect> RowStream<H, R> {
    /// Decodes the next row over `row`, reusing its allocations: each string and list of the
    /// last row is written over where the new value fits, so a loop that handles one row at a
    /// time allocates only where a row outgrows the last (a fresh row per
    /// [`next_row`](Self::next_row) allocates every string of it). The value is the one
    /// `next_row` would give, whatever `row` held. `Some(Ok(()))` when `row` holds the next row;
    /// `None` once the rows are done or after an error; after `Some(Err(..))`, `row` holds a
    /// partly decoded value.
    ///
    /// The rows (a generated row type, or `serde_json::Value`) are read straight from their
    /// text, member by member, with the members expected in the order the rows before came in;
    /// a row with anything that reading does not take exactly as serde would (a `null` where
    /// the spec allows none, a repeated member, an escaped name) is decoded by serde instead, and
    /// decimal numbers and enums are read by serde, so the value, and any error, is serde's.
    ///
    /// ```no_run
    /// # async fn run(client: airudder_client::Client) -> Result<(), airudder_client::Error> {
    /// use airudder_client::models::{GetWorkflowTaskDetailRequest, WorkflowCallDetail};
    ///
    /// let request = GetWorkflowTaskDetailRequest::new("1def98dc9c8c72449ab55d6ec22c2e68");
    /// let mut rows = client.get_workflow_task_detail_stream(&request).await?;
    /// let mut row: Option<WorkflowCallDetail> = None;
    /// while let Some(read) = rows.next_row_into(&mut row).await {
    ///     read?;
    ///     if let Some(row) = &row {
    ///         println!("{} {}", row.call_id, row.intention);
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// `row` is an `Option` so that the first row can be moved in without a made-up value to
    /// write over; every later row is decoded over it.
    pub async fn next_row_into(&mut self, row: &mut Option<R>) -> Option<Result<(), Error>> {
        match self.first.take().map(|first| *first) {
            Some(Some(Ok(first))) => {
                *row = Some(first);
                return Some(Ok(()));
            }
            Some(Some(Err(error))) => return Some(Err(error)),
            Some(None) => return None,
            None => {}
        }
        std::future::poll_fn(|cx| {
            let mut learned = std::mem::take(&mut self.learned);
            let polled = self.poll_row(cx, |text| step::decode_over(text, row, &mut learned));
            self.learned = learned;
            polled
        })
        .await
    }
}

impl<H, R> fmt::Debug for RowStream<H, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RowStream")
            .field("operation", &self.operation)
            .field("array", &self.array)
            .field("rows_read", &self.rows_read())
            .field("bytes_read", &self.bytes_read)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
