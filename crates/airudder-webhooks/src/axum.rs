//! Serving one webhook on an axum router: checks, parsing, duplicate detection, the integrator's
//! handler, and the answer AiRudder expects.
//!
//! ```no_run
//! use airudder_models::WorkflowStatusChangedNotification;
//! use airudder_webhooks::Deduplicator;
//! use airudder_webhooks::axum::WebhookService;
//!
//! async fn on_status_changed(notification: WorkflowStatusChangedNotification) -> Result<(), String> {
//!     // Store it durably before returning Ok: AiRudder is told `200 {}` only afterwards.
//!     println!("workflow {} is {}", notification.workflow_id, notification.status);
//!     Ok(())
//! }
//!
//! # async fn serve() -> std::io::Result<()> {
//! let app = WebhookService::new(on_status_changed)
//!     .deduplicate(Deduplicator::default())
//!     .into_router("/airudder/workflow-status");
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
//! axum::serve(listener, app).await
//! # }
//! ```
//!
//! What the service answers:
//!
//! | delivery | handler | answer |
//! |---|---|---|
//! | valid, new | called, `Ok` | `200 {}`, then remembered as accepted (with deduplication) |
//! | valid, new | called, `Err` | `500 {"error": ...}`: AiRudder retries, and the retry is handled |
//! | valid, already accepted (with deduplication) | not called | `200 {}` |
//! | valid, being handled by another delivery | not called until that one ends | as that one, or handled if it failed |
//! | body over the limit | not called | `413 {"error": ...}` |
//! | `Content-Type` not JSON | not called | `415 {"error": ...}` |
//! | a header the page requires is missing | not called | `400 {"error": ...}` naming the header |
//! | not JSON, or not the payload | not called | `400 {"error": ...}` naming the JSON path |
//!
//! Each delivery is logged with `tracing` (webhook name, outcome, status, the JSON path of a bad
//! value, the handler's error); the body never is, since it carries phone numbers and case IDs.

use std::fmt::Display;
use std::marker::PhantomData;
use std::sync::Arc;

use ::axum::Router;
use ::axum::body::Bytes;
use ::axum::extract::DefaultBodyLimit;
use ::axum::extract::rejection::BytesRejection;
use ::axum::http::header::CONTENT_TYPE;
use ::axum::http::{HeaderMap, HeaderValue, StatusCode};
use ::axum::response::{IntoResponse, Response};
use ::axum::routing::post;
use airudder_models::Webhook;

use crate::{
    BodyLimit, Claim, Deduplicator, DeliveryHeaders, Fingerprint, WebhookError, check_content_type,
    check_headers, parse,
};

/// The integrator's code a [`WebhookService`] calls for each valid delivery.
///
/// Implemented for every `Fn(W) -> impl Future<Output = Result<(), E>>` with `E: Display`
/// ([`WebhookService::new`]), and for the handlers of [`WebhookService::with_headers`], which
/// also get the delivery's [`DeliveryHeaders`].
pub trait Handler<W>: Send + Sync + 'static {
    /// Handles one notification; `Err` is answered with 500 so AiRudder delivers it again.
    fn handle(
        &self,
        payload: W,
        headers: DeliveryHeaders,
    ) -> impl Future<Output = Result<(), String>> + Send;
}

impl<W, F, Fut, E> Handler<W> for F
where
    F: Fn(W) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
    E: Display,
{
    fn handle(
        &self,
        payload: W,
        _headers: DeliveryHeaders,
    ) -> impl Future<Output = Result<(), String>> + Send {
        let handled = self(payload);
        async move { handled.await.map_err(|error| error.to_string()) }
    }
}

/// A handler that takes the delivery's headers too ([`WebhookService::with_headers`]).
pub struct WithHeaders<F>(F);

impl<W, F, Fut, E> Handler<W> for WithHeaders<F>
where
    F: Fn(W, DeliveryHeaders) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
    E: Display,
{
    fn handle(
        &self,
        payload: W,
        headers: DeliveryHeaders,
    ) -> impl Future<Output = Result<(), String>> + Send {
        let handled = (self.0)(payload, headers);
        async move { handled.await.map_err(|error| error.to_string()) }
    }
}

