//! Reads the OpenAPI 3.1 document into a typed model, checking its structure and rejecting every
//! construct the generator does not support by name, each problem with its JSON pointer.

use std::collections::BTreeSet;

use super::diagnostics::{Diagnostics, Pointer};
use super::json::Json;

/// The parts of the spec the generator understands.
#[derive(Debug, Default)]
pub struct Spec {
    pub schemas: Vec<NamedSchema>,
    pub operations: Vec<Operation>,
    pub webhooks: Vec<Webhook>,
}

#[derive(Debug)]
pub struct NamedSchema {
    pub name: String,
    pub schema: Schema,
}

/// One schema object with its place in the document.
#[derive(Debug, Clone)]
pub struct Schema {
    pub pointer: Pointer,
    pub description: Option<String>,
    /// `x-rust-name`: the Rust field name when the wire name is a typo or unclear.
    pub rust_name: Option<String>,
    /// `x-aliases`: other spellings of a property that must also decode.
    pub aliases: Vec<String>,
    /// `x-envelope`: this component is the `{data, status, code}` wrapper of every answer.
    pub envelope: bool,
    /// `x-large-array`: this array can hold hundreds of thousands of rows.
    pub large_array: bool,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// A `$ref` to `#/components/schemas/<name>`.
    Ref(String),
    String {
        secret: bool,
    },
    Integer {
        bits: u8,
    },
    Number {
        decimal: bool,
    },
    Boolean,
    Array(Box<Schema>),
    /// An object with only `additionalProperties`.
    Map(Box<Schema>),
    Object {
        properties: Vec<(String, Schema)>,
        required: Vec<String>,
    },
    /// A string enum; `aliases` maps a value to other spellings (`x-enum-aliases`).
    Enum {
        values: Vec<String>,
        aliases: Vec<(String, Vec<String>)>,
    },
    AllOf(Vec<Schema>),
    /// `{}`: any value (only meaningful as the envelope's `data`).
    Any,
    /// Already reported; lowering skips it so that later stages add no noise.
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    fn from_key(key: &str) -> Option<HttpMethod> {
        Some(match key {
            "get" => HttpMethod::Get,
            "post" => HttpMethod::Post,
            "put" => HttpMethod::Put,
            "patch" => HttpMethod::Patch,
            "delete" => HttpMethod::Delete,
            _ => return None,
        })
    }

