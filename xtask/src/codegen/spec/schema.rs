//! Reads one schema object (JSON Schema 2020-12 as OpenAPI 3.1 uses it) into [`Schema`]:
//! structural checks only (keyword types, known keywords, `$ref`s that resolve, `null`
//! alternatives folded into `nullable`). Every refused keyword says what to write instead.

use super::model::*;
use super::reader::{Reader, SCHEMA_REF_PREFIX, compact, invalid};
use crate::codegen::diagnostics::Pointer;
use crate::codegen::json::Json;

/// Keywords that decide the shape of a value.
const SHAPE_KEYS: &[&str] = &[
    "type",
    "format",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "enum",
    "const",
    "allOf",
    "oneOf",
    "anyOf",
    "discriminator",
    "$ref",
];
/// Keywords that only document a value: shown in rustdoc, never enforced, so data is never
/// rejected for its form.
const ANNOTATION_KEYS: &[&str] = &[
    "default",
    "examples",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "contentEncoding",
    "contentMediaType",
    "$comment",
];
/// The generator's own keywords, and the documentation ones it reads.
const OWN_KEYS: &[&str] = &[
    "description",
    "title",
    "x-rust-name",
    "x-aliases",
    "x-enum-aliases",
    "x-enum-varnames",
    "x-envelope",
    "x-large-array",
];
/// What may stand beside `$ref` (OpenAPI 3.1 allows siblings; these do not change the shape).
const REF_SIBLINGS: &[&str] = &["$ref", "description", "title", "x-rust-name", "x-aliases"];

/// What to write instead of a keyword the generator refuses.
fn refused_keyword_hint(key: &str) -> Option<&'static str> {
    Some(match key {
        "nullable" => "OpenAPI 3.0's `nullable: true` is written `\"type\": [T, \"null\"]` in 3.1",
        "not" => "leave it out and say in `description` what is excluded",
        "if" | "then" | "else" | "dependentSchemas" | "dependentRequired" => {
            "say it in `description`; variants told apart by a tag member are a `oneOf`"
        }
        "patternProperties" | "propertyNames" | "unevaluatedProperties" => {
            "use `additionalProperties` for the members not listed in `properties`"
        }
        "prefixItems" | "contains" | "minContains" | "maxContains" | "unevaluatedItems" => {
            "use `items` for the schema of every element"
        }
        "$defs" | "definitions" => "move the schema to components/schemas and use `$ref`",
        "$id" | "$schema" | "$anchor" | "$dynamicRef" | "$dynamicAnchor" => {
            "leave it out: schemas are referenced as #/components/schemas/<name>"
        }
        "xml" | "externalDocs" => "leave it out",
        _ => return None,
    })
}

