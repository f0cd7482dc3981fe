//! A server on 127.0.0.1:0, a sender that behaves like AiRudder, and a log capture the tests can
//! wait on.

use std::io;
use std::sync::{Arc, Mutex};

use serde_json::Value;

/// Serves `router` on 127.0.0.1:0 for the rest of the test; returns its base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

/// An answer as AiRudder would see it.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: String,
}

impl Answer {
    /// The `error` of a `{"error": ...}` body.
    pub fn error(&self) -> String {
        assert!(
            !self.body.contains('\n'),
            "the error body is not one line: {}",
            self.body
        );
        let body: Value = serde_json::from_str(&self.body).expect("the error body is JSON");
        body["error"]
            .as_str()
            .unwrap_or_else(|| panic!("no `error` in {}", self.body))
            .to_owned()
    }
}

/// POSTs `body` the way AiRudder does (`Content-Type: application/json`, `User-Agent: Airudder`).
pub async fn deliver(url: &str, body: impl Into<Vec<u8>>) -> Answer {
    deliver_as(url, Some("application/json"), body).await
}

/// POSTs `body` with the given `Content-Type` (none when `None`).
pub async fn deliver_as(url: &str, content_type: Option<&str>, body: impl Into<Vec<u8>>) -> Answer {
    deliver_with(url, content_type, &[], body).await
}

/// POSTs `body` as JSON with these headers besides.
pub async fn deliver_with_headers(
    url: &str,
    headers: &[(&str, &str)],
    body: impl Into<Vec<u8>>,
) -> Answer {
    deliver_with(url, Some("application/json"), headers, body).await
}

async fn deliver_with(
    url: &str,
    content_type: Option<&str>,
    headers: &[(&str, &str)],
    body: impl Into<Vec<u8>>,
) -> Answer {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("user-agent", "Airudder")
        .body(body.into());
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the receiver answers");
    Answer {
        status: response.status().as_u16(),
        content_type: response
            .headers()
            .get("content-type")
            .map(|value| value.to_str().unwrap().to_owned()),
        body: response.text().await.unwrap(),
    }
}

/// Log output of the current thread, which a test can wait on.
#[derive(Clone, Default)]
pub struct Logs(Arc<LogsInner>);

#[derive(Default)]
pub struct LogsInner {
    text: Mutex<Vec<u8>>,
    written: tokio::sync::Notify,
}

impl Logs {
    /// Captures every event (debug and up) of this thread until the guard is dropped. With the
    /// current-thread runtime of `#[tokio::test]`, that includes the server's tasks.
    pub fn capture() -> (Logs, tracing::subscriber::DefaultGuard) {
        let logs = Logs::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_max_level(tracing::Level::DEBUG)
            .with_ansi(false)
            .finish();
        (logs, tracing::subscriber::set_default(subscriber))
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.0.text.lock().unwrap().clone()).unwrap()
    }

    /// Resolves once a line containing `needle` was logged.
    pub async fn wait_for(&self, needle: &str) {
        loop {
            // Created before looking, so a line written in between still wakes it.
            let written = self.0.written.notified();
            if self.text().contains(needle) {
                return;
            }
            written.await;
        }
    }
}

impl io::Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.text.lock().unwrap().extend_from_slice(bytes);
        self.0.written.notify_waiters();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
