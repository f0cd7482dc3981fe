//! The one error type of the client: a pointer wide, cheap to clone (callers waiting on one token
//! fetch share its failure), with predicates for what a caller decides on (retry, re-authenticate,
//! report), and no secret and no body in any of its output. Every error is built here, by a named
//! constructor; no other file sees `ErrorKind`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use airudder_models::{DecodeError, Said, TokenRefusal};
use bytes::Bytes;
use reqwest::StatusCode;

use crate::redact::Redactor;

/// How much of an unexpected answer's body an error keeps (HTTP and API errors alike).
pub(crate) const BODY_SNIPPET_LIMIT: usize = 4096;

/// How much of an unexpected answer is read to find its envelope and the secrets in it; only
/// [`BODY_SNIPPET_LIMIT`] of it is kept, once the secrets are removed (a secret across the limit
/// must not leave its first half behind).
pub(crate) const BODY_READ_LIMIT: usize = 4 * BODY_SNIPPET_LIMIT;

/// How much text of the server's (an envelope's message, a decode reason) an error keeps.
const TEXT_LIMIT: usize = 1024;

/// Everything that can go wrong calling AiRudder.
///
/// Match on the predicates ([`Error::is_api`], [`Error::is_timeout`], ...) and read the details
/// with [`Error::status`], [`Error::api_code`], [`Error::operation`], [`Error::json_path`].
/// `Display` is one line (`getTaskDetail: http 401: api error 10812: invalid user token`);
/// `Debug` shows the same line with codes and sizes, never a body.
#[derive(Clone)]
pub struct Error(Box<Inner>);

#[derive(Clone)]
struct Inner {
    operation: Option<&'static str>,
    kind: ErrorKind,
    /// Where in the answer it happened: the value that did not decode, or the row a stream was
    /// reading when its connection broke or stalled.
    place: Option<Place>,
}

#[derive(Clone)]
struct Place {
    path: String,
    row: Option<usize>,
}

#[derive(Clone)]
enum ErrorKind {
    /// The envelope said no: any `code`/`status` but `200`/`OK`, with HTTP 200.
    Api {
        said: Said,
        body: Bytes,
    },
    /// An HTTP status other than 2xx, and what its envelope said if it had one.
    Http {
        status: StatusCode,
        said: Option<Said>,
        body: Bytes,
        retry_after: Option<Duration>,
    },
    /// A redirect (followed by a caller's own `reqwest::Client`) ended at another origin. Which
    /// one is not kept: the server chose it, and it could carry anything.
    CrossOrigin,
    Timeout(Timeout),
    Connect(Arc<reqwest::Error>),
    Transport(Arc<reqwest::Error>),
    /// A value of the answer that does not decode; the place says where.
    Decode {
        reason: String,
    },
    MissingData,
    Encode(Arc<serde_json::Error>),
    Config(String),
    /// Request fields that do not fit the request type; the place says which.
    InvalidParams {
        reason: String,
    },
    /// A streamed answer that is not well-formed JSON where the stream reader looked.
    Malformed {
        message: String,
    },
    /// A saved answer could not be read (`RowReader`).
    Read(Arc<std::io::Error>),
    NotStreamable(String),
    UnknownOperation(String),
}

#[derive(Clone)]
enum Timeout {
    /// The attempt (the whole answer, or a stream's head and first row) took longer than this.
    Attempt(Duration),
    /// The body sent nothing for a whole window of waiting.
    Idle(Duration),
    /// The body trickled: fewer than `min_bytes` arrived in `window` of waiting for them.
    Stalled {
        received: u64,
        window: Duration,
        min_bytes: u64,
    },
    /// A timeout of the `reqwest::Client` itself.
    Transport(Arc<reqwest::Error>),
}

