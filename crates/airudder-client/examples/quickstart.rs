//! A walk through the SDK against the mock server, in-process: obtaining a token, task details,
//! WABA details, an API error, and receiving a webhook. No credentials, no network, nobody called.
//!
//! Run it with `cargo run -p airudder-client --example quickstart`.

use std::time::Duration;

use airudder_client::Client;
use airudder_client::models::{
    GetTaskDetailRequest, GetWorkflowWabaTaskDetailRequest, ObtainTokenRequest,
    WorkflowStatusChangedNotification,
};
use airudder_mock::{DeliveryPolicy, MockServer, Reply};
use airudder_webhooks::axum::WebhookService;
use tokio::sync::mpsc;

#[tokio::main]
pub(crate) async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. AiRudder on loopback: its webhook retries, 1 s apart instead of a minute.
    let policy = DeliveryPolicy {
        interval: Duration::from_secs(1),
        ..DeliveryPolicy::airudder()
    };
    let mock = MockServer::builder()
        .delivery_policy(policy)
        .start()
        .await?;
    println!("1. mock AiRudder listening on {}", mock.url());

    // 2. A client with APPKey + APPSecret: it obtains, caches and renews the token by itself.
    let client = Client::builder()
        .base_url(mock.url())
        .app_credentials(mock.app_key(), mock.app_secret())
        .build()?;
    let request = ObtainTokenRequest::new(mock.app_key(), mock.app_secret());
    let token = client.obtain_token(&request).await?;
    println!("2. obtained a token explicitly ({token:?}: secrets never print)");

    // 3. Task details: typed rows with transcripts, redials and labels.
    let task = client
        .get_task_detail(&GetTaskDetailRequest::new(
            "82caed2ecc5029c9eb7efea50e83466f",
        ))
        .await?;
    println!(
        "3. task {:?} is {}, {} callee(s)",
        task.task_name,
        task.status,
        task.detail.len()
    );
    for call in &task.detail {
        println!(
            "   {} {} intention {} ({}), {} ASR line(s), {} redial(s), labels {:?}",
            call.callee_name,
            call.callee_number,
            call.intention,
            call.intention_description,
            call.asr_result.len(),
            call.redial_calls.len(),
            call.event_label
        );
    }

    // 4. WABA (WhatsApp) task details of a workflow.
    let waba = client
        .get_workflow_waba_task_detail(&GetWorkflowWabaTaskDetailRequest::new(
            "707c2a72791f4fcd9890120ccfe52983",
            "1def98dc9c8c72449ab55d6ec22c2e68",
        ))
        .await?;
    println!(
        "4. WABA task: {} recipient(s); first is {} ({})",
        waba.total, waba.list[0].callee, waba.list[0].status
    );

    // 5. An error envelope behind HTTP 200 is a typed error, not data.
    mock.script(
        "getTaskDetail",
        Reply::api_error(10506, "task is not found"),
    )?;
    let error = client
        .get_task_detail(&GetTaskDetailRequest::new("missing"))
        .await
        .unwrap_err();
    println!(
        "5. error handled: api_code {:?}, is_api {}: {error}",
        error.api_code(),
        error.is_api()
    );

    // 6. Receiving a webhook: an axum endpoint that answers `200 {}` once the handler accepted it.
    let (received, mut inbox) = mpsc::unbounded_channel();
    let service = WebhookService::new(move |notification: WorkflowStatusChangedNotification| {
        let received = received.clone();
        async move {
            received
                .send(notification)
                .map_err(|_| "the inbox is closed")
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/airudder/workflow-status", listener.local_addr()?);
    tokio::spawn(
        axum::serve(listener, service.into_router("/airudder/workflow-status")).into_future(),
    );
    let delivery = mock
        .deliver_webhook("workflowStatusChanged", &url, None)
        .await?;
    let notification = inbox.recv().await.ok_or("no notification arrived")?;
    println!(
        "6. webhook delivered in {} try: workflow {:?} is {}, {} node(s) ran",
        delivery.attempts.len(),
        notification.workflow_name,
        notification.status,
        notification.actions.len()
    );
    Ok(())
}
