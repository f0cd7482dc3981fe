//! The dynamic entry points for tools that pick the operation at run time (`Client::call_json`,
//! `Client::stream_json`, `Client::stream_raw`, generated in `generated/dynamic.rs`): request
//! fields from one JSON object, answers as JSON.

use airudder_models::Endpoint;

use crate::client::Client;
use crate::error::Error;
use crate::rows::{DecodeHeader, DecodeRow, RowStream};

/// Decodes the request fields (one JSON object keyed by wire name) into the request type; a
/// mistake is an error naming the field, before anything is sent.
fn request<E>(params: &[u8]) -> Result<E, Error>
where
    E: Endpoint + serde::de::DeserializeOwned,
{
    airudder_models::decode_json(params)
        .map_err(|e| Error::invalid_params(&e).for_operation(E::OPERATION_ID))
}

/// [`Client::call_json`] for one request type: decode, send, encode the answer.
pub async fn call_json_as<E>(client: &Client, params: &[u8]) -> Result<serde_json::Value, Error>
where
    E: Endpoint + serde::de::DeserializeOwned,
    E::Response: serde::Serialize,
{
    let data = client.send(&request::<E>(params)?).await?;
    serde_json::to_value(&data).map_err(|e| Error::encode(e).for_operation(E::OPERATION_ID))
}

/// [`Client::stream_json`] (rows `R` = JSON values) and `Client::stream_raw` (rows as sent) for
/// one request type.
pub async fn stream_json_as<E, R>(
    client: &Client,
    params: &[u8],
    array: &'static str,
    decode_header: DecodeHeader<serde_json::Value>,
    decode_row: DecodeRow<R>,
) -> Result<RowStream<serde_json::Value, R>, Error>
where
    E: Endpoint + serde::de::DeserializeOwned,
    R: Send,
{
    client
        .open_rows(&request::<E>(params)?, array, decode_header, decode_row)
        .await
}
