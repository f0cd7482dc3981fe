//! The mock server: its configuration, its state (tokens, scripts, faults, what it saw) and the one
//! handler that serves every operation of the catalog.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use airudder_models::{OPERATIONS, TokenScheme, WEBHOOKS};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{Map, Value, json};

use crate::answer::{Reply, json_response, render, unrouted};
use crate::auth::Tokens;
use crate::expect::{self, Expectation, UnmetExpectations};
use crate::faults::{self, Fault, FaultKind};
use crate::webhooks::{self, Delivery, DeliveryPolicy};

/// Configures a [`MockServer`].
#[derive(Debug, Clone)]
pub struct MockBuilder {
    credentials: Vec<(String, String)>,
    token_lifetime: Duration,
    delivery: DeliveryPolicy,
    addr: SocketAddr,
}

impl Default for MockBuilder {
    fn default() -> Self {
        MockBuilder {
            credentials: Vec::new(),
            token_lifetime: Duration::from_secs(24 * 60 * 60),
            delivery: DeliveryPolicy::default(),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        }
    }
}

impl MockBuilder {
    /// Accept this APPKey/APPSecret pair (call again for more). Without any, the mock accepts
    /// `mock-app-key` / `mock-app-secret`.
    pub fn credentials(
        mut self,
        app_key: impl Into<String>,
        app_secret: impl Into<String>,
    ) -> Self {
        self.credentials.push((app_key.into(), app_secret.into()));
        self
    }

    /// How long an issued token is valid (default 24 hours, as AiRudder documents).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// How webhook deliveries are retried (default [`DeliveryPolicy::fast`]; AiRudder's own is
    /// [`DeliveryPolicy::airudder`]).
    pub fn delivery_policy(mut self, policy: DeliveryPolicy) -> Self {
        self.delivery = policy;
        self
    }

    /// Listen on this port of 127.0.0.1 (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.addr.set_port(port);
        self
    }

    /// Starts serving; the server runs until the [`MockServer`] is dropped.
    pub async fn start(mut self) -> std::io::Result<MockServer> {
        if self.credentials.is_empty() {
            self.credentials
                .push(("mock-app-key".into(), "mock-app-secret".into()));
        }
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let state = Arc::new(MockState {
            tokens: Tokens::new(self.credentials.clone(), self.token_lifetime),
            credentials: self.credentials,
            scripts: Mutex::new(HashMap::new()),
            expectations: Mutex::new(Vec::new()),
            requests: Mutex::new(Vec::new()),
            deliveries: Mutex::new(Vec::new()),
            delivery: self.delivery,
            http: reqwest::Client::new(),
        });
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&state));
        let task = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                tracing::error!(%error, "the mock server stopped");
            }
        });
        Ok(MockServer { url, state, task })
    }
}

/// AiRudder on loopback. Dropping it stops the server.
pub struct MockServer {
    url: String,
    state: Arc<MockState>,
    task: tokio::task::JoinHandle<()>,
}

struct MockState {
    tokens: Tokens,
    credentials: Vec<(String, String)>,
    scripts: Mutex<HashMap<&'static str, Script>>,
    expectations: Mutex<Vec<Expectation>>,
    requests: Mutex<Vec<RecordedRequest>>,
    deliveries: Mutex<Vec<Delivery>>,
    delivery: DeliveryPolicy,
    http: reqwest::Client,
}

/// What a test set up for one operation.
#[derive(Debug, Default)]
struct Script {
    next: VecDeque<Reply>,
    standing: Option<Reply>,
    faults: Vec<Fault>,
}

/// A request the mock received.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The operation it matched, if any.
    pub operation_id: Option<&'static str>,
    /// The HTTP method.
    pub method: Method,
    /// The path.
    pub path: String,
    /// The raw query string.
    pub query: Option<String>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl RecordedRequest {
    /// A header's value, when present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

/// A name that is not in the spec was given to the mock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName(String);

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UnknownName {}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A test that panicked while holding the lock must not hide the state from the others.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn operation_id(name: &str) -> Result<&'static str, UnknownName> {
    OPERATIONS
        .iter()
        .map(|op| op.operation_id)
        .find(|id| *id == name)
        .ok_or_else(|| {
            let known: Vec<&str> = OPERATIONS.iter().map(|op| op.operation_id).collect();
            UnknownName(format!(
                "no operation `{name}` in the spec; known: {}",
                known.join(", ")
            ))
        })
}

