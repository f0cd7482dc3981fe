//! The identity of a notification: the SHA-256 of the webhook's name and the payload re-encoded
//! from its type with object members in a canonical order. Key order, whitespace, escapes and
//! alias spellings (`canceled` for `cancelled`) make no difference; members the spec does not
//! know do (the payload types keep them: two deliveries that differ only there are two
//! notifications, as taking them for one could lose one).
//!
//! A cryptographic hash, not a keyed one: every replica of a receiver must compute the same
//! fingerprint for the same notification to share one store, and nobody can craft two payloads
//! with the same SHA-256.

use std::fmt;
use std::io;

use sha2::{Digest, Sha256};

/// The identity of a notification, the same in every process.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of a payload of the webhook called `webhook`.
    pub(crate) fn of(
        webhook: &str,
        payload: &impl serde::Serialize,
    ) -> Result<Fingerprint, serde_json::Error> {
        let mut writer = HashWriter(Sha256::new());
        writer.0.update(webhook.as_bytes());
        // 0xFF never occurs in UTF-8, so the name cannot run into the JSON.
        writer.0.update([0xFF]);
        let mut value = serde_json::to_value(payload)?;
        canonical_order(&mut value);
        serde_json::to_writer(&mut writer, &value)?;
        Ok(Fingerprint(writer.0.finalize().into()))
    }

    /// The fingerprint as 64 lowercase hex digits (for store keys and logs).
    pub fn to_hex(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// Sorts the members of every object of `value`: the members of `extra` come in the order they
/// were sent, which must not make two deliveries of one notification differ.
fn canonical_order(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(members) => {
            members.sort_keys();
            members.values_mut().for_each(canonical_order);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(canonical_order),
        _ => {}
    }
}

/// Feeds serde_json's output straight into the hasher, without building the JSON in memory.
struct HashWriter(Sha256);

impl io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use airudder_models::WorkflowStatusChangedNotification;

    use super::*;

    fn parse(text: &str) -> WorkflowStatusChangedNotification {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn key_order_and_whitespace_do_not_change_the_fingerprint_even_among_unknown_members() {
        let compact = parse(
            r#"{"workflow_id":"w","workflow_name":"n","status":"finished","actions":[],"x":1,"y":{"b":2,"a":3}}"#,
        );
        let reordered = parse(
            r#"{ "actions": [ ], "y": { "a": 3, "b": 2 }, "status": "finished", "x": 1,
                 "workflow_name": "n", "workflow_id": "w" }"#,
        );
        assert_eq!(
            Fingerprint::of("w", &compact).unwrap(),
            Fingerprint::of("w", &reordered).unwrap()
        );
    }

    #[test]
    fn a_member_the_spec_does_not_know_tells_two_notifications_apart() {
        let first = parse(
            r#"{"workflow_id":"w","workflow_name":"n","status":"finished","actions":[],"event_id":1}"#,
        );
        let second = parse(
            r#"{"workflow_id":"w","workflow_name":"n","status":"finished","actions":[],"event_id":2}"#,
        );
        assert_ne!(
            Fingerprint::of("w", &first).unwrap(),
            Fingerprint::of("w", &second).unwrap()
        );
    }

    #[test]
    fn the_same_payload_of_two_webhooks_has_two_fingerprints() {
        let payload =
            parse(r#"{"workflow_id":"w","workflow_name":"n","status":"finished","actions":[]}"#);
        assert_ne!(
            Fingerprint::of("one", &payload).unwrap(),
            Fingerprint::of("other", &payload).unwrap()
        );
    }

    #[test]
    fn the_fingerprint_is_the_same_in_every_process() {
        // A fixed input and its SHA-256: a replica built elsewhere must find the same key.
        let fingerprint = Fingerprint::of("w", &serde_json::json!({"b": 1, "a": [true]})).unwrap();
        let mut expected = Sha256::new();
        expected.update(b"w\xff{\"a\":[true],\"b\":1}");
        assert_eq!(fingerprint.0, <[u8; 32]>::from(expected.finalize()));
        assert_eq!(fingerprint.to_hex().len(), 64);
    }
}
