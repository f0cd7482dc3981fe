//! Every example in the spec, with what it is an example of, read straight from the spec file so
//! that an example added to the spec is tested with no change here.

use serde_json::Value;

/// The spec, parsed.
pub fn load_spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/airudder.openapi.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

/// What an example shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleOf {
    /// A request body of the operation with this operationId.
    Request(String),
    /// A whole answer (envelope included) of the operation with this operationId.
    Response(String),
    /// A notification body of the webhook with this key.
    Webhook(String),
    /// The integrator's answer to the webhook with this key.
    WebhookAnswer(String),
}

/// One example of the spec.
#[derive(Debug, Clone)]
pub struct SpecExample {
    /// Names the example in failure messages: `getTaskDetail response example "success"`.
    pub label: String,
    pub of: ExampleOf,
    pub value: Value,
}

/// Every example of every operation and webhook, in the spec's order.
pub fn spec_examples(spec: &Value) -> Vec<SpecExample> {
    let mut found = Vec::new();
    for item in spec["paths"]
        .as_object()
        .into_iter()
        .flat_map(|paths| paths.values())
    {
        for operation in item.as_object().into_iter().flat_map(|item| item.values()) {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            let request = &operation["requestBody"]["content"]["application/json"];
            push_examples(
                &mut found,
                request,
                &format!("{id} request"),
                ExampleOf::Request(id.to_owned()),
            );
            let response = &operation["responses"]["200"]["content"]["application/json"];
            push_examples(
                &mut found,
                response,
                &format!("{id} response"),
                ExampleOf::Response(id.to_owned()),
            );
        }
    }
    for (name, webhook) in spec["webhooks"].as_object().into_iter().flatten() {
        let post = &webhook["post"];
        let body = &post["requestBody"]["content"]["application/json"];
        push_examples(
            &mut found,
            body,
            &format!("{name} webhook"),
            ExampleOf::Webhook(name.clone()),
        );
        let answer = &post["responses"]["200"]["content"]["application/json"];
        push_examples(
            &mut found,
            answer,
            &format!("{name} answer"),
            ExampleOf::WebhookAnswer(name.clone()),
        );
    }
    found
}

fn push_examples(found: &mut Vec<SpecExample>, media: &Value, what: &str, of: ExampleOf) {
    if let Some(example) = media.get("example") {
        found.push(SpecExample {
            label: format!("{what} example"),
            of: of.clone(),
            value: example.clone(),
        });
    }
    for (name, example) in media["examples"].as_object().into_iter().flatten() {
        found.push(SpecExample {
            label: format!("{what} example {name:?}"),
            of: of.clone(),
            value: example["value"].clone(),
        });
    }
}
