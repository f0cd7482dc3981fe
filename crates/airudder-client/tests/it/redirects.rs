//! No credential crosses an origin: a redirect is not followed (a 3xx is an HTTP error), and with a
//! caller's own `reqwest::Client` that follows redirects, neither the APPSecret nor a token reaches
//! the other origin and its answer is never used.

use crate::support;

use airudder_client::models::GetTaskDetailRequest;
use airudder_client::{Client, ClientBuilder, Error, RetryPolicy};
use serde_json::json;
use support::{Recorded, Reply, TestServer, example_data};

const SECRET: &str = "APP-SECRET-9f2";
const TOKEN: &str = "TOKEN-4c1";

/// Another origin that answers everything as AiRudder would, token included, and records what
/// reached it.
async fn elsewhere() -> TestServer {
    TestServer::start(|request, _| match request.path.as_str() {
        "/service/cloud/auth" => Reply::data(json!({"token": "EVIL-TOKEN"})),
        _ => Reply::data(example_data("getTaskDetail")),
    })
    .await
}

/// A server that redirects every request to the same path at `target` with `status`.
async fn redirecting(status: u16, target: &str) -> TestServer {
    let target = target.to_owned();
    TestServer::start(move |request: &Recorded, _| {
        Reply::raw(status, "").header("location", format!("{target}{}", request.path))
    })
    .await
}

/// The error of a task-detail call through `builder` (never retried) to `server`.
async fn redirected_call(builder: ClientBuilder, server: &TestServer) -> Error {
    builder
        .base_url(&server.url)
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap()
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap_err()
}

fn leaked(server: &TestServer) -> bool {
    server.requests().iter().any(|request| {
        let body = String::from_utf8_lossy(&request.body);
        let authorization = request.header("authorization").unwrap_or("");
        body.contains(SECRET) || authorization.contains(TOKEN) || authorization.contains("Token")
    })
}

#[tokio::test]
async fn a_redirect_of_the_token_request_is_an_http_error_and_is_not_followed() {
    let other = elsewhere().await;
    for status in [301, 302, 303, 307, 308] {
        let server = redirecting(status, &other.url).await;
        let credentials = Client::builder().app_credentials("key", SECRET);
        let error = redirected_call(credentials, &server).await;
        assert!(error.is_http() && error.is_redirect(), "{status}: {error}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.operation(), Some("obtainToken"));
    }
    assert!(other.requests().is_empty(), "a redirect was followed");
}

#[tokio::test]
async fn a_redirect_of_an_authenticated_call_is_not_followed() {
    let other = elsewhere().await;
    let server = redirecting(307, &other.url).await;
    let client = Client::builder()
        .base_url(&server.url)
        .token(TOKEN)
        .build()
        .unwrap();
    let error = client
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap_err();
    assert!(error.is_redirect(), "{error}");
    assert!(other.requests().is_empty());
}

#[tokio::test]
async fn a_callers_client_that_follows_redirects_never_carries_the_secret_elsewhere() {
    let other = elsewhere().await;
    for status in [301, 302, 303, 307, 308] {
        let server = redirecting(status, &other.url).await;
        let following = Client::builder()
            .app_credentials("key", SECRET)
            .http_client(reqwest::Client::new());
        let error = redirected_call(following, &server).await;
        assert!(error.is_redirect(), "{status}: {error}");
        assert!(
            !leaked(&other),
            "{status}: the secret reached the other origin"
        );
    }
}

#[tokio::test]
async fn a_callers_client_that_follows_redirects_never_carries_the_token_elsewhere() {
    let other = elsewhere().await;
    for status in [301, 302, 303, 307, 308] {
        let server = redirecting(status, &other.url).await;
        let following = Client::builder()
            .token(TOKEN)
            .http_client(reqwest::Client::new());
        let error = redirected_call(following, &server).await;
        // The other origin answered a success: it is refused unread.
        assert!(error.is_redirect(), "{status}: {error}");
        assert!(
            !leaked(&other),
            "{status}: the token reached the other origin"
        );
    }
}
