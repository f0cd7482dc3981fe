//! Expectations a test states up front, wiremock-style: "this operation is called N times with
//! requests like these", optionally answered with a reply of their own, and checked when the mock
//! is dropped (or earlier with [`MockServer::verify`](crate::MockServer::verify)).
//!
//! Counting happens at check time over the requests the mock recorded, not in the handler: the
//! record is already kept in order, so the count cannot drift from what
//! [`MockServer::requests`](crate::MockServer::requests) shows, and a request that met a fault or
//! was refused for its token still counts (it was made). Matchers are plain predicates over a
//! [`RecordedRequest`], so the same ones choose a reply and count the calls.

use std::fmt;
use std::ops::{Bound, RangeBounds};
use std::sync::Arc;

use serde_json::Value;

use crate::answer::Reply;
use crate::server::RecordedRequest;

/// One condition on a request. Build them with the constructors; all of an expectation's
/// matchers must hold for a request to match.
#[derive(Clone)]
pub struct Matcher {
    description: String,
    test: Arc<dyn Fn(&RecordedRequest) -> bool + Send + Sync>,
}

impl Matcher {
    /// The query string has `name=value` (percent-decoded).
    pub fn query(name: &str, value: &str) -> Matcher {
        let (name, value) = (name.to_owned(), value.to_owned());
        Matcher::new(format!("query {name}={value}"), move |request| {
            let query = request.query.as_deref().unwrap_or_default();
            form_urlencoded::parse(query.as_bytes()).any(|(n, v)| n == name && v == value)
        })
    }

    /// The header `name` (any case) has exactly this value.
    pub fn header(name: &str, value: &str) -> Matcher {
        let (name, value) = (name.to_owned(), value.to_owned());
        Matcher::new(format!("header {name}: {value}"), move |request| {
            request.header(&name) == Some(value.as_str())
        })
    }

    /// The JSON body has `value` at this JSON pointer (`""` for the whole body, `/TaskID` for a
    /// member, `/items/0/Phone` deeper).
    pub fn body_at(pointer: &str, value: Value) -> Matcher {
        let pointer = pointer.to_owned();
        Matcher::new(format!("body {pointer:?} = {value}"), move |request| {
            serde_json::from_slice::<Value>(&request.body)
                .ok()
                .is_some_and(|body| body.pointer(&pointer) == Some(&value))
        })
    }

    /// Any other condition; `description` is what a failed check prints.
    pub fn custom(
        description: impl Into<String>,
        test: impl Fn(&RecordedRequest) -> bool + Send + Sync + 'static,
    ) -> Matcher {
        Matcher::new(description.into(), test)
    }

    fn new(
        description: String,
        test: impl Fn(&RecordedRequest) -> bool + Send + Sync + 'static,
    ) -> Matcher {
        Matcher {
            description,
            test: Arc::new(test),
        }
    }

    fn holds(&self, request: &RecordedRequest) -> bool {
        (self.test)(request)
    }
}

impl fmt::Debug for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.description)
    }
}

/// "`operation` is called this many times with requests that match": build it with
/// [`Expectation::on`], register it with [`MockServer::expect`](crate::MockServer::expect).
#[derive(Debug, Clone)]
pub struct Expectation {
    pub(crate) operation: String,
    matchers: Vec<Matcher>,
    low: usize,
    high: Option<usize>,
    pub(crate) reply: Option<Reply>,
}

impl Expectation {
    /// Requests of this operation (an operationId of the spec), at least once unless
    /// [`times`](Expectation::times) says otherwise.
    pub fn on(operation_id: &str) -> Expectation {
        Expectation {
            operation: operation_id.to_owned(),
            matchers: Vec::new(),
            low: 1,
            high: None,
            reply: None,
        }
    }

    /// Only requests that also meet `matcher` count (and get [`respond_with`](Expectation::respond_with)'s reply).
    pub fn matching(mut self, matcher: Matcher) -> Expectation {
        self.matchers.push(matcher);
        self
    }

    /// How many matching requests are expected: `2`, `1..=3`, `1..`, `..=2` (`0` or `..1`: never).
    pub fn times(mut self, count: impl Into<Times>) -> Expectation {
        let Times { low, high } = count.into();
        (self.low, self.high) = (low, high);
        self
    }

    /// Answer the matching requests (that get past faults, auth and validation) with `reply`,
    /// before any scripted reply of the operation.
    pub fn respond_with(mut self, reply: Reply) -> Expectation {
        self.reply = Some(reply);
        self
    }

    /// Whether `request` is one this expectation counts.
    pub(crate) fn matches(&self, request: &RecordedRequest) -> bool {
        request.operation_id == Some(self.operation.as_str())
            && self.matchers.iter().all(|matcher| matcher.holds(request))
    }

    /// `None` when `seen` matching requests meet the count, else what went wrong.
    fn check(&self, requests: &[RecordedRequest]) -> Option<String> {
        let seen = requests.iter().filter(|r| self.matches(r)).count();
        let within = seen >= self.low && self.high.is_none_or(|high| seen <= high);
        if within {
            return None;
        }
        let of_operation = requests
            .iter()
            .filter(|r| r.operation_id == Some(self.operation.as_str()))
            .count();
        Some(format!(
            "`{}`{}: expected {}, got {seen} (of {of_operation} request(s) to the operation)",
            self.operation,
            self.describe_matchers(),
            self.describe_count(),
        ))
    }

