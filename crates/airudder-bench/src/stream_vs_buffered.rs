//! `stream-vs-buffered`: one synthetic body of N rows served from memory (with Content-Length) by
//! an in-process server, read by the client whole (`get_workflow_task_detail`) and as a stream
//! of rows (`get_workflow_task_detail_stream`, every row consumed: fresh with `next_row`, and
//! each decoded over the last with `next_row_into`), in interleaved rounds; and, in
//! the same rounds, the parser's floor: `serde_json::from_slice::<IgnoredAny>` over the same bytes
//! in memory (tokenizing and validating, nothing built, no network), what no decode can beat.

use std::time::Instant;

use airudder_client::Client;
use airudder_client::models::{Endpoint, GetWorkflowTaskDetailRequest};
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde::de::IgnoredAny;
use serde_json::{Value, json};

use crate::measure::{interleaved, mb_per_s, median, settle_allocator, time};
use crate::synth;

pub fn run(rows: usize, rounds: usize) -> Result<Value, String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| format!("no tokio runtime: {e}"))?;
    let body = Bytes::from(synth::workflow_task_detail(rows, synth::SEED));
    let url = runtime.block_on(serve(body.clone()))?;
    let client = Client::builder()
        .base_url(url)
        .token("bench-token")
        .build()
        .map_err(|e| format!("cannot build the client: {e}"))?;
    let request = GetWorkflowTaskDetailRequest::new("bench");
    let buffered = || async {
        let started = Instant::now();
        let task = client.get_workflow_task_detail(&request).await?;
        let seconds = started.elapsed().as_secs_f64();
        Ok::<_, airudder_client::Error>((seconds, task.detail.len()))
    };
    let streamed = || async {
        let started = Instant::now();
        let mut stream = client.get_workflow_task_detail_stream(&request).await?;
        let mut count = 0;
        while let Some(row) = stream.next_row().await {
            std::hint::black_box(row?);
            count += 1;
        }
        Ok::<_, airudder_client::Error>((started.elapsed().as_secs_f64(), count))
    };
    // Each row decoded over the last one (`next_row_into`): its strings' room reused.
    let in_place = || async {
        let started = Instant::now();
        let mut stream = client.get_workflow_task_detail_stream(&request).await?;
        let mut count = 0;
        let mut row = None;
        while let Some(read) = stream.next_row_into(&mut row).await {
            read?;
            std::hint::black_box(&row);
            count += 1;
        }
        Ok::<_, airudder_client::Error>((started.elapsed().as_secs_f64(), count))
    };
    // Every variant reads every row, or the timings would mean nothing.
    for (name, outcome) in [
        ("buffered", runtime.block_on(buffered())),
        ("streamed", runtime.block_on(streamed())),
        ("streamed_in_place", runtime.block_on(in_place())),
    ] {
        match outcome {
            Ok((_, count)) if count == rows => {}
            Ok((_, count)) => return Err(format!("{name}: expected {rows} rows, read {count}")),
            Err(error) => return Err(format!("{name}: {error}")),
        }
    }
    // The whole answer is freed after its clock stopped (which favours the buffered read).
    let mut time_buffered = || timed(&runtime, buffered());
    let mut time_streamed = || timed(&runtime, streamed());
    let mut time_in_place = || timed(&runtime, in_place());
    let mut time_floor = || time(|| serde_json::from_slice::<IgnoredAny>(&body).ok());
    let samples = interleaved(
        rounds,
        &mut [
            &mut time_buffered,
            &mut time_streamed,
            &mut time_in_place,
            &mut time_floor,
        ],
    );
    let names = ["buffered", "streamed", "streamed_in_place", "floor"];
    let seconds: Vec<f64> = samples.iter().map(|samples| median(samples)).collect();
    let by_name = |values: &dyn Fn(usize) -> Value| -> Value {
        names
            .iter()
            .enumerate()
            .map(|(index, name)| ((*name).to_owned(), values(index)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    Ok(json!({
        "measurement": "stream-vs-buffered",
        "rows": rows,
        "rounds": rounds,
        "body_bytes": body.len(),
        "median_seconds": by_name(&|index| json!(seconds[index])),
        "mb_per_s": by_name(&|index| json!(mb_per_s(body.len(), seconds[index]))),
        "samples": by_name(&|index| json!(samples[index])),
    }))
}

/// The seconds one read took (NaN if it failed), the allocator settled after it.
fn timed(
    runtime: &tokio::runtime::Runtime,
    read: impl Future<Output = Result<(f64, usize), airudder_client::Error>>,
) -> f64 {
    let seconds = runtime
        .block_on(read)
        .map_or(f64::NAN, |(seconds, _)| seconds);
    settle_allocator();
    seconds
}

/// Serves `body` to every POST of the operation's path; returns the base URL.
async fn serve(body: Bytes) -> Result<String, String> {
    let app = axum::Router::new().route(
        GetWorkflowTaskDetailRequest::PATH_TEMPLATE,
        axum::routing::post(move |_request: Bytes| {
            let body = body.clone();
            async move {
                let length = HeaderValue::from(body.len());
                let mut response = Response::new(Body::from(body));
                let headers = response.headers_mut();
                headers.insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                headers.insert(header::CONTENT_LENGTH, length);
                response
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
    let url = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(url)
}
