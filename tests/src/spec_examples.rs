//! Every example in the spec, with what it is an example of, read straight from the spec file so
//! that an example added to the spec is tested with no change here.

use serde_json::Value;

/// The spec, parsed.
pub fn load_spec() -> Value {
    load_spec_at(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/airudder.openapi.json"
    ))
}

/// The spec at `path` (a fixture spec), parsed.
pub fn load_spec_at(path: &str) -> Value {
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
    /// Marked `x-cut`: the page shows only part of it, so it is not a whole payload.
    pub cut: bool,
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
            cut: false,
        });
    }
    for (name, example) in media["examples"].as_object().into_iter().flatten() {
        found.push(SpecExample {
            label: format!("{what} example {name:?}"),
            of: of.clone(),
            value: example["value"].clone(),
            cut: example["x-cut"] == Value::Bool(true),
        });
    }
}

/// What [`round_trip`] found.
#[derive(Debug, Default)]
pub struct RoundTrip {
    /// Examples decoded and encoded back unchanged.
    pub checked: usize,
    /// Examples that did not decode or encoded back differently, with why.
    pub failures: Vec<String>,
    /// Examples not checked, with why: cut (`x-cut`), or of an undocumented answer.
    pub unchecked: Vec<String>,
}

/// Which payloads [`round_trip`] decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payloads {
    /// The examples as the spec shows them.
    AsShown,
    /// The examples with members the spec does not know added to every object in them (see
    /// [`add_unlisted_members`]), as AiRudder sends when its pages lag behind its API.
    WithUnlistedMembers,
}

/// The name of the member [`add_unlisted_members`] puts first in an object.
pub const UNLISTED_FIRST: &str = "x-unlisted-first";
/// The name of the member [`add_unlisted_members`] puts last in an object.
pub const UNLISTED_LAST: &str = "x-unlisted-last";

/// Adds two members no spec names to every object in `value`, at every depth: [`UNLISTED_FIRST`]
/// before the others, with a copy of the object's first value, and [`UNLISTED_LAST`] after them,
/// with a copy of its last. Copies, so that an object that is a typed map (`additionalProperties`
/// with a schema) gains an entry of its own value type; an empty object gains a string.
pub fn add_unlisted_members(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(add_unlisted_members),
        Value::Object(members) => {
            members.values_mut().for_each(add_unlisted_members);
            let first = members
                .values()
                .next()
                .cloned()
                .unwrap_or_else(|| Value::from("unlisted"));
            let last = members.values().next_back().cloned().unwrap_or(Value::Null);
            let mut with = serde_json::Map::new();
            with.insert(UNLISTED_FIRST.to_owned(), first);
            with.append(members);
            if last != Value::Null || with.len() > 1 {
                with.insert(UNLISTED_LAST.to_owned(), last);
            }
            *members = with;
        }
        _ => {}
    }
}

/// The JSON path of the first object in `encoded` where [`UNLISTED_LAST`] comes before
/// [`UNLISTED_FIRST`], the order they were sent in.
pub fn unlisted_order_broken(encoded: &Value, path: &str) -> Option<String> {
    match encoded {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| unlisted_order_broken(item, &format!("{path}[{index}]"))),
        Value::Object(members) => {
            let position = |name: &str| members.keys().position(|key| key == name);
            let (first, last) = (position(UNLISTED_FIRST), position(UNLISTED_LAST));
            if first.zip(last).is_some_and(|(first, last)| last < first) {
                return Some(if path.is_empty() {
                    "$".into()
                } else {
                    path.into()
                });
            }
            members.iter().find_map(|(key, member)| {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                unlisted_order_broken(member, &path)
            })
        }
        _ => None,
    }
}

/// The catalog's functions that decode an example's payload and encode it back.
struct Coders {
    reencode: airudder_models::Reencode,
    /// The same over a value already there; `None` for the payloads that have none (request
    /// bodies, the integrator's answers).
    reencode_over: Option<airudder_models::ReencodeOver>,
}

/// Why an example is not decoded: its operation or webhook is not generated (a failure), or its
/// payload is of no known shape (an undocumented answer).
enum Skip {
    Failure(String),
    Unchecked(String),
}