/// serde's reason without its "at line 1 column N", which counts within one row of a streamed
/// answer, not within the answer, and would mislead.
pub(crate) fn without_position(reason: &str) -> &str {
    match reason.rfind(" at line ") {
        Some(at) if reason[at..].contains(" column ") => &reason[..at],
        _ => reason,
    }
}

/// At most [`BODY_READ_LIMIT`] bytes, copied: a slice would keep a huge answer alive. What is
/// kept is cut to [`BODY_SNIPPET_LIMIT`] once the secrets are removed ([`Error::redacted`]).
fn capped(body: &[u8]) -> Bytes {
    Bytes::copy_from_slice(&body[..body.len().min(BODY_READ_LIMIT)])
}

/// At most [`TEXT_LIMIT`] bytes of `text`, cut on a character boundary.
fn capped_text(mut text: String) -> String {
    if text.len() > TEXT_LIMIT {
        let mut cut = TEXT_LIMIT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("...");
    }
    text
}

/// What an envelope said, its texts cut as every text an error keeps.
fn capped_said(said: Said) -> Said {
    Said {
        code: said.code,
        status: said.status.map(capped_text),
        message: said.message.map(capped_text),
    }
}

// The named constructors: the only way an error comes to be.
impl Error {
    fn of(kind: ErrorKind) -> Error {
        Error(Box::new(Inner {
            operation: None,
            kind,
            place: None,
        }))
    }

    fn placed(mut self, path: String, row: Option<usize>) -> Error {
        self.0.place = Some(Place { path, row });
        self
    }

    /// The same error, said of the operation `operation`.
    pub(crate) fn for_operation(mut self, operation: &'static str) -> Error {
        self.0.operation = Some(operation);
        self
    }

