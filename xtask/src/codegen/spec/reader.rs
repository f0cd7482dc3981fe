//! Reads the OpenAPI document into the spec model: structural checks only (JSON types, known
//! keys, `$ref`s that resolve, path placeholders declared), every problem with its JSON pointer.
//! This file holds the document's top level and the helpers every part uses; operations and
//! webhooks are read by `operations.rs`, schemas by `schema.rs`. What anything means in Rust is
//! decided by the IR.

use std::collections::BTreeSet;

use super::model::*;
use crate::codegen::diagnostics::{Diagnostics, Pointer};
use crate::codegen::json::Json;

const TOP_LEVEL_KEYS: &[&str] = &[
    "openapi",
    "info",
    "servers",
    "security",
    "tags",
    "paths",
    "webhooks",
    "components",
];
const COMPONENT_KEYS: &[&str] = &["schemas", "securitySchemes"];
pub(super) const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

/// Reads `document`, reporting every problem to `diags`; what could not be read is left out or
/// marked [`Kind::Invalid`].
pub fn read(document: &Json, diags: &mut Diagnostics) -> Spec {
    let mut reader = Reader {
        diags,
        schema_names: BTreeSet::new(),
    };
    reader.document(document)
}

pub(super) struct Reader<'d> {
    pub(super) diags: &'d mut Diagnostics,
    /// Every component schema's name, so a `$ref` can be checked wherever it appears.
    pub(super) schema_names: BTreeSet<String>,
}

impl Reader<'_> {
    fn document(&mut self, document: &Json) -> Spec {
        let root = Pointer::root();
        let mut spec = Spec::default();
        let Some(entries) = self.object(document, &root, "the document") else {
            return spec;
        };
        self.allow_keys(entries, &root, TOP_LEVEL_KEYS, "top-level field");
        match document.get("openapi").and_then(Json::as_str) {
            Some(version) if version.starts_with("3.1.") => {}
            Some(version) => self.error(
                &root.join("openapi"),
                format!("unsupported OpenAPI version `{version}`; the generator reads 3.1"),
            ),
            None => self.error(&root, "missing `openapi` version"),
        }

        let components = root.join("components");
        let schemas_ptr = components.join("schemas");
        let schema_entries = match document.get("components") {
            Some(value) => self
                .object(value, &components, "components")
                .and_then(|entries| {
                    self.allow_keys_with(entries, &components, COMPONENT_KEYS, "components field", |_| {
                        Some("write it inline where it is used: only schemas can be shared through components")
                    });
                    if let Some(schemes) = value.get("securitySchemes") {
                        spec.token_schemes =
                            self.token_schemes(schemes, &components.join("securitySchemes"));
                    }
                    let schemas = value.get("schemas")?;
                    self.object(schemas, &schemas_ptr, "components/schemas")
                }),
            None => None,
        };
        let schema_entries = schema_entries.unwrap_or_default();
        self.schema_names = schema_entries
            .iter()
            .map(|(name, _)| name.clone())
            .collect();
        for (name, value) in schema_entries {
            let schema = self.schema(value, schemas_ptr.join(name));
            spec.schemas.push(NamedSchema {
                name: name.clone(),
                schema,
            });
        }

        spec.default_security = document
            .get("security")
            .and_then(|security| self.security(security, &root.join("security")));
        if let Some(paths) = document.get("paths") {
            let paths_ptr = root.join("paths");
            for (path, item) in self.object(paths, &paths_ptr, "paths").unwrap_or_default() {
                self.path_item(path, item, &paths_ptr.join(path), &mut spec.operations);
            }
        }
        if let Some(webhooks) = document.get("webhooks") {
            let webhooks_ptr = root.join("webhooks");
            for (name, item) in self
                .object(webhooks, &webhooks_ptr, "webhooks")
                .unwrap_or_default()
            {
                if let Some(webhook) = self.webhook(name, item, &webhooks_ptr.join(name)) {
                    spec.webhooks.push(webhook);
                }
            }
        }
        spec
    }

    pub(super) fn object<'v>(
        &mut self,
        value: &'v Json,
        ptr: &Pointer,
        what: &str,
    ) -> Option<&'v [(String, Json)]> {
        match value {
            Json::Object(entries) => Some(entries),
            other => {
                self.error(
                    ptr,
                    format!("expected {what} (an object), found {}", other.kind()),
                );
                None
            }
        }
    }

    /// Reports every key not in `allowed`; true when there was none.
    pub(super) fn allow_keys(
        &mut self,
        entries: &[(String, Json)],
        ptr: &Pointer,
        allowed: &[&str],
        what: &str,
    ) -> bool {
        self.allow_keys_with(entries, ptr, allowed, what, |_| None)
    }

    /// [`Reader::allow_keys`], with `hint` saying what to write instead of a refused key.
    pub(super) fn allow_keys_with(
        &mut self,
        entries: &[(String, Json)],
        ptr: &Pointer,
        allowed: &[&str],
        what: &str,
        hint: impl Fn(&str) -> Option<&'static str>,
    ) -> bool {
        let mut all_allowed = true;
        for (key, _) in entries {
            if allowed.contains(&key.as_str()) {
                continue;
            }
            all_allowed = false;
            let refused = if key.starts_with("x-") {
                format!("unsupported extension `{key}` here")
            } else {
                format!("unsupported {what} `{key}`")
            };
            let message = match hint(key) {
                Some(hint) => format!("{refused}; {hint}"),
                None => refused,
            };
            self.error(&ptr.join(key), message);
        }
        all_allowed
    }

    pub(super) fn string(&mut self, value: &Json, ptr: &Pointer) -> Option<String> {
        match value {
            Json::String(s) => Some(s.clone()),
            other => {
                self.error(ptr, format!("expected a string, found {}", other.kind()));
                None
            }
        }
    }

    pub(super) fn optional_string(
        &mut self,
        owner: &Json,
        key: &str,
        ptr: &Pointer,
    ) -> Option<String> {
        owner
            .get(key)
            .and_then(|value| self.string(value, &ptr.join(key)))
    }

    pub(super) fn string_list(&mut self, value: &Json, ptr: &Pointer) -> Vec<String> {
        match value {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.string(item, &ptr.join(i)))
                .collect(),
            other => {
                self.error(
                    ptr,
                    format!("expected an array of strings, found {}", other.kind()),
                );
                Vec::new()
            }
        }
    }

    pub(super) fn bool(&mut self, value: &Json, ptr: &Pointer) -> bool {
        match value {
            Json::Bool(b) => *b,
            other => {
                self.error(ptr, format!("expected a boolean, found {}", other.kind()));
                false
            }
        }
    }

    pub(super) fn error(&mut self, ptr: &Pointer, message: impl Into<String>) {
        self.diags.error(ptr, message);
    }
}

pub(super) fn invalid(pointer: Pointer) -> Schema {
    Schema {
        pointer,
        description: None,
        rust_name: None,
        aliases: Vec::new(),
        envelope: None,
        large_array: false,
        nullable: false,
        annotations: Vec::new(),
        kind: Kind::Invalid,
    }
}

pub(super) fn compact(value: &Json) -> String {
    value.to_value().to_string()
}
