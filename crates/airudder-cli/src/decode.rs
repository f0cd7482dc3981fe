//! `airudder decode`: decodes a payload with the generated types and reports what the spec did not
//! account for, so a maintainer sees at once where AiRudder's payloads drifted from the docs.

use std::fmt::Write;

use airudder_models::{DecodeError, OPERATIONS, WEBHOOKS};
use serde_json::Value;

/// What decoding a payload showed.
#[derive(Debug, PartialEq)]
pub(crate) struct Decoded {
    /// What the typed model understood, encoded back to JSON.
    pub(crate) understood: Value,
    /// Paths of members the spec does not know (dropped by the typed model).
    pub(crate) unknown: Vec<String>,
    /// Members the model understood under another spelling: (input path, spec path).
    pub(crate) respelled: Vec<(String, String)>,
    /// Values the model normalized (an enum's alternative spelling): (path, input, output).
    pub(crate) normalized: Vec<(String, Value, Value)>,
}

/// Why a payload could not be decoded.
#[derive(Debug)]
pub(crate) enum DecodeFailure {
    /// NAME is neither an operationId nor a webhook key (a usage error).
    UnknownName(String),
    /// The payload does not fit the type.
    Invalid(DecodeError),
}

/// Decodes `payload` as the answer of operation `name` or the body of webhook `name`.
pub(crate) fn decode(name: &str, payload: &[u8]) -> Result<(String, Decoded), DecodeFailure> {
    let (what, reencode) =
        if let Some(operation) = OPERATIONS.iter().find(|op| op.operation_id == name) {
            (format!("the answer of {name}"), operation.reencode_response)
        } else if let Some(webhook) = WEBHOOKS.iter().find(|w| w.name == name) {
            (format!("the webhook {name}"), webhook.reencode_payload)
        } else {
            let known: Vec<&str> = OPERATIONS
                .iter()
                .map(|op| op.operation_id)
                .chain(WEBHOOKS.iter().map(|w| w.name))
                .collect();
            return Err(DecodeFailure::UnknownName(format!(
                "unknown NAME `{name}`; use one of {}",
                known.join(", ")
            )));
        };
    let understood = reencode(payload).map_err(DecodeFailure::Invalid)?;
    // It decoded, so it is JSON; the fallback only keeps this free of panics.
    let input: Value = serde_json::from_slice(payload).unwrap_or(Value::Null);
    let mut decoded = Decoded {
        understood,
        unknown: Vec::new(),
        respelled: Vec::new(),
        normalized: Vec::new(),
    };
    compare(&input, &decoded.understood.clone(), "", &mut decoded);
    Ok((what, decoded))
}

