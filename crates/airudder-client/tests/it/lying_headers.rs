//! A server cannot make the client allocate: an answer that claims a 1 GiB `Content-Length` and
//! sends 24 bytes costs what 24 bytes cost. The process's heap is measured (dhat's heap testing:
//! the peak of live bytes), so the claim is checked, not assumed; one test per binary, as dhat asks.

use crate::support;

use airudder_client::models::GetTaskDetailRequest;
use airudder_client::{Client, RetryPolicy};
use support::raw::{Conn, RawServer};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

#[tokio::test]
async fn a_content_length_of_1_gib_over_24_bytes_costs_no_large_allocation() {
    let server = RawServer::start(|mut conn: Conn| async move {
        conn.send(Conn::head(200, 1 << 30)).await;
        conn.send(r#"{"data":{},"status":"OK""#).await;
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .token("tok")
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let profiler = dhat::Profiler::builder().testing().build();
    let error = client
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap_err();
    let peak = dhat::HeapStats::get().max_bytes;
    drop(profiler);
    assert!(
        !error.is_decode(),
        "the body was cut, not complete: {error}"
    );
    assert!(
        peak <= 16 << 20,
        "the heap peaked at {peak} bytes for a 24-byte answer"
    );
}
