//! Nothing waits without a bound: against a server that accepts and never answers, stalls in its
//! head or its body, or trickles one byte at a time, every call ends within its stated budget (the
//! attempt's `timeout`, or one `read_timeout` window of a stalled body), buffered or streamed, the
//! error snippet included; a stalled body of a safe request is retried.

use crate::support;

use std::time::{Duration, Instant};

use airudder_client::models::{GetTaskDetailRequest, GetWorkflowTaskDetailRequest};
use airudder_client::{Client, ClientBuilder, RetryPolicy};
use support::raw::{Conn, RawServer};
use support::{cut_after_rows, fast_retries, rows_answer};

/// What each budget is in these tests; a call must end well within `BOUND`.
const TIMEOUT: Duration = Duration::from_millis(600);
const READ_TIMEOUT: Duration = Duration::from_millis(300);
const BOUND: Duration = Duration::from_secs(5);

fn client(server: &RawServer) -> Client {
    builder(server).timeout(TIMEOUT).build().unwrap()
}

/// A builder for `server` with the test's stall window, a token, and no retries.
fn builder(server: &RawServer) -> ClientBuilder {
    Client::builder()
        .base_url(&server.url)
        .token("tok")
        .read_timeout(READ_TIMEOUT)
        .retry_policy(RetryPolicy::never())
}