    pub fn as_upper(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

#[derive(Debug)]
pub struct Operation {
    pub pointer: Pointer,
    pub operation_id: String,
    pub method: HttpMethod,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// `x-idempotent`: a read-only non-GET operation that a client may retry.
    pub idempotent: bool,
    /// False when the operation sets `security: []` (the token endpoint).
    pub authenticated: bool,
    pub parameters: Vec<Parameter>,
    pub body: Option<Media>,
    pub response: Option<Media>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    Query,
    Path,
}

#[derive(Debug)]
pub struct Parameter {
    pub pointer: Pointer,
    pub name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub schema: Schema,
}

/// An `application/json` body with its schema and examples.
#[derive(Debug)]
pub struct Media {
    pub schema: Schema,
    pub examples: Vec<Example>,
}

#[derive(Debug)]
pub struct Example {
    /// Points at the example's value.
    pub pointer: Pointer,
    pub value: Json,
}

#[derive(Debug)]
pub struct Webhook {
    pub pointer: Pointer,
    pub name: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub body: Option<Media>,
    pub response: Option<Media>,
}

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
const PATH_ITEM_KEYS: &[&str] = &[
    "summary",
    "description",
    "get",
    "post",
    "put",
    "patch",
    "delete",
];
const OPERATION_KEYS: &[&str] = &[
    "operationId",
    "summary",
    "description",
    "tags",
    "parameters",
    "requestBody",
    "responses",
    "security",
    "x-idempotent",
];
const WEBHOOK_OPERATION_KEYS: &[&str] =
    &["summary", "description", "tags", "requestBody", "responses"];
const PARAMETER_KEYS: &[&str] = &["name", "in", "required", "description", "schema"];
const REQUEST_BODY_KEYS: &[&str] = &["required", "description", "content"];
const RESPONSE_KEYS: &[&str] = &["description", "content"];
const MEDIA_KEYS: &[&str] = &["schema", "examples", "example"];
const EXAMPLE_KEYS: &[&str] = &["summary", "description", "value"];
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "description",
    "title",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "enum",
    "allOf",
    "$ref",
    "x-rust-name",
    "x-aliases",
    "x-enum-aliases",
    "x-envelope",
    "x-large-array",
];
const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

/// Reads `document`, reporting every problem to `diags`; what could not be read is left out or
/// marked [`Kind::Invalid`].
pub fn read(document: &Json, diags: &mut Diagnostics) -> Spec {
    let mut reader = Reader {
        diags,
        schema_names: BTreeSet::new(),
    };
    reader.document(document)
}

struct Reader<'d> {
    diags: &'d mut Diagnostics,
    schema_names: BTreeSet<String>,
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
                    self.allow_keys(entries, &components, COMPONENT_KEYS, "components field");
                    let schemas = value.get("schemas")?;
                    self.object(schemas, &schemas_ptr, "components/schemas")
                }),
            None => None,
        };
        let schema_entries = schema_entries.unwrap_or_default();
        // Names first, so that a `$ref` can be checked wherever it appears.
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

    fn path_item(
        &mut self,
        path: &str,
        item: &Json,
        ptr: &Pointer,
        operations: &mut Vec<Operation>,
    ) {
        if !path.starts_with('/') {
            self.error(ptr, format!("path `{path}` does not start with `/`"));
        }
        let Some(entries) = self.object(item, ptr, "a path item") else {
            return;
        };
        self.allow_keys(entries, ptr, PATH_ITEM_KEYS, "path item field");
        for (key, value) in entries {
            if let Some(method) = HttpMethod::from_key(key) {
                if let Some(operation) = self.operation(path, method, value, &ptr.join(key)) {
                    operations.push(operation);
                }
            }
        }
    }

    fn operation(
        &mut self,
        path: &str,
        method: HttpMethod,
        value: &Json,
        ptr: &Pointer,
    ) -> Option<Operation> {
        let entries = self.object(value, ptr, "an operation")?;
        self.allow_keys(entries, ptr, OPERATION_KEYS, "operation field");
        let operation_id = match value.get("operationId") {
            Some(id) => self.string(id, &ptr.join("operationId")),
            None => {
                self.error(ptr, "operation has no operationId");
                None
            }
        };
        let parameters = match value.get("parameters") {
            Some(list) => self.parameters(list, &ptr.join("parameters")),
            None => Vec::new(),
        };
        self.check_path_parameters(path, &parameters, ptr);
        let body = value
            .get("requestBody")
            .and_then(|body| self.request_body(body, &ptr.join("requestBody")));
        let response = self.responses(value.get("responses"), ptr);
        let authenticated =
            !matches!(value.get("security"), Some(Json::Array(list)) if list.is_empty());
        let idempotent = value
            .get("x-idempotent")
            .is_some_and(|flag| self.bool(flag, &ptr.join("x-idempotent")));
        Some(Operation {
            pointer: ptr.clone(),
            operation_id: operation_id?,
            method,
            path: path.to_owned(),
            summary: self.optional_string(value, "summary", ptr),
            description: self.optional_string(value, "description", ptr),
            idempotent,
            authenticated,
            parameters,
            body,
            response,
        })
    }

    fn check_path_parameters(&mut self, path: &str, parameters: &[Parameter], ptr: &Pointer) {
        let placeholders = path_placeholders(path);
        for placeholder in &placeholders {
            let declared = parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.name == *placeholder);
            if !declared {
                self.error(
                    ptr,
                    format!("path parameter `{{{placeholder}}}` is not declared in parameters"),
                );
            }
        }
        for parameter in parameters
            .iter()
            .filter(|p| p.location == ParameterLocation::Path)
        {
            if !placeholders.contains(&parameter.name.as_str()) {
                self.error(
                    &parameter.pointer,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
                        parameter.name
                    ),
                );
            }
        }
    }

    fn parameters(&mut self, list: &Json, ptr: &Pointer) -> Vec<Parameter> {
        let Json::Array(items) = list else {
            self.error(
                ptr,
                format!("expected an array of parameters, found {}", list.kind()),
            );
            return Vec::new();
        };
        let mut parameters = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let ptr = ptr.join(index);
            let Some(entries) = self.object(item, &ptr, "a parameter") else {
                continue;
            };
            self.allow_keys(entries, &ptr, PARAMETER_KEYS, "parameter field");
            let name = item
                .get("name")
                .and_then(|n| self.string(n, &ptr.join("name")));
            let location = match item.get("in").and_then(Json::as_str) {
                Some("query") => Some(ParameterLocation::Query),
                Some("path") => Some(ParameterLocation::Path),
                Some(other) => {
                    self.error(&ptr.join("in"), format!("unsupported parameter location `{other}`; only query and path parameters are supported"));
                    None
                }
                None => {
                    self.error(&ptr, "parameter has no `in`");
                    None
                }
            };
            let required = item
                .get("required")
                .is_some_and(|r| self.bool(r, &ptr.join("required")));
            let schema = match item.get("schema") {
                Some(schema) => self.schema(schema, ptr.join("schema")),
                None => {
                    self.error(&ptr, "parameter has no schema");
                    invalid(ptr.join("schema"))
                }
            };
            let mut schema = schema;
            if schema.description.is_none() {
                schema.description = self.optional_string(item, "description", &ptr);
            }
            if location == Some(ParameterLocation::Path) && !required {
                self.error(&ptr, "path parameters must be required");
            }
            if name.is_none() && item.get("name").is_none() {
                self.error(&ptr, "parameter has no name");
            }
            if let (Some(name), Some(location)) = (name, location) {
                parameters.push(Parameter {
                    pointer: ptr,
                    name,
                    location,
                    required,
                    schema,
                });
            }
        }
        parameters
    }

    fn request_body(&mut self, body: &Json, ptr: &Pointer) -> Option<Media> {
        let entries = self.object(body, ptr, "a request body")?;
        self.allow_keys(entries, ptr, REQUEST_BODY_KEYS, "request body field");
        self.content(body, ptr)
    }

    fn responses(&mut self, responses: Option<&Json>, operation: &Pointer) -> Option<Media> {
        let ptr = operation.join("responses");
        let Some(responses) = responses else {
            self.error(operation, "operation has no responses");
            return None;
        };
        let entries = self.object(responses, &ptr, "responses")?;
        let mut media = None;
        for (status, response) in entries {
            let response_ptr = ptr.join(status);
            if status != "200" {
                self.error(&response_ptr, format!("unsupported response `{status}`; describe only the 200 answer (errors come in the envelope)"));
                continue;
            }
            let Some(fields) = self.object(response, &response_ptr, "a response") else {
                continue;
            };
            self.allow_keys(fields, &response_ptr, RESPONSE_KEYS, "response field");
            media = self.content(response, &response_ptr);
        }
        if media.is_none() && !entries.iter().any(|(status, _)| status == "200") {
            self.error(&ptr, "no 200 response");
        }
        media
    }

    /// The `application/json` entry of a `content` map.
    fn content(&mut self, owner: &Json, ptr: &Pointer) -> Option<Media> {
        let content_ptr = ptr.join("content");
        let Some(content) = owner.get("content") else {
            self.error(ptr, "no `content`");
            return None;
        };
        let entries = self.object(content, &content_ptr, "content")?;
        let mut media = None;
        for (media_type, value) in entries {
            let media_ptr = content_ptr.join(media_type);
            if media_type != "application/json" {
                self.error(
                    &media_ptr,
                    format!("unsupported media type `{media_type}`; only application/json"),
                );
                continue;
            }
            media = self.media(value, &media_ptr);
        }
        media
    }

    fn media(&mut self, value: &Json, ptr: &Pointer) -> Option<Media> {
        let entries = self.object(value, ptr, "a media type")?;
        self.allow_keys(entries, ptr, MEDIA_KEYS, "media type field");
        let Some(schema) = value.get("schema") else {
            self.error(ptr, "media type has no schema");
            return None;
        };
        let schema = self.schema(schema, ptr.join("schema"));
        let mut examples = Vec::new();
        if let Some(example) = value.get("example") {
            examples.push(Example {
                pointer: ptr.join("example"),
                value: example.clone(),
            });
        }
        if let Some(named) = value.get("examples") {
            let examples_ptr = ptr.join("examples");
            for (name, example) in self
                .object(named, &examples_ptr, "examples")
                .unwrap_or_default()
            {
                let example_ptr = examples_ptr.join(name);
                let Some(fields) = self.object(example, &example_ptr, "an example") else {
                    continue;
                };
                self.allow_keys(fields, &example_ptr, EXAMPLE_KEYS, "example field");
                match example.get("value") {
                    Some(value) => examples.push(Example {
                        pointer: example_ptr.join("value"),
                        value: value.clone(),
                    }),
                    None => self.error(&example_ptr, "example has no `value`"),
                }
            }
        }
        Some(Media { schema, examples })
    }

    fn webhook(&mut self, name: &str, item: &Json, ptr: &Pointer) -> Option<Webhook> {
        let entries = self.object(item, ptr, "a webhook")?;
        let mut webhook = None;
        for (key, value) in entries {
            let op_ptr = ptr.join(key);
            if key != "post" {
                self.error(
                    &op_ptr,
                    format!("unsupported webhook method `{key}`; AiRudder notifications are POSTs"),
                );
                continue;
            }
            let Some(fields) = self.object(value, &op_ptr, "a webhook operation") else {
                continue;
            };
            self.allow_keys(fields, &op_ptr, WEBHOOK_OPERATION_KEYS, "webhook field");
            let body = value
                .get("requestBody")
                .and_then(|body| self.request_body(body, &op_ptr.join("requestBody")));
            if body.is_none() && value.get("requestBody").is_none() {
                self.error(&op_ptr, "webhook has no requestBody");
            }
            let response = self.responses(value.get("responses"), &op_ptr);
            webhook = Some(Webhook {
                pointer: op_ptr.clone(),
                name: name.to_owned(),
                summary: self.optional_string(value, "summary", &op_ptr),
                description: self.optional_string(value, "description", &op_ptr),
                body,
                response,
            });
        }
        webhook
    }

    fn schema(&mut self, value: &Json, ptr: Pointer) -> Schema {
        let mut schema = invalid(ptr.clone());
        let Some(entries) = self.object(value, &ptr, "a schema") else {
            return schema;
        };
        // A schema with a keyword we do not understand is not lowered: its meaning is unknown.
        let understood = self.allow_keys(entries, &ptr, SCHEMA_KEYS, "schema keyword");
        schema.description = self.optional_string(value, "description", &ptr);
        schema.rust_name = value
            .get("x-rust-name")
            .and_then(|name| self.rust_name(name, &ptr.join("x-rust-name")));
        schema.aliases = value
            .get("x-aliases")
            .map(|a| self.string_list(a, &ptr.join("x-aliases")))
            .unwrap_or_default();
        schema.envelope = value
            .get("x-envelope")
            .is_some_and(|flag| self.bool(flag, &ptr.join("x-envelope")));
        if understood {
            schema.kind = self.kind(value, entries, &ptr);
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
        schema
    }

    fn kind(&mut self, value: &Json, entries: &[(String, Json)], ptr: &Pointer) -> Kind {
        if let Some(reference) = value.get("$ref") {
            const REF_SIBLINGS: &[&str] = &["$ref", "description", "x-rust-name", "x-aliases"];
            for (key, _) in entries
                .iter()
                .filter(|(key, _)| !REF_SIBLINGS.contains(&key.as_str()))
            {
                self.error(
                    &ptr.join(key),
                    format!("`{key}` cannot be combined with `$ref`"),
                );
            }
            return self.reference(reference, &ptr.join("$ref"));
        }
        if let Some(parts) = value.get("allOf") {
            let parts_ptr = ptr.join("allOf");
            let Json::Array(parts) = parts else {
                self.error(
                    &parts_ptr,
                    format!("expected an array, found {}", parts.kind()),
                );
                return Kind::Invalid;
            };
            let parts = parts
                .iter()
                .enumerate()
                .map(|(i, part)| self.schema(part, parts_ptr.join(i)))
                .collect();
            return Kind::AllOf(parts);
        }
        if let Some(values) = value.get("enum") {
            return self.enumeration(value, values, ptr);
        }
        match value.get("type") {
            None if value.get("properties").is_some() => self.object_kind(value, ptr),
            None => Kind::Any,
            Some(Json::String(ty)) => match ty.as_str() {
                "string" => match self.format(value, ptr, &["password"], "string") {
                    Some(format) => Kind::String {
                        secret: format == Some("password"),
                    },
                    None => Kind::Invalid,
                },
                "integer" => match self.format(value, ptr, &["int32", "int64"], "integer") {
                    Some(Some("int32")) => Kind::Integer { bits: 32 },
                    Some(_) => Kind::Integer { bits: 64 },
                    None => Kind::Invalid,
                },
                "number" => {
                    match self.format(value, ptr, &["decimal", "double", "float"], "number") {
                        Some(format) => Kind::Number {
                            decimal: format == Some("decimal"),
                        },
                        None => Kind::Invalid,
                    }
                }
                "boolean" => Kind::Boolean,
                "array" => match value.get("items") {
                    Some(items) => Kind::Array(Box::new(self.schema(items, ptr.join("items")))),
                    None => {
                        self.error(ptr, "array schema has no `items`");
                        Kind::Invalid
                    }
                },
                "object" => self.object_kind(value, ptr),
                other => {
                    self.error(&ptr.join("type"), format!("unsupported type `{other}`"));
                    Kind::Invalid
                }
            },
            Some(other) => {
                self.error(
                    &ptr.join("type"),
                    format!(
                        "unsupported type `{}`; nullable and union types are not supported",
                        compact(other)
                    ),
                );
                Kind::Invalid
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

    fn enumeration(&mut self, value: &Json, values: &Json, ptr: &Pointer) -> Kind {
        if value.get("type").and_then(Json::as_str) != Some("string") {
            self.error(
                ptr,
                "only string enums are supported; set `\"type\": \"string\"`",
            );
            return Kind::Invalid;
        }
        let values = self.string_list(values, &ptr.join("enum"));
        let mut aliases = Vec::new();
        if let Some(map) = value.get("x-enum-aliases") {
            let map_ptr = ptr.join("x-enum-aliases");
            for (wire, spellings) in self
                .object(map, &map_ptr, "x-enum-aliases")
                .unwrap_or_default()
            {
                if !values.contains(wire) {
                    self.error(
                        &map_ptr.join(wire),
                        format!("`{wire}` is not one of the enum's values"),
                    );
                }
                aliases.push((
                    wire.clone(),
                    self.string_list(spellings, &map_ptr.join(wire)),
                ));
            }
        }
        if values.is_empty() {
            self.error(&ptr.join("enum"), "enum has no values");
        }
        Kind::Enum { values, aliases }
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
        if let Some(values) = value.get("additionalProperties") {
            let values_ptr = ptr.join("additionalProperties");
            if !properties.is_empty() || !matches!(values, Json::Object(_)) {
                self.error(&values_ptr, "unsupported `additionalProperties`; only maps (an object with `additionalProperties` and no `properties`) are supported");
                return Kind::Invalid;
            }
            return Kind::Map(Box::new(self.schema(values, values_ptr)));
        }
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
        }
    }

    /// `Some(format)` when the format is absent or one of `allowed`; `None` after reporting.
    fn format<'v>(
        &mut self,
        value: &'v Json,
        ptr: &Pointer,
        allowed: &[&str],
        ty: &str,
    ) -> Option<Option<&'v str>> {
        match value.get("format") {
            None => Some(None),
            Some(Json::String(format)) if allowed.contains(&format.as_str()) => Some(Some(format)),
            Some(other) => {
                self.error(
                    &ptr.join("format"),
                    format!(
                        "unsupported format `{}` for type {ty}; supported: {}",
                        compact(other).trim_matches('"'),
                        allowed.join(", ")
                    ),
                );
                None
            }
        }
    }

    fn rust_name(&mut self, value: &Json, ptr: &Pointer) -> Option<String> {
        let name = self.string(value, ptr)?;
        let valid = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            self.error(
                ptr,
                format!("x-rust-name `{name}` is not a snake_case Rust identifier"),
            );
            return None;
        }
        Some(name)
    }

    fn object<'v>(
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
    fn allow_keys(
        &mut self,
        entries: &[(String, Json)],
        ptr: &Pointer,
        allowed: &[&str],
        what: &str,
    ) -> bool {
        let mut all_allowed = true;
        for (key, _) in entries {
            if allowed.contains(&key.as_str()) {
                continue;
            }
            all_allowed = false;
            if key.starts_with("x-") {
                self.error(
                    &ptr.join(key),
                    format!("unsupported extension `{key}` here"),
                );
            } else {
                self.error(&ptr.join(key), format!("unsupported {what} `{key}`"));
            }
        }
        all_allowed
    }

    fn string(&mut self, value: &Json, ptr: &Pointer) -> Option<String> {
        match value {
            Json::String(s) => Some(s.clone()),
            other => {
                self.error(ptr, format!("expected a string, found {}", other.kind()));
                None
            }
        }
    }

    fn optional_string(&mut self, owner: &Json, key: &str, ptr: &Pointer) -> Option<String> {
        owner
            .get(key)
            .and_then(|value| self.string(value, &ptr.join(key)))
    }

    fn string_list(&mut self, value: &Json, ptr: &Pointer) -> Vec<String> {
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

    fn bool(&mut self, value: &Json, ptr: &Pointer) -> bool {
        match value {
            Json::Bool(b) => *b,
            other => {
                self.error(ptr, format!("expected a boolean, found {}", other.kind()));
                false
            }
        }
    }

    fn error(&mut self, ptr: &Pointer, message: impl Into<String>) {
        self.diags.error(ptr, message);
    }
}

fn invalid(pointer: Pointer) -> Schema {
    Schema {
        pointer,
        description: None,
        rust_name: None,
        aliases: Vec::new(),
        envelope: false,
        large_array: false,
        kind: Kind::Invalid,
    }
}

fn compact(value: &Json) -> String {
    value.to_value().to_string()
}

/// The `{name}` placeholders of a path template, in order.
pub fn path_placeholders(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}
