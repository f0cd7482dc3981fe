//! Reads `x-envelope`: the payload member and the success rule of a family of answers, as written.
//! Whether they name members of the right types is the IR's check (`ir/envelope.rs`).

use super::model::EnvelopeSpec;
use super::reader::Reader;
use crate::codegen::diagnostics::Pointer;
use crate::codegen::json::Json;

/// What to write, for every refusal.
const SHAPE: &str = "write \"x-envelope\": {\"payload\": \"data\", \"success\": {\"code\": 200, \"status\": \"OK\"}} (the member carrying the payload, and the members whose values say success: one integer code, at most one string)";

impl Reader<'_> {
    pub(super) fn envelope(&mut self, value: &Json, ptr: &Pointer) -> Option<EnvelopeSpec> {
        let Json::Object(entries) = value else {
            self.error(
                ptr,
                format!(
                    "x-envelope takes an object, found {}; {SHAPE}",
                    value.kind()
                ),
            );
            return None;
        };
        self.allow_keys_with(
            entries,
            ptr,
            &["payload", "success", "message"],
            "x-envelope key",
            |_| Some(SHAPE),
        );
        let payload = match value.get("payload") {
            Some(payload) => self.string(payload, &ptr.join("payload")),
            None => {
                self.error(ptr, format!("x-envelope has no `payload`; {SHAPE}"));
                None
            }
        };
        let message = self.optional_string(value, "message", ptr);
        let success_ptr = ptr.join("success");
        let success = match value.get("success") {
            Some(Json::Object(rule)) if !rule.is_empty() => {
                let mut accepted = Vec::new();
                for (member, expected) in rule {
                    match expected {
                        Json::String(_) => accepted.push((member.clone(), expected.clone())),
                        Json::Number(number) if number.as_i64().is_some() => {
                            accepted.push((member.clone(), expected.clone()))
                        }
                        other => self.error(
                            &success_ptr.join(member),
                            format!(
                                "a success value is an integer or a string, found {}; {SHAPE}",
                                other.kind()
                            ),
                        ),
                    }
                }
                Some(accepted)
            }
            Some(_) => {
                self.error(
                    &success_ptr,
                    format!("`success` must be a non-empty object; {SHAPE}"),
                );
                None
            }
            None => {
                self.error(ptr, format!("x-envelope has no `success`; {SHAPE}"));
                None
            }
        };
        Some(EnvelopeSpec {
            pointer: ptr.clone(),
            payload: payload?,
            success: success?,
            message,
        })
    }
}
