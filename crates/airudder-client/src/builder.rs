//! `ClientBuilder`: every setting of a client, with defaults fit for production.

use std::sync::Arc;
use std::time::Duration;

use airudder_models::Secret;
use reqwest::header::HeaderValue;

use crate::client::{Client, Shared};
use crate::clock::{Clock, SystemClock};
use crate::credentials::Credentials;
use crate::error::Error;
use crate::origin::Origin;
use crate::retry::RetryPolicy;
use crate::settings::CallSettings;
use crate::token::TokenCaches;

/// AiRudder's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.airudder.com";

/// Builds a [`Client`]. Credentials are required: [`ClientBuilder::app_credentials`] (the client
/// manages tokens) or [`ClientBuilder::token`] (a token obtained elsewhere).
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Option<Credentials>,
    user_agent: String,
    connect_timeout: Duration,
    timeout: Duration,
    read_timeout: Duration,
    min_read_rate: u64,
    token_timeout: Duration,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    token_lifetime: Duration,
    token_refresh_margin: Duration,
    clock: Arc<dyn Clock>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl ClientBuilder {
    /// The defaults; see [`Client::builder`].
    pub fn new() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials: None,
            user_agent: concat!("airudder-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(300),
            read_timeout: Duration::from_secs(30),
            min_read_rate: 1024,
            // A token answer is a hundred bytes: a fetch that takes longer than this is not
            // coming, and every caller waiting on it should hear so soon.
            token_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            http: None,
            // AiRudder's tokens live 24 hours; renewing an hour early keeps calls from racing
            // the expiry.
            token_lifetime: Duration::from_secs(24 * 60 * 60),
            token_refresh_margin: Duration::from_secs(60 * 60),
            clock: Arc::new(SystemClock),
        }
    }

    /// Where requests go (default `https://api.airudder.com`); a mock server's URL in tests.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Authenticate with the APPKey and APPSecret AiRudder issued: the client obtains a token on
    /// first use, renews it before its 24 hours run out, and once more if AiRudder refuses it.
    pub fn app_credentials(
        mut self,
        app_key: impl Into<String>,
        app_secret: impl Into<Secret>,
    ) -> Self {
        self.credentials = Some(Credentials::App {
            key: app_key.into(),
            secret: app_secret.into(),
        });
        self
    }

    /// Authenticate with a token obtained elsewhere; it is used as is and never renewed.
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.credentials = Some(Credentials::Token(token.into()));
        self
    }

    /// Authenticate with what the environment holds: `AIRUDDER_APP_KEY` with
    /// `AIRUDDER_APP_SECRET` first (the client then renews its own token), else `AIRUDDER_TOKEN`.
    /// Empty variables count as unset. The `airudder` CLI reads them the same way.
    pub fn credentials_from_env(mut self) -> Result<Self, Error> {
        let credentials = Credentials::from_env(|name| std::env::var(name).ok()).ok_or_else(|| {
            Error::config(
                "set AIRUDDER_APP_KEY and AIRUDDER_APP_SECRET, or AIRUDDER_TOKEN, to take credentials from the environment",
            )
        })?;
        self.credentials = Some(credentials);
        Ok(self)
    }

    /// The `User-Agent` header (default `airudder-rs/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How long to wait for a connection (default 10 s). Ignored with [`ClientBuilder::http_client`],
    /// whose own setting applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take (default 300 s: a task detail can be hundreds of MB): from
    /// sending the request until the whole answer is read, or, for a streamed call, until its first
    /// row has arrived (the rows are then read at the caller's pace, under
    /// [`read_timeout`](Self::read_timeout)). A call makes at most the attempts of its
    /// [`RetryPolicy`], plus one repeat after a token renewal, within the policy's time budget;
    /// waiting for a token (at most one token fetch's budget) comes before them.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Stalled-body protection (default 30 s): a body that, while the client waits for it, brings
    /// nothing for this long, or less than [`min_read_rate`](Self::min_read_rate) per second on
    /// average over this long, ends with a timeout error. Time the caller spends on the rows of a
    /// stream does not count. Applies to every body: buffered, streamed, and the snippet of an
    /// error answer.
    pub fn read_timeout(mut self, read_timeout: Duration) -> Self {
        self.read_timeout = read_timeout;
        self
    }

    /// The least throughput of a body, in bytes per second over each
    /// [`read_timeout`](Self::read_timeout) of waiting (default 1024; at least one byte per
    /// window always).
    pub fn min_read_rate(mut self, bytes_per_second: u64) -> Self {
        self.min_read_rate = bytes_per_second;
        self
    }

    /// How long one attempt to fetch a token may take (default 10 s). The fetch is retried per the
    /// client's [`RetryPolicy`] after connection errors, timeouts, 429 and 5xx (asking again only
    /// extends the token), and every call waiting on it shares its outcome.
    pub fn token_timeout(mut self, timeout: Duration) -> Self {
        self.token_timeout = timeout;
        self
    }

    /// How safe requests are retried (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Use this `reqwest::Client` (and its connection pool, proxy and TLS settings). Whatever its
    /// redirect policy, no credential reaches another origin: request bodies cannot be replayed
    /// to a redirect's target, reqwest drops `Authorization` across origins, and an answer from
    /// another origin is an error, never read.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// How long a token is valid after it is issued (default 24 hours, as AiRudder documents).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// How long before the end of its lifetime a token is renewed (default 1 hour).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.token_refresh_margin = margin;
        self
    }

    /// The clock token lifetimes are measured with (default [`SystemClock`]).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The client, or a configuration error saying which setting is wrong.
    pub fn build(self) -> Result<Client, Error> {
        let credentials = self.credentials.ok_or_else(|| {
            Error::config(
                "no credentials; call app_credentials(key, secret) or token(token) on the builder",
            )
        })?;
        for (setting, value) in [
            ("timeout", self.timeout),
            ("read_timeout", self.read_timeout),
            ("token_timeout", self.token_timeout),
            ("connect_timeout", self.connect_timeout),
        ] {
            if value.is_zero() {
                return Err(Error::config(format!(
                    "{setting} is zero: every call would time out at once"
                )));
            }
        }
        if self.token_refresh_margin >= self.token_lifetime {
            return Err(Error::config(
                "token_refresh_margin is not shorter than token_lifetime: every call would fetch a new token",
            ));
        }
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::config(format!("base url `{base_url}`: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::config(format!(
                "base url `{base_url}` is not http or https"
            )));
        }
        let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| {
            Error::config(format!(
                "user agent `{}` is not a valid header value",
                self.user_agent
            ))
        })?;
        let http = match self.http {
            Some(http) => http,
            None => {
                install_tls_provider();
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    // A 3xx is an HTTP error: following it could carry the APPSecret elsewhere.
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| Error::config(format!("cannot build the http client: {e}")))?
            }
        };
        let settings = CallSettings {
            timeout: self.timeout,
            read_timeout: self.read_timeout,
            min_read_rate: self.min_read_rate,
            retry: self.retry,
        };
        let token_settings = CallSettings {
            timeout: self.token_timeout,
            read_timeout: self.read_timeout.min(self.token_timeout),
            ..settings.clone()
        };
        let shared = Shared {
            http,
            origin: Origin::of(&parsed),
            base_url,
            user_agent,
            credentials,
            tokens: TokenCaches::default(),
            token_settings,
            token_lifetime: self.token_lifetime,
            token_refresh_margin: self.token_refresh_margin,
            clock: self.clock,
        };
        Ok(Client::from_parts(shared, settings))
    }
}

/// With the `rustls-ring` feature (and not `rustls`), reqwest's rustls has no crypto provider of
/// its own: ring becomes the process's default, unless the application installed one already.
fn install_tls_provider() {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
    {
        // An error means a provider is installed already, which is what is needed.
        let _installed = rustls::crypto::ring::default_provider().install_default();
    }
}
