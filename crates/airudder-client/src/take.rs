//! How the send loop takes a successful (2xx) answer: read whole and decoded ([`Whole`]), read
//! row by row and put together ([`Collected`]), or handed over as a stream of rows ([`Opened`]).
//!
//! [`Take`] is an object and keeps what it took: the send loop (`client.rs`) holds a `&mut dyn
//! Take` and is not generic, so its retries, token handling, timeouts and spans are compiled once,
//! in this crate. A generic loop was compiled again in every crate that sends a request type of its
//! own. What stays generic is small: decoding the answer into the caller's type.

use std::future::Future;
use std::pin::Pin;

use airudder_models::{DecodeError, EnvelopeInfo, LargeArray, decode_json, decode_prefix};

use crate::client::Client;
use crate::error::Error;
use crate::redact::Redactor;
use crate::rows::{self, DecodeHeader, DecodeRow, Opening, RowStream};
use crate::settings::CallSettings;
use crate::stall::{StallWatch, next_chunk};
use crate::token::SentToken;

/// The largest buffer reserved up front from a `Content-Length`: a header can claim anything, so
/// a bigger body grows the buffer as its bytes really arrive.
const MAX_PRESIZE: u64 = 4 << 20;

/// A taking in progress, boxed: what makes [`Take`] an object.
pub(crate) type Taking<'a> = Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;

/// What an attempt's answer is read with: its operation, its stall rule, and the secrets to keep
/// out of errors.
pub(crate) struct Answer<'a> {
    pub(crate) client: &'a Client,
    pub(crate) operation: &'static str,
    /// The family of the answer's envelope.
    pub(crate) envelope: &'static EnvelopeInfo,
    /// The operation is sent without a token: a token call, whose answer hands one out.
    pub(crate) hands_out_token: bool,
    pub(crate) sent: Option<&'a SentToken>,
    pub(crate) settings: &'a CallSettings,
}

impl Answer<'_> {
    pub(crate) fn watch(&self) -> StallWatch {
        StallWatch::new(self.settings.stall())
    }

    /// What the stream of this answer is opened with; `envelope_first` when it is read whole (an
    /// error envelope wins over a row that does not decode, [`Opening::envelope_first`]).
    fn opening<H, R>(
        &self,
        array: &'static str,
        decode_header: DecodeHeader<H>,
        decode_row: DecodeRow<R>,
        envelope_first: bool,
    ) -> Opening<H, R> {
        Opening {
            operation: self.operation,
            envelope: self.envelope,
            array,
            decode_header,
            decode_row,
            stall: self.settings.stall(),
            redactor: self.redactor(None),
            sent: self.sent.cloned(),
            envelope_first,
        }
    }

    /// The secrets of this call: the APPSecret or fixed token, the token sent, the tokens cached
    /// (a token endpoint hands the same one out again), and for a token call the tokens in
    /// `body` (the token it hands out is a secret too).
    pub(crate) fn redactor(&self, body: Option<&[u8]>) -> Redactor {
        let shared = &self.client.shared;
        let mut redactor = Redactor::none().with(shared.credentials.secret());
        if let Some(sent) = self.sent {
            redactor = redactor.with(&sent.token);
        }
        for cached in shared.tokens.current() {
            redactor = redactor.with(&cached);
        }
        match body {
            Some(body) if self.hands_out_token => {
                redactor.with_tokens_in(body, self.envelope.payload)
            }
            _ => redactor,
        }
    }
}

/// How a successful answer is taken; what was taken stays in the taker until
/// [`Taken::into_output`]. An attempt that fails leaves nothing behind, and a retry takes again.
pub(crate) trait Take: Send {
    /// Reads `response` and keeps what it gives.
    fn take<'a>(&'a mut self, response: reqwest::Response, answer: &'a Answer<'a>) -> Taking<'a>;
}

/// A [`Take`] whose result the caller takes out once the send loop succeeded.
pub(crate) trait Taken: Take {
    /// What the caller gets.
    type Output;

    /// What the successful attempt took. The send loop returns `Ok` only after a taking
    /// succeeded, so `None` is never seen by a caller (who reads it as an answer without `data`
    /// rather than panicking).
    fn into_output(self) -> Option<Self::Output>;
}

/// Read whole into one buffer and decoded from it with `decode` (a function, or a closure that
/// knows more of the call, such as a token scheme).
pub(crate) struct Whole<T, F = fn(&[u8]) -> Result<T, Error>> {
    decode: F,
    output: Option<T>,
}

