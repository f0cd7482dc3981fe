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
//! | without the URL secret, or failing the verifier (when set) | not called | `401 {}`, no detail |
//! | valid, new | called, `Ok` | `200 {}`, then remembered as accepted (with deduplication) |
//! | valid, new | called, `Err` | `500 {"error": ...}`: AiRudder retries, and the retry is handled |
//! | valid, already accepted (with deduplication) | not called | `200 {}` |
//! | valid, being handled by another delivery | not called until that one ends | as that one, or handled if it failed; `503` if it is still handled after the wait limit |
//! | valid, the deduplication store unavailable | not called | `500 {"error": ...}`: AiRudder retries (never handled without the check) |
//! | body over the limit | not called | `413 {"error": ...}` |
//! | `Content-Type` not JSON | not called | `415 {"error": ...}` |
//! | a header the page requires is missing | not called | `400 {"error": ...}` naming the header |
//! | not JSON, or not the payload | not called | `400 {"error": ...}` naming the JSON path |
//!
//! Each delivery runs in an `airudder_webhook` span (webhook name, fingerprint, outcome: `handled`,
//! `duplicate`, `refused` or `failed`) and is logged with `tracing` (status, the reason of a
//! refusal, the JSON path of a bad value, the handler's error); neither the body (it carries phone
//! numbers and case IDs) nor the URL (it may carry the secret) ever is.
//!
//! Deliveries are served concurrently: a slow handler holds up only the deliveries of the same
//! notification (which wait for its outcome), never the others. Still, answer fast: AiRudder
//! waits for the answer, so store the notification durably, return `Ok`, and do the long work
//! later (README, "Receiving webhooks").

use std::fmt::Display;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use ::axum::Router;
use ::axum::body::Bytes;
use ::axum::extract::rejection::BytesRejection;
use ::axum::extract::{DefaultBodyLimit, Path, RawQuery};
use ::axum::http::header::CONTENT_TYPE;
use ::axum::http::{HeaderMap, HeaderValue, StatusCode};
use ::axum::response::{IntoResponse, Response};
use ::axum::routing::post;
use airudder_models::Webhook;
use tracing::Instrument;

use crate::{
    BodyLimit, Claim, ClaimError, Deduplicator, DeliveryHeaders, Fingerprint, Pending, StoreError,
    UrlSecret, WebhookError, check_content_type, check_headers, parse,
};

/// A check of a delivery's headers and raw body, before it is parsed (for a signature header,
/// once AiRudder documents its algorithm). Implemented for every
/// `Fn(&HeaderMap, &[u8]) -> bool + Send + Sync`.
pub trait Verifier: Send + Sync + 'static {
    /// Whether the delivery is authentic; `false` is answered with 401.
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> bool;
}

impl<F> Verifier for F
where
    F: Fn(&HeaderMap, &[u8]) -> bool + Send + Sync + 'static,
{
    fn verify(&self, headers: &HeaderMap, body: &[u8]) -> bool {
        self(headers, body)
    }
}

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
    max_wait: Duration,
    url_secret: Option<UrlSecret>,
    verifier: Option<Arc<dyn Verifier>>,
    payload: PhantomData<fn() -> W>,
}

impl<W, H> WebhookService<W, H> {
    /// How long a delivery waits for another delivery of the same notification to be handled,
    /// by default, before answering 503 (AiRudder then delivers it again).
    pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(30);

    /// A service calling `handler` for every valid delivery: no deduplication, no
    /// authentication, a body limit of [`BodyLimit::DEFAULT`].
    pub fn new(handler: H) -> Self {
        WebhookService {
            handler,
            body_limit: BodyLimit::DEFAULT,
            dedupe: None,
            max_wait: Self::DEFAULT_MAX_WAIT,
            url_secret: None,
            verifier: None,
            payload: PhantomData,
        }
    }

    /// Admits only deliveries whose URL carries `secret` (compared in constant time); the others
    /// get `401 {}` and are never handled. With [`UrlSecret::path_segment`] the router serves
    /// `<path>/<secret>`.
    pub fn url_secret(mut self, secret: UrlSecret) -> Self {
        self.url_secret = Some(secret);
        self
    }

