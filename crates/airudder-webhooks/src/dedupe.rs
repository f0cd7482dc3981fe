//! Remembering recently accepted notifications, so a redelivery is acknowledged without being
//! handled twice, and two concurrent deliveries of one notification are handled once.
//!
//! Two deliveries are the *same notification* when they are of the same webhook and decode to
//! equal payloads: key order, whitespace, escapes and alias spellings (`canceled` for
//! `cancelled`) make no difference, because the fingerprint is taken from the payload re-encoded
//! from its type, with object members in a canonical order. Members the spec does not know count
//! (the payload types keep them): two deliveries that differ only there are two notifications, as
//! taking them for one could lose one, while handling a redelivery twice is what an idempotent
//! handler is ready for anyway. The flip side: two genuinely distinct events with identical
//! content inside the remembered window count as one.

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, Hasher, RandomState};
use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use airudder_models::Webhook;
use tokio::sync::watch;

/// A bounded, thread-safe memory of accepted notifications and of those being handled right now.
///
/// Clones share one memory, so one `Deduplicator` may serve several webhooks (fingerprints
/// include the webhook's name). The protocol per delivery:
///
/// 1. [`fingerprint`](Deduplicator::fingerprint) the parsed payload;
/// 2. [`claim`](Deduplicator::claim) it: [`Claim::AlreadyAccepted`] means answer `200 {}` and do
///    nothing; [`Claim::Acquired`] means handle it. A claim for a notification another delivery
///    is handling waits until that one is done, then tells which of the two applies;
/// 3. after handling it successfully, [`Pending::accept`] and answer `200 {}`. Dropping the
///    [`Pending`] instead (failure, panic, cancelled request) forgets the claim, so the next
///    delivery handles it again: a notification is only remembered once it was really accepted.
///
/// Memory is bounded by `capacity` (the oldest accepted notification is forgotten first) and,
/// optionally, by [`max_age`](Deduplicator::max_age). AiRudder retries for about five minutes,
/// so even a small window catches its retries.
#[derive(Clone)]
pub struct Deduplicator {
    // Per-instance random keys, so nobody can craft two payloads with the same fingerprint.
    keys: Arc<(RandomState, RandomState)>,
    state: Arc<Mutex<State>>,
}

/// The identity of a notification, as one [`Deduplicator`] computes it (meaningless to another).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(u128);

/// The outcome of [`Deduplicator::claim`].
#[derive(Debug)]
#[must_use = "dropping an acquired claim makes the notification look never handled"]
pub enum Claim {
    /// The notification was accepted before: acknowledge it without handling it again.
    AlreadyAccepted,
    /// Nobody accepted or is handling it: handle it, then [`Pending::accept`].
    Acquired(Pending),
}

/// Returned by [`Deduplicator::try_claim`]: another delivery of the same notification is being
/// handled right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InFlight;

/// A notification being handled by this delivery. Other deliveries of it wait until it is
/// [accepted](Pending::accept) or dropped.
#[must_use = "dropping it without `accept` makes the notification look never handled"]
pub struct Pending {
    fingerprint: Fingerprint,
    state: Arc<Mutex<State>>,
    // Dropping it wakes the waiting deliveries; it is only ever dropped, never sent on.
    _done: watch::Sender<()>,
}

struct State {
    capacity: usize,
    max_age: Option<Duration>,
    accepted: HashMap<Fingerprint, Instant>,
    // Accepted fingerprints, oldest first; always the same set as `accepted`'s keys.
    order: VecDeque<Fingerprint>,
    // A receiver per notification being handled; waiters clone it and see its sender close.
    in_flight: HashMap<Fingerprint, watch::Receiver<()>>,
}

impl Deduplicator {
    /// The default capacity: 10 000 notifications, well under a megabyte of fingerprints.
    pub const DEFAULT_CAPACITY: usize = 10_000;

    /// Remembers up to `capacity` accepted notifications, with no age limit. With 0 nothing is
    /// remembered: concurrent deliveries are still handled one after the other, but each one is.
    pub fn new(capacity: usize) -> Self {
        Deduplicator {
            keys: Arc::new((RandomState::new(), RandomState::new())),
            state: Arc::new(Mutex::new(State {
                capacity,
                max_age: None,
                accepted: HashMap::new(),
                order: VecDeque::new(),
                in_flight: HashMap::new(),
            })),
        }
    }

