//! [`MemoryStore`]: the default store, one process's memory. Bounded by a capacity (the oldest
//! accepted notification is forgotten first) and optionally by an age. A claim in flight wakes
//! the deliveries waiting on it the moment it ends, with no timer, so it works on any executor.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::{DedupeStore, Lease, StoreClaim, StoreError, StoreFuture};
use crate::Fingerprint;

/// Accepted notifications and claims in flight, in this process's memory.
///
/// Clones share one memory. AiRudder retries for about five minutes, so even a small capacity
/// catches its retries; with several replicas use a shared store
/// (`RedisStore`, with the `redis` feature).
#[derive(Clone)]
pub struct MemoryStore {
    state: Arc<Mutex<State>>,
}

struct State {
    capacity: usize,
    max_age: Option<Duration>,
    accepted: HashMap<Fingerprint, Instant>,
    // Accepted fingerprints, oldest first; always the same set as `accepted`'s keys.
    order: VecDeque<Fingerprint>,
    // The lease of each claim in flight, and the sender whose drop wakes its waiters.
    in_flight: HashMap<Fingerprint, (Lease, watch::Sender<()>)>,
}

impl MemoryStore {
    /// The default capacity: 10 000 notifications, well under a megabyte.
    pub const DEFAULT_CAPACITY: usize = 10_000;

    /// Remembers up to `capacity` accepted notifications, with no age limit. With 0 nothing is
    /// remembered: concurrent deliveries are still handled one after the other, but each one is.
    pub fn new(capacity: usize) -> MemoryStore {
        MemoryStore {
            state: Arc::new(Mutex::new(State {
                capacity,
                max_age: None,
                accepted: HashMap::new(),
                order: VecDeque::new(),
                in_flight: HashMap::new(),
            })),
        }
    }

    /// Also forgets an accepted notification `max_age` after it was accepted.
    pub fn max_age(self, max_age: Duration) -> MemoryStore {
        lock(&self.state).max_age = Some(max_age);
        self
    }

    /// How many accepted notifications are remembered.
    pub fn len(&self) -> usize {
        lock(&self.state).accepted.len()
    }

    /// Whether no accepted notification is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn claim_at(&self, fingerprint: Fingerprint, lease: &Lease, now: Instant) -> StoreClaim {
        let mut state = lock(&self.state);
        state.forget_expired(now);
        if state.accepted.contains_key(&fingerprint) {
            return StoreClaim::AlreadyAccepted;
        }
        if state.in_flight.contains_key(&fingerprint) {
            return StoreClaim::InFlight;
        }
        let (done, _) = watch::channel(());
        state.in_flight.insert(fingerprint, (lease.clone(), done));
        StoreClaim::Acquired
    }

    fn accept_at(&self, fingerprint: Fingerprint, lease: &Lease, now: Instant) {
        let mut state = lock(&self.state);
        state.end_lease(fingerprint, lease);
        if state.accepted.insert(fingerprint, now).is_none() {
            state.order.push_back(fingerprint);
        }
        while state.order.len() > state.capacity {
            state.forget_oldest();
        }
    }
}

impl Default for MemoryStore {
    /// [`MemoryStore::DEFAULT_CAPACITY`] notifications, no age limit.
    fn default() -> Self {
        MemoryStore::new(MemoryStore::DEFAULT_CAPACITY)
    }
}

impl DedupeStore for MemoryStore {
    fn try_claim<'a>(
        &'a self,
        fingerprint: Fingerprint,
        lease: &'a Lease,
    ) -> StoreFuture<'a, Result<StoreClaim, StoreError>> {
        let claim = self.claim_at(fingerprint, lease, Instant::now());
        Box::pin(std::future::ready(Ok(claim)))
    }

    fn changed(&self, fingerprint: Fingerprint) -> StoreFuture<'_, ()> {
        // Subscribed under the lock, so the end of the claim cannot be missed.
        let done = lock(&self.state)
            .in_flight
            .get(&fingerprint)
            .map(|(_, done)| done.subscribe());
        Box::pin(async move {
            if let Some(mut done) = done {
                // Resolves once the sender is dropped: the claim ended.
                let _closed = done.changed().await;
            }
        })
    }

    fn accept<'a>(
        &'a self,
        fingerprint: Fingerprint,
        lease: &'a Lease,
    ) -> StoreFuture<'a, Result<(), StoreError>> {
        self.accept_at(fingerprint, lease, Instant::now());
        Box::pin(std::future::ready(Ok(())))
    }

    fn release(&self, fingerprint: Fingerprint, lease: Lease) {
        lock(&self.state).end_lease(fingerprint, &lease);
    }
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("MemoryStore")
            .field("capacity", &state.capacity)
            .field("max_age", &state.max_age)
            .field("accepted", &state.accepted.len())
            .field("in_flight", &state.in_flight.len())
            .finish()
    }
}

