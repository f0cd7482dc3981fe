//! Faults a test injects per operation, and which of them the next request meets.

use std::str::FromStr;
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

/// A fault written as text, as `airudder mock --fault OP=FAULT` takes it: `503` (any status
/// from 400 to 599; `429` answers with `Retry-After: 1`), `429:5` (`Retry-After: 5`), `slow:250`
/// (250 ms of latency), `close`, `malformed`, `truncated`; each may end with `xN` to hit only
/// the next `N` requests (`503x2`).
impl FromStr for Fault {
    type Err = String;

    fn from_str(text: &str) -> Result<Fault, String> {
        let (kind, times) = match text.rsplit_once('x') {
            Some((kind, count))
                if !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit()) =>
            {
                let count = count
                    .parse::<usize>()
                    .map_err(|_| format!("`{count}` is too many times"))?;
                (kind, Some(count))
            }
            _ => (text, None),
        };
        let fault = parse_kind(kind).ok_or_else(|| {
            format!(
                "`{text}` is not a fault; write a status (503), 429:SECONDS, slow:MILLISECONDS, close, malformed or truncated, optionally followed by xN"
            )
        })?;
        Ok(match times {
            Some(n) => fault.times(n),
            None => fault,
        })
    }
}

fn parse_kind(kind: &str) -> Option<Fault> {
    match kind {
        "close" => return Some(Fault::close_connection()),
        "malformed" => return Some(Fault::malformed_body()),
        "truncated" => return Some(Fault::truncated_body()),
        _ => {}
    }
    if let Some(millis) = kind.strip_prefix("slow:") {
        return millis
            .parse()
            .ok()
            .map(|ms| Fault::latency(Duration::from_millis(ms)));
    }
    if let Some(seconds) = kind.strip_prefix("429:") {
        return seconds.parse().ok().map(Fault::too_many_requests);
    }
    match kind.parse::<u16>().ok()? {
        429 => Some(Fault::too_many_requests(1)),
        status @ 400..=599 => Some(Fault::status(status)),
        _ => None,
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
    fn faults_are_read_from_text_with_an_optional_count() {
        assert_eq!("503x2".parse(), Ok(Fault::status(503).times(2)));
        assert_eq!("500".parse(), Ok(Fault::status(500)));
        assert_eq!("429".parse(), Ok(Fault::too_many_requests(1)));
        assert_eq!("429:7x1".parse(), Ok(Fault::too_many_requests(7).times(1)));
        assert_eq!(
            "slow:250".parse(),
            Ok(Fault::latency(Duration::from_millis(250)))
        );
        assert_eq!("closex3".parse(), Ok(Fault::close_connection().times(3)));
        assert_eq!("malformed".parse(), Ok(Fault::malformed_body()));
        assert_eq!("truncated".parse(), Ok(Fault::truncated_body()));
    }

    #[test]
    fn text_that_is_not_a_fault_is_refused_with_the_grammar() {
        for bad in [
            "200",
            "99",
            "slow",
            "slow:soon",
            "503x",
            "x2",
            "close x2",
            "",
            "503x99999999999999999999999",
        ] {
            let error = bad.parse::<Fault>().unwrap_err();
            assert!(
                error.contains("not a fault") || error.contains("too many"),
                "{bad}: {error}"
            );
        }
    }

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
