//! Lowering of the spec's component schemas and member types into the IR: structs (allOf parts
//! flattened), open enums, aliases, field types with their optionality, nullability and
//! tolerance. Operations and webhooks are in `operations.rs`, unions in `unions.rs`.

use super::cycles;
use super::model::*;
use crate::codegen::diagnostics::{Diagnostics, Pointer};
use crate::codegen::json::Json;
use crate::codegen::names::{self, Namespace};
use crate::codegen::spec::{self, EnumSchema, Kind, Schema, Spec};

/// Lowers `spec` to the IR, reporting naming and typing problems to `diags`.
pub fn lower(spec: &Spec, diags: &mut Diagnostics) -> Ir {
    let mut lowering = Lowering {
        spec,
        diags,
        types: Namespace::new("Rust type", names::RESERVED_TYPE_NAMES, "airudder-models"),
        methods: Namespace::new(
            "client method",
            names::RESERVED_CLIENT_METHODS,
            "airudder-client",
        ),
        variants: Namespace::new("Notification variant", &[], "airudder-models"),
        annotation_values: Vec::new(),
    };
    lowering.lower()
}

pub(super) struct Lowering<'s, 'd> {
    pub(super) spec: &'s Spec,
    pub(super) diags: &'d mut Diagnostics,
    /// The Rust types of airudder-models' root, generated or written by hand.
    pub(super) types: Namespace,
    /// The methods of `airudder_client::Client`.
    pub(super) methods: Namespace,
    /// The variants of the generated `Notification`.
    pub(super) variants: Namespace,
    /// `default` and `examples` values of members, to check against their types.
    pub(super) annotation_values: Vec<(Ty, spec::Example)>,
}

