//! The intermediate representation: every naming and typing decision made once, so that the
//! emitters are plain functions of it. `lower` turns the checked spec into it.

use std::collections::BTreeMap;

use super::diagnostics::{Diagnostics, Pointer};
use super::json::Json;
use super::names;
use super::spec::{self, HttpMethod, Kind, ParameterLocation, Schema, Spec};

#[derive(Debug, Default)]
pub struct Ir {
    /// Data types, in the spec's order of components.
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub webhooks: Vec<Webhook>,
}

impl Ir {
    pub fn type_def(&self, rust_name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|def| def.name() == rust_name)
    }

    /// For an operation whose answer has an `x-large-array`: the answer's struct, the array
    /// field, and the row type's name.
    pub fn rows_of(&self, operation: &Operation) -> Option<(&StructDef, &Field, &str)> {
        let Ty::Named(name) = &operation.response else {
            return None;
        };
        let Some(TypeDef::Struct(def)) = self.type_def(name) else {
            return None;
        };
        let field = def.fields.iter().find(|f| f.large_array)?;
        match &field.ty {
            Ty::Vec(item) => match item.as_ref() {
                Ty::Named(row) => Some((def, field, row.as_str())),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn envelope(&self) -> Option<&StructDef> {
        self.types.iter().find_map(|def| match def {
            TypeDef::Struct(def) if def.envelope => Some(def),
            _ => None,
        })
    }
}

#[derive(Debug)]
pub enum TypeDef {
    Struct(StructDef),
    Enum(EnumDef),
}

impl TypeDef {
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(def) => &def.name,
            TypeDef::Enum(def) => &def.name,
        }
    }

    pub fn spec_name(&self) -> &str {
        match self {
            TypeDef::Struct(def) => &def.spec_name,
            TypeDef::Enum(def) => &def.spec_name,
        }
    }
}

#[derive(Debug)]
pub struct StructDef {
    pub name: String,
    pub spec_name: String,
    pub description: String,
    pub fields: Vec<Field>,
    /// The envelope: generic over its `data` ([`Ty::Payload`]).
    pub envelope: bool,
    /// The key of the webhook whose payload this is.
    pub webhook: Option<String>,
    /// With an `x-large-array` field: the type of the other fields (`TaskDetailHeader`), which a
    /// streamed answer yields besides its rows.
    pub header_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// `x-large-array`: a response array that can hold hundreds of thousands of rows.
    pub large_array: bool,
    pub wire_name: String,
    pub rust_name: String,
    pub aliases: Vec<String>,
    pub ty: Ty,
    pub required: bool,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    /// A `format: password` string: hidden from `Debug`.
    Secret,
    I32,
    I64,
    F64,
    /// A `format: decimal` number, kept exactly as written (fractions and all).
    Decimal,
    Bool,
    /// A generated type, by Rust name.
    Named(String),
    Vec(Box<Ty>),
    /// A JSON object with string keys and values of one type.
    Map(Box<Ty>),
    /// The envelope's `data`: the type parameter.
    Payload,
    /// Already reported as a problem.
    Invalid,
}

#[derive(Debug)]
pub struct EnumDef {
    pub name: String,
    pub spec_name: String,
    pub description: String,
    pub variants: Vec<Variant>,
}

#[derive(Debug)]
pub struct Variant {
    pub wire: String,
    pub rust_name: String,
    /// Other spellings that decode into this variant.
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Query,
    Path,
    Body,
}

#[derive(Debug)]
pub struct RequestField {
    pub field: Field,
    pub location: Location,
}

#[derive(Debug)]
pub struct Operation {
    pub operation_id: String,
    pub request_name: String,
    /// The `Client` method that sends it (`get_task_detail`).
    pub client_method: String,
    pub method: HttpMethod,
    pub path: String,
    pub summary: String,
    pub description: Option<String>,
    pub idempotent: bool,
    pub authenticated: bool,
    pub fields: Vec<RequestField>,
    /// The envelope's `data` type.
    pub response: Ty,
    pub request_examples: Vec<Example>,
    pub response_examples: Vec<Example>,
}

#[derive(Debug)]
pub struct Webhook {
    /// The key in the spec's `webhooks` (`workflowStatusChanged`).
    pub name: String,
    pub summary: String,
    pub payload: String,
    pub examples: Vec<Example>,
    /// The answer's type and examples (`{}`).
    pub ack: Option<(Ty, Vec<Example>)>,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub pointer: Pointer,
    pub value: Json,
}

