//! Exactly once across replicas, on a real Redis: two receivers sharing one `redis-server` (which
//! the tests start themselves) handle a notification once however it is delivered, a replica that
//! dies mid-handling leaves the notification to the next delivery once its lease expires, and a
//! Redis that goes down makes deliveries fail closed. Behind the `redis` feature: `.ci/run` runs
//! them (`cargo test -p airudder-webhooks --features redis`).

#![cfg(all(feature = "redis", feature = "axum"))]

use crate::support;

use std::path::PathBuf;
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use airudder_models::WorkflowStatusChangedNotification;
use airudder_webhooks::axum::WebhookService;
use airudder_webhooks::{Deduplicator, RedisStore};
use support::http::{deliver, serve};
use support::redis_server::RedisServer;
use support::{spec_example, to_bytes};

const PATH: &str = "/airudder/status";

fn example() -> Vec<u8> {
    to_bytes(&spec_example("workflowStatusChanged"))
}

/// A replica: its own connection to Redis, a handler that counts its calls and takes `takes`.
async fn replica(
    redis: &str,
    lease: Duration,
    calls: &Arc<AtomicUsize>,
    takes: Duration,
) -> String {
    let store = RedisStore::connect(redis)
        .await
        .expect("redis answers")
        .lease(lease)
        .poll_interval(Duration::from_millis(20));
    let calls = Arc::clone(calls);
    let service = WebhookService::new(move |_: WorkflowStatusChangedNotification| {
        let calls = Arc::clone(&calls);
        async move {
            calls.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(takes).await;
            Ok::<(), String>(())
        }
    })
    .deduplicate(Deduplicator::with_store(store));
    serve(service.into_router(PATH)).await + PATH
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_concurrent_deliveries_across_two_replicas_run_the_handler_once() {
    let redis = RedisServer::start();
    let calls = Arc::new(AtomicUsize::new(0));
    let lease = Duration::from_secs(5);
    let takes = Duration::from_millis(300);
    let replicas = [
        replica(&redis.url, lease, &calls, takes).await,
        replica(&redis.url, lease, &calls, takes).await,
    ];
    let deliveries: Vec<_> = (0..20)
        .map(|n| {
            let url = replicas[n % 2].clone();
            tokio::spawn(async move { deliver(&url, example()).await })
        })
        .collect();
    for delivery in deliveries {
        let answer = delivery.await.unwrap();
        assert_eq!(
            (answer.status, answer.body.as_str()),
            (200, "{}"),
            "{answer:?}"
        );
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // Accepted for every replica: a later redelivery to either is not handled again.
    for url in &replicas {
        assert_eq!(deliver(url, example()).await.status, 200);
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_handler_releases_its_claim_so_the_redelivery_is_handled_at_once() {
    let redis = RedisServer::start();
    let lease = Duration::from_secs(30);
    let failures = Arc::new(AtomicUsize::new(0));
    let failing = {
        let store = RedisStore::connect(&redis.url).await.unwrap().lease(lease);
        let failures = Arc::clone(&failures);
        let service = WebhookService::new(move |_: WorkflowStatusChangedNotification| {
            failures.fetch_add(1, Ordering::SeqCst);
            std::future::ready(Err::<(), _>("database down"))
        })
        .deduplicate(Deduplicator::with_store(store));
        serve(service.into_router(PATH)).await + PATH
    };
    let calls = Arc::new(AtomicUsize::new(0));
    let healthy = replica(&redis.url, lease, &calls, Duration::ZERO).await;

    assert_eq!(deliver(&failing, example()).await.status, 500);
    let started = Instant::now();
    assert_eq!(deliver(&healthy, example()).await.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "it waited for the lease"
    );
    assert_eq!(
        (
            failures.load(Ordering::SeqCst),
            calls.load(Ordering::SeqCst)
        ),
        (1, 1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_fail_closed_with_500_when_redis_goes_down() {
    let mut redis = RedisServer::start();
    let calls = Arc::new(AtomicUsize::new(0));
    let url = replica(&redis.url, Duration::from_secs(5), &calls, Duration::ZERO).await;
    redis.stop();
    let started = Instant::now();
    let answer = deliver(&url, example()).await;
    assert_eq!(answer.status, 500, "{answer:?}");
    assert!(answer.error().contains("duplicates cannot be checked"));
    assert_eq!(calls.load(Ordering::SeqCst), 0, "handled without the check");
    assert!(started.elapsed() < Duration::from_secs(15));
}

/// The replica that the kill test runs as a child process (the test binary run again with this
/// test's name). Without the variables it does nothing: it is not a test of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a child process of a_replica_killed_mid_handling_leaves_the_notification_to_the_next_delivery"]
async fn replica_process() {
    let (Ok(redis), Ok(dir)) = (
        std::env::var("AIRUDDER_TEST_REDIS"),
        std::env::var("AIRUDDER_TEST_REPLICA_DIR"),
    ) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let store = RedisStore::connect(&redis)
        .await
        .unwrap()
        .lease(KILL_TEST_LEASE);
    let handling = dir.join("handling");
    let service = WebhookService::new(move |_: WorkflowStatusChangedNotification| {
        let handling = handling.clone();
        async move {
            std::fs::write(&handling, b"").unwrap();
            // Handles for ever: the parent kills the process mid-handling.
            std::future::pending::<Result<(), String>>().await
        }
    })
    .deduplicate(Deduplicator::with_store(store));
    let url = serve(service.into_router(PATH)).await + PATH;
    std::fs::write(dir.join("url.tmp"), &url).unwrap();
    std::fs::rename(dir.join("url.tmp"), dir.join("url")).unwrap();
    std::future::pending::<()>().await;
}

const KILL_TEST_LEASE: Duration = Duration::from_millis(1500);

/// Waits for `path` to exist, then reads it.
async fn wait_for_file(path: &std::path::Path, child: &mut Child) -> String {
    let started = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the replica process exited"
        );
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no {path:?} from the replica"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_killed_mid_handling_leaves_the_notification_to_the_next_delivery() {
    let redis = RedisServer::start();
    let dir = std::env::temp_dir().join(format!("airudder-replica-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "redis_dedupe::replica_process",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env("AIRUDDER_TEST_REDIS", &redis.url)
        .env("AIRUDDER_TEST_REPLICA_DIR", &dir)
        .spawn()
        .unwrap();
    let doomed = wait_for_file(&dir.join("url"), &mut child).await;
    let in_doomed = tokio::spawn(async move { deliver(&doomed, example()).await });
    wait_for_file(&dir.join("handling"), &mut child).await;
    child.kill().unwrap();
    child.wait().unwrap();
    let killed = Instant::now();
    drop(in_doomed);

    let calls = Arc::new(AtomicUsize::new(0));
    let survivor = replica(&redis.url, KILL_TEST_LEASE, &calls, Duration::ZERO).await;
    let answer = deliver(&survivor, example()).await;
    let waited = killed.elapsed();
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, "{}"),
        "{answer:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // The dead replica renewed its lease at most a third of a lease before it died.
    assert!(
        waited >= KILL_TEST_LEASE * 2 / 3 - Duration::from_millis(100),
        "handled after {waited:?}, before the dead replica's lease ran out"
    );
    assert!(
        waited < Duration::from_secs(10),
        "handled only after {waited:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
