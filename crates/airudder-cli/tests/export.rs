//! `airudder export` as a user runs it, against the mock: JSON Lines and CSV files of generated
//! task details, no progress bar when standard error is not a terminal, and the exit statuses of
//! failed and mistaken exports.

use std::path::PathBuf;
use std::process::{Command, Output};

use airudder_mock::{MockServer, Reply};
use airudder_models::OPERATIONS;
use serde_json::Value;

const ROWS: usize = 300;

/// Runs the binary with the mock's URL and credentials, off the runtime that serves the mock.
async fn airudder(mock: &MockServer, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_airudder"));
    command
        .args(args)
        .env("AIRUDDER_BASE_URL", mock.url())
        .env("AIRUDDER_APP_KEY", mock.app_key())
        .env("AIRUDDER_APP_SECRET", mock.app_secret())
        .env_remove("AIRUDDER_TOKEN");
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

/// A file in the temporary directory that no other test (or test run) writes.
fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("airudder-export-{}-{name}", std::process::id()))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn row_fields(operation_id: &str) -> &'static [&'static str] {
    OPERATIONS
        .iter()
        .find(|op| op.operation_id == operation_id)
        .unwrap()
        .row_fields
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jsonl_has_every_row_in_order_as_call_returns_it() {
    let mock = MockServer::start().await;
    mock.respond("getTaskDetail", Reply::rows(ROWS)).unwrap();
    let path = temp_file("rows.jsonl");
    let file = path.to_str().unwrap();
    let output = airudder(
        &mock,
        &[
            "export",
            "getTaskDetail",
            "--TaskID",
            "t",
            "--format",
            "jsonl",
            "--output",
            file,
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(&format!("exported {ROWS} rows to {file} ("))
            && stderr.ends_with(" bytes received)\n"),
        "{stderr}"
    );
    let lines = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    let rows: Vec<Value> = lines
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows.len(), ROWS);
    for (index, row) in rows.iter().enumerate() {
        assert_eq!(row["id"], index, "row {index}");
    }

    let called = airudder(&mock, &["call", "getTaskDetail", "--TaskID", "t"]).await;
    assert_eq!(called.status.code(), Some(0), "{}", text(&called.stderr));
    let data: Value = serde_json::from_slice(&called.stdout).unwrap();
    assert_eq!(data["detail"], Value::Array(rows));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_has_the_row_fields_as_header_and_one_record_per_row() {
    let mock = MockServer::start().await;
    mock.respond("getTaskDetail", Reply::rows(ROWS)).unwrap();
    let path = temp_file("rows.csv");
    let output = airudder(
        &mock,
        &[
            "export",
            "getTaskDetail",
            "--TaskID",
            "t",
            "--format",
            "csv",
            "-o",
            path.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(header, row_fields("getTaskDetail"));
    assert_eq!(records.len(), ROWS);

    let called = airudder(&mock, &["call", "getTaskDetail", "--TaskID", "t"]).await;
    let data: Value = serde_json::from_slice(&called.stdout).unwrap();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (index, (record, row)) in records
        .iter()
        .zip(data["detail"].as_array().unwrap())
        .enumerate()
    {
        assert_eq!(record[column("id")], index.to_string());
        for nested in ["AsrResult", "RedailCall", "EventLabel"] {
            let cell: Value = serde_json::from_str(&record[column(nested)]).unwrap();
            assert_eq!(cell, row[nested], "{nested} of row {index}");
        }
        for string in ["CallID", "CalleeName", "CallStartTime"] {
            assert_eq!(
                &record[column(string)],
                row[string].as_str().unwrap(),
                "{string} of row {index}"
            );
        }
        assert_eq!(record[column("RingTime")], row["RingTime"].to_string());
    }
    let first_asr = &records[0][column("AsrResult")];
    assert!(
        first_asr.contains(", "),
        "a cell with commas survives quoting: {first_asr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn to_standard_output_through_a_pipe_draws_no_progress_bar() {
    let mock = MockServer::start().await;
    mock.respond("getTaskDetail", Reply::rows(ROWS)).unwrap();
    let output = airudder(
        &mock,
        &[
            "export",
            "getTaskDetail",
            "--TaskID",
            "t",
            "--format",
            "jsonl",
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout).lines().count(), ROWS);
    let stderr = text(&output.stderr);
    assert!(
        !stderr.contains('\x1b') && !stderr.contains('\r'),
        "{stderr:?}"
    );
    assert!(
        stderr.starts_with(&format!("exported {ROWS} rows to standard output (")),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    let dashed = airudder(
        &mock,
        &[
            "export",
            "getTaskDetail",
            "--TaskID",
            "t",
            "--format",
            "csv",
            "--output",
            "-",
        ],
    )
    .await;
    assert_eq!(dashed.status.code(), Some(0), "{}", text(&dashed.stderr));
    assert_eq!(
        csv::Reader::from_reader(&dashed.stdout[..])
            .records()
            .count(),
        ROWS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operation_without_rows_is_a_usage_error_naming_those_with_rows() {
    let mock = MockServer::start().await;
    let output = airudder(
        &mock,
        &[
            "export",
            "getWorkflowWabaTaskDetail",
            "--workflow_id",
            "w",
            "--task_id",
            "t",
            "--format",
            "csv",
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    let streamable: Vec<&str> = OPERATIONS
        .iter()
        .filter(|op| op.large_array.is_some())
        .map(|op| op.operation_id)
        .collect();
    assert!(streamable.contains(&"getTaskDetail"));
    assert_eq!(
        stderr,
        format!(
            "error: `getWorkflowWabaTaskDetail` cannot be exported: its answer has no array of rows; export one of \
             {}, or use `airudder call getWorkflowWabaTaskDetail`\n",
            streamable.join(", ")
        )
    );
    assert!(mock.requests().is_empty(), "nothing is sent");
    let unknown = airudder(&mock, &["export", "getTaskDetial", "--format", "csv"]).await;
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("unknown operation `getTaskDetial`"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_format_or_none_is_a_usage_error() {
    let mock = MockServer::start().await;
    let xml = airudder(
        &mock,
        &[
            "export",
            "getTaskDetail",
            "--TaskID",
            "t",
            "--format",
            "xml",
        ],
    )
    .await;
    assert_eq!(xml.status.code(), Some(2));
    assert!(
        text(&xml.stderr).contains("[possible values: jsonl, csv]"),
        "{}",
        text(&xml.stderr)
    );
    let missing = airudder(&mock, &["export", "getTaskDetail", "--TaskID", "t"]).await;
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("--format"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_row_exits_1_naming_its_path_and_leaves_the_rows_before_it() {
    let mock = MockServer::start().await;
    let example = OPERATIONS
        .iter()
        .find(|op| op.operation_id == "getTaskDetail")
        .unwrap()
        .response_example
        .unwrap();
    let mut answer: Value = serde_json::from_str(example).unwrap();
    let row = answer["data"]["detail"][0].clone();
    let mut rows: Vec<Value> = (0..6)
        .map(|id| {
            let mut row = row.clone();
            row["id"] = id.into();
            row
        })
        .collect();
    rows[3]["RingTime"] = "three seconds".into();
    answer["data"]["detail"] = Value::Array(rows);
    mock.respond("getTaskDetail", Reply::json(200, answer))
        .unwrap();
    let path = temp_file("invalid.jsonl");
    let file = path.to_str().unwrap();
    let output = airudder(
        &mock,
        &[
            "export",
            "getTaskDetail",
            "--TaskID",
            "t",
            "--format",
            "jsonl",
            "--output",
            file,
        ],
    )
    .await;
    let written = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: getTaskDetail: "), "{stderr}");
    assert!(stderr.contains("`data.detail[3].RingTime`"), "{stderr}");
    assert!(
        stderr
            .trim_end()
            .ends_with(&format!("; {file} is incomplete (3 rows written)")),
        "{stderr}"
    );
    let ids: Vec<Value> = written
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["id"].clone())
        .collect();
    assert_eq!(ids, [0, 1, 2]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_request_exits_1_and_creates_no_file() {
    let mock = MockServer::start().await;
    let path = temp_file("refused.csv");
    let output = airudder(
        &mock,
        &[
            "export",
            "--token",
            "forged",
            "getTaskDetail",
            "--TaskID",
            "t",
            "--format",
            "csv",
            "-o",
            path.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "error: getTaskDetail: http status 401 Unauthorized\n"
    );
    assert!(!path.exists());
}

#[test]
fn export_help_lists_only_the_operations_with_rows() {
    let output = Command::new(env!("CARGO_BIN_EXE_airudder"))
        .args(["export", "--help"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output.stdout);
    for operation in OPERATIONS {
        assert_eq!(
            help.contains(&format!("  {} ", operation.operation_id)),
            operation.large_array.is_some(),
            "{}: {help}",
            operation.operation_id
        );
    }
}
