//! [`RedisStore`]: deduplication shared by every replica of a receiver, on one Redis server.
//!
//! One key per notification, `<prefix><fingerprint>`, holding either a delivery's lease id (a
//! claim in flight, set with `SET NX` semantics and a time to live: the *lease*) or `accepted` (set
//! with the *window* as time to live). A replica handling a notification renews its lease every
//! third of it, so a slow handler keeps its claim; a replica that dies stops renewing, the lease
//! expires, and the next delivery (AiRudder retries after a minute) is handled. Releasing and
//! renewing only touch the key while it still holds the caller's lease (a Lua script), so a late
//! replica never undoes another's claim or an acceptance.
//!
//! When Redis cannot answer within the operation timeout, the store says so
//! ([`StoreError`](super::StoreError)) and the receiver refuses the delivery with 500: AiRudder
//! sends it again, and deduplication is never silently skipped.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{AsyncCommands, Script};
use tokio::task::AbortHandle;

use super::{DedupeStore, Lease, StoreClaim, StoreError, StoreFuture};
use crate::Fingerprint;

/// What the key of an accepted notification holds.
const ACCEPTED: &str = "accepted";

/// Sets the lease if the key is absent; says what the key held otherwise.
const CLAIM: &str = r"
local held = redis.call('GET', KEYS[1])
if not held then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 0
end
if held == ARGV[3] then return 1 end
return 2
";

/// Deletes the key if it still holds the lease.
const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
";

/// Extends the key's time to live if it still holds the lease.
const RENEW: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
";

/// Deduplication state on a Redis server, shared by every process that uses the same server and
/// key prefix.
///
/// ```no_run
/// use airudder_webhooks::{Deduplicator, RedisStore};
///
/// # async fn run() -> Result<(), airudder_webhooks::StoreError> {
/// let store = RedisStore::connect("redis://redis.internal:6379").await?;
/// let dedupe = Deduplicator::with_store(store);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    settings: Settings,
    /// The renewal task of each lease this process holds.
    renewals: Arc<Mutex<HashMap<Lease, AbortHandle>>>,
    scripts: Arc<Scripts>,
}

#[derive(Debug, Clone)]
struct Settings {
    prefix: String,
    lease: Duration,
    window: Duration,
    poll: Duration,
}

struct Scripts {
    claim: Script,
    release: Script,
    renew: Script,
}

impl RedisStore {
    /// How long a claim in flight lasts without renewal (default 30 s: shorter than AiRudder's
    /// one-minute retry, so a dead replica's notification is handled at the next retry).
    pub const DEFAULT_LEASE: Duration = Duration::from_secs(30);
    /// How long an accepted notification is remembered (default 1 hour: AiRudder retries for
    /// about five minutes).
    pub const DEFAULT_WINDOW: Duration = Duration::from_secs(60 * 60);
    /// How long one Redis operation may take before the store counts as unavailable.
    pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(2);

