//! Rust names for spec names: types in UpperCamelCase, fields in snake_case, enum variants, and
//! the names the hand-written part of airudder-models already uses.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Names defined by hand in airudder-models; a generated type must not take one of them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "DecodeError",
    "Endpoint",
    "Method",
    "Notification",
    "OperationInfo",
    "ParamInfo",
    "ParamLocation",
    "Secret",
    "Webhook",
    "WebhookInfo",
];

/// Methods of `airudder_client::Client` written by hand; an operation must not take one.
pub const RESERVED_CLIENT_METHODS: &[&str] = &[
    "base_url",
    "builder",
    "call_json",
    "call_json_as",
    "from_env",
    "send",
];

/// The Rust type name of a component schema (`task_detail` and `TaskDetail` both give `TaskDetail`).
pub fn type_name(spec_name: &str) -> String {
    spec_name.to_upper_camel_case()
}

/// The request type of an operation (`getTaskDetail` gives `GetTaskDetailRequest`).
pub fn request_name(operation_id: &str) -> String {
    format!("{}Request", operation_id.to_upper_camel_case())
}

/// The Rust field name of a wire name (`TaskID` gives `task_id`, `SIPLine` gives `sip_line`).
pub fn field_name(wire_name: &str) -> String {
    let name = wire_name.to_snake_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}

/// The variant name of an enum value (`canceled` gives `Canceled`, `ByCallee` stays).
pub fn variant_name(wire_value: &str) -> String {
    let name = wire_value.to_upper_camel_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    }
}

/// Whether `name` is a valid Rust identifier made of ASCII letters, digits and underscores.
pub fn is_identifier(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_with_acronyms_become_snake_case() {
        assert_eq!(field_name("TaskID"), "task_id");
        assert_eq!(field_name("SIPLine"), "sip_line");
        assert_eq!(field_name("APPSecret"), "app_secret");
        assert_eq!(field_name("intention_description"), "intention_description");
    }

    #[test]
    fn schema_names_become_upper_camel_case() {
        assert_eq!(type_name("task_detail"), "TaskDetail");
        assert_eq!(
            request_name("getWorkflowWabaTaskDetail"),
            "GetWorkflowWabaTaskDetailRequest"
        );
    }

    #[test]
    fn enum_values_become_variants() {
        assert_eq!(variant_name("canceled"), "Canceled");
        assert_eq!(variant_name("404"), "V404");
    }
}
