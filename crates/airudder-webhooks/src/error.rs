//! What can be wrong with a delivered notification, and the HTTP status that tells the sender.

use airudder_models::{DecodeError, WEBHOOKS};

/// A notification was refused before its handler saw it.
///
/// Every variant is the sender's fault, so answering with [`WebhookError::status`] (a 4xx) is
/// right: AiRudder retries, and a retry of a broken body fails the same way, but nothing that
/// could have been handled is acknowledged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The body is larger than the [`BodyLimit`](crate::BodyLimit).
    #[error(
        "webhook body is over the limit of {limit} bytes; raise the body limit if notifications this large are expected"
    )]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The `Content-Type` names something other than JSON.
    #[error("webhook content type `{content_type}` is not JSON; send `application/json`")]
    UnsupportedContentType {
        /// The header as sent (non-UTF-8 bytes replaced).
        content_type: String,
    },
    /// The body is not one JSON document (malformed, truncated, trailing bytes).
    #[error("webhook body is not valid JSON: {}", serde_reason(.source))]
    NotJson {
        /// Where and why the JSON could not be read.
        source: DecodeError,
    },
    /// The body is JSON but not the webhook's payload (a missing field, a wrong type).
    #[error(
        "webhook body does not match the `{webhook}` payload at `{}`: {}",
        .source.path(),
        serde_reason(.source)
    )]
    WrongShape {
        /// The webhook's name in the spec.
        webhook: &'static str,
        /// The JSON path of the bad value and what is wrong with it.
        source: DecodeError,
    },
    /// A header the webhook's page requires is missing (or is not text).
    #[error(
        "webhook `{webhook}` delivery refused: the header `{header}` {reason}; its page requires it"
    )]
    MissingHeader {
        /// The webhook's name in the spec.
        webhook: &'static str,
        /// The header, as the page names it.
        header: &'static str,
        /// `is missing` or `is not text`.
        reason: &'static str,
    },
    /// [`parse_named`](crate::parse_named) was given a name the spec does not define.
    #[error("unknown webhook `{name}`; use one of {}", known_webhooks())]
    UnknownWebhook {
        /// The name asked for.
        name: String,
    },
}

impl WebhookError {
    /// Sorts a decoding failure into "not JSON at all" and "JSON of the wrong shape", because the
    /// sender fixes them differently (its serializer vs. its data).
    pub(crate) fn from_decode(webhook: &'static str, source: DecodeError) -> Self {
        let category = std::error::Error::source(&source)
            .and_then(|inner| inner.downcast_ref::<serde_json::Error>())
            .map(serde_json::Error::classify);
        match category {
            Some(serde_json::error::Category::Data) => WebhookError::WrongShape { webhook, source },
            _ => WebhookError::NotJson { source },
        }
    }

    /// The JSON path of the offending value (`actions[1].node_type`, `.` for the whole body),
    /// when the body was read as JSON.
    pub fn json_path(&self) -> Option<&str> {
        match self {
            WebhookError::NotJson { source } | WebhookError::WrongShape { source, .. } => {
                Some(source.path())
            }
            _ => None,
        }
    }

    /// The HTTP status to answer with: 413, 415, 400 (not JSON, wrong shape, a required header
    /// missing) or 404 (unknown
    /// webhook name, as for a `/webhooks/{name}` route).
    pub fn status(&self) -> u16 {
        match self {
            WebhookError::TooLarge { .. } => 413,
            WebhookError::UnsupportedContentType { .. } => 415,
            WebhookError::NotJson { .. }
            | WebhookError::WrongShape { .. }
            | WebhookError::MissingHeader { .. } => 400,
            WebhookError::UnknownWebhook { .. } => 404,
        }
    }

    /// A short machine-readable name of the variant, for logs and metrics: the message may quote
    /// values of the body, which must not reach logs.
    pub fn kind(&self) -> &'static str {
        match self {
            WebhookError::TooLarge { .. } => "too_large",
            WebhookError::UnsupportedContentType { .. } => "unsupported_content_type",
            WebhookError::NotJson { .. } => "not_json",
            WebhookError::WrongShape { .. } => "wrong_shape",
            WebhookError::MissingHeader { .. } => "missing_header",
            WebhookError::UnknownWebhook { .. } => "unknown_webhook",
        }
    }
}

/// serde_json's own words (`invalid type: integer `5`, expected a string at line 1 column 9`),
/// without `DecodeError`'s prefix, which would repeat the path.
fn serde_reason(error: &DecodeError) -> String {
    match std::error::Error::source(error) {
        Some(inner) => inner.to_string(),
        None => error.to_string(),
    }
}

fn known_webhooks() -> String {
    let names: Vec<String> = WEBHOOKS
        .iter()
        .map(|webhook| format!("`{}`", webhook.name))
        .collect();
    names.join(", ")
}