impl Reader<'_> {
    pub(super) fn schema(&mut self, value: &Json, ptr: Pointer) -> Schema {
        let mut schema = invalid(ptr.clone());
        match value {
            Json::Bool(true) => {
                schema.kind = Kind::Any;
                return schema;
            }
            Json::Bool(false) => {
                self.error(
                    &ptr,
                    "the schema `false` accepts no value; leave the member out",
                );
                return schema;
            }
            _ => {}
        }
        let Some(entries) = self.object(value, &ptr, "a schema") else {
            return schema;
        };
        let allowed: Vec<&str> = SHAPE_KEYS
            .iter()
            .chain(ANNOTATION_KEYS)
            .chain(OWN_KEYS)
            .copied()
            .collect();
        // A schema with a keyword we do not understand is not lowered: its meaning is unknown.
        let understood = self.allow_keys_with(
            entries,
            &ptr,
            &allowed,
            "schema keyword",
            refused_keyword_hint,
        );
        schema.description = self.optional_string(value, "description", &ptr);
        if let Some(title) = value.get("title") {
            self.string(title, &ptr.join("title"));
        }
        schema.rust_name = value
            .get("x-rust-name")
            .and_then(|name| self.rust_name(name, &ptr.join("x-rust-name")));
        schema.aliases = value
            .get("x-aliases")
            .map(|a| self.string_list(a, &ptr.join("x-aliases")))
            .unwrap_or_default();
        schema.envelope = value.get("x-envelope").map(|envelope| {
            match self.envelope(envelope, &ptr.join("x-envelope")) {
                Some(declared) => EnvelopeMark::Declared(declared),
                None => EnvelopeMark::Unreadable,
            }
        });
        schema.annotations = entries
            .iter()
            .filter(|(key, _)| ANNOTATION_KEYS.contains(&key.as_str()))
            .map(|(key, value)| Annotation {
                pointer: ptr.join(key),
                keyword: key.clone(),
                value: value.clone(),
            })
            .collect();
        if understood {
            let (kind, nullable) = self.kind(value, entries, &ptr);
            schema.kind = kind;
            schema.nullable = nullable;
        }
        schema.large_array = value
            .get("x-large-array")
            .is_some_and(|flag| self.bool(flag, &ptr.join("x-large-array")));
        if schema.large_array && !matches!(schema.kind, Kind::Array(_) | Kind::Invalid) {
            self.error(
                &ptr.join("x-large-array"),
                "x-large-array is only meaningful on an array",
            );
        }
        for key in ["x-enum-aliases", "x-enum-varnames"] {
            if value.get(key).is_some() && !matches!(schema.kind, Kind::Enum(_) | Kind::Invalid) {
                self.error(
                    &ptr.join(key),
                    format!("{key} is only meaningful on an enum"),
                );
            }
        }
        schema
    }

    /// The shape, and whether `null` is allowed besides it.
    fn kind(&mut self, value: &Json, entries: &[(String, Json)], ptr: &Pointer) -> (Kind, bool) {
        if let Some(reference) = value.get("$ref") {
            for (key, _) in entries.iter().filter(|(key, _)| {
                !REF_SIBLINGS.contains(&key.as_str()) && !ANNOTATION_KEYS.contains(&key.as_str())
            }) {
                self.error(
                    &ptr.join(key),
                    format!("`{key}` cannot be combined with `$ref`; wrap them as `allOf: [{{\"$ref\": ...}}, {{...}}]`"),
                );
            }
            return (self.reference(reference, &ptr.join("$ref")), false);
        }
        if value.get("discriminator").is_some() && value.get("oneOf").is_none() {
            self.error(
                &ptr.join("discriminator"),
                "`discriminator` is only meaningful beside `oneOf`",
            );
            return (Kind::Invalid, false);
        }
        if let Some(parts) = value.get("allOf") {
            return (
                Kind::AllOf(self.schema_list(parts, &ptr.join("allOf"))),
                false,
            );
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(alternatives) = value.get(keyword) {
                return self.alternatives(value, keyword, alternatives, ptr);
            }
        }
        if let Some(values) = value.get("enum") {
            return self.enumeration(value, values, ptr);
        }
        let (ty, nullable) = match value.get("type") {
            None => (None, false),
            Some(Json::String(ty)) => (Some(ty.as_str()), false),
            Some(Json::Array(types)) => match self.type_list(types, &ptr.join("type")) {
                Some(parts) => parts,
                None => return (Kind::Invalid, false),
            },
            Some(other) => {
                self.error(
                    &ptr.join("type"),
                    format!(
                        "expected a type name or an array of them, found {}",
                        other.kind()
                    ),
                );
                return (Kind::Invalid, false);
            }
        };
        if let Some(constant) = value.get("const") {
            return (self.constant(constant, ty, ptr), nullable);
        }
        let kind = match ty {
            None if ["properties", "additionalProperties", "required"]
                .iter()
                .any(|key| value.get(key).is_some()) =>
            {
                self.object_kind(value, ptr)
            }
            None if value.get("items").is_some() => self.array_kind(value, ptr),
            None => Kind::Any,
            Some("string") => Kind::String {
                format: self.format(value, ptr),
            },
            Some("integer") => Kind::Integer {
                format: self.format(value, ptr),
            },
            Some("number") => Kind::Number {
                format: self.format(value, ptr),
            },
            Some(ty @ ("boolean" | "null" | "array" | "object"))
                if value.get("format").is_some() =>
            {
                self.error(
                    &ptr.join("format"),
                    format!("`format` has no meaning for type {ty}; leave it out"),
                );
                Kind::Invalid
            }
            Some("boolean") => Kind::Boolean,
            Some("null") => Kind::Null,
            Some("array") => self.array_kind(value, ptr),
            Some("object") => self.object_kind(value, ptr),
            Some(other) => {
                self.error(
                    &ptr.join("type"),
                    format!("unsupported type `{other}`; use string, integer, number, boolean, array, object or null"),
                );
                Kind::Invalid
            }
        };
        (kind, nullable)
    }

    /// `type: [T, "null"]`: the one type besides `"null"`, and whether `"null"` was there.
    fn type_list(&mut self, types: &[Json], ptr: &Pointer) -> Option<(Option<&'static str>, bool)> {
        let mut names = Vec::new();
        for (index, ty) in types.iter().enumerate() {
            names.push(self.string(ty, &ptr.join(index))?);
        }
        let nullable = names.iter().any(|name| name == "null");
        let others: Vec<&String> = names.iter().filter(|name| *name != "null").collect();
        let known = |name: &str| -> Option<&'static str> {
            ["string", "integer", "number", "boolean", "array", "object"]
                .into_iter()
                .find(|known| *known == name)
        };
        match others.as_slice() {
            [] if nullable => Some((Some("null"), false)),
            [] => {
                self.error(ptr, "an empty list of types accepts no value");
                None
            }
            [one] => match known(one) {
                Some(name) => Some((Some(name), nullable)),
                None => {
                    self.error(ptr, format!("unsupported type `{one}`; use string, integer, number, boolean, array, object or null"));
                    None
                }
            },
            _ => {
                self.error(
                    ptr,
                    format!(
                        "a value of several JSON types ({}) is not supported; use one type (with \"null\" if it may be null), or `{{}}` for any JSON value",
                        compact(&Json::Array(types.to_vec()))
                    ),
                );
                None
            }
        }
    }

    /// `oneOf` / `anyOf`: `{"type": "null"}` alternatives make the schema nullable; one other
    /// alternative is that schema, several are a tagged union (`oneOf` only).
    fn alternatives(
        &mut self,
        value: &Json,
        keyword: &str,
        alternatives: &Json,
        ptr: &Pointer,
    ) -> (Kind, bool) {
        let list_ptr = ptr.join(keyword);
        for other in [
            "oneOf",
            "anyOf",
            "allOf",
            "enum",
            "const",
            "properties",
            "items",
        ] {
            if other != keyword && value.get(other).is_some() {
                self.error(
                    &ptr.join(other),
                    format!("`{other}` cannot be combined with `{keyword}`; move it into the alternatives"),
                );
                return (Kind::Invalid, false);
            }
        }
        if let Some(ty) = value.get("type").filter(|ty| ty.as_str() != Some("object")) {
            self.error(
                &ptr.join("type"),
                format!(
                    "`type` {} cannot be combined with `{keyword}`; move it into the alternatives",
                    compact(ty)
                ),
            );
            return (Kind::Invalid, false);
        }
        let all = self.schema_list(alternatives, &list_ptr);
        let nullable = all.iter().any(|s| matches!(s.kind, Kind::Null));
        let mut others: Vec<Schema> = all
            .into_iter()
            .filter(|s| !matches!(s.kind, Kind::Null))
            .collect();
        if others.iter().any(|s| matches!(s.kind, Kind::Invalid)) {
            return (Kind::Invalid, false);
        }
        match others.len() {
            0 => {
                self.error(&list_ptr, format!("`{keyword}` has no alternative other than null; write `{{\"type\": \"null\"}}`"));
                (Kind::Invalid, false)
            }
            1 => {
                let only = others.remove(0);
                let nullable = nullable || only.nullable;
                (only.kind, nullable)
            }
            _ if keyword == "anyOf" => {
                self.error(&list_ptr, "`anyOf` is only read as `[T, {\"type\": \"null\"}]` (T or null); a value that is one of several variants told apart by a tag member is a `oneOf`");
                (Kind::Invalid, false)
            }
            _ => {
                let discriminator = value
                    .get("discriminator")
                    .and_then(|d| self.discriminator(d, &ptr.join("discriminator")));
                (
                    Kind::OneOf {
                        variants: others,
                        discriminator,
                    },
                    nullable,
                )
            }
        }
    }

    fn discriminator(&mut self, value: &Json, ptr: &Pointer) -> Option<Discriminator> {
        let entries = self.object(value, ptr, "a discriminator")?;
        self.allow_keys(
            entries,
            ptr,
            &["propertyName", "mapping"],
            "discriminator field",
        );
        let property_name = match value.get("propertyName") {
            Some(name) => self.string(name, &ptr.join("propertyName"))?,
            None => {
                self.error(ptr, "discriminator has no `propertyName`");
                return None;
            }
        };
        let mut mapping = Vec::new();
        if let Some(map) = value.get("mapping") {
            let map_ptr = ptr.join("mapping");
            for (tag, target) in self.object(map, &map_ptr, "mapping").unwrap_or_default() {
                let entry_ptr = map_ptr.join(tag);
                let Some(target) = self.string(target, &entry_ptr) else {
                    continue;
                };
                // A mapping value is a reference or a bare schema name.
                let name = target
                    .strip_prefix(SCHEMA_REF_PREFIX)
                    .unwrap_or(&target)
                    .to_owned();
                if !self.schema_names.contains(&name) {
                    self.error(
                        &entry_ptr,
                        format!("mapping target `{target}` is no schema of components/schemas"),
                    );
                    continue;
                }
                mapping.push((tag.clone(), name, entry_ptr));
            }
        }
        Some(Discriminator {
            property_name,
            mapping,
        })
    }

    fn schema_list(&mut self, list: &Json, ptr: &Pointer) -> Vec<Schema> {
        match list {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| self.schema(item, ptr.join(i)))
                .collect(),
            other => {
                self.error(
                    ptr,
                    format!("expected an array of schemas, found {}", other.kind()),
                );
                Vec::new()
            }
        }
    }

    fn reference(&mut self, reference: &Json, ptr: &Pointer) -> Kind {
        let Some(reference) = self.string(reference, ptr) else {
            return Kind::Invalid;
        };
        let Some(name) = reference.strip_prefix(SCHEMA_REF_PREFIX) else {
            self.error(ptr, format!("unsupported reference `{reference}`; only `{SCHEMA_REF_PREFIX}<name>` references are supported"));
            return Kind::Invalid;
        };
        if !self.schema_names.contains(name) {
            self.error(
                ptr,
                format!("dangling reference `{reference}`: no such schema"),
            );
            return Kind::Invalid;
        }
        Kind::Ref(name.to_owned())
    }

    fn constant(&mut self, constant: &Json, ty: Option<&str>, ptr: &Pointer) -> Kind {
        let fits = match (ty, constant) {
            (None, _) => true,
            (Some("string"), Json::String(_))
            | (Some("boolean"), Json::Bool(_))
            | (Some("number"), Json::Number(_))
            | (Some("null"), Json::Null)
            | (Some("array"), Json::Array(_))
            | (Some("object"), Json::Object(_)) => true,
            (Some("integer"), Json::Number(n)) => n.is_i64() || n.is_u64(),
            _ => false,
        };
        if !fits {
            self.error(
                &ptr.join("const"),
                format!(
                    "`const` {} is not of the schema's type {}",
                    compact(constant),
                    ty.unwrap_or_default()
                ),
            );
            return Kind::Invalid;
        }
        Kind::Const(constant.clone())
    }

    fn enumeration(&mut self, value: &Json, values: &Json, ptr: &Pointer) -> (Kind, bool) {
        let values_ptr = ptr.join("enum");
        let Json::Array(values) = values else {
            self.error(
                &values_ptr,
                format!("expected an array of values, found {}", values.kind()),
            );
            return (Kind::Invalid, false);
        };
        let declared = match value.get("type") {
            None => None,
            Some(Json::String(ty)) => Some(ty.clone()),
            Some(Json::Array(types)) => match self.type_list(types, &ptr.join("type")) {
                Some((ty, _)) => ty.map(str::to_owned),
                None => return (Kind::Invalid, false),
            },
            Some(other) => {
                self.error(
                    &ptr.join("type"),
                    format!("expected a type name, found {}", other.kind()),
                );
                return (Kind::Invalid, false);
            }
        };
        let nullable = values.iter().any(|v| matches!(v, Json::Null))
            || matches!(value.get("type"), Some(Json::Array(types)) if types.iter().any(|t| t.as_str() == Some("null")));
        let non_null: Vec<(usize, &Json)> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| !matches!(v, Json::Null))
            .collect();
        let all_strings = non_null.iter().all(|(_, v)| matches!(v, Json::String(_)));
        let all_integers = non_null
            .iter()
            .all(|(_, v)| matches!(v, Json::Number(n) if n.is_i64()));
        let base = match declared.as_deref() {
            Some("string") | None if all_strings => EnumBase::String,
            Some("integer") | None if all_integers => EnumBase::Integer,
            None => {
                let listed: Vec<String> = non_null.iter().map(|(_, v)| compact(v)).collect();
                self.error(
                    &values_ptr,
                    format!(
                        "enum values of several JSON types ({}); an enum is of strings or of integers, named by `type`",
                        listed.join(", ")
                    ),
                );
                return (Kind::Invalid, false);
            }
            Some(expected @ ("string" | "integer")) => {
                for (index, v) in &non_null {
                    let wrong = match expected {
                        "string" => !matches!(v, Json::String(_)),
                        _ => !matches!(v, Json::Number(n) if n.is_i64()),
                    };
                    if wrong {
                        self.error(
                            &values_ptr.join(index),
                            format!(
                                "enum value {} is not of the enum's type {expected}",
                                compact(v)
                            ),
                        );
                    }
                }
                return (Kind::Invalid, false);
            }
            Some(other) => {
                self.error(ptr, format!("an enum of type {other} is not supported; enums are of strings or of integers"));
                return (Kind::Invalid, false);
            }
        };
        if non_null.is_empty() {
            self.error(&values_ptr, "enum has no values");
            return (Kind::Invalid, false);
        }
        let mut aliases = Vec::new();
        if let Some(map) = value.get("x-enum-aliases") {
            let map_ptr = ptr.join("x-enum-aliases");
            for (wire, spellings) in self
                .object(map, &map_ptr, "x-enum-aliases")
                .unwrap_or_default()
            {
                if base != EnumBase::String
                    || !non_null.iter().any(|(_, v)| v.as_str() == Some(wire))
                {
                    self.error(
                        &map_ptr.join(wire),
                        format!("`{wire}` is not one of the enum's string values"),
                    );
                }
                aliases.push((
                    wire.clone(),
                    self.string_list(spellings, &map_ptr.join(wire)),
                ));
            }
        }
        let variant_names = match value.get("x-enum-varnames") {
            Some(names) => {
                let names_ptr = ptr.join("x-enum-varnames");
                let names = self.string_list(names, &names_ptr);
                if names.len() != non_null.len() {
                    self.error(&names_ptr, format!("x-enum-varnames has {} names for {} values; give one per value, in order", names.len(), non_null.len()));
                }
                names
            }
            None => Vec::new(),
        };
        (
            Kind::Enum(EnumSchema {
                base,
                values: non_null.into_iter().map(|(_, v)| v.clone()).collect(),
                aliases,
                variant_names,
            }),
            nullable,
        )
    }

    fn array_kind(&mut self, value: &Json, ptr: &Pointer) -> Kind {
        match value.get("items") {
            Some(items) => Kind::Array(Box::new(self.schema(items, ptr.join("items")))),
            None => {
                self.error(ptr, "array schema has no `items`; write `\"items\": {}` for elements of any JSON type");
                Kind::Invalid
            }
        }
    }

    fn object_kind(&mut self, value: &Json, ptr: &Pointer) -> Kind {
        let properties_ptr = ptr.join("properties");
        let mut properties = Vec::new();
        if let Some(map) = value.get("properties") {
            for (name, property) in self
                .object(map, &properties_ptr, "properties")
                .unwrap_or_default()
            {
                properties.push((
                    name.clone(),
                    self.schema(property, properties_ptr.join(name)),
                ));
            }
        }
        let additional = match value.get("additionalProperties") {
            None | Some(Json::Bool(false)) => None,
            Some(values) => Some(Box::new(
                self.schema(values, ptr.join("additionalProperties")),
            )),
        };
        let required = value
            .get("required")
            .map(|r| self.string_list(r, &ptr.join("required")))
            .unwrap_or_default();
        for (index, name) in required.iter().enumerate() {
            if !properties.iter().any(|(property, _)| property == name) {
                self.error(
                    &ptr.join("required").join(index),
                    format!("required property `{name}` is not declared in properties"),
                );
            }
        }
        Kind::Object {
            properties,
            required,
            additional,
        }
    }

    fn format(&mut self, value: &Json, ptr: &Pointer) -> Option<Format> {
        let format = value.get("format")?;
        let name = self.string(format, &ptr.join("format"))?;
        Some(Format {
            pointer: ptr.join("format"),
            name,
        })
    }

    /// Structurally an identifier; whether snake_case (a property) or UpperCamelCase (a
    /// component) is asked for is the IR's to check.
    fn rust_name(&mut self, value: &Json, ptr: &Pointer) -> Option<String> {
        let name = self.string(value, ptr)?;
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            self.error(
                ptr,
                format!("x-rust-name `{name}` is not a Rust identifier"),
            );
            return None;
        }
        Some(name)
    }
}