impl<F> std::fmt::Debug for WithHeaders<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WithHeaders(..)")
    }
}

/// One webhook's endpoint: a typed handler plus the checks in front of it.
///
/// The handler is any `Fn(W) -> impl Future<Output = Result<(), E>>` with `E: Display` (or, with
/// [`WebhookService::with_headers`], `Fn(W, DeliveryHeaders)`); it should return `Ok` only once
/// the notification is safely handled (stored, queued), because `Ok` is what makes AiRudder stop
/// retrying. See the [module docs](self) for every answer.
pub struct WebhookService<W, H> {
    handler: H,
    body_limit: BodyLimit,
    dedupe: Option<Deduplicator>,
    payload: PhantomData<fn() -> W>,
}

impl<W, H> WebhookService<W, H> {
    /// A service calling `handler` for every valid delivery: no deduplication, a body limit of
    /// [`BodyLimit::DEFAULT`].
    pub fn new(handler: H) -> Self {
        WebhookService {
            handler,
            body_limit: BodyLimit::DEFAULT,
            dedupe: None,
            payload: PhantomData,
        }
    }

    /// Refuses bodies over `limit` with 413, before they are read whole.
    pub fn body_limit(mut self, limit: BodyLimit) -> Self {
        self.body_limit = limit;
        self
    }

    /// Acknowledges a notification accepted before without calling the handler again, and
    /// handles concurrent deliveries of one notification once. Pass a clone of one
    /// [`Deduplicator`] to several services to share its memory.
    pub fn deduplicate(mut self, dedupe: Deduplicator) -> Self {
        self.dedupe = Some(dedupe);
        self
    }
}

impl<W, F> WebhookService<W, WithHeaders<F>> {
    /// A service calling `handler` with every valid delivery and its [`DeliveryHeaders`] (the
    /// headers the webhook's page declares, [`Webhook::HEADERS`]); otherwise as
    /// [`WebhookService::new`].
    pub fn with_headers(handler: F) -> Self {
        WebhookService::new(WithHeaders(handler))
    }
}

impl<W, H> WebhookService<W, H>
where
    W: Webhook + Send + 'static,
    H: Handler<W>,
{
    /// A router answering `POST path` (other methods get 405), to serve alone or to
    /// [`merge`](Router::merge) into the application's router.
    pub fn into_router<S>(self, path: &str) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let limit = self.body_limit;
        let service = Arc::new(self);
        Router::new()
            .route(
                path,
                post(
                    move |headers: HeaderMap, body: Result<Bytes, BytesRejection>| {
                        let service = Arc::clone(&service);
                        async move { service.deliver(&headers, body).await }
                    },
                ),
            )
            .layer(DefaultBodyLimit::max(limit.get()))
    }

    async fn deliver(&self, headers: &HeaderMap, body: Result<Bytes, BytesRejection>) -> Response {
        let (payload, declared) = match self.read(headers, body) {
            Ok(read) => read,
            Err(refusal) => return refusal.into_response::<W>(),
        };
        // Fingerprinted before any await, so the future holds no `&W` (`W` need not be `Sync`).
        let claimable = self
            .dedupe
            .as_ref()
            .and_then(|dedupe| Some((dedupe, fingerprint(dedupe, &payload)?)));
        let pending = match claimable {
            Some((dedupe, fingerprint)) => match claim::<W>(dedupe, fingerprint).await {
                Claim::AlreadyAccepted => {
                    tracing::info!(
                        webhook = W::NAME,
                        outcome = "duplicate",
                        "webhook already accepted, acknowledged again"
                    );
                    return acknowledge();
                }
                Claim::Acquired(pending) => Some(pending),
            },
            None => None,
        };
        match self.handler.handle(payload, declared).await {
            Ok(()) => {
                // Remembered before answering: a redelivery racing the answer is then dropped.
                if let Some(pending) = pending {
                    pending.accept();
                }
                tracing::info!(webhook = W::NAME, outcome = "accepted", "webhook accepted");
                acknowledge()
            }
            Err(error) => {
                // Dropping the claim keeps the notification retryable.
                drop(pending);
                tracing::warn!(webhook = W::NAME, outcome = "handler_failed", error = %error, "webhook handler failed; AiRudder will retry");
                // The handler's message stays in the log: it may describe internals.
                error_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &format!(
                        "webhook `{}` was not accepted: its handler failed; deliver it again later",
                        W::NAME
                    ),
                )
            }
        }
    }

    fn read(
        &self,
        headers: &HeaderMap,
        body: Result<Bytes, BytesRejection>,
    ) -> Result<(W, DeliveryHeaders), Refusal> {
        check_content_type(headers.get(CONTENT_TYPE)).map_err(Refusal::Invalid)?;
        let declared = check_headers(W::NAME, W::HEADERS, |name| {
            headers.get(name).map(|value| value.as_bytes().to_vec())
        })
        .map_err(Refusal::Invalid)?;
        let body = body.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Refusal::Invalid(WebhookError::TooLarge {
                    limit: self.body_limit.get(),
                })
            } else {
                Refusal::Unreadable
            }
        })?;
        let payload = parse::<W>(&body, self.body_limit).map_err(Refusal::Invalid)?;
        Ok((payload, declared))
    }
}

