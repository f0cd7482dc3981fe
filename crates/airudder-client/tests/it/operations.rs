//! Each operation goes on the wire as the spec says: method, path, query, JSON body and headers.

use crate::support;

use airudder_client::Client;
use airudder_client::models::{
    GetTaskDetailRequest, GetWorkflowTaskDetailRequest, GetWorkflowWabaTaskDetailRequest,
    ObtainTokenRequest, TaskStatus,
};
use axum::http::Method;
use serde_json::json;
use support::{Reply, TestServer, example_data};

fn answer(request: &support::Recorded) -> Reply {
    match request.path.as_str() {
        "/service/cloud/detail" => Reply::data(example_data("getTaskDetail")),
        "/service/cloud/workflow/taskdetail" => Reply::data(example_data("getWorkflowTaskDetail")),
        "/service/cloud/workflow/wabataskdetail" => {
            Reply::data(example_data("getWorkflowWabaTaskDetail"))
        }
        other => Reply::raw(404, format!("no route {other}")),
    }
}

async fn client_for(server: &TestServer) -> Client {
    Client::builder()
        .base_url(&server.url)
        .app_credentials("app-key", "app-secret")
        .build()
        .unwrap()
}

#[tokio::test]
async fn obtain_token_posts_the_credentials_without_authorization() {
    let server = TestServer::with_tokens(|r, _| answer(r)).await;
    let client = client_for(&server).await;
    let token = client
        .obtain_token(&ObtainTokenRequest::new("YK/9", "l5uz"))
        .await
        .unwrap();
    assert_eq!(token.token.expose(), "tok-1");
    let request = &server.requests()[0];
    assert_eq!(
        (&request.method, request.path.as_str()),
        (&Method::POST, "/service/cloud/auth")
    );
    assert_eq!(
        request.json(),
        json!({"APPKey": "YK/9", "APPSecret": "l5uz"})
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("authorization"), None);
}

#[tokio::test]
async fn get_task_detail_sends_task_id_in_the_query_with_the_token() {
    let server = TestServer::with_tokens(|r, _| answer(r)).await;
    let client = client_for(&server).await;
    let task = client
        .get_task_detail(&GetTaskDetailRequest::new("82caed2e cc/50"))
        .await
        .unwrap();
    assert_eq!(task.status, TaskStatus::Finished);
    assert_eq!(task.detail[0].redial_calls.len(), 1);
    let requests = server.requests();
    let request = requests
        .iter()
        .find(|r| r.path == "/service/cloud/detail")
        .unwrap();
    assert_eq!(request.method, Method::GET);
    assert_eq!(request.query.as_deref(), Some("TaskID=82caed2e+cc%2F50"));
    assert_eq!(request.header("authorization"), Some("Token tok-1"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert!(
        request
            .header("user-agent")
            .unwrap()
            .starts_with("airudder-rs/")
    );
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn get_workflow_task_detail_posts_the_task_id_as_json() {
    let server = TestServer::with_tokens(|r, _| answer(r)).await;
    let client = client_for(&server).await;
    let task = client
        .get_workflow_task_detail(&GetWorkflowTaskDetailRequest::new("1def98dc"))
        .await
        .unwrap();
    assert_eq!(task.workflow_name, "test_api_webhook1");
    let requests = server.requests();
    let request = requests
        .iter()
        .find(|r| r.path == "/service/cloud/workflow/taskdetail")
        .unwrap();
    assert_eq!(request.method, Method::POST);
    assert_eq!(request.query, None);
    assert_eq!(request.json(), json!({"task_id": "1def98dc"}));
    assert_eq!(request.header("authorization"), Some("Token tok-1"));
}

#[tokio::test]
async fn get_workflow_waba_task_detail_sends_both_ids_in_the_query() {
    let server = TestServer::with_tokens(|r, _| answer(r)).await;
    let client = client_for(&server).await;
    let detail = client
        .get_workflow_waba_task_detail(&GetWorkflowWabaTaskDetailRequest::new("wf1", "t1"))
        .await
        .unwrap();
    assert_eq!(detail.total, 100);
    let requests = server.requests();
    let request = requests
        .iter()
        .find(|r| r.path == "/service/cloud/workflow/wabataskdetail")
        .unwrap();
    assert_eq!(request.method, Method::GET);
    assert_eq!(request.query.as_deref(), Some("workflow_id=wf1&task_id=t1"));
}

#[tokio::test]
async fn user_agent_and_base_url_with_a_trailing_slash_are_honoured() {
    let server = TestServer::with_tokens(|r, _| answer(r)).await;
    let client = Client::builder()
        .base_url(format!("{}/", server.url))
        .token("fixed")
        .user_agent("integrator/1.0")
        .build()
        .unwrap();
    client
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.path, "/service/cloud/detail");
    assert_eq!(request.header("user-agent"), Some("integrator/1.0"));
    assert_eq!(request.header("authorization"), Some("Token fixed"));
}
