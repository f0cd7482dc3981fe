//! What a receiver in production needs besides parsing: only authenticated deliveries reach the
//! handler (a secret in the URL, a verifier over headers and body), a slow handler holds up no
//! other delivery, a store that cannot answer never lets a notification through unchecked, and
//! every delivery leaves a span with its webhook, fingerprint and outcome.

#![cfg(feature = "axum")]

use crate::support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use airudder_models::{Webhook, WorkflowStatusChangedNotification};
use airudder_webhooks::axum::WebhookService;
use airudder_webhooks::{
    DedupeStore, Deduplicator, Fingerprint, Lease, StoreClaim, StoreError, StoreFuture, UrlSecret,
};
use axum::http::HeaderMap;
use serde_json::json;
use support::http::{Answer, Logs, deliver, deliver_with_headers, serve};
use support::{spec_example, to_bytes};
use tokio::sync::Semaphore;

const PATH: &str = "/airudder/status";
const SECRET: &str = "u7Hq-2xPz9";

/// A service whose handler counts its calls and succeeds.
fn counting(
    calls: &Arc<AtomicUsize>,
) -> WebhookService<
    WorkflowStatusChangedNotification,
    impl Fn(WorkflowStatusChangedNotification) -> std::future::Ready<Result<(), String>>
    + Send
    + Sync
    + 'static,
> {
    let calls = Arc::clone(calls);
    WebhookService::new(move |_: WorkflowStatusChangedNotification| {
        calls.fetch_add(1, Ordering::SeqCst);
        std::future::ready(Ok(()))
    })
}

fn example() -> Vec<u8> {
    to_bytes(&spec_example("workflowStatusChanged"))
}

fn assert_refused_without_detail(answer: &Answer) {
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(answer.body, "{}");
}

#[tokio::test]
async fn only_a_delivery_whose_path_carries_the_secret_is_handled() {
    let (logs, _guard) = Logs::capture();
    let calls = Arc::new(AtomicUsize::new(0));
    let service = counting(&calls).url_secret(UrlSecret::path_segment(SECRET));
    let base = serve(service.into_router(PATH)).await + PATH;

    assert_refused_without_detail(&deliver(&base, example()).await);
    assert_refused_without_detail(&deliver(&format!("{base}/wrong"), example()).await);
    assert_refused_without_detail(&deliver(&format!("{base}/{SECRET}x"), example()).await);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(
        deliver(&format!("{base}/{SECRET}"), example()).await.status,
        200
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let output = logs.text();
    assert!(output.contains("reason=\"unauthenticated\""), "{output}");
    assert!(!output.contains(SECRET), "the secret was logged:\n{output}");
}

#[tokio::test]
async fn only_a_delivery_whose_query_carries_the_secret_is_handled() {
    let calls = Arc::new(AtomicUsize::new(0));
    let service = counting(&calls).url_secret(UrlSecret::query("key", SECRET));
    let base = serve(service.into_router(PATH)).await + PATH;

    assert_refused_without_detail(&deliver(&base, example()).await);
    assert_refused_without_detail(&deliver(&format!("{base}?key=nope"), example()).await);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    let answer = deliver(&format!("{base}?other=1&key={SECRET}"), example()).await;
    assert_eq!(answer.status, 200);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_verifier_over_headers_and_body_composes_with_the_url_secret() {
    let calls = Arc::new(AtomicUsize::new(0));
    // A stand-in for a signature check: the header must be the body's length.
    let service = counting(&calls)
        .url_secret(UrlSecret::query("key", SECRET))
        .verify(|headers: &HeaderMap, body: &[u8]| {
            headers
                .get("x-signature")
                .and_then(|value| value.to_str().ok())
                == Some(body.len().to_string().as_str())
        });
    let base = serve(service.into_router(PATH)).await + PATH;
    let body = example();
    let signature = body.len().to_string();

    let signed = [("x-signature", signature.as_str())];
    let missigned = [("x-signature", "1")];
    let url = format!("{base}?key={SECRET}");
    assert_refused_without_detail(&deliver_with_headers(&url, &missigned, body.clone()).await);
    assert_refused_without_detail(&deliver_with_headers(&base, &signed, body.clone()).await);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert_eq!(deliver_with_headers(&url, &signed, body).await.status, 200);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_slow_handler_does_not_hold_up_other_deliveries() {
    let gate = Arc::new(Semaphore::new(0));
    let handler_gate = Arc::clone(&gate);
    let service = WebhookService::new(move |payload: WorkflowStatusChangedNotification| {
        let gate = Arc::clone(&handler_gate);
        async move {
            if payload.workflow_id == "slow" {
                gate.acquire().await.unwrap().forget();
            }
            Ok::<(), String>(())
        }
    })
    .deduplicate(Deduplicator::default());
    let url = serve(service.into_router(PATH)).await + PATH;
    let with_id = |id: &str| {
        let mut body = spec_example("workflowStatusChanged");
        body["workflow_id"] = json!(id);
        to_bytes(&body)
    };

    let slow = tokio::spawn({
        let (url, body) = (url.clone(), with_id("slow"));
        async move { deliver(&url, body).await }
    });
    let started = Instant::now();
    for id in ["a", "b", "c"] {
        assert_eq!(deliver(&url, with_id(id)).await.status, 200);
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(!slow.is_finished(), "the slow handler is still running");
    gate.add_permits(1);
    assert_eq!(slow.await.unwrap().status, 200);
}

/// A store that cannot answer, as Redis when it is down.
#[derive(Debug)]
struct Unreachable;

impl DedupeStore for Unreachable {
    fn try_claim<'a>(
        &'a self,
        _: Fingerprint,
        _: &'a Lease,
    ) -> StoreFuture<'a, Result<StoreClaim, StoreError>> {
        Box::pin(async { Err(StoreError("connection refused".into())) })
    }

    fn changed(&self, _: Fingerprint) -> StoreFuture<'_, ()> {
        Box::pin(async {})
    }

    fn accept<'a>(
        &'a self,
        _: Fingerprint,
        _: &'a Lease,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        Box::pin(async { Err(StoreError("connection refused".into())) })
    }

    fn release(&self, _: Fingerprint, _: Lease) {}
}

