//! Streaming a large answer row by row: the same rows and header as the buffered call, and every
//! failure named by its row and JSON path.

use crate::support;

use airudder_client::models::{
    Endpoint, Enveloped, GetTaskDetailRequest, GetWorkflowTaskDetailRequest, TaskStatus,
    WorkflowCallDetail, WorkflowTaskDetailHeader, decode_json, decode_prefix,
};
use airudder_client::{Client, RetryPolicy, RowReader};
use serde_json::{Value, json};
use support::raw::{Conn, RawServer};
use support::{Reply, TestServer, answer_of_rows, cut_after_rows, example_data, rows_answer};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(&server.url)
        .token("tok")
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap()
}

/// A server answering `answer`, and the workflow task detail stream of it (the server must live
/// as long as the stream is read).
async fn stream_of(
    answer: Value,
) -> (
    TestServer,
    airudder_client::RowStream<WorkflowTaskDetailHeader, WorkflowCallDetail>,
) {
    let server = TestServer::start(move |_, _| Reply::json(answer.clone())).await;
    let stream = client(&server)
        .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap();
    (server, stream)
}

/// The workflow example with `rows` rows, ids 0.. in order.
fn workflow_answer(rows: usize) -> Value {
    answer_of_rows(rows, |_, _| {})
}

#[tokio::test]
async fn streamed_rows_and_header_equal_the_buffered_answer() {
    let answer = workflow_answer(300);
    let server = TestServer::start(move |_, _| Reply::json(answer.clone())).await;
    let client = client(&server);
    let request = GetWorkflowTaskDetailRequest::new("t");
    let buffered = client.get_workflow_task_detail(&request).await.unwrap();
    let mut stream = client
        .get_workflow_task_detail_stream(&request)
        .await
        .unwrap();
    let mut rows = Vec::new();
    while let Some(row) = stream.next_row().await {
        rows.push(row.unwrap());
    }
    assert_eq!(rows, buffered.detail);
    assert_eq!(stream.rows_read(), 300);
    assert!(stream.bytes_read() > 300 * 1000);
    let header = stream
        .into_header()
        .expect("the header is known once the rows are read");
    assert_eq!(header.workflow_name, buffered.workflow_name);
    assert_eq!(header.status, buffered.status);
}

#[tokio::test]
async fn an_error_envelope_before_any_row_is_the_error_of_the_call() {
    let server = TestServer::start(|_, _| {
        Reply::json(json!({"status": "ERROR", "code": 10506, "message": "task is not found"}))
    })
    .await;
    let error = client(&server)
        .get_task_detail_stream(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap_err();
    assert_eq!(error.api_code(), Some(10506));
    assert_eq!(error.operation(), Some("getTaskDetail"));
}

#[tokio::test]
async fn an_error_envelope_after_the_rows_ends_the_stream_with_the_api_error() {
    let server = TestServer::start(|_, _| {
        let mut answer = workflow_answer(2);
        answer["status"] = json!("ERROR");
        answer["code"] = json!(10201);
        Reply::json(answer)
    })
    .await;
    let mut stream = client(&server)
        .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap();
    assert!(stream.next_row().await.unwrap().is_ok());
    assert!(stream.next_row().await.unwrap().is_ok());
    let error = stream.next_row().await.unwrap().unwrap_err();
    assert_eq!(error.api_code(), Some(10201));
    assert!(stream.next_row().await.is_none());
    assert!(stream.header().is_none());
}

#[tokio::test]
async fn a_row_that_does_not_decode_names_its_index_and_path() {
    let mut answer = workflow_answer(10);
    answer["data"]["detail"][7]["RingTime"] = json!("slow");
    let (_server, mut stream) = stream_of(answer).await;
    let mut good = 0;
    let error = loop {
        match stream.next_row().await.unwrap() {
            Ok(_) => good += 1,
            Err(error) => break error,
        }
    };
    assert_eq!(good, 7);
    assert_eq!(error.row_index(), Some(7));
    assert_eq!(error.json_path(), Some("data.detail[7].RingTime"));
    assert!(error.is_decode());
    assert!(
        stream.next_row().await.is_none(),
        "the stream ends at its first error"
    );
}

#[tokio::test]
async fn a_truncated_answer_names_the_row_it_stopped_in() {
    let text = serde_json::to_string(&workflow_answer(20)).unwrap();
    let cut = text[..text.len() * 3 / 4].to_owned();
    let server = TestServer::start(move |_, _| Reply::raw(200, cut.clone())).await;
    let mut stream = client(&server)
        .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap();
    let mut rows = 0;
    let error = loop {
        match stream.next_row().await.unwrap() {
            Ok(_) => rows += 1,
            Err(error) => break error,
        }
    };
    assert!(error.is_decode(), "{error}");
    assert_eq!(
        error.json_path(),
        Some(format!("data.detail[{rows}]").as_str())
    );
    assert!(error.to_string().contains("truncated"), "{error}");
}

#[tokio::test]
async fn header_fields_after_the_rows_are_read_too() {
    // Key order is the server's choice: here `detail` comes first and the envelope's code last.
    let body = r#"{"data":{"detail":[],"TaskID":"t","TaskName":"n","RobotMethod":"single","RobotID":"r","SIPLine":"s",
        "Status":"calling","ScheduleStartTime":"a","ScheduleEndTime":"b","RepeatInterval":0,"RepeatNumber":1},"status":"OK","code":200}"#;
    let server = TestServer::start(move |_, _| Reply::raw(200, body)).await;
    let mut stream = client(&server)
        .get_task_detail_stream(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap();
    assert!(stream.next_row().await.is_none());
    assert_eq!(stream.header().unwrap().status, TaskStatus::Calling);
}

