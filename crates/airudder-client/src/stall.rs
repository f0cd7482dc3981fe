//! Stalled-body protection, on every path that reads a body (buffered, streamed, the snippet of an
//! error answer): a body is stalled, and the read ends with a timeout error, when we wait for it
//! `window` without a byte (idle), or when a window of waiting brings fewer than `min_bytes` (a
//! trickle).
//!
//! Only time spent *waiting for the network* counts: from a read that found no bytes until bytes
//! come. A streamed answer is read as fast as the caller consumes its rows, so a caller that takes
//! an hour over its rows never trips this; a server that sends nothing, or one byte at a time, trips
//! it after one window. A window that brought enough bytes starts the next one: a slow but steady
//! link is never cut. A caller that drops a pending read and comes back later has the gap counted
//! as waiting, and that is right: the connection's buffers (far larger than a window's minimum)
//! were empty all along, so the server could have sent and did not. (The same idea as the AWS SDK's
//! stalled-stream protection: a minimum throughput over a grace period.)

use std::time::Duration;

use bytes::Bytes;
use tokio::time::Instant;

use crate::error::Error;

/// When a body counts as stalled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StallRule {
    /// How long one window of waiting lasts.
    pub(crate) window: Duration,
    /// How many bytes a window must bring (at least 1).
    pub(crate) min_bytes: u64,
}

impl StallRule {
    /// No byte for `window`, or fewer than `min_rate` bytes per second on average over it.
    pub(crate) fn new(window: Duration, min_rate: u64) -> StallRule {
        let min_bytes = (min_rate as f64 * window.as_secs_f64()).ceil() as u64;
        StallRule {
            window,
            min_bytes: min_bytes.max(1),
        }
    }
}

/// The watch over one body: how long we waited in this window and what it brought, and since
/// when we have been waiting without a byte.
#[derive(Debug)]
pub(crate) struct StallWatch {
    rule: StallRule,
    waited: Duration,
    received: u64,
    /// The start of the wait in progress, counted into `waited` when it ends.
    waiting_since: Option<Instant>,
    /// The start of the current run of waiting without a byte.
    idle_since: Option<Instant>,
}

/// `at + by`, or a far future when that overflows (a `Duration::MAX` setting turns a check off).
fn later(at: Instant, by: Duration) -> Instant {
    at.checked_add(by)
        .unwrap_or_else(|| at + Duration::from_secs(60 * 60 * 24 * 365 * 30))
}

impl StallWatch {
    pub(crate) fn new(rule: StallRule) -> StallWatch {
        StallWatch {
            rule,
            waited: Duration::ZERO,
            received: 0,
            waiting_since: None,
            idle_since: None,
        }
    }

    /// We start (or go on) waiting for bytes; the instant to look again if none come (the window
    /// closes, or the wait has been idle for a window).
    pub(crate) fn waiting(&mut self, now: Instant) -> Instant {
        let since = *self.waiting_since.get_or_insert(now);
        let idle = *self.idle_since.get_or_insert(now);
        let window_closes = later(since, self.rule.window.saturating_sub(self.waited));
        window_closes.min(later(idle, self.rule.window))
    }

    /// `bytes` arrived (0 for the end of the body).
    pub(crate) fn received(&mut self, bytes: usize, now: Instant) -> Result<(), Error> {
        if let Some(since) = self.waiting_since.take() {
            self.waited += now.saturating_duration_since(since);
        }
        self.idle_since = None;
        self.received += bytes as u64;
        if self.waited >= self.rule.window {
            self.close_window(now)?;
        }
        Ok(())
    }

    /// The instant [`waiting`](Self::waiting) gave came while we were still waiting.
    pub(crate) fn deadline_passed(&mut self, now: Instant) -> Result<(), Error> {
        if self
            .idle_since
            .is_some_and(|idle| now.saturating_duration_since(idle) >= self.rule.window)
        {
            return Err(Error::idle(self.rule.window));
        }
        if let Some(since) = self.waiting_since.replace(now) {
            self.waited += now.saturating_duration_since(since);
        }
        if self.waited >= self.rule.window {
            self.close_window(now)?;
        }
        Ok(())
    }