    /// The same error, placed in the row a stream was reading (`data.detail[5]`), unless it
    /// already knows a more precise place.
    pub(crate) fn in_row(self, path: String, row: Option<usize>) -> Error {
        match self.0.place {
            Some(_) => self,
            None => self.placed(path, row),
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Error {
        Error::of(ErrorKind::Config(message.into()))
    }

    pub(crate) fn unknown_operation(operation: &str) -> Error {
        Error::of(ErrorKind::UnknownOperation(operation.to_owned()))
    }

    pub(crate) fn not_streamable(operation: &str) -> Error {
        Error::of(ErrorKind::NotStreamable(operation.to_owned()))
    }

    pub(crate) fn invalid_params(error: &DecodeError) -> Error {
        Error::of(ErrorKind::InvalidParams {
            reason: error.reason(),
        })
        .placed(error.path().to_owned(), None)
    }

    /// A paged answer whose page at `offset` began with the previous page's first row: the
    /// server handed the same page out again, so asking on would never end.
    pub(crate) fn repeated_page(offset: i64) -> Error {
        Error::malformed(
            ".".to_owned(),
            None,
            format!("the page at offset {offset} repeats the page before it; the pages stop here"),
        )
    }

    /// A request member that a form body cannot carry (an array, an object), at its path.
    pub(crate) fn unformable(path: String, reason: String) -> Error {
        Error::of(ErrorKind::InvalidParams { reason }).placed(path, None)
    }

    pub(crate) fn encode(error: serde_json::Error) -> Error {
        Error::of(ErrorKind::Encode(Arc::new(error)))
    }

    pub(crate) fn transport(error: reqwest::Error) -> Error {
        // reqwest's own message can carry the URL; ours never carries headers, so no token.
        let error = Arc::new(error);
        Error::of(if error.is_timeout() {
            ErrorKind::Timeout(Timeout::Transport(error))
        } else if error.is_connect() {
            ErrorKind::Connect(error)
        } else {
            ErrorKind::Transport(error)
        })
    }

    pub(crate) fn attempt_timeout(budget: Duration) -> Error {
        Error::of(ErrorKind::Timeout(Timeout::Attempt(budget)))
    }

    pub(crate) fn idle(window: Duration) -> Error {
        Error::of(ErrorKind::Timeout(Timeout::Idle(window)))
    }

    pub(crate) fn stalled(received: u64, window: Duration, min_bytes: u64) -> Error {
        Error::of(ErrorKind::Timeout(Timeout::Stalled {
            received,
            window,
            min_bytes,
        }))
    }

    pub(crate) fn cross_origin() -> Error {
        Error::of(ErrorKind::CrossOrigin)
    }

    /// A non-2xx answer: its status, the first bytes of its body, and what its envelope said if
    /// the body
    /// is one.
    pub(crate) fn http(
        status: StatusCode,
        body: &[u8],
        said: Option<Said>,
        retry_after: Option<Duration>,
    ) -> Error {
        Error::of(ErrorKind::Http {
            status,
            said: said.map(capped_said),
            body: capped(body),
            retry_after,
        })
    }

    /// An error envelope with HTTP 2xx.
    pub(crate) fn api(said: Said, body: &[u8]) -> Error {
        Error::of(ErrorKind::Api {
            said: capped_said(said),
            body: capped(body),
        })
    }

    /// A whole answer that does not decode, at the decoder's path.
    pub(crate) fn decode(error: &DecodeError) -> Error {
        Error::of(ErrorKind::Decode {
            reason: capped_text(error.reason()),
        })
        .placed(error.path().to_owned(), None)
    }

    /// A value of a streamed answer that does not decode, at its path in the whole answer.
    pub(crate) fn decode_at(path: String, row: Option<usize>, error: &DecodeError) -> Error {
        Error::of(ErrorKind::Decode {
            reason: capped_text(without_position(&error.reason()).to_owned()),
        })
        .placed(path, row)
    }

    /// A streamed answer that is not well-formed where the reader looked.
    pub(crate) fn malformed(path: String, row: Option<usize>, message: impl Into<String>) -> Error {
        Error::of(ErrorKind::Malformed {
            message: capped_text(message.into()),
        })
        .placed(path, row)
    }

    /// The token endpoint handed out a token that cannot be sent in a header.
    pub(crate) fn unusable_token() -> Error {
        Error::of(ErrorKind::Decode {
            reason: "the token is not a valid header value (`Token <token>`)".to_owned(),
        })
        .placed("data.token".to_owned(), None)
    }

    pub(crate) fn missing_data() -> Error {
        Error::of(ErrorKind::MissingData)
    }

    pub(crate) fn read(error: std::io::Error) -> Error {
        Error::of(ErrorKind::Read(Arc::new(error)))
    }

    /// The same error with every secret `redactor` knows removed from what the server said.
    pub(crate) fn redacted(mut self, redactor: &Redactor) -> Error {
        let inner = &mut *self.0;
        if let Some(place) = &mut inner.place {
            redactor.clean(&mut place.path);
        }
        match &mut inner.kind {
            ErrorKind::Api { said, body } => {
                redactor.clean_said(said);
                redactor.clean_bytes(body, BODY_SNIPPET_LIMIT, body.len() >= BODY_READ_LIMIT);
            }
            ErrorKind::Http { said, body, .. } => {
                if let Some(said) = said {
                    redactor.clean_said(said);
                }
                redactor.clean_bytes(body, BODY_SNIPPET_LIMIT, body.len() >= BODY_READ_LIMIT);
            }
            ErrorKind::Decode { reason } | ErrorKind::InvalidParams { reason } => {
                redactor.clean(reason)
            }
            ErrorKind::Malformed { message } => redactor.clean(message),
            _ => {}
        }
        self
    }
}

// What a caller asks of an error.
impl Error {
    /// The operationId of the call that failed (`"getTaskDetail"`), when there was a call.
    pub fn operation(&self) -> Option<&'static str> {
        self.0.operation
    }

    fn said(&self) -> Option<&Said> {
        match &self.0.kind {
            ErrorKind::Api { said, .. } => Some(said),
            ErrorKind::Http { said, .. } => said.as_ref(),
            _ => None,
        }
    }

    /// AiRudder answered with an error envelope (a `code` other than 200): with HTTP 200, or
    /// with another status ([`Error::is_http`] too) whose body was an envelope.
    pub fn is_api(&self) -> bool {
        self.said().is_some()
    }

    /// The answer had an HTTP status other than 2xx (a redirect included: none is followed).
    pub fn is_http(&self) -> bool {
        matches!(self.0.kind, ErrorKind::Http { .. })
    }

    /// The server redirected: a 3xx (never followed), or a caller's own `reqwest::Client`
    /// followed a redirect to another origin (that answer is not read).
    pub fn is_redirect(&self) -> bool {
        match &self.0.kind {
            ErrorKind::Http { status, .. } => status.is_redirection(),
            ErrorKind::CrossOrigin => true,
            _ => false,
        }
    }

    /// The attempt took longer than its timeout, or its body stalled.
    pub fn is_timeout(&self) -> bool {
        matches!(self.0.kind, ErrorKind::Timeout(_))
    }

    /// No connection could be made.
    pub fn is_connect(&self) -> bool {
        matches!(self.0.kind, ErrorKind::Connect(_))
    }

    /// The answer's body was not what the spec describes (malformed, truncated, a wrong type);
    /// [`Error::json_path`] says where.
    pub fn is_decode(&self) -> bool {
        matches!(
            self.0.kind,
            ErrorKind::Decode { .. } | ErrorKind::MissingData | ErrorKind::Malformed { .. }
        )
    }

    /// AiRudder refused the token or the credentials: HTTP 401 or 403, a token error code
    /// (10810 to 10813, 401), or a credentials code (403 on the token page, 10301, 10302).
    pub fn is_auth(&self) -> bool {
        let credentials_refused = self
            .said()
            .is_some_and(|said| matches!(said.code, 403 | 10301 | 10302));
        let forbidden = matches!(
            &self.0.kind,
            ErrorKind::Http { status, .. } if *status == StatusCode::FORBIDDEN
        );
        self.is_token_rejected() || credentials_refused || forbidden
    }

    /// The token was refused (HTTP 401, or a token code in the envelope), so a new one may make
    /// the call pass.
    pub(crate) fn is_token_rejected(&self) -> bool {
        let refused_code = self
            .said()
            .is_some_and(|said| said.code == 401 || TokenRefusal::from_code(said.code).is_some());
        let unauthorized = matches!(
            &self.0.kind,
            ErrorKind::Http { status, .. } if *status == StatusCode::UNAUTHORIZED
        );
        refused_code || unauthorized
    }

    /// What is wrong at [`Error::json_path`], without the path: for a body or parameters that
    /// do not decode (`invalid type: string "three", expected i32`).
    pub fn reason(&self) -> Option<String> {
        match &self.0.kind {
            ErrorKind::Decode { reason } | ErrorKind::InvalidParams { reason } => {
                Some(reason.clone())
            }
            ErrorKind::Malformed { message } => Some(message.clone()),
            _ => None,
        }
    }

    /// The bytes of an answer could not be read from where they were (a file given to
    /// [`RowReader`](crate::RowReader)).
    pub fn is_read(&self) -> bool {
        matches!(self.0.kind, ErrorKind::Read(_))
    }

    /// The client was built with an invalid setting.
    pub fn is_config(&self) -> bool {
        matches!(self.0.kind, ErrorKind::Config(_))
    }

    /// The request could not be made from what was given: parameters that do not fit the
    /// operation's request type, an operation id the spec does not have, or a stream asked of
    /// an operation without a large array. Nothing was sent.
    pub fn is_invalid_request(&self) -> bool {
        matches!(
            self.0.kind,
            ErrorKind::InvalidParams { .. }
                | ErrorKind::UnknownOperation(_)
                | ErrorKind::NotStreamable(_)
        )
    }

    /// A failure that may pass if the same request is sent again: a connection error, a timeout
    /// (a stalled body included), a transport error, HTTP 429 or a 5xx. The client retries these
    /// itself for safe requests.
    pub fn is_retryable(&self) -> bool {
        match &self.0.kind {
            ErrorKind::Timeout(_) | ErrorKind::Connect(_) => true,
            // A request reqwest could not build, or a redirect it refused, fails the same again.
            ErrorKind::Transport(error) => !error.is_builder() && !error.is_redirect(),
            ErrorKind::Http { status, .. } => {
                *status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
            }
            _ => false,
        }
    }

    /// The HTTP status of an unexpected answer.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.0.kind {
            ErrorKind::Http { status, .. } => Some(*status),
            ErrorKind::Timeout(Timeout::Transport(e))
            | ErrorKind::Connect(e)
            | ErrorKind::Transport(e) => e.status(),
            _ => None,
        }
    }

    /// The envelope's `code` of an API error (`10506`: task is not found), whatever the HTTP
    /// status was.
    pub fn api_code(&self) -> Option<i64> {
        self.said().map(|said| said.code)
    }

    /// The envelope's `status` of an API error.
    pub fn api_status(&self) -> Option<&str> {
        self.said().and_then(|said| said.status.as_deref())
    }

    /// The envelope's `message` of an API error, when AiRudder sent one.
    pub fn api_message(&self) -> Option<&str> {
        self.said().and_then(|said| said.message.as_deref())
    }

    /// The first bytes (at most 4 KiB) of the body of an API error or an unexpected HTTP answer,
    /// with the secrets the client sent removed.
    pub fn body(&self) -> Option<&[u8]> {
        match &self.0.kind {
            ErrorKind::Api { body, .. } | ErrorKind::Http { body, .. } => {
                Some(&body[..body.len().min(BODY_SNIPPET_LIMIT)])
            }
            _ => None,
        }
    }

    /// The JSON path of the value that failed to decode (`data.detail[0].RingTime`), or of the
    /// row a stream was reading when it failed (`data.detail[41]`).
    pub fn json_path(&self) -> Option<&str> {
        self.0.place.as_ref().map(|place| place.path.as_str())
    }

    /// The index of the row a streamed answer failed in (see [`RowStream`](crate::RowStream)).
    pub fn row_index(&self) -> Option<usize> {
        self.0.place.as_ref().and_then(|place| place.row)
    }

    /// The wait the server asked for with `Retry-After`.
    pub fn retry_after(&self) -> Option<Duration> {
        match &self.0.kind {
            ErrorKind::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A short name of the kind of error, for `Debug`.
    fn kind_name(&self) -> &'static str {
        match &self.0.kind {
            ErrorKind::Api { .. } => "api",
            ErrorKind::Http { .. } => "http",
            ErrorKind::CrossOrigin => "cross_origin",
            ErrorKind::Timeout(_) => "timeout",
            ErrorKind::Connect(_) => "connect",
            ErrorKind::Transport(_) => "transport",
            ErrorKind::Decode { .. } => "decode",
            ErrorKind::MissingData => "missing_data",
            ErrorKind::Encode(_) => "encode",
            ErrorKind::Config(_) => "config",
            ErrorKind::InvalidParams { .. } => "invalid_params",
            ErrorKind::Malformed { .. } => "malformed",
            ErrorKind::Read(_) => "read",
            ErrorKind::NotStreamable(_) => "not_streamable",
            ErrorKind::UnknownOperation(_) => "unknown_operation",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Api { said, .. } => write!(f, "{said}"),
            ErrorKind::Http { status, said, .. } => match said {
                Some(said) => write!(f, "http {}: {said}", status.as_u16()),
                None => write!(f, "http {}", status.as_u16()),
            },
            ErrorKind::CrossOrigin => f.write_str(
                "redirected to another origin; its answer was not read and no credential was sent there",
            ),
            ErrorKind::Timeout(Timeout::Attempt(budget)) => {
                write!(f, "timed out: no answer within {budget:?}")
            }
            ErrorKind::Timeout(Timeout::Idle(window)) => write!(
                f,
                "timed out: the answer stalled (no byte for {window:?} of waiting)"
            ),
            ErrorKind::Timeout(Timeout::Stalled {
                received,
                window,
                min_bytes,
            }) => write!(
                f,
                "timed out: the answer stalled ({received} bytes in {window:?} of waiting, \
                 fewer than {min_bytes})"
            ),
            ErrorKind::Timeout(Timeout::Transport(_)) => f.write_str("timed out"),
            ErrorKind::Connect(_) => f.write_str("could not connect"),
            ErrorKind::Transport(_) => f.write_str("the connection failed"),
            ErrorKind::Decode { reason } => write!(f, "invalid response body: {reason}"),
            ErrorKind::MissingData => f.write_str("the envelope says success but has no data"),
            ErrorKind::Encode(_) => f.write_str("could not encode the request body"),
            ErrorKind::Config(message) => write!(f, "invalid configuration: {message}"),
            ErrorKind::InvalidParams { reason } => write!(f, "invalid parameters: {reason}"),
            ErrorKind::Malformed { message } => write!(f, "invalid response body: {message}"),
            ErrorKind::Read(_) => f.write_str("could not read the answer"),
            ErrorKind::NotStreamable(operation) => write!(
                f,
                "`{operation}` has no x-large-array in its answer, so it cannot be streamed"
            ),
            ErrorKind::UnknownOperation(operation) => write!(
                f,
                "unknown operation `{operation}`; see airudder_models::OPERATIONS for the operation ids"
            ),
        }
    }
}

