//! `decode-pairs`: the generated types against the hand-written reference as paired ratios, the
//! design that makes a 3 % difference visible on a shared machine. Each round decodes the same
//! body with both, back to back (which goes first alternates), and keeps the ratio of the two
//! times: a neighbour's load that slows the round slows both halves of the pair alike, where it
//! would move two separate medians apart. Rounds are many and short (10^4 rows, 19 MB, beyond
//! the caches), the documented-rows pair and the unknown-members pair interleaved in every round,
//! and the figure is the median ratio with its interquartile range as the spread.
//!
//! A third pair sets the SDK's own decode path (`decode_json`: the body's UTF-8 checked once)
//! and types against what a progenitor-style client does (`serde_json::from_slice` into
//! [`typify_shaped`] types) on the documented rows.

use airudder_models::{Envelope, WorkflowTaskDetail, decode_json};
use serde_json::{Value, json};

use crate::decode::bodies;
use crate::measure::{quantile, time};
use crate::{reference, typify_shaped};

pub fn run(rows: usize, rounds: usize) -> Result<Value, String> {
    let (body, unlisted) = bodies(rows)?;
    let generated =
        |bytes: &[u8]| time(|| serde_json::from_slice::<Envelope<WorkflowTaskDetail>>(bytes).ok());
    let handwritten = |bytes: &[u8]| {
        time(|| {
            serde_json::from_slice::<reference::Envelope<reference::WorkflowTaskDetail>>(bytes).ok()
        })
    };
    let sdk = |bytes: &[u8]| time(|| decode_json::<Envelope<WorkflowTaskDetail>>(bytes).ok());
    let typify = |bytes: &[u8]| {
        time(|| {
            serde_json::from_slice::<typify_shaped::Envelope<typify_shaped::WorkflowTaskDetail>>(
                bytes,
            )
            .ok()
        })
    };
    let (mut documented, mut lossless, mut shaped) = (Vec::new(), Vec::new(), Vec::new());
    // Round 0 warms up both pairs and is not kept.
    for round in 0..=rounds {
        let first = round % 2 == 0;
        let plain = pair(first, || generated(&body), || handwritten(&body));
        // The second pair starts with the other variant, so neither is always first.
        let kept = pair(!first, || generated(&unlisted), || handwritten(&unlisted));
        let theirs = pair(first, || sdk(&body), || typify(&body));
        if round > 0 {
            documented.push(plain);
            lossless.push(kept);
            shaped.push(theirs);
        }
    }
    Ok(json!({
        "measurement": "decode_pairs",
        "rows": rows,
        "rounds": rounds,
        "body_bytes": body.len(),
        "unlisted_body_bytes": unlisted.len(),
        "pairs": {
            "decode_vs_handwritten": describe(&documented),
            "decode_lossless_vs_handwritten": describe(&lossless),
            "decode_vs_typify_shaped": describe(&shaped),
        },
    }))
}

/// The other side's seconds over the generated types' (above 1: the generated types are faster),
/// the generated types (or the SDK's path) timed first when `generated_first`.
fn pair(
    generated_first: bool,
    mut generated: impl FnMut() -> f64,
    mut handwritten: impl FnMut() -> f64,
) -> f64 {
    let (generated, handwritten) = if generated_first {
        let seconds = generated();
        (seconds, handwritten())
    } else {
        let seconds = handwritten();
        (generated(), seconds)
    };
    if generated > 0.0 {
        handwritten / generated
    } else {
        0.0
    }
}

fn describe(ratios: &[f64]) -> Value {
    json!({
        "median": quantile(ratios, 0.5),
        "p25": quantile(ratios, 0.25),
        "p75": quantile(ratios, 0.75),
        "ratios": ratios,
    })
}

#[cfg(test)]
mod tests {
    use super::pair;

    #[test]
    fn a_pair_is_the_reference_time_over_the_generated_time_in_either_order() {
        assert_eq!(pair(true, || 2.0, || 3.0), 1.5);
        assert_eq!(pair(false, || 2.0, || 3.0), 1.5);
    }

    #[test]
    fn the_order_within_a_pair_follows_the_flag() {
        let order = std::cell::RefCell::new(Vec::new());
        pair(
            false,
            || {
                order.borrow_mut().push("generated");
                1.0
            },
            || {
                order.borrow_mut().push("handwritten");
                1.0
            },
        );
        assert_eq!(*order.borrow(), ["handwritten", "generated"]);
    }
}
