//! Errors keep what a caller needs (code, status, JSON path) and nothing secret.

use crate::support;

use std::time::{Duration, Instant};

use airudder_client::models::{GetTaskDetailRequest, GetWorkflowTaskDetailRequest};
use airudder_client::{Client, RetryPolicy};
use serde_json::{Value, json};
use support::{Reply, TestServer, example_data};

fn request() -> GetTaskDetailRequest {
    GetTaskDetailRequest::new("t")
}

async fn client_for(server: &TestServer) -> Client {
    Client::builder()
        .base_url(&server.url)
        .token("tok")
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap()
}

#[tokio::test]
async fn error_envelope_with_http_200_is_an_api_error_with_its_code() {
    let body =
        json!({"data": {}, "status": "ERROR", "code": 10506, "message": "task is not found"});
    let server = TestServer::start(move |_, _| Reply::json(body.clone())).await;
    let error = client_for(&server)
        .await
        .get_task_detail(&request())
        .await
        .unwrap_err();
    assert!(error.is_api(), "{error}");
    assert_eq!(error.api_code(), Some(10506));
    assert_eq!(error.api_status(), Some("ERROR"));
    assert_eq!(error.api_message(), Some("task is not found"));
    assert_eq!(error.operation(), Some("getTaskDetail"));
    let raw: Value = serde_json::from_slice(error.body().unwrap()).unwrap();
    assert_eq!(raw["code"], 10506);
    assert_eq!(
        error.to_string(),
        "getTaskDetail: api error 10506: task is not found"
    );
}

#[tokio::test]
async fn http_error_keeps_the_status_and_a_bounded_slice_of_the_body() {
    let server = TestServer::start(|_, _| Reply::raw(400, "x".repeat(100_000))).await;
    let error = client_for(&server)
        .await
        .get_task_detail(&request())
        .await
        .unwrap_err();
    assert!(error.is_http());
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.body().unwrap().len(), 4096);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_the_operation() {
    let server = TestServer::start(|_, _| Reply::raw(200, "{\"data\": {\"TaskID\": oops}")).await;
    let error = client_for(&server)
        .await
        .get_task_detail(&request())
        .await
        .unwrap_err();
    assert!(error.is_decode(), "{error}");
    assert_eq!(error.operation(), Some("getTaskDetail"));
    assert_eq!(error.json_path(), Some("data.TaskID"));
}

#[tokio::test]
async fn truncated_body_is_a_decode_error_naming_where_it_stopped() {
    let full = serde_json::to_string(
        &json!({"data": example_data("getTaskDetail"), "status": "OK", "code": 200}),
    )
    .unwrap();
    let cut = full[..full.find("\"TaskName\":").unwrap() + 12].to_owned();
    let server = TestServer::start(move |_, _| Reply::raw(200, cut.clone())).await;
    let error = client_for(&server)
        .await
        .get_task_detail(&request())
        .await
        .unwrap_err();
    assert!(error.is_decode(), "{error}");
    assert_eq!(error.json_path(), Some("data.TaskName"));
    assert!(error.to_string().contains("EOF"), "{error}");
}

#[tokio::test]
async fn wrong_type_names_the_json_path() {
    let mut data = example_data("getTaskDetail");
    data["detail"][0]["RingTime"] = json!("3s");
    let body = json!({"data": data, "status": "OK", "code": 200});
    let server = TestServer::start(move |_, _| Reply::json(body.clone())).await;
    let error = client_for(&server)
        .await
        .get_task_detail(&request())
        .await
        .unwrap_err();
    assert_eq!(error.json_path(), Some("data.detail[0].RingTime"));
    assert!(
        error.to_string().starts_with(
            "getTaskDetail: invalid response body at `data.detail[0].RingTime`: invalid type: string"
        ),
        "{error}"
    );
}

#[tokio::test]
async fn success_envelope_without_data_is_a_decode_error() {
    let server = TestServer::start(|_, _| Reply::json(json!({"status": "OK", "code": 200}))).await;
    let error = client_for(&server)
        .await
        .get_task_detail(&request())
        .await
        .unwrap_err();
    assert!(error.is_decode());
}

