//! Any of the spec's webhooks as one typed value, chosen by the webhook's name.

pub use airudder_models::Notification;

use crate::{BodyLimit, WebhookError};

/// Parses the body of the webhook called `name` in the spec (`"workflowStatusChanged"`), for a
/// receiver that serves every webhook from one route such as `/webhooks/{name}`.
pub fn parse_named(
    name: &str,
    body: &[u8],
    limit: BodyLimit,
) -> Result<Notification, WebhookError> {
    if body.len() > limit.get() {
        return Err(WebhookError::TooLarge { limit: limit.get() });
    }
    let unknown = || WebhookError::UnknownWebhook {
        name: name.to_owned(),
    };
    // The spec's own `&'static` copy of the name, for the error.
    let known = Notification::NAMES
        .iter()
        .copied()
        .find(|known| *known == name)
        .ok_or_else(unknown)?;
    match Notification::parse_named(known, body) {
        Some(parsed) => parsed.map_err(|source| WebhookError::from_decode(known, source)),
        None => Err(unknown()),
    }
}
