//! The mock delivers webhooks as AiRudder does, to a receiver built with airudder-webhooks:
//! retried until accepted, at most five tries, duplicates dropped by the receiver when asked.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use airudder_mock::{DeliveryPolicy, MockServer};
use airudder_models::{WorkflowStatus, WorkflowStatusChangedNotification};
use airudder_webhooks::Deduplicator;
use airudder_webhooks::axum::WebhookService;
use serde_json::json;

const PATH: &str = "/airudder/status";

async fn mock() -> MockServer {
    let policy = DeliveryPolicy {
        interval: Duration::from_millis(5),
        ..DeliveryPolicy::airudder()
    };
    MockServer::builder()
        .delivery_policy(policy)
        .start()
        .await
        .unwrap()
}

/// Serves `router` on 127.0.0.1:0 and returns the webhook URL.
async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}{PATH}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

#[tokio::test]
async fn a_handler_that_fails_twice_gets_the_notification_on_the_third_try() {
    let calls = Arc::new(AtomicUsize::new(0));
    let received = Arc::new(Mutex::new(Vec::new()));
    let (handler_calls, handler_received) = (Arc::clone(&calls), Arc::clone(&received));
    let service = WebhookService::new(move |notification: WorkflowStatusChangedNotification| {
        let (calls, received) = (Arc::clone(&handler_calls), Arc::clone(&handler_received));
        async move {
            received.lock().unwrap().push(notification);
            match calls.fetch_add(1, Ordering::SeqCst) {
                0 | 1 => Err("database unavailable"),
                _ => Ok(()),
            }
        }
    });
    let url = serve(service.into_router(PATH)).await;
    let mock = mock().await;
    let delivery = mock
        .deliver_webhook("workflowStatusChanged", &url, None)
        .await
        .unwrap();
    assert!(delivery.delivered);
    let statuses: Vec<Option<u16>> = delivery.attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(500), Some(500), Some(200)]);
    let received = received.lock().unwrap();
    assert_eq!(received.len(), 3);
    assert!(
        received
            .iter()
            .all(|n| n.status == WorkflowStatus::Finished && n.actions.len() == 3)
    );
    assert_eq!(mock.deliveries().len(), 1);
}

#[tokio::test]
async fn a_receiver_that_never_accepts_gets_five_tries_then_the_delivery_is_given_up() {
    let service = WebhookService::new(|_: WorkflowStatusChangedNotification| async {
        Err::<(), _>("always down")
    });
    let url = serve(service.into_router(PATH)).await;
    let delivery = mock()
        .await
        .deliver_webhook("workflowStatusChanged", &url, None)
        .await
        .unwrap();
    assert!(!delivery.delivered);
    assert_eq!(delivery.attempts.len(), 5);
}

#[tokio::test]
async fn a_repeated_delivery_is_handled_once_when_the_receiver_deduplicates() {
    let calls = Arc::new(AtomicUsize::new(0));
    let handler_calls = Arc::clone(&calls);
    let service = WebhookService::new(move |_: WorkflowStatusChangedNotification| {
        let calls = Arc::clone(&handler_calls);
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok::<(), String>(())
        }
    })
    .deduplicate(Deduplicator::default());
    let url = serve(service.into_router(PATH)).await;
    let mock = mock().await;
    for _ in 0..2 {
        let delivery = mock
            .deliver_webhook("workflowStatusChanged", &url, None)
            .await
            .unwrap();
        assert!(delivery.delivered);
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "the second delivery is acknowledged without handling it again"
    );
}

#[tokio::test]
async fn an_invalid_payload_is_refused_with_400_and_retried_like_any_failure() {
    let service =
        WebhookService::new(|_: WorkflowStatusChangedNotification| async { Ok::<(), String>(()) });
    let url = serve(service.into_router(PATH)).await;
    let bad = json!({"workflow_id": "w", "workflow_name": "n", "status": "finished", "actions": [{"nodetask_id": 1}]});
    let delivery = mock()
        .await
        .deliver_webhook("workflowStatusChanged", &url, Some(&bad))
        .await
        .unwrap();
    assert_eq!(delivery.attempts[0].status, Some(400));
    assert!(!delivery.delivered);
}

#[tokio::test]
async fn nothing_listening_is_recorded_as_errors() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}{PATH}", listener.local_addr().unwrap());
    drop(listener);
    let delivery = mock()
        .await
        .deliver_webhook("workflowListCompleted", &url, None)
        .await
        .unwrap();
    assert_eq!(delivery.attempts.len(), 5);
    assert!(
        delivery
            .attempts
            .iter()
            .all(|a| a.status.is_none() && a.error.is_some())
    );
}

#[tokio::test]
async fn an_unknown_webhook_name_is_an_error_listing_the_known_ones() {
    let error = mock()
        .await
        .deliver_webhook("taskExploded", "http://127.0.0.1:9/", None)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("workflowStatusChanged"),
        "{error}"
    );
}

#[tokio::test]
async fn a_partly_documented_webhook_is_received_with_the_members_its_page_does_not_show() {
    let received = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&received);
    let service = WebhookService::new(
        move |notification: airudder_models::CustomApiNodePushedNotification| {
            record.lock().unwrap().push(notification);
            std::future::ready(Ok::<(), String>(()))
        },
    );
    let url = serve(service.into_router(PATH)).await;
    let mock = mock().await;
    // The page is cut and shows no example: the test gives the payload.
    let payload = json!({
        "workflow_id": "w1", "workflow_name": "collection", "node_id": "n1", "node_name": "API",
        "callee": {"case_id": "c1", "callee_name": "Budi", "callee_gender": "male",
                   "callee_number": "+6281", "platform_name": "p", "extra_a": "a", "extra_b": "b"},
        "pushed_at": "2024-07-01 10:00:00"
    });
    assert!(
        mock.deliver_webhook("customApiNodePushed", &url, None)
            .await
            .is_err(),
        "no example to send"
    );
    let delivery = mock
        .deliver_webhook("customApiNodePushed", &url, Some(&payload))
        .await
        .unwrap();
    assert!(delivery.delivered, "{delivery:?}");
    let received = received.lock().unwrap();
    assert_eq!(received[0].callee.extra["extra_b"], "b");
    assert_eq!(received[0].extra["pushed_at"], "2024-07-01 10:00:00");
}