    /// A full window: enough bytes start the next one, too few are a stall.
    fn close_window(&mut self, now: Instant) -> Result<(), Error> {
        if self.received < self.rule.min_bytes {
            return Err(Error::stalled(
                self.received,
                self.rule.window,
                self.rule.min_bytes,
            ));
        }
        self.waited = Duration::ZERO;
        self.received = 0;
        if self.waiting_since.is_some() {
            self.waiting_since = Some(now);
        }
        Ok(())
    }
}

/// The next chunk of `response`'s body (`None` at its end), under `watch`.
pub(crate) async fn next_chunk(
    response: &mut reqwest::Response,
    watch: &mut StallWatch,
) -> Result<Option<Bytes>, Error> {
    loop {
        let closes = watch.waiting(Instant::now());
        // `chunk` only takes a frame once it is there, so dropping it at the deadline loses none.
        match tokio::time::timeout_at(closes, response.chunk()).await {
            Ok(chunk) => {
                let chunk = chunk.map_err(Error::transport)?;
                watch.received(chunk.as_ref().map_or(0, Bytes::len), Instant::now())?;
                return Ok(chunk);
            }
            Err(_) => watch.deadline_passed(Instant::now())?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> StallRule {
        StallRule::new(Duration::from_secs(10), 100)
    }

    #[test]
    fn a_body_that_sends_nothing_for_a_window_is_stalled() {
        let start = Instant::now();
        let mut watch = StallWatch::new(rule());
        assert_eq!(watch.waiting(start), start + Duration::from_secs(10));
        let error = watch
            .deadline_passed(start + Duration::from_secs(10))
            .unwrap_err();
        assert!(error.is_timeout(), "{error}");
    }

    #[test]
    fn a_body_trickling_below_the_rate_is_stalled_after_one_window() {
        let start = Instant::now();
        let mut watch = StallWatch::new(rule());
        let mut now = start;
        // One byte every 100 ms: 100 bytes in 10 s, short of the 1000 a window needs.
        let outcome = loop {
            watch.waiting(now);
            now += Duration::from_millis(100);
            if let Err(error) = watch.received(1, now) {
                break error;
            }
        };
        assert!(outcome.is_timeout());
        assert_eq!(now - start, Duration::from_secs(10));
    }

    #[test]
    fn a_slow_steady_body_above_the_rate_is_never_cut() {
        let mut watch = StallWatch::new(rule());
        let mut now = Instant::now();
        for _ in 0..1000 {
            watch.waiting(now);
            now += Duration::from_millis(100);
            watch.received(20, now).unwrap();
        }
    }

    #[test]
    fn time_not_spent_waiting_does_not_count() {
        let mut watch = StallWatch::new(rule());
        let mut now = Instant::now();
        for _ in 0..100 {
            watch.waiting(now);
            now += Duration::from_millis(50);
            watch.received(1, now).unwrap();
            // The caller takes a minute over the row: not the server's fault.
            now += Duration::from_secs(60);
        }
    }

    #[test]
    fn a_body_that_goes_quiet_after_a_good_start_is_stalled_one_window_after_its_last_byte() {
        let start = Instant::now();
        let mut watch = StallWatch::new(rule());
        watch.waiting(start);
        let last_byte = start + Duration::from_secs(1);
        watch.received(5000, last_byte).unwrap();
        // The first window closes well (it brought enough), but the idle run goes on: the stall
        // comes 10 s after the last byte, not at the end of the second window (20 s).
        let stalled_at = loop {
            let deadline = watch.waiting(last_byte);
            if let Err(error) = watch.deadline_passed(deadline) {
                assert!(error.to_string().contains("no byte"), "{error}");
                break deadline;
            }
        };
        assert_eq!(stalled_at, last_byte + Duration::from_secs(10));
    }

    #[test]
    fn a_window_that_closes_with_enough_bytes_starts_the_next() {
        let start = Instant::now();
        let mut watch = StallWatch::new(rule());
        for second in 0..25 {
            let now = start + Duration::from_secs(second);
            watch.waiting(now);
            watch
                .received(2000, now + Duration::from_millis(500))
                .unwrap();
        }
    }

    #[test]
    fn a_window_of_duration_max_never_overflows() {
        let mut watch = StallWatch::new(StallRule::new(Duration::MAX, 1024));
        let now = Instant::now();
        assert!(watch.waiting(now) > now + Duration::from_secs(60 * 60 * 24 * 365));
        watch.received(10, now).unwrap();
    }
}
