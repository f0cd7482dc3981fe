//! Per-call overrides: one call with another timeout or retry policy, without a second client,
//! so the token is fetched once and shared by the client and every override.

use crate::support;

use std::time::Duration;

use airudder_client::models::GetTaskDetailRequest;
use airudder_client::{Client, RetryPolicy};
use support::{Reply, TestServer, example_data, fast_retries};

const AUTH: &str = "/service/cloud/auth";
const DETAIL: &str = "/service/cloud/detail";

#[tokio::test]
async fn a_shorter_timeout_for_one_call_shares_the_clients_token() {
    let server = TestServer::with_tokens(|request, _| {
        let slow = request.query.as_deref() == Some("TaskID=slow");
        let reply = Reply::data(example_data("getTaskDetail"));
        if slow {
            reply.after(Duration::from_secs(2))
        } else {
            reply
        }
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("k", "s")
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    client
        .get_task_detail(&GetTaskDetailRequest::new("fast"))
        .await
        .unwrap();
    let error = client
        .with_timeout(Duration::from_millis(200))
        .get_task_detail(&GetTaskDetailRequest::new("slow"))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error}");
    // The client itself keeps its own, longer timeout.
    client
        .get_task_detail(&GetTaskDetailRequest::new("slow"))
        .await
        .unwrap();
    assert_eq!(server.count(AUTH), 1);
}

#[tokio::test]
async fn a_call_without_retries_is_tried_once_while_the_client_retries() {
    let server = TestServer::with_tokens(|_, _| Reply::raw(503, "busy")).await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("k", "s")
        .retry_policy(fast_retries(3))
        .build()
        .unwrap();
    let request = GetTaskDetailRequest::new("t");
    assert!(client.get_task_detail(&request).await.is_err());
    assert_eq!(server.count(DETAIL), 3);
    assert!(
        client
            .with_retry_policy(RetryPolicy::never())
            .get_task_detail(&request)
            .await
            .is_err()
    );
    assert_eq!(server.count(DETAIL), 4);
    assert_eq!(server.count(AUTH), 1);
}
