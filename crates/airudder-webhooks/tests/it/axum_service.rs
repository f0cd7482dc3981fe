//! `WebhookService` over real HTTP on 127.0.0.1:0, delivering the way AiRudder does: what is
//! answered, when the handler runs, and what is logged.

#![cfg(feature = "axum")]

use crate::support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use airudder_models::{
    Webhook, WorkflowListCompletedNotification, WorkflowStatusChangedNotification,
};
use airudder_webhooks::axum::WebhookService;
use airudder_webhooks::{BodyLimit, Deduplicator};
use axum::Router;
use serde_json::json;
use support::http::{Answer, Logs, deliver, deliver_as, deliver_with_headers, serve};
use support::{spec_example, to_bytes};
use tokio::sync::{Notify, Semaphore};

const PATH: &str = "/airudder/webhook";

/// Every payload a handler was called with.
struct Calls<W>(Arc<Mutex<Vec<W>>>);

impl<W> Clone for Calls<W> {
    fn clone(&self) -> Self {
        Calls(Arc::clone(&self.0))
    }
}

impl<W: Clone> Calls<W> {
    fn new() -> Self {
        Calls(Arc::new(Mutex::new(Vec::new())))
    }

    fn record(&self, payload: W) -> usize {
        let mut calls = self.0.lock().unwrap();
        calls.push(payload);
        calls.len()
    }

    fn all(&self) -> Vec<W> {
        self.0.lock().unwrap().clone()
    }
}

/// A service at [`PATH`] whose handler records every payload and succeeds.
fn recording<W: Webhook + Clone + Send + 'static>(
    calls: &Calls<W>,
) -> WebhookService<W, impl Fn(W) -> std::future::Ready<Result<(), String>> + Send + Sync + 'static>
{
    let calls = calls.clone();
    WebhookService::new(move |payload: W| {
        calls.record(payload);
        std::future::ready(Ok(()))
    })
}

fn status_changed_example() -> (Vec<u8>, WorkflowStatusChangedNotification) {
    let body = to_bytes(&spec_example("workflowStatusChanged"));
    let payload = WorkflowStatusChangedNotification::parse(&body).unwrap();
    (body, payload)
}

fn assert_acknowledged(answer: &Answer) {
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body, "{}");
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
}

#[tokio::test]
async fn spec_examples_of_both_webhooks_are_handled_and_acknowledged_with_an_empty_object() {
    let list_calls = Calls::<WorkflowListCompletedNotification>::new();
    let status_calls = Calls::<WorkflowStatusChangedNotification>::new();
    let url = serve(
        Router::new()
            .merge(recording(&list_calls).into_router("/list-completed"))
            .merge(recording(&status_calls).into_router("/status-changed")),
    )
    .await;

    let list_body = to_bytes(&spec_example("workflowListCompleted"));
    assert_acknowledged(&deliver(&format!("{url}/list-completed"), list_body.clone()).await);
    let (status_body, status_payload) = status_changed_example();
    assert_acknowledged(&deliver(&format!("{url}/status-changed"), status_body).await);

    assert_eq!(
        list_calls.all(),
        [WorkflowListCompletedNotification::parse(&list_body).unwrap()]
    );
    assert_eq!(status_calls.all(), [status_payload]);
}

