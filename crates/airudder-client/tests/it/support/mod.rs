//! A scripted AiRudder stand-in on 127.0.0.1:0 for the client's tests: it records every request
//! and answers what the test's responder says, so each test states exactly what the server does.

#![allow(dead_code)]

pub mod logs;
pub mod raw;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use airudder_client::Clock;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use serde_json::{Value, json};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub path: String,
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Reply {
    pub fn json(value: Value) -> Reply {
        Reply::raw(200, serde_json::to_vec(&value).unwrap())
    }

    /// A success envelope around `data`.
    pub fn data(data: Value) -> Reply {
        Reply::json(json!({"data": data, "status": "OK", "code": 200}))
    }

    pub fn raw(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

type Responder = dyn Fn(&Recorded, usize) -> Reply + Send + Sync;

struct State {
    requests: Mutex<Vec<Recorded>>,
    responder: Box<Responder>,
}

/// The running server; it stops with the test's runtime.
pub struct TestServer {
    pub url: String,
    state: Arc<State>,
}

impl TestServer {
    /// Starts a server whose answers come from `responder(request, n)`, `n` counting the earlier
    /// requests to the same path.
    pub async fn start(
        responder: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        let state = Arc::new(State {
            requests: Mutex::new(Vec::new()),
            responder: Box::new(responder),
        });
        let handler_state = Arc::clone(&state);
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let state = Arc::clone(&handler_state);
                async move {
                    let request = Recorded {
                        method,
                        path: uri.path().to_owned(),
                        query: uri.query().map(str::to_owned),
                        headers,
                        body,
                    };
                    let reply = {
                        let mut requests = state.requests.lock().unwrap();
                        let earlier = requests.iter().filter(|r| r.path == request.path).count();
                        requests.push(request.clone());
                        (state.responder)(&request, earlier)
                    };
                    if !reply.delay.is_zero() {
                        tokio::time::sleep(reply.delay).await;
                    }
                    let mut response = Response::new(Body::from(reply.body));
                    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap();
                    for (name, value) in reply.headers {
                        response.headers_mut().insert(name, value.parse().unwrap());
                    }
                    response
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        TestServer { url, state }
    }

    /// A server that issues tokens `tok-1`, `tok-2`, ... at `/service/cloud/auth` and answers
    /// everything else with `other`.
    pub async fn with_tokens(
        other: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
    ) -> TestServer {
        TestServer::start(move |request, n| {
            if request.path == "/service/cloud/auth" {
                Reply::data(json!({"token": format!("tok-{}", n + 1)}))
            } else {
                other(request, n)
            }
        })
        .await
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    pub fn count(&self, path: &str) -> usize {
        self.state
            .requests
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .count()
    }
}

/// `attempts` attempts with backoffs of a few milliseconds: retries a test can wait for.
pub fn fast_retries(attempts: u32) -> airudder_client::RetryPolicy {
    airudder_client::RetryPolicy::default()
        .max_attempts(attempts)
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(20))
}

/// A clock the test moves by hand.
#[derive(Debug)]
pub struct ManualClock(Mutex<Instant>);

impl ManualClock {
    pub fn new() -> Arc<ManualClock> {
        Arc::new(ManualClock(Mutex::new(Instant::now())))
    }

    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Instant {
        *self.0.lock().unwrap()
    }
}

/// The spec's example `data` of an operation's answer, so the tests serve realistic bodies.
pub fn example_data(operation_id: &str) -> Value {
    let operation = airudder_client::models::OPERATIONS
        .iter()
        .find(|operation| operation.operation_id == operation_id)
        .unwrap_or_else(|| panic!("no operation {operation_id} in the catalog"));
    let example = operation
        .response_example
        .expect("the spec has an example answer");
    let mut answer: Value = serde_json::from_str(example).expect("the example is JSON");
    answer["data"].take()
}

/// The workflow example with `rows` copies of its row, ids 0.. in order, each changed by `vary`
/// (given its index).
pub fn answer_of_rows(rows: usize, vary: impl Fn(usize, &mut Value)) -> Value {
    let mut data = example_data("getWorkflowTaskDetail");
    let row = data["detail"][0].clone();
    data["detail"] = (0..rows)
        .map(|i| {
            let mut row = row.clone();
            row["id"] = json!(i);
            vary(i, &mut row);
            row
        })
        .collect();
    json!({"data": data, "status": "OK", "code": 200})
}

/// A workflow task detail answer with `rows` copies of the example's row, as bytes.
pub fn rows_answer(rows: usize) -> Vec<u8> {
    let mut data = example_data("getWorkflowTaskDetail");
    let row = data["detail"][0].clone();
    data["detail"] = json!(vec![row; rows]);
    serde_json::to_vec(&json!({"data": data, "status": "OK", "code": 200})).unwrap()
}

/// The first `rows` whole rows of `answer` (a [`rows_answer`]) and half of the next.
pub fn cut_after_rows(answer: &[u8], rows: usize) -> &[u8] {
    let data = example_data("getWorkflowTaskDetail");
    let row = serde_json::to_vec(&data["detail"][0]).unwrap();
    let first = answer
        .windows(row.len())
        .position(|window| window == row.as_slice())
        .unwrap();
    // Rows are written one after another, a comma between them.
    &answer[..first + rows * (row.len() + 1) + row.len() / 2]
}
