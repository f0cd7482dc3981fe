//! Envelope families: how each family of AiRudder's answers wraps its payload and says success,
//! as the spec's `x-envelope` declares it. The workflow API answers `{"data": ..., "status":
//! "OK", "code": 200}`; the predictive dialer and SMS answer `{"code": 0, "message": ...,
//! "body": ...}`. The one place that reads an envelope's code, status and message, decides
//! success, and builds an envelope (for the mock): the client, the mock and the CLI all ask an
//! [`EnvelopeInfo`], never a member name of their own.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

/// One envelope family of the spec (a schema with `x-envelope`), as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvelopeInfo {
    /// The schema's name in the spec (`"Envelope"`).
    pub schema: &'static str,
    /// The member carrying the payload (`"data"`, `"body"`).
    pub payload: &'static str,
    /// The integer member carrying the outcome's code (`"code"`).
    pub code: &'static str,
    /// The code that says success (`200`, `0`).
    pub success_code: i64,
    /// A string member that must also say success, and its value (`("status", "OK")`), compared
    /// without regard to ASCII case.
    pub status: Option<(&'static str, &'static str)>,
    /// The string member carrying an error's message (`"message"`), if the family has one.
    pub message: Option<&'static str>,
}

/// What an envelope said of the outcome: its code, status and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// The code member's value.
    pub code: i64,
    /// The status member's value, when the family has one and the envelope carried it.
    pub status: Option<String>,
    /// The message, when the envelope carried one.
    pub message: Option<String>,
}

/// `api error 10506: task is not found`, or with the status when there is no message.
impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.message, &self.status) {
            (Some(message), _) => write!(f, "api error {}: {message}", self.code),
            (None, Some(status)) => write!(f, "api error {} (status {status:?})", self.code),
            (None, None) => write!(f, "api error {}", self.code),
        }
    }
}

/// A whole answer read through its envelope: the payload, and what the envelope said.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvelopeParts<T> {
    /// The payload member (`None` when it was absent or `null`).
    pub payload: Option<T>,
    /// Code, status and message.
    pub said: Said,
}

/// A generated envelope type (generic over its payload): what its family is, and its parts.
pub trait Enveloped: serde::de::DeserializeOwned {
    /// The payload's type.
    type Payload;
    /// The family's description.
    const INFO: &'static EnvelopeInfo;
    /// The payload and what the envelope said.
    fn into_parts(self) -> EnvelopeParts<Self::Payload>;
}

/// The envelope of an endpoint whose derive reported an error (the crate does not compile):
/// something for the placeholder implementation to name.
#[doc(hidden)]
#[derive(Debug, serde::Deserialize, serde::Serialize)]
pub struct UnknownEnvelope(Value);

impl Enveloped for UnknownEnvelope {
    type Payload = Value;
    const INFO: &'static EnvelopeInfo = &EnvelopeInfo {
        schema: "",
        payload: "",
        code: "",
        success_code: 0,
        status: None,
        message: None,
    };
    fn into_parts(self) -> EnvelopeParts<Value> {
        EnvelopeParts {
            payload: Some(self.0),
            said: Said {
                code: 0,
                status: None,
                message: None,
            },
        }
    }
}

impl EnvelopeInfo {
    /// Whether `said` is this family's success.
    pub fn is_success(&self, said: &Said) -> bool {
        said.code == self.success_code
            && self.status.is_none_or(|(_, expected)| {
                said.status
                    .as_deref()
                    .is_some_and(|status| status.eq_ignore_ascii_case(expected))
            })
    }

    /// Whether what part of an envelope said already rules success out: its code is another, or
    /// its status is there and another. A status not read yet rules nothing out (the members
    /// before a streamed payload may hold the code alone).
    pub fn refuses(&self, said: &Said) -> bool {
        said.code != self.success_code
            || self.status.is_some_and(|(_, expected)| {
                said.status
                    .as_deref()
                    .is_some_and(|status| !status.eq_ignore_ascii_case(expected))
            })
    }

    /// Reads what the envelope in `json` said (its code, status and message; every other member,
    /// the payload included, is skipped without being built). An error when the text is not a
    /// JSON object or its code is missing or not an integer.
    pub fn read_said(&self, json: &[u8]) -> Result<Said, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(json);
        let said = SaidSeed(self).deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(said)
    }

    /// A success envelope around `payload`: the payload first, then the success members, as
    /// the spec's examples write them. A `None` payload is written as `null`.
    pub fn success(&self, payload: Option<Value>) -> Value {
        let mut envelope = Map::new();
        envelope.insert(self.payload.to_owned(), payload.unwrap_or(Value::Null));
        if let Some((member, value)) = self.status {
            envelope.insert(member.to_owned(), Value::from(value));
        }
        envelope.insert(self.code.to_owned(), Value::from(self.success_code));
        Value::Object(envelope)
    }

    /// An error envelope saying `code` and `message`, its status member (if the family has one)
    /// set to `status`.
    pub fn error(&self, code: i64, status: &str, message: &str) -> Value {
        let mut envelope = Map::new();
        if let Some((member, _)) = self.status {
            envelope.insert(member.to_owned(), Value::from(status));
        }
        envelope.insert(self.code.to_owned(), Value::from(code));
        if let Some(member) = self.message {
            envelope.insert(member.to_owned(), Value::from(message));
        }
        Value::Object(envelope)
    }

    /// The JSON path of a payload member (`data.detail`); `member` empty for the payload itself.
    pub fn payload_path(&self, member: &str) -> String {
        if member.is_empty() {
            self.payload.to_owned()
        } else {
            format!("{}.{member}", self.payload)
        }
    }
}