    /// Also forgets an accepted notification `max_age` after it was accepted (for every clone).
    pub fn max_age(self, max_age: Duration) -> Self {
        lock(&self.state).max_age = Some(max_age);
        self
    }

    /// The fingerprint of a payload of webhook `W`.
    ///
    /// Fails only if the payload cannot be encoded as JSON, which the generated types always can.
    pub fn fingerprint<W: Webhook>(&self, payload: &W) -> Result<Fingerprint, serde_json::Error> {
        self.fingerprint_of(W::NAME, payload)
    }

    /// The fingerprint of any payload of the webhook called `webhook` (a [`Notification`] with
    /// its [`name`](crate::Notification::name), for instance).
    ///
    /// [`Notification`]: crate::Notification
    pub fn fingerprint_of(
        &self,
        webhook: &str,
        payload: &impl serde::Serialize,
    ) -> Result<Fingerprint, serde_json::Error> {
        let mut writer = HashWriter(self.keys.0.build_hasher(), self.keys.1.build_hasher());
        writer.write_all_bytes(webhook.as_bytes());
        // 0xFF never occurs in UTF-8, so the name cannot run into the JSON.
        writer.write_all_bytes(&[0xFF]);
        let mut value = serde_json::to_value(payload)?;
        canonical_order(&mut value);
        serde_json::to_writer(&mut writer, &value)?;
        let HashWriter(high, low) = writer;
        Ok(Fingerprint(
            (u128::from(high.finish()) << 64) | u128::from(low.finish()),
        ))
    }

    /// Claims a notification, waiting while another delivery of it is being handled.
    pub async fn claim(&self, fingerprint: Fingerprint) -> Claim {
        loop {
            let mut done = match self.try_claim_at(fingerprint, Instant::now()) {
                Ok(claim) => return claim,
                Err(done) => done,
            };
            // Resolves once the handling delivery accepted or gave up (its sender is dropped);
            // registered under the lock, so that moment cannot be missed. Then look again.
            let _closed = done.changed().await;
        }
    }

    /// Claims a notification without waiting: [`InFlight`] while another delivery of it is being
    /// handled.
    pub fn try_claim(&self, fingerprint: Fingerprint) -> Result<Claim, InFlight> {
        self.try_claim_at(fingerprint, Instant::now())
            .map_err(|_| InFlight)
    }

    /// How many accepted notifications are remembered.
    pub fn len(&self) -> usize {
        lock(&self.state).accepted.len()
    }

    /// Whether no accepted notification is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn try_claim_at(
        &self,
        fingerprint: Fingerprint,
        now: Instant,
    ) -> Result<Claim, watch::Receiver<()>> {
        let mut state = lock(&self.state);
        state.forget_expired(now);
        if state.accepted.contains_key(&fingerprint) {
            return Ok(Claim::AlreadyAccepted);
        }
        if let Some(done) = state.in_flight.get(&fingerprint) {
            return Err(done.clone());
        }
        let (done_sender, done_receiver) = watch::channel(());
        state.in_flight.insert(fingerprint, done_receiver);
        Ok(Claim::Acquired(Pending {
            fingerprint,
            state: Arc::clone(&self.state),
            _done: done_sender,
        }))
    }
}

/// Sorts the members of every object of `value`: the members of `extra` come in the order they
/// were sent, which must not make two deliveries of one notification differ.
fn canonical_order(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(members) => {
            members.sort_keys();
            members.values_mut().for_each(canonical_order);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(canonical_order),
        _ => {}
    }
}

impl Default for Deduplicator {
    /// [`Deduplicator::DEFAULT_CAPACITY`] notifications, no age limit.
    fn default() -> Self {
        Deduplicator::new(Deduplicator::DEFAULT_CAPACITY)
    }
}

impl std::fmt::Debug for Deduplicator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = lock(&self.state);
        f.debug_struct("Deduplicator")
            .field("capacity", &state.capacity)
            .field("max_age", &state.max_age)
            .field("accepted", &state.accepted.len())
            .field("in_flight", &state.in_flight.len())
            .finish()
    }
}