impl ErrorKind {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ErrorKind::Timeout(Timeout::Transport(e))
            | ErrorKind::Connect(e)
            | ErrorKind::Transport(e) => Some(&**e),
            ErrorKind::Encode(e) => Some(&**e),
            ErrorKind::Read(e) => Some(&**e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(operation) = self.0.operation {
            write!(f, "{operation}: ")?;
        }
        match (&self.0.kind, &self.0.place) {
            // The place is part of what these say: "invalid response body at `data.x`: ...".
            (
                ErrorKind::Decode { reason } | ErrorKind::Malformed { message: reason },
                Some(place),
            ) => write!(f, "invalid response body at `{}`: {reason}", place.path)?,
            (ErrorKind::InvalidParams { reason }, Some(place)) => {
                write!(f, "invalid parameters at `{}`: {reason}", place.path)?
            }
            (kind, Some(place)) => write!(f, "{kind} (while reading `{}`)", place.path)?,
            (kind, None) => write!(f, "{kind}")?,
        }
        // One line with the causes, as `anyhow` would print them, for logs that print `{}` only.
        let mut source = self.0.kind.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Error");
        debug
            .field("kind", &self.kind_name())
            .field("operation", &self.0.operation);
        if let Some(status) = self.status() {
            debug.field("status", &status.as_u16());
        }
        if let Some(code) = self.api_code() {
            debug.field("api_code", &code);
        }
        if let Some(path) = self.json_path() {
            debug.field("json_path", &path);
        }
        if let Some(row) = self.row_index() {
            debug.field("row_index", &row);
        }
        if let Some(body) = self.body() {
            debug.field("body_bytes", &body.len());
        }
        debug.field("message", &self.to_string()).finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.kind.source()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(code: i64, message: Option<&str>) -> Said {
        Said {
            code,
            status: Some("ERROR".into()),
            message: message.map(str::to_owned),
        }
    }

    /// What the workflow family's envelope in `body` said.
    fn read(body: &[u8]) -> Option<Said> {
        use airudder_models::{Endpoint, Enveloped, GetTaskDetailRequest};
        <<GetTaskDetailRequest as Endpoint>::Envelope as Enveloped>::INFO
            .read_said(body)
            .ok()
    }

    #[test]
    fn error_is_one_pointer_wide() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn api_error_message_is_lowercase_and_names_the_operation() {
        let error = Error::api(said(10506, Some("task is not found")), b"{}")
            .for_operation("getTaskDetail");
        assert_eq!(
            error.to_string(),
            "getTaskDetail: api error 10506: task is not found"
        );
        assert_eq!(error.api_code(), Some(10506));
        assert!(error.is_api() && !error.is_retryable() && !error.is_auth());
    }

    #[test]
    fn an_http_error_with_an_envelope_keeps_the_status_and_what_the_envelope_said() {
        let body = br#"{"status":"Unauthorized","code":10812,"message":"invalid user token"}"#;
        let error = Error::http(StatusCode::UNAUTHORIZED, body, read(body), None)
            .for_operation("getTaskDetail");
        assert_eq!(
            error.to_string(),
            "getTaskDetail: http 401: api error 10812: invalid user token"
        );
        assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
        assert_eq!(error.api_code(), Some(10812));
        assert_eq!(error.api_message(), Some("invalid user token"));
        assert!(error.is_http() && error.is_api() && error.is_token_rejected());
    }

    #[test]
    fn token_error_codes_count_as_auth_errors() {
        for refusal in TokenRefusal::ALL {
            let error = Error::api(said(refusal.code(), None), b"");
            assert!(error.is_auth() && error.is_token_rejected(), "{refusal:?}");
        }
    }

    #[test]
    fn server_errors_and_429_are_retryable() {
        let http = |status| Error::http(status, b"", None, None);
        assert!(http(StatusCode::SERVICE_UNAVAILABLE).is_retryable());
        assert!(http(StatusCode::TOO_MANY_REQUESTS).is_retryable());
        assert!(!http(StatusCode::BAD_REQUEST).is_retryable());
        assert!(!http(StatusCode::FOUND).is_retryable() && http(StatusCode::FOUND).is_redirect());
    }

    #[test]
    fn a_kept_body_is_capped_at_the_snippet_limit_for_api_and_http_errors() {
        let huge = vec![b'x'; 10 * BODY_SNIPPET_LIMIT];
        let http = Error::http(StatusCode::BAD_GATEWAY, &huge, read(&huge), None);
        let api = Error::api(said(10201, None), &huge);
        assert_eq!(http.body().unwrap().len(), BODY_SNIPPET_LIMIT);
        assert_eq!(api.body().unwrap().len(), BODY_SNIPPET_LIMIT);
    }

    #[test]
    fn debug_shows_codes_and_sizes_but_not_the_body() {
        let body =
            br#"{"status":"ERROR","code":10201,"message":"internal","data":"BODY-ONLY-TEXT"}"#;
        let debug = format!(
            "{:?}",
            Error::http(StatusCode::BAD_GATEWAY, body, read(body), None)
        );
        assert!(debug.contains("status: 502") && debug.contains("api_code: 10201"));
        assert!(
            debug.contains(&format!("body_bytes: {}", body.len())),
            "{debug}"
        );
        assert!(!debug.contains("BODY-ONLY-TEXT"), "{debug}");
    }

    #[test]
    fn an_error_placed_in_a_row_says_where_unless_it_knows_better() {
        let stalled = Error::stalled(3, Duration::from_secs(1), 1024)
            .in_row("data.detail[4]".into(), Some(4));
        assert_eq!(stalled.json_path(), Some("data.detail[4]"));
        assert_eq!(stalled.row_index(), Some(4));
        assert!(stalled.is_timeout() && stalled.to_string().contains("`data.detail[4]`"));
        let malformed = Error::malformed("data.detail[4].RingTime".into(), Some(4), "bad")
            .in_row("data.detail[4]".into(), Some(4));
        assert_eq!(malformed.json_path(), Some("data.detail[4].RingTime"));
    }
}
