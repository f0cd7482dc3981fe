//! Reads the security schemes (`components.securitySchemes`, each saying with `x-token` which
//! operation obtains its token and where the token is in that operation's payload), the default
//! `security` of the document, and an operation's own `security`.

use super::model::{Security, TokenSchemeSpec};
use super::reader::Reader;
use crate::codegen::diagnostics::Pointer;
use crate::codegen::json::Json;

const SCHEME_KEYS: &[&str] = &["type", "in", "name", "description", "x-token"];
const TOKEN_KEYS: &[&str] = &["operation", "pointer", "key", "secret"];
const X_TOKEN: &str = "write \"x-token\": {\"operation\": \"<the operationId that obtains the token>\", \"pointer\": \"/token\"} (`key` and `secret` name the body members carrying the credentials when they are not APPKey and APPSecret)";

impl Reader<'_> {
    /// The token schemes of `components.securitySchemes`.
    pub(super) fn token_schemes(&mut self, schemes: &Json, ptr: &Pointer) -> Vec<TokenSchemeSpec> {
        let mut read = Vec::new();
        for (name, scheme) in self
            .object(schemes, ptr, "securitySchemes")
            .unwrap_or_default()
        {
            let scheme_ptr = ptr.join(name);
            let Some(entries) = self.object(scheme, &scheme_ptr, "a security scheme") else {
                continue;
            };
            self.allow_keys(entries, &scheme_ptr, SCHEME_KEYS, "security scheme field");
            let header = scheme.get("type").and_then(Json::as_str) == Some("apiKey")
                && scheme.get("in").and_then(Json::as_str) == Some("header")
                && scheme
                    .get("name")
                    .and_then(Json::as_str)
                    .is_some_and(|header| header.eq_ignore_ascii_case("authorization"));
            if !header {
                self.error(&scheme_ptr, "a security scheme is the token in the Authorization header: write \"type\": \"apiKey\", \"in\": \"header\", \"name\": \"Authorization\"");
                continue;
            }
            let token_ptr = scheme_ptr.join("x-token");
            let Some(token) = scheme.get("x-token") else {
                self.error(
                    &scheme_ptr,
                    format!("the scheme does not say how its token is obtained; {X_TOKEN}"),
                );
                continue;
            };
            let Some(fields) = self.object(token, &token_ptr, "x-token") else {
                continue;
            };
            self.allow_keys(fields, &token_ptr, TOKEN_KEYS, "x-token key");
            let required = |reader: &mut Self, key: &str| match token.get(key) {
                Some(value) => reader.string(value, &token_ptr.join(key)),
                None => {
                    reader.error(&token_ptr, format!("x-token has no `{key}`; {X_TOKEN}"));
                    None
                }
            };
            let operation = required(self, "operation");
            let pointer = required(self, "pointer");
            let key = self.optional_string(token, "key", &token_ptr);
            let secret = self.optional_string(token, "secret", &token_ptr);
            if let Some(pointer) = pointer.as_ref().filter(|p| !p.starts_with('/')) {
                self.error(&token_ptr.join("pointer"), format!("`{pointer}` is not a JSON pointer into the payload; write it from `/`, e.g. \"/token\""));
                continue;
            }
            if let (Some(operation), Some(pointer)) = (operation, pointer) {
                read.push(TokenSchemeSpec {
                    pointer_in_spec: token_ptr,
                    name: name.clone(),
                    operation,
                    token_pointer: pointer,
                    key_member: key.unwrap_or_else(|| "APPKey".to_owned()),
                    secret_member: secret.unwrap_or_else(|| "APPSecret".to_owned()),
                });
            }
        }
        read
    }

    /// A `security` list: `[]` (no token), or one scheme (`[{"pdsToken": []}]`).
    pub(super) fn security(&mut self, value: &Json, ptr: &Pointer) -> Option<Security> {
        const ONE: &str = "write [] for a call sent without a token, or [{\"<scheme>\": []}] naming one security scheme";
        let Json::Array(requirements) = value else {
            self.error(ptr, format!("`security` is a list; {ONE}"));
            return None;
        };
        match requirements.as_slice() {
            [] => Some(Security::None),
            [Json::Object(entries)] if entries.len() == 1 => {
                let (scheme, scopes) = &entries[0];
                if !matches!(scopes, Json::Array(scopes) if scopes.is_empty()) {
                    self.error(
                        &ptr.join(0).join(scheme),
                        "a token scheme has no scopes: write []",
                    );
                }
                Some(Security::Scheme(scheme.clone(), ptr.join(0).join(scheme)))
            }
            _ => {
                self.error(
                    ptr,
                    format!(
                        "unsupported security requirement (several schemes, or none named); {ONE}"
                    ),
                );
                None
            }
        }
    }
}