fn assert_quick(started: Instant) {
    assert!(
        started.elapsed() < BOUND,
        "the call took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_server_that_accepts_and_never_answers_ends_within_the_timeout() {
    within(async move {
        let server = RawServer::start(|conn: Conn| conn.stall()).await;
        let started = Instant::now();
        let error = client(&server)
            .get_task_detail(&GetTaskDetailRequest::new("t"))
            .await
            .unwrap_err();
        assert!(error.is_timeout(), "{error}");
        assert!(started.elapsed() >= TIMEOUT);
        assert_quick(started);
    })
    .await;
}

#[tokio::test]
async fn a_stalled_head_of_a_streamed_call_ends_within_the_timeout() {
    within(async move {
        let server = RawServer::start(|mut conn: Conn| async move {
            conn.send("HTTP/1.1 200 OK\r\ncontent-ty").await;
            conn.stall().await
        })
        .await;
        let started = Instant::now();
        let error = client(&server)
            .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
            .await
            .unwrap_err();
        assert!(error.is_timeout(), "{error}");
        assert_quick(started);
    })
    .await;
}

#[tokio::test]
async fn a_streamed_body_that_stalls_mid_rows_ends_with_a_timeout_naming_the_row() {
    within(async move {
        let answer = rows_answer(5);
        let server = RawServer::start(move |mut conn: Conn| {
            let answer = answer.clone();
            async move {
                conn.send(Conn::head(200, answer.len())).await;
                conn.send(cut_after_rows(&answer, 2)).await;
                conn.stall().await
            }
        })
        .await;
        let mut stream = client(&server)
            .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
            .await
            .unwrap();
        let started = Instant::now();
        assert!(stream.next_row().await.unwrap().is_ok());
        assert!(stream.next_row().await.unwrap().is_ok());
        let error = stream.next_row().await.unwrap().unwrap_err();
        assert!(error.is_timeout(), "{error}");
        assert_eq!(error.row_index(), Some(2), "{error}");
        assert_eq!(error.json_path(), Some("data.detail[2]"), "{error}");
        assert!(started.elapsed() >= READ_TIMEOUT);
        assert_quick(started);
        assert!(stream.next_row().await.is_none());
    })
    .await;
}

#[tokio::test]
async fn a_buffered_body_trickling_one_byte_at_a_time_is_cut_as_stalled() {
    within(async move {
        let answer = rows_answer(50);
        let server = RawServer::start(move |mut conn: Conn| {
            let answer = answer.clone();
            async move {
                conn.send(Conn::head(200, answer.len())).await;
                conn.trickle(&answer, Duration::from_millis(10)).await;
            }
        })
        .await;
        // The attempt's budget alone would let the trickle run for minutes.
        let client = builder(&server)
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap();
        let started = Instant::now();
        let error = client
            .get_workflow_task_detail(&GetWorkflowTaskDetailRequest::new("t"))
            .await
            .unwrap_err();
        assert!(error.is_timeout(), "{error}");
        assert!(error.to_string().contains("stalled"), "{error}");
        assert_quick(started);
    })
    .await;
}

#[tokio::test]
async fn a_streamed_body_trickling_one_byte_at_a_time_is_cut_as_stalled() {
    within(async move {
        let answer = rows_answer(50);
        let server = RawServer::start(move |mut conn: Conn| {
            let answer = answer.clone();
            async move {
                conn.send(Conn::head(200, answer.len())).await;
                let first_rows = cut_after_rows(&answer, 1);
                conn.send(first_rows).await;
                conn.trickle(&answer[first_rows.len()..], Duration::from_millis(10))
                    .await;
            }
        })
        .await;
        let mut stream = client(&server)
            .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
            .await
            .unwrap();
        let started = Instant::now();
        let outcome = loop {
            match stream.next_row().await {
                Some(Ok(_)) => continue,
                other => break other,
            }
        };
        let error = outcome.expect("the stream ends with an error").unwrap_err();
        assert!(error.is_timeout(), "{error}");
        assert!(error.row_index().is_some(), "{error}");
        assert_quick(started);
    })
    .await;
}

#[tokio::test]
async fn a_slow_consumer_of_a_stream_is_not_taken_for_a_stalled_server() {
    within(async move {
        // The server sends a row every 50 ms (about 30 KB/s); the caller takes two stall windows
        // over each. Counted in wall time, a window would bring one row (~1.5 KB), short of the
        // 10 KB/s asked; counted in time spent waiting for the network, the rate is the server's.
        let answer = rows_answer(6);
        let server = RawServer::start(move |mut conn: Conn| {
            let answer = answer.clone();
            async move {
                conn.send(Conn::head(200, answer.len())).await;
                for piece in answer.chunks(512) {
                    conn.send(piece).await;
                    tokio::time::sleep(Duration::from_millis(15)).await;
                }
            }
        })
        .await;
        let client = builder(&server).min_read_rate(10 * 1024).build().unwrap();
        let mut stream = client
            .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
            .await
            .unwrap();
        let mut rows = 0;
        while let Some(row) = stream.next_row().await {
            row.unwrap();
            rows += 1;
            // Longer than a stall window, spent by the caller, not waiting for the network.
            tokio::time::sleep(READ_TIMEOUT * 2).await;
        }
        assert_eq!(rows, 6);
    })
    .await;
}

#[tokio::test]
async fn the_stalled_error_body_of_a_streamed_call_ends_it_with_the_http_error() {
    within(async move {
        let server = RawServer::start(|mut conn: Conn| async move {
            conn.send(Conn::head(503, 10_000)).await;
            conn.send(r#"{"status":"ERROR","#).await;
            conn.stall().await
        })
        .await;
        let client = builder(&server)
            .timeout(Duration::from_secs(120))
            .build()
            .unwrap();
        let started = Instant::now();
        let error = client
            .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
            .await
            .unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error}");
        assert_eq!(error.body(), Some(&br#"{"status":"ERROR","#[..]));
        assert_quick(started);
    })
    .await;
}

#[tokio::test]
async fn a_stalled_body_of_a_safe_request_is_retried() {
    within(async move {
        let answer = rows_answer(2);
        let server = RawServer::start(move |mut conn: Conn| {
            let answer = answer.clone();
            async move {
                conn.send(Conn::head(200, answer.len())).await;
                if conn.n == 0 {
                    conn.send(&answer[..answer.len() / 2]).await;
                    conn.stall().await
                } else {
                    conn.send(&answer).await;
                }
            }
        })
        .await;
        let client = builder(&server)
            .retry_policy(fast_retries(2))
            .build()
            .unwrap();
        let detail = client
            .get_workflow_task_detail(&GetWorkflowTaskDetailRequest::new("t"))
            .await
            .unwrap();
        assert_eq!(detail.detail.len(), 2);
        assert_eq!(server.requests().len(), 2);
    })
    .await;
}

/// Fails a test whose call hangs (the bug these tests guard against) instead of hanging CI.
async fn within<T>(test: impl Future<Output = T>) -> T {
    tokio::time::timeout(std::time::Duration::from_secs(60), test)
        .await
        .expect("the test hung: a call waited without a bound")
}
