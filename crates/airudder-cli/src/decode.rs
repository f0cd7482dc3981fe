//! `airudder decode`: decodes a payload with the generated types and reports what the spec does
//! not list (members, enum values, union tags: each with its JSON path, at any depth) and what came
//! under another spelling, so a maintainer sees at once where AiRudder's payloads drifted from the
//! docs. The answer of an operation with a large array is read row by row (the client's
//! `RowReader`), so memory stays bounded whatever its size.

use std::fmt::Write;
use std::io::Read;

use airudder_client::RowReader;
use airudder_models::{EnvelopeInfo, Inspection, OPERATIONS, OperationInfo, Unlisted, WEBHOOKS};
use serde_json::Value;

/// What decoding a payload showed; paths are within the whole payload.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Report {
    /// `the answer of getTaskDetail`, `the webhook workflowStatusChanged`.
    pub(crate) what: String,
    /// What the payload holds that the spec does not list.
    pub(crate) unlisted: Vec<Unlisted>,
    /// Members understood under the spec's spelling: (input path, spec path).
    pub(crate) respelled: Vec<(String, String)>,
    /// Values the types wrote back in the spec's spelling: (path, input, output).
    pub(crate) normalized: Vec<(String, Value, Value)>,
    /// The members of an answer's envelope that say its outcome (its code, and its status where
    /// the family has one), with their values.
    pub(crate) envelope: Vec<(String, Value)>,
    /// The whole payload as understood; for an answer read row by row, its envelope and the rest
    /// of `data` only.
    pub(crate) understood: Value,
    /// For an answer read row by row, how many rows it had.
    pub(crate) rows: Option<usize>,
}

/// Why a payload could not be decoded.
#[derive(Debug)]
pub(crate) enum DecodeFailure {
    /// NAME is neither an operationId nor a webhook key (a usage error).
    UnknownName(String),
    /// The payload does not fit the type: the JSON path and why.
    Invalid { path: String, reason: String },
    /// The payload could not be read.
    Unreadable(String),
}

/// Decodes the payload read from `input` as the answer of operation `name` or the body of
/// webhook `name`.
pub(crate) fn decode(name: &str, mut input: impl Read) -> Result<Report, DecodeFailure> {
    if let Some(operation) = OPERATIONS.iter().find(|op| op.operation_id == name) {
        let what = format!("the answer of {name}");
        return match (operation.large_array, operation.inspect_rows) {
            (Some(array), Some(rows)) => decode_rows(operation, array, rows, input, what),
            _ => {
                let mut report =
                    decode_whole(operation.inspect_response, &read_all(&mut input)?, what)?;
                report.envelope = outcome(operation.envelope, &report.understood);
                Ok(report)
            }
        };
    }
    if let Some(webhook) = WEBHOOKS.iter().find(|w| w.name == name) {
        let what = format!("the webhook {name}");
        return decode_whole(webhook.inspect_payload, &read_all(&mut input)?, what);
    }
    let known: Vec<&str> = OPERATIONS
        .iter()
        .map(|op| op.operation_id)
        .chain(WEBHOOKS.iter().map(|w| w.name))
        .collect();
    Err(DecodeFailure::UnknownName(format!(
        "unknown NAME `{name}`; use one of {}",
        known.join(", ")
    )))
}

fn read_all(input: &mut impl Read) -> Result<Vec<u8>, DecodeFailure> {
    let mut payload = Vec::new();
    input
        .read_to_end(&mut payload)
        .map_err(|error| DecodeFailure::Unreadable(error.to_string()))?;
    Ok(payload)
}

fn decode_whole(
    inspect: airudder_models::Inspect,
    payload: &[u8],
    what: String,
) -> Result<Report, DecodeFailure> {
    let inspection = inspect(payload).map_err(|error| DecodeFailure::Invalid {
        path: error.path().to_owned(),
        reason: error.reason(),
    })?;
    let mut report = Report {
        what,
        ..Report::default()
    };
    report.understood = inspection.understood.clone();
    add(&mut report, inspection, "");
    Ok(report)
}

