//! Reads an answer's envelope: `data` when `code` is 200 and `status` is "OK", a typed API error
//! otherwise, even when the HTTP status was 200.

use airudder_models::{Endpoint, Envelope};
use bytes::Bytes;

use crate::error::{Error, Said};

fn is_success(code: i64, status: &str) -> bool {
    code == 200 && status.eq_ignore_ascii_case("OK")
}

/// Decodes a whole 2xx answer of `E` from one buffer.
pub(crate) fn read_answer<E: Endpoint>(body: &[u8]) -> Result<E::Response, Error> {
    match E::decode_response(body) {
        Ok(Envelope {
            code, status, data, ..
        }) if is_success(code, &status) => {
            data.or_else(absent_data).ok_or_else(Error::missing_data)
        }
        Ok(Envelope {
            code,
            status,
            message,
            ..
        }) => Err(Error::api(
            Said {
                code,
                status,
                message,
            },
            body,
        )),
        Err(decode_error) => match serde_json::from_slice::<Said>(body) {
            // An error envelope need not carry `data` of the success type.
            Ok(said) if !is_success(said.code, &said.status) => Err(Error::api(said, body)),
            _ => Err(Error::decode(&decode_error)),
        },
    }
}

/// What a success envelope without `data` (or with `data: null`) stands for, when the response
/// type has a value for "nothing": `serde_json::Value::Null` for an undocumented answer, `None`
/// for an `Option`. Other types have none: the envelope is missing its data.
fn absent_data<T: serde::de::DeserializeOwned>() -> Option<T> {
    T::deserialize(serde_json::Value::Null).ok()
}

/// Checks an envelope read without its `data` (the rest of a streamed answer): `Ok` on success,
/// the API error otherwise.
pub(crate) fn check_envelope(envelope: Bytes) -> Result<(), Error> {
    match serde_json::from_slice::<Said>(&envelope) {
        Ok(said) if is_success(said.code, &said.status) => Ok(()),
        Ok(said) => Err(Error::api(said, &envelope)),
        Err(error) => Err(Error::malformed(
            ".".to_owned(),
            None,
            format!("the envelope has no valid code and status: {error}"),
        )),
    }
}
