//! The settings of one call (its timeouts and retry policy), and the per-call overrides: a client
//! with other settings that shares the original's connection pool and token, so a caller never
//! builds a second client (and a second token cache) for one slow or one urgent call.

use std::time::Duration;

use crate::client::Client;
use crate::retry::RetryPolicy;
use crate::stall::StallRule;

/// The shortest timeout an override takes: a zero one would fail every call at once (the builder
/// refuses it; an override, which cannot fail, raises it to this).
const SHORTEST: Duration = Duration::from_millis(1);

/// How long a call may take and how it is retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CallSettings {
    /// One attempt: until the whole answer is read, or for a stream until its first row.
    pub(crate) timeout: Duration,
    /// The stall window of every body read.
    pub(crate) read_timeout: Duration,
    /// The bytes per second a body must bring on average over a stall window.
    pub(crate) min_read_rate: u64,
    pub(crate) retry: RetryPolicy,
}

impl CallSettings {
    pub(crate) fn stall(&self) -> StallRule {
        StallRule::new(self.read_timeout, self.min_read_rate)
    }
}

impl Client {
    fn with_settings(&self, change: impl FnOnce(&mut CallSettings)) -> Client {
        let mut client = self.clone();
        change(&mut client.settings);
        client
    }

    /// This client with another timeout per attempt (see [`ClientBuilder::timeout`]; at least
    /// 1 ms); it shares this client's connections and token.
    ///
    /// ```no_run
    /// # async fn run(client: airudder_client::Client) -> Result<(), airudder_client::Error> {
    /// use std::time::Duration;
    /// use airudder_client::models::GetTaskDetailRequest;
    ///
    /// let quick = client.with_timeout(Duration::from_secs(5));
    /// let task = quick.get_task_detail(&GetTaskDetailRequest::new("82caed2e")).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// [`ClientBuilder::timeout`]: crate::ClientBuilder::timeout
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        self.with_settings(|settings| settings.timeout = timeout.max(SHORTEST))
    }

    /// This client with another stall window for bodies (see [`ClientBuilder::read_timeout`]; at
    /// least 1 ms); it shares this client's connections and token.
    ///
    /// [`ClientBuilder::read_timeout`]: crate::ClientBuilder::read_timeout
    pub fn with_read_timeout(&self, read_timeout: Duration) -> Client {
        self.with_settings(|settings| settings.read_timeout = read_timeout.max(SHORTEST))
    }

    /// This client with another retry policy (e.g. [`RetryPolicy::never`] for a call whose caller
    /// retries itself); it shares this client's connections and token. The token fetch keeps the
    /// policy the client was built with.
    pub fn with_retry_policy(&self, retry: RetryPolicy) -> Client {
        self.with_settings(|settings| settings.retry = retry)
    }
}
