//! Every example in the spec decodes into its generated type and encodes back to the same JSON.

use airudder_models::{OPERATIONS, WEBHOOKS, WebhookAck, decode_json};
use airudder_tests::spec_examples::{ExampleOf, load_spec, spec_examples};

#[test]
fn every_spec_example_decodes_and_encodes_back_unchanged() {
    let spec = load_spec();
    let examples = spec_examples(&spec);
    let mut failures = Vec::new();
    for example in &examples {
        let body = serde_json::to_vec(&example.value).unwrap();
        let reencoded = match &example.of {
            ExampleOf::Request(id) | ExampleOf::Response(id) => {
                let Some(operation) = OPERATIONS.iter().find(|op| op.operation_id == id) else {
                    failures.push(format!("{}: no generated operation `{id}`", example.label));
                    continue;
                };
                if matches!(example.of, ExampleOf::Request(_)) {
                    (operation.reencode_request)(&body)
                } else {
                    (operation.reencode_response)(&body)
                }
            }
            ExampleOf::Webhook(name) => {
                let Some(webhook) = WEBHOOKS.iter().find(|w| w.name == name) else {
                    failures.push(format!("{}: no generated webhook `{name}`", example.label));
                    continue;
                };
                (webhook.reencode_payload)(&body)
            }
            ExampleOf::WebhookAnswer(_) => {
                decode_json::<WebhookAck>(&body).map(|ack| serde_json::to_value(ack).unwrap())
            }
        };
        match reencoded {
            Ok(value) if value == example.value => {}
            Ok(value) => failures.push(format!(
                "{}: encodes back differently\n  spec:    {}\n  encoded: {value}",
                example.label, example.value
            )),
            Err(error) => failures.push(format!("{}: does not decode: {error}", example.label)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn every_operation_and_webhook_has_an_example_to_test() {
    let spec = load_spec();
    let examples = spec_examples(&spec);
    for operation in OPERATIONS {
        let id = operation.operation_id.to_owned();
        assert!(
            examples
                .iter()
                .any(|e| e.of == ExampleOf::Response(id.clone())),
            "operation `{id}` has no response example in the spec"
        );
    }
    for webhook in WEBHOOKS {
        let name = webhook.name.to_owned();
        assert!(
            examples
                .iter()
                .any(|e| e.of == ExampleOf::Webhook(name.clone())),
            "webhook `{name}` has no example"
        );
    }
}

#[test]
fn a_changed_example_is_caught_by_the_round_trip() {
    // The round trip compares whole documents: a field the type does not know is dropped on
    // re-encoding, which is how drift between the docs and the spec shows up.
    let spec = load_spec();
    let example = spec_examples(&spec)
        .into_iter()
        .find(|e| e.of == ExampleOf::Webhook("workflowStatusChanged".into()))
        .expect("the spec has a workflowStatusChanged example");
    let mut drifted = example.value.clone();
    drifted["priority"] = serde_json::json!("high");
    let webhook = WEBHOOKS
        .iter()
        .find(|w| w.name == "workflowStatusChanged")
        .unwrap();
    let reencoded = (webhook.reencode_payload)(&serde_json::to_vec(&drifted).unwrap()).unwrap();
    assert_ne!(reencoded, drifted);
    assert_eq!(reencoded, example.value);
}