#[tokio::test]
async fn a_slow_answer_gives_a_timeout_error_in_bounded_time() {
    let server = TestServer::start(|_, _| {
        Reply::data(example_data("getTaskDetail")).after(Duration::from_secs(30))
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .token("tok")
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.get_task_detail(&request()).await.unwrap_err();
    assert!(error.is_timeout(), "{error}");
    assert!(error.is_retryable());
    // Bounded: far below the server's 30 s.
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn nothing_listening_gives_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder()
        .base_url(url)
        .token("tok")
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let error = client.get_task_detail(&request()).await.unwrap_err();
    assert!(error.is_connect(), "{error}");
}

#[tokio::test]
async fn a_20_mb_answer_decodes() {
    let mut data = example_data("getWorkflowTaskDetail");
    let row = data["detail"][0].clone();
    let rows: Vec<Value> = (0..11_000)
        .map(|i| {
            let mut row = row.clone();
            row["id"] = json!(i);
            row
        })
        .collect();
    data["detail"] = Value::Array(rows);
    let body = serde_json::to_vec(&json!({"data": data, "status": "OK", "code": 200})).unwrap();
    assert!(body.len() > 20 << 20, "the body is {} bytes", body.len());
    let server = TestServer::start(move |_, _| Reply::raw(200, body.clone())).await;
    let task = client_for(&server)
        .await
        .get_workflow_task_detail(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap();
    assert_eq!(task.detail.len(), 11_000);
    assert_eq!(task.detail[10_999].id, 10_999);
}

#[tokio::test]
async fn debug_of_client_and_errors_shows_no_secret() {
    let server = TestServer::start(|request, _| match request.path.as_str() {
        "/service/cloud/auth" => Reply::data(json!({"token": "TOKEN-VALUE-42"})),
        _ => Reply::json(json!({"status": "ERROR", "code": 10506})),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("app-key", "SECRET-VALUE-7")
        .build()
        .unwrap();
    let error = client.get_task_detail(&request()).await.unwrap_err();
    let printed = format!("{client:?} {error:?} {error} {:?}", client.clone());
    assert!(
        printed.contains("app-key"),
        "the app key identifies the account: {printed}"
    );
    for secret in ["SECRET-VALUE-7", "TOKEN-VALUE-42"] {
        assert!(!printed.contains(secret), "{secret} leaked: {printed}");
    }
    let fixed = Client::builder().token("TOKEN-VALUE-42").build().unwrap();
    assert!(!format!("{fixed:?}").contains("TOKEN-VALUE-42"));
}

#[test]
fn missing_credentials_and_bad_urls_are_configuration_errors() {
    let error = Client::builder().build().unwrap_err();
    assert!(error.is_config());
    assert!(error.to_string().contains("no credentials"), "{error}");
    let error = Client::builder()
        .token("t")
        .base_url("ftp://example.com")
        .build()
        .unwrap_err();
    assert!(
        error.is_config() && error.to_string().contains("ftp://example.com"),
        "{error}"
    );
}

#[tokio::test]
async fn a_non_2xx_answer_with_an_envelope_keeps_the_status_and_what_airudder_said() {
    let server = TestServer::start(|_, _| {
        Reply::raw(
            401,
            r#"{"status":"Unauthorized","code":10812,"message":"invalid user token"}"#,
        )
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .token("tok")
        .build()
        .unwrap();
    let error = client.get_task_detail(&request()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.api_code(), Some(10812));
    assert_eq!(error.api_message(), Some("invalid user token"));
    assert_eq!(
        error.to_string(),
        "getTaskDetail: http 401: api error 10812: invalid user token"
    );
}

#[test]
fn a_zero_timeout_is_a_configuration_error_naming_the_setting() {
    let error = Client::builder()
        .token("t")
        .read_timeout(std::time::Duration::ZERO)
        .build()
        .unwrap_err();
    assert!(
        error.is_config() && error.to_string().contains("read_timeout"),
        "{error}"
    );
}
