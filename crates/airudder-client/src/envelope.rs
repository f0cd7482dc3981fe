//! Reads an answer's envelope: `data` when `code` is 200 and `status` is "OK", a typed API error
//! otherwise, even when the HTTP status was 200.

use airudder_models::{Endpoint, Envelope};
use bytes::Bytes;

use crate::error::{Error, ErrorKind};

/// The envelope without its `data`, to read an error envelope whose `data` (if any) does not have
/// the success type.
#[derive(serde::Deserialize)]
struct EnvelopeStatus {
    code: i64,
    status: String,
    #[serde(default)]
    message: Option<String>,
}

fn is_success(code: i64, status: &str) -> bool {
    code == 200 && status.eq_ignore_ascii_case("OK")
}

/// The API error an envelope that is not a success stands for; `body` is the raw answer.
fn api_error(operation: &'static str, envelope: EnvelopeStatus, body: Bytes) -> Error {
    let EnvelopeStatus {
        code,
        status,
        message,
    } = envelope;
    Error::new(
        Some(operation),
        ErrorKind::Api {
            code,
            status,
            message,
            body,
        },
    )
}

/// Decodes a whole 2xx answer of `E` from one buffer.
pub(crate) fn read_answer<E: Endpoint>(body: Bytes) -> Result<E::Response, Error> {
    match E::decode_response(&body) {
        Ok(Envelope {
            code, status, data, ..
        }) if is_success(code, &status) => data
            .or_else(absent_data)
            .ok_or_else(|| Error::new(Some(E::OPERATION_ID), ErrorKind::MissingData)),
        Ok(Envelope {
            code,
            status,
            message,
            ..
        }) => Err(api_error(
            E::OPERATION_ID,
            EnvelopeStatus {
                code,
                status,
                message,
            },
            body,
        )),
        Err(decode_error) => match serde_json::from_slice::<EnvelopeStatus>(&body) {
            // An error envelope need not carry `data` of the success type.
            Ok(envelope) if !is_success(envelope.code, &envelope.status) => {
                Err(api_error(E::OPERATION_ID, envelope, body))
            }
            _ => Err(Error::new(
                Some(E::OPERATION_ID),
                ErrorKind::Decode(decode_error),
            )),
        },
    }
}

/// What a success envelope without `data` (or with `data: null`) stands for, when the response
/// type has a value for "nothing": `serde_json::Value::Null` for an undocumented answer, `None`
/// for an `Option`. Other types have none, which is [`ErrorKind::MissingData`].
fn absent_data<T: serde::de::DeserializeOwned>() -> Option<T> {
    T::deserialize(serde_json::Value::Null).ok()
}

/// Checks an envelope read without its `data` (the rest of a streamed answer): `Ok` on success,
/// the API error otherwise.
pub(crate) fn check_envelope(operation: &'static str, envelope: Bytes) -> Result<(), Error> {
    match serde_json::from_slice::<EnvelopeStatus>(&envelope) {
        Ok(status) if is_success(status.code, &status.status) => Ok(()),
        Ok(status) => Err(api_error(operation, status, envelope)),
        Err(error) => Err(Error::new(
            Some(operation),
            ErrorKind::Malformed {
                path: ".".to_owned(),
                message: format!("the envelope has no valid code and status: {error}"),
            },
        )),
    }
}
