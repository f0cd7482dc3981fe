//! The token lifecycle: fetched once and shared, renewed before it expires, renewed once when
//! AiRudder refuses it, never renewed when it was given as a fixed token.

use crate::support;

use std::time::Duration;

use airudder_client::Client;
use airudder_client::models::{GetTaskDetailRequest, GetWorkflowTaskDetailRequest};
use serde_json::json;
use support::{ManualClock, Reply, TestServer, example_data};

const AUTH: &str = "/service/cloud/auth";
const DETAIL: &str = "/service/cloud/detail";

fn request() -> GetTaskDetailRequest {
    GetTaskDetailRequest::new("t")
}

#[tokio::test]
async fn token_is_fetched_once_and_reused() {
    let server = TestServer::with_tokens(|_, _| Reply::data(example_data("getTaskDetail"))).await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("k", "s")
        .build()
        .unwrap();
    for _ in 0..3 {
        client.get_task_detail(&request()).await.unwrap();
    }
    assert_eq!(server.count(AUTH), 1);
    assert!(
        server
            .requests()
            .iter()
            .filter(|r| r.path == DETAIL)
            .all(|r| r.header("authorization") == Some("Token tok-1"))
    );
}

#[tokio::test]
async fn token_is_renewed_before_its_lifetime_runs_out() {
    let server = TestServer::with_tokens(|_, _| Reply::data(example_data("getTaskDetail"))).await;
    let clock = ManualClock::new();
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("k", "s")
        .clock(clock.clone())
        .build()
        .unwrap();
    client.get_task_detail(&request()).await.unwrap();
    clock.advance(Duration::from_secs(22 * 3600));
    client.get_task_detail(&request()).await.unwrap();
    assert_eq!(server.count(AUTH), 1, "a 22-hour-old token is still used");
    // The default renews an hour before the 24 hours end.
    clock.advance(Duration::from_secs(3600) + Duration::from_secs(1));
    client.get_task_detail(&request()).await.unwrap();
    assert_eq!(server.count(AUTH), 2);
    let last = server
        .requests()
        .into_iter()
        .filter(|r| r.path == DETAIL)
        .last()
        .unwrap();
    assert_eq!(last.header("authorization"), Some("Token tok-2"));
}

