//! Every attempt is traced with its operation id, attempt number, HTTP status and duration, and
//! nothing of the bodies or the credentials.

use crate::support;

use airudder_client::Client;
use airudder_client::models::GetTaskDetailRequest;
use serde_json::json;
use support::{Reply, TestServer, example_data, fast_retries};

#[tokio::test]
async fn attempts_are_traced_with_operation_attempt_status_and_duration_but_no_secrets() {
    let captured = support::logs::LogCapture::start();

    let server = TestServer::start(|request, n| match request.path.as_str() {
        "/service/cloud/auth" => Reply::data(json!({"token": "TOKEN-VALUE-42"})),
        _ if n == 0 => Reply::raw(503, "BODY-TEXT-OF-AN-ERROR"),
        _ => Reply::data(example_data("getTaskDetail")),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("app-key", "SECRET-VALUE-7")
        .retry_policy(fast_retries(3))
        .build()
        .unwrap();
    client
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap();

    let output = captured.text();
    for expected in [
        "airudder_request{operation=\"obtainToken\" attempt=1 http.status=200",
        "airudder_request{operation=\"getTaskDetail\" attempt=1 http.status=503",
        "airudder_request{operation=\"getTaskDetail\" attempt=2 http.status=200",
        "duration_ms=",
        "retrying",
    ] {
        assert!(
            output.contains(expected),
            "missing {expected:?} in:\n{output}"
        );
    }
    for secret in [
        "TOKEN-VALUE-42",
        "SECRET-VALUE-7",
        "BODY-TEXT-OF-AN-ERROR",
        "TaskName",
    ] {
        assert!(!output.contains(secret), "{secret} was logged:\n{output}");
    }
}
