//! The headers a webhook's page declares for its deliveries ([`Webhook::HEADERS`]): checked
//! before the handler runs (a delivery without a required one is refused with 400 naming it),
//! and handed to the handler, whatever the HTTP stack.
//!
//! [`Webhook::HEADERS`]: airudder_models::Webhook::HEADERS

use std::fmt;

use airudder_models::WebhookHeader;

use crate::WebhookError;

/// The declared headers of one delivery, with the values it carried.
///
/// `Debug` shows the names only: a header such as a signature is a credential.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct DeliveryHeaders {
    values: Vec<(&'static str, String)>,
}

impl DeliveryHeaders {
    /// The value of the declared header `name` (in any case), when the delivery carried it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(declared, _)| declared.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Every declared header the delivery carried, as the page names it, with its value.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.values
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
    }
}

impl fmt::Debug for DeliveryHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.values.iter().map(|(name, _)| name))
            .finish()
    }
}

/// Reads the headers `declared` for the webhook `webhook` from a delivery, `header` looking
/// one up by name (any case, as HTTP stacks do); a delivery without a required header, or with
/// one that is not text, is refused.
pub fn check_headers(
    webhook: &'static str,
    declared: &'static [WebhookHeader],
    header: impl Fn(&str) -> Option<Vec<u8>>,
) -> Result<DeliveryHeaders, WebhookError> {
    let mut values = Vec::new();
    for expected in declared {
        match header(expected.name).map(String::from_utf8) {
            Some(Ok(value)) => values.push((expected.name, value)),
            Some(Err(_)) => {
                return Err(WebhookError::MissingHeader {
                    webhook,
                    header: expected.name,
                    reason: "is not text",
                });
            }
            None if expected.required => {
                return Err(WebhookError::MissingHeader {
                    webhook,
                    header: expected.name,
                    reason: "is missing",
                });
            }
            None => {}
        }
    }
    Ok(DeliveryHeaders { values })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECLARED: &[WebhookHeader] = &[
        WebhookHeader {
            name: "X-Signature",
            required: true,
        },
        WebhookHeader {
            name: "X-Attempt",
            required: false,
        },
    ];

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<Vec<u8>> {
        let pairs: Vec<(String, Vec<u8>)> = pairs
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), value.as_bytes().to_vec()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name.to_ascii_lowercase())
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn a_delivery_with_its_required_headers_hands_their_values_over() {
        let headers = check_headers("hook", DECLARED, lookup(&[("x-signature", "s1")])).unwrap();
        assert_eq!(headers.get("X-SIGNATURE"), Some("s1"));
        assert_eq!(headers.get("X-Attempt"), None);
        assert_eq!(format!("{headers:?}"), r#"["X-Signature"]"#);
    }

    #[test]
    fn a_delivery_without_a_required_header_is_refused_naming_it() {
        let error = check_headers("hook", DECLARED, lookup(&[("X-Attempt", "2")])).unwrap_err();
        assert_eq!(error.status(), 400);
        assert_eq!(
            error.to_string(),
            "webhook `hook` delivery refused: the header `X-Signature` is missing; its page requires it"
        );
    }
}