/// Reads an envelope's code, status and message by the family's member names.
struct SaidSeed<'a>(&'a EnvelopeInfo);

impl<'de> DeserializeSeed<'de> for SaidSeed<'_> {
    type Value = Said;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Said, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for SaidSeed<'_> {
    type Value = Said;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "an envelope ({}) with an integer `{}`",
            self.0.schema, self.0.code
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Said, A::Error> {
        let info = self.0;
        let (mut code, mut status, mut message) = (None, None, None);
        while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if name == info.code {
                code = Some(map.next_value::<i64>()?);
            } else if info.status.is_some_and(|(member, _)| name == member) {
                status = map.next_value::<Option<String>>()?;
            } else if info.message == Some(&*name) {
                message = map.next_value::<Option<String>>()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        let code = code.ok_or_else(|| de::Error::missing_field(info.code))?;
        Ok(Said {
            code,
            status,
            message,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) const WORKFLOW: EnvelopeInfo = EnvelopeInfo {
        schema: "Envelope",
        payload: "data",
        code: "code",
        success_code: 200,
        status: Some(("status", "OK")),
        message: Some("message"),
    };
    pub(crate) const DIALER: EnvelopeInfo = EnvelopeInfo {
        schema: "PdsEnvelope",
        payload: "body",
        code: "code",
        success_code: 0,
        status: None,
        message: Some("message"),
    };

    #[test]
    fn each_family_reads_its_own_success_and_refuses_the_other_families() {
        let workflow = br#"{"data": {"a": [1, {"b": "}"}]}, "status": "ok", "code": 200}"#;
        let dialer = br#"{"code": 0, "message": "successfully", "body": {"list": []}}"#;
        let said = WORKFLOW.read_said(workflow).unwrap();
        assert!(WORKFLOW.is_success(&said));
        let said = DIALER.read_said(dialer).unwrap();
        assert_eq!(said.message.as_deref(), Some("successfully"));
        assert!(DIALER.is_success(&said));
        assert!(!WORKFLOW.is_success(&WORKFLOW.read_said(dialer).unwrap()));
        assert!(!DIALER.is_success(&DIALER.read_said(workflow).unwrap()));
    }

    #[test]
    fn a_status_rule_fails_when_the_status_is_missing_even_with_the_success_code() {
        let said = WORKFLOW.read_said(br#"{"code": 200}"#).unwrap();
        assert!(!WORKFLOW.is_success(&said));
        // Read in part (the status may come after the payload), it rules nothing out yet.
        assert!(!WORKFLOW.refuses(&said));
    }

    #[test]
    fn part_of_an_envelope_refuses_by_another_code_or_another_status() {
        let refused =
            |info: EnvelopeInfo, json: &[u8]| info.refuses(&info.read_said(json).unwrap());
        assert!(refused(WORKFLOW, br#"{"code": 10813}"#));
        assert!(refused(WORKFLOW, br#"{"code": 200, "status": "ERROR"}"#));
        assert!(!refused(WORKFLOW, br#"{"status": "ok", "code": 200}"#));
        assert!(refused(
            DIALER,
            br#"{"code": 10506, "message": "task is not found"}"#
        ));
        assert!(!refused(DIALER, br#"{"code": 0}"#));
    }

    #[test]
    fn a_code_that_is_missing_or_not_an_integer_is_an_error_naming_the_member() {
        let missing = DIALER.read_said(br#"{"message": "x"}"#).unwrap_err();
        assert!(missing.to_string().contains("`code`"), "{missing}");
        let text = DIALER.read_said(br#"{"code": "0"}"#).unwrap_err();
        assert!(text.to_string().contains("invalid type"), "{text}");
        assert!(DIALER.read_said(b"[]").is_err());
    }

    #[test]
    fn built_envelopes_read_back_as_what_they_say() {
        for info in [WORKFLOW, DIALER] {
            let success = info.success(Some(json!({"x": 1})));
            let said = info.read_said(success.to_string().as_bytes()).unwrap();
            assert!(info.is_success(&said), "{success}");
            assert_eq!(success[info.payload], json!({"x": 1}));
            let error = info.error(10506, "ERROR", "task is not found");
            let said = info.read_said(error.to_string().as_bytes()).unwrap();
            assert!(!info.is_success(&said));
            assert_eq!(said.code, 10506);
            assert_eq!(said.message.as_deref(), Some("task is not found"));
        }
        assert_eq!(
            WORKFLOW.success(None),
            json!({"data": null, "status": "OK", "code": 200})
        );
    }
}