#[tokio::test]
async fn a_wrong_type_deep_inside_is_refused_with_400_naming_its_path_without_calling_the_handler()
{
    let calls = Calls::<WorkflowStatusChangedNotification>::new();
    let url = serve(recording(&calls).into_router(PATH)).await + PATH;
    let mut body = spec_example("workflowStatusChanged");
    body["actions"][1]["node_type"] = json!(5);

    let answer = deliver(&url, to_bytes(&body)).await;

    assert_eq!(answer.status, 400);
    assert_eq!(answer.content_type.as_deref(), Some("application/json"));
    let error = answer.error();
    assert!(
        error.starts_with(
            "webhook body does not match the `workflowStatusChanged` payload at `actions[1].node_type`: "
        ),
        "{error}"
    );
    assert!(calls.all().is_empty());
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused_with_400_without_calling_the_handler() {
    let calls = Calls::<WorkflowStatusChangedNotification>::new();
    let url = serve(recording(&calls).into_router(PATH)).await + PATH;

    let answer = deliver(&url, "workflow_id=w&status=finished").await;

    assert_eq!(answer.status, 400);
    assert!(
        answer
            .error()
            .starts_with("webhook body is not valid JSON: "),
        "{answer:?}"
    );
    assert!(calls.all().is_empty());
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413_without_calling_the_handler() {
    let calls = Calls::<WorkflowStatusChangedNotification>::new();
    let service = recording(&calls).body_limit(BodyLimit::bytes(1024));
    let url = serve(service.into_router(PATH)).await + PATH;
    let mut body = spec_example("workflowStatusChanged");
    body["padding"] = json!("x".repeat(2048));

    let answer = deliver(&url, to_bytes(&body)).await;

    assert_eq!(answer.status, 413);
    assert_eq!(
        answer.error(),
        "webhook body is over the limit of 1024 bytes; raise the body limit if notifications this large are expected"
    );
    assert!(calls.all().is_empty());
}

#[tokio::test]
async fn a_non_json_content_type_is_refused_with_415_and_a_missing_one_is_accepted() {
    let calls = Calls::<WorkflowStatusChangedNotification>::new();
    let url = serve(recording(&calls).into_router(PATH)).await + PATH;
    let (body, payload) = status_changed_example();

    let refused = deliver_as(&url, Some("text/plain"), body.clone()).await;
    assert_eq!(refused.status, 415);
    assert_eq!(
        refused.error(),
        "webhook content type `text/plain` is not JSON; send `application/json`"
    );
    assert!(calls.all().is_empty());

    assert_acknowledged(&deliver_as(&url, None, body.clone()).await);
    assert_acknowledged(&deliver_as(&url, Some("application/json; charset=utf-8"), body).await);
    assert_eq!(calls.all(), [payload.clone(), payload]);
}

#[tokio::test]
async fn members_the_spec_does_not_know_are_accepted_and_kept_for_the_handler() {
    let calls = Calls::<WorkflowStatusChangedNotification>::new();
    let url = serve(recording(&calls).into_router(PATH)).await + PATH;
    let (_, known) = status_changed_example();
    let mut body = spec_example("workflowStatusChanged");
    body["tenant"] = json!({"id": 7});
    body["actions"][2]["duration_seconds"] = json!(31.5);

    assert_acknowledged(&deliver(&url, to_bytes(&body)).await);

    let received = calls.all();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].workflow_id, known.workflow_id);
    assert_eq!(received[0].extra["tenant"], json!({"id": 7}));
    assert_eq!(
        received[0].actions[2].extra["duration_seconds"],
        json!(31.5)
    );
    // Nothing is lost: the handler can pass the notification on as it came.
    assert_eq!(serde_json::to_value(&received[0]).unwrap(), body);
}

#[tokio::test]
async fn a_failing_handler_answers_500_so_the_notification_is_retried_until_it_succeeds() {
    let calls = Calls::<WorkflowStatusChangedNotification>::new();
    let handler_calls = calls.clone();
    let service = WebhookService::new(move |payload: WorkflowStatusChangedNotification| {
        let attempt = handler_calls.record(payload);
        async move {
            if attempt <= 2 {
                Err(format!("database unavailable (attempt {attempt})"))
            } else {
                Ok(())
            }
        }
    })
    .deduplicate(Deduplicator::default());
    let url = serve(service.into_router(PATH)).await + PATH;
    let (body, payload) = status_changed_example();

    let mut statuses = Vec::new();
    for _ in 0..3 {
        let answer = deliver(&url, body.clone()).await;
        if answer.status == 500 {
            assert_eq!(
                answer.error(),
                "webhook `workflowStatusChanged` was not accepted: its handler failed; deliver it again later"
            );
        }
        statuses.push(answer.status);
    }
    assert_eq!(statuses, [500, 500, 200]);
    assert_eq!(calls.all(), [payload.clone(), payload.clone(), payload]);

    // Accepted at last, so a fourth delivery is a duplicate.
    assert_acknowledged(&deliver(&url, body).await);
    assert_eq!(calls.all().len(), 3);
}