#[tokio::test]
async fn stream_json_streams_rows_of_any_large_operation_by_id() {
    let answer = workflow_answer(5);
    let server = TestServer::start(move |_, _| Reply::json(answer.clone())).await;
    let client = client(&server);
    let mut stream = client
        .stream_json("getWorkflowTaskDetail", br#"{"task_id": "t"}"#)
        .await
        .unwrap();
    let mut ids = Vec::new();
    while let Some(row) = stream.next_row().await {
        ids.push(row.unwrap()["id"].clone());
    }
    assert_eq!(ids, [0, 1, 2, 3, 4]);
    assert_eq!(
        stream.header().unwrap()["workflow_name"],
        "test_api_webhook1"
    );
    let error = client
        .stream_json("getWorkflowWabaTaskDetail", b"{}")
        .await
        .unwrap_err();
    assert!(
        error.is_invalid_request() && error.to_string().contains("x-large-array"),
        "{error}"
    );
}

/// A server that sends the head and the first two and a half rows of a five-row answer, then ends
/// the connection: with a FIN (`reset` false) or a TCP reset.
async fn cut_server(reset: bool) -> RawServer {
    RawServer::start(move |mut conn: Conn| async move {
        let answer = rows_answer(5);
        conn.send(Conn::head(200, answer.len())).await;
        conn.send(cut_after_rows(&answer, 2)).await;
        if reset {
            // Deprecated for blocking on drop; a zero linger never blocks, it resets at once.
            #[allow(deprecated)]
            conn.stream
                .set_linger(Some(std::time::Duration::ZERO))
                .unwrap();
        }
    })
    .await
}

async fn error_after_two_rows(server: &RawServer) -> airudder_client::Error {
    let client = Client::builder()
        .base_url(&server.url)
        .token("tok")
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let mut stream = client
        .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap();
    assert!(stream.next_row().await.unwrap().is_ok());
    assert!(stream.next_row().await.unwrap().is_ok());
    let error = stream.next_row().await.unwrap().unwrap_err();
    assert!(stream.next_row().await.is_none());
    error
}

#[tokio::test]
async fn a_connection_cut_short_of_its_content_length_names_the_row_in_progress() {
    let server = cut_server(false).await;
    let error = error_after_two_rows(&server).await;
    assert_eq!(error.row_index(), Some(2), "{error}");
    assert_eq!(error.json_path(), Some("data.detail[2]"), "{error}");
    assert!(error.to_string().contains("data.detail[2]"), "{error}");
}

#[tokio::test]
async fn a_connection_reset_mid_rows_names_the_row_in_progress() {
    let server = cut_server(true).await;
    let error = error_after_two_rows(&server).await;
    assert!(error.is_retryable(), "a broken connection: {error}");
    assert_eq!(error.row_index(), Some(2), "{error}");
    assert_eq!(error.json_path(), Some("data.detail[2]"), "{error}");
}

/// Rows that differ in every way a row can: transcript and redial counts, unknown members in
/// some, a `null` map in some.
fn rows_of_every_shape(rows: usize) -> Value {
    answer_of_rows(rows, |i, row| {
        row["CalleeName"] = json!("n".repeat(i % 7 * 5));
        let line = row["AsrResult"][0].clone();
        row["AsrResult"] = json!(vec![line; i % 5]);
        let redial = row["RedailCall"].get(0).cloned().unwrap_or(json!({}));
        row["RedailCall"] = json!(vec![redial; i % 3]);
        if i % 2 == 1 {
            row[format!("Unknown{i}")] = json!({"kept": i});
        }
        if i % 4 == 2 {
            row["NerSlots"] = Value::Null;
        }
    })
}

#[tokio::test]
async fn rows_decoded_over_the_last_one_equal_rows_decoded_fresh() {
    let answer = rows_of_every_shape(40);
    let sent = answer["data"]["detail"].clone();
    let (_server, mut stream) = stream_of(answer.clone()).await;
    let mut fresh = Vec::new();
    while let Some(row) = stream.next_row().await {
        fresh.push(row.unwrap());
    }
    let mut reused = Vec::new();
    let (_server, mut stream) = stream_of(answer).await;
    let mut row = None;
    while let Some(read) = stream.next_row_into(&mut row).await {
        read.unwrap();
        reused.push(row.clone().expect("a row was read"));
    }
    assert_eq!(reused, fresh);
    assert_eq!(serde_json::to_value(&reused).unwrap(), sent);
    assert!(stream.header().is_some());
}

#[tokio::test]
async fn a_bad_row_decoded_in_place_is_named_by_its_index_and_path() {
    let mut answer = rows_of_every_shape(6);
    answer["data"]["detail"][4]["RingTime"] = json!("3s");
    let (_server, mut stream) = stream_of(answer).await;
    let mut row = None;
    let mut read = 0;
    let error = loop {
        match stream.next_row_into(&mut row).await {
            Some(Ok(())) => read += 1,
            Some(Err(error)) => break error,
            None => panic!("the stream ended without its error"),
        }
    };
    assert_eq!(read, 4);
    assert_eq!(error.json_path(), Some("data.detail[4].RingTime"));
    assert_eq!(error.row_index(), Some(4));
    assert!(stream.next_row_into(&mut row).await.is_none());
}

/// The rows of a workflow task detail answer saved in `bytes`, read one by one.
fn saved(bytes: &[u8]) -> RowReader<&[u8], WorkflowTaskDetailHeader, WorkflowCallDetail> {
    RowReader::new(
        bytes,
        "getWorkflowTaskDetail",
        <<GetWorkflowTaskDetailRequest as Endpoint>::Envelope as Enveloped>::INFO,
        "detail",
        decode_json::<WorkflowTaskDetailHeader>,
        decode_prefix::<WorkflowCallDetail>,
    )
}

#[test]
fn a_saved_answer_whose_data_is_not_an_object_is_an_error_at_data_as_a_streamed_one_is() {
    let answer = br#"{"data": [], "status": "OK", "code": 200}"#;
    let mut rows = saved(answer);
    let error = rows
        .next_row()
        .expect("the answer ends in an error")
        .unwrap_err();
    assert_eq!(error.json_path(), Some("data"));
    assert!(error.to_string().contains("invalid type"), "{error}");
}

#[test]
fn a_saved_answer_read_over_the_last_row_gives_the_rows_read_fresh() {
    let answer = serde_json::to_vec(&rows_of_every_shape(25)).unwrap();
    let mut fresh = Vec::new();
    let mut rows = saved(&answer);
    while let Some(row) = rows.next_row() {
        fresh.push(row.unwrap());
    }
    let mut reused = Vec::new();
    let mut rows = saved(&answer);
    let mut row = None;
    while let Some(read) = rows.next_row_into(&mut row) {
        read.unwrap();
        reused.push(row.clone().expect("a row was read"));
    }
    assert_eq!(fresh.len(), 25);
    assert_eq!(reused, fresh);
    assert!(rows.header().is_some());
}

#[test]
fn rows_without_a_comma_between_them_are_an_error_read_fresh_or_over_the_last_row() {
    let row = serde_json::to_string(&example_data("getWorkflowTaskDetail")["detail"][0]).unwrap();
    let answer = format!(r#"{{"data":{{"detail":[{row},{row} {row}]}},"code":200,"status":"OK"}}"#);
    let mut fresh = saved(answer.as_bytes());
    assert!(fresh.next_row().unwrap().is_ok());
    assert!(fresh.next_row().unwrap().is_ok());
    let fresh_error = fresh.next_row().unwrap().unwrap_err();
    let mut over = saved(answer.as_bytes());
    let mut row = None;
    assert!(over.next_row_into(&mut row).unwrap().is_ok());
    assert!(over.next_row_into(&mut row).unwrap().is_ok());
    let over_error = over.next_row_into(&mut row).unwrap().unwrap_err();
    assert!(
        over_error.to_string().contains("expected `,` or `]`"),
        "{over_error}"
    );
    assert_eq!(over_error.to_string(), fresh_error.to_string());
}

#[tokio::test]
async fn a_token_refused_before_the_rows_is_renewed_and_the_stream_opened_again() {
    // AiRudder's members in its order: the refusal first, then rows it should not hand over.
    let refused = json!({
        "code": 10813, "status": "ERROR", "message": "expired user token",
        "data": example_data("getWorkflowTaskDetail"),
    });
    let server = TestServer::with_tokens(move |_, n| match n {
        0 => Reply::json(refused.clone()),
        _ => Reply::json(answer_of_rows(3, |_, _| {})),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("k", "s")
        .build()
        .unwrap();
    let mut rows = client
        .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .expect("the refusal is the call's error, renewed and repeated");
    let mut read = 0;
    while let Some(row) = rows.next_row().await {
        row.unwrap();
        read += 1;
    }
    assert_eq!(read, 3, "only the repeated answer's rows");
    assert_eq!(server.count("/service/cloud/auth"), 2);
}
