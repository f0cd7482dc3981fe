//! `decode`: one synthetic body of N rows decoded with the generated types (straight with
//! serde_json, and through `airudder_models::decode_json`), as `serde_json::Value`, and with the
//! hand-written reference, in interleaved rounds. Two more variants split the cost, for the
//! analysis only: `parse_only` (serde's `IgnoredAny`: tokenizing and validating, nothing built)
//! and `generated_from_str` (the body's UTF-8 checked once, then `serde_json::from_str`, which
//! skips the check of each string). And a second body, whose rows carry members the spec does
//! not know (`synth::RowMembers::WithUnlisted`), decoded with the generated types, which keep
//! them, and the hand-written reference, which drops them: what losing nothing costs.

use airudder_models::{Envelope, WorkflowTaskDetail, decode_json};
use serde::de::IgnoredAny;
use serde_json::{Value, json};

use crate::measure::{interleaved, mb_per_s, median, time};
use crate::synth::RowMembers;
use crate::{reference, synth, typify_shaped};

const VARIANTS: [&str; 8] = [
    "generated",
    "decode_json",
    "value",
    "handwritten",
    "parse_only",
    "generated_from_str",
    "generated_unlisted",
    "handwritten_unlisted",
];

pub fn run(rows: usize, rounds: usize) -> Result<Value, String> {
    let (body, unlisted) = bodies(rows)?;
    let mut generated =
        || time(|| serde_json::from_slice::<Envelope<WorkflowTaskDetail>>(&body).ok());
    let mut via_decode_json = || time(|| decode_json::<Envelope<WorkflowTaskDetail>>(&body).ok());
    let mut value = || time(|| serde_json::from_slice::<Value>(&body).ok());
    let mut handwritten = || {
        time(|| {
            serde_json::from_slice::<reference::Envelope<reference::WorkflowTaskDetail>>(&body).ok()
        })
    };
    let mut parse_only = || time(|| serde_json::from_slice::<IgnoredAny>(&body).ok());
    let mut generated_from_str = || {
        time(|| {
            std::str::from_utf8(&body)
                .ok()
                .and_then(|text| serde_json::from_str::<Envelope<WorkflowTaskDetail>>(text).ok())
        })
    };
    let mut generated_unlisted =
        || time(|| serde_json::from_slice::<Envelope<WorkflowTaskDetail>>(&unlisted).ok());
    let mut handwritten_unlisted = || {
        time(|| {
            serde_json::from_slice::<reference::Envelope<reference::WorkflowTaskDetail>>(&unlisted)
                .ok()
        })
    };
    let samples = interleaved(
        rounds,
        &mut [
            &mut generated,
            &mut via_decode_json,
            &mut value,
            &mut handwritten,
            &mut parse_only,
            &mut generated_from_str,
            &mut generated_unlisted,
            &mut handwritten_unlisted,
        ],
    );
    let mut seconds = serde_json::Map::new();
    let mut throughput = serde_json::Map::new();
    for (name, samples) in VARIANTS.iter().zip(&samples) {
        let median = median(samples);
        seconds.insert((*name).to_owned(), json!(median));
        let bytes = if name.ends_with("_unlisted") {
            unlisted.len()
        } else {
            body.len()
        };
        throughput.insert((*name).to_owned(), json!(mb_per_s(bytes, median)));
    }
    Ok(json!({
        "measurement": "decode",
        "rows": rows,
        "rounds": rounds,
        "body_bytes": body.len(),
        "unlisted_body_bytes": unlisted.len(),
        "median_seconds": seconds,
        "mb_per_s": throughput,
        "samples": VARIANTS.iter().zip(&samples).map(|(name, s)| (name.to_string(), json!(s))).collect::<serde_json::Map<_, _>>(),
    }))
}

/// The two synthetic bodies of `rows` rows, checked: documented members only, and with
/// members the spec does not know (which the generated types are checked to keep).
pub(crate) fn bodies(rows: usize) -> Result<(Vec<u8>, Vec<u8>), String> {
    let body = synth::workflow_task_detail(rows, synth::SEED);
    check(&body, rows)?;
    let unlisted = synth::workflow_task_detail_with(rows, synth::SEED, RowMembers::WithUnlisted);
    check(&unlisted, rows)?;
    check_kept(&unlisted, rows)?;
    Ok((body, unlisted))
}

/// Every variant decodes the body, with all its rows: a timing of a failure would mean nothing.
fn check(body: &[u8], rows: usize) -> Result<(), String> {
    let generated = serde_json::from_slice::<Envelope<WorkflowTaskDetail>>(body)
        .map_err(|e| format!("the synthetic body does not decode into the generated types: {e}"))?;
    let reference =
        serde_json::from_slice::<reference::Envelope<reference::WorkflowTaskDetail>>(body)
            .map_err(|e| format!("the synthetic body does not decode into the reference: {e}"))?;
    let typify =
        serde_json::from_slice::<typify_shaped::Envelope<typify_shaped::WorkflowTaskDetail>>(body)
            .map_err(|e| {
                format!("the synthetic body does not decode into the typify-shaped types: {e}")
            })?;
    let value = serde_json::from_slice::<Value>(body)
        .map_err(|e| format!("the synthetic body is not JSON: {e}"))?;
    let counts = [
        generated.data.map(|data| data.detail.len()),
        reference.data.map(|data| data.detail.len()),
        typify.data.map(|data| data.detail.len()),
        value["data"]["detail"].as_array().map(Vec::len),
    ];
    if counts.iter().any(|count| *count != Some(rows)) {
        return Err(format!(
            "expected {rows} rows in every decoding, found {counts:?}"
        ));
    }
    Ok(())
}

/// The generated types keep every member of the rows the spec does not know: the lossless
/// variant's timing includes keeping them.
fn check_kept(body: &[u8], rows: usize) -> Result<(), String> {
    let decoded = serde_json::from_slice::<Envelope<WorkflowTaskDetail>>(body)
        .map_err(|e| format!("the body with unlisted members does not decode: {e}"))?;
    let kept: usize = decoded.data.map_or(0, |data| {
        data.detail.iter().map(|row| row.extra.len()).sum()
    });
    if kept != rows * synth::UNLISTED_MEMBERS {
        return Err(format!(
            "expected {} unlisted members kept, found {kept}",
            rows * synth::UNLISTED_MEMBERS
        ));
    }
    Ok(())
}
