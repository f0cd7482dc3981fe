//! What the tests share: the spec's example notifications, and (in `http`) a server, a sender
//! that behaves like AiRudder, and a log capture.

#![allow(dead_code)]

#[cfg(feature = "axum")]
pub mod http;

use serde_json::Value;

const SPEC: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../spec/airudder.openapi.json"
));

/// The first example body the spec gives for `webhook`.
pub fn spec_example(webhook: &str) -> Value {
    let spec: Value = serde_json::from_str(SPEC).expect("the spec is JSON");
    let examples = &spec["webhooks"][webhook]["post"]["requestBody"]["content"]["application/json"]
        ["examples"];
    let (_, example) = examples
        .as_object()
        .unwrap_or_else(|| panic!("the spec has no example for webhook {webhook}"))
        .iter()
        .next()
        .unwrap();
    example["value"].clone()
}

pub fn to_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}
