//! Time as the token cache sees it: replaceable, so a test can move past a token's 24 hours
//! without waiting for them.

use std::fmt;
use std::time::Instant;

/// A source of the current instant. The client uses [`SystemClock`] unless
/// [`ClientBuilder::clock`](crate::ClientBuilder::clock) gives another.
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// The current instant.
    fn now(&self) -> Instant;
}

/// The real, monotonic clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}
