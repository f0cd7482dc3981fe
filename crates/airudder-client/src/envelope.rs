//! Reads an answer's envelope as its family says (`EnvelopeInfo`, from the spec's `x-envelope`):
//! the payload on success, a typed API error otherwise, even when the HTTP status was 200.

use airudder_models::{Endpoint, EnvelopeInfo, EnvelopeParts, Enveloped};
use bytes::Bytes;

use crate::error::Error;

/// Decodes a whole 2xx answer of `E` from one buffer.
pub(crate) fn read_answer<E: Endpoint>(body: &[u8]) -> Result<E::Response, Error> {
    let info = <E::Envelope as Enveloped>::INFO;
    match E::decode_response(body) {
        Ok(EnvelopeParts { payload, said }) if info.is_success(&said) => payload
            .or_else(absent_payload)
            .ok_or_else(Error::missing_data),
        Ok(EnvelopeParts { said, .. }) => Err(Error::api(said, body)),
        Err(decode_error) => match info.read_said(body) {
            // An error envelope need not carry a payload of the success type.
            Ok(said) if !info.is_success(&said) => Err(Error::api(said, body)),
            _ => Err(Error::decode(&decode_error)),
        },
    }
}

/// What a success envelope without a payload (or with a `null` one) stands for, when the
/// response type has a value for "nothing": `serde_json::Value::Null` for an undocumented
/// answer, `None` for an `Option`. Other types have none: the envelope is missing its payload.
fn absent_payload<T: serde::de::DeserializeOwned>() -> Option<T> {
    T::deserialize(serde_json::Value::Null).ok()
}

/// Checks an envelope read without its payload (the rest of a streamed answer): `Ok` on
/// success, the API error otherwise.
pub(crate) fn check_envelope(info: &EnvelopeInfo, envelope: Bytes) -> Result<(), Error> {
    match info.read_said(&envelope) {
        Ok(said) if info.is_success(&said) => Ok(()),
        Ok(said) => Err(Error::api(said, &envelope)),
        Err(error) => Err(Error::malformed(
            ".".to_owned(),
            None,
            format!(
                "the envelope ({}) does not say its outcome: {error}",
                info.schema
            ),
        )),
    }
}
