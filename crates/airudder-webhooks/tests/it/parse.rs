//! Parsing without any HTTP stack: the spec's examples, every kind of bad body, the content-type
//! policy, and dispatch by webhook name.

use crate::support;

use airudder_models::{
    NodeType, TaskStatus, WEBHOOKS, WorkflowListCompletedNotification, WorkflowStatus,
    WorkflowStatusChangedNotification,
};
use airudder_webhooks::{
    BodyLimit, Notification, WebhookError, check_content_type, parse, parse_named,
};
use serde_json::json;
use support::{spec_example, to_bytes};

#[test]
fn notification_has_one_variant_per_webhook_of_the_spec_in_its_order() {
    let spec_names: Vec<&str> = WEBHOOKS.iter().map(|webhook| webhook.name).collect();
    assert_eq!(Notification::NAMES, spec_names.as_slice());
}

#[test]
fn every_spec_example_parses_by_name_into_its_webhook() {
    // A webhook whose page was cut may show no example.
    for webhook in WEBHOOKS.iter().filter(|webhook| webhook.example.is_some()) {
        let body = to_bytes(&spec_example(webhook.name));
        let notification = parse_named(webhook.name, &body, BodyLimit::DEFAULT)
            .unwrap_or_else(|error| panic!("{}: {error}", webhook.name));
        assert_eq!(notification.name(), webhook.name);
        // The typed value encodes back to the example: nothing was lost or invented.
        assert_eq!(
            serde_json::to_value(&notification).unwrap(),
            spec_example(webhook.name)
        );
    }
}

#[test]
fn the_status_changed_example_parses_into_typed_fields() {
    let body = to_bytes(&spec_example("workflowStatusChanged"));
    let notification: WorkflowStatusChangedNotification = parse(&body, BodyLimit::DEFAULT).unwrap();
    assert_eq!(notification.status, WorkflowStatus::Finished);
    assert_eq!(notification.actions.len(), 3);
    assert_eq!(notification.actions[1].node_type, NodeType::Call);
    assert_eq!(
        notification.actions[1].task_status,
        Some(TaskStatus::Finished)
    );
}

#[test]
fn the_list_completed_example_parses_into_typed_fields() {
    let body = to_bytes(&spec_example("workflowListCompleted"));
    let notification: WorkflowListCompletedNotification = parse(&body, BodyLimit::DEFAULT).unwrap();
    assert_eq!(notification.case_id, "test-caseid11");
    assert_eq!(notification.callee_number, "+62123456");
    assert_eq!(notification.rows[2].node_type, NodeType::Email);
    assert_eq!(notification.rows[2].task_id, None);
}

