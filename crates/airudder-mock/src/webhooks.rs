//! Delivering webhooks as AiRudder does: POST the JSON to the integrator's URL, and if it does not
//! answer 200, try again after an interval, at most a few times; every attempt is recorded.

use std::time::Duration;

use airudder_models::WebhookInfo;
use bytes::Bytes;

/// How deliveries are retried. The default is [`DeliveryPolicy::fast`], made for tests: a dead
/// receiver costs a test well under a second. [`DeliveryPolicy::airudder`] is what AiRudder
/// documents (after 1 minute, at most 5 tries), for trying a receiver's retry handling for real.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryPolicy {
    /// Tries in all, the first included.
    pub max_tries: u32,
    /// The wait after a try that failed.
    pub interval: Duration,
    /// How long one try may take.
    pub timeout: Duration,
}

impl DeliveryPolicy {
    /// 3 tries, 20 ms apart, 2 s each: the retries are exercised, a refused connection costs
    /// about 40 ms, and only a receiver that accepts and never answers costs seconds.
    pub fn fast() -> DeliveryPolicy {
        DeliveryPolicy {
            max_tries: 3,
            interval: Duration::from_millis(20),
            timeout: Duration::from_secs(2),
        }
    }

    /// AiRudder's documented policy: 5 tries, 1 minute apart (10 s each).
    pub fn airudder() -> DeliveryPolicy {
        DeliveryPolicy {
            max_tries: 5,
            interval: Duration::from_secs(60),
            timeout: Duration::from_secs(10),
        }
    }
}

impl Default for DeliveryPolicy {
    /// [`DeliveryPolicy::fast`]: a mock is for tests first.
    fn default() -> Self {
        DeliveryPolicy::fast()
    }
}

/// One try of a delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAttempt {
    /// The receiver's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why there was no answer (connection refused, timeout).
    pub error: Option<String>,
}

/// A webhook delivery with all its tries.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// The webhook's key in the spec (`workflowStatusChanged`).
    pub webhook: String,
    /// Where it was sent.
    pub url: String,
    /// The body sent with every try.
    pub body: Bytes,
    /// The headers the webhook's page declares, as sent with every try.
    pub headers: Vec<(String, String)>,
    /// Every try, in order.
    pub attempts: Vec<DeliveryAttempt>,
    /// Whether a try was answered with 200.
    pub delivered: bool,
}

/// The headers the page declares for `webhook` and the values the mock sends: the spec's
/// example, or `mock-<header>` for a required one without; an optional one without an example
/// is left out.
pub(crate) fn declared_headers(webhook: &WebhookInfo) -> Vec<(String, String)> {
    webhook
        .headers
        .iter()
        .filter_map(|header| {
            let example =
                header.example.map(
                    |text| match serde_json::from_str::<serde_json::Value>(text) {
                        Ok(serde_json::Value::String(value)) => value,
                        _ => text.to_owned(),
                    },
                );
            let value = match example {
                Some(value) => value,
                None if header.required => format!("mock-{}", header.name.to_ascii_lowercase()),
                None => return None,
            };
            Some((header.name.to_owned(), value))
        })
        .collect()
}

/// Sends `body` with `headers` to `url` until it is answered with 200 or the tries run out.
pub(crate) async fn deliver(
    http: &reqwest::Client,
    webhook: &str,
    url: &str,
    body: Bytes,
    headers: &[(String, String)],
    policy: &DeliveryPolicy,
) -> Delivery {
    let mut delivery = Delivery {
        webhook: webhook.to_owned(),
        url: url.to_owned(),
        body,
        headers: headers.to_vec(),
        attempts: Vec::new(),
        delivered: false,
    };
    for attempt in 1..=policy.max_tries.max(1) {
        let mut request = http
            .post(url)
            .timeout(policy.timeout)
            .header("content-type", "application/json")
            .header("user-agent", "Airudder");
        for (name, value) in &delivery.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let sent = request.body(delivery.body.clone()).send().await;
        let outcome = match sent {
            Ok(response) => DeliveryAttempt {
                status: Some(response.status().as_u16()),
                error: None,
            },
            Err(error) => DeliveryAttempt {
                status: None,
                error: Some(error.to_string()),
            },
        };
        delivery.delivered = outcome.status == Some(200);
        tracing::info!(
            webhook,
            attempt,
            status = outcome.status,
            delivered = delivery.delivered,
            "webhook delivery"
        );
        delivery.attempts.push(outcome);
        if delivery.delivered {
            break;
        }
        if attempt < policy.max_tries {
            tokio::time::sleep(policy.interval).await;
        }
    }
    delivery
}

#[cfg(test)]
mod tests {
    use airudder_models::{ParamInfo, ParamLocation, WebhookInfo};

    use super::declared_headers;

    fn header(name: &'static str, required: bool, example: Option<&'static str>) -> ParamInfo {
        ParamInfo {
            name,
            location: ParamLocation::Header,
            required,
            json_type: "string",
            description: "",
            example,
            secret: false,
            nullable: false,
            values: &[],
        }
    }

    #[test]
    fn declared_headers_are_sent_with_their_example_or_a_marker_when_required() {
        let headers: &'static [ParamInfo] = Box::leak(Box::new([
            header("X-Signature", true, Some("\"sig-123\"")),
            header("X-Request-Id", true, None),
            header("X-Attempt", false, Some("3")),
            header("X-Trace", false, None),
        ]));
        let webhook = WebhookInfo {
            name: "signedPing",
            summary: "",
            headers,
            reencode_payload: airudder_models::__private::reencode::<serde_json::Value>,
            reencode_payload_over: airudder_models::__private::reencode_over::<serde_json::Value>,
            inspect_payload: airudder_models::__private::inspect::<serde_json::Value>,
            reencode_answer: None,
            example: None,
            example_written: false,
            page: None,
        };
        assert_eq!(
            declared_headers(&webhook),
            [
                ("X-Signature".to_owned(), "sig-123".to_owned()),
                ("X-Request-Id".to_owned(), "mock-x-request-id".to_owned()),
                ("X-Attempt".to_owned(), "3".to_owned()),
            ]
        );
    }
}
