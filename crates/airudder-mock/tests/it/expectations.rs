//! Expectations, wiremock-style: matchers choose requests, counts are checked when the mock is
//! dropped, and a reply of their own answers the requests they match.

use std::panic::{AssertUnwindSafe, catch_unwind};

use airudder_client::Client;
use airudder_client::models::GetTaskDetailRequest;
use airudder_mock::{Expectation, Matcher, MockServer, Reply};

fn client(mock: &MockServer) -> Client {
    Client::builder()
        .base_url(mock.url())
        .app_credentials(mock.app_key(), mock.app_secret())
        .build()
        .unwrap()
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}

#[tokio::test]
async fn an_unmet_call_count_fails_the_test_when_the_mock_is_dropped() {
    let mock = MockServer::start().await;
    mock.expect(
        Expectation::on("getTaskDetail")
            .matching(Matcher::query("TaskID", "t1"))
            .times(2),
    )
    .unwrap();
    client(&mock)
        .get_task_detail(&GetTaskDetailRequest::new("t1"))
        .await
        .unwrap();
    let dropped = catch_unwind(AssertUnwindSafe(|| drop(mock)));
    let message = panic_message(dropped.unwrap_err());
    assert!(
        message.contains("`getTaskDetail` with query TaskID=t1: expected exactly 2, got 1"),
        "{message}"
    );
}

#[tokio::test]
async fn met_expectations_pass_quietly_and_verify_says_so_before_the_drop() {
    let mock = MockServer::start().await;
    mock.expect(Expectation::on("obtainToken").times(1))
        .unwrap();
    mock.expect(
        Expectation::on("getTaskDetail")
            .matching(Matcher::query("TaskID", "t1"))
            .matching(Matcher::header("authorization", "nope"))
            .times(0),
    )
    .unwrap();
    let client = client(&mock);
    assert!(mock.verify().is_err(), "no token was obtained yet");
    for _ in 0..2 {
        client
            .get_task_detail(&GetTaskDetailRequest::new("t1"))
            .await
            .unwrap();
    }
    mock.verify().unwrap();
}

#[tokio::test]
async fn an_expectation_with_a_reply_answers_only_the_requests_it_matches() {
    let mock = MockServer::start().await;
    mock.expect(
        Expectation::on("getTaskDetail")
            .matching(Matcher::query("TaskID", "gone"))
            .respond_with(Reply::api_error(10506, "task is not found"))
            .times(1),
    )
    .unwrap();
    let client = client(&mock);
    let gone = client
        .get_task_detail(&GetTaskDetailRequest::new("gone"))
        .await
        .unwrap_err();
    assert_eq!(gone.api_code(), Some(10506), "{gone}");
    client
        .get_task_detail(&GetTaskDetailRequest::new("here"))
        .await
        .expect("another task gets the spec's example");
}

#[tokio::test]
async fn an_expectation_on_an_operation_the_spec_lacks_is_refused_at_once() {
    let mock = MockServer::start().await;
    let error = mock.expect(Expectation::on("getTaskDetial")).unwrap_err();
    assert!(
        error.to_string().contains("no operation `getTaskDetial`"),
        "{error}"
    );
}

#[tokio::test]
async fn a_test_already_failing_keeps_its_own_panic_instead_of_aborting_on_the_drop() {
    let mock = MockServer::start().await;
    mock.expect(Expectation::on("getTaskDetail")).unwrap();
    let failed = catch_unwind(AssertUnwindSafe(move || {
        let _mock = mock;
        panic!("the test's own assertion");
    }));
    assert_eq!(
        panic_message(failed.unwrap_err()),
        "the test's own assertion"
    );
}

#[tokio::test]
async fn by_default_a_dead_receiver_gets_three_quick_tries_not_five_minutes_of_them() {
    let mock = MockServer::start().await;
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/hook", listener.local_addr().unwrap())
    };
    let delivery = mock
        .deliver_webhook("workflowStatusChanged", &dead, None)
        .await
        .unwrap();
    assert!(!delivery.delivered);
    assert_eq!(delivery.attempts.len(), 3);
    assert!(
        delivery
            .attempts
            .iter()
            .all(|a| a.status.is_none() && a.error.is_some())
    );
}
