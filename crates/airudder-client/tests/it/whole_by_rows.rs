//! A large answer wanted whole (`get_workflow_task_detail`) is read row by row and put together:
//! it must give exactly what decoding the whole body gives (unknown members and AiRudder's
//! `null`s kept), refuse what that decoding refuses at the same path, and be retried like any
//! buffered call when the body breaks in the middle of the rows.

use crate::support;

use airudder_client::models::{
    Envelope, GetWorkflowTaskDetailRequest, WorkflowTaskDetail, decode_json,
};
use airudder_client::{Client, RetryPolicy};
use serde_json::{Value, json};
use support::raw::{Conn, RawServer};
use support::{Reply, TestServer, answer_of_rows, cut_after_rows, fast_retries, rows_answer};

fn client(url: &str, retries: RetryPolicy) -> Client {
    Client::builder()
        .base_url(url)
        .token("tok")
        .retry_policy(retries)
        .build()
        .unwrap()
}

/// The workflow example with three rows and members the spec does not know at every level:
/// in the envelope, in `data` before and after the rows, and in the rows.
fn answer_with_unknown_members() -> Value {
    let answer = answer_of_rows(3, |i, row| row["SentimentScore"] = json!(0.5 + i as f64));
    let mut reordered = serde_json::Map::new();
    reordered.insert("QueueName".into(), json!("before the rows"));
    for (key, value) in answer["data"].as_object().unwrap() {
        reordered.insert(key.clone(), value.clone());
    }
    reordered.insert("Region".into(), json!({"code": "ID", "zones": [1, 2]}));
    json!({"trace_id": "abc", "data": reordered, "status": "OK", "code": 200})
}

/// `answer` as an error envelope: AiRudder's code and message beside whatever `data` holds.
fn as_error(mut answer: Value, code: i64, message: &str) -> Value {
    answer["status"] = json!("ERROR");
    answer["code"] = json!(code);
    answer["message"] = json!(message);
    answer
}

/// `get_workflow_task_detail` from a server that answers `answer`.
async fn fetch(answer: &Value) -> Result<WorkflowTaskDetail, airudder_client::Error> {
    let answer = answer.clone();
    let server = TestServer::start(move |_, _| Reply::json(answer.clone())).await;
    client(&server.url, RetryPolicy::never())
        .get_workflow_task_detail(&GetWorkflowTaskDetailRequest::new("t"))
        .await
}

#[tokio::test]
async fn a_large_answer_read_whole_equals_the_decode_of_its_bytes_unknown_members_included() {
    let answer = answer_with_unknown_members();
    let bytes = serde_json::to_vec(&answer).unwrap();
    let read = fetch(&answer).await.unwrap();
    let decoded = decode_json::<Envelope<WorkflowTaskDetail>>(&bytes)
        .unwrap()
        .data
        .unwrap();
    assert_eq!(read, decoded);
    assert_eq!(read.detail.len(), 3);
    assert_eq!(serde_json::to_value(&read).unwrap(), answer["data"]);
}

#[tokio::test]
async fn an_answer_without_its_array_is_refused_as_a_whole_decode_refuses_it() {
    let mut answer = answer_with_unknown_members();
    answer["data"].as_object_mut().unwrap().remove("detail");
    let error = fetch(&answer).await.unwrap_err();
    assert!(error.is_decode(), "{error}");
    assert!(
        error.to_string().contains("missing field `detail`"),
        "{error}"
    );
    assert_eq!(error.json_path(), Some("data"));
}

#[tokio::test]
async fn a_null_array_reads_as_no_rows_and_is_written_back_as_null() {
    let mut answer = answer_with_unknown_members();
    answer["data"]["detail"] = Value::Null;
    let read = fetch(&answer).await.unwrap();
    assert!(read.detail.is_empty());
    assert_eq!(serde_json::to_value(&read).unwrap(), answer["data"]);
}

#[tokio::test]
async fn an_array_of_the_wrong_type_is_named_at_its_path() {
    let mut answer = answer_with_unknown_members();
    answer["data"]["detail"] = json!("none");
    let error = fetch(&answer).await.unwrap_err();
    assert!(error.is_decode(), "{error}");
    assert_eq!(error.json_path(), Some("data.detail"));
}

#[tokio::test]
async fn a_body_broken_in_the_middle_of_the_rows_is_retried_like_a_buffered_call() {
    let server = RawServer::start(|mut conn: Conn| async move {
        let answer = rows_answer(5);
        conn.send(Conn::head(200, answer.len())).await;
        if conn.n == 0 {
            // Fewer bytes than announced, then the connection closes.
            conn.send(cut_after_rows(&answer, 2)).await;
        } else {
            conn.send(&answer).await;
        }
    })
    .await;
    let read = client(&server.url, fast_retries(2))
        .get_workflow_task_detail(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap();
    assert_eq!(read.detail.len(), 5);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_error_envelope_wins_over_rows_that_do_not_decode_as_in_a_whole_decode() {
    for bad_row in [1, 0] {
        let mut answer = answer_with_unknown_members();
        answer["data"]["detail"][bad_row] = json!({"not": "a call row"});
        let error = fetch(&as_error(answer, 10506, "task not found"))
            .await
            .unwrap_err();
        assert!(error.is_api(), "row {bad_row}: {error}");
        assert_eq!(error.api_code(), Some(10506));
    }
}

#[tokio::test]
async fn a_refused_token_in_an_envelope_after_bad_rows_is_renewed_and_the_call_repeated() {
    let server = TestServer::start(|request, n| {
        if request.path == "/service/cloud/auth" {
            return Reply::data(json!({"token": format!("token-{n}")}));
        }
        let mut answer = answer_with_unknown_members();
        if request.header("authorization") == Some("Token token-0") {
            answer["data"]["detail"][0] = json!(7);
            answer = as_error(answer, 10812, "invalid user token");
        }
        Reply::json(answer)
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("key", "secret")
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let read = client
        .get_workflow_task_detail(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap();
    assert_eq!(read.detail.len(), 3);
}

#[tokio::test]
async fn the_first_bad_row_of_a_success_answer_is_named_by_its_index_and_path() {
    let mut answer = answer_with_unknown_members();
    answer["data"]["detail"][1]["RingTime"] = json!("3s");
    answer["data"]["detail"][2]["RingTime"] = json!("4s");
    let error = fetch(&answer).await.unwrap_err();
    assert!(error.is_decode(), "{error}");
    assert_eq!(error.json_path(), Some("data.detail[1].RingTime"));
    assert_eq!(error.row_index(), Some(1));
}

#[tokio::test]
async fn a_data_that_is_not_an_object_is_named_at_data_read_whole_or_streamed() {
    let answer = json!({"data": [], "status": "OK", "code": 200});
    let error = fetch(&answer).await.unwrap_err();
    assert!(error.is_decode(), "{error}");
    assert_eq!(error.json_path(), Some("data"));
    assert!(error.to_string().contains("invalid type"), "{error}");
    let server = TestServer::start(move |_, _| Reply::json(answer.clone())).await;
    let error = client(&server.url, RetryPolicy::never())
        .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap_err();
    assert_eq!(error.json_path(), Some("data"));
    assert!(error.to_string().contains("invalid type"), "{error}");
}
