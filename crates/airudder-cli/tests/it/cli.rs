//! The `airudder` binary as a user runs it: exit codes, messages with JSON paths, unknown fields,
//! calls against the mock.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use airudder_models::{OPERATIONS, WEBHOOKS};
use serde_json::{Value, json};

fn airudder(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_airudder"))
        .args(args)
        .env_remove("AIRUDDER_TOKEN")
        .env_remove("AIRUDDER_BASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that refuses its arguments exits without reading: a broken pipe here is its
    // answer, which the exit status and stderr then show.
    let written = child.stdin.take().unwrap().write_all(stdin);
    if let Err(error) = written {
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn webhook_example(name: &str) -> Value {
    serde_json::from_str(
        WEBHOOKS
            .iter()
            .find(|w| w.name == name)
            .unwrap()
            .example
            .unwrap(),
    )
    .unwrap()
}

#[test]
fn decode_of_a_good_response_from_a_file_exits_0_and_prints_what_it_understood() {
    let example = OPERATIONS
        .iter()
        .find(|op| op.operation_id == "getTaskDetail")
        .unwrap()
        .response_example
        .unwrap();
    let path = std::env::temp_dir().join(format!("airudder-cli-{}.json", std::process::id()));
    std::fs::write(&path, example).unwrap();
    let output = airudder(&["decode", "getTaskDetail", path.to_str().unwrap()], b"");
    std::fs::remove_file(&path).unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("decoded the answer of getTaskDetail"),
        "{stdout}"
    );
    assert!(
        stdout.contains("fields the spec does not know: 0"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"TaskName\": \"TaskName-F-id_goverding-00009\""),
        "{stdout}"
    );
}

#[test]
fn decode_reports_fields_the_spec_does_not_know() {
    let mut body = webhook_example("workflowListCompleted");
    body["rows"][2]["email_subject"] = json!("Reminder");
    let output = airudder(
        &["decode", "workflowListCompleted", "-"],
        &serde_json::to_vec(&body).unwrap(),
    );
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("fields the spec does not know: 1\n  rows[2].email_subject"),
        "{stdout}"
    );
}

#[test]
fn decode_of_a_large_answer_reads_its_rows_one_by_one_and_reports_the_unknown_member_of_the_last() {
    let example = OPERATIONS
        .iter()
        .find(|op| op.operation_id == "getTaskDetail")
        .unwrap()
        .response_example
        .unwrap();
    let mut answer: Value = serde_json::from_str(example).unwrap();
    let row = answer["data"]["detail"][0].clone();
    let mut rows = vec![row; 5000];
    rows[4999]["AsrResult"][0]["emotion"] = json!({"label": "calm"});
    answer["data"]["detail"] = Value::Array(rows);
    let output = airudder(
        &["decode", "getTaskDetail", "-"],
        &serde_json::to_vec(&answer).unwrap(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("rows: 5000 (read one by one)"), "{stdout}");
    assert!(
        stdout.contains(
            "fields the spec does not know: 1\n  data.detail[4999].AsrResult[0].emotion\n"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("\"detail\": \"(5000 rows)\""), "{stdout}");
}

#[test]
fn decode_of_a_bad_payload_exits_1_naming_the_json_path() {
    let mut body = webhook_example("workflowStatusChanged");
    body["actions"][1]["task_id"] = json!(12);
    let output = airudder(
        &["decode", "workflowStatusChanged"],
        &serde_json::to_vec(&body).unwrap(),
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(
            "error: does not decode as workflowStatusChanged: at `actions[1].task_id`: invalid type"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
}

#[test]
fn decode_of_garbage_exits_1_without_panicking() {
    for garbage in [&b""[..], b"\xff\xfe\x00", b"{\"data\": [", b"<html>"] {
        let output = airudder(&["decode", "getWorkflowTaskDetail"], garbage);
        assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
        assert!(!text(&output.stderr).contains("panicked"));
    }
}

#[test]
fn usage_errors_exit_2() {
    let output = airudder(&["decode", "noSuchThing", "-"], b"{}");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("unknown NAME `noSuchThing`"));
    assert_eq!(airudder(&["decode"], b"").status.code(), Some(2));
    assert_eq!(airudder(&["frobnicate"], b"").status.code(), Some(2));
    assert_eq!(
        airudder(&["decode", "getTaskDetail", "/no/such/file"], b"")
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["decode", "--help"],
        &["call", "--help"],
        &["call", "getTaskDetail", "--help"],
        &["export", "--help"],
        &["export", "getTaskDetail", "--help"],
        &["mock", "--help"],
    ] {
        let output = airudder(args, b"");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert!(text(&output.stdout).contains("Usage"), "{args:?}");
    }
    assert!(text(&airudder(&["call", "getTaskDetail", "--help"], b"").stdout).contains("--TaskID"));
}

/// Runs `airudder call --base-url <mock> ARGS...` with the mock's credentials in the environment.
async fn call_the_mock(mock: &airudder_mock::MockServer, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_airudder"));
    command
        .args(["call", "--base-url", mock.url()])
        .args(args)
        .env("AIRUDDER_APP_KEY", mock.app_key())
        .env("AIRUDDER_APP_SECRET", mock.app_secret())
        .env_remove("AIRUDDER_TOKEN");
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_against_the_mock_prints_the_data_as_json() {
    let mock = airudder_mock::MockServer::start().await;
    let output = call_the_mock(
        &mock,
        &[
            "getWorkflowWabaTaskDetail",
            "--workflow_id",
            "wf",
            "--task_id",
            "t",
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let data: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(data["total"], 100);
    let request = mock
        .requests()
        .into_iter()
        .find(|r| r.operation_id == Some("getWorkflowWabaTaskDetail"))
        .unwrap();
    assert_eq!(request.query.as_deref(), Some("workflow_id=wf&task_id=t"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_to_a_partly_documented_operation_sends_the_members_its_page_does_not_show() {
    let mock = airudder_mock::MockServer::start().await;
    let output = call_the_mock(
        &mock,
        &[
            "createWorkflowTask",
            "--workflow_template_id",
            "12",
            "--name",
            "july",
            "--end_time",
            "2024-07-31 18:00:00+08:00",
            "--body",
            r#"{"details": [{"callee": "+6281234"}]}"#,
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    // The page does not document the answer: its `data` is raw JSON, here none at all.
    assert_eq!(text(&output.stdout).trim(), "null");
    let request = mock
        .requests()
        .into_iter()
        .find(|r| r.operation_id == Some("createWorkflowTask"))
        .unwrap();
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        json!({"workflow_template_id": 12, "name": "july", "end_time": "2024-07-31 18:00:00+08:00", "details": [{"callee": "+6281234"}]})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_call_is_one_line_with_the_status_and_what_airudder_said_and_exit_1() {
    let mock = airudder_mock::MockServer::start().await;
    let url = mock.url().to_owned();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_airudder"))
            .args([
                "call",
                "--base-url",
                &url,
                "--token",
                "forged",
                "getTaskDetail",
                "--TaskID",
                "t",
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert_eq!(
        stderr,
        "error: getTaskDetail: http 401: api error 10812: invalid user token\n"
    );
    assert!(!stderr.contains("forged"));
}

#[test]
fn call_without_credentials_says_what_to_set() {
    let output = Command::new(env!("CARGO_BIN_EXE_airudder"))
        .args([
            "call",
            "--base-url",
            "http://127.0.0.1:9",
            "getTaskDetail",
            "--TaskID",
            "t",
        ])
        .env_remove("AIRUDDER_APP_KEY")
        .env_remove("AIRUDDER_APP_SECRET")
        .env_remove("AIRUDDER_TOKEN")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("set AIRUDDER_APP_KEY") && stderr.contains("AIRUDDER_APP_SECRET"),
        "{stderr}"
    );
}

#[test]
fn a_required_request_field_left_out_is_a_usage_error_naming_the_flag() {
    let output = airudder(&["call", "getTaskDetail"], b"");
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("required") && stderr.contains("--TaskID"),
        "{stderr}"
    );
    assert!(stderr.contains("Usage:"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_required_field_may_come_from_body_and_flags_have_kebab_case_aliases() {
    let mock = airudder_mock::MockServer::start().await;
    let from_body = call_the_mock(&mock, &["getTaskDetail", "--body", r#"{"TaskID": "t"}"#]).await;
    assert_eq!(
        from_body.status.code(),
        Some(0),
        "{}",
        text(&from_body.stderr)
    );
    let kebab = call_the_mock(
        &mock,
        &[
            "getWorkflowWabaTaskDetail",
            "--workflow-id",
            "wf",
            "--task-id",
            "t",
        ],
    )
    .await;
    assert_eq!(kebab.status.code(), Some(0), "{}", text(&kebab.stderr));
    let help = text(&airudder(&["call", "getTaskDetail", "--help"], b"").stdout);
    assert!(
        help.contains("Request fields:") && help.contains("Connection:"),
        "{help}"
    );
    assert!(help.contains("--task-id"), "{help}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verbose_shows_each_attempt_with_its_status_and_timing_but_no_secret() {
    let mock = airudder_mock::MockServer::start().await;
    let output = call_the_mock(&mock, &["-v", "getTaskDetail", "--TaskID", "t"]).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    for expected in [
        "operation=\"obtainToken\"",
        "operation=\"getTaskDetail\"",
        "http.status=200",
        "duration_ms=",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected} in:\n{stderr}"
        );
    }
    assert!(
        !stderr.contains(mock.app_secret()),
        "the secret was logged:\n{stderr}"
    );
    let quiet = call_the_mock(&mock, &["getTaskDetail", "--TaskID", "t"]).await;
    assert!(text(&quiet.stderr).is_empty(), "{}", text(&quiet.stderr));
}
