//! Retries only where safe: GET and spec-idempotent operations, bounded; a POST that changes
//! something is never repeated.

use crate::support;

use std::time::Duration;

use airudder_client::models::{GetTaskDetailRequest, GetWorkflowTaskDetailRequest, TaskDetail};
use airudder_client::{Client, Endpoint};
use serde::Serialize;
use support::{Reply, TestServer, example_data, fast_retries};

fn client(server: &TestServer, attempts: u32) -> Client {
    Client::builder()
        .base_url(&server.url)
        .token("tok")
        .retry_policy(fast_retries(attempts))
        .build()
        .unwrap()
}

/// A hand-written operation that creates something: never safe to repeat.
#[derive(Serialize, Endpoint)]
#[endpoint(method = "POST", path = "/service/cloud/create", response = TaskDetail, operation_id = "createTask")]
struct CreateTask {
    name: String,
}

#[tokio::test]
async fn get_is_retried_on_503_up_to_the_attempt_limit() {
    let server = TestServer::start(|_, _| Reply::raw(503, "busy")).await;
    let error = client(&server, 4)
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.count("/service/cloud/detail"), 4);
}

#[tokio::test]
async fn get_succeeds_when_a_retry_does() {
    let server = TestServer::start(|_, n| {
        if n < 2 {
            Reply::raw(502, "")
        } else {
            Reply::data(example_data("getTaskDetail"))
        }
    })
    .await;
    client(&server, 3)
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap();
    assert_eq!(server.count("/service/cloud/detail"), 3);
}

#[tokio::test]
async fn read_only_post_marked_idempotent_is_retried() {
    let server = TestServer::start(|_, n| {
        if n == 0 {
            Reply::raw(500, "")
        } else {
            Reply::data(example_data("getWorkflowTaskDetail"))
        }
    })
    .await;
    client(&server, 3)
        .get_workflow_task_detail(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap();
    assert_eq!(server.count("/service/cloud/workflow/taskdetail"), 2);
}

#[tokio::test]
async fn post_that_changes_something_is_never_retried() {
    let server = TestServer::start(|_, _| Reply::raw(503, "busy")).await;
    let error = client(&server, 5)
        .send(&CreateTask {
            name: "calls real people".into(),
        })
        .await
        .unwrap_err();
    assert!(error.is_retryable(), "retryable in kind, yet not retried");
    assert_eq!(server.count("/service/cloud/create"), 1);
}

#[tokio::test]
async fn a_429_is_retried_after_the_wait_the_server_asks_for() {
    let server = TestServer::start(|_, n| {
        if n == 0 {
            Reply::raw(429, "slow down").header("retry-after", "0")
        } else {
            Reply::data(example_data("getTaskDetail"))
        }
    })
    .await;
    client(&server, 2)
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap();
    assert_eq!(server.count("/service/cloud/detail"), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_time_budget_ends_the_retries() {
    let server = TestServer::start(|_, _| Reply::raw(429, "").header("retry-after", "3600")).await;
    let error = client(&server, 5)
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(server.count("/service/cloud/detail"), 1);
}

#[tokio::test]
async fn client_errors_and_api_errors_are_not_retried() {
    let server = TestServer::start(|request, _| match request.path.as_str() {
        "/service/cloud/detail" => Reply::raw(400, "bad"),
        _ => Reply::json(serde_json::json!({"status": "ERROR", "code": 10201})),
    })
    .await;
    let client = client(&server, 5);
    client
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap_err();
    client
        .get_workflow_task_detail(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap_err();
    assert_eq!(server.count("/service/cloud/detail"), 1);
    assert_eq!(server.count("/service/cloud/workflow/taskdetail"), 1);
}
