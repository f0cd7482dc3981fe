//! Rust names for spec names (types in UpperCamelCase, fields in snake_case, enum variants), the
//! names the hand-written crates already use, and [`Namespace`], where every generated name is
//! claimed so that two spec names can never map to one Rust name.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::diagnostics::{Diagnostics, Pointer};

/// Types, traits and re-exports defined by hand at the root of airudder-models (where the
/// generated types land too). The test `reserved_names_match_the_sources` reads them from the
/// sources, so this list cannot drift.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "DecodeError",
    "Endpoint",
    "EnvelopeInfo",
    "EnvelopeParts",
    "Enveloped",
    "FindUnlisted",
    "Inspect",
    "InspectRow",
    "Inspection",
    "JsonPath",
    "LargeArray",
    "Members",
    "Method",
    "OperationInfo",
    "PageInfo",
    "PageSource",
    "PagedInfo",
    "ParamInfo",
    "ParamLocation",
    "PrefixError",
    "Reencode",
    "ReencodeOver",
    "Said",
    "Secret",
    "TokenRefusal",
    "TokenScheme",
    "UnknownVariant",
    "Unlisted",
    "Webhook",
    "WebhookHeader",
    "WebhookInfo",
];

/// Names of the standard prelude that generated code writes unqualified (`String`, `Option<T>`,
/// `Some(..)`, `impl From<..>`): a generated type must not shadow one.
pub const PRELUDE_TYPE_NAMES: &[&str] = &[
    "Box", "Err", "From", "None", "Ok", "Option", "Result", "Some", "String", "Vec",
];

/// Methods of `airudder_client::Client` written by hand (in any `impl Client` of the client's
/// sources); an operation must not take one. Checked against the sources by
/// `reserved_names_match_the_sources`.
pub const RESERVED_CLIENT_METHODS: &[&str] = &[
    "attempt",
    "base_url",
    "builder",
    "call",
    "can_renew",
    "collect_rows",
    "execute",
    "fetch_token",
    "from_env",
    "from_parts",
    "open_rows",
    "request",
    "send",
    "send_loop",
    "send_token_request",
    "token",
    "with_read_timeout",
    "with_retry_policy",
    "with_settings",
    "with_timeout",
];

/// A set of Rust names in one scope, each with the spec name that took it.
#[derive(Debug)]
pub struct Namespace {
    /// What the names are, for messages ("Rust type", "client method").
    what: &'static str,
    /// What to do about a name taken by hand-written code ("rename the operation").
    remedy: &'static str,
    /// What to do about two spec names taking one name ("rename one of the operations").
    remedy_one: &'static str,
    /// Each name to who took it: a spec name, or the hand-written code that reserves it.
    taken: BTreeMap<String, Owner>,
}

#[derive(Debug)]
enum Owner {
    Spec(String),
    Reserved(&'static str),
}

impl Namespace {
    /// An empty namespace; the remedies say what to do when a name is taken, by hand-written
    /// code (`remedy`) or by another spec name (`remedy_one`).
    pub fn new(what: &'static str, remedy: &'static str, remedy_one: &'static str) -> Namespace {
        Namespace {
            what,
            remedy,
            remedy_one,
            taken: BTreeMap::new(),
        }
    }

    /// Marks `names` as taken by `owner` (`"airudder-models"`, `"the standard prelude"`).
    pub fn reserve(mut self, names: &[&str], owner: &'static str) -> Namespace {
        for name in names {
            self.taken
                .insert((*name).to_owned(), Owner::Reserved(owner));
        }
        self
    }

    /// Takes `rust_name` for `spec_name`; reports at `pointer` and returns false when the name
    /// is not an identifier or is taken.
    pub fn claim(
        &mut self,
        rust_name: &str,
        spec_name: &str,
        pointer: &Pointer,
        diags: &mut Diagnostics,
    ) -> bool {
        let (what, remedy, remedy_one) = (self.what, self.remedy, self.remedy_one);
        if !is_identifier(rust_name) {
            diags.error(
                pointer,
                format!("`{spec_name}` does not give a {what} that is a Rust identifier (`{rust_name}`); {remedy}"),
            );
            return false;
        }
        match self.taken.get(rust_name) {
            Some(Owner::Spec(first)) => {
                diags.error(
                    pointer,
                    format!("`{first}` and `{spec_name}` both map to the {what} `{rust_name}`; {remedy_one}"),
                );
                return false;
            }
            Some(Owner::Reserved(owner)) => {
                diags.error(
                    pointer,
                    format!("`{spec_name}` maps to the {what} `{rust_name}`, which {owner} defines; {remedy}"),
                );
                return false;
            }
            None => {}
        }
        self.taken
            .insert(rust_name.to_owned(), Owner::Spec(spec_name.to_owned()));
        true
    }
}

/// The Rust type name of a component schema (`task_detail` and `TaskDetail` both give `TaskDetail`).
pub fn type_name(spec_name: &str) -> String {
    spec_name.to_upper_camel_case()
}

/// The Rust type name of a component: its `x-rust-name`, or the one derived from its name.
pub fn component_type_name(named: &crate::codegen::spec::NamedSchema) -> String {
    named
        .schema
        .rust_name
        .clone()
        .unwrap_or_else(|| type_name(&named.name))
}

/// The request type of an operation (`getTaskDetail` gives `GetTaskDetailRequest`).
pub fn request_name(operation_id: &str) -> String {
    format!("{}Request", operation_id.to_upper_camel_case())
}

/// The Rust field or method name of a wire name (`TaskID` gives `task_id`, `SIPLine` gives
/// `sip_line`); names Rust cannot write even as raw identifiers get a trailing `_`.
pub fn field_name(wire_name: &str) -> String {
    let name = wire_name.to_snake_case();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else if ["self", "super", "crate", "extern"].contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The variant name of an enum value or a union tag (`canceled` gives `Canceled`, `404` gives
/// `V404`).
pub fn variant_name(wire_value: &str) -> String {
    let name = wire_value.to_upper_camel_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else if name == "Self" {
        "Self_".to_owned()
    } else {
        name
    }
}

/// Whether `name` is a valid Rust identifier made of ASCII letters, digits and underscores that
/// can be written (raw if it is a keyword).
pub fn is_identifier(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !["_", "self", "Self", "super", "crate", "extern"].contains(&name)
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
    fn names_rust_cannot_write_get_an_underscore() {
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("2fa"), "_2fa");
        assert_eq!(variant_name("self"), "Self_");
        assert!(!is_identifier("self"));
        assert!(is_identifier("r#type".trim_start_matches("r#")));
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

    #[test]
    fn a_namespace_refuses_a_second_claim_and_reserved_names() {
        let mut diags = Diagnostics::default();
        let mut names = Namespace::new("Rust type", "rename it", "rename one")
            .reserve(&["Secret"], "airudder-models");
        assert!(names.claim("Thing", "thing", &Pointer::root(), &mut diags));
        assert!(!names.claim("Thing", "Thing", &Pointer::root(), &mut diags));
        assert!(!names.claim("Secret", "secret", &Pointer::root(), &mut diags));
        assert!(!names.claim("9lives", "9lives", &Pointer::root(), &mut diags));
        let messages: Vec<String> = diags.into_vec().into_iter().map(|d| d.message).collect();
        assert_eq!(
            messages,
            [
                "`thing` and `Thing` both map to the Rust type `Thing`; rename one",
                "`secret` maps to the Rust type `Secret`, which airudder-models defines; rename it",
                "`9lives` does not give a Rust type that is a Rust identifier (`9lives`); rename it",
            ]
        );
    }
}
