//! Remembering accepted notifications, so a redelivery is acknowledged without being handled
//! twice, and two concurrent deliveries of one notification are handled once: the protocol, over
//! any [`DedupeStore`] (this process's memory by default, Redis for several replicas).
//!
//! Two deliveries are the same notification when they have the same [`Fingerprint`]. The
//! trade-off: handling a redelivery twice is what an idempotent handler is ready for anyway, while
//! taking two notifications for one would lose one; so only an identical payload counts as the
//! same, and two genuinely distinct events with identical content inside the remembered window
//! count as one.

use std::sync::Arc;

use airudder_models::Webhook;

use crate::Fingerprint;
use crate::store::{DedupeStore, Lease, MemoryStore, StoreClaim, StoreError};

/// The duplicate detector: a protocol over a shared [`DedupeStore`].
///
/// Clones share one store, so one `Deduplicator` may serve several webhooks (fingerprints include
/// the webhook's name). The protocol per delivery:
///
/// 1. [`fingerprint`](Deduplicator::fingerprint) the parsed payload;
/// 2. [`claim`](Deduplicator::claim) it: [`Claim::AlreadyAccepted`] means answer `200 {}` and do
///    nothing; [`Claim::Acquired`] means handle it. A claim for a notification another delivery
///    is handling waits until that one is done, then tells which of the two applies;
/// 3. after handling it successfully, [`Pending::accept`] and answer `200 {}`. Dropping the
///    [`Pending`] instead (failure, panic, cancelled request) releases the claim, so the next
///    delivery handles it again: a notification is only remembered once it was really accepted.
///
/// A store that cannot answer is an error ([`ClaimError::Store`]), never a reason to skip the
/// check: refuse the delivery (500) and AiRudder sends it again.
#[derive(Clone, Debug)]
pub struct Deduplicator {
    store: Arc<dyn DedupeStore>,
}

/// The outcome of [`Deduplicator::claim`].
#[derive(Debug)]
#[must_use = "dropping an acquired claim makes the notification look never handled"]
pub enum Claim {
    /// The notification was accepted before: acknowledge it without handling it again.
    AlreadyAccepted,
    /// Nobody accepted or is handling it: handle it, then [`Pending::accept`].
    Acquired(Pending),
}

/// Why a claim gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimError {
    /// [`Deduplicator::try_claim`]: another delivery of the same notification is being handled
    /// right now.
    #[error("another delivery of this notification is being handled")]
    InFlight,
    /// The store could not answer.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A notification being handled by this delivery. Other deliveries of it wait until it is
/// [accepted](Pending::accept) or dropped.
#[must_use = "dropping it without `accept` makes the notification look never handled"]
pub struct Pending {
    fingerprint: Fingerprint,
    store: Arc<dyn DedupeStore>,
    /// `None` once accepted: nothing left to release.
    lease: Option<Lease>,
}

impl Deduplicator {
    /// The default capacity of the in-memory store.
    pub const DEFAULT_CAPACITY: usize = MemoryStore::DEFAULT_CAPACITY;

    /// Deduplicates in this process's memory ([`MemoryStore::new`]`(capacity)`).
    pub fn new(capacity: usize) -> Self {
        Deduplicator::with_store(MemoryStore::new(capacity))
    }

    /// Deduplicates in `store`: share one store between the replicas of a receiver (a
    /// `RedisStore`, with the `redis` feature) so a notification delivered to two is handled once.
    pub fn with_store(store: impl DedupeStore) -> Self {
        Deduplicator {
            store: Arc::new(store),
        }
    }

    /// The fingerprint of a payload of webhook `W`.
    ///
    /// Fails only if the payload cannot be encoded as JSON, which the generated types always can.
    pub fn fingerprint<W: Webhook>(&self, payload: &W) -> Result<Fingerprint, serde_json::Error> {
        Fingerprint::of(W::NAME, payload)
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
        Fingerprint::of(webhook, payload)
    }

    /// Claims a notification, waiting while another delivery of it is being handled (for as long
    /// as that one holds its lease: bound the wait with a timeout if the handler may hang).
    pub async fn claim(&self, fingerprint: Fingerprint) -> Result<Claim, StoreError> {
        loop {
            match self.try_claim(fingerprint).await {
                Ok(claim) => return Ok(claim),
                Err(ClaimError::Store(error)) => return Err(error),
                Err(ClaimError::InFlight) => self.store.changed(fingerprint).await,
            }
        }
    }

