//! The generated request types carry each operation's wire contract, as the spec states it.

use airudder_models::{
    Endpoint, GetTaskDetailRequest, GetWorkflowTaskDetailRequest, GetWorkflowWabaTaskDetailRequest,
    Method, OPERATIONS, ObtainTokenRequest, ParamLocation,
};
use serde_json::{Value, json};

fn body_of(endpoint: &impl Endpoint) -> Value {
    let mut body = Vec::new();
    endpoint.write_body(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn obtain_token_posts_credentials_without_authorization_and_may_be_retried() {
    assert_eq!(ObtainTokenRequest::OPERATION_ID, "obtainToken");
    assert_eq!(ObtainTokenRequest::METHOD, Method::Post);
    assert_eq!(ObtainTokenRequest::PATH_TEMPLATE, "/service/cloud/auth");
    // Asking again only extends the token (AiRudder's page), so the spec marks it safe to retry.
    const { assert!(ObtainTokenRequest::TOKEN.is_none() && ObtainTokenRequest::IDEMPOTENT) };
    let request = ObtainTokenRequest::new("key", "secret");
    assert!(request.query().is_empty());
    assert_eq!(
        body_of(&request),
        json!({"APPKey": "key", "APPSecret": "secret"})
    );
}

#[test]
fn task_detail_is_a_get_with_the_task_id_in_the_query() {
    let request = GetTaskDetailRequest::new("82caed2e");
    assert_eq!(GetTaskDetailRequest::METHOD, Method::Get);
    assert_eq!(request.path(), "/service/cloud/detail");
    assert_eq!(request.query(), [("TaskID", "82caed2e".to_owned())]);
    const { assert!(!GetTaskDetailRequest::HAS_BODY) };
    const { assert!(GetTaskDetailRequest::IDEMPOTENT && GetTaskDetailRequest::TOKEN.is_some()) };
}

#[test]
fn workflow_task_detail_is_a_read_only_post_that_may_be_retried() {
    let request = GetWorkflowTaskDetailRequest::new("1def98dc");
    assert_eq!(GetWorkflowTaskDetailRequest::METHOD, Method::Post);
    assert_eq!(request.path(), "/service/cloud/workflow/taskdetail");
    const { assert!(GetWorkflowTaskDetailRequest::IDEMPOTENT) };
    assert!(request.query().is_empty());
    assert_eq!(body_of(&request), json!({"task_id": "1def98dc"}));
}

#[test]
fn waba_task_detail_sends_both_ids_in_the_query() {
    let request = GetWorkflowWabaTaskDetailRequest::new("wf 1", "t&2");
    assert_eq!(request.path(), "/service/cloud/workflow/wabataskdetail");
    assert_eq!(
        request.query(),
        [
            ("workflow_id", "wf 1".to_owned()),
            ("task_id", "t&2".to_owned())
        ]
    );
}

/// The operations of the pages this version was written from, with their wire contract as the
/// pages state it. An operation added to the spec joins the catalog without a change here.
const PINNED: &[(&str, Method, &str, bool, bool)] = &[
    // (operationId, method, path, retried, sent with a token)
    (
        "obtainToken",
        Method::Post,
        "/service/cloud/auth",
        true,
        false,
    ),
    (
        "getTaskDetail",
        Method::Get,
        "/service/cloud/detail",
        true,
        true,
    ),
    (
        "createWorkflowTask",
        Method::Post,
        "/service/cloud/workflow/createinstance",
        false,
        true,
    ),
    (
        "getWorkflowTaskDetail",
        Method::Post,
        "/service/cloud/workflow/taskdetail",
        true,
        true,
    ),
    (
        "getWorkflowWabaTaskDetail",
        Method::Get,
        "/service/cloud/workflow/wabataskdetail",
        true,
        true,
    ),
];

#[test]
fn the_documented_operations_keep_their_wire_contract() {
    for (id, method, path, idempotent, authenticated) in PINNED {
        let operation = OPERATIONS
            .iter()
            .find(|op| op.operation_id == *id)
            .unwrap_or_else(|| panic!("`{id}` is no longer in the catalog"));
        assert_eq!(
            (
                operation.method,
                operation.path,
                operation.idempotent,
                operation.token.is_some()
            ),
            (*method, *path, *idempotent, *authenticated),
            "{id}"
        );
    }
}

#[test]
fn every_operation_of_the_catalog_is_consistent_with_its_parameters() {
    for (index, operation) in OPERATIONS.iter().enumerate() {
        let id = operation.operation_id;
        assert!(
            OPERATIONS[..index].iter().all(|op| op.operation_id != id),
            "`{id}` is in the catalog twice"
        );
        for placeholder in operation
            .path
            .split('{')
            .skip(1)
            .filter_map(|p| p.split('}').next())
        {
            assert!(
                operation
                    .params
                    .iter()
                    .any(|p| p.name == placeholder && p.location == ParamLocation::Path),
                "{id}: `{{{placeholder}}}` has no path parameter"
            );
        }
        if operation.method == Method::Get {
            assert!(operation.idempotent, "{id}: a GET is always safe to retry");
            assert!(
                operation
                    .params
                    .iter()
                    .all(|p| p.location != ParamLocation::Body),
                "{id}: a GET has no body"
            );
        }
    }
}
