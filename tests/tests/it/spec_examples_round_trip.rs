//! Every example in the spec decodes into its generated type and encodes back to the same JSON,
//! also with members the spec does not know added to every object in it; cut examples and the
//! examples of undocumented answers are listed, not checked.

use airudder_models::{OPERATIONS, WEBHOOKS};
use airudder_tests::spec_examples::{
    ExampleOf, Payloads, UNLISTED_FIRST, UNLISTED_LAST, add_unlisted_members, in_place_agreement,
    load_spec, round_trip, spec_examples, unlisted_order_broken,
};

#[test]
fn every_spec_example_decodes_and_encodes_back_unchanged() {
    let result = round_trip(&load_spec(), OPERATIONS, WEBHOOKS, Payloads::AsShown);
    assert!(
        result.failures.is_empty(),
        "{} examples failed:\n{}",
        result.failures.len(),
        result.failures.join("\n")
    );
    assert!(result.checked > 0, "no example was checked");
    for unchecked in &result.unchecked {
        println!("not checked: {unchecked}");
    }
}

/// An operation or webhook without an example must say why: its page was cut (`x-page.partial`)
/// or does not show its answer.
#[test]
fn every_operation_and_webhook_has_an_example_or_a_page_that_shows_none() {
    let examples = spec_examples(&load_spec());
    for operation in OPERATIONS {
        let id = operation.operation_id.to_owned();
        let shown = examples
            .iter()
            .any(|e| e.of == ExampleOf::Response(id.clone()) && !e.cut);
        let excused = operation.undocumented_answer.is_some()
            || operation.page.is_some_and(|page| page.partial.is_some());
        assert!(
            shown || excused,
            "operation `{id}` has no whole answer example, and its page is not marked partial nor its answer undocumented"
        );
    }
    for webhook in WEBHOOKS {
        let name = webhook.name.to_owned();
        let shown = examples
            .iter()
            .any(|e| e.of == ExampleOf::Webhook(name.clone()) && !e.cut);
        let excused = webhook.page.is_some_and(|page| page.partial.is_some());
        assert!(
            shown || excused,
            "webhook `{name}` has no whole example, and its page is not marked partial"
        );
    }
}

#[test]
fn a_changed_example_is_caught_by_the_round_trip() {
    // The round trip compares whole documents: a value the type reads differently (here an
    // enum's other spelling, encoded back as the spec's) shows up as drift.
    let spec = load_spec();
    let example = spec_examples(&spec)
        .into_iter()
        .find(|e| e.of == ExampleOf::Webhook("workflowStatusChanged".into()))
        .expect("the spec has a workflowStatusChanged example");
    let mut drifted = example.value.clone();
    drifted["status"] = serde_json::json!("canceled");
    let webhook = WEBHOOKS
        .iter()
        .find(|w| w.name == "workflowStatusChanged")
        .unwrap();
    let reencoded = (webhook.reencode_payload)(&serde_json::to_vec(&drifted).unwrap()).unwrap();
    assert_ne!(reencoded, drifted);
    assert_eq!(reencoded["status"], "cancelled");
}

#[test]
fn every_spec_example_keeps_members_added_at_every_object_level_in_the_order_they_came() {
    let result = round_trip(
        &load_spec(),
        OPERATIONS,
        WEBHOOKS,
        Payloads::WithUnlistedMembers,
    );
    assert!(
        result.failures.is_empty(),
        "{} examples lost or reordered members:\n{}",
        result.failures.len(),
        result.failures.join("\n")
    );
    let shown = round_trip(&load_spec(), OPERATIONS, WEBHOOKS, Payloads::AsShown);
    assert_eq!(
        result.checked, shown.checked,
        "every checked example is checked with members added"
    );
}

#[test]
fn members_are_added_at_every_depth_and_a_reordering_is_found() {
    let mut value = serde_json::json!({"a": {"b": [{"c": 1}]}, "labels": {"k": "v"}});
    add_unlisted_members(&mut value);
    assert_eq!(value["a"]["b"][0][UNLISTED_FIRST], 1);
    assert_eq!(value["a"]["b"][0][UNLISTED_LAST], 1);
    assert_eq!(
        value["labels"][UNLISTED_FIRST], "v",
        "a map gains an entry of its value type"
    );
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(keys.first().map(|k| k.as_str()), Some(UNLISTED_FIRST));
    assert_eq!(keys.last().map(|k| k.as_str()), Some(UNLISTED_LAST));
    assert_eq!(unlisted_order_broken(&value, ""), None);

    let inner = value["a"]["b"][0].as_object_mut().unwrap();
    let first = inner.shift_remove(UNLISTED_FIRST).unwrap();
    inner.insert(UNLISTED_FIRST.to_owned(), first);
    assert_eq!(unlisted_order_broken(&value, "").as_deref(), Some("a.b[0]"));
}

#[test]
fn a_map_member_encodes_back_in_the_order_its_entries_came() {
    let operation = OPERATIONS
        .iter()
        .find(|op| op.operation_id == "getTaskDetail")
        .unwrap();
    let mut answer: serde_json::Value =
        serde_json::from_str(operation.response_example.unwrap()).unwrap();
    // Not alphabetical: a sorted map would write `A0` first.
    answer["data"]["detail"][0]["EventLabel"] =
        serde_json::json!({"Request_Installment": "x", "A0": "A1", "Correct_Person": "y"});
    let reencoded = (operation.reencode_response)(&serde_json::to_vec(&answer).unwrap()).unwrap();
    let keys: Vec<&String> = reencoded["data"]["detail"][0]["EventLabel"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys, ["Request_Installment", "A0", "Correct_Person"]);
}

#[test]
fn every_spec_example_decoded_over_another_form_of_itself_equals_a_fresh_decode() {
    let result = in_place_agreement(&load_spec(), OPERATIONS, WEBHOOKS);
    assert!(
        result.failures.is_empty(),
        "{} in-place decodes differ:\n{}",
        result.failures.len(),
        result.failures.join("\n")
    );
    assert!(result.checked >= 6, "no example was checked");
}

#[test]
fn a_decode_over_a_value_that_keeps_what_it_held_is_caught() {
    /// Decodes the first answer and ignores the second: everything the place held is kept.
    fn keeps_the_place(
        first: &[u8],
        _body: &[u8],
    ) -> Result<serde_json::Value, airudder_models::DecodeError> {
        airudder_models::__private::reencode::<
            airudder_models::Envelope<airudder_models::WorkflowTaskDetail>,
        >(first)
    }
    let operations: Vec<airudder_models::OperationInfo> = OPERATIONS
        .iter()
        .filter(|op| op.operation_id == "getWorkflowTaskDetail")
        .map(|op| airudder_models::OperationInfo {
            reencode_response_over: keeps_the_place,
            ..*op
        })
        .collect();
    let result = in_place_agreement(&load_spec(), &operations, &[]);
    assert!(
        result.failures.len() >= 6,
        "the forms' differences went unseen: {result:?}"
    );
}