    /// Claims a notification without waiting: [`ClaimError::InFlight`] while another delivery of
    /// it is being handled.
    pub async fn try_claim(&self, fingerprint: Fingerprint) -> Result<Claim, ClaimError> {
        let lease = Lease::new();
        match self.store.try_claim(fingerprint, &lease).await? {
            StoreClaim::AlreadyAccepted => Ok(Claim::AlreadyAccepted),
            StoreClaim::InFlight => Err(ClaimError::InFlight),
            StoreClaim::Acquired => Ok(Claim::Acquired(Pending {
                fingerprint,
                store: Arc::clone(&self.store),
                lease: Some(lease),
            })),
        }
    }
}

impl Default for Deduplicator {
    /// In memory, [`Deduplicator::DEFAULT_CAPACITY`] notifications, no age limit.
    fn default() -> Self {
        Deduplicator::with_store(MemoryStore::default())
    }
}

impl Pending {
    /// The notification's fingerprint.
    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// Records the notification as accepted: later deliveries of it get
    /// [`Claim::AlreadyAccepted`]. Call it only once the notification is safely handled. If the
    /// store cannot record it, the claim is released and a redelivery would be handled again.
    pub async fn accept(mut self) -> Result<(), StoreError> {
        let Some(lease) = self.lease.take() else {
            return Ok(());
        };
        match self.store.accept(self.fingerprint, &lease).await {
            Ok(()) => Ok(()),
            Err(error) => {
                self.store.release(self.fingerprint, lease);
                Err(error)
            }
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(lease) = self.lease.take() {
            self.store.release(self.fingerprint, lease);
        }
    }
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("fingerprint", &self.fingerprint)
            .finish()
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

    fn poll_once<F: Future>(future: std::pin::Pin<&mut F>) -> Poll<F::Output> {
        future.poll(&mut Context::from_waker(Waker::noop()))
    }

    /// The claim of a store that answers at once (the memory store).
    fn claim_now(dedupe: &Deduplicator, fingerprint: Fingerprint) -> Result<Claim, ClaimError> {
        match poll_once(pin!(dedupe.try_claim(fingerprint))) {
            Poll::Ready(claim) => claim,
            Poll::Pending => panic!("the memory store answers at once"),
        }
    }

    fn acquired(claim: Result<Claim, ClaimError>) -> Pending {
        match claim {
            Ok(Claim::Acquired(pending)) => pending,
            other => panic!("expected an acquired claim, got {other:?}"),
        }
    }

    fn accept_now(pending: Pending) {
        assert!(matches!(
            poll_once(pin!(pending.accept())),
            Poll::Ready(Ok(()))
        ));
    }

    #[test]
    fn an_accepted_notification_is_claimed_as_already_accepted() {
        let dedupe = Deduplicator::default();
        let fingerprint = dedupe.fingerprint(&status_changed("w")).unwrap();
        accept_now(acquired(claim_now(&dedupe, fingerprint)));
        assert!(matches!(
            claim_now(&dedupe, fingerprint),
            Ok(Claim::AlreadyAccepted)
        ));
    }

    #[test]
    fn a_dropped_claim_leaves_the_notification_claimable_again() {
        let dedupe = Deduplicator::default();
        let fingerprint = dedupe.fingerprint(&status_changed("w")).unwrap();
        drop(acquired(claim_now(&dedupe, fingerprint)));
        accept_now(acquired(claim_now(&dedupe, fingerprint)));
    }

    #[test]
    fn a_notification_being_handled_is_in_flight_for_other_claims() {
        let dedupe = Deduplicator::default();
        let fingerprint = dedupe.fingerprint(&status_changed("w")).unwrap();
        let _pending = acquired(claim_now(&dedupe, fingerprint));
        assert_eq!(
            claim_now(&dedupe, fingerprint).unwrap_err(),
            ClaimError::InFlight
        );
    }

    #[test]
    fn a_waiting_claim_resolves_to_already_accepted_when_the_handling_delivery_accepts() {
        let dedupe = Deduplicator::default();
        let fingerprint = dedupe.fingerprint(&status_changed("w")).unwrap();
        let pending = acquired(claim_now(&dedupe, fingerprint));
        let mut waiting = pin!(dedupe.claim(fingerprint));
        assert!(poll_once(waiting.as_mut()).is_pending());
        accept_now(pending);
        assert!(matches!(
            poll_once(waiting.as_mut()),
            Poll::Ready(Ok(Claim::AlreadyAccepted))
        ));
    }

    #[test]
    fn a_waiting_claim_acquires_the_notification_when_the_handling_delivery_fails() {
        let dedupe = Deduplicator::default();
        let fingerprint = dedupe.fingerprint(&status_changed("w")).unwrap();
        let pending = acquired(claim_now(&dedupe, fingerprint));
        let mut waiting = pin!(dedupe.claim(fingerprint));
        assert!(poll_once(waiting.as_mut()).is_pending());
        drop(pending);
        assert!(matches!(
            poll_once(waiting.as_mut()),
            Poll::Ready(Ok(Claim::Acquired(_)))
        ));
    }
}
