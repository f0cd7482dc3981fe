//! The client and its send loop: one `send` for every operation, driven by the request type's
//! `Endpoint` metadata, read once into an [`Operation`] so that the loop itself is not generic: it
//! is compiled once, here, not again in every crate that sends a request type of its own (only the
//! request's encoding and the answer's decoding are). A call is: a token (renewed once if
//! refused), attempts retried as the operation allows, each attempt bounded in time, its body
//! watched for stalls, its answer checked to come from the base URL's origin, and its errors
//! cleaned of the secrets it sent.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use airudder_models::{Endpoint, EnvelopeInfo, Enveloped, LargeArray, Method, TokenScheme};
use bytes::Bytes;
use reqwest::header::{self, HeaderValue};
use tokio::time::Instant;
use tracing::Instrument;

use crate::builder::ClientBuilder;
use crate::clock::Clock;
use crate::credentials::Credentials;
use crate::envelope::read_answer;
use crate::error::{BODY_READ_LIMIT, Error};
use crate::form::form_body;
use crate::origin::{Origin, one_shot};
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::rows::{DecodeHeader, DecodeRow, RowStream};
use crate::settings::CallSettings;
use crate::stall::{StallWatch, next_chunk};
use crate::take::{Answer, Collected, Opened, Take, Taken, Whole};
use crate::token::{SentToken, TokenCaches, authorization};

/// An AiRudder API client. Cheap to clone: clones share one connection pool and one token per token scheme.
///
/// Build one with [`Client::builder`] or [`Client::from_env`], then call an operation's method
/// (e.g. [`Client::get_task_detail`]) or [`Client::send`] with any request type. For one call with
/// other timeouts or retries, [`Client::with_timeout`] and its siblings give a client that shares
/// this one's connections and token.
#[derive(Clone)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
    pub(crate) settings: CallSettings,
}

/// What every clone and every per-call override of a client shares.
pub(crate) struct Shared {
    pub(crate) http: reqwest::Client,
    /// Without a trailing `/`; paths start with one.
    pub(crate) base_url: String,
    /// Where answers must come from.
    pub(crate) origin: Origin,
    pub(crate) user_agent: HeaderValue,
    pub(crate) credentials: Credentials,
    /// One token per token scheme.
    pub(crate) tokens: TokenCaches,
    /// The budget of one token fetch.
    pub(crate) token_settings: CallSettings,
    pub(crate) token_lifetime: Duration,
    pub(crate) token_refresh_margin: Duration,
    pub(crate) clock: Arc<dyn Clock>,
}

/// A request encoded once, sent as many times as retries need.
struct Prepared {
    method: reqwest::Method,
    url: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(header::HeaderName, HeaderValue)>,
    /// `application/json`, or a form's media type.
    content_type: HeaderValue,
    body: Option<Bytes>,
}

/// What the send loop needs of an operation, read from its `Endpoint` once, so that the loop is
/// not generic.
#[derive(Debug, Clone, Copy)]
struct Operation {
    id: &'static str,
    idempotent: bool,
    /// The scheme whose token it carries; `None` for a token call.
    token: Option<&'static TokenScheme>,
    /// The family of its answers' envelope: read for errors, whatever the HTTP status.
    envelope: &'static EnvelopeInfo,
}

impl Operation {
    fn of<E: Endpoint>() -> Operation {
        Operation {
            id: E::OPERATION_ID,
            idempotent: E::IDEMPOTENT,
            token: E::TOKEN,
            envelope: <E::Envelope as Enveloped>::INFO,
        }
    }

    /// The token call of `scheme`: asking again only extends the token, so it is retried.
    fn token_call(scheme: &'static TokenScheme) -> Operation {
        Operation {
            id: scheme.operation_id,
            idempotent: true,
            token: None,
            envelope: scheme.envelope,
        }
    }
}

impl Client {
    /// A builder with the defaults: production URL, 10 s connect timeout, 300 s per attempt
    /// (task details can be hundreds of MB), 30 s stall window, 10 s per token fetch, the default
    /// [`RetryPolicy`], no redirects.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client from the environment: `AIRUDDER_APP_KEY` and `AIRUDDER_APP_SECRET`, else
    /// `AIRUDDER_TOKEN` (see [`ClientBuilder::credentials_from_env`]); `AIRUDDER_BASE_URL` if set.
    pub fn from_env() -> Result<Client, Error> {
        let mut builder = Client::builder();
        if let Some(base_url) = std::env::var(crate::credentials::BASE_URL_VAR)
            .ok()
            .filter(|value| !value.is_empty())
        {
            builder = builder.base_url(base_url);
        }
        builder.credentials_from_env()?.build()
    }