impl MockServer {
    /// A mock on a free port of 127.0.0.1 accepting `mock-app-key` / `mock-app-secret`.
    pub async fn start() -> MockServer {
        // Binding port 0 of loopback only fails when the machine has no loopback at all.
        MockBuilder::default()
            .start()
            .await
            .expect("cannot listen on 127.0.0.1")
    }

    /// A builder for other credentials, token lifetime, delivery policy or port.
    pub fn builder() -> MockBuilder {
        MockBuilder::default()
    }

    /// The base URL to point a client at (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The first accepted APPKey.
    pub fn app_key(&self) -> &str {
        &self.state.credentials[0].0
    }

    /// The first accepted APPSecret.
    pub fn app_secret(&self) -> &str {
        &self.state.credentials[0].1
    }

    /// Answer the next request of `operation_id` (that gets past faults, auth and validation)
    /// with `reply`; queued replies are used in order, then the standing one or the example.
    pub fn script(&self, operation_id: &str, reply: Reply) -> Result<(), UnknownName> {
        let id = self::operation_id(operation_id)?;
        lock(&self.state.scripts)
            .entry(id)
            .or_default()
            .next
            .push_back(reply);
        Ok(())
    }

    /// Answer every request of `operation_id` with `reply` (instead of the spec's example).
    pub fn respond(&self, operation_id: &str, reply: Reply) -> Result<(), UnknownName> {
        let id = self::operation_id(operation_id)?;
        lock(&self.state.scripts).entry(id).or_default().standing = Some(reply);
        Ok(())
    }

    /// Inject a fault into `operation_id`'s answers.
    pub fn inject(&self, operation_id: &str, fault: Fault) -> Result<(), UnknownName> {
        let id = self::operation_id(operation_id)?;
        lock(&self.state.scripts)
            .entry(id)
            .or_default()
            .faults
            .push(fault);
        Ok(())
    }

    /// Expect calls to an operation (see [`Expectation`]): checked when the mock is dropped,
    /// which panics with every unmet expectation unless the test is already panicking; call
    /// [`MockServer::verify`] to check earlier. An expectation with a reply answers its matching
    /// requests, before the operation's scripted replies.
    pub fn expect(&self, expectation: Expectation) -> Result<(), UnknownName> {
        self::operation_id(&expectation.operation)?;
        lock(&self.state.expectations).push(expectation);
        Ok(())
    }

    /// Checks the expectations against the requests received so far.
    pub fn verify(&self) -> Result<(), UnmetExpectations> {
        expect::verify(&lock(&self.state.expectations), &lock(&self.state.requests))
    }