impl Pending {
    /// The notification's fingerprint.
    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// Records the notification as accepted: later deliveries of it get
    /// [`Claim::AlreadyAccepted`]. Call it only once the notification is safely handled.
    pub fn accept(self) {
        self.accept_at(Instant::now());
    }

    fn accept_at(self, now: Instant) {
        lock(&self.state).accept(self.fingerprint, now);
        // Dropping `self` now clears the in-flight entry and wakes the waiters, who then find
        // the notification accepted.
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        lock(&self.state).in_flight.remove(&self.fingerprint);
    }
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl State {
    fn accept(&mut self, fingerprint: Fingerprint, now: Instant) {
        if self.accepted.insert(fingerprint, now).is_none() {
            self.order.push_back(fingerprint);
        }
        while self.order.len() > self.capacity {
            self.forget_oldest();
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

/// Feeds serde_json's output straight into both hashers, without building the JSON in memory.
struct HashWriter<H>(H, H);

impl<H: Hasher> HashWriter<H> {
    fn write_all_bytes(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
        self.1.write(bytes);
    }
}

impl<H: Hasher> io::Write for HashWriter<H> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_all_bytes(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use airudder_models::{WorkflowStatus, WorkflowStatusChangedNotification};

    use super::*;

    fn status_changed(workflow_id: &str) -> WorkflowStatusChangedNotification {
        WorkflowStatusChangedNotification::new(
            workflow_id,
            "n",
            WorkflowStatus::Finished,
            Vec::new(),
        )
    }

    fn acquired(claim: Result<Claim, watch::Receiver<()>>) -> Pending {
        match claim {
            Ok(Claim::Acquired(pending)) => pending,
            other => panic!("expected an acquired claim, got {other:?}"),
        }
    }

    fn is_already_accepted(claim: Result<Claim, watch::Receiver<()>>) -> bool {
        matches!(claim, Ok(Claim::AlreadyAccepted))
    }

    #[test]
    fn key_order_and_whitespace_do_not_change_the_fingerprint_even_among_unknown_members() {
        let dedupe = Deduplicator::default();
        let compact: WorkflowStatusChangedNotification = serde_json::from_str(
            r#"{"workflow_id":"w","workflow_name":"n","status":"finished","actions":[],"x":1,"y":{"b":2,"a":3}}"#,
        )
        .unwrap();
        let reordered: WorkflowStatusChangedNotification = serde_json::from_str(
            r#"{ "actions": [ ], "y": { "a": 3, "b": 2 }, "status": "finished", "x": 1,
                 "workflow_name": "n", "workflow_id": "w" }"#,
        )
        .unwrap();
        assert_eq!(
            dedupe.fingerprint(&compact).unwrap(),
            dedupe.fingerprint(&reordered).unwrap()
        );
    }

    #[test]
    fn a_member_the_spec_does_not_know_tells_two_notifications_apart() {
        let dedupe = Deduplicator::default();
        let parse = |text: &str| -> WorkflowStatusChangedNotification {
            serde_json::from_str(text).unwrap()
        };
        let first = parse(
            r#"{"workflow_id":"w","workflow_name":"n","status":"finished","actions":[],"event_id":1}"#,
        );
        let second = parse(
            r#"{"workflow_id":"w","workflow_name":"n","status":"finished","actions":[],"event_id":2}"#,
        );
        assert_ne!(
            dedupe.fingerprint(&first).unwrap(),
            dedupe.fingerprint(&second).unwrap()
        );
    }

    #[test]
    fn different_payloads_or_webhooks_have_different_fingerprints() {
        let dedupe = Deduplicator::default();
        let payload = status_changed("w1");
        assert_ne!(
            dedupe.fingerprint(&payload).unwrap(),
            dedupe.fingerprint(&status_changed("w2")).unwrap()
        );
        assert_ne!(
            dedupe.fingerprint(&payload).unwrap(),
            dedupe.fingerprint_of("otherWebhook", &payload).unwrap()
        );
    }

    #[test]
    fn an_accepted_notification_is_claimed_as_already_accepted() {
        let dedupe = Deduplicator::default();
        let fingerprint = dedupe.fingerprint(&status_changed("w")).unwrap();
        let now = Instant::now();
        acquired(dedupe.try_claim_at(fingerprint, now)).accept_at(now);
        assert!(is_already_accepted(dedupe.try_claim_at(fingerprint, now)));
        assert_eq!(dedupe.len(), 1);
    }

    #[test]
    fn a_dropped_claim_leaves_the_notification_claimable_again() {
        let dedupe = Deduplicator::default();
        let fingerprint = dedupe.fingerprint(&status_changed("w")).unwrap();
        let now = Instant::now();
        drop(acquired(dedupe.try_claim_at(fingerprint, now)));
        acquired(dedupe.try_claim_at(fingerprint, now)).accept_at(now);
        assert!(
            dedupe
                .try_claim(fingerprint)
                .is_ok_and(|claim| matches!(claim, Claim::AlreadyAccepted))
        );
    }

    #[test]
    fn a_notification_being_handled_is_in_flight_for_other_claims() {
        let dedupe = Deduplicator::default();
        let fingerprint = dedupe.fingerprint(&status_changed("w")).unwrap();
        let _pending = acquired(dedupe.try_claim_at(fingerprint, Instant::now()));
        assert_eq!(dedupe.try_claim(fingerprint).unwrap_err(), InFlight);
    }

    #[test]
    fn the_oldest_accepted_notification_is_forgotten_beyond_capacity() {
        let dedupe = Deduplicator::new(2);
        let now = Instant::now();
        let [first, second, third] =
            ["w1", "w2", "w3"].map(|id| dedupe.fingerprint(&status_changed(id)).unwrap());
        for fingerprint in [first, second, third] {
            acquired(dedupe.try_claim_at(fingerprint, now)).accept_at(now);
        }
        assert_eq!(dedupe.len(), 2);
        assert!(is_already_accepted(dedupe.try_claim_at(second, now)));
        assert!(is_already_accepted(dedupe.try_claim_at(third, now)));
        drop(acquired(dedupe.try_claim_at(first, now)));
    }

    #[test]
    fn an_accepted_notification_is_forgotten_after_max_age() {
        let dedupe = Deduplicator::default().max_age(Duration::from_secs(60));
        let fingerprint = dedupe.fingerprint(&status_changed("w")).unwrap();
        let accepted_at = Instant::now();
        acquired(dedupe.try_claim_at(fingerprint, accepted_at)).accept_at(accepted_at);
        let just_before = accepted_at + Duration::from_secs(59);
        assert!(is_already_accepted(
            dedupe.try_claim_at(fingerprint, just_before)
        ));
        let at_max_age = accepted_at + Duration::from_secs(60);
        drop(acquired(dedupe.try_claim_at(fingerprint, at_max_age)));
        assert!(dedupe.is_empty());
    }

    fn poll_once<F: Future>(future: std::pin::Pin<&mut F>) -> Poll<F::Output> {
        future.poll(&mut Context::from_waker(Waker::noop()))
    }

    #[test]
    fn a_waiting_claim_resolves_to_already_accepted_when_the_handling_delivery_accepts() {
        let dedupe = Deduplicator::default();
        let fingerprint = dedupe.fingerprint(&status_changed("w")).unwrap();
        let pending = acquired(dedupe.try_claim_at(fingerprint, Instant::now()));
        let mut waiting = pin!(dedupe.claim(fingerprint));
        assert!(poll_once(waiting.as_mut()).is_pending());
        pending.accept();
        assert!(matches!(
            poll_once(waiting.as_mut()),
            Poll::Ready(Claim::AlreadyAccepted)
        ));
    }

    #[test]
    fn a_waiting_claim_acquires_the_notification_when_the_handling_delivery_fails() {
        let dedupe = Deduplicator::default();
        let fingerprint = dedupe.fingerprint(&status_changed("w")).unwrap();
        let pending = acquired(dedupe.try_claim_at(fingerprint, Instant::now()));
        let mut waiting = pin!(dedupe.claim(fingerprint));
        assert!(poll_once(waiting.as_mut()).is_pending());
        drop(pending);
        assert!(matches!(
            poll_once(waiting.as_mut()),
            Poll::Ready(Claim::Acquired(_))
        ));
    }
}