#[tokio::test]
async fn a_redelivered_notification_is_acknowledged_without_handling_when_deduplicating() {
    let calls = Calls::<WorkflowStatusChangedNotification>::new();
    let service = recording(&calls).deduplicate(Deduplicator::default());
    let url = serve(service.into_router(PATH)).await + PATH;
    let (body, payload) = status_changed_example();
    // The same notification: keys in another order, other whitespace, `\u` escapes.
    let redelivery = r#"{
        "actions": [
            {"node_type": "sms", "nodetask_name": "SMS1_de09d6", "nodetask_id": "dc9d08ce1f0******b2829274acf"},
            {"task_status": "finished", "task_id": "d5f570c5ca5c******030f8f0bd6", "node_type": "call",
             "nodetask_name": "Voicebot Call2_c3d53d", "nodetask_id": "6df98bf0878******dd48b18f932f1"},
            {"task_status": "finished", "task_id": "e5173ab553e******93b28edd5ee", "node_type": "call",
             "nodetask_name": "Voicebot Call1_a9c2ad", "nodetask_id": "a1aafaafb******32d7e0b8af"}
        ],
        "status": "fin\u0069shed",
        "workflow_name": "052******shed2",
        "workflow_id": "ea1cb50d19******b3c257bb6a0935b5"
    }"#;
    assert_eq!(
        WorkflowStatusChangedNotification::parse(redelivery.as_bytes()).unwrap(),
        payload,
        "the redelivery is the spec's example"
    );

    assert_acknowledged(&deliver(&url, body).await);
    assert_acknowledged(&deliver(&url, redelivery).await);

    assert_eq!(calls.all(), [payload]);
}

#[tokio::test]
async fn a_redelivered_notification_is_handled_again_without_deduplication() {
    let calls = Calls::<WorkflowStatusChangedNotification>::new();
    let url = serve(recording(&calls).into_router(PATH)).await + PATH;
    let (body, payload) = status_changed_example();

    assert_acknowledged(&deliver(&url, body.clone()).await);
    assert_acknowledged(&deliver(&url, body).await);

    assert_eq!(calls.all(), [payload.clone(), payload]);
}

/// A handler that records its payload, says it started, and waits to be let go.
struct Gate {
    calls: Calls<WorkflowStatusChangedNotification>,
    started: Notify,
    release: Semaphore,
}

#[tokio::test]
async fn concurrent_deliveries_of_one_notification_run_the_handler_once() {
    let (logs, _guard) = Logs::capture();
    let gate = Arc::new(Gate {
        calls: Calls::new(),
        started: Notify::new(),
        release: Semaphore::new(0),
    });
    let handler_gate = Arc::clone(&gate);
    let service = WebhookService::new(move |payload: WorkflowStatusChangedNotification| {
        let gate = Arc::clone(&handler_gate);
        async move {
            gate.calls.record(payload);
            gate.started.notify_one();
            gate.release.acquire().await.unwrap().forget();
            Ok::<(), String>(())
        }
    })
    .deduplicate(Deduplicator::default());
    let url = serve(service.into_router(PATH)).await + PATH;
    let (body, payload) = status_changed_example();

    let first = tokio::spawn(deliver_owned(url.clone(), body.clone()));
    gate.started.notified().await;
    let second = tokio::spawn(deliver_owned(url, body));
    // The second delivery found the first in flight; the timeout only turns a bug into a failure
    // instead of a hang.
    tokio::time::timeout(
        Duration::from_secs(30),
        logs.wait_for("being handled by another delivery; waiting for it"),
    )
    .await
    .expect("the second delivery waits for the first");
    // Enough permits for two handler runs, so a bug shows as two calls rather than a hang.
    gate.release.add_permits(2);

    assert_acknowledged(&first.await.unwrap());
    assert_acknowledged(&second.await.unwrap());
    assert_eq!(gate.calls.all(), [payload]);
}

