//! One replica of a webhook receiver that runs behind a load balancer: deliveries authenticated
//! by a secret in the URL, and deduplicated in a Redis every replica shares, so a notification
//! delivered to two replicas is handled once.
//!
//! ```sh
//! REDIS_URL=redis://127.0.0.1:6379 AIRUDDER_WEBHOOK_SECRET=change-me \
//!     cargo run -p airudder-webhooks --features redis --example two_replicas -- 8080
//! ```
//!
//! Configure `http://<host>:8080/airudder/workflow-status/<secret>` in AiRudder.

use airudder_models::WorkflowStatusChangedNotification;
use airudder_webhooks::axum::WebhookService;
use airudder_webhooks::{Deduplicator, RedisStore, UrlSecret};

/// Where the notification is kept until it is processed (a table, a queue); here, standard output.
async fn store_durably(notification: &WorkflowStatusChangedNotification) -> Result<(), String> {
    println!(
        "workflow {} is {}",
        notification.workflow_id, notification.status
    );
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port = std::env::args().nth(1).unwrap_or_else(|| "8080".to_owned());
    let redis = std::env::var("REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    // On every replica: the same Redis, the same secret (from your secret store, not the code).
    let store = RedisStore::connect(&redis).await?;
    let app = WebhookService::new(
        |notification: WorkflowStatusChangedNotification| async move {
            store_durably(&notification).await // acknowledge once it is stored; do the long work later
        },
    )
    .deduplicate(Deduplicator::with_store(store))
    .url_secret(UrlSecret::path_segment(std::env::var(
        "AIRUDDER_WEBHOOK_SECRET",
    )?))
    .into_router("/airudder/workflow-status");
    let listener = tokio::net::TcpListener::bind(format!("0.0.0.0:{port}")).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
