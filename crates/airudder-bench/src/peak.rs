//! `stream-peak`, `buffered-peak` and `typify-shaped-peak`: the process's peak RSS while a task
//! detail of N rows is read from an in-process mock that generates it as it sends it (the server
//! never holds the body): by the client as a stream of rows or whole, or as a progenitor-style
//! client does (reqwest's `.bytes()`, then `serde_json::from_slice` into [`typify_shaped`]
//! types). The stream also times its first row: what a caller waits before work can start.

use airudder_client::Client;
use airudder_client::models::{
    Endpoint, GetWorkflowTaskDetailRequest, GetWorkflowWabaTaskDetailRequest,
};
use airudder_mock::{MockServer, Reply};
use serde_json::{Value, json};
use std::time::Instant;

use crate::by_hand;
use crate::measure::{current_rss, usage};
use crate::typify_shaped;

const OPERATION: &str = "getWorkflowTaskDetail";

/// How the client reads the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    Stream,
    Buffered,
    TypifyShaped,
}

pub fn run(rows: usize, read: Read) -> Result<Value, String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| format!("no tokio runtime: {e}"))?;
    runtime.block_on(measure(rows, read))
}

async fn measure(rows: usize, read: Read) -> Result<Value, String> {
    let mock = MockServer::start().await;
    mock.respond(OPERATION, Reply::rows(rows))
        .map_err(|e| e.to_string())?;
    let client = Client::builder()
        .base_url(mock.url())
        .app_credentials(mock.app_key(), mock.app_secret())
        .build()
        .map_err(|e| format!("cannot build the client: {e}"))?;
    let request = GetWorkflowTaskDetailRequest::new("bench");
    let error = |e: airudder_client::Error| format!("{OPERATION}: {e}");
    // Everything but the answer (the token, the connection) is set up before the baseline, the
    // hand-written client's too in every mode, so that the three processes start alike.
    client
        .get_workflow_waba_task_detail(&GetWorkflowWabaTaskDetailRequest::new("bench", "bench"))
        .await
        .map_err(error)?;
    let http = reqwest::Client::new();
    let token = by_hand::token(&http, mock.url(), mock.app_key(), mock.app_secret()).await?;
    // The bytes the client sends for the same request.
    let mut request_body = Vec::new();
    request
        .write_body(&mut request_body)
        .map_err(|e| e.to_string())?;
    let rss_before = current_rss();
    let peak_before = usage().peak_rss;
    let result = match read {
        Read::Stream => {
            let started = Instant::now();
            let mut stream = client
                .get_workflow_task_detail_stream(&request)
                .await
                .map_err(error)?;
            let mut count = 0;
            let mut first_row_ms = None;
            while let Some(row) = stream.next_row().await {
                std::hint::black_box(row.map_err(error)?);
                first_row_ms.get_or_insert_with(|| started.elapsed().as_secs_f64() * 1e3);
                count += 1;
            }
            json!({
                "measurement": "stream-peak",
                "rows_read": count,
                "body_bytes": stream.bytes_read(),
                "first_row_ms": first_row_ms,
            })
        }
        Read::Buffered => {
            let task = client
                .get_workflow_task_detail(&request)
                .await
                .map_err(error)?;
            // The body is freed once decoded; what stays resident is the decoded answer.
            let rss_after = current_rss();
            let count = task.detail.len();
            drop(std::hint::black_box(task));
            json!({
                "measurement": "buffered-peak",
                "rows_read": count,
                "decoded_resident_bytes": rss_after.saturating_sub(rss_before),
            })
        }
        Read::TypifyShaped => {
            let url = format!("{}{}", mock.url(), request.path());
            let body = by_hand::post(&http, &url, Some(&token), request_body).await?;
            let envelope: typify_shaped::Envelope<typify_shaped::WorkflowTaskDetail> =
                serde_json::from_slice(&body).map_err(|e| format!("reqwest: {e}"))?;
            drop(body);
            let rss_after = current_rss();
            let count = envelope.data.as_ref().map_or(0, |task| task.detail.len());
            drop(std::hint::black_box(envelope));
            json!({
                "measurement": "typify-shaped-peak",
                "rows_read": count,
                "decoded_resident_bytes": rss_after.saturating_sub(rss_before),
            })
        }
    };
    if result["rows_read"] != json!(rows) {
        return Err(format!(
            "expected {rows} rows, read {}",
            result["rows_read"]
        ));
    }
    let mut result = result;
    result["rows"] = json!(rows);
    result["rss_before_bytes"] = json!(rss_before);
    result["peak_rss_before_bytes"] = json!(peak_before);
    result["peak_rss_bytes"] = json!(usage().peak_rss);
    Ok(result)
}