/// An answer with a large array, row by row: the rows, then the rest of `data`, then the
/// envelope, each inspected on its own and its paths placed in the answer.
fn decode_rows(
    operation: &OperationInfo,
    array: &'static str,
    (inspect_row, inspect_header): (airudder_models::InspectRow, airudder_models::Inspect),
    input: impl Read,
    what: String,
) -> Result<Report, DecodeFailure> {
    let mut report = Report {
        what,
        ..Report::default()
    };
    let mut reader = RowReader::new(
        input,
        operation.operation_id,
        operation.envelope,
        array,
        inspect_header,
        inspect_row,
    );
    while let Some(row) = reader.next_row() {
        let row = row.map_err(|error| invalid(&error))?;
        let path = reader.last_row_path().unwrap_or_default();
        add(&mut report, row, &path);
    }
    report.rows = Some(reader.rows_read());
    let envelope = reader
        .envelope()
        .map(|envelope| (operation.inspect_response)(envelope))
        .transpose()
        .map_err(|error| DecodeFailure::Invalid {
            path: error.path().to_owned(),
            reason: error.reason(),
        })?;
    let header = reader.header().cloned();
    if let Some(mut envelope) = envelope {
        report.envelope = outcome(operation.envelope, &envelope.understood);
        if let (Value::Object(members), Some(header)) = (&mut envelope.understood, &header) {
            let mut data = header.understood.clone();
            if let Value::Object(data) = &mut data {
                data.insert(
                    array.to_owned(),
                    Value::String(format!("({} rows)", report.rows.unwrap_or(0))),
                );
            }
            members.insert(operation.envelope.payload.to_owned(), data);
        }
        report.understood = envelope.understood.clone();
        add(&mut report, envelope, "");
    }
    if let Some(header) = header {
        add(&mut report, header, operation.envelope.payload);
    }
    Ok(report)
}

fn invalid(error: &airudder_client::Error) -> DecodeFailure {
    if error.is_read() {
        return DecodeFailure::Unreadable(error.to_string());
    }
    let reason = error.reason().unwrap_or_else(|| error.to_string());
    DecodeFailure::Invalid {
        path: error.json_path().unwrap_or(".").to_owned(),
        reason,
    }
}

/// Adds what one part of the payload showed, its paths placed under `prefix`.
fn add(report: &mut Report, inspection: Inspection, prefix: &str) {
    let place = |path: &str| match (prefix, path) {
        ("", path) => path.to_owned(),
        (prefix, ".") => prefix.to_owned(),
        (prefix, path) if path.starts_with('[') => format!("{prefix}{path}"),
        (prefix, path) => format!("{prefix}.{path}"),
    };
    report
        .unlisted
        .extend(inspection.unlisted.into_iter().map(|found| match found {
            Unlisted::Member { path } => Unlisted::Member { path: place(&path) },
            Unlisted::Value { path, value } => Unlisted::Value {
                path: place(&path),
                value,
            },
            Unlisted::Tag { path, tag } => Unlisted::Tag {
                path: place(&path),
                tag,
            },
        }));
    report.respelled.extend(
        inspection
            .respelled
            .into_iter()
            .map(|(from, to)| (place(&from), place(&to))),
    );
    report.normalized.extend(
        inspection
            .normalized
            .into_iter()
            .map(|(path, from, to)| (place(&path), from, to)),
    );
}

/// The members of the envelope `understood` that say its outcome, as its family names them.
fn outcome(envelope: &EnvelopeInfo, understood: &Value) -> Vec<(String, Value)> {
    let status = envelope.status.map(|(member, _)| member);
    std::iter::once(envelope.code)
        .chain(status)
        .filter_map(|member| Some((member.to_owned(), understood.get(member)?.clone())))
        .collect()
}