impl<'s> Lowering<'s, '_> {
    fn lower(&mut self) -> Ir {
        let mut ir = Ir::default();
        let root = Pointer::root();
        // Names the emitters generate besides the spec's own.
        self.types.claim(
            "Notification",
            "the generated Notification enum",
            &root,
            self.diags,
        );
        for method in ["call_json", "stream_json"] {
            self.methods.claim(
                method,
                "the generated dynamic entry points",
                &root,
                self.diags,
            );
        }
        for named in &self.spec.schemas {
            if let Some(def) = self.type_def(&named.name, &named.schema) {
                ir.types.push(def);
            }
        }
        let envelopes = ir
            .types
            .iter()
            .filter(|def| matches!(def, TypeDef::Struct(s) if s.envelope))
            .count();
        let schemas_ptr = root.join("components").join("schemas");
        if envelopes > 1 {
            self.diags
                .error(&schemas_ptr, "more than one schema sets x-envelope");
        }
        if envelopes == 0 && !self.spec.operations.is_empty() {
            self.diags.error(&schemas_ptr, "no schema sets x-envelope: mark the `{data, status, code}` wrapper of every answer with `\"x-envelope\": true`");
        }
        for operation in &self.spec.operations {
            if let Some(operation) = self.operation(operation, &ir) {
                ir.operations.push(operation);
            }
        }
        for webhook in &self.spec.webhooks {
            if let Some(webhook) = self.webhook(webhook, &mut ir) {
                ir.webhooks.push(webhook);
            }
        }
        cycles::box_cycles(&mut ir, self.spec, self.diags);
        ir.annotation_values = std::mem::take(&mut self.annotation_values);
        ir
    }

    fn type_def(&mut self, spec_name: &str, schema: &Schema) -> Option<TypeDef> {
        let name = names::type_name(spec_name);
        if !self
            .types
            .claim(&name, spec_name, &schema.pointer, self.diags)
        {
            return None;
        }
        let description = self.component_description(spec_name, schema);
        match &schema.kind {
            _ if schema.envelope && !matches!(schema.kind, Kind::Object { .. }) => {
                self.diags.error(
                    &schema.pointer,
                    "x-envelope is only meaningful on an object schema",
                );
                None
            }
            Kind::Enum(enumeration) => Some(TypeDef::Enum(self.enum_def(
                name,
                spec_name,
                description,
                enumeration,
                &schema.pointer,
            ))),
            // A map: members of one type, none named.
            Kind::Object {
                properties,
                additional: Some(_),
                ..
            } if properties.is_empty() && !schema.envelope => {
                let ty = self.kind_ty(schema);
                Some(TypeDef::Alias(AliasDef {
                    name,
                    spec_name: spec_name.to_owned(),
                    description: format!("{description}{}", annotation_notes(schema)),
                    ty,
                }))
            }
            Kind::Object { .. } | Kind::AllOf(_) => Some(TypeDef::Struct(self.struct_def(
                name,
                spec_name,
                description,
                schema,
            ))),
            Kind::OneOf {
                variants,
                discriminator,
            } => self
                .union_def(
                    name,
                    spec_name,
                    description,
                    variants,
                    discriminator.as_ref(),
                    &schema.pointer,
                )
                .map(TypeDef::Union),
            Kind::Invalid => None,
            Kind::Null => {
                self.diags.error(&schema.pointer, "a component that is always null has no use; reference `{}` (any JSON) where it is used");
                None
            }
            _ => {
                // The alias is of the value's type; a nullable component is `Option` where used.
                let ty = self.kind_ty(schema);
                Some(TypeDef::Alias(AliasDef {
                    name,
                    spec_name: spec_name.to_owned(),
                    description: format!("{description}{}", annotation_notes(schema)),
                    ty,
                }))
            }
        }
    }

    fn struct_def(
        &mut self,
        name: String,
        spec_name: &str,
        description: String,
        schema: &Schema,
    ) -> StructDef {
        let mut stack = vec![spec_name.to_owned()];
        let (fields, additional) = self.struct_fields(schema, &mut stack, schema.envelope);
        let large_arrays = fields.iter().filter(|f| f.large_array).count();
        if large_arrays > 1 {
            self.diags.error(
                &schema.pointer,
                "more than one x-large-array field; a streamed answer has one array of rows",
            );
        }
        let header_name = (large_arrays == 1)
            .then(|| format!("{name}Header"))
            .filter(|header| {
                self.types.claim(
                    header,
                    &format!("{spec_name} (its streaming header)"),
                    &schema.pointer,
                    self.diags,
                )
            });
        StructDef {
            name,
            spec_name: spec_name.to_owned(),
            description,
            fields,
            additional,
            envelope: schema.envelope,
            webhook: None,
            header_name,
        }
    }

    fn enum_def(
        &mut self,
        name: String,
        spec_name: &str,
        description: String,
        enumeration: &EnumSchema,
        pointer: &Pointer,
    ) -> EnumDef {
        let mut variants: Vec<Variant> = Vec::new();
        for (index, wire) in enumeration.values.iter().enumerate() {
            let value_ptr = pointer.join("enum").join(index);
            let derived = match wire {
                Json::String(text) => names::variant_name(text),
                Json::Number(n) if n.as_i64().is_some_and(|n| n < 0) => {
                    format!("Minus{}", n.as_i64().unwrap_or_default().unsigned_abs())
                }
                other => names::variant_name(&other.to_value().to_string()),
            };
            let rust_name = enumeration
                .variant_names
                .get(index)
                .cloned()
                .unwrap_or(derived);
            if rust_name == "Other" {
                self.diags.error(
                    &value_ptr,
                    "the value `Other` collides with the catch-all variant for unknown values; name it with x-enum-varnames",
                );
                continue;
            }
            if !names::is_identifier(&rust_name) {
                self.diags.error(
                    &value_ptr,
                    format!("the value gives the variant `{rust_name}`, which is not a Rust identifier; name it with x-enum-varnames"),
                );
                continue;
            }
            if let Some(first) = variants.iter().find(|v| v.rust_name == rust_name) {
                self.diags.error(
                    &value_ptr,
                    format!(
                        "the values {} and {} both map to the variant `{rust_name}`; name them with x-enum-varnames",
                        first.wire.to_value(),
                        wire.to_value()
                    ),
                );
                continue;
            }
            let aliases = match wire {
                Json::String(text) => enumeration
                    .aliases
                    .iter()
                    .filter(|(value, _)| value == text)
                    .flat_map(|(_, spellings)| spellings.clone())
                    .collect(),
                _ => Vec::new(),
            };
            variants.push(Variant {
                wire: wire.clone(),
                rust_name,
                aliases,
            });
        }
        let spellings: Vec<&String> = variants.iter().flat_map(|v| &v.aliases).collect();
        for (index, spelling) in spellings.iter().enumerate() {
            let is_value = variants
                .iter()
                .any(|v| v.wire.as_str() == Some(spelling.as_str()));
            if is_value || spellings[..index].contains(spelling) {
                self.diags.error(
                    &pointer.join("x-enum-aliases"),
                    format!("the spelling `{spelling}` would decode into two values; keep it once"),
                );
            }
        }
        EnumDef {
            name,
            spec_name: spec_name.to_owned(),
            description,
            base: enumeration.base,
            variants,
        }
    }

    /// The fields of an object schema (`allOf` parts flattened into one flat list) and the
    /// type of its additional members.
    pub(super) fn struct_fields(
        &mut self,
        schema: &Schema,
        stack: &mut Vec<String>,
        envelope: bool,
    ) -> (Vec<Field>, Option<Ty>) {
        match &schema.kind {
            Kind::Object {
                properties,
                required,
                additional,
            } => {
                let fields: Vec<Field> = properties
                    .iter()
                    .filter_map(|(wire, property)| {
                        self.field(wire, property, required.contains(wire), envelope)
                    })
                    .collect();
                let additional = additional.as_deref().map(|values| self.ty(values));
                self.check_field_names(&fields, additional.is_some(), &schema.pointer);
                (fields, additional)
            }
            Kind::AllOf(parts) => {
                let mut fields: Vec<Field> = Vec::new();
                let mut additional = None;
                for part in parts {
                    let (part_fields, part_additional) = match &part.kind {
                        Kind::Ref(target) => self.referenced_fields(target, &part.pointer, stack),
                        Kind::Object { .. } => self.struct_fields(part, stack, false),
                        Kind::Invalid => continue,
                        _ => {
                            self.diags.error(&part.pointer, "an allOf part must be a $ref to an object schema or an inline object");
                            continue;
                        }
                    };
                    additional = additional.or(part_additional);
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
                self.check_field_names(&fields, additional.is_some(), &schema.pointer);
                (fields, additional)
            }
            _ => (Vec::new(), None),
        }
    }

    fn referenced_fields(
        &mut self,
        target: &str,
        pointer: &Pointer,
        stack: &mut Vec<String>,
    ) -> (Vec<Field>, Option<Ty>) {
        if stack.iter().any(|name| name == target) {
            self.diags
                .error(pointer, format!("allOf cycle through `{target}`"));
            return (Vec::new(), None);
        }
        let Some(schema) = self.component(target) else {
            return (Vec::new(), None);
        };
        if !matches!(schema.kind, Kind::Object { .. } | Kind::AllOf(_)) || schema.envelope {
            if !matches!(schema.kind, Kind::Invalid) {
                self.diags.error(
                    pointer,
                    format!("allOf part `{target}` is not an object schema"),
                );
            }
            return (Vec::new(), None);
        }
        stack.push(target.to_owned());
        let fields = self.struct_fields(schema, stack, false);
        stack.pop();
        fields
    }

    /// Two fields with one Rust name, one wire spelling decoding into two fields, or a field
    /// taking the name of the additional members.
    pub(super) fn check_field_names(&mut self, fields: &[Field], extra: bool, pointer: &Pointer) {
        for (index, field) in fields.iter().enumerate() {
            if let Some(first) = fields[..index]
                .iter()
                .find(|f| f.rust_name == field.rust_name)
            {
                self.diags.error(pointer, format!("properties `{}` and `{}` both map to the Rust field `{}`; set x-rust-name on one", first.wire_name, field.wire_name, field.rust_name));
            }
            for alias in &field.aliases {
                let taken = fields.iter().enumerate().any(|(other, f)| {
                    f.wire_name == *alias || (other != index && f.aliases.contains(alias))
                });
                if taken {
                    self.diags.error(
                        pointer,
                        format!("the alias `{alias}` of `{}` is also the spelling of another property; keep it on one", field.wire_name),
                    );
                }
            }
            if extra && field.rust_name == EXTRA_FIELD {
                self.diags.error(pointer, format!("property `{}` takes the Rust name `{EXTRA_FIELD}` of the additional members; set x-rust-name", field.wire_name));
            }
        }
    }

    pub(super) fn field(
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
        for annotation in &schema.annotations {
            self.annotation_values(annotation, &ty);
        }
        let null_as_empty = required && self.is_collection(&ty);
        // A bare `$ref` is described by the schema it names.
        let referenced = match &schema.kind {
            Kind::Ref(target) => self.component(target).and_then(|c| c.description.clone()),
            _ => None,
        };
        let description = match schema.description.clone().or(referenced) {
            Some(description) => description,
            None => format!("The member `{wire}` (the page gives no description)."),
        };
        Some(Field {
            large_array: schema.large_array,
            wire_name: wire.to_owned(),
            rust_name,
            aliases: schema.aliases.clone(),
            ty,
            required,
            null_as_empty,
            constant: constant(schema),
            description: format!("{description}{}", annotation_notes(schema)),
        })
    }

    /// Records the values of `default` and `examples` to be checked like examples.
    fn annotation_values(&mut self, annotation: &spec::Annotation, ty: &Ty) {
        let values: Vec<(Pointer, &Json)> = match (annotation.keyword.as_str(), &annotation.value) {
            ("default" | "example", value) => vec![(annotation.pointer.clone(), value)],
            ("examples", Json::Array(values)) => values
                .iter()
                .enumerate()
                .map(|(index, value)| (annotation.pointer.join(index), value))
                .collect(),
            ("examples", other) => {
                self.diags.error(
                    &annotation.pointer,
                    format!(
                        "expected an array of example values, found {}",
                        other.kind()
                    ),
                );
                Vec::new()
            }
            _ => Vec::new(),
        };
        for (pointer, value) in values {
            self.annotation_values.push((
                ty.clone(),
                spec::Example {
                    pointer,
                    value: value.clone(),
                    cut: false,
                },
            ));
        }
    }

    /// A non-nullable array or map, through aliases: what `null` decodes as empty for.
    fn is_collection(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Vec(_) | Ty::Map(_) => true,
            Ty::Named(name) => self.spec.schemas.iter().any(|named| {
                names::type_name(&named.name) == *name
                    && !named.schema.nullable
                    && match &named.schema.kind {
                        Kind::Array(_) => true,
                        Kind::Object { properties, .. } => properties.is_empty(),
                        _ => false,
                    }
            }),
            _ => false,
        }
    }

    /// The Rust type of a member's schema, `null` included when the schema allows it.
    pub(super) fn ty(&mut self, schema: &Schema) -> Ty {
        let ty = self.kind_ty(schema);
        if schema.nullable && !matches!(ty, Ty::Any | Ty::Invalid | Ty::Nullable(_)) {
            Ty::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// The Rust type of a schema's shape, without its nullability.
    fn kind_ty(&mut self, schema: &Schema) -> Ty {
        match &schema.kind {
            Kind::Ref(target) => self.reference(target, &schema.pointer),
            Kind::String { format } => match format {
                Some(format) if format.name == "password" => Ty::Secret,
                _ => Ty::String,
            },
            Kind::Integer { format } => match format.as_ref().map(|f| f.name.as_str()) {
                Some("int32") => Ty::I32,
                None | Some("int64") => Ty::I64,
                Some(other) => {
                    let pointer = format.as_ref().map_or(&schema.pointer, |f| &f.pointer);
                    self.diags.error(pointer, format!("unsupported format `{other}` for type integer; write int32, int64, or no format (a 64-bit integer)"));
                    Ty::Invalid
                }
            },
            Kind::Number { format } => match format.as_ref().map(|f| f.name.as_str()) {
                Some("decimal") => Ty::Decimal,
                None | Some("double") | Some("float") => Ty::F64,
                Some(other) => {
                    let pointer = format.as_ref().map_or(&schema.pointer, |f| &f.pointer);
                    self.diags.error(pointer, format!("unsupported format `{other}` for type number; write decimal (kept as written: money), double, float, or no format"));
                    Ty::Invalid
                }
            },
            Kind::Boolean => Ty::Bool,
            // Always null on the page: any JSON keeps whatever comes instead.
            Kind::Null | Kind::Any => Ty::Any,
            Kind::Const(value) => const_ty(value),
            Kind::Array(items) => Ty::Vec(Box::new(self.ty(items))),
            Kind::Object {
                properties,
                additional,
                ..
            } if properties.is_empty() => Ty::Map(Box::new(match additional {
                Some(values) => self.ty(values),
                None => Ty::Any,
            })),
            Kind::Object { .. } => {
                self.diags.error(
                    &schema.pointer,
                    "inline object schema; move it to components/schemas and use $ref",
                );
                Ty::Invalid
            }
            Kind::Enum(enumeration) if enumeration.values.len() == 1 => {
                const_ty(&enumeration.values[0])
            }
            Kind::Enum(_) => {
                self.diags.error(
                    &schema.pointer,
                    "inline enum; move it to components/schemas and use $ref",
                );
                Ty::Invalid
            }
            Kind::AllOf(parts) => match parts.as_slice() {
                [only] if matches!(only.kind, Kind::Ref(_)) => self.ty(only),
                _ => {
                    self.diags.error(
                        &schema.pointer,
                        "an allOf of several parts is only supported at the top of a component schema; move it to components/schemas and use $ref",
                    );
                    Ty::Invalid
                }
            },
            Kind::OneOf { .. } => {
                self.diags.error(
                    &schema.pointer,
                    "inline oneOf; move it to components/schemas and use $ref (a oneOf of one schema and null can stay inline)",
                );
                Ty::Invalid
            }
            Kind::Invalid => Ty::Invalid,
        }
    }

    fn reference(&mut self, target: &str, pointer: &Pointer) -> Ty {
        let Some(component) = self.component(target) else {
            return Ty::Invalid;
        };
        if component.envelope {
            self.diags
                .error(pointer, "the envelope can only wrap an operation's answer");
            return Ty::Invalid;
        }
        match component.kind {
            Kind::Invalid | Kind::Null => Ty::Invalid,
            _ => {
                let named = Ty::Named(names::type_name(target));
                if component.nullable {
                    Ty::Nullable(Box::new(named))
                } else {
                    named
                }
            }
        }
    }

    pub(super) fn component(&self, name: &str) -> Option<&'s Schema> {
        let spec: &'s Spec = self.spec;
        spec.schemas
            .iter()
            .find(|named| named.name == name)
            .map(|named| &named.schema)
    }

    fn component_description(&mut self, spec_name: &str, schema: &Schema) -> String {
        match &schema.description {
            Some(description) => description.clone(),
            None => format!("The schema `{spec_name}` (the page gives no description)."),
        }
    }
}

