//! A value of the wrong type fails with an error naming its JSON path, whatever the depth.

use airudder_models::{
    Endpoint, GetTaskDetailRequest, TaskStatus, Webhook, WorkflowStatusChangedNotification,
};
use airudder_tests::spec_examples::{ExampleOf, load_spec, spec_examples};
use serde_json::{Value, json};

fn example(of: ExampleOf) -> Value {
    let spec = load_spec();
    spec_examples(&spec)
        .into_iter()
        .find(|e| e.of == of)
        .expect("the spec has the example")
        .value
}

#[test]
fn wrong_type_deep_in_a_response_names_its_json_path() {
    let mut answer = example(ExampleOf::Response("getTaskDetail".into()));
    answer["data"]["detail"][0]["RingTime"] = json!("three");
    let error =
        GetTaskDetailRequest::decode_response(&serde_json::to_vec(&answer).unwrap()).unwrap_err();
    assert_eq!(error.path(), "data.detail[0].RingTime");
    assert!(
        error.to_string().contains("data.detail[0].RingTime"),
        "{error}"
    );
}

#[test]
fn missing_required_field_names_its_parent_path() {
    let mut answer = example(ExampleOf::Response("getTaskDetail".into()));
    answer["data"]["detail"][0]["RedailCall"][0]
        .as_object_mut()
        .unwrap()
        .remove("CallID");
    let error =
        GetTaskDetailRequest::decode_response(&serde_json::to_vec(&answer).unwrap()).unwrap_err();
    assert_eq!(error.path(), "data.detail[0].RedailCall[0]");
    assert!(
        error.to_string().contains("missing field `CallID`"),
        "{error}"
    );
}

#[test]
fn wrong_type_in_a_webhook_names_its_json_path() {
    let mut body = example(ExampleOf::Webhook("workflowStatusChanged".into()));
    body["actions"][1]["node_type"] = json!(3);
    let error =
        WorkflowStatusChangedNotification::parse(&serde_json::to_vec(&body).unwrap()).unwrap_err();
    assert_eq!(error.path(), "actions[1].node_type");
}

#[test]
fn truncated_body_is_an_eof_error() {
    let answer = serde_json::to_vec(&example(ExampleOf::Response("getTaskDetail".into()))).unwrap();
    let error = GetTaskDetailRequest::decode_response(&answer[..answer.len() / 2]).unwrap_err();
    assert!(error.is_eof(), "{error}");
}

#[test]
fn unknown_enum_value_is_kept_and_encodes_back_unchanged() {
    let status: TaskStatus = serde_json::from_str("\"archived\"").unwrap();
    assert_eq!(status, TaskStatus::Other("archived".into()));
    assert_eq!(serde_json::to_string(&status).unwrap(), "\"archived\"");
}

#[test]
fn both_spellings_of_cancelled_decode_to_the_documented_variant() {
    let task: TaskStatus = serde_json::from_str("\"cancelled\"").unwrap();
    assert_eq!(task, TaskStatus::Canceled);
    let workflow: airudder_models::WorkflowStatus = serde_json::from_str("\"canceled\"").unwrap();
    assert_eq!(workflow, airudder_models::WorkflowStatus::Cancelled);
}

#[test]
fn the_misspelled_workflow_id_of_the_docs_also_decodes() {
    let mut answer = example(ExampleOf::Response("getWorkflowTaskDetail".into()));
    let id = answer["data"]
        .as_object_mut()
        .unwrap()
        .remove("workflow_id")
        .unwrap();
    answer["data"]["wokflow_id"] = id.clone();
    let decoded = airudder_models::GetWorkflowTaskDetailRequest::decode_response(
        &serde_json::to_vec(&answer).unwrap(),
    )
    .unwrap();
    assert_eq!(decoded.payload.unwrap().workflow_id, id.as_str().unwrap());
}

#[test]
fn money_amounts_keep_their_fractions() {
    let mut answer = example(ExampleOf::Response("getWorkflowTaskDetail".into()));
    answer["data"]["detail"][0]["BorrowedAmount"] = json!(20000.75);
    let decoded = airudder_models::GetWorkflowTaskDetailRequest::decode_response(
        &serde_json::to_vec(&answer).unwrap(),
    )
    .unwrap();
    let row = &decoded.payload.unwrap().detail[0];
    assert_eq!(row.borrowed_amount.as_f64(), Some(20000.75));
}

#[test]
fn ids_beyond_32_bits_decode() {
    let mut answer = example(ExampleOf::Response("getTaskDetail".into()));
    answer["data"]["detail"][0]["id"] = json!(9_007_199_254_740_993_i64);
    let decoded =
        GetTaskDetailRequest::decode_response(&serde_json::to_vec(&answer).unwrap()).unwrap();
    assert_eq!(decoded.payload.unwrap().detail[0].id, 9_007_199_254_740_993);
}

#[test]
fn secrets_do_not_appear_in_debug_output() {
    let request = airudder_models::ObtainTokenRequest::new(
        "YK/9/KasbUt0hAod6W5HEg",
        "l5uzAdirgEduBNQXOfec7w",
    );
    assert!(!format!("{request:?}").contains("l5uzAdirgEduBNQXOfec7w"));
    let mut body = Vec::new();
    request.write_body(&mut body).unwrap();
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        body,
        json!({"APPKey": "YK/9/KasbUt0hAod6W5HEg", "APPSecret": "l5uzAdirgEduBNQXOfec7w"})
    );
    let token: airudder_models::AuthToken =
        serde_json::from_str(r#"{"token": "3Ksb9EkF"}"#).unwrap();
    assert!(!format!("{token:?}").contains("3Ksb9EkF"));
}