    /// Connects to the server at `url` (`redis://host:port/db`), with the operation timeout.
    pub async fn connect(url: &str) -> Result<RedisStore, StoreError> {
        let client = redis::Client::open(url).map_err(unavailable)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(RedisStore::OPERATION_TIMEOUT))
            .set_response_timeout(Some(RedisStore::OPERATION_TIMEOUT))
            .set_number_of_retries(2);
        let connection = ConnectionManager::new_with_config(client, config)
            .await
            .map_err(unavailable)?;
        Ok(RedisStore::new(connection))
    }

    /// A store on a connection the application manages.
    pub fn new(connection: ConnectionManager) -> RedisStore {
        RedisStore {
            connection,
            settings: Settings {
                prefix: "airudder:webhook:".to_owned(),
                lease: RedisStore::DEFAULT_LEASE,
                window: RedisStore::DEFAULT_WINDOW,
                poll: Duration::from_millis(100),
            },
            renewals: Arc::new(Mutex::new(HashMap::new())),
            scripts: Arc::new(Scripts {
                claim: Script::new(CLAIM),
                release: Script::new(RELEASE),
                renew: Script::new(RENEW),
            }),
        }
    }

    /// The lease of a claim in flight (see [`RedisStore::DEFAULT_LEASE`]); at least 10 ms.
    pub fn lease(mut self, lease: Duration) -> RedisStore {
        self.settings.lease = lease.max(Duration::from_millis(10));
        self
    }

    /// How long an accepted notification is remembered (see [`RedisStore::DEFAULT_WINDOW`]).
    pub fn window(mut self, window: Duration) -> RedisStore {
        self.settings.window = window.max(Duration::from_millis(1));
        self
    }

    /// The prefix of every key (default `airudder:webhook:`), to share a server between receivers.
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> RedisStore {
        self.settings.prefix = prefix.into();
        self
    }

    /// How often a delivery waiting on another one's claim looks again (default 100 ms).
    pub fn poll_interval(mut self, poll: Duration) -> RedisStore {
        self.settings.poll = poll.max(Duration::from_millis(1));
        self
    }

    fn key(&self, fingerprint: Fingerprint) -> String {
        format!("{}{fingerprint}", self.settings.prefix)
    }

    /// Renews `lease` every third of its length until the lease ends here.
    fn keep_renewing(&self, fingerprint: Fingerprint, lease: &Lease) {
        let store = self.clone();
        let held = lease.clone();
        let task = tokio::spawn(async move {
            let every = store.settings.lease / 3;
            loop {
                tokio::time::sleep(every).await;
                let renewed: Result<i64, _> = store
                    .scripts
                    .renew
                    .key(store.key(fingerprint))
                    .arg(held.as_str())
                    .arg(millis(store.settings.lease))
                    .invoke_async(&mut store.connection.clone())
                    .await;
                match renewed {
                    Ok(1) => {}
                    Ok(_) => {
                        tracing::warn!(fingerprint = %fingerprint, "webhook claim lost: its lease expired before it was renewed");
                        return;
                    }
                    Err(error) => {
                        tracing::warn!(fingerprint = %fingerprint, error = %error, "webhook claim could not be renewed; retrying");
                    }
                }
            }
        });
        lock(&self.renewals).insert(lease.clone(), task.abort_handle());
    }

    fn stop_renewing(&self, lease: &Lease) {
        if let Some(task) = lock(&self.renewals).remove(lease) {
            task.abort();
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn unavailable(error: redis::RedisError) -> StoreError {
    StoreError(format!("redis: {error}"))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `operation` within the operation timeout, a timeout being the store unavailable.
async fn bounded<T>(
    operation: impl Future<Output = redis::RedisResult<T>>,
) -> Result<T, StoreError> {
    match tokio::time::timeout(RedisStore::OPERATION_TIMEOUT, operation).await {
        Ok(outcome) => outcome.map_err(unavailable),
        Err(_) => Err(StoreError(format!(
            "redis did not answer within {:?}",
            RedisStore::OPERATION_TIMEOUT
        ))),
    }
}

impl DedupeStore for RedisStore {
    fn try_claim<'a>(
        &'a self,
        fingerprint: Fingerprint,
        lease: &'a Lease,
    ) -> StoreFuture<'a, Result<StoreClaim, StoreError>> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            let found: i64 = bounded(
                self.scripts
                    .claim
                    .key(self.key(fingerprint))
                    .arg(lease.as_str())
                    .arg(millis(self.settings.lease))
                    .arg(ACCEPTED)
                    .invoke_async(&mut connection),
            )
            .await?;
            Ok(match found {
                0 => {
                    self.keep_renewing(fingerprint, lease);
                    StoreClaim::Acquired
                }
                1 => StoreClaim::AlreadyAccepted,
                _ => StoreClaim::InFlight,
            })
        })
    }

    fn changed(&self, _fingerprint: Fingerprint) -> StoreFuture<'_, ()> {
        // Redis does not say when a key changes without a subscription per waiter: look again.
        let poll = self.settings.poll;
        let jitter = poll.mul_f64(fastrand::f64() * 0.5);
        Box::pin(tokio::time::sleep(poll + jitter))
    }

    fn accept<'a>(
        &'a self,
        fingerprint: Fingerprint,
        lease: &'a Lease,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            self.stop_renewing(lease);
            let mut connection = self.connection.clone();
            let window = millis(self.settings.window);
            bounded(connection.pset_ex::<_, _, ()>(self.key(fingerprint), ACCEPTED, window)).await
        })
    }

    fn release(&self, fingerprint: Fingerprint, lease: Lease) {
        self.stop_renewing(&lease);
        // Dropped outside a runtime (the process is going down): the lease expires instead.
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let store = self.clone();
        runtime.spawn(async move {
            let released: Result<i64, StoreError> = bounded(
                store
                    .scripts
                    .release
                    .key(store.key(fingerprint))
                    .arg(lease.as_str())
                    .invoke_async(&mut store.connection.clone()),
            )
            .await;
            if let Err(error) = released {
                tracing::warn!(fingerprint = %fingerprint, error = %error, "webhook claim not released; it ends when its lease expires");
            }
        });
    }
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the connection: its URL may carry a password.
        f.debug_struct("RedisStore")
            .field("prefix", &self.settings.prefix)
            .field("lease", &self.settings.lease)
            .field("window", &self.settings.window)
            .field("poll", &self.settings.poll)
            .finish_non_exhaustive()
    }
}
