//! `webhook-decode`: a `workflowStatusChanged` notification parsed into its generated type
//! (`Webhook::parse`) against `serde_json::Value`, on the spec's example and on a synthetic one
//! with many actions, in interleaved rounds.

use std::fmt::Write;

use airudder_models::{WEBHOOKS, Webhook, WorkflowStatusChangedNotification};
use fastrand::Rng;
use serde_json::{Value, json};

use crate::measure::{interleaved, mb_per_s, median, time};

const WEBHOOK: &str = "workflowStatusChanged";
/// Actions in the synthetic notification (the example has 3).
const MANY_ACTIONS: usize = 500;
/// Bytes parsed per timed sample: short payloads are parsed many times so a sample is
/// milliseconds long, well above the clock's resolution.
const BYTES_PER_SAMPLE: usize = 4_000_000;

pub fn run(rounds: usize) -> Result<Value, String> {
    let example = WEBHOOKS
        .iter()
        .find(|webhook| webhook.name == WEBHOOK)
        .and_then(|webhook| webhook.example)
        .ok_or_else(|| format!("the spec has no example of `{WEBHOOK}`"))?;
    let mut results = serde_json::Map::new();
    for (name, payload) in [
        ("spec_example", example.as_bytes().to_vec()),
        ("many_actions", synthetic(MANY_ACTIONS, crate::synth::SEED)),
    ] {
        results.insert(name.to_owned(), compare(&payload, rounds)?);
    }
    Ok(json!({
        "measurement": "webhook-decode",
        "rounds": rounds,
        "payloads": results,
    }))
}

fn compare(payload: &[u8], rounds: usize) -> Result<Value, String> {
    let parsed = WorkflowStatusChangedNotification::parse(payload)
        .map_err(|e| format!("the payload does not parse: {e}"))?;
    let value: Value = serde_json::from_slice(payload).map_err(|e| e.to_string())?;
    if value["actions"].as_array().map(Vec::len) != Some(parsed.actions.len()) {
        return Err("typed and Value parses disagree on the actions".to_owned());
    }
    let repeat = (BYTES_PER_SAMPLE / payload.len()).max(1);
    let mut typed = || {
        time(|| {
            for _ in 0..repeat {
                std::hint::black_box(WorkflowStatusChangedNotification::parse(payload).ok());
            }
        })
    };
    let mut untyped = || {
        time(|| {
            for _ in 0..repeat {
                std::hint::black_box(serde_json::from_slice::<Value>(payload).ok());
            }
        })
    };
    let samples = interleaved(rounds, &mut [&mut typed, &mut untyped]);
    let bytes = payload.len() * repeat;
    let (typed_s, value_s) = (median(&samples[0]), median(&samples[1]));
    Ok(json!({
        "payload_bytes": payload.len(),
        "actions": parsed.actions.len(),
        "parses_per_sample": repeat,
        "median_seconds": {"typed": typed_s, "value": value_s},
        "mb_per_s": {"typed": mb_per_s(bytes, typed_s), "value": mb_per_s(bytes, value_s)},
    }))
}

/// A notification with `actions` actions of every node type, as AiRudder formats them.
pub fn synthetic(actions: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng::with_seed(seed);
    let mut text = String::from(
        r#"{"workflow_id":"ea1cb50d19a4f2c6b3c257bb6a0935b5","workflow_name":"penagihan_maret_2024","status":"finished","actions":["#,
    );
    for index in 0..actions {
        if index > 0 {
            text.push(',');
        }
        let node = ["sms", "call", "email", "waba"][rng.usize(..4)];
        let _ = write!(
            text,
            r#"{{"nodetask_id":"{:016x}{index:08x}","nodetask_name":"{}_{:06x}","node_type":"{node}""#,
            rng.u64(..),
            match node {
                "call" => "Voicebot Call1",
                "sms" => "SMS1",
                "email" => "Email1",
                _ => "WABA1",
            },
            rng.u32(..0xFF_FFFF),
        );
        if node == "call" {
            let status = ["finished", "canceled", "cancelled", "calling"][rng.usize(..4)];
            let _ = write!(
                text,
                r#","task_id":"{:016x}{index:08x}","task_status":"{status}""#,
                rng.u64(..)
            );
        }
        text.push('}');
    }
    text.push_str("]}");
    text.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synthetic_notification_parses_with_every_action() {
        let parsed = WorkflowStatusChangedNotification::parse(&synthetic(50, 1)).unwrap();
        assert_eq!(parsed.actions.len(), 50);
    }
}