    fn describe_matchers(&self) -> String {
        if self.matchers.is_empty() {
            return String::new();
        }
        let all: Vec<&str> = self
            .matchers
            .iter()
            .map(|m| m.description.as_str())
            .collect();
        format!(" with {}", all.join(", "))
    }

    fn describe_count(&self) -> String {
        match (self.low, self.high) {
            (low, Some(high)) if low == high => format!("exactly {low}"),
            (0, Some(high)) => format!("at most {high}"),
            (low, None) => format!("at least {low}"),
            (low, Some(high)) => format!("{low} to {high}"),
        }
    }
}

/// A number of calls or a range of them, for [`Expectation::times`]: from a `usize` or any
/// range of `usize` (`1..=3`, `2..`, `..5`, `..=1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    low: usize,
    high: Option<usize>,
}

impl Times {
    fn within(range: impl RangeBounds<usize>) -> Times {
        let low = match range.start_bound() {
            Bound::Included(&n) => n,
            Bound::Excluded(&n) => n.saturating_add(1),
            Bound::Unbounded => 0,
        };
        let high = match range.end_bound() {
            Bound::Included(&n) => Some(n),
            Bound::Excluded(&n) => Some(n.saturating_sub(1)),
            Bound::Unbounded => None,
        };
        Times { low, high }
    }
}

impl From<usize> for Times {
    fn from(exactly: usize) -> Times {
        Times::within(exactly..=exactly)
    }
}

macro_rules! times_from_ranges {
    ($($range:ty),*) => {$(
        impl From<$range> for Times {
            fn from(range: $range) -> Times {
                Times::within(range)
            }
        }
    )*};
}

times_from_ranges!(
    std::ops::Range<usize>,
    std::ops::RangeInclusive<usize>,
    std::ops::RangeFrom<usize>,
    std::ops::RangeTo<usize>,
    std::ops::RangeToInclusive<usize>
);

/// The expectations that were not met, one line each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmetExpectations(Vec<String>);

impl fmt::Display for UnmetExpectations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} mock expectation(s) not met:", self.0.len())?;
        for line in &self.0 {
            writeln!(f, "  - {line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnmetExpectations {}

/// Checks every expectation against the requests the mock recorded.
pub(crate) fn verify(
    expectations: &[Expectation],
    requests: &[RecordedRequest],
) -> Result<(), UnmetExpectations> {
    let unmet: Vec<String> = expectations
        .iter()
        .filter_map(|expectation| expectation.check(requests))
        .collect();
    if unmet.is_empty() {
        Ok(())
    } else {
        Err(UnmetExpectations(unmet))
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue, Method};
    use bytes::Bytes;
    use serde_json::json;

    use super::*;

    fn request(query: Option<&str>, body: &str) -> RecordedRequest {
        let mut headers = HeaderMap::new();
        headers.insert("x-trace", HeaderValue::from_static("abc"));
        RecordedRequest {
            operation_id: Some("getTaskDetail"),
            method: Method::GET,
            path: "/detail".into(),
            query: query.map(str::to_owned),
            headers,
            body: Bytes::from(body.to_owned()),
        }
    }

    #[test]
    fn query_matchers_compare_decoded_pairs() {
        let seen = request(Some("TaskID=a%20b&Page=2"), "");
        assert!(Matcher::query("TaskID", "a b").holds(&seen));
        assert!(Matcher::query("Page", "2").holds(&seen));
        assert!(!Matcher::query("Page", "3").holds(&seen));
        assert!(!Matcher::query("Missing", "").holds(&seen));
    }

    #[test]
    fn header_and_body_matchers_look_where_they_say() {
        let seen = request(None, r#"{"TaskID": "t1", "items": [{"Phone": "1"}]}"#);
        assert!(Matcher::header("X-Trace", "abc").holds(&seen));
        assert!(!Matcher::header("X-Trace", "abd").holds(&seen));
        assert!(Matcher::body_at("/TaskID", json!("t1")).holds(&seen));
        assert!(Matcher::body_at("/items/0/Phone", json!("1")).holds(&seen));
        assert!(!Matcher::body_at("/TaskID", json!("t2")).holds(&seen));
        assert!(!Matcher::body_at("/TaskID", json!("t1")).holds(&request(None, "not json")));
    }

    #[test]
    fn a_count_outside_the_range_is_reported_with_what_was_seen() {
        let requests = [request(Some("TaskID=t"), ""), request(Some("TaskID=u"), "")];
        let twice_t = Expectation::on("getTaskDetail")
            .matching(Matcher::query("TaskID", "t"))
            .times(2);
        let unmet = verify(&[twice_t], &requests).unwrap_err();
        assert_eq!(
            unmet.0,
            [
                "`getTaskDetail` with query TaskID=t: expected exactly 2, got 1 (of 2 request(s) to the operation)"
            ]
        );
        assert!(verify(&[Expectation::on("getTaskDetail").times(1..=2)], &requests).is_ok());
        assert!(verify(&[Expectation::on("getTaskDetail").times(..2)], &requests).is_err());
        assert!(verify(&[Expectation::on("obtainToken").times(0)], &requests).is_ok());
    }

    #[test]
    fn an_expectation_without_times_wants_at_least_one_call() {
        let unmet = verify(&[Expectation::on("obtainToken")], &[]).unwrap_err();
        assert!(
            unmet.to_string().contains("expected at least 1, got 0"),
            "{unmet}"
        );
    }
}
