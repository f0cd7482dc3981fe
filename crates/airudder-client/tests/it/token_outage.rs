//! The token endpoint under faults: concurrent callers share one fetch and its failure (no queue of
//! fetches, one timeout after another), the fetch has its own short budget, and a transient
//! failure of it is retried so that one 503 no longer fails a GET.

use crate::support;

use std::time::{Duration, Instant};

use airudder_client::models::GetTaskDetailRequest;
use airudder_client::{Client, RetryPolicy};
use serde_json::json;
use support::raw::{Conn, RawServer};
use support::{Reply, TestServer, example_data, fast_retries};

const AUTH: &str = "/service/cloud/auth";
const DETAIL: &str = "/service/cloud/detail";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_callers_during_a_token_outage_share_one_fetch_and_its_failure() {
    within(async move {
        // The token endpoint accepts and never answers.
        let server = RawServer::start(|conn: Conn| conn.stall()).await;
        let client = Client::builder()
            .base_url(&server.url)
            .app_credentials("k", "s")
            .token_timeout(Duration::from_millis(400))
            .retry_policy(RetryPolicy::never())
            .build()
            .unwrap();
        let started = Instant::now();
        let calls: Vec<_> = (0..8)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move {
                    client
                        .get_task_detail(&GetTaskDetailRequest::new("t"))
                        .await
                })
            })
            .collect();
        for call in calls {
            let error = call.await.unwrap().unwrap_err();
            assert!(error.is_timeout(), "{error}");
            assert_eq!(error.operation(), Some("obtainToken"));
        }
        // One fetch's budget for all eight, not eight budgets one after another.
        assert!(
            started.elapsed() < Duration::from_millis(400 * 4),
            "callers queued: {:?}",
            started.elapsed()
        );
        assert_eq!(server.requests().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn the_token_fetch_has_its_own_short_timeout() {
    within(async move {
        let server = RawServer::start(|conn: Conn| conn.stall()).await;
        let client = Client::builder()
            .base_url(&server.url)
            .app_credentials("k", "s")
            // Long enough for a huge task detail; a token fetch must not inherit it.
            .timeout(Duration::from_secs(300))
            .token_timeout(Duration::from_millis(300))
            .retry_policy(RetryPolicy::never())
            .build()
            .unwrap();
        let started = Instant::now();
        let error = client
            .get_task_detail(&GetTaskDetailRequest::new("t"))
            .await
            .unwrap_err();
        assert!(error.is_timeout(), "{error}");
        assert!(started.elapsed() < Duration::from_secs(5));
    })
    .await;
}

#[tokio::test]
async fn one_503_from_the_token_endpoint_is_retried_and_the_get_passes() {
    within(async move {
        let server = TestServer::start(|request, n| match request.path.as_str() {
            AUTH if n == 0 => Reply::raw(503, "busy"),
            AUTH => Reply::data(json!({"token": "tok"})),
            _ => Reply::data(example_data("getTaskDetail")),
        })
        .await;
        let client = Client::builder()
            .base_url(&server.url)
            .app_credentials("k", "s")
            .retry_policy(fast_retries(3))
            .build()
            .unwrap();
        client
            .get_task_detail(&GetTaskDetailRequest::new("t"))
            .await
            .unwrap();
        assert_eq!(server.count(AUTH), 2);
        assert_eq!(server.count(DETAIL), 1);
    })
    .await;
}

#[tokio::test]
async fn a_caller_after_a_failed_token_fetch_tries_again() {
    within(async move {
        let server = TestServer::start(|request, n| match request.path.as_str() {
            AUTH if n == 0 => Reply::raw(503, "down"),
            AUTH => Reply::data(json!({"token": "tok"})),
            _ => Reply::data(example_data("getTaskDetail")),
        })
        .await;
        let client = Client::builder()
            .base_url(&server.url)
            .app_credentials("k", "s")
            .retry_policy(RetryPolicy::never())
            .build()
            .unwrap();
        let request = GetTaskDetailRequest::new("t");
        assert!(client.get_task_detail(&request).await.is_err());
        client.get_task_detail(&request).await.unwrap();
        assert_eq!(server.count(AUTH), 2);
    })
    .await;
}

/// Fails a test whose call hangs (the bug these tests guard against) instead of hanging CI.
async fn within<T>(test: impl Future<Output = T>) -> T {
    tokio::time::timeout(std::time::Duration::from_secs(60), test)
        .await
        .expect("the test hung: a call waited without a bound")
}