impl<T, F: Fn(&[u8]) -> Result<T, Error>> Whole<T, F> {
    pub(crate) fn new(decode: F) -> Self {
        Whole {
            decode,
            output: None,
        }
    }
}

impl<T: Send, F: Fn(&[u8]) -> Result<T, Error> + Send> Take for Whole<T, F> {
    fn take<'a>(&'a mut self, response: reqwest::Response, answer: &'a Answer<'a>) -> Taking<'a> {
        Box::pin(async move {
            let body = read_body(response, answer).await?;
            let decoded = (self.decode)(&body);
            self.output =
                Some(decoded.map_err(|error| error.redacted(&answer.redactor(Some(&body))))?);
            Ok(())
        })
    }
}

impl<T: Send, F: Fn(&[u8]) -> Result<T, Error> + Send> Taken for Whole<T, F> {
    type Output = T;

    fn into_output(self) -> Option<T> {
        self.output
    }
}

/// The whole body in one buffer; not generic, so compiled once.
async fn read_body(mut response: reqwest::Response, answer: &Answer<'_>) -> Result<Vec<u8>, Error> {
    let capacity = response.content_length().unwrap_or(0).min(MAX_PRESIZE) as usize;
    let mut body = Vec::with_capacity(capacity);
    let mut watch = answer.watch();
    while let Some(chunk) = next_chunk(&mut response, &mut watch).await? {
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Handed over as a stream of rows, once its first row is in.
pub(crate) struct Opened<H, R> {
    array: &'static str,
    decode_header: DecodeHeader<H>,
    decode_row: DecodeRow<R>,
    output: Option<RowStream<H, R>>,
}

impl<H, R> Opened<H, R> {
    pub(crate) fn new(
        array: &'static str,
        decode_header: DecodeHeader<H>,
        decode_row: DecodeRow<R>,
    ) -> Self {
        Opened {
            array,
            decode_header,
            decode_row,
            output: None,
        }
    }
}

impl<H: Unpin + Send, R: Send> Take for Opened<H, R> {
    fn take<'a>(&'a mut self, response: reqwest::Response, answer: &'a Answer<'a>) -> Taking<'a> {
        Box::pin(async move {
            let opening = answer.opening(self.array, self.decode_header, self.decode_row, false);
            self.output = Some(RowStream::open(response, opening).await?);
            Ok(())
        })
    }
}

impl<H: Unpin + Send, R: Send> Taken for Opened<H, R> {
    type Output = RowStream<H, R>;

    fn into_output(self) -> Option<RowStream<H, R>> {
        self.output
    }
}

/// Read row by row as it arrives (the body is never held whole), then put together: the same
/// answer, errors and retries as [`Whole`], in the memory of the decoded answer alone.
pub(crate) struct Collected<L> {
    output: Option<L>,
}

impl<L> Collected<L> {
    pub(crate) fn new() -> Self {
        Collected { output: None }
    }
}

impl<L: LargeArray + Send> Take for Collected<L> {
    fn take<'a>(&'a mut self, response: reqwest::Response, answer: &'a Answer<'a>) -> Taking<'a> {
        Box::pin(async move {
            let opening = answer.opening(L::ARRAY, keep_data, decode_prefix::<L::Row>, true);
            let mut stream = RowStream::open(response, opening).await?;
            let mut rows = Vec::new();
            while let Some(row) = stream.next_row().await {
                rows.push(row?);
            }
            let streamed = stream.array_streamed();
            let data = stream.into_header().ok_or_else(Error::missing_data)?;
            let assembled = if streamed {
                rows::header(&data, decode_json::<L::Header>)
                    .map(|header| L::assemble(header, rows))
            } else {
                // The array came as something else (`null`, a wrong type) or not at all: the
                // whole `data` is at hand, and decoding it says what a buffered decode would.
                rows::header(&data, decode_json::<L>)
            };
            self.output = Some(assembled.map_err(|error| error.redacted(&answer.redactor(None)))?);
            Ok(())
        })
    }
}

impl<L: LargeArray + Send> Taken for Collected<L> {
    type Output = L;

    fn into_output(self) -> Option<L> {
        self.output
    }
}

/// The rest of `data` kept as it came, to be decoded once the rows say how.
fn keep_data(data: &[u8]) -> Result<Vec<u8>, DecodeError> {
    Ok(data.to_vec())
}
