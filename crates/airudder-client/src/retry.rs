//! When and how long to wait before trying a safe request again: exponential backoff with full
//! jitter, bounded in attempts and total time, and `Retry-After` honoured when the server sends it.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderValue;

/// How the client retries requests that are safe to repeat (every `GET`, and the operations the
/// spec marks idempotent) after a connection error, a timeout, HTTP 429 or a 5xx. A request that
/// creates or changes something is never retried, whatever the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, backoff from 250 ms doubling up to 8 s, at most 60 s in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry: one attempt per call.
    pub fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// How many attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff cap before the first retry; it doubles with each retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest backoff between two attempts (a `Retry-After` may ask for more).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// No retry starts once this much time has passed since the first attempt, nor when its
    /// wait would end past it.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// The wait before the attempt after `attempt` (1-based), or `None` to give up. `elapsed` is
    /// the time since the first attempt began; `retry_after` is what the server asked for.
    pub(crate) fn next_delay(
        &self,
        attempt: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let delay = retry_after.unwrap_or_else(|| {
            let exponent = attempt.saturating_sub(1).min(31);
            let cap = self
                .initial_backoff
                .saturating_mul(1 << exponent)
                .min(self.max_backoff);
            // Full jitter: clients that failed together do not all come back together.
            cap.mul_f64(fastrand::f64())
        });
        (elapsed.saturating_add(delay) <= self.max_elapsed).then_some(delay)
    }
}

/// The wait a `Retry-After` header asks for: delta-seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_up_after_the_last_attempt() {
        let policy = RetryPolicy::default().max_attempts(3);
        assert!(policy.next_delay(1, Duration::ZERO, None).is_some());
        assert!(policy.next_delay(2, Duration::ZERO, None).is_some());
        assert_eq!(policy.next_delay(3, Duration::ZERO, None), None);
        assert_eq!(
            RetryPolicy::never().next_delay(1, Duration::ZERO, None),
            None
        );
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_with_jitter_below_it() {
        let policy = RetryPolicy::default()
            .max_attempts(20)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(800))
            .max_elapsed(Duration::from_secs(3600));
        for _ in 0..200 {
            assert!(
                policy.next_delay(1, Duration::ZERO, None).unwrap() <= Duration::from_millis(100)
            );
            assert!(
                policy.next_delay(3, Duration::ZERO, None).unwrap() <= Duration::from_millis(400)
            );
            assert!(
                policy.next_delay(10, Duration::ZERO, None).unwrap() <= Duration::from_millis(800)
            );
        }
    }

    #[test]
    fn retry_after_is_honoured_within_the_time_budget() {
        let policy = RetryPolicy::default().max_elapsed(Duration::from_secs(10));
        let asked = Some(Duration::from_secs(3));
        assert_eq!(
            policy.next_delay(1, Duration::ZERO, asked),
            Some(Duration::from_secs(3))
        );
        assert_eq!(policy.next_delay(1, Duration::from_secs(8), asked), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            parse_retry_after(&HeaderValue::from_static("120"), now),
            Some(Duration::from_secs(120))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&HeaderValue::from_str(&later).unwrap(), now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after(&HeaderValue::from_static("soon"), now),
            None
        );
    }
}
