//! Where a [`Deduplicator`](crate::Deduplicator) keeps what it knows: which notifications were
//! accepted, and which are being handled right now (and by which delivery, its [`Lease`]).
//!
//! The protocol is the deduplicator's; a store only answers its four questions atomically. The
//! default is [`MemoryStore`], one process's memory. Receivers with several replicas behind a
//! load balancer share one store instead ([`RedisStore`](crate::RedisStore), behind the `redis`
//! feature), so that a notification delivered to two replicas is still handled once.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::Fingerprint;

mod memory;
#[cfg(feature = "redis")]
mod redis;

pub use memory::MemoryStore;
#[cfg(feature = "redis")]
pub use redis::RedisStore;

/// A boxed future, so that stores can be used through `dyn DedupeStore`.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The identity of one delivery's claim: only the delivery holding it may accept or release it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Lease(String);

impl Lease {
    /// A new lease, unique across processes (128 random bits).
    pub(crate) fn new() -> Lease {
        Lease(format!(
            "lease:{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        ))
    }

    /// The lease as text (what a store records for a claim in flight).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Lease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lease({})", self.0)
    }
}

/// What a store found when a delivery claimed a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreClaim {
    /// Nobody accepted it or is handling it: the lease is now recorded for it.
    Acquired,
    /// It was accepted before.
    AlreadyAccepted,
    /// Another delivery holds a lease on it.
    InFlight,
}

/// A store that cannot answer (Redis unreachable, a timeout). A receiver never skips
/// deduplication because of it: the delivery is refused, so AiRudder sends it again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the deduplication store is unavailable: {0}")]
pub struct StoreError(pub String);

/// A place to keep the deduplicator's knowledge. Every method is atomic with respect to the
/// others, across every process sharing the store.
pub trait DedupeStore: Send + Sync + fmt::Debug + 'static {
    /// Records `lease` for `fingerprint` if nobody accepted it and no lease is held on it.
    fn try_claim<'a>(
        &'a self,
        fingerprint: Fingerprint,
        lease: &'a Lease,
    ) -> StoreFuture<'a, Result<StoreClaim, StoreError>>;

    /// Resolves when the lease held on `fingerprint` may have ended (accepted, released or
    /// expired), or soon after: the deduplicator then asks again.
    fn changed(&self, fingerprint: Fingerprint) -> StoreFuture<'_, ()>;

    /// Records `fingerprint` as accepted (for the store's window) and ends `lease`.
    fn accept<'a>(
        &'a self,
        fingerprint: Fingerprint,
        lease: &'a Lease,
    ) -> StoreFuture<'a, Result<(), StoreError>>;

    /// Ends `lease` without accepting: the next delivery handles the notification. Best effort
    /// and never blocking (it runs when a claim is dropped); a store whose leases expire may
    /// leave it to the expiry.
    fn release(&self, fingerprint: Fingerprint, lease: Lease);
}