impl State {
    /// Ends the claim on `fingerprint` if `lease` holds it; dropping its sender wakes the waiters.
    fn end_lease(&mut self, fingerprint: Fingerprint, lease: &Lease) {
        if self
            .in_flight
            .get(&fingerprint)
            .is_some_and(|(held, _)| held == lease)
        {
            self.in_flight.remove(&fingerprint);
        }
    }

    fn forget_expired(&mut self, now: Instant) {
        let Some(max_age) = self.max_age else {
            return;
        };
        while let Some(oldest) = self.order.front() {
            let accepted_at = self.accepted[oldest];
            if now.saturating_duration_since(accepted_at) < max_age {
                break;
            }
            self.forget_oldest();
        }
    }

    fn forget_oldest(&mut self) {
        if let Some(oldest) = self.order.pop_front() {
            self.accepted.remove(&oldest);
        }
    }
}

// The state stays consistent across a panic (no user code runs under the lock), so a poisoned
// lock is still good to use.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprint(id: &str) -> Fingerprint {
        Fingerprint::of("w", &serde_json::json!({ "id": id })).unwrap()
    }

    #[test]
    fn an_accepted_notification_is_claimed_as_already_accepted() {
        let store = MemoryStore::default();
        let (lease, now) = (Lease::new(), Instant::now());
        assert_eq!(
            store.claim_at(fingerprint("a"), &lease, now),
            StoreClaim::Acquired
        );
        store.accept_at(fingerprint("a"), &lease, now);
        let again = store.claim_at(fingerprint("a"), &Lease::new(), now);
        assert_eq!(again, StoreClaim::AlreadyAccepted);
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn a_released_claim_leaves_the_notification_claimable_again() {
        let store = MemoryStore::default();
        let (lease, now) = (Lease::new(), Instant::now());
        store.claim_at(fingerprint("a"), &lease, now);
        assert_eq!(
            store.claim_at(fingerprint("a"), &Lease::new(), now),
            StoreClaim::InFlight
        );
        store.release(fingerprint("a"), lease);
        assert_eq!(
            store.claim_at(fingerprint("a"), &Lease::new(), now),
            StoreClaim::Acquired
        );
    }

    #[test]
    fn a_lease_another_delivery_holds_is_not_released_by_someone_else() {
        let store = MemoryStore::default();
        let now = Instant::now();
        store.claim_at(fingerprint("a"), &Lease::new(), now);
        store.release(fingerprint("a"), Lease::new());
        assert_eq!(
            store.claim_at(fingerprint("a"), &Lease::new(), now),
            StoreClaim::InFlight
        );
    }

    #[test]
    fn the_oldest_accepted_notification_is_forgotten_beyond_capacity() {
        let store = MemoryStore::new(2);
        let now = Instant::now();
        for id in ["1", "2", "3"] {
            let lease = Lease::new();
            store.claim_at(fingerprint(id), &lease, now);
            store.accept_at(fingerprint(id), &lease, now);
        }
        assert_eq!(store.len(), 2);
        let claim = |id| store.claim_at(fingerprint(id), &Lease::new(), now);
        assert_eq!(claim("2"), StoreClaim::AlreadyAccepted);
        assert_eq!(claim("3"), StoreClaim::AlreadyAccepted);
        assert_eq!(claim("1"), StoreClaim::Acquired);
    }

    #[test]
    fn an_accepted_notification_is_forgotten_after_max_age() {
        let store = MemoryStore::default().max_age(Duration::from_secs(60));
        let (lease, accepted_at) = (Lease::new(), Instant::now());
        store.claim_at(fingerprint("a"), &lease, accepted_at);
        store.accept_at(fingerprint("a"), &lease, accepted_at);
        let just_before = accepted_at + Duration::from_secs(59);
        assert_eq!(
            store.claim_at(fingerprint("a"), &Lease::new(), just_before),
            StoreClaim::AlreadyAccepted
        );
        let at_max_age = accepted_at + Duration::from_secs(60);
        assert_eq!(
            store.claim_at(fingerprint("a"), &Lease::new(), at_max_age),
            StoreClaim::Acquired
        );
        assert!(store.is_empty());
    }
}