impl RoundTrip {
    /// Notes an example that is not decoded, as a failure or as unchecked.
    fn skipped(&mut self, skip: Skip) {
        match skip {
            Skip::Failure(why) => self.failures.push(why),
            Skip::Unchecked(why) => self.unchecked.push(why),
        }
    }
}

/// Finds in the catalog what decodes `example`'s payload.
fn coders(
    example: &SpecExample,
    operations: &[airudder_models::OperationInfo],
    webhooks: &[airudder_models::WebhookInfo],
) -> Result<Coders, Skip> {
    let label = &example.label;
    match &example.of {
        ExampleOf::Request(id) | ExampleOf::Response(id) => {
            let Some(operation) = operations.iter().find(|op| op.operation_id == id) else {
                return Err(Skip::Failure(format!(
                    "{label}: no generated operation `{id}`"
                )));
            };
            match (&example.of, operation.undocumented_answer) {
                (ExampleOf::Request(_), _) => Ok(Coders {
                    reencode: operation.reencode_request,
                    reencode_over: None,
                }),
                (_, Some(reason)) => Err(Skip::Unchecked(format!(
                    "{label}: the answer is undocumented ({reason})"
                ))),
                (_, None) => Ok(Coders {
                    reencode: operation.reencode_response,
                    reencode_over: Some(operation.reencode_response_over),
                }),
            }
        }
        ExampleOf::Webhook(name) | ExampleOf::WebhookAnswer(name) => {
            let Some(webhook) = webhooks.iter().find(|w| w.name == name) else {
                return Err(Skip::Failure(format!(
                    "{label}: no generated webhook `{name}`"
                )));
            };
            match (&example.of, webhook.reencode_answer) {
                (ExampleOf::Webhook(_), _) => Ok(Coders {
                    reencode: webhook.reencode_payload,
                    reencode_over: Some(webhook.reencode_payload_over),
                }),
                (_, Some(reencode)) => Ok(Coders {
                    reencode,
                    reencode_over: None,
                }),
                (_, None) => Err(Skip::Unchecked(format!(
                    "{label}: the answer is undocumented"
                ))),
            }
        }
    }
}

/// Decodes every example of `spec` (as shown, or with unlisted members added) with the generated
/// types of its catalog and encodes it back: each must come back as the same JSON, and unlisted
/// members in the order they were sent. Cut examples and the examples of undocumented answers
/// are listed instead, since they are not whole payloads of a known shape.
pub fn round_trip(
    spec: &Value,
    operations: &[airudder_models::OperationInfo],
    webhooks: &[airudder_models::WebhookInfo],
    payloads: Payloads,
) -> RoundTrip {
    let mut result = RoundTrip::default();
    for mut example in spec_examples(spec) {
        if example.cut {
            result
                .unchecked
                .push(format!("{}: cut (x-cut)", example.label));
            continue;
        }
        if payloads == Payloads::WithUnlistedMembers {
            add_unlisted_members(&mut example.value);
        }
        let mut value = example.value.clone();
        // A body example lacks the query, path and header parameters the request type needs:
        // they are filled in for the decode and taken out again before comparing.
        let mut filled = Vec::new();
        if let (ExampleOf::Request(id), Value::Object(members)) = (&example.of, &mut value) {
            let params = operations
                .iter()
                .find(|op| op.operation_id == id)
                .map_or(&[][..], |op| op.params);
            for param in params
                .iter()
                .filter(|p| p.required && p.location != airudder_models::ParamLocation::Body)
            {
                if !members.contains_key(param.name) {
                    members.insert(param.name.to_owned(), placeholder(param));
                    filled.push(param.name);
                }
            }
        }
        let body = serde_json::to_vec(&value).unwrap_or_default();
        let reencode = match coders(&example, operations, webhooks) {
            Ok(coders) => coders.reencode,
            Err(skip) => {
                result.skipped(skip);
                continue;
            }
        };
        let reencoded = reencode(&body).map(|mut value| {
            if let Value::Object(members) = &mut value {
                for name in &filled {
                    members.shift_remove(*name);
                }
            }
            value
        });
        match reencoded {
            Ok(value) if value == example.value => match unlisted_order_broken(&value, "") {
                None => result.checked += 1,
                Some(path) => result.failures.push(format!(
                    "{}: the members the spec does not know at `{path}` are encoded out of the order they came in\n  encoded: {value}",
                    example.label
                )),
            },
            Ok(value) => result.failures.push(format!(
                "{}: encodes back differently\n  spec:    {}\n  encoded: {value}",
                example.label, example.value
            )),
            Err(error) => result
                .failures
                .push(format!("{}: does not decode: {error}", example.label)),
        }
    }
    result
}