#[tokio::test]
async fn a_store_that_cannot_answer_fails_closed_with_500_and_the_handler_never_runs() {
    let calls = Arc::new(AtomicUsize::new(0));
    let service = counting(&calls).deduplicate(Deduplicator::with_store(Unreachable));
    let url = serve(service.into_router(PATH)).await + PATH;
    let answer = deliver(&url, example()).await;
    assert_eq!(answer.status, 500, "{answer:?}");
    assert!(
        answer.error().contains("duplicates cannot be checked"),
        "{answer:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_delivery_waiting_on_another_past_the_wait_limit_is_answered_503() {
    let gate = Arc::new(Semaphore::new(0));
    let handler_gate = Arc::clone(&gate);
    let service = WebhookService::new(move |_: WorkflowStatusChangedNotification| {
        let gate = Arc::clone(&handler_gate);
        async move {
            gate.acquire().await.unwrap().forget();
            Ok::<(), String>(())
        }
    })
    .deduplicate(Deduplicator::default())
    .max_wait(Duration::from_millis(200));
    let url = serve(service.into_router(PATH)).await + PATH;
    let first = tokio::spawn({
        let url = url.clone();
        async move { deliver(&url, example()).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let second = deliver(&url, example()).await;
    assert_eq!(second.status, 503, "{second:?}");
    gate.add_permits(1);
    assert_eq!(first.await.unwrap().status, 200);
}

#[tokio::test]
async fn every_delivery_has_a_span_with_its_webhook_fingerprint_and_outcome() {
    let (logs, _guard) = Logs::capture();
    let calls = Arc::new(AtomicUsize::new(0));
    let dedupe = Deduplicator::default();
    let fingerprint = dedupe
        .fingerprint(&WorkflowStatusChangedNotification::parse(&example()).unwrap())
        .unwrap();
    let service = counting(&calls)
        .deduplicate(dedupe)
        .url_secret(UrlSecret::query("key", SECRET));
    let base = serve(service.into_router(PATH)).await + PATH;
    let url = format!("{base}?key={SECRET}");
    deliver(&url, example()).await;
    deliver(&url, example()).await;
    deliver(&base, example()).await;

    let output = logs.text();
    let span = |outcome: &str| {
        format!(
            "airudder_webhook{{webhook=\"workflowStatusChanged\" fingerprint=\"{fingerprint}\" outcome=\"{outcome}\"}}: airudder_webhooks::axum: close"
        )
    };
    for expected in [
        span("handled"),
        span("duplicate"),
        "airudder_webhook{webhook=\"workflowStatusChanged\" outcome=\"refused\"}: airudder_webhooks::axum: close".to_owned(),
    ] {
        assert!(output.contains(&expected), "missing {expected} in:\n{output}");
    }
}
