//! Secrets are never printed, even when a server echoes them: for every way a server can send a
//! credential back (in an envelope's message, in an error body, across the 4 KiB the error keeps,
//! in a value that fails to decode, in the token it hands out, JSON-escaped or not, buffered or
//! streamed, retried or not), neither `Display`, `Debug`, the kept body, the envelope's message,
//! nor anything logged at TRACE level (the client's retries, reqwest's `log` records and
//! hyper-util's events included) holds the APPSecret or a token.

use crate::support;

use std::time::Duration;

use airudder_client::models::{GetTaskDetailRequest, GetWorkflowTaskDetailRequest};
use airudder_client::{Client, Error, RetryPolicy};
use serde_json::{Value, json};
use support::{Reply, TestServer, example_data, fast_retries};

/// Slashes, because a JSON encoder may echo them as `\/`.
const SECRET: &str = "APP/SECRET+7q";
const TOKEN: &str = "TOKEN/VALUE+42";
const ISSUED: &str = "ISSUED-TOKEN-99";

/// JSON text with every `/` escaped, as some servers write it.
fn slash_escaped(value: &Value) -> Vec<u8> {
    serde_json::to_string(value)
        .unwrap()
        .replace('/', "\\/")
        .into_bytes()
}

/// What the token endpoint answers in each scenario (the other paths answer a task detail).
fn token_answers() -> Vec<(&'static str, Reply)> {
    vec![
        (
            "401 echoing the secret",
            Reply::raw(
                401,
                serde_json::to_vec(&json!({"status": "ERROR", "code": 10302,
                    "message": format!("account verification failed for {SECRET}")}))
                .unwrap(),
            ),
        ),
        (
            "error envelope with the secret escaped and a token",
            Reply::raw(
                200,
                slash_escaped(&json!({"status": "ERROR", "code": 10201,
                    "message": format!("internal error: {SECRET}"), "data": {"token": ISSUED}})),
            ),
        ),
        (
            "a token of the wrong type",
            Reply::json(json!({"status": "OK", "code": 200, "data": ISSUED})),
        ),
        (
            "a 500 whose body is the request",
            Reply::raw(
                500,
                serde_json::to_vec(&json!({"APPKey": "key", "APPSecret": SECRET})).unwrap(),
            ),
        ),
    ]
}

/// What an authenticated call with the fixed token answers in each scenario.
fn call_answers() -> Vec<(&'static str, Reply)> {
    vec![
        (
            "401 echoing the token",
            Reply::raw(
                401,
                format!(
                    r#"{{"status":"ERROR","code":10812,"message":"invalid user token Token {TOKEN}"}}"#
                ),
            ),
        ),
        (
            "error envelope echoing the token escaped",
            Reply::raw(
                200,
                slash_escaped(&json!({"status": "ERROR", "code": 10506,
                    "message": format!("task not found for {TOKEN}")})),
            ),
        ),
        (
            "the token where a number goes",
            Reply::data({
                let mut data = example_data("getTaskDetail");
                data["detail"][0]["RingTime"] = json!(TOKEN);
                data
            }),
        ),
        (
            "a 502 echoing the header",
            Reply::raw(502, format!("Authorization: Token {TOKEN}")),
        ),
    ]
}

/// Every view of an error a caller or a log may print.
fn views(error: &Error) -> String {
    [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
        String::from_utf8_lossy(error.body().unwrap_or_default()).into_owned(),
        error.api_message().unwrap_or_default().to_owned(),
        error.reason().unwrap_or_default(),
        error.json_path().unwrap_or_default().to_owned(),
    ]
    .join("\n")
}

fn assert_clean(text: &str, scenario: &str) {
    for secret in [
        SECRET,
        TOKEN,
        ISSUED,
        &SECRET.replace('/', "\\/"),
        &TOKEN.replace('/', "\\/"),
    ] {
        assert!(
            !text.contains(secret),
            "{scenario}: `{secret}` was printed:\n{text}"
        );
    }
}

async fn token_scenario(reply: Reply) -> Error {
    let server = TestServer::start(move |request, _| match request.path.as_str() {
        "/service/cloud/auth" => reply.clone(),
        _ => Reply::data(example_data("getTaskDetail")),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .app_credentials("key", SECRET)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    client
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap_err()
}

async fn call_scenario(reply: Reply) -> Error {
    let server = TestServer::start(move |_, _| reply.clone()).await;
    let client = Client::builder()
        .base_url(&server.url)
        .token(TOKEN)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    client
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap_err()
}

/// A call retried after 503s that echo the token, each retry logged.
async fn retried_scenario() -> Error {
    let server = TestServer::start(|_, _| {
        Reply::raw(
            503,
            format!(r#"{{"status":"ERROR","code":10201,"message":"busy for {TOKEN}"}}"#),
        )
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .token(TOKEN)
        .retry_policy(fast_retries(3))
        .build()
        .unwrap();
    client
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap_err()
}

/// A stream whose rows are fine but whose envelope, at the end, echoes the token.
async fn stream_scenario() -> Error {
    let server = TestServer::start(|_, _| {
        let mut data = example_data("getWorkflowTaskDetail");
        let row = data["detail"][0].clone();
        data["detail"] = json!([row]);
        Reply::json(json!({"data": data, "status": "ERROR", "code": 10201,
            "message": format!("failed for {TOKEN}")}))
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .token(TOKEN)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let mut stream = client
        .get_workflow_task_detail_stream(&GetWorkflowTaskDetailRequest::new("t"))
        .await
        .unwrap();
    loop {
        match stream.next_row().await {
            Some(Ok(_)) => continue,
            Some(Err(error)) => return error,
            None => panic!("the stream ended without its error"),
        }
    }
}

#[tokio::test]
async fn no_secret_is_printed_or_logged_whatever_a_server_echoes() {
    tracing_log::LogTracer::init().expect("reqwest's `log` records reach the subscriber");
    let captured = support::logs::LogCapture::start();

    for (scenario, reply) in token_answers() {
        let error = token_scenario(reply).await;
        assert_eq!(
            error.operation(),
            Some("obtainToken"),
            "{scenario}: {error}"
        );
        assert_clean(&views(&error), scenario);
        tracing::error!(error = %error, debug = ?error, "the caller logs the error");
    }
    for (scenario, reply) in call_answers() {
        let error = call_scenario(reply).await;
        assert_clean(&views(&error), scenario);
        tracing::error!(error = %error, debug = ?error, "the caller logs the error");
    }
    let error = retried_scenario().await;
    assert_clean(&views(&error), "a retried call");
    let error = stream_scenario().await;
    assert_eq!(error.api_code(), Some(10201));
    assert_clean(&views(&error), "a stream's envelope");

    // Give connection tasks the moment they need to log their last records.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let logs = captured.text();
    assert!(
        logs.contains("reqwest"),
        "reqwest's records were not captured:\n{logs}"
    );
    assert!(logs.contains("the caller logs the error"));
    assert!(
        logs.contains("retrying"),
        "the retries were not logged:\n{logs}"
    );
    assert_clean(&logs, "the TRACE logs");
}