#[test]
fn a_wrong_type_deep_inside_is_a_wrong_shape_naming_its_json_path() {
    let mut body = spec_example("workflowStatusChanged");
    body["actions"][1]["node_type"] = json!(5);
    let error = parse::<WorkflowStatusChangedNotification>(&to_bytes(&body), BodyLimit::DEFAULT)
        .unwrap_err();
    assert!(
        matches!(
            error,
            WebhookError::WrongShape {
                webhook: "workflowStatusChanged",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.json_path(), Some("actions[1].node_type"));
    assert_eq!(error.status(), 400);
    let message = error.to_string();
    assert!(
        message.starts_with(
            "webhook body does not match the `workflowStatusChanged` payload at `actions[1].node_type`: invalid type: integer `5`"
        ),
        "{message}"
    );
}

#[test]
fn a_missing_field_is_a_wrong_shape_naming_the_object_that_lacks_it() {
    let mut body = spec_example("workflowListCompleted");
    body["rows"][2].as_object_mut().unwrap().remove("node_type");
    let error = parse::<WorkflowListCompletedNotification>(&to_bytes(&body), BodyLimit::DEFAULT)
        .unwrap_err();
    assert_eq!(error.json_path(), Some("rows[2]"));
    assert!(
        error.to_string().contains("missing field `node_type`"),
        "{error}"
    );
}

#[test]
fn a_body_that_is_not_json_is_not_json() {
    let complete = to_bytes(&spec_example("workflowStatusChanged"));
    let truncated = &complete[..complete.len() / 2];
    let mut trailing = complete.clone();
    trailing.extend_from_slice(b" x");
    for body in [&b"status=finished"[..], b"", truncated, &trailing] {
        let error =
            parse::<WorkflowStatusChangedNotification>(body, BodyLimit::DEFAULT).unwrap_err();
        assert!(matches!(error, WebhookError::NotJson { .. }), "{error:?}");
        assert_eq!(error.status(), 400);
        assert!(
            error
                .to_string()
                .starts_with("webhook body is not valid JSON: "),
            "{error}"
        );
    }
}

#[test]
fn json_that_is_not_an_object_is_a_wrong_shape_of_the_whole_body() {
    let error = parse::<WorkflowStatusChangedNotification>(b"42", BodyLimit::DEFAULT).unwrap_err();
    assert!(
        matches!(error, WebhookError::WrongShape { .. }),
        "{error:?}"
    );
    assert_eq!(error.json_path(), Some("."));
}

#[test]
fn a_body_over_the_limit_is_too_large_and_the_default_limit_is_one_mebibyte() {
    let body = to_bytes(&spec_example("workflowStatusChanged"));
    let limit = BodyLimit::bytes(body.len() - 1);
    let error = parse::<WorkflowStatusChangedNotification>(&body, limit).unwrap_err();
    assert!(matches!(error, WebhookError::TooLarge { .. }), "{error:?}");
    assert_eq!(error.status(), 413);
    assert_eq!(
        error.to_string(),
        format!(
            "webhook body is over the limit of {} bytes; raise the body limit if notifications this large are expected",
            body.len() - 1
        )
    );
    assert!(
        parse::<WorkflowStatusChangedNotification>(&body, BodyLimit::bytes(body.len())).is_ok()
    );
    assert_eq!(BodyLimit::default().get(), 1024 * 1024);
}

#[test]
fn unknown_fields_are_ignored_at_every_level() {
    let mut body = spec_example("workflowStatusChanged");
    body["sent_at"] = json!("2024-01-01T00:00:00Z");
    body["actions"][0]["retries"] = json!({"count": 2});
    let notification: WorkflowStatusChangedNotification =
        parse(&to_bytes(&body), BodyLimit::DEFAULT).unwrap();
    assert_eq!(notification.actions[0].nodetask_name, "SMS1_de09d6");
}

#[test]
fn json_content_types_with_parameters_or_none_at_all_are_accepted() {
    for content_type in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON;charset=UTF-8",
        " application/json ",
    ] {
        assert!(
            check_content_type(Some(content_type)).is_ok(),
            "{content_type}"
        );
    }
    assert!(check_content_type(None::<&str>).is_ok());
}

#[test]
fn other_content_types_are_unsupported() {
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/jsonp",
        "",
    ] {
        let error = check_content_type(Some(content_type)).unwrap_err();
        assert_eq!(error.status(), 415, "{content_type}");
        assert_eq!(
            error.to_string(),
            format!("webhook content type `{content_type}` is not JSON; send `application/json`")
        );
    }
}

#[test]
fn an_unknown_webhook_name_is_refused_listing_the_known_ones() {
    let error = parse_named("workflowPaused", b"{}", BodyLimit::DEFAULT).unwrap_err();
    assert_eq!(error.status(), 404);
    let known: Vec<String> = WEBHOOKS.iter().map(|w| format!("`{}`", w.name)).collect();
    assert_eq!(
        error.to_string(),
        format!(
            "unknown webhook `workflowPaused`; use one of {}",
            known.join(", ")
        )
    );
    assert!(error.to_string().contains("`workflowStatusChanged`"));
}

#[test]
fn a_bad_body_parsed_by_name_names_its_webhook_and_path() {
    let mut body = spec_example("workflowListCompleted");
    body["rows"][0]["task_id"] = json!(false);
    let error = parse_named(
        "workflowListCompleted",
        &to_bytes(&body),
        BodyLimit::DEFAULT,
    )
    .unwrap_err();
    assert_eq!(error.json_path(), Some("rows[0].task_id"));
    assert!(
        error.to_string().contains("`workflowListCompleted`"),
        "{error}"
    );
}