async fn deliver_owned(url: String, body: Vec<u8>) -> Answer {
    deliver(&url, body).await
}

#[tokio::test]
async fn deliveries_are_logged_with_webhook_and_outcome_but_never_the_body() {
    let (logs, _guard) = Logs::capture();
    let attempts = Arc::new(Mutex::new(0));
    let service = WebhookService::new(move |_: WorkflowListCompletedNotification| {
        let attempt = {
            let mut attempts = attempts.lock().unwrap();
            *attempts += 1;
            *attempts
        };
        async move {
            if attempt == 1 {
                Err("queue full")
            } else {
                Ok(())
            }
        }
    })
    .deduplicate(Deduplicator::default());
    let url = serve(service.into_router(PATH)).await + PATH;
    let mut body = spec_example("workflowListCompleted");
    body["callee_number"] = json!("+62999000111");
    let mut bad = body.clone();
    bad["case_id"] = json!(["SECRET-CASE"]);

    assert_eq!(deliver(&url, to_bytes(&bad)).await.status, 400);
    assert_eq!(deliver(&url, to_bytes(&body)).await.status, 500);
    assert_eq!(deliver(&url, to_bytes(&body)).await.status, 200);
    assert_eq!(deliver(&url, to_bytes(&body)).await.status, 200);

    let output = logs.text();
    for expected in [
        "airudder_webhook{webhook=\"workflowListCompleted\"}: airudder_webhooks::axum: webhook refused outcome=\"refused\" reason=\"wrong_shape\" status=400 json_path=\"case_id\"",
        "outcome=\"failed\" error=queue full",
        "outcome=\"handled\"",
        "outcome=\"duplicate\"",
    ] {
        assert!(
            output.contains(expected),
            "missing {expected:?} in:\n{output}"
        );
    }
    for secret in [
        "+62999000111",
        "SECRET-CASE",
        "test-caseid11",
        "Voicebot Call1",
    ] {
        assert!(!output.contains(secret), "{secret} was logged:\n{output}");
    }
}

/// A webhook whose page declares a required and an optional header.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, Webhook)]
#[webhook(
    name = "signedPing",
    header = "X-Signature",
    optional_header = "X-Attempt"
)]
struct SignedPing {
    id: String,
}

#[tokio::test]
async fn a_delivery_without_a_required_header_is_refused_with_400_naming_it_before_the_handler() {
    let calls = Calls::new();
    let url = serve(recording::<SignedPing>(&calls).into_router(PATH)).await + PATH;
    let answer = deliver_with_headers(&url, &[("X-Attempt", "2")], r#"{"id": "p1"}"#).await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.error(),
        "webhook `signedPing` delivery refused: the header `X-Signature` is missing; its page requires it"
    );
    assert!(calls.all().is_empty());
}

#[tokio::test]
async fn the_handler_gets_the_declared_headers_of_the_delivery() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let service = WebhookService::with_headers(
        move |ping: SignedPing, headers: airudder_webhooks::DeliveryHeaders| {
            record.lock().unwrap().push((
                ping.id,
                headers.get("x-signature").map(str::to_owned),
                headers.get("X-Attempt").map(str::to_owned),
            ));
            std::future::ready(Ok::<(), String>(()))
        },
    );
    let url = serve(service.into_router(PATH)).await + PATH;
    let answer = deliver_with_headers(
        &url,
        &[("x-signature", "sig-1"), ("X-Other", "x")],
        r#"{"id": "p1"}"#,
    )
    .await;
    assert_acknowledged(&answer);
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        [("p1".to_owned(), Some("sig-1".to_owned()), None)]
    );
}