/// Lowers `spec` to the IR, reporting naming and typing problems to `diags`.
pub fn lower(spec: &Spec, diags: &mut Diagnostics) -> Ir {
    let mut lowering = Lowering {
        spec,
        diags,
        names: BTreeMap::new(),
    };
    lowering.lower()
}

struct Lowering<'s, 'd> {
    spec: &'s Spec,
    diags: &'d mut Diagnostics,
    /// Rust type name to the spec name that took it first, to catch two that map to one.
    names: BTreeMap<String, String>,
}

impl<'s> Lowering<'s, '_> {
    fn lower(&mut self) -> Ir {
        let mut ir = Ir::default();
        for named in &self.spec.schemas {
            if let Some(def) = self.type_def(&named.name, &named.schema) {
                ir.types.push(def);
            }
        }
        if ir
            .types
            .iter()
            .filter(|def| matches!(def, TypeDef::Struct(s) if s.envelope))
            .count()
            > 1
        {
            self.diags.error(
                &Pointer::root().join("components").join("schemas"),
                "more than one schema sets x-envelope",
            );
        }
        for operation in &self.spec.operations {
            if let Some(operation) = self.operation(operation) {
                ir.operations.push(operation);
            }
        }
        for webhook in &self.spec.webhooks {
            if let Some(webhook) = self.webhook(webhook, &mut ir) {
                ir.webhooks.push(webhook);
            }
        }
        ir
    }

    fn claim_name(&mut self, rust_name: &str, spec_name: &str, pointer: &Pointer) -> bool {
        if names::RESERVED_TYPE_NAMES.contains(&rust_name) {
            self.diags.error(pointer, format!("`{spec_name}` maps to the Rust name `{rust_name}`, which airudder-models defines by hand; rename it"));
            return false;
        }
        if !names::is_identifier(rust_name) {
            self.diags.error(
                pointer,
                format!("`{spec_name}` does not give a Rust identifier (`{rust_name}`); rename it"),
            );
            return false;
        }
        if let Some(first) = self.names.get(rust_name) {
            self.diags.error(pointer, format!("`{first}` and `{spec_name}` both map to the Rust name `{rust_name}`; rename one"));
            return false;
        }
        self.names
            .insert(rust_name.to_owned(), spec_name.to_owned());
        true
    }

    fn type_def(&mut self, spec_name: &str, schema: &Schema) -> Option<TypeDef> {
        let name = names::type_name(spec_name);
        if !self.claim_name(&name, spec_name, &schema.pointer) {
            return None;
        }
        let description = self.description(schema);
        match &schema.kind {
            Kind::Enum { values, aliases } => Some(TypeDef::Enum(self.enum_def(
                name,
                spec_name,
                description,
                values,
                aliases,
                &schema.pointer,
            ))),
            Kind::Object { .. } | Kind::AllOf(_) => {
                let mut stack = vec![spec_name.to_owned()];
                let fields = self.struct_fields(schema, &mut stack, schema.envelope);
                let large_arrays = fields.iter().filter(|f| f.large_array).count();
                if large_arrays > 1 {
                    self.diags.error(&schema.pointer, "more than one x-large-array field; a streamed answer has one array of rows");
                }
                let header_name =
                    (large_arrays == 1)
                        .then(|| format!("{name}Header"))
                        .filter(|header| {
                            self.claim_name(
                                header,
                                &format!("{spec_name} (its streaming header)"),
                                &schema.pointer,
                            )
                        });
                Some(TypeDef::Struct(StructDef {
                    name,
                    spec_name: spec_name.to_owned(),
                    description,
                    fields,
                    envelope: schema.envelope,
                    webhook: None,
                    header_name,
                }))
            }
            Kind::Invalid => None,
            _ => {
                self.diags.error(&schema.pointer, "unsupported component schema; a component must be an object, an allOf of objects, or a string enum");
                None
            }
        }
    }

    fn enum_def(
        &mut self,
        name: String,
        spec_name: &str,
        description: String,
        values: &[String],
        aliases: &[(String, Vec<String>)],
        pointer: &Pointer,
    ) -> EnumDef {
        let mut variants: Vec<Variant> = Vec::new();
        for (index, wire) in values.iter().enumerate() {
            let rust_name = names::variant_name(wire);
            if rust_name == "Other" {
                self.diags.error(
                    &pointer.join("enum").join(index),
                    "the value `Other` collides with the catch-all variant for unknown values",
                );
                continue;
            }
            if let Some(first) = variants.iter().find(|v| v.rust_name == rust_name) {
                self.diags.error(
                    &pointer.join("enum").join(index),
                    format!(
                        "the values `{}` and `{wire}` both map to the variant `{rust_name}`",
                        first.wire
                    ),
                );
                continue;
            }
            let aliases = aliases
                .iter()
                .filter(|(value, _)| value == wire)
                .flat_map(|(_, spellings)| spellings.clone())
                .collect();
            variants.push(Variant {
                wire: wire.clone(),
                rust_name,
                aliases,
            });
        }
        EnumDef {
            name,
            spec_name: spec_name.to_owned(),
            description,
            variants,
        }
    }

    /// The fields of an object schema, `allOf` parts flattened into one flat list.
    fn struct_fields(
        &mut self,
        schema: &Schema,
        stack: &mut Vec<String>,
        envelope: bool,
    ) -> Vec<Field> {
        match &schema.kind {
            Kind::Object {
                properties,
                required,
            } => properties
                .iter()
                .filter_map(|(wire, property)| {
                    self.field(wire, property, required.contains(wire), envelope)
                })
                .collect(),
            Kind::AllOf(parts) => {
                let mut fields: Vec<Field> = Vec::new();
                for part in parts {
                    let part_fields = match &part.kind {
                        Kind::Ref(target) => self.referenced_fields(target, &part.pointer, stack),
                        Kind::Object { .. } => self.struct_fields(part, stack, false),
                        Kind::Invalid => continue,
                        _ => {
                            self.diags.error(&part.pointer, "an allOf part must be a $ref to an object schema or an inline object");
                            continue;
                        }
                    };
                    for field in part_fields {
                        if fields.iter().any(|f| f.wire_name == field.wire_name) {
                            self.diags.error(
                                &part.pointer,
                                format!(
                                    "property `{}` is declared by more than one allOf part",
                                    field.wire_name
                                ),
                            );
                        } else {
                            fields.push(field);
                        }
                    }
                }
                self.check_field_names(&fields, &schema.pointer);
                fields
            }
            _ => Vec::new(),
        }
    }

    fn referenced_fields(
        &mut self,
        target: &str,
        pointer: &Pointer,
        stack: &mut Vec<String>,
    ) -> Vec<Field> {
        if stack.iter().any(|name| name == target) {
            self.diags
                .error(pointer, format!("allOf cycle through `{target}`"));
            return Vec::new();
        }
        let Some(schema) = self.component(target) else {
            return Vec::new();
        };
        if !matches!(schema.kind, Kind::Object { .. } | Kind::AllOf(_)) || schema.envelope {
            self.diags.error(
                pointer,
                format!("allOf part `{target}` is not an object schema"),
            );
            return Vec::new();
        }
        stack.push(target.to_owned());
        let fields = self.struct_fields(schema, stack, false);
        stack.pop();
        fields
    }

    fn check_field_names(&mut self, fields: &[Field], pointer: &Pointer) {
        for (index, field) in fields.iter().enumerate() {
            if let Some(first) = fields[..index]
                .iter()
                .find(|f| f.rust_name == field.rust_name)
            {
                self.diags.error(pointer, format!("properties `{}` and `{}` both map to the Rust field `{}`; set x-rust-name on one", first.wire_name, field.wire_name, field.rust_name));
            }
        }
    }

    fn field(
        &mut self,
        wire: &str,
        schema: &Schema,
        required: bool,
        envelope: bool,
    ) -> Option<Field> {
        let ty = if envelope && wire == "data" && matches!(schema.kind, Kind::Any) {
            Ty::Payload
        } else {
            self.ty(schema)
        };
        let rust_name = schema
            .rust_name
            .clone()
            .unwrap_or_else(|| names::field_name(wire));
        if !names::is_identifier(&rust_name) {
            self.diags.error(&schema.pointer, format!("property `{wire}` does not give a Rust identifier (`{rust_name}`); set x-rust-name"));
            return None;
        }
        Some(Field {
            large_array: schema.large_array,
            wire_name: wire.to_owned(),
            rust_name,
            aliases: schema.aliases.clone(),
            ty,
            required,
            description: self.description(schema),
        })
    }

    fn ty(&mut self, schema: &Schema) -> Ty {
        match &schema.kind {
            Kind::Ref(target) => {
                let Some(component) = self.component(target) else {
                    return Ty::Invalid;
                };
                match component.kind {
                    _ if component.envelope => {
                        self.diags.error(
                            &schema.pointer,
                            "the envelope can only wrap an operation's answer",
                        );
                        Ty::Invalid
                    }
                    Kind::Enum { .. } | Kind::Object { .. } | Kind::AllOf(_) => {
                        Ty::Named(names::type_name(target))
                    }
                    Kind::Invalid => Ty::Invalid,
                    _ => {
                        self.diags.error(&schema.pointer, format!("`{target}` is not an object or enum schema; only those can be referenced"));
                        Ty::Invalid
                    }
                }
            }
            Kind::String { secret: true } => Ty::Secret,
            Kind::String { secret: false } => Ty::String,
            Kind::Integer { bits: 32 } => Ty::I32,
            Kind::Integer { .. } => Ty::I64,
            Kind::Number { decimal: true } => Ty::Decimal,
            Kind::Number { decimal: false } => Ty::F64,
            Kind::Boolean => Ty::Bool,
            Kind::Array(items) => Ty::Vec(Box::new(self.ty(items))),
            Kind::Map(values) => Ty::Map(Box::new(self.ty(values))),
            Kind::Object { .. } => {
                self.diags.error(
                    &schema.pointer,
                    "inline object schema; move it to components/schemas and use $ref",
                );
                Ty::Invalid
            }
            Kind::Enum { .. } => {
                self.diags.error(
                    &schema.pointer,
                    "inline enum; move it to components/schemas and use $ref",
                );
                Ty::Invalid
            }
            Kind::AllOf(_) => {
                self.diags.error(
                    &schema.pointer,
                    "allOf is only supported at the top of a component schema",
                );
                Ty::Invalid
            }
            Kind::Any => {
                self.diags.error(
                    &schema.pointer,
                    "schema has no type; only the envelope's `data` may be untyped",
                );
                Ty::Invalid
            }
            Kind::Invalid => Ty::Invalid,
        }
    }

    fn operation(&mut self, operation: &spec::Operation) -> Option<Operation> {
        let request_name = names::request_name(&operation.operation_id);
        let summary = match &operation.summary {
            Some(summary) => summary.clone(),
            None => {
                self.diags.error(
                    &operation.pointer,
                    "operation has no summary (it becomes the request type's documentation)",
                );
                String::new()
            }
        };
        if !self.claim_name(
            &request_name,
            &operation.operation_id,
            &operation.pointer.join("operationId"),
        ) {
            return None;
        }
        let client_method = names::field_name(&operation.operation_id);
        if names::RESERVED_CLIENT_METHODS.contains(&client_method.as_str()) {
            self.diags.error(
                &operation.pointer.join("operationId"),
                format!("`{}` gives the client method `{client_method}`, which the client defines by hand; rename the operation", operation.operation_id),
            );
            return None;
        }
        let mut fields = Vec::new();
        for parameter in &operation.parameters {
            let location = match parameter.location {
                ParameterLocation::Query => Location::Query,
                ParameterLocation::Path => Location::Path,
            };
            if let Some(field) = self.field(
                &parameter.name,
                &parameter.schema,
                parameter.required,
                false,
            ) {
                if matches!(field.ty, Ty::Vec(_) | Ty::Map(_) | Ty::Secret) {
                    self.diags.error(&parameter.pointer, "unsupported parameter type; query and path parameters must be scalars or enums");
                }
                fields.push(RequestField { field, location });
            }
        }
        let mut request_examples = Vec::new();
        if let Some(body) = &operation.body {
            request_examples = body.examples.iter().map(example).collect();
            let body_schema = match &body.schema.kind {
                Kind::Ref(target) => self.component(target),
                Kind::Object { .. } => Some(&body.schema),
                Kind::Invalid => None,
                _ => {
                    self.diags.error(
                        &body.schema.pointer,
                        "a request body must be an object (inline or a $ref)",
                    );
                    None
                }
            };
            if let Some(body_schema) = body_schema {
                let mut stack = Vec::new();
                for field in self.struct_fields(body_schema, &mut stack, false) {
                    fields.push(RequestField {
                        field,
                        location: Location::Body,
                    });
                }
            }
        }
        let all: Vec<Field> = fields.iter().map(|f| f.field.clone()).collect();
        self.check_field_names(&all, &operation.pointer);
        if operation.method == HttpMethod::Get
            && fields.iter().any(|f| f.location == Location::Body)
        {
            self.diags.error(
                &operation.pointer.join("requestBody"),
                "a GET operation cannot have a request body",
            );
        }
        let (response, response_examples) = match &operation.response {
            Some(media) => (
                self.envelope_payload(&media.schema),
                media.examples.iter().map(example).collect(),
            ),
            None => (Ty::Invalid, Vec::new()),
        };
        Some(Operation {
            operation_id: operation.operation_id.clone(),
            request_name,
            client_method,
            method: operation.method,
            path: operation.path.clone(),
            summary,
            description: operation.description.clone(),
            idempotent: operation.idempotent || operation.method == HttpMethod::Get,
            authenticated: operation.authenticated,
            fields,
            response,
            request_examples,
            response_examples,
        })
    }

    /// The `data` type of a response schema `allOf: [{$ref: Envelope}, {properties: {data: ...}}]`.
    fn envelope_payload(&mut self, schema: &Schema) -> Ty {
        const SHAPE: &str = "the 200 answer must be the envelope: allOf [{\"$ref\": <the x-envelope schema>}, {\"properties\": {\"data\": ...}}]";
        if matches!(schema.kind, Kind::Invalid) {
            return Ty::Invalid;
        }
        let Kind::AllOf(parts) = &schema.kind else {
            self.diags.error(&schema.pointer, SHAPE);
            return Ty::Invalid;
        };
        let envelope_ref = parts.iter().any(|part| matches!(&part.kind, Kind::Ref(target) if self.component(target).is_some_and(|c| c.envelope)));
        let data = parts.iter().find_map(|part| match &part.kind {
            Kind::Object { properties, .. } if properties.len() == 1 => properties
                .iter()
                .find(|(name, _)| name == "data")
                .map(|(_, s)| s),
            _ => None,
        });
        match (envelope_ref, data, parts.len()) {
            (true, Some(data), 2) => self.ty(data),
            _ => {
                self.diags.error(&schema.pointer, SHAPE);
                Ty::Invalid
            }
        }
    }

    fn webhook(&mut self, webhook: &spec::Webhook, ir: &mut Ir) -> Option<Webhook> {
        let summary = match &webhook.summary {
            Some(summary) => summary.clone(),
            None => {
                self.diags.error(&webhook.pointer, "webhook has no summary");
                String::new()
            }
        };
        let body = webhook.body.as_ref()?;
        let Kind::Ref(target) = &body.schema.kind else {
            if !matches!(body.schema.kind, Kind::Invalid) {
                self.diags.error(
                    &body.schema.pointer,
                    "a webhook payload must be a $ref to an object schema",
                );
            }
            return None;
        };
        let payload = names::type_name(target);
        let Some(TypeDef::Struct(def)) = ir.types.iter_mut().find(|def| def.name() == payload)
        else {
            self.diags.error(
                &body.schema.pointer,
                format!("webhook payload `{target}` is not an object schema"),
            );
            return None;
        };
        if let Some(other) = &def.webhook {
            self.diags.error(&body.schema.pointer, format!("`{target}` is already the payload of webhook `{other}`; each webhook needs its own schema"));
            return None;
        }
        def.webhook = Some(webhook.name.clone());
        // The payload's docs say how it arrives, from the webhook's own page.
        def.description = format!(
            "{}\n\nThe body of the webhook `{}`: {}",
            def.description.trim(),
            webhook.name,
            summary.trim()
        );
        if let Some(description) = &webhook.description {
            def.description = format!("{}\n\n{}", def.description, description.trim());
        }
        let ack = webhook.response.as_ref().map(|media| {
            (
                self.ty(&media.schema),
                media.examples.iter().map(example).collect(),
            )
        });
        Some(Webhook {
            name: webhook.name.clone(),
            summary,
            payload,
            examples: body.examples.iter().map(example).collect(),
            ack,
        })
    }

    fn component(&self, name: &str) -> Option<&'s Schema> {
        let spec: &'s Spec = self.spec;
        spec.schemas
            .iter()
            .find(|named| named.name == name)
            .map(|named| &named.schema)
    }

    fn description(&mut self, schema: &Schema) -> String {
        match &schema.description {
            Some(description) => description.clone(),
            None => {
                self.diags.error(
                    &schema.pointer,
                    "missing description (every generated item is documented)",
                );
                String::new()
            }
        }
    }
}

fn example(example: &spec::Example) -> Example {
    Example {
        pointer: example.pointer.clone(),
        value: example.value.clone(),
    }
}
