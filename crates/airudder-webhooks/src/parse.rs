//! Turning a delivered body (and its `Content-Type`) into a typed payload, whatever the HTTP stack.

use airudder_models::Webhook;

use crate::WebhookError;

/// The largest body accepted, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BodyLimit(usize);

impl BodyLimit {
    /// 1 MiB. A notification is a few hundred bytes per workflow node, so this leaves ample room
    /// while stopping a runaway body before it is buffered whole.
    pub const DEFAULT: BodyLimit = BodyLimit(1024 * 1024);

    /// A limit of `limit` bytes.
    pub const fn bytes(limit: usize) -> Self {
        BodyLimit(limit)
    }

    /// The limit in bytes.
    pub const fn get(self) -> usize {
        self.0
    }
}

impl Default for BodyLimit {
    fn default() -> Self {
        BodyLimit::DEFAULT
    }
}

/// Parses the body of webhook `W`; the error says whether it was too large, not JSON, or JSON of
/// the wrong shape (naming the JSON path, e.g. `actions[1].node_type`).
///
/// Members the payload type does not know are kept in its `extra` (and count in its dedupe
/// fingerprint), so AiRudder adding one breaks nothing and loses nothing.
pub fn parse<W: Webhook>(body: &[u8], limit: BodyLimit) -> Result<W, WebhookError> {
    if body.len() > limit.get() {
        return Err(WebhookError::TooLarge { limit: limit.get() });
    }
    W::parse(body).map_err(|source| WebhookError::from_decode(W::NAME, source))
}

/// Checks a `Content-Type` header: `application/json` in any case, with any parameters
/// (`; charset=utf-8`), passes, and so does a missing header.
///
/// A missing header is accepted because the body is parsed strictly as JSON anyway, so nothing
/// is misread, while refusing it would turn a proxy that drops the header into five failed
/// retries and a lost notification. A header naming another type is refused: AiRudder documents
/// `application/json`, so anything else (a form post, text) comes from something else.
pub fn check_content_type(content_type: Option<impl AsRef<[u8]>>) -> Result<(), WebhookError> {
    let Some(content_type) = content_type else {
        return Ok(());
    };
    let content_type = content_type.as_ref();
    let essence = content_type
        .split(|&byte| byte == b';')
        .next()
        .unwrap_or_default()
        .trim_ascii();
    if essence.eq_ignore_ascii_case(b"application/json") {
        Ok(())
    } else {
        Err(WebhookError::UnsupportedContentType {
            content_type: String::from_utf8_lossy(content_type).into_owned(),
        })
    }
}
