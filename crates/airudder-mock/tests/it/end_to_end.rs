//! The client against the mock: every operation of the spec, end to end over loopback.

use airudder_client::Client;
use airudder_client::models::{
    CreateWorkflowTaskRequest, GetTaskDetailRequest, GetWorkflowTaskDetailRequest,
    GetWorkflowWabaTaskDetailRequest, OPERATIONS, ObtainTokenRequest, TaskStatus,
};
use airudder_mock::{Fault, MockServer};
use serde_json::{Map, Value};

fn client(mock: &MockServer) -> Client {
    Client::builder()
        .base_url(mock.url())
        .app_credentials(mock.app_key(), mock.app_secret())
        .build()
        .unwrap()
}

#[tokio::test]
async fn every_typed_method_gets_the_spec_example() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    let token = client
        .obtain_token(&ObtainTokenRequest::new(mock.app_key(), mock.app_secret()))
        .await
        .unwrap();
    assert_eq!(token.token.expose().len(), 52);
    let task = client
        .get_task_detail(&GetTaskDetailRequest::new("82caed2e"))
        .await
        .unwrap();
    assert_eq!((task.status, task.detail.len()), (TaskStatus::Finished, 1));
    let workflow = client
        .get_workflow_task_detail(&GetWorkflowTaskDetailRequest::new("1def98dc"))
        .await
        .unwrap();
    assert_eq!(workflow.nodetask_name, "Voicebot Call1");
    let waba = client
        .get_workflow_waba_task_detail(&GetWorkflowWabaTaskDetailRequest::new("w", "t"))
        .await
        .unwrap();
    assert_eq!(waba.list[0].status, "wait");
}

/// Parameters for an operation: its request example, and each other field set to its example or a
/// value of its type.
fn params_for(operation: &airudder_client::models::OperationInfo, mock: &MockServer) -> Value {
    if let Some(scheme) = operation.issues_token {
        let mut credentials = Map::new();
        credentials.insert(scheme.key_member.to_owned(), mock.app_key().into());
        credentials.insert(scheme.secret_member.to_owned(), mock.app_secret().into());
        return Value::Object(credentials);
    }
    // The body example, and a value of its type for every other field.
    let mut params: Map<String, Value> = operation
        .request_example
        .and_then(|example| serde_json::from_str(example).ok())
        .unwrap_or_default();
    for param in operation.params {
        if params.contains_key(param.name) {
            continue;
        }
        let value = match param.json_type {
            _ if param.example.is_some() => {
                serde_json::from_str(param.example.unwrap_or_default()).unwrap()
            }
            "integer" => Value::from(1),
            "number" => Value::from(1.5),
            "boolean" => Value::Bool(true),
            "array" => Value::Array(Vec::new()),
            "object" => Value::Object(Map::new()),
            "any" => Value::Null,
            _ => Value::from(format!("{}-value", param.name)),
        };
        params.insert(param.name.to_owned(), value);
    }
    Value::Object(params)
}

#[tokio::test]
async fn every_operation_in_the_catalog_is_served_and_decodes() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    for operation in OPERATIONS {
        let params = serde_json::to_vec(&params_for(operation, &mock)).unwrap();
        let data = client
            .call_json(operation.operation_id, &params)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", operation.operation_id));
        match (operation.response_example, operation.undocumented_answer) {
            // A token call hands out a token of its own, not the example's.
            _ if operation.issues_token.is_some() => {}
            (Some(example), _) => {
                let example: Value = serde_json::from_str(example).unwrap();
                let payload = &example[operation.envelope.payload];
                assert_eq!(&data, payload, "{}", operation.operation_id);
            }
            // The page shows no answer: the mock answers a success envelope with a `null` payload.
            (None, Some(_)) => assert_eq!(data, Value::Null, "{}", operation.operation_id),
            (None, None) => panic!(
                "{}: a documented answer needs an example for the mock to serve",
                operation.operation_id
            ),
        }
        assert!(
            mock.count(operation.operation_id) >= 1,
            "{}",
            operation.operation_id
        );
    }
}

#[tokio::test]
async fn call_json_reports_bad_parameters_before_sending() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    let error = client
        .call_json("getTaskDetail", br#"{"TaskID": 5}"#)
        .await
        .unwrap_err();
    assert!(error.is_invalid_request(), "{error}");
    assert_eq!(error.json_path(), Some("TaskID"));
    let error = client
        .call_json("createEverything", b"{}")
        .await
        .unwrap_err();
    assert!(
        error.is_invalid_request() && error.to_string().contains("createEverything"),
        "{error}"
    );
    assert_eq!(mock.count("getTaskDetail"), 0);
}

#[tokio::test]
async fn creating_a_workflow_task_is_never_retried_and_its_undocumented_answer_is_raw_json() {
    let mock = MockServer::start().await;
    let client = client(&mock);
    let request = CreateWorkflowTaskRequest::new(12, "july", "2024-07-31 18:00:00+08:00")
        .with_auto_finish(2)
        .with_extra_member("details", serde_json::json!([{"callee": "+6281"}]));
    assert_eq!(
        client.create_workflow_task(&request).await.unwrap(),
        Value::Null
    );
    mock.inject("createWorkflowTask", Fault::status(503))
        .unwrap();
    let error = client.create_workflow_task(&request).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    // One call placed real calls, the failed one was not repeated.
    assert_eq!(mock.count("createWorkflowTask"), 2);
}