    pub(crate) fn from_parts(shared: Shared, settings: CallSettings) -> Client {
        Client {
            shared: Arc::new(shared),
            settings,
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// Sends any request and returns its envelope's payload (`data`, `body`: as its family says).
    ///
    /// Requests that carry a token scheme get `Authorization: Token <token>`; with APPKey +
    /// APPSecret that scheme's token is obtained on first use, renewed before it expires, and renewed once more if
    /// AiRudder refuses it. Requests that are safe to repeat are retried per the [`RetryPolicy`].
    pub async fn send<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        self.execute(request, Whole::new(read_answer::<E>)).await
    }

    /// Sends the request of an operation whose answer has a large array and streams its rows;
    /// what the generated `*_stream` methods call.
    pub(crate) async fn open_rows<E: Endpoint, H: Unpin + Send, R: Send>(
        &self,
        request: &E,
        array: &'static str,
        decode_header: DecodeHeader<H>,
        decode_row: DecodeRow<R>,
    ) -> Result<RowStream<H, R>, Error> {
        let opened = Opened::new(array, decode_header, decode_row);
        self.execute(request, opened).await
    }

    /// Sends the request of an operation whose answer has a large array and reads it whole, row
    /// by row: the body is never held whole beside the decoded rows. What the generated
    /// (non-streaming) methods of such operations call.
    pub(crate) async fn collect_rows<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error>
    where
        E::Response: LargeArray,
    {
        self.execute(request, Collected::new()).await
    }

    /// The generic side of a call, kept thin: encode the request, run the send loop (not
    /// generic: compiled once, in this crate), hand over what `take` took.
    async fn execute<E: Endpoint, T: Taken>(
        &self,
        request: &E,
        mut take: T,
    ) -> Result<T::Output, Error> {
        let prepared = prepare(request, &self.shared.base_url);
        self.send_loop(Operation::of::<E>(), prepared, &self.settings, &mut take)
            .await?;
        take.into_output().ok_or_else(Error::missing_data)
    }

    /// Sends with a token (renewed once if refused) and the retries the operation allows; `take`
    /// says how a successful answer is taken.
    async fn send_loop(
        &self,
        operation: Operation,
        prepared: Result<Prepared, Error>,
        settings: &CallSettings,
        take: &mut dyn Take,
    ) -> Result<(), Error> {
        let prepared = prepared.map_err(|error| error.for_operation(operation.id))?;
        // One time budget for the whole call, a repeat after a token renewal included.
        let started = Instant::now();
        let mut renewed = false;
        loop {
            let sent = match operation.token {
                Some(scheme) => Some(self.token(scheme).await?),
                None => None,
            };
            match self
                .call(operation, &prepared, sent.as_ref(), settings, take, started)
                .await
            {
                Err(error) if error.is_token_rejected() => {
                    // A refused token is never used again, renewed or not.
                    if let Some(sent) = &sent {
                        sent.refused();
                    }
                    if renewed || sent.is_none() || !self.can_renew() {
                        return Err(error);
                    }
                    renewed = true;
                    tracing::debug!(operation = operation.id, "token refused; renewing it once");
                }
                outcome => return outcome,
            }
        }
    }

    /// Every attempt of one call with one token, retrying what is safe to retry.
    async fn call(
        &self,
        operation: Operation,
        prepared: &Prepared,
        sent: Option<&SentToken>,
        settings: &CallSettings,
        take: &mut dyn Take,
        started: Instant,
    ) -> Result<(), Error> {
        let never = RetryPolicy::never();
        let policy = if operation.idempotent {
            &settings.retry
        } else {
            &never
        };
        let mut attempt = 1;
        loop {
            let span = tracing::info_span!(
                "airudder_request",
                operation = operation.id,
                attempt,
                http.status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let attempt_started = std::time::Instant::now();
            let outcome = self
                .attempt(operation, prepared, sent, settings, &mut *take)
                .instrument(span.clone())
                .await;
            span.record("duration_ms", attempt_started.elapsed().as_millis() as u64);
            let error = match outcome {
                Ok(()) => return Ok(()),
                Err(error) => error.for_operation(operation.id),
            };
            let elapsed = started.elapsed();
            let delay = if error.is_retryable() {
                policy.next_delay(attempt, elapsed, error.retry_after())
            } else {
                None
            };
            let Some(delay) = delay else {
                return Err(error);
            };
            span.in_scope(
                || tracing::warn!(error = %error, delay_ms = delay.as_millis() as u64, "retrying"),
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt, within the settings' timeout.
    async fn attempt(
        &self,
        operation: Operation,
        prepared: &Prepared,
        sent: Option<&SentToken>,
        settings: &CallSettings,
        take: &mut dyn Take,
    ) -> Result<(), Error> {
        let answer = Answer {
            client: self,
            operation: operation.id,
            envelope: operation.envelope,
            hands_out_token: operation.token.is_none(),
            sent,
            settings,
        };
        let attempt = async {
            let response = self.request(prepared, sent)?.send().await;
            let mut response = response.map_err(Error::transport)?;
            if !self.shared.origin.holds(response.url()) {
                return Err(Error::cross_origin());
            }
            let status = response.status();
            tracing::Span::current().record("http.status", status.as_u16());
            if !status.is_success() {
                let retry_after = response
                    .headers()
                    .get(header::RETRY_AFTER)
                    .and_then(|value| parse_retry_after(value, SystemTime::now()));
                let body = read_snippet(&mut response, &mut answer.watch()).await;
                let said = operation.envelope.read_said(&body).ok();
                let error = Error::http(status, &body, said, retry_after);
                return Err(error.redacted(&answer.redactor(Some(&body))));
            }
            take.take(response, &answer).await
        };
        match tokio::time::timeout(settings.timeout, attempt).await {
            Ok(outcome) => outcome,
            Err(_) => Err(Error::attempt_timeout(settings.timeout)),
        }
    }

    fn request(
        &self,
        prepared: &Prepared,
        sent: Option<&SentToken>,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let mut request = self
            .shared
            .http
            .request(prepared.method.clone(), &prepared.url)
            .header(header::USER_AGENT, self.shared.user_agent.clone())
            .header(header::ACCEPT, HeaderValue::from_static("application/json"))
            // AiRudder's pages require it on every call, GETs included.
            .header(header::CONTENT_TYPE, prepared.content_type.clone());
        if !prepared.query.is_empty() {
            request = request.query(&prepared.query);
        }
        for (name, value) in &prepared.headers {
            request = request.header(name.clone(), value.clone());
        }
        if let Some(body) = &prepared.body {
            request = request.body(one_shot(body.clone()));
        }
        if let Some(sent) = sent {
            let mut value = HeaderValue::from_str(&authorization(&sent.token))
                .map_err(|_| Error::config("the token is not a valid header value"))?;
            value.set_sensitive(true);
            request = request.header(header::AUTHORIZATION, value);
        }
        Ok(request)
    }

    /// Sends the token call of `scheme` with the credentials' `body` (a JSON object, written as a
    /// form when the scheme says so), within the token budget: the token fetch's way in, which
    /// must not go through [`Client::token`].
    pub(crate) async fn send_token_request(
        &self,
        scheme: &'static TokenScheme,
        body: Vec<u8>,
        take: &mut dyn Take,
    ) -> Result<(), Error> {
        let operation = Operation::token_call(scheme);
        let (content_type, body) =
            encoded_body(body, scheme.form).map_err(|error| error.for_operation(operation.id))?;
        let prepared = Prepared {
            method: http_method(scheme.method),
            url: format!("{}{}", self.shared.base_url, scheme.path),
            query: Vec::new(),
            headers: Vec::new(),
            content_type,
            body: Some(body),
        };
        let settings = &self.shared.token_settings;
        self.call(operation, &prepared, None, settings, take, Instant::now())
            .await
    }
}

/// The body as it is sent: the JSON object as it is, or written as a form.
fn encoded_body(json: Vec<u8>, form: bool) -> Result<(HeaderValue, Bytes), Error> {
    if form {
        let form = form_body(&json)?;
        let media = HeaderValue::from_static("application/x-www-form-urlencoded");
        Ok((media, Bytes::from(form)))
    } else {
        Ok((
            HeaderValue::from_static("application/json"),
            Bytes::from(json),
        ))
    }
}

fn http_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// Encodes `request` once: method, URL, query, headers and body.
fn prepare<E: Endpoint>(request: &E, base_url: &str) -> Result<Prepared, Error> {
    let method = http_method(E::METHOD);
    let (content_type, body) = if E::HAS_BODY {
        let mut body = Vec::with_capacity(64);
        request.write_body(&mut body).map_err(Error::encode)?;
        let (content_type, body) = encoded_body(body, E::FORM)?;
        (content_type, Some(body))
    } else {
        (HeaderValue::from_static("application/json"), None)
    };
    let mut headers = Vec::new();
    for (name, value) in request.headers() {
        let invalid = |what: &str| Error::config(format!("the header `{name}` has {what}"));
        let name = header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| invalid("a name that is not a valid header name"))?;
        let value = HeaderValue::from_str(&value)
            .map_err(|_| invalid("a value that is not a valid header value"))?;
        headers.push((name, value));
    }
    Ok(Prepared {
        method,
        url: format!("{base_url}{}", request.path()),
        query: request.query(),
        headers,
        content_type,
        body,
    })
}

/// The first bytes of an unexpected answer, for the error (its envelope, and the secrets to remove
/// from what is kept); the rest is not read. A body that
/// breaks or stalls gives what arrived before.
async fn read_snippet(response: &mut reqwest::Response, watch: &mut StallWatch) -> Vec<u8> {
    let mut snippet = Vec::new();
    while snippet.len() < BODY_READ_LIMIT {
        match next_chunk(response, watch).await {
            Ok(Some(chunk)) => snippet.extend_from_slice(&chunk),
            _ => break,
        }
    }
    snippet.truncate(BODY_READ_LIMIT);
    snippet
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.base_url)
            .field("user_agent", &self.shared.user_agent)
            .field("credentials", &self.shared.credentials)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}
