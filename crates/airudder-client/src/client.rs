//! The client: one generic `send` for every operation, driven by the request type's `Endpoint`
//! metadata, with the token lifecycle, retries and envelope handling done once here.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use airudder_models::{Endpoint, Method, ObtainTokenRequest, Secret};
use bytes::Bytes;
use reqwest::header::{self, HeaderValue};
use tokio::sync::Mutex;
use tracing::Instrument;

use crate::builder::ClientBuilder;
use crate::clock::Clock;
use crate::credentials::{CachedToken, Credentials};
use crate::envelope::read_answer;
use crate::error::{BODY_SNIPPET_LIMIT, Error, ErrorKind};
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::rows::{DecodeHeader, DecodeRow, RowStream};

/// The largest buffer reserved up front from a `Content-Length`; a body that is really larger
/// still arrives whole, the buffer grows.
const MAX_PRESIZE: u64 = 1 << 30;

/// An AiRudder API client. Cheap to clone: clones share one connection pool and one token.
///
/// Build one with [`Client::builder`] or [`Client::from_env`], then call an operation's method
/// (e.g. [`Client::get_task_detail`]) or [`Client::send`] with any request type.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Without a trailing `/`; paths start with one.
    pub(crate) base_url: String,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    pub(crate) credentials: Credentials,
    pub(crate) token: Mutex<Option<CachedToken>>,
    pub(crate) token_lifetime: Duration,
    pub(crate) token_refresh_margin: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) clock: Arc<dyn Clock>,
}

/// A request encoded once, sent as many times as retries need.
struct Prepared {
    method: reqwest::Method,
    url: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(header::HeaderName, HeaderValue)>,
    body: Option<Bytes>,
}

