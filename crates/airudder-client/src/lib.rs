//! A typed async client for the [AiRudder](https://www.airudder.com) cloud API.
//!
//! Every rough edge of the API is handled once, here:
//!
//! - **tokens**: with APPKey + APPSecret the client obtains a token on first use, shares it
//!   between concurrent calls, renews it before its 24 hours run out, and renews it once more if
//!   AiRudder refuses it (HTTP 401 or a token error code);
//! - **envelopes**: an answer is `{"data": ..., "status": "OK", "code": 200}`; you get `data`, and
//!   any other code or status (HTTP 200 included) is an [`Error`] with [`Error::is_api`];
//! - **retries**: only for requests that are safe to repeat (every `GET`, the read-only `POST`s the
//!   spec marks idempotent, the token request), after connection errors, timeouts, 429 and 5xx,
//!   with backoff and `Retry-After`. Creating a task is never retried: that would call real people
//!   twice;
//! - **timeouts**: nothing waits without a bound: each attempt has a timeout (300 s), every body is
//!   watched for stalls (nothing, or a trickle, for 30 s of waiting), the token fetch has its own
//!   (10 s) and concurrent callers share one fetch and its outcome;
//! - **redirects**: none is followed (a 3xx is an error), so no credential leaves for another
//!   origin; a caller's own `reqwest::Client` may follow them, but without the request body or
//!   `Authorization`, and an answer from another origin is refused unread;
//! - **errors**: one [`Error`] type with predicates; a decoding error names the JSON path of the bad
//!   value; a non-2xx answer keeps its status and its envelope's code and message; no secret ever
//!   appears in `Debug`, `Display` or logs, even when a server echoes one;
//! - **tracing**: one `airudder_request` span per attempt with the operation id, the attempt, the
//!   HTTP status and the duration (never bodies or headers).
//!
//! Every operation of the spec has a method (generated, e.g. [`Client::get_task_detail`]), and
//! [`Client::send`] takes any request type implementing [`Endpoint`].
//!
//! ```no_run
//! use airudder_client::Client;
//! use airudder_client::models::GetTaskDetailRequest;
//!
//! # async fn run() -> Result<(), airudder_client::Error> {
//! let client = Client::builder().app_credentials("YOUR_APP_KEY", "YOUR_APP_SECRET").build()?;
//! let task = client.get_task_detail(&GetTaskDetailRequest::new("82caed2e")).await?;
//! println!("{} calls in {}", task.detail.len(), task.task_name);
//! # Ok(())
//! # }
//! ```

mod builder;
mod client;
mod clock;
mod credentials;
mod dynamic;
mod envelope;
mod error;
#[rustfmt::skip]
mod generated;
mod origin;
mod redact;
mod retry;
mod rows;
mod settings;
mod stall;
mod token;

pub use airudder_models as models;
pub use airudder_models::{Endpoint, Secret};
pub use builder::{ClientBuilder, DEFAULT_BASE_URL};
pub use client::Client;
pub use clock::{Clock, SystemClock};
pub use error::Error;
pub use retry::RetryPolicy;
pub use rows::{RawRow, RowReader, RowStream};

/// What the fuzz target (`fuzz/`, built by `cargo fuzz` with `--cfg fuzzing`) checks: the row
/// scanner against `serde_json`. Absent from every other build.
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::rows::oracle::scan_agrees_with_serde_json;
}

/// Support for generated code; not part of the public API. The generated methods use only
/// `Client::send` and these, so the output of any spec compiles against them.
#[doc(hidden)]
pub mod __private {
    use airudder_models::{DecodeError, Endpoint, PrefixError};

    pub use crate::dynamic::{call_json_as, stream_json_as};
    pub use airudder_models::__private::{reencode, reencode_prefix};
    pub use airudder_models::{decode_json, decode_prefix};

    pub use crate::rows::raw_prefix;

    use crate::{Client, Error, RowStream};

    /// What a generated `*_stream` method calls.
    pub async fn open_rows<E: Endpoint, H: Unpin + Send, R: Send>(
        client: &Client,
        request: &E,
        array: &'static str,
        decode_header: fn(&[u8]) -> Result<H, DecodeError>,
        decode_row: fn(&str) -> Result<(R, usize), PrefixError>,
    ) -> Result<RowStream<H, R>, Error> {
        client
            .open_rows(request, array, decode_header, decode_row)
            .await
    }

    /// `call_json` with an operationId the spec does not have.
    pub fn unknown_operation(operation: &str) -> Error {
        Error::unknown_operation(operation)
    }

    /// `stream_json` with an operation whose answer has no large array.
    pub fn not_streamable(operation: &str) -> Error {
        Error::not_streamable(operation)
    }
}

// The README's examples compile (and the models one runs) as doc tests of this crate.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
struct ReadmeDoctests;