/// Why a delivery never reached the handler.
enum Refusal {
    Invalid(WebhookError),
    /// The sender hung up or broke the HTTP framing mid-body.
    Unreadable,
}

impl Refusal {
    fn into_response<W: Webhook>(self) -> Response {
        match self {
            Refusal::Invalid(error) => {
                tracing::warn!(
                    webhook = W::NAME,
                    outcome = "refused",
                    reason = error.kind(),
                    status = error.status(),
                    json_path = error.json_path(),
                    "webhook refused"
                );
                let status =
                    StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
                error_response(status, &error.to_string())
            }
            Refusal::Unreadable => {
                tracing::warn!(
                    webhook = W::NAME,
                    outcome = "unreadable",
                    "webhook body could not be read"
                );
                let message = format!(
                    "webhook `{}` body could not be read; send it again",
                    W::NAME
                );
                error_response(StatusCode::BAD_REQUEST, &message)
            }
        }
    }
}

/// The payload's fingerprint; `None` when it cannot be encoded, in which case it is handled
/// without deduplication rather than lost.
fn fingerprint<W: Webhook>(dedupe: &Deduplicator, payload: &W) -> Option<Fingerprint> {
    dedupe
        .fingerprint(payload)
        .inspect_err(|error| {
            tracing::warn!(webhook = W::NAME, error = %error, "webhook payload cannot be fingerprinted; handling it without deduplication");
        })
        .ok()
}

/// Claims the notification, waiting while a concurrent delivery of it is being handled.
async fn claim<W: Webhook>(dedupe: &Deduplicator, fingerprint: Fingerprint) -> Claim {
    match dedupe.try_claim(fingerprint) {
        Ok(claim) => claim,
        Err(_in_flight) => {
            tracing::debug!(
                webhook = W::NAME,
                "webhook being handled by another delivery; waiting for it"
            );
            dedupe.claim(fingerprint).await
        }
    }
}

/// `200 {}`: the answer AiRudder documents as the acknowledgement.
fn acknowledge() -> Response {
    json_response(StatusCode::OK, "{}".to_owned())
}

/// `{"error": message}` on one line (JSON escapes any newline).
fn error_response(status: StatusCode, message: &str) -> Response {
    json_response(status, serde_json::json!({ "error": message }).to_string())
}

fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
        .into_response()
}

impl<W, H> std::fmt::Debug for WebhookService<W, H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookService")
            .field("webhook", &std::any::type_name::<W>())
            .field("body_limit", &self.body_limit)
            .field("dedupe", &self.dedupe)
            .finish_non_exhaustive()
    }
}