impl Client {
    /// A builder with the defaults: production URL, 10 s connect timeout, 300 s request timeout
    /// (task details can be hundreds of MB), the default [`RetryPolicy`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client from the environment: `AIRUDDER_APP_KEY` and `AIRUDDER_APP_SECRET`, or
    /// `AIRUDDER_TOKEN`; `AIRUDDER_BASE_URL` if set.
    pub fn from_env() -> Result<Client, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let mut builder = Client::builder();
        if let Some(base_url) = var("AIRUDDER_BASE_URL") {
            builder = builder.base_url(base_url);
        }
        builder = match (
            var("AIRUDDER_APP_KEY"),
            var("AIRUDDER_APP_SECRET"),
            var("AIRUDDER_TOKEN"),
        ) {
            (Some(key), Some(secret), _) => builder.app_credentials(key, secret),
            (_, _, Some(token)) => builder.token(token),
            _ => {
                return Err(Error::config(
                    "set AIRUDDER_APP_KEY and AIRUDDER_APP_SECRET, or AIRUDDER_TOKEN, to build a client from the environment",
                ));
            }
        };
        builder.build()
    }

    pub(crate) fn from_inner(inner: Inner) -> Client {
        Client {
            inner: Arc::new(inner),
        }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends any request and returns the envelope's `data`.
    ///
    /// Authenticated operations get `Authorization: Token <token>`; with APPKey + APPSecret the
    /// token is obtained on first use, renewed before it expires, and renewed once more if
    /// AiRudder refuses it. Requests that are safe to repeat are retried per the [`RetryPolicy`].
    pub async fn send<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        self.execute::<E, Whole>(request).await
    }

    /// Sends the request of an operation whose answer has a large array and streams its rows;
    /// what the generated `*_stream` methods call.
    pub(crate) async fn open_rows<E: Endpoint, H, R>(
        &self,
        request: &E,
        array: &'static str,
        decode_header: DecodeHeader<H>,
        decode_row: DecodeRow<R>,
    ) -> Result<RowStream<H, R>, Error> {
        let response = self.execute::<E, Opened>(request).await?;
        Ok(RowStream::new(
            E::OPERATION_ID,
            array,
            response,
            decode_header,
            decode_row,
        ))
    }

    /// Sends with a token (renewed once if refused) and the retries the operation allows; `T`
    /// says how a successful answer is taken.
    async fn execute<E: Endpoint, T: Take<E>>(&self, request: &E) -> Result<T::Output, Error> {
        let prepared = self.prepare(request)?;
        let mut renewed = false;
        loop {
            let token = if E::AUTHENTICATED {
                Some(self.token().await?)
            } else {
                None
            };
            match self.call::<E, T>(&prepared, token.as_ref()).await {
                Err(error) if error.is_token_rejected() && !renewed && self.can_renew() => {
                    if let Some(token) = &token {
                        self.forget_token(token).await;
                    }
                    renewed = true;
                    tracing::debug!(
                        operation = E::OPERATION_ID,
                        "token refused; renewing it once"
                    );
                }
                outcome => return outcome,
            }
        }
    }

    fn prepare<E: Endpoint>(&self, request: &E) -> Result<Prepared, Error> {
        let method = match E::METHOD {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let body = if E::HAS_BODY {
            let mut body = Vec::with_capacity(64);
            request
                .write_body(&mut body)
                .map_err(|e| Error::new(Some(E::OPERATION_ID), ErrorKind::Encode(e)))?;
            Some(Bytes::from(body))
        } else {
            None
        };
        let mut headers = Vec::new();
        for (name, value) in request.headers() {
            let invalid = |what: &str| {
                Error::new(
                    Some(E::OPERATION_ID),
                    ErrorKind::Config(format!("the header `{name}` has {what}")),
                )
            };
            let name = header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid("a name that is not a valid header name"))?;
            let value = HeaderValue::from_str(&value)
                .map_err(|_| invalid("a value that is not a valid header value"))?;
            headers.push((name, value));
        }
        Ok(Prepared {
            method,
            url: format!("{}{}", self.inner.base_url, request.path()),
            query: request.query(),
            headers,
            body,
        })
    }

    /// Every attempt of one call with one token, retrying what is safe to retry.
    async fn call<E: Endpoint, T: Take<E>>(
        &self,
        prepared: &Prepared,
        token: Option<&Secret>,
    ) -> Result<T::Output, Error> {
        let policy = if E::IDEMPOTENT {
            &self.inner.retry
        } else {
            &RetryPolicy::never()
        };
        let started = self.inner.clock.now();
        let mut attempt = 1;
        loop {
            let span = tracing::info_span!(
                "airudder_request",
                operation = E::OPERATION_ID,
                attempt,
                http.status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let attempt_started = std::time::Instant::now();
            let outcome = self
                .attempt::<E, T>(prepared, token)
                .instrument(span.clone())
                .await;
            span.record("duration_ms", attempt_started.elapsed().as_millis() as u64);
            let error = match outcome {
                Ok(data) => return Ok(data),
                Err(error) => error,
            };
            let elapsed = self.inner.clock.now().saturating_duration_since(started);
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

    async fn attempt<E: Endpoint, T: Take<E>>(
        &self,
        prepared: &Prepared,
        token: Option<&Secret>,
    ) -> Result<T::Output, Error> {
        let transport = |error| Error::transport(E::OPERATION_ID, error);
        let mut request = self
            .inner
            .http
            .request(prepared.method.clone(), &prepared.url)
            .header(header::USER_AGENT, self.inner.user_agent.clone())
            .header(header::ACCEPT, HeaderValue::from_static("application/json"))
            // AiRudder's pages require it on every call, GETs included.
            .header(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        if !prepared.query.is_empty() {
            request = request.query(&prepared.query);
        }
        for (name, value) in &prepared.headers {
            request = request.header(name.clone(), value.clone());
        }
        if let Some(body) = &prepared.body {
            request = request.body(body.clone());
        }
        if let Some(token) = token {
            let mut value =
                HeaderValue::from_str(&format!("Token {}", token.expose())).map_err(|_| {
                    Error::new(
                        Some(E::OPERATION_ID),
                        ErrorKind::Config("the token is not a valid header value".into()),
                    )
                })?;
            value.set_sensitive(true);
            request = request.header(header::AUTHORIZATION, value);
        }
        let mut response = if T::WHOLE_BODY_TIMEOUT {
            request
                .timeout(self.inner.timeout)
                .send()
                .await
                .map_err(transport)?
        } else {
            // A streamed body is read as fast as its rows are consumed: only the head is timed.
            match tokio::time::timeout(self.inner.timeout, request.send()).await {
                Ok(sent) => sent.map_err(transport)?,
                Err(_) => return Err(Error::new(Some(E::OPERATION_ID), ErrorKind::Timeout(None))),
            }
        };
        let status = response.status();
        tracing::Span::current().record("http.status", status.as_u16());
        if !status.is_success() {
            let retry_after = response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|value| parse_retry_after(value, SystemTime::now()));
            let body = read_snippet(&mut response).await;
            return Err(Error::new(
                Some(E::OPERATION_ID),
                ErrorKind::Http {
                    status,
                    body,
                    retry_after,
                },
            ));
        }
        T::take(response).await
    }

    /// Whether a refused token can be replaced (only with APPKey + APPSecret).
    fn can_renew(&self) -> bool {
        matches!(self.inner.credentials, Credentials::App { .. })
    }

    /// The token to send: the cached one while it is fresh, else a new one. The lock is held
    /// while fetching, so concurrent calls wait for one renewal instead of each making their own.
    async fn token(&self) -> Result<Secret, Error> {
        let (key, secret) = match &self.inner.credentials {
            Credentials::Token(token) => return Ok(token.clone()),
            Credentials::App { key, secret } => (key, secret),
        };
        let mut cached = self.inner.token.lock().await;
        if let Some(cached) = cached
            .as_ref()
            .filter(|c| self.inner.clock.now() < c.renew_at)
        {
            return Ok(cached.token.clone());
        }
        let issued = self.inner.clock.now();
        let request = ObtainTokenRequest::new(key.clone(), secret.clone());
        let prepared = self.prepare(&request)?;
        let token = self
            .call::<ObtainTokenRequest, Whole>(&prepared, None)
            .await?
            .token;
        let lifetime = self
            .inner
            .token_lifetime
            .saturating_sub(self.inner.token_refresh_margin);
        *cached = Some(CachedToken {
            token: token.clone(),
            renew_at: issued + lifetime,
        });
        tracing::debug!("obtained a new token");
        Ok(token)
    }

    /// Drops the cached token if it is the one that was refused (another call may have renewed
    /// it meanwhile).
    async fn forget_token(&self, refused: &Secret) {
        let mut cached = self.inner.token.lock().await;
        if cached.as_ref().is_some_and(|c| c.token == *refused) {
            *cached = None;
        }
    }
}

/// How a successful (2xx) answer is taken.
trait Take<E: Endpoint> {
    type Output;
    /// Whether the request timeout covers reading the whole body (else only the head).
    const WHOLE_BODY_TIMEOUT: bool;
    fn take(
        response: reqwest::Response,
    ) -> impl Future<Output = Result<Self::Output, Error>> + Send;
}

/// Read whole into one buffer pre-sized from `Content-Length`, and decoded from it.
struct Whole;

impl<E: Endpoint> Take<E> for Whole {
    type Output = E::Response;
    const WHOLE_BODY_TIMEOUT: bool = true;

    async fn take(mut response: reqwest::Response) -> Result<E::Response, Error> {
        let capacity = response.content_length().unwrap_or(0).min(MAX_PRESIZE) as usize;
        let mut body = Vec::with_capacity(capacity);
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Error::transport(E::OPERATION_ID, e))?
        {
            body.extend_from_slice(&chunk);
        }
        read_answer::<E>(Bytes::from(body))
    }
}

/// Handed over unread, for streaming.
struct Opened;

impl<E: Endpoint> Take<E> for Opened {
    type Output = reqwest::Response;
    const WHOLE_BODY_TIMEOUT: bool = false;

    async fn take(response: reqwest::Response) -> Result<reqwest::Response, Error> {
        Ok(response)
    }
}

/// The first bytes of an unexpected answer, for the error; the rest is not read.
async fn read_snippet(response: &mut reqwest::Response) -> String {
    let mut snippet = Vec::new();
    while snippet.len() < BODY_SNIPPET_LIMIT {
        match response.chunk().await {
            Ok(Some(chunk)) => snippet.extend_from_slice(&chunk),
            _ => break,
        }
    }
    snippet.truncate(BODY_SNIPPET_LIMIT);
    String::from_utf8_lossy(&snippet).into_owned()
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("user_agent", &self.inner.user_agent)
            .field("credentials", &self.inner.credentials)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}