/// A value for a parameter an example does not show: its own example, or one of its JSON type.
fn placeholder(param: &airudder_models::ParamInfo) -> Value {
    if let Some(example) = param
        .example
        .and_then(|text| serde_json::from_str(text).ok())
    {
        return example;
    }
    match param.json_type {
        "integer" => Value::from(1),
        "number" => Value::from(1.5),
        "boolean" => Value::Bool(true),
        _ => Value::from("placeholder"),
    }
}

/// Every array of `value`, at any depth, with its elements twice over: an example of the same
/// shape with longer lists, to decode over a shorter one and the other way round.
pub fn double_arrays(value: &mut Value) {
    match value {
        Value::Array(items) => {
            items.iter_mut().for_each(double_arrays);
            let copy = items.clone();
            items.extend(copy);
        }
        Value::Object(members) => members.values_mut().for_each(double_arrays),
        _ => {}
    }
}

/// Decodes every whole answer and notification example of `spec` over another form of itself
/// (with members the spec does not know added, with every list doubled, as shown) in place, and
/// checks each gives what a fresh decode of it gives: unknown members and list elements the
/// reused value held are not kept. (Optional members that come in one value and not the next are
/// the fixtures' own test: the three forms here have the same ones.) Examples of an operation or
/// webhook the catalog lacks are failures, undocumented and cut ones are listed, as in
/// [`round_trip`].
pub fn in_place_agreement(
    spec: &Value,
    operations: &[airudder_models::OperationInfo],
    webhooks: &[airudder_models::WebhookInfo],
) -> RoundTrip {
    let mut result = RoundTrip::default();
    for example in spec_examples(spec) {
        let (reencode, reencode_over) = match coders(&example, operations, webhooks) {
            Ok(Coders {
                reencode,
                reencode_over: Some(reencode_over),
            }) => (reencode, reencode_over),
            // A request body or the integrator's answer: never read row after row.
            Ok(Coders {
                reencode_over: None,
                ..
            }) => continue,
            Err(skip) => {
                result.skipped(skip);
                continue;
            }
        };
        if example.cut {
            result
                .unchecked
                .push(format!("{}: cut (x-cut)", example.label));
            continue;
        }
        let mut unlisted = example.value.clone();
        add_unlisted_members(&mut unlisted);
        let mut doubled = example.value.clone();
        double_arrays(&mut doubled);
        let forms = [
            ("as shown", example.value.clone()),
            ("with members added", unlisted),
            ("with lists doubled", doubled),
        ]
        .map(|(form, value)| (form, serde_json::to_vec(&value).unwrap_or_default()));
        for (over_form, over) in &forms {
            for (form, body) in &forms {
                if over_form == form {
                    continue;
                }
                let label = format!("{} {form}, decoded over it {over_form}", example.label);
                match (reencode(body), reencode_over(over, body)) {
                    (Ok(fresh), Ok(in_place)) if fresh == in_place => result.checked += 1,
                    (Ok(fresh), Ok(in_place)) => result.failures.push(format!(
                        "{label}: differs from a fresh decode\n  fresh:    {fresh}\n  in place: {in_place}"
                    )),
                    (fresh, in_place) => result.failures.push(format!(
                        "{label}: fresh {:?}, in place {:?}",
                        fresh.err().map(|e| e.to_string()),
                        in_place.err().map(|e| e.to_string())
                    )),
                }
            }
        }
    }
    result
}