/// The report printed on success.
pub(crate) fn report(decoded: &Report) -> String {
    let mut text = format!("decoded {}\n", decoded.what);
    if !decoded.envelope.is_empty() {
        let said: Vec<String> = decoded
            .envelope
            .iter()
            .map(|(member, value)| format!("{member} {value}"))
            .collect();
        let _ = writeln!(text, "envelope: {}", said.join(", "));
    }
    if let Some(rows) = decoded.rows {
        let _ = writeln!(text, "rows: {rows} (read one by one)");
    }
    let members: Vec<&str> = decoded
        .unlisted
        .iter()
        .filter_map(|found| match found {
            Unlisted::Member { path } => Some(path.as_str()),
            _ => None,
        })
        .collect();
    let _ = writeln!(text, "fields the spec does not know: {}", members.len());
    for path in &members {
        let _ = writeln!(text, "  {path}");
    }
    let values: Vec<String> = decoded
        .unlisted
        .iter()
        .filter_map(|found| match found {
            Unlisted::Value { path, value } => Some(format!("{path}: {value}")),
            Unlisted::Tag { path, tag } => Some(format!("{path}: tag {tag:?}")),
            Unlisted::Member { .. } => None,
        })
        .collect();
    if !values.is_empty() {
        let _ = writeln!(
            text,
            "values and tags the spec does not list: {}",
            values.len()
        );
        for value in &values {
            let _ = writeln!(text, "  {value}");
        }
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
    let _ = writeln!(
        text,
        "members inside free-form JSON (`{{}}` in the spec) are not checked"
    );
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

    fn answer_example(operation: &str) -> Value {
        serde_json::from_str(
            OPERATIONS
                .iter()
                .find(|o| o.operation_id == operation)
                .unwrap()
                .response_example
                .unwrap(),
        )
        .unwrap()
    }

    fn decoded(name: &str, payload: &Value) -> Report {
        decode(name, serde_json::to_vec(payload).unwrap().as_slice()).unwrap()
    }

    fn member_paths(report: &Report) -> Vec<&str> {
        report
            .unlisted
            .iter()
            .filter(|found| matches!(found, Unlisted::Member { .. }))
            .map(Unlisted::path)
            .collect()
    }

    #[test]
    fn the_spec_example_decodes_with_nothing_unknown() {
        let report = decoded("workflowStatusChanged", &webhook_example());
        assert!(
            report.unlisted.is_empty()
                && report.respelled.is_empty()
                && report.normalized.is_empty(),
            "{report:?}"
        );
    }

    #[test]
    fn members_a_partly_documented_page_does_not_show_are_listed_as_unknown() {
        // The page is cut, so its payload allows other members (`additionalProperties: true`):
        // they are kept, and still not known to the spec.
        let payload = json!({
            "workflow_id": "w", "workflow_name": "n", "node_id": "1", "node_name": "api",
            "callee": {"case_id": "c", "callee_name": "n", "callee_gender": "f",
                "callee_number": "+62", "platform_name": "p", "extra_a": "", "loan": 3},
            "pushed_at": "2024-01-01"
        });
        let report = decoded("customApiNodePushed", &payload);
        assert_eq!(member_paths(&report), ["callee.loan", "pushed_at"]);
    }

    #[test]
    fn an_answer_of_the_dialer_family_is_read_through_its_own_envelope() {
        let mut answer = answer_example("queryPdsTaskDetail");
        answer["body"]["list"][0]["queueName"] = json!("q1");
        let report = decoded("queryPdsTaskDetail", &answer);
        assert_eq!(report.rows, Some(1));
        assert_eq!(member_paths(&report), ["body.list[0].queueName"]);
        assert_eq!(report.envelope, [("code".to_owned(), json!(0))]);
    }

    #[test]
    fn unknown_fields_are_listed_with_their_paths_at_any_depth() {
        let mut payload = webhook_example();
        payload["priority"] = json!("high");
        payload["actions"][1]["retries"] = json!(2);
        let report = decoded("workflowStatusChanged", &payload);
        assert_eq!(member_paths(&report), ["actions[1].retries", "priority"]);
    }

    /// `{"level": {"level": ... 1 ...}}`, `depth` objects deep.
    fn nested(depth: usize) -> Value {
        (0..depth).fold(json!(1), |inner, _| json!({ "level": inner }))
    }

    #[test]
    fn an_unknown_member_deep_in_known_types_is_reported_once_at_its_path() {
        let mut answer = answer_example("getTaskDetail");
        answer["data"]["detail"][0]["RedailCall"][0]["carrier"] = nested(40);
        answer["data"]["detail"][0]["AsrResult"][0]["words"] = json!([{"w": "hi"}]);
        let report = decoded("getTaskDetail", &answer);
        assert_eq!(
            member_paths(&report),
            [
                "data.detail[0].AsrResult[0].words",
                "data.detail[0].RedailCall[0].carrier"
            ],
            "the members inside an unknown member are its value, not more unknown members"
        );
    }

    #[test]
    fn a_payload_nested_deeper_than_can_be_checked_is_an_error_not_a_clean_report() {
        let mut payload = webhook_example();
        payload["actions"][1]["trace"] = nested(200);
        match decode(
            "workflowStatusChanged",
            serde_json::to_vec(&payload).unwrap().as_slice(),
        ) {
            Err(DecodeFailure::Invalid { path, reason }) => {
                assert!(path.starts_with("actions[1].trace.level"), "{path}");
                assert!(reason.contains("recursion limit"), "{reason}");
            }
            other => panic!("expected a decode failure, got {other:?}"),
        }
    }

    #[test]
    fn a_null_in_a_known_optional_field_is_not_unknown() {
        let mut payload = webhook_example();
        payload["actions"][0]["task_id"] = Value::Null;
        let report = decoded("workflowStatusChanged", &payload);
        assert!(report.unlisted.is_empty(), "{report:?}");
    }

    #[test]
    fn rows_of_a_large_answer_are_checked_one_by_one_with_their_paths() {
        let mut answer = answer_example("getTaskDetail");
        answer["data"]["detail"][0]["AsrResult"][0]["speaker"] = json!("robot");
        answer["data"]["detail"][0]["RedailCall"][0]["HangupType"] = json!("ByNobody");
        answer["data"]["priority"] = json!(1);
        answer["trace_id"] = json!("t-1");
        let report = decoded("getTaskDetail", &answer);
        assert_eq!(report.rows, Some(1));
        assert_eq!(
            member_paths(&report),
            [
                "data.detail[0].AsrResult[0].speaker",
                "trace_id",
                "data.priority"
            ]
        );
        assert_eq!(
            report.envelope,
            [
                ("code".to_owned(), json!(200)),
                ("status".to_owned(), json!("OK"))
            ]
        );
    }

    #[test]
    fn enum_values_the_spec_does_not_list_are_reported() {
        let mut payload = webhook_example();
        payload["status"] = json!("paused");
        let report = decoded("workflowStatusChanged", &payload);
        assert_eq!(
            report.unlisted,
            [Unlisted::Value {
                path: "status".into(),
                value: json!("paused")
            }]
        );
    }

    #[test]
    fn alternative_spellings_are_reported_not_counted_unknown() {
        let mut payload = webhook_example();
        payload["status"] = json!("canceled");
        let report = decoded("workflowStatusChanged", &payload);
        assert_eq!(
            report.normalized,
            [("status".to_owned(), json!("canceled"), json!("cancelled"))]
        );
        let mut answer = answer_example("getWorkflowTaskDetail");
        let id = answer["data"]
            .as_object_mut()
            .unwrap()
            .remove("workflow_id")
            .unwrap();
        answer["data"]["wokflow_id"] = id;
        let report = decoded("getWorkflowTaskDetail", &answer);
        assert_eq!(
            report.respelled,
            [("data.wokflow_id".to_owned(), "data.workflow_id".to_owned())]
        );
        assert!(report.unlisted.is_empty(), "{report:?}");
    }

    #[test]
    fn a_wrong_type_fails_with_its_path() {
        let mut payload = webhook_example();
        payload["actions"][0]["node_type"] = json!(7);
        match decode(
            "workflowStatusChanged",
            serde_json::to_vec(&payload).unwrap().as_slice(),
        ) {
            Err(DecodeFailure::Invalid { path, .. }) => assert_eq!(path, "actions[0].node_type"),
            other => panic!("expected a decode failure, got {other:?}"),
        }
        let mut answer = answer_example("getTaskDetail");
        answer["data"]["detail"][0]["RingTime"] = json!("three");
        match decode(
            "getTaskDetail",
            serde_json::to_vec(&answer).unwrap().as_slice(),
        ) {
            Err(DecodeFailure::Invalid { path, .. }) => {
                assert_eq!(path, "data.detail[0].RingTime")
            }
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
            assert!(decode("workflowStatusChanged", payload).is_err());
        }
    }
}
