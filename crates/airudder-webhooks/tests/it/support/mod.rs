//! What the tests share: the spec's example notifications, and (in `http`) a server, a sender
//! that behaves like AiRudder, and a log capture.

#![allow(dead_code)]

#[cfg(feature = "axum")]
pub mod http;
#[cfg(feature = "redis")]
pub mod redis_server;

use serde_json::Value;

/// The first example body the spec gives for `webhook`, from the generated catalog.
pub fn spec_example(webhook: &str) -> Value {
    let info = airudder_models::WEBHOOKS
        .iter()
        .find(|info| info.name == webhook)
        .unwrap_or_else(|| panic!("no webhook {webhook} in the catalog"));
    let example = info
        .example
        .unwrap_or_else(|| panic!("the spec has no example for webhook {webhook}"));
    serde_json::from_str(example).expect("the example is JSON")
}

pub fn to_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}