/// Walks the input and what was understood side by side, noting what differs.
fn compare(input: &Value, understood: &Value, path: &str, out: &mut Decoded) {
    match (input, understood) {
        (Value::Object(input), Value::Object(understood)) => {
            let added: Vec<&String> = understood
                .keys()
                .filter(|k| !input.contains_key(*k))
                .collect();
            for (key, value) in input {
                let member = join(path, key);
                match understood.get(key) {
                    Some(understood) => compare(value, understood, &member, out),
                    // Understood under the spec's spelling (an alias) when a new key holds the same value.
                    None => match added
                        .iter()
                        .find(|k| understood.get(k.as_str()) == Some(value))
                    {
                        Some(spelling) => out.respelled.push((member, join(path, spelling))),
                        None => out.unknown.push(member),
                    },
                }
            }
        }
        (Value::Array(input), Value::Array(understood)) => {
            for (index, (input, understood)) in input.iter().zip(understood).enumerate() {
                compare(input, understood, &format!("{path}[{index}]"), out);
            }
        }
        (input, understood) if input != understood => {
            out.normalized
                .push((display_path(path), input.clone(), understood.clone()));
        }
        _ => {}
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn display_path(path: &str) -> String {
    if path.is_empty() {
        ".".to_owned()
    } else {
        path.to_owned()
    }
}

/// The report printed on success.
pub(crate) fn report(what: &str, decoded: &Decoded) -> String {
    let mut text = format!("decoded {what}\n");
    if let (Some(code), Some(status)) = (
        decoded.understood.get("code"),
        decoded.understood.get("status"),
    ) {
        let _ = writeln!(text, "envelope: code {code}, status {status}");
    }
    let _ = writeln!(
        text,
        "fields the spec does not know: {}",
        decoded.unknown.len()
    );
    for path in &decoded.unknown {
        let _ = writeln!(text, "  {path}");
    }
    if !decoded.respelled.is_empty() {
        let _ = writeln!(
            text,
            "fields understood under the spec's spelling: {}",
            decoded.respelled.len()
        );
        for (from, to) in &decoded.respelled {
            let _ = writeln!(text, "  {from} -> {to}");
        }
    }
    if !decoded.normalized.is_empty() {
        let _ = writeln!(
            text,
            "values the spec spells differently: {}",
            decoded.normalized.len()
        );
        for (path, from, to) in &decoded.normalized {
            let _ = writeln!(text, "  {path}: {from} -> {to}");
        }
    }
    let pretty = serde_json::to_string_pretty(&decoded.understood).unwrap_or_default();
    let _ = writeln!(text, "understood:\n{pretty}");
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn webhook_example() -> Value {
        serde_json::from_str(
            WEBHOOKS
                .iter()
                .find(|w| w.name == "workflowStatusChanged")
                .unwrap()
                .example
                .unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn the_spec_example_decodes_with_nothing_unknown() {
        let payload = serde_json::to_vec(&webhook_example()).unwrap();
        let (_, decoded) = decode("workflowStatusChanged", &payload).unwrap();
        assert!(
            decoded.unknown.is_empty()
                && decoded.respelled.is_empty()
                && decoded.normalized.is_empty()
        );
    }

    #[test]
    fn unknown_fields_are_listed_with_their_paths() {
        let mut payload = webhook_example();
        payload["priority"] = json!("high");
        payload["actions"][1]["retries"] = json!(2);
        let (_, decoded) = decode(
            "workflowStatusChanged",
            &serde_json::to_vec(&payload).unwrap(),
        )
        .unwrap();
        assert_eq!(decoded.unknown, ["actions[1].retries", "priority"]);
    }

    #[test]
    fn alternative_spellings_are_reported_not_counted_unknown() {
        let mut payload = webhook_example();
        payload["status"] = json!("canceled");
        let (_, decoded) = decode(
            "workflowStatusChanged",
            &serde_json::to_vec(&payload).unwrap(),
        )
        .unwrap();
        assert_eq!(
            decoded.normalized,
            [("status".to_owned(), json!("canceled"), json!("cancelled"))]
        );
        let mut answer: Value = serde_json::from_str(
            OPERATIONS
                .iter()
                .find(|o| o.operation_id == "getWorkflowTaskDetail")
                .unwrap()
                .response_example
                .unwrap(),
        )
        .unwrap();
        let id = answer["data"]
            .as_object_mut()
            .unwrap()
            .remove("workflow_id")
            .unwrap();
        answer["data"]["wokflow_id"] = id;
        let (_, decoded) = decode(
            "getWorkflowTaskDetail",
            &serde_json::to_vec(&answer).unwrap(),
        )
        .unwrap();
        assert_eq!(
            decoded.respelled,
            [("data.wokflow_id".to_owned(), "data.workflow_id".to_owned())]
        );
        assert!(decoded.unknown.is_empty());
    }

    #[test]
    fn a_wrong_type_fails_with_its_path() {
        let mut payload = webhook_example();
        payload["actions"][0]["node_type"] = json!(7);
        match decode(
            "workflowStatusChanged",
            &serde_json::to_vec(&payload).unwrap(),
        ) {
            Err(DecodeFailure::Invalid(error)) => assert_eq!(error.path(), "actions[0].node_type"),
            other => panic!("expected a decode failure, got {other:?}"),
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        for payload in [
            &b""[..],
            b"\xff\xfe",
            b"[1,2",
            b"null",
            b"{\"data\":",
            b"\"x\"",
        ] {
            assert!(decode("getTaskDetail", payload).is_err());
        }
    }
}