/// The value type of a `const` (or one-value enum).
fn const_ty(value: &Json) -> Ty {
    match value {
        Json::String(_) => Ty::String,
        Json::Bool(_) => Ty::Bool,
        Json::Number(n) if n.is_i64() => Ty::I64,
        Json::Number(_) => Ty::F64,
        _ => Ty::Any,
    }
}

/// The only value of a `const` member or a one-value `enum`.
pub(super) fn constant(schema: &Schema) -> Option<Json> {
    match &schema.kind {
        Kind::Const(value) => Some(value.clone()),
        Kind::Enum(EnumSchema { values, .. }) if values.len() == 1 => Some(values[0].clone()),
        _ => None,
    }
}

/// Rustdoc sentences for what a schema documents besides its description: the format, the
/// constant, the default and the limits, none of which is enforced.
fn annotation_notes(schema: &Schema) -> String {
    let mut notes = Vec::new();
    if let Kind::String {
        format: Some(format),
    } = &schema.kind
    {
        if format.name != "password" {
            notes.push(format!(
                "Format: `{}` (documentation only: any string decodes).",
                format.name
            ));
        }
    }
    if let Some(value) = constant(schema) {
        notes.push(format!("Always `{}`.", value.to_value()));
    }
    let mut limits = Vec::new();
    for annotation in &schema.annotations {
        let value = annotation.value.to_value();
        match annotation.keyword.as_str() {
            "default" => notes.push(format!("Default: `{value}`.")),
            "deprecated" if value == serde_json::Value::Bool(true) => {
                notes.push("Deprecated on the page.".to_owned())
            }
            "readOnly" if value == serde_json::Value::Bool(true) => {
                notes.push("Read-only: set by AiRudder.".to_owned())
            }
            "writeOnly" if value == serde_json::Value::Bool(true) => {
                notes.push("Write-only: never sent back by AiRudder.".to_owned())
            }
            "example" => notes.push(format!("Example: `{value}`.")),
            "examples" => notes.push(format!("Examples: `{value}`.")),
            "$comment" | "deprecated" | "readOnly" | "writeOnly" => {}
            keyword => limits.push(format!("{keyword} `{value}`")),
        }
    }
    if !limits.is_empty() {
        notes.push(format!(
            "Documented limits (not enforced): {}.",
            limits.join(", ")
        ));
    }
    if notes.is_empty() {
        String::new()
    } else {
        format!("\n\n{}", notes.join(" "))
    }
}