    /// Admits only deliveries `verifier` accepts (with [`url_secret`](Self::url_secret) too, if
    /// set: both must pass); the others get `401 {}` and are never handled.
    pub fn verify(mut self, verifier: impl Verifier) -> Self {
        self.verifier = Some(Arc::new(verifier));
        self
    }

    /// How long a delivery waits while another delivery of the same notification is handled
    /// (default [`DEFAULT_MAX_WAIT`](Self::DEFAULT_MAX_WAIT)); then it is answered 503.
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
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
    /// [`merge`](Router::merge) into the application's router. With a path-segment
    /// [`UrlSecret`] it answers `POST path/<segment>`.
    pub fn into_router<S>(self, path: &str) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let limit = self.body_limit;
        let in_path = self.url_secret.as_ref().is_some_and(UrlSecret::in_path);
        let service = Arc::new(self);
        let bare = Arc::clone(&service);
        let mut router = Router::new().route(
            path,
            post(
                move |query: RawQuery, headers: HeaderMap, body: Result<Bytes, BytesRejection>| {
                    let service = Arc::clone(&bare);
                    async move { service.deliver(None, query.0, &headers, body).await }
                },
            ),
        );
        if in_path {
            let segmented = format!("{}/{{secret}}", path.trim_end_matches('/'));
            router = router.route(
                &segmented,
                post(
                    move |Path(segment): Path<String>,
                          query: RawQuery,
                          headers: HeaderMap,
                          body: Result<Bytes, BytesRejection>| {
                        let service = Arc::clone(&service);
                        async move {
                            service
                                .deliver(Some(segment), query.0, &headers, body)
                                .await
                        }
                    },
                ),
            );
        }
        router.layer(DefaultBodyLimit::max(limit.get()))
    }

    /// One delivery, in its span.
    async fn deliver(
        &self,
        segment: Option<String>,
        query: Option<String>,
        headers: &HeaderMap,
        body: Result<Bytes, BytesRejection>,
    ) -> Response {
        let span = tracing::info_span!(
            "airudder_webhook",
            webhook = W::NAME,
            fingerprint = tracing::field::Empty,
            outcome = tracing::field::Empty,
        );
        let (outcome, response) = self
            .handle_delivery(segment.as_deref(), query.as_deref(), headers, body)
            .instrument(span.clone())
            .await;
        span.record("outcome", outcome.as_str());
        response
    }

    async fn handle_delivery(
        &self,
        segment: Option<&str>,
        query: Option<&str>,
        headers: &HeaderMap,
        body: Result<Bytes, BytesRejection>,
    ) -> (Outcome, Response) {
        if let Some(secret) = &self.url_secret {
            if !secret.admits(segment, query) {
                return Refusal::Unauthenticated.answer::<W>();
            }
        }
        let (payload, declared) = match self.read(headers, body) {
            Ok(read) => read,
            Err(refusal) => return refusal.answer::<W>(),
        };
        // Fingerprinted before any await, so the future holds no `&W` (`W` need not be `Sync`).
        let claimable = self
            .dedupe
            .as_ref()
            .and_then(|dedupe| Some((dedupe, fingerprint(dedupe, &payload)?)));
        let pending = match claimable {
            Some((dedupe, fingerprint)) => {
                tracing::Span::current().record("fingerprint", fingerprint.to_hex());
                match self.claim(dedupe, fingerprint).await {
                    Ok(Some(pending)) => Some(pending),
                    Ok(None) => {
                        tracing::info!(
                            outcome = "duplicate",
                            "webhook already accepted, acknowledged again"
                        );
                        return (Outcome::Duplicate, acknowledge());
                    }
                    Err(failed) => return failed,
                }
            }
            None => None,
        };
        match self.handler.handle(payload, declared).await {
            Ok(()) => {
                // Remembered before answering: a redelivery racing the answer is then dropped.
                if let Some(pending) = pending {
                    if let Err(error) = pending.accept().await {
                        // Handled all the same: the only risk left is handling a redelivery again.
                        tracing::warn!(error = %error, "webhook handled but not remembered as accepted");
                    }
                }
                tracing::info!(outcome = "handled", "webhook accepted");
                (Outcome::Handled, acknowledge())
            }
            Err(error) => {
                // Dropping the claim keeps the notification retryable.
                drop(pending);
                tracing::warn!(outcome = "failed", error = %error, "webhook handler failed; AiRudder will retry");
                // The handler's message stays in the log: it may describe internals.
                let message = format!(
                    "webhook `{}` was not accepted: its handler failed; deliver it again later",
                    W::NAME
                );
                (
                    Outcome::Failed,
                    error_response(StatusCode::INTERNAL_SERVER_ERROR, &message),
                )
            }
        }
    }

    /// Claims the notification (`None`: accepted before), waiting at most `max_wait` while a
    /// concurrent delivery of it is handled; a failure is the answer to give.
    async fn claim(
        &self,
        dedupe: &Deduplicator,
        fingerprint: Fingerprint,
    ) -> Result<Option<Pending>, (Outcome, Response)> {
        let claimed = match dedupe.try_claim(fingerprint).await {
            Ok(claim) => Ok(claim),
            Err(ClaimError::Store(error)) => Err(error),
            Err(ClaimError::InFlight) => {
                tracing::debug!("webhook being handled by another delivery; waiting for it");
                self.wait_for_claim(dedupe, fingerprint).await?
            }
        };
        match claimed {
            Ok(Claim::AlreadyAccepted) => Ok(None),
            Ok(Claim::Acquired(pending)) => Ok(Some(pending)),
            Err(error) => {
                tracing::error!(outcome = "failed", reason = "store_unavailable", error = %error, "webhook not handled: duplicates cannot be checked");
                let message = format!(
                    "webhook `{}` was not handled: duplicates cannot be checked right now; deliver it again later",
                    W::NAME
                );
                Err((
                    Outcome::Failed,
                    error_response(StatusCode::INTERNAL_SERVER_ERROR, &message),
                ))
            }
        }
    }

    /// Waits at most `max_wait` for the claim of a notification another delivery is handling.
    #[allow(clippy::type_complexity)]
    async fn wait_for_claim(
        &self,
        dedupe: &Deduplicator,
        fingerprint: Fingerprint,
    ) -> Result<Result<Claim, StoreError>, (Outcome, Response)> {
        match tokio::time::timeout(self.max_wait, dedupe.claim(fingerprint)).await {
            Ok(claimed) => Ok(claimed),
            Err(_) => {
                tracing::warn!(
                    outcome = "failed",
                    reason = "in_flight",
                    "webhook still handled by another delivery after the wait limit"
                );
                let message = format!(
                    "webhook `{}` is being handled by another delivery; deliver it again later",
                    W::NAME
                );
                Err((
                    Outcome::Failed,
                    error_response(StatusCode::SERVICE_UNAVAILABLE, &message),
                ))
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
        if let Some(verifier) = &self.verifier {
            if !verifier.verify(headers, &body) {
                return Err(Refusal::Unauthenticated);
            }
        }
        let payload = parse::<W>(&body, self.body_limit).map_err(Refusal::Invalid)?;
        Ok((payload, declared))
    }
}

/// What became of a delivery, for its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Handled,
    Duplicate,
    Refused,
    Failed,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Handled => "handled",
            Outcome::Duplicate => "duplicate",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
        }
    }
}

/// Why a delivery never reached the handler.
enum Refusal {
    Invalid(WebhookError),
    /// The sender hung up or broke the HTTP framing mid-body.
    Unreadable,
    /// Without the URL secret, or refused by the verifier. Nothing is said of why.
    Unauthenticated,
}

impl Refusal {
    fn answer<W: Webhook>(self) -> (Outcome, Response) {
        let response = match self {
            Refusal::Invalid(error) => {
                tracing::warn!(
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
                    outcome = "refused",
                    reason = "unreadable",
                    "webhook body could not be read"
                );
                let message = format!(
                    "webhook `{}` body could not be read; send it again",
                    W::NAME
                );
                error_response(StatusCode::BAD_REQUEST, &message)
            }
            Refusal::Unauthenticated => {
                tracing::warn!(
                    outcome = "refused",
                    reason = "unauthenticated",
                    "webhook refused: not authenticated"
                );
                json_response(StatusCode::UNAUTHORIZED, "{}".to_owned())
            }
        };
        (Outcome::Refused, response)
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
            .field("max_wait", &self.max_wait)
            .field("url_secret", &self.url_secret)
            .field("verifier", &self.verifier.is_some())
            .finish_non_exhaustive()
    }
}