#[tokio::test]
async fn refused_token_is_renewed_once_and_the_call_repeated() {
    let server = TestServer::with_tokens(|request, _| match request.header("authorization") {
        Some("Token tok-1") => Reply::raw(401, "token expired"),
        _ => Reply::data(example_data("getTaskDetail")),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("k", "s")
        .build()
        .unwrap();
    let task = client.get_task_detail(&request()).await.unwrap();
    assert_eq!(task.task_name, "TaskName-F-id_goverding-00009");
    assert_eq!(server.count(AUTH), 2);
    assert_eq!(server.count(DETAIL), 2);
}

#[tokio::test]
async fn token_error_code_in_an_envelope_also_renews_the_token() {
    let server = TestServer::with_tokens(|request, _| match request.header("authorization") {
        Some("Token tok-1") => {
            Reply::json(json!({"status": "ERROR", "code": 10813, "message": "expired user token"}))
        }
        _ => Reply::data(example_data("getTaskDetail")),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("k", "s")
        .build()
        .unwrap();
    client.get_task_detail(&request()).await.unwrap();
    assert_eq!(server.count(AUTH), 2);
}

#[tokio::test]
async fn a_token_refused_twice_is_an_auth_error_not_a_loop() {
    let server = TestServer::with_tokens(|_, _| Reply::raw(401, "no")).await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("k", "s")
        .build()
        .unwrap();
    let error = client.get_task_detail(&request()).await.unwrap_err();
    assert!(error.is_auth(), "{error}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(server.count(AUTH), 2);
    assert_eq!(server.count(DETAIL), 2);
}

#[tokio::test]
async fn a_fixed_token_is_never_renewed() {
    let server = TestServer::with_tokens(|_, _| Reply::raw(401, "no")).await;
    let client = Client::builder()
        .base_url(&server.url)
        .token("given")
        .build()
        .unwrap();
    let error = client.get_task_detail(&request()).await.unwrap_err();
    assert!(error.is_auth());
    assert_eq!(server.count(AUTH), 0);
    assert_eq!(server.count(DETAIL), 1);
}

#[tokio::test]
async fn wrong_credentials_fail_with_the_token_endpoints_error() {
    let server = TestServer::start(|request, _| match request.path.as_str() {
        AUTH => {
            Reply::json(json!({"status": "ERROR", "code": 10301, "message": "invalid app key"}))
        }
        _ => Reply::data(example_data("getTaskDetail")),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("wrong", "s")
        .build()
        .unwrap();
    let error = client.get_task_detail(&request()).await.unwrap_err();
    assert_eq!(error.operation(), Some("obtainToken"));
    assert_eq!(error.api_code(), Some(10301));
    assert!(error.is_auth());
    assert_eq!(server.count(DETAIL), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_one_token_fetch() {
    let server = TestServer::start(|request, _| match request.path.as_str() {
        // A slow token endpoint, so that every call is waiting for it at once.
        AUTH => Reply::data(json!({"token": "shared"})).after(Duration::from_millis(200)),
        _ => Reply::data(json!({"list": [], "total": 0})),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("k", "s")
        .build()
        .unwrap();
    let calls = (0..100).map(|i| {
        let client = client.clone();
        tokio::spawn(async move {
            let request = airudder_client::models::GetWorkflowWabaTaskDetailRequest::new(
                format!("wf{i}"),
                "t",
            );
            client.get_workflow_waba_task_detail(&request).await
        })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().unwrap();
    }
    assert_eq!(server.count(AUTH), 1);
    assert_eq!(server.count("/service/cloud/workflow/wabataskdetail"), 100);
}

/// A workflow task detail answer with two rows, and with `code` in its envelope.
fn workflow_rows_with_code(code: i64) -> Reply {
    let mut data = example_data("getWorkflowTaskDetail");
    let row = data["detail"][0].clone();
    data["detail"] = json!([row.clone(), row]);
    let status = if code == 200 { "OK" } else { "ERROR" };
    Reply::json(json!({"data": data, "status": status, "code": code}))
}

const WORKFLOW_DETAIL: &str = "/service/cloud/workflow/taskdetail";

#[tokio::test]
async fn a_streamed_answer_refused_with_a_token_code_renews_the_token_once_and_repeats() {
    let server = TestServer::with_tokens(|_, n| match n {
        0 => {
            Reply::json(json!({"status": "ERROR", "code": 10812, "message": "invalid user token"}))
        }
        _ => workflow_rows_with_code(200),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("k", "s")
        .build()
        .unwrap();
    let mut stream = client
        .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap();
    let mut rows = 0;
    while let Some(row) = stream.next_row().await {
        row.unwrap();
        rows += 1;
    }
    assert_eq!(rows, 2);
    assert_eq!(server.count(AUTH), 2);
    let sent: Vec<_> = server
        .requests()
        .iter()
        .filter(|r| r.path == WORKFLOW_DETAIL)
        .map(|r| r.header("authorization").unwrap_or("").to_owned())
        .collect();
    assert_eq!(sent, ["Token tok-1", "Token tok-2"]);
}

#[tokio::test]
async fn a_token_refused_at_the_end_of_a_stream_is_not_used_again() {
    let server = TestServer::with_tokens(|_, n| match n {
        0 => workflow_rows_with_code(10813),
        _ => workflow_rows_with_code(200),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("k", "s")
        .build()
        .unwrap();
    let request = GetWorkflowTaskDetailRequest::new("t");
    let mut stream = client
        .get_workflow_task_detail_stream(&request)
        .await
        .unwrap();
    let mut last = None;
    while let Some(row) = stream.next_row().await {
        last = Some(row);
    }
    let error = last.unwrap().unwrap_err();
    assert!(error.is_auth(), "{error}");
    client.get_workflow_task_detail(&request).await.unwrap();
    assert_eq!(server.count(AUTH), 2, "the refused token stayed cached");
}

#[tokio::test]
async fn a_token_refused_after_its_renewal_is_not_kept_either() {
    let server = TestServer::with_tokens(|_, n| match n {
        0 | 1 => Reply::raw(401, "no"),
        _ => Reply::data(example_data("getTaskDetail")),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("k", "s")
        .build()
        .unwrap();
    assert!(client.get_task_detail(&request()).await.is_err());
    client.get_task_detail(&request()).await.unwrap();
    assert_eq!(server.count(AUTH), 3);
}
