//! The mock behaves as AiRudder does where a client can tell: tokens, validation, scripted
//! answers, generated rows and injected faults.

use std::time::Duration;

use airudder_client::models::{
    GetTaskDetailRequest, GetWorkflowTaskDetailRequest, QueryPdsTaskListRequest,
};
use airudder_client::{Client, RetryPolicy};
use airudder_mock::{Fault, MockServer, Reply};
use serde_json::{Value, json};

fn client(mock: &MockServer) -> Client {
    Client::builder()
        .base_url(mock.url())
        .app_credentials(mock.app_key(), mock.app_secret())
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(2)))
        .build()
        .unwrap()
}

fn detail() -> GetTaskDetailRequest {
    GetTaskDetailRequest::new("t")
}

async fn raw_get(mock: &MockServer, path: &str, authorization: Option<&str>) -> (u16, Value) {
    let mut request = reqwest::Client::new().get(format!("{}{path}", mock.url()));
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap(),
    )
}

#[tokio::test]
async fn missing_malformed_and_unknown_tokens_are_refused_with_their_codes() {
    let mock = MockServer::start().await;
    let path = "/service/cloud/detail?TaskID=t";
    assert_eq!(raw_get(&mock, path, None).await.1["code"], 10810);
    assert_eq!(
        raw_get(&mock, path, Some("Bearer x")).await.1["code"],
        10811
    );
    let (status, body) = raw_get(&mock, path, Some("Token forged")).await;
    assert_eq!((status, body["code"].clone()), (401, json!(10812)));
}

#[tokio::test]
async fn expired_tokens_are_refused_and_the_client_renews_them() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    client.get_task_detail(&detail()).await.unwrap();
    mock.expire_tokens();
    client.get_task_detail(&detail()).await.unwrap();
    assert_eq!(mock.count("obtainToken"), 2);
    let refused: Vec<_> = mock
        .requests()
        .into_iter()
        .filter(|r| r.operation_id == Some("getTaskDetail"))
        .collect();
    assert_eq!(
        refused.len(),
        3,
        "the call with the expired token, then the repeat"
    );
}

#[tokio::test]
async fn the_dialers_token_is_its_own_asked_for_with_a_form_and_renewed_once_when_refused() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    let tasks = QueryPdsTaskListRequest::new(10);
    client.query_pds_task_list(&tasks).await.unwrap();
    client.get_task_detail(&detail()).await.unwrap();
    // One token per scheme: the workflow token is no good for the dialer, and the other way.
    assert_eq!(
        (mock.count("obtainPdsToken"), mock.count("obtainToken")),
        (1, 1)
    );
    let auth = mock
        .requests()
        .into_iter()
        .find(|r| r.operation_id == Some("obtainPdsToken"))
        .unwrap();
    assert_eq!(
        auth.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    mock.expire_tokens();
    client.query_pds_task_list(&tasks).await.unwrap();
    assert_eq!(
        mock.count("obtainPdsToken"),
        2,
        "renewed once after the refusal"
    );
    assert_eq!(mock.count("queryPdsTaskList"), 3);
}

#[tokio::test]
async fn wrong_credentials_get_the_token_pages_403_code() {
    let mock = MockServer::start().await;
    let client = Client::builder()
        .base_url(mock.url())
        .app_credentials("who", "knows")
        .build()
        .unwrap();
    let error = client.get_task_detail(&detail()).await.unwrap_err();
    assert_eq!(error.api_code(), Some(403));
    assert!(error.is_auth(), "{error}");
    assert_eq!(mock.count("getTaskDetail"), 0);
}

#[tokio::test]
async fn a_request_missing_a_required_field_is_refused_naming_it() {
    let mock = MockServer::start().await;
    let request =
        airudder_client::models::ObtainTokenRequest::new(mock.app_key(), mock.app_secret());
    let token = client(&mock).obtain_token(&request).await.unwrap().token;
    let (status, body) = raw_get(
        &mock,
        "/service/cloud/detail",
        Some(&format!("Token {}", token.expose())),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("missing field `TaskID`"),
        "{body}"
    );
    let response = reqwest::Client::new()
        .post(format!("{}/service/cloud/workflow/taskdetail", mock.url()))
        .header("authorization", format!("Token {}", token.expose()))
        .header("content-type", "application/json")
        .body(r#"{"task_id": 42}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid request field `task_id`"),
        "{body}"
    );
}

