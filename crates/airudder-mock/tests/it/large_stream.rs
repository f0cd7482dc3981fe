//! A 500,000-row task detail streamed from the mock through the client in bounded memory. Alone in
//! its file so that the process's peak memory is this test's.

use airudder_client::Client;
use airudder_client::models::{GetTaskDetailRequest, GetWorkflowWabaTaskDetailRequest};
use airudder_mock::{MockServer, Reply};

/// The process's peak resident memory so far (`VmHWM`), in bytes.
fn peak_rss() -> u64 {
    let status =
        std::fs::read_to_string("/proc/self/status").expect("Linux exposes /proc/self/status");
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM is in /proc/self/status");
    kib * 1024
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_thousand_rows_stream_in_bounded_memory() {
    const ROWS: usize = 500_000;
    let mock = MockServer::start().await;
    mock.respond("getTaskDetail", Reply::rows(ROWS)).unwrap();
    let client = Client::builder()
        .base_url(mock.url())
        .app_credentials(mock.app_key(), mock.app_secret())
        .build()
        .unwrap();
    // Warm up on a small operation: the token, the connection and the runtime's buffers are not
    // what is measured.
    let warm_up = GetWorkflowWabaTaskDetailRequest::new("w", "t");
    client
        .get_workflow_waba_task_detail(&warm_up)
        .await
        .unwrap();
    let before = peak_rss();

    let mut stream = client
        .get_task_detail_stream(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap();
    let mut next_id = 0;
    while let Some(row) = stream.next_row().await {
        let row = row.unwrap_or_else(|e| panic!("row {next_id}: {e}"));
        assert_eq!(row.id, next_id);
        next_id += 1;
    }
    assert_eq!(next_id as usize, ROWS);
    assert_eq!(
        stream.header().unwrap().task_name,
        "TaskName-F-id_goverding-00009"
    );

    let body = stream.bytes_read();
    let growth = peak_rss().saturating_sub(before);
    assert!(body > 400_000_000, "the answer is {body} bytes");
    // Holding the answer would take its size at least; streaming stays at a few chunks.
    assert!(
        growth < 64 << 20,
        "peak memory grew by {} MiB for a {} MiB answer",
        growth >> 20,
        body >> 20
    );
}
