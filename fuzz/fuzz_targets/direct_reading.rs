//! Direct reading (`airudder_models`' `direct.rs`), given any text, decodes a call row over the
//! spec's example row exactly as serde does, or leaves it to serde (the rule is
//! `airudder_models::__private::direct_agrees_with_serde`). The first byte picks the member order
//! expected: the spec's, or the one a row with its members reversed taught; the rest is the text.

#![no_main]

use std::sync::OnceLock;

use airudder_models::__private::{Learned, direct_agrees_with_serde};
use airudder_models::{OPERATIONS, WorkflowCallDetail};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

/// The first call row of the spec's `getWorkflowTaskDetail` example, decoded, and the same row
/// with its members reversed as text: made once, not for every input.
fn example() -> &'static (WorkflowCallDetail, String) {
    static EXAMPLE: OnceLock<(WorkflowCallDetail, String)> = OnceLock::new();
    EXAMPLE.get_or_init(|| {
        let example = OPERATIONS
            .iter()
            .find(|operation| operation.operation_id == "getWorkflowTaskDetail")
            .and_then(|operation| operation.response_example)
            .expect("the spec has the example");
        let answer: Value = serde_json::from_str(example).expect("the example is JSON");
        let row = answer["data"]["detail"][0]
            .as_object()
            .cloned()
            .expect("its first row is an object");
        let place = serde_json::from_value(Value::Object(row.clone())).expect("the row decodes");
        let reversed: Map<String, Value> = row.into_iter().rev().collect();
        (
            place,
            serde_json::to_string(&reversed).expect("a row encodes"),
        )
    })
}

fuzz_target!(|input: &[u8]| {
    let Some((&choice, rest)) = input.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (place, reversed) = example();
    let mut learned = Learned::default();
    if choice % 2 == 1 {
        direct_agrees_with_serde(reversed, place, &mut learned).expect("the example agrees");
    }
    if let Err(disagreement) = direct_agrees_with_serde(text, place, &mut learned) {
        panic!("{disagreement}");
    }
});
