#![doc = include_str!("../README.md")]

mod builder;
mod client;
mod clock;
mod credentials;
mod dynamic;
mod envelope;
mod error;
mod form;
#[rustfmt::skip]
mod generated;
mod origin;
mod pages;
mod redact;
mod retry;
mod rows;
mod settings;
mod stall;
mod take;
mod token;

pub use airudder_models as models;
pub use airudder_models::{Endpoint, Secret};
pub use builder::{ClientBuilder, DEFAULT_BASE_URL};
pub use client::Client;
pub use clock::{Clock, SystemClock};
pub use error::Error;
pub use pages::PagedRows;
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

    /// A call's future, boxed: what every generated method returns. The method is not generic and
    /// not inlined, so the future's code (the retries, the token, the decoding of the answer's
    /// types) is compiled once, in this crate; a crate that calls the method compiles only a call
    /// through the box's vtable. An `async fn` would be compiled again in every crate that awaits
    /// it. The cost is one allocation per call, beside an HTTP exchange.
    pub fn compiled_here<'a, T>(
        call: impl Future<Output = T> + Send + 'a,
    ) -> std::pin::Pin<Box<dyn Future<Output = T> + Send + 'a>> {
        Box::pin(call)
    }

    /// What the generated method of an operation whose answer has a large array calls: the
    /// answer read whole, row by row.
    pub async fn collect_rows<E: Endpoint>(
        client: &Client,
        request: &E,
    ) -> Result<E::Response, Error>
    where
        E::Response: airudder_models::LargeArray,
    {
        client.collect_rows(request).await
    }

    pub use crate::pages::PageRule;

    /// What a generated `*_pages` method calls.
    pub fn paged_rows<E, H, R>(
        client: &Client,
        request: &E,
        rule: PageRule<E, H, R>,
    ) -> crate::PagedRows<E, H, R>
    where
        E: Endpoint + Clone + Send + Sync,
        H: Unpin + Send,
        R: Send + Clone + PartialEq,
    {
        crate::PagedRows::new(client.clone(), request.clone(), rule)
    }

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
