//! The one error type of the client: a pointer wide, with predicates for what a caller decides on
//! (retry, re-authenticate, report) and no secret in any of its output.

use std::fmt;
use std::time::Duration;

use airudder_models::DecodeError;
use bytes::Bytes;
use reqwest::StatusCode;

/// How much of an unexpected HTTP answer's body an error keeps.
pub(crate) const BODY_SNIPPET_LIMIT: usize = 4096;

/// Envelope codes that mean the token is missing, malformed, invalid or expired.
const TOKEN_ERROR_CODES: &[i64] = &[401, 10810, 10811, 10812, 10813];

/// Everything that can go wrong calling AiRudder.
///
/// Match on the predicates ([`Error::is_api`], [`Error::is_timeout`], ...) and read the details
/// with [`Error::status`], [`Error::api_code`], [`Error::operation`].
pub struct Error(Box<Inner>);

struct Inner {
    operation: Option<&'static str>,
    kind: ErrorKind,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum ErrorKind {
    /// The envelope said no: any `code`/`status` but `200`/`OK`, HTTP 200 included.
    #[error("api error {code} (status {status:?}){}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Api {
        code: i64,
        status: String,
        message: Option<String>,
        body: Bytes,
    },
    /// An HTTP status other than 2xx. The body is not in the message, which ends up in logs;
    /// [`Error::body`] has it.
    #[error("http status {status}")]
    Http {
        status: StatusCode,
        body: String,
        retry_after: Option<Duration>,
    },
    #[error("request timed out")]
    Timeout(#[source] Option<reqwest::Error>),
    #[error("could not connect")]
    Connect(#[source] reqwest::Error),
    #[error("transport error")]
    Transport(#[source] reqwest::Error),
    #[error("invalid response body at `{}`: {}", .0.path(), .0.reason())]
    Decode(DecodeError),
    #[error("the envelope says success but has no data")]
    MissingData,
    #[error("could not encode the request body")]
    Encode(#[source] serde_json::Error),
    #[error("invalid configuration: {0}")]
    Config(String),
    #[error("invalid parameters at `{}`: {}", .0.path(), .0.reason())]
    InvalidParams(DecodeError),
    /// A value of a streamed answer that does not decode: its path within the whole answer.
    #[error("invalid value at `{path}`: {}", without_position(&cause.reason()))]
    Located {
        path: String,
        row: Option<usize>,
        cause: DecodeError,
    },
    /// A streamed answer that is not well-formed JSON where the stream reader looked.
    #[error("invalid response body at `{path}`: {message}")]
    Malformed { path: String, message: String },
    /// A saved answer could not be read (`RowReader`).
    #[error("could not read the answer")]
    Read(#[source] std::io::Error),
    #[error("`{0}` has no x-large-array in its answer, so it cannot be streamed")]
    NotStreamable(String),
    #[error("unknown operation `{0}`; see airudder_models::OPERATIONS for the operation ids")]
    UnknownOperation(String),
}

/// serde's reason without its "at line 1 column N", which counts within one row of a streamed
/// answer, not within the answer, and would mislead.
fn without_position(reason: &str) -> &str {
    match reason.rfind(" at line ") {
        Some(at) if reason[at..].contains(" column ") => &reason[..at],
        _ => reason,
    }
}

impl Error {
    pub(crate) fn new(operation: Option<&'static str>, kind: ErrorKind) -> Error {
        Error(Box::new(Inner { operation, kind }))
    }

    pub(crate) fn config(message: impl Into<String>) -> Error {
        Error::new(None, ErrorKind::Config(message.into()))
    }

    pub(crate) fn unknown_operation(operation: &str) -> Error {
        Error::new(None, ErrorKind::UnknownOperation(operation.to_owned()))
    }

    pub(crate) fn not_streamable(operation: &str) -> Error {
        Error::new(None, ErrorKind::NotStreamable(operation.to_owned()))
    }

    pub(crate) fn transport(operation: &'static str, error: reqwest::Error) -> Error {
        // reqwest's own message can carry the URL; ours never carries headers, so no token.
        let kind = if error.is_timeout() {
            ErrorKind::Timeout(Some(error))
        } else if error.is_connect() {
            ErrorKind::Connect(error)
        } else {
            ErrorKind::Transport(error)
        };
        Error::new(Some(operation), kind)
    }

    /// The operationId of the call that failed (`"getTaskDetail"`), when there was a call.
    pub fn operation(&self) -> Option<&'static str> {
        self.0.operation
    }

    /// AiRudder answered with an error envelope (a `code` other than 200, even with HTTP 200).
    pub fn is_api(&self) -> bool {
        matches!(self.0.kind, ErrorKind::Api { .. })
    }

    /// The answer had an HTTP status other than 2xx.
    pub fn is_http(&self) -> bool {
        matches!(self.0.kind, ErrorKind::Http { .. })
    }

    /// The request or the reading of its answer took longer than the configured timeout.
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
            ErrorKind::Decode(_)
                | ErrorKind::MissingData
                | ErrorKind::Located { .. }
                | ErrorKind::Malformed { .. }
        )
    }

    /// AiRudder refused the token or the credentials: HTTP 401 or 403, a token error code
    /// (10810 to 10813, 401), or a credentials code (403 on the token page, 10301, 10302).
    pub fn is_auth(&self) -> bool {
        match &self.0.kind {
            ErrorKind::Api { code, .. } => {
                TOKEN_ERROR_CODES.contains(code) || matches!(*code, 403 | 10301 | 10302)
            }
            ErrorKind::Http { status, .. } => {
                matches!(*status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
            }
            _ => false,
        }
    }

    /// What is wrong at [`Error::json_path`], without the path: for a body or parameters that
    /// do not decode (`invalid type: string "three", expected i32`).
    pub fn reason(&self) -> Option<String> {
        match &self.0.kind {
            ErrorKind::Decode(error) | ErrorKind::InvalidParams(error) => Some(error.reason()),
            ErrorKind::Located { cause, .. } => Some(without_position(&cause.reason()).to_owned()),
            ErrorKind::Malformed { message, .. } => Some(message.clone()),
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
            ErrorKind::InvalidParams(_)
                | ErrorKind::UnknownOperation(_)
                | ErrorKind::NotStreamable(_)
        )
    }

    /// A failure that may pass if the same request is sent again: a connection error, a timeout,
    /// a transport error, HTTP 429 or a 5xx. The client retries these itself for safe requests.
    pub fn is_retryable(&self) -> bool {
        match &self.0.kind {
            ErrorKind::Timeout(_) | ErrorKind::Connect(_) | ErrorKind::Transport(_) => true,
            ErrorKind::Http { status, .. } => {
                *status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
            }
            _ => false,
        }
    }

    /// The token was refused, so a new one may make the call pass.
    pub(crate) fn is_token_rejected(&self) -> bool {
        match &self.0.kind {
            ErrorKind::Api { code, .. } => TOKEN_ERROR_CODES.contains(code),
            ErrorKind::Http { status, .. } => *status == StatusCode::UNAUTHORIZED,
            _ => false,
        }
    }

    /// The HTTP status of an unexpected answer.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.0.kind {
            ErrorKind::Http { status, .. } => Some(*status),
            ErrorKind::Timeout(Some(e)) | ErrorKind::Connect(e) | ErrorKind::Transport(e) => {
                e.status()
            }
            _ => None,
        }
    }

    /// The envelope's `code` of an API error (`10506`: task is not found).
    pub fn api_code(&self) -> Option<i64> {
        match &self.0.kind {
            ErrorKind::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The envelope's `status` of an API error.
    pub fn api_status(&self) -> Option<&str> {
        match &self.0.kind {
            ErrorKind::Api { status, .. } => Some(status),
            _ => None,
        }
    }

    /// The envelope's `message` of an API error, when AiRudder sent one.
    pub fn api_message(&self) -> Option<&str> {
        match &self.0.kind {
            ErrorKind::Api { message, .. } => message.as_deref(),
            _ => None,
        }
    }

    /// The raw body of an API error, or the first bytes of an unexpected HTTP answer.
    pub fn body(&self) -> Option<&[u8]> {
        match &self.0.kind {
            ErrorKind::Api { body, .. } => Some(body),
            ErrorKind::Http { body, .. } => Some(body.as_bytes()),
            _ => None,
        }
    }

    /// The JSON path of the value that failed to decode (`data.detail[0].RingTime`).
    pub fn json_path(&self) -> Option<&str> {
        match &self.0.kind {
            ErrorKind::Decode(error) | ErrorKind::InvalidParams(error) => Some(error.path()),
            ErrorKind::Located { path, .. } | ErrorKind::Malformed { path, .. } => Some(path),
            _ => None,
        }
    }

    /// The index of the row a streamed answer failed in (see [`RowStream`](crate::RowStream)).
    pub fn row_index(&self) -> Option<usize> {
        match &self.0.kind {
            ErrorKind::Located { row, .. } => *row,
            _ => None,
        }
    }

    /// The wait the server asked for with `Retry-After`.
    pub fn retry_after(&self) -> Option<Duration> {
        match &self.0.kind {
            ErrorKind::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.operation {
            Some(operation) => write!(f, "{operation}: {}", self.0.kind),
            None => write!(f, "{}", self.0.kind),
        }?;
        // One line with the causes, as `anyhow` would print them, for logs that print `{}` only.
        let mut source = std::error::Error::source(&self.0.kind);
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("operation", &self.0.operation)
            .field("kind", &self.0.kind)
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_one_pointer_wide() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn api_error_message_is_lowercase_and_names_the_operation() {
        let error = Error::new(
            Some("getTaskDetail"),
            ErrorKind::Api {
                code: 10506,
                status: "ERROR".into(),
                message: Some("task is not found".into()),
                body: Bytes::new(),
            },
        );
        assert_eq!(
            error.to_string(),
            "getTaskDetail: api error 10506 (status \"ERROR\"): task is not found"
        );
        assert_eq!(error.api_code(), Some(10506));
        assert!(error.is_api() && !error.is_retryable() && !error.is_auth());
    }

    #[test]
    fn token_error_codes_count_as_auth_errors() {
        for code in [10810, 10811, 10812, 10813] {
            let error = Error::new(
                None,
                ErrorKind::Api {
                    code,
                    status: "ERROR".into(),
                    message: None,
                    body: Bytes::new(),
                },
            );
            assert!(error.is_auth() && error.is_token_rejected(), "{code}");
        }
    }

    #[test]
    fn server_errors_and_429_are_retryable() {
        let http = |status| {
            Error::new(
                None,
                ErrorKind::Http {
                    status,
                    body: String::new(),
                    retry_after: None,
                },
            )
        };
        assert!(http(StatusCode::SERVICE_UNAVAILABLE).is_retryable());
        assert!(http(StatusCode::TOO_MANY_REQUESTS).is_retryable());
        assert!(!http(StatusCode::BAD_REQUEST).is_retryable());
    }
}
