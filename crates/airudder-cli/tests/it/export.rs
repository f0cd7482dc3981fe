//! `airudder export` as a user runs it, against the mock: JSON Lines and CSV files of generated
//! task details, no progress bar when standard error is not a terminal, and the exit statuses of
//! failed and mistaken exports; members the spec does not know kept (as sent in JSON Lines, in
//! `other_members` in CSV), and a cut connection or Ctrl-C leaving whole rows in `<file>.partial`.

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

/// Where an export to `path` writes until it is complete.
fn partial_of(path: &std::path::Path) -> PathBuf {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    PathBuf::from(partial)
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
    let mut expected = row_fields("getTaskDetail").to_vec();
    expected.push("other_members");
    assert_eq!(header, expected);
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
async fn an_invalid_row_exits_1_naming_its_path_and_leaves_the_rows_before_it_in_the_partial_file()
{
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
    let partial = partial_of(&path);
    let written = std::fs::read_to_string(&partial).unwrap();
    std::fs::remove_file(&partial).unwrap();
    assert!(
        !path.exists(),
        "an incomplete export never takes the final name"
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: getTaskDetail: "), "{stderr}");
    assert!(stderr.contains("`data.detail[3].RingTime`"), "{stderr}");
    assert!(
        stderr.trim_end().ends_with(&format!(
            "; {file} was not written: {file}.partial is incomplete (3 rows written)"
        )),
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
        "error: getTaskDetail: http 401: api error 10812: invalid user token\n"
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

/// The example answer of getTaskDetail with `rows` copies of its first row, each with members
/// the spec does not know placed first, in the middle and last, and its known members reversed.
fn rows_with_unknown_members(rows: usize) -> Value {
    let example = OPERATIONS
        .iter()
        .find(|op| op.operation_id == "getTaskDetail")
        .unwrap()
        .response_example
        .unwrap();
    let mut answer: Value = serde_json::from_str(example).unwrap();
    let template = answer["data"]["detail"][0].as_object().unwrap().clone();
    let rows: Vec<Value> = (0..rows)
        .map(|id| {
            let mut known: Vec<(String, Value)> = template.clone().into_iter().collect();
            known.reverse();
            let middle = known.len() / 2;
            known.insert(
                0,
                (
                    "zFirst".into(),
                    serde_json::json!({"b": 1, "a": [id, null]}),
                ),
            );
            known.insert(middle, ("Sentiment".into(), "calm \"ünïcode\"".into()));
            known.push(("amount".into(), serde_json::json!(12.50)));
            let mut row: serde_json::Map<String, Value> = known.into_iter().collect();
            row["id"] = id.into();
            Value::Object(row)
        })
        .collect();
    answer["data"]["detail"] = Value::Array(rows);
    answer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jsonl_keeps_members_the_spec_does_not_know_in_the_order_they_were_sent() {
    let mock = MockServer::start().await;
    let answer = rows_with_unknown_members(5);
    mock.respond("getTaskDetail", Reply::json(200, answer.clone()))
        .unwrap();
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
    let expected: Vec<String> = answer["data"]["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| serde_json::to_string(row).unwrap())
        .collect();
    let lines: Vec<&str> = std::str::from_utf8(&output.stdout)
        .unwrap()
        .lines()
        .collect();
    assert_eq!(lines, expected);
    assert!(
        lines[0].starts_with(r#"{"zFirst":{"b":1,"a":[0,null]}"#),
        "{}",
        lines[0]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_puts_the_members_the_spec_does_not_know_in_an_other_members_column() {
    let mock = MockServer::start().await;
    let answer = rows_with_unknown_members(3);
    mock.respond("getTaskDetail", Reply::json(200, answer.clone()))
        .unwrap();
    let output = airudder(
        &mock,
        &[
            "export",
            "getTaskDetail",
            "--TaskID",
            "t",
            "--format",
            "csv",
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let mut reader = csv::Reader::from_reader(&output.stdout[..]);
    let header = reader.headers().unwrap().clone();
    assert_eq!(header.iter().next_back(), Some("other_members"));
    let others = header.len() - 1;
    for (index, record) in reader.records().map(Result::unwrap).enumerate() {
        let cell: Value = serde_json::from_str(&record[others]).unwrap();
        let keys: Vec<&str> = cell
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["zFirst", "Sentiment", "amount"], "row {index}");
        assert_eq!(cell["zFirst"]["a"][0], index, "row {index}");
        assert_eq!(cell["Sentiment"], "calm \"ünïcode\"");
        assert_eq!(
            record[header.iter().position(|h| h == "id").unwrap()],
            index.to_string()
        );
    }
}

/// Every line of `text` is a whole JSON row; their ids, in order.
fn whole_line_ids(text: &str) -> Vec<u64> {
    text.lines()
        .map(|line| {
            let row: Value = serde_json::from_str(line)
                .unwrap_or_else(|error| panic!("a cut line {line:?}: {error}"));
            row["id"].as_u64().unwrap()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_closed_mid_answer_leaves_only_whole_rows_in_the_partial_file() {
    let mock = MockServer::start().await;
    mock.respond(
        "getTaskDetail",
        Reply::json(200, rows_with_unknown_members(400)),
    )
    .unwrap();
    mock.inject("getTaskDetail", airudder_mock::Fault::close_connection())
        .unwrap();
    let path = temp_file("closed.jsonl");
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
            "-o",
            file,
        ],
    )
    .await;
    let partial = partial_of(&path);
    let written = std::fs::read_to_string(&partial)
        .unwrap_or_else(|error| panic!("{error}: {}", text(&output.stderr)));
    std::fs::remove_file(&partial).unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(!path.exists());
    let ids = whole_line_ids(&written);
    assert!(!ids.is_empty() && ids.len() < 400, "{} rows", ids.len());
    assert_eq!(ids, (0..ids.len() as u64).collect::<Vec<_>>());
    let stderr = text(&output.stderr);
    assert!(
        stderr.trim_end().ends_with(&format!(
            "{file}.partial is incomplete ({} rows written)",
            ids.len()
        )),
        "{stderr}"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_at_a_row_boundary_and_leaves_the_final_name_unwritten() {
    let mock = MockServer::start().await;
    // More rows than the export can write before the interrupt arrives.
    mock.respond("getTaskDetail", Reply::rows(50_000_000))
        .unwrap();
    let path = temp_file("interrupted.csv");
    let partial = partial_of(&path);
    let child = Command::new(env!("CARGO_BIN_EXE_airudder"))
        .args([
            "export",
            "getTaskDetail",
            "--TaskID",
            "t",
            "--format",
            "csv",
            "-o",
        ])
        .arg(&path)
        .env("AIRUDDER_BASE_URL", mock.url())
        .env("AIRUDDER_APP_KEY", mock.app_key())
        .env("AIRUDDER_APP_SECRET", mock.app_secret())
        .env_remove("AIRUDDER_TOKEN")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Rows are flowing once the partial file has grown past its first buffer.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::fs::metadata(&partial).map_or(0, |meta| meta.len()) < 64 * 1024 {
        assert!(
            std::time::Instant::now() < deadline,
            "the export never started writing"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let pid = child.id().to_string();
    // The shell's own `kill`: no package to install, no crate for one system call.
    let killed = Command::new("sh")
        .args(["-c", &format!("kill -INT {pid}")])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let written = std::fs::read(&partial).unwrap();
    std::fs::remove_file(&partial).unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(
        !path.exists(),
        "an interrupted export never takes the final name"
    );
    let stderr = text(&output.stderr);
    assert!(stderr.contains("interrupted (Ctrl-C)"), "{stderr}");
    let mut reader = csv::Reader::from_reader(&written[..]);
    let id = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "id")
        .unwrap();
    let width = reader.headers().unwrap().len();
    let mut count = 0u64;
    for record in reader.records() {
        let record = record.expect("every record in the partial file is whole");
        assert_eq!(record.len(), width);
        assert_eq!(record[id], count.to_string());
        count += 1;
    }
    assert!(count > 0 && count < 50_000_000);
    assert!(written.ends_with(b"\n"), "the last record ends its line");
    assert!(
        stderr
            .trim_end()
            .ends_with(&format!("is incomplete ({count} rows written)")),
        "{stderr}"
    );
}

/// Runs `airudder ARGS...` against `mock` inside a pseudo-terminal (util-linux `script`, in every
/// Debian), as a person at a terminal would, and returns what the terminal showed.
async fn in_a_terminal(mock: &MockServer, args: &[&str]) -> String {
    let transcript = temp_file("terminal.txt");
    let command_line = std::iter::once(env!("CARGO_BIN_EXE_airudder").to_owned())
        .chain([
            "export".to_owned(),
            "--base-url".to_owned(),
            mock.url().to_owned(),
        ])
        .chain(args.iter().map(|arg| (*arg).to_owned()))
        .collect::<Vec<_>>()
        .join(" ");
    let mut command = Command::new("script");
    command
        .args(["-q", "-e", "-c", &command_line])
        .arg(&transcript)
        .env("AIRUDDER_APP_KEY", mock.app_key())
        .env("AIRUDDER_APP_SECRET", mock.app_secret())
        .env_remove("AIRUDDER_TOKEN");
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    std::fs::read_to_string(&transcript).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_a_terminal_the_export_shows_bytes_rate_and_time_left_and_no_bar_when_redirected() {
    let mock = MockServer::start().await;
    let output = temp_file("terminal.jsonl");
    let args = [
        "getTaskDetail",
        "--TaskID",
        "t",
        "--format",
        "jsonl",
        "-o",
        output.to_str().unwrap(),
    ];
    let shown = in_a_terminal(&mock, &args).await;
    for expected in ["KiB/", "/s", "left", "rows"] {
        assert!(
            shown.contains(expected),
            "missing {expected:?} in:\n{shown}"
        );
    }
    let redirected = airudder(&mock, &[&["export"][..], &args[..]].concat()).await;
    let stderr = String::from_utf8_lossy(&redirected.stderr);
    assert!(
        !stderr.contains("left") && !stderr.contains('\u{1b}'),
        "{stderr}"
    );
}
