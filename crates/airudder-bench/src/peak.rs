//! `stream-peak` and `buffered-peak`: the process's peak RSS while the client reads a task detail
//! of N rows that an in-process mock generates as it sends them (the server never holds the body),
//! as a stream of rows or whole.

use airudder_client::Client;
use airudder_client::models::{GetWorkflowTaskDetailRequest, GetWorkflowWabaTaskDetailRequest};
use airudder_mock::{MockServer, Reply};
use serde_json::{Value, json};

use crate::measure::{current_rss, usage};

const OPERATION: &str = "getWorkflowTaskDetail";

/// How the client reads the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    Stream,
    Buffered,
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
    // Everything but the answer (the token, the connection) is set up before the baseline.
    client
        .get_workflow_waba_task_detail(&GetWorkflowWabaTaskDetailRequest::new("bench", "bench"))
        .await
        .map_err(error)?;
    let rss_before = current_rss();
    let peak_before = usage().peak_rss;
    let result = match read {
        Read::Stream => {
            let mut stream = client
                .get_workflow_task_detail_stream(&request)
                .await
                .map_err(error)?;
            let mut count = 0;
            while let Some(row) = stream.next_row().await {
                std::hint::black_box(row.map_err(error)?);
                count += 1;
            }
            json!({
                "measurement": "stream-peak",
                "rows_read": count,
                "body_bytes": stream.bytes_read(),
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
