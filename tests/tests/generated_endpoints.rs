//! The generated request types carry each operation's wire contract, as the spec states it.

use airudder_models::{
    Endpoint, GetTaskDetailRequest, GetWorkflowTaskDetailRequest, GetWorkflowWabaTaskDetailRequest,
    Method, OPERATIONS, ObtainTokenRequest,
};
use serde_json::{Value, json};

fn body_of(endpoint: &impl Endpoint) -> Value {
    let mut body = Vec::new();
    endpoint.write_body(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn obtain_token_posts_credentials_without_authorization() {
    assert_eq!(ObtainTokenRequest::OPERATION_ID, "obtainToken");
    assert_eq!(ObtainTokenRequest::METHOD, Method::Post);
    assert_eq!(ObtainTokenRequest::PATH_TEMPLATE, "/service/cloud/auth");
    const { assert!(!ObtainTokenRequest::AUTHENTICATED && !ObtainTokenRequest::IDEMPOTENT) };
    let request = ObtainTokenRequest {
        app_key: "key".into(),
        app_secret: "secret".into(),
    };
    assert!(request.query().is_empty());
    assert_eq!(
        body_of(&request),
        json!({"APPKey": "key", "APPSecret": "secret"})
    );
}

#[test]
fn task_detail_is_a_get_with_the_task_id_in_the_query() {
    let request = GetTaskDetailRequest {
        task_id: "82caed2e".into(),
    };
    assert_eq!(GetTaskDetailRequest::METHOD, Method::Get);
    assert_eq!(request.path(), "/service/cloud/detail");
    assert_eq!(request.query(), [("TaskID", "82caed2e".to_owned())]);
    const { assert!(!GetTaskDetailRequest::HAS_BODY) };
    const { assert!(GetTaskDetailRequest::IDEMPOTENT && GetTaskDetailRequest::AUTHENTICATED) };
}

#[test]
fn workflow_task_detail_is_a_read_only_post_that_may_be_retried() {
    let request = GetWorkflowTaskDetailRequest {
        task_id: "1def98dc".into(),
    };
    assert_eq!(GetWorkflowTaskDetailRequest::METHOD, Method::Post);
    assert_eq!(request.path(), "/service/cloud/workflow/taskdetail");
    const { assert!(GetWorkflowTaskDetailRequest::IDEMPOTENT) };
    assert!(request.query().is_empty());
    assert_eq!(body_of(&request), json!({"task_id": "1def98dc"}));
}

#[test]
fn waba_task_detail_sends_both_ids_in_the_query() {
    let request = GetWorkflowWabaTaskDetailRequest {
        workflow_id: "wf 1".into(),
        task_id: "t&2".into(),
    };
    assert_eq!(request.path(), "/service/cloud/workflow/wabataskdetail");
    assert_eq!(
        request.query(),
        [
            ("workflow_id", "wf 1".to_owned()),
            ("task_id", "t&2".to_owned())
        ]
    );
}

#[test]
fn the_catalog_lists_every_operation_with_the_request_types_metadata() {
    let ids: Vec<&str> = OPERATIONS.iter().map(|op| op.operation_id).collect();
    assert_eq!(
        ids,
        [
            "obtainToken",
            "getTaskDetail",
            "getWorkflowTaskDetail",
            "getWorkflowWabaTaskDetail"
        ]
    );
    let workflow = OPERATIONS
        .iter()
        .find(|op| op.operation_id == "getWorkflowTaskDetail")
        .unwrap();
    assert_eq!(
        (workflow.method, workflow.path, workflow.idempotent),
        (Method::Post, "/service/cloud/workflow/taskdetail", true)
    );
}