    /// Forget the replies, faults and expectations set up for every operation.
    pub fn reset(&self) {
        lock(&self.state.scripts).clear();
        lock(&self.state.expectations).clear();
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.state.requests).clone()
    }

    /// How many requests `operation_id` has received.
    pub fn count(&self, operation_id: &str) -> usize {
        lock(&self.state.requests)
            .iter()
            .filter(|r| r.operation_id == Some(operation_id))
            .count()
    }

    /// End every issued token's lifetime now, to test renewal without waiting 24 hours.
    pub fn expire_tokens(&self) {
        self.state.tokens.expire_all();
    }

    /// POSTs the webhook `name` to `url` as AiRudder does, retrying per the delivery policy, and
    /// returns what happened (also kept in [`MockServer::deliveries`]). Without a payload the
    /// spec's example is sent, byte for byte; a given payload is sent as is, valid or not. The
    /// headers the webhook's page declares are sent too: each with the spec's example value, a
    /// required one without an example with `mock-<header>`.
    pub async fn deliver_webhook(
        &self,
        name: &str,
        url: &str,
        payload: Option<&Value>,
    ) -> Result<Delivery, UnknownName> {
        let webhook = WEBHOOKS.iter().find(|w| w.name == name).ok_or_else(|| {
            let known: Vec<&str> = WEBHOOKS.iter().map(|w| w.name).collect();
            UnknownName(format!(
                "no webhook `{name}` in the spec; known: {}",
                known.join(", ")
            ))
        })?;
        let body = match (payload, webhook.example) {
            (Some(payload), _) => Bytes::from(serde_json::to_vec(payload).unwrap_or_default()),
            (None, Some(example)) => Bytes::from_static(example.as_bytes()),
            (None, None) => {
                return Err(UnknownName(format!(
                    "webhook `{name}` has no example in the spec; give a payload"
                )));
            }
        };
        let delivery = webhooks::deliver(
            &self.state.http,
            webhook.name,
            url,
            body,
            &webhooks::declared_headers(webhook),
            &self.state.delivery,
        )
        .await;
        lock(&self.state.deliveries).push(delivery.clone());
        Ok(delivery)
    }

    /// Every webhook delivery made so far.
    pub fn deliveries(&self) -> Vec<Delivery> {
        lock(&self.state.deliveries).clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
        // A second panic while unwinding would abort the process and hide the first failure.
        if !std::thread::panicking() {
            if let Err(unmet) = self.verify() {
                panic!("{unmet}");
            }
        }
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

async fn handle(
    State(state): State<Arc<MockState>>,
    method: Method,
    uri: Uri,
    Query(query): Query<Vec<(String, String)>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let found = crate::routes::find_operation(&method, uri.path());
    let recorded = RecordedRequest {
        operation_id: found.as_ref().map(|(op, _)| op.operation_id),
        method: method.clone(),
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        headers: headers.clone(),
        body: body.clone(),
    };
    // Which expectation answers it is decided now, before the request moves into the log; the
    // reply is used only if the request gets past faults, auth and validation.
    let expected = lock(&state.expectations)
        .iter()
        .find(|expectation| expectation.reply.is_some() && expectation.matches(&recorded))
        .and_then(|expectation| expectation.reply.clone());
    lock(&state.requests).push(recorded);
    let Some((operation, path_params)) = found else {
        let declared = crate::routes::operations_at(uri.path());
        if let Some(first) = declared.first() {
            // A path the spec knows, with a method it does not declare there: answered in the
            // envelope of the path's family.
            let allowed: Vec<&str> = declared.iter().map(|op| op.method.as_str()).collect();
            let allow = allowed.join(", ");
            let message = format!("`{}` takes {allow}, not {method}", uri.path());
            let envelope = first.envelope.error(405, "Method Not Allowed", &message);
            let mut response = json_response(StatusCode::METHOD_NOT_ALLOWED, &envelope);
            if let Ok(value) = HeaderValue::from_str(&allow) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            return response;
        }
        let message = format!("no operation `{method} {}` in the spec", uri.path());
        return json_response(StatusCode::NOT_FOUND, &unrouted(404, message));
    };
    let hit = faults::take(
        &mut lock(&state.scripts)
            .entry(operation.operation_id)
            .or_default()
            .faults,
    );
    if !hit.latency.is_zero() {
        tokio::time::sleep(hit.latency).await;
    }
    match hit.answer {
        Some(FaultKind::Status(status)) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (status, format!("fault injected by the mock: {status}")).into_response();
        }
        Some(FaultKind::TooManyRequests { retry_after_secs }) => {
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                "fault injected by the mock: slow down",
            )
                .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            return response;
        }
        _ => {}
    }
    if let Some(scheme) = operation.token {
        let authorization = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        if let Err(refusal) = state.tokens.check(scheme.name, authorization) {
            return json_response(
                StatusCode::UNAUTHORIZED,
                &refusal.envelope(operation.envelope),
            );
        }
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let fields = match crate::validate::check_request(
        operation,
        &query,
        &path_params,
        &header,
        content_type,
        &body,
    ) {
        Ok(fields) => fields,
        Err(message) => {
            return json_response(
                StatusCode::BAD_REQUEST,
                &operation.envelope.error(400, "Bad Request", &message),
            );
        }
    };
    let reply = expected.or_else(|| {
        let mut scripts = lock(&state.scripts);
        let script = scripts.entry(operation.operation_id).or_default();
        script.next.pop_front().or_else(|| script.standing.clone())
    });
    let reply = match (reply, operation.issues_token) {
        (Some(reply), _) => Some(reply),
        (None, Some(scheme)) => Some(issue_token(&state, scheme, &fields)),
        (None, None) => None,
    };
    render(operation, reply.as_ref(), hit.answer.as_ref())
}

/// A token call's answer: a token of its scheme for a known pair, at the scheme's pointer in the
/// payload; else the 403 code the token page lists.
fn issue_token(state: &MockState, scheme: &TokenScheme, fields: &Map<String, Value>) -> Reply {
    // The request was validated against its type already: the members are there, as text.
    let member = |name: &str| fields.get(name).and_then(Value::as_str).unwrap_or_default();
    let issued = state.tokens.issue(
        scheme.name,
        member(scheme.key_member),
        member(scheme.secret_member),
    );
    let Some(token) = issued else {
        return Reply::api_error(403, "invalid APPKey or APPSecret");
    };
    // The payload holds the token where the scheme says: `/token` is `{"token": "..."}`.
    let payload = scheme.pointer.trim_start_matches('/').rsplit('/').fold(
        Value::String(token),
        |inner, member| json!({ member: inner }),
    );
    Reply::data(payload)
}