#[tokio::test]
async fn scripted_replies_come_first_then_the_standing_reply_then_the_example() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    mock.script(
        "getTaskDetail",
        Reply::api_error(10506, "task is not found"),
    )
    .unwrap();
    let error = client.get_task_detail(&detail()).await.unwrap_err();
    assert_eq!(error.api_code(), Some(10506));
    let example = client.get_task_detail(&detail()).await.unwrap();
    assert_eq!(example.task_name, "TaskName-F-id_goverding-00009");
    let mut data = serde_json::to_value(&example).unwrap();
    data["TaskName"] = json!("scripted");
    mock.respond("getTaskDetail", Reply::data(data)).unwrap();
    assert_eq!(
        client.get_task_detail(&detail()).await.unwrap().task_name,
        "scripted"
    );
    assert_eq!(
        client.get_task_detail(&detail()).await.unwrap().task_name,
        "scripted"
    );
    assert!(
        mock.script("noSuchOperation", Reply::rows(1))
            .unwrap_err()
            .to_string()
            .contains("noSuchOperation")
    );
}

#[tokio::test]
async fn generated_task_details_have_the_requested_rows() {
    let mock = MockServer::start().await;
    mock.respond("getWorkflowTaskDetail", Reply::rows(5_000))
        .unwrap();
    let task = client(&mock)
        .get_workflow_task_detail(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap();
    assert_eq!(task.detail.len(), 5_000);
    assert_eq!(task.detail[4_999].id, 4_999);
    assert_eq!(task.workflow_name, "test_api_webhook1");
    assert_ne!(task.detail[0].call_id, task.detail[1].call_id);
}

#[tokio::test]
async fn injected_5xx_and_429_are_retried_by_the_client() {
    let mock = MockServer::start().await;
    mock.inject("getTaskDetail", Fault::status(503).times(2))
        .unwrap();
    client(&mock).get_task_detail(&detail()).await.unwrap();
    assert_eq!(mock.count("getTaskDetail"), 3);
    mock.inject("getTaskDetail", Fault::too_many_requests(0).times(1))
        .unwrap();
    client(&mock).get_task_detail(&detail()).await.unwrap();
    assert_eq!(mock.count("getTaskDetail"), 5);
}

#[tokio::test]
async fn a_closed_connection_is_a_retryable_transport_error() {
    let mock = MockServer::start().await;
    mock.inject("getTaskDetail", Fault::close_connection())
        .unwrap();
    let client = Client::builder()
        .base_url(mock.url())
        .app_credentials(mock.app_key(), mock.app_secret())
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let error = client.get_task_detail(&detail()).await.unwrap_err();
    assert!(error.is_retryable() && !error.is_decode(), "{error}");
}

#[tokio::test]
async fn malformed_and_truncated_bodies_are_decode_errors() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    mock.inject("getTaskDetail", Fault::malformed_body().times(1))
        .unwrap();
    let error = client.get_task_detail(&detail()).await.unwrap_err();
    assert_eq!(error.json_path(), Some("data.TaskID"));
    mock.inject("getTaskDetail", Fault::truncated_body().times(1))
        .unwrap();
    let error = client.get_task_detail(&detail()).await.unwrap_err();
    assert!(
        error.is_decode() && error.to_string().contains("EOF"),
        "{error}"
    );
}

#[tokio::test]
async fn latency_beyond_the_client_timeout_is_a_timeout() {
    let mock = MockServer::start().await;
    mock.inject("getTaskDetail", Fault::latency(Duration::from_secs(30)))
        .unwrap();
    let client = Client::builder()
        .base_url(mock.url())
        .token("unused-the-timeout-comes-first")
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    assert!(
        client
            .get_task_detail(&detail())
            .await
            .unwrap_err()
            .is_timeout()
    );
}

#[tokio::test]
async fn unknown_paths_get_a_404_envelope() {
    let mock = MockServer::start().await;
    let (status, body) = raw_get(&mock, "/service/cloud/nothing", None).await;
    assert_eq!(status, 404);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("GET /service/cloud/nothing")
    );
}

#[tokio::test]
async fn a_known_path_with_an_undeclared_method_is_405_naming_the_declared_ones() {
    let mock = MockServer::start().await;
    let response = reqwest::Client::new()
        .delete(format!("{}/service/cloud/detail?TaskID=t", mock.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "GET");
    let unknown = reqwest::Client::new()
        .get(format!("{}/service/cloud/nowhere", mock.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 404);
}
