//! What the mock answers for an operation: the spec's example by default, a scripted [`Reply`],
//! or generated rows, with any body fault applied on the way out.

use airudder_models::OperationInfo;
use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use bytes::Bytes;
use serde_json::{Value, json};

use crate::faults::FaultKind;
use crate::rows::{BrokenBody, RowsBody};

/// A scripted answer for an operation ([`MockServer::script`](crate::MockServer::script) for the
/// next request, [`MockServer::respond`](crate::MockServer::respond) for every request).
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// A success envelope (the operation's own family) around this payload.
    Data(Value),
    /// An error envelope (the operation's own family) with this code and message, with HTTP 200
    /// as AiRudder does.
    ApiError {
        /// The envelope's `code` (e.g. 10506, task is not found).
        code: i64,
        /// The envelope's `message`.
        message: String,
    },
    /// Exactly this HTTP status and JSON body.
    Json {
        /// The HTTP status.
        status: u16,
        /// The body.
        body: Value,
    },
    /// The spec's example answer with its large array (`x-large-array`, e.g. `detail`) holding
    /// this many generated rows, streamed as they are produced.
    Rows(usize),
}

impl Reply {
    /// A success envelope around the payload `data`.
    pub fn data(data: Value) -> Reply {
        Reply::Data(data)
    }

    /// An error envelope (HTTP 200) with this code and message.
    pub fn api_error(code: i64, message: impl Into<String>) -> Reply {
        Reply::ApiError {
            code,
            message: message.into(),
        }
    }

    /// Exactly this status and JSON body.
    pub fn json(status: u16, body: Value) -> Reply {
        Reply::Json { status, body }
    }

    /// Generated task details of `rows` rows.
    pub fn rows(rows: usize) -> Reply {
        Reply::Rows(rows)
    }
}

/// The answer to a request that reaches no operation (so no envelope family): the code and
/// message every family carries.
pub(crate) fn unrouted(code: i64, message: String) -> Value {
    json!({"code": code, "message": message})
}

/// A JSON response.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    bytes_response(
        status,
        Bytes::from(serde_json::to_vec(body).unwrap_or_default()),
    )
}

fn bytes_response(status: StatusCode, body: Bytes) -> Response {
    with_status(status, Body::from(body))
}

fn with_status(status: StatusCode, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// The answer to a valid request of `operation`: `reply` or the spec's example, with a body
/// fault (malformed, truncated, connection closed) applied if one is due.
pub(crate) fn render(
    operation: &OperationInfo,
    reply: Option<&Reply>,
    fault: Option<&FaultKind>,
) -> Response {
    let envelope = operation.envelope;
    let (status, body) = match reply {
        Some(Reply::Rows(rows)) => return render_rows(operation, *rows, fault),
        Some(Reply::Data(data)) => (StatusCode::OK, envelope.success(Some(data.clone()))),
        Some(Reply::ApiError { code, message }) => {
            (StatusCode::OK, envelope.error(*code, "ERROR", message))
        }
        Some(Reply::Json { status, body }) => (
            StatusCode::from_u16(*status).unwrap_or(StatusCode::OK),
            body.clone(),
        ),
        None => match operation.response_example {
            Some(example) => {
                return apply_body_fault(
                    StatusCode::OK,
                    Bytes::from_static(example.as_bytes()),
                    fault,
                );
            }
            // The page shows no answer: the operation's own success envelope around a `null`
            // payload, inventing nothing.
            None if operation.undocumented_answer.is_some() => {
                (StatusCode::OK, envelope.success(None))
            }
            None => {
                let message = format!(
                    "the spec has no example answer for `{}`; script one",
                    operation.operation_id
                );
                return json_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &envelope.error(500, "ERROR", &message),
                );
            }
        },
    };
    apply_body_fault(
        status,
        Bytes::from(serde_json::to_vec(&body).unwrap_or_default()),
        fault,
    )
}

fn render_rows(operation: &OperationInfo, rows: usize, fault: Option<&FaultKind>) -> Response {
    let truncate = fault == Some(&FaultKind::TruncatedBody);
    let body = operation
        .large_array
        .zip(operation.response_example)
        .and_then(|(array, example)| {
            RowsBody::new(example, operation.envelope.payload, array, rows, truncate)
        });
    match body {
        Some(_)
            if fault == Some(&FaultKind::MalformedBody)
                || fault == Some(&FaultKind::CloseConnection) =>
        {
            let example = operation.response_example.unwrap_or_default();
            apply_body_fault(
                StatusCode::OK,
                Bytes::from_static(example.as_bytes()),
                fault,
            )
        }
        Some(body) => with_status(StatusCode::OK, Body::new(body)),
        None => {
            let message = format!(
                "`{}` has no x-large-array with an example row to generate rows from",
                operation.operation_id
            );
            json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &operation.envelope.error(500, "ERROR", &message),
            )
        }
    }
}

fn apply_body_fault(status: StatusCode, body: Bytes, fault: Option<&FaultKind>) -> Response {
    match fault {
        Some(FaultKind::MalformedBody) => bytes_response(
            status,
            Bytes::from_static(b"{\"data\": {\"TaskID\": <html>"),
        ),
        Some(FaultKind::TruncatedBody) => bytes_response(status, body.slice(..body.len() / 2)),
        Some(FaultKind::CloseConnection) => {
            // Announce the whole length, send half, then drop the connection.
            let mut response = with_status(
                status,
                Body::new(BrokenBody::new(body.slice(..body.len() / 2))),
            );
            response
                .headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
            response
        }
        _ => bytes_response(status, body),
    }
}

#[cfg(test)]
mod tests {
    use airudder_models::OPERATIONS;

    use super::*;

    /// The body `render` gives for `operation`.
    async fn rendered(operation: &OperationInfo, reply: Option<&Reply>) -> (StatusCode, Vec<u8>) {
        let response = render(operation, reply, None);
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a rendered body is in memory");
        (status, body.to_vec())
    }

    #[tokio::test]
    async fn every_operation_is_answered_in_the_success_envelope_its_own_schema_declares() {
        // A token call's answer is the token the mock issues (the end-to-end tests take it).
        for operation in OPERATIONS.iter().filter(|op| op.issues_token.is_none()) {
            let (status, body) = rendered(operation, None).await;
            let id = operation.operation_id;
            assert_eq!(status, StatusCode::OK, "{id}");
            let said = operation.envelope.read_said(&body).expect(id);
            assert!(operation.envelope.is_success(&said), "{id}: {said:?}");
            // The envelope's own type reads it: members, types and payload as the spec says.
            let typed = (operation.reencode_response)(&body).expect(id);
            assert!(
                typed.get(operation.envelope.payload).is_some(),
                "{id}: {typed}"
            );
            // An answer the page does not show is a `null` payload: nothing invented.
            if operation.response_example.is_none() {
                let sent: Value = serde_json::from_slice(&body).expect(id);
                assert_eq!(sent[operation.envelope.payload], Value::Null, "{id}");
            }
        }
    }

    #[tokio::test]
    async fn every_operation_says_an_error_in_its_own_envelope() {
        let reply = Reply::api_error(10506, "task is not found");
        for operation in OPERATIONS {
            let (_, body) = rendered(operation, Some(&reply)).await;
            let id = operation.operation_id;
            let said = operation.envelope.read_said(&body).expect(id);
            assert!(!operation.envelope.is_success(&said), "{id}");
            assert_eq!(said.code, 10506, "{id}");
            let message = operation.envelope.message.map(|_| "task is not found");
            assert_eq!(said.message.as_deref(), message, "{id}");
        }
    }
}
