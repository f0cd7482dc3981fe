//! Faults a test injects per operation, and which of them the next request meets.

use std::time::Duration;

/// A fault to inject into an operation's answers with [`MockServer::inject`](crate::MockServer::inject).
/// By default it hits every request; [`Fault::times`] limits it to the next `n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub(crate) kind: FaultKind,
    pub(crate) remaining: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FaultKind {
    Latency(Duration),
    Status(u16),
    TooManyRequests { retry_after_secs: u64 },
    CloseConnection,
    MalformedBody,
    TruncatedBody,
}

impl Fault {
    /// Wait this long before answering (combines with the other faults).
    pub fn latency(delay: Duration) -> Fault {
        Fault::new(FaultKind::Latency(delay))
    }

    /// Answer with this HTTP status (e.g. 500, 502, 503) and a plain-text body.
    pub fn status(status: u16) -> Fault {
        Fault::new(FaultKind::Status(status))
    }

    /// Answer 429 with `Retry-After: <seconds>`.
    pub fn too_many_requests(retry_after_secs: u64) -> Fault {
        Fault::new(FaultKind::TooManyRequests { retry_after_secs })
    }

    /// Send the status and headers, part of the body, then close the connection.
    pub fn close_connection() -> Fault {
        Fault::new(FaultKind::CloseConnection)
    }

    /// Answer HTTP 200 with a body that is not JSON.
    pub fn malformed_body() -> Fault {
        Fault::new(FaultKind::MalformedBody)
    }

    /// Answer HTTP 200 with the first half of the real answer, cleanly ended: JSON cut short.
    pub fn truncated_body() -> Fault {
        Fault::new(FaultKind::TruncatedBody)
    }

    /// Only the next `n` requests meet this fault.
    pub fn times(mut self, n: usize) -> Fault {
        self.remaining = Some(n);
        self
    }

    fn new(kind: FaultKind) -> Fault {
        Fault {
            kind,
            remaining: None,
        }
    }
}

/// What one request meets, taken from an operation's injected faults.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) latency: Duration,
    /// A fault that replaces the answer: a status, 429, or a connection closed mid-body.
    pub(crate) answer: Option<FaultKind>,
}

/// The faults the next request meets, counting down those limited by [`Fault::times`] and
/// dropping the used-up ones. The first answer-replacing fault wins.
pub(crate) fn take(faults: &mut Vec<Fault>) -> Hit {
    let mut hit = Hit::default();
    for fault in faults.iter_mut() {
        match &fault.kind {
            FaultKind::Latency(delay) => hit.latency += *delay,
            kind if hit.answer.is_none() => hit.answer = Some(kind.clone()),
            _ => continue,
        }
        if let Some(remaining) = &mut fault.remaining {
            *remaining -= 1;
        }
    }
    faults.retain(|fault| fault.remaining != Some(0));
    hit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limited_faults_run_out() {
        let mut faults = vec![Fault::status(503).times(2)];
        assert_eq!(take(&mut faults).answer, Some(FaultKind::Status(503)));
        assert_eq!(take(&mut faults).answer, Some(FaultKind::Status(503)));
        assert_eq!(take(&mut faults), Hit::default());
    }

    #[test]
    fn latency_adds_up_and_the_first_answer_fault_wins() {
        let mut faults = vec![
            Fault::latency(Duration::from_millis(5)),
            Fault::too_many_requests(1).times(1),
            Fault::status(500),
            Fault::latency(Duration::from_millis(7)),
        ];
        let hit = take(&mut faults);
        assert_eq!(hit.latency, Duration::from_millis(12));
        assert_eq!(
            hit.answer,
            Some(FaultKind::TooManyRequests {
                retry_after_secs: 1
            })
        );
        assert_eq!(
            take(&mut faults).answer,
            Some(FaultKind::Status(500)),
            "the 429 was used up"
        );
    }
}
