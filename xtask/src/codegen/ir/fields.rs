//! Lowering of members: the fields of an object schema (allOf parts flattened, additional
//! members, names that collide), and the Rust type of a member's schema with its optionality,
//! nullability, tolerance and the notes its annotations add to rustdoc.

use super::lower::Lowering;
use super::model::*;
use crate::codegen::diagnostics::Pointer;
use crate::codegen::json::Json;
use crate::codegen::names;
use crate::codegen::spec::{self, EnumSchema, Kind, Schema};

impl Lowering<'_, '_> {
    /// The fields of an object schema (`allOf` parts flattened into one flat list) and the
    /// type of its additional members.
    pub(super) fn struct_fields(
        &mut self,
        schema: &Schema,
        stack: &mut Vec<String>,
        payload: Option<&str>,
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
                        self.field(wire, property, required.contains(wire), payload)
                    })
                    .collect();
                let additional = additional.as_deref().map(|values| self.ty(values));
                // Every struct has `extra`, documented or not.
                self.check_field_names(&fields, true, &schema.pointer);
                (fields, additional)
            }
            Kind::AllOf(parts) => {
                let mut fields: Vec<Field> = Vec::new();
                let mut additional = None;
                for part in parts {
                    let (part_fields, part_additional) = match &part.kind {
                        Kind::Ref(target) => self.referenced_fields(target, &part.pointer, stack),
                        Kind::Object { .. } => self.struct_fields(part, stack, None),
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
                self.check_field_names(&fields, true, &schema.pointer);
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
        if !matches!(schema.kind, Kind::Object { .. } | Kind::AllOf(_)) || schema.envelope.is_some()
        {
            if !matches!(schema.kind, Kind::Invalid) {
                self.diags.error(
                    pointer,
                    format!("allOf part `{target}` is not an object schema"),
                );
            }
            return (Vec::new(), None);
        }
        stack.push(target.to_owned());
        let fields = self.struct_fields(schema, stack, None);
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
        payload: Option<&str>,
    ) -> Option<Field> {
        let ty = if payload == Some(wire) && matches!(schema.kind, Kind::Any) {
            Ty::Payload
        } else {
            self.ty(schema)
        };
        let rust_name = schema
            .rust_name
            .clone()
            .unwrap_or_else(|| names::field_name(wire));
        if schema.rust_name.is_some() && rust_name.chars().any(|c| c.is_ascii_uppercase()) {
            self.diags.error(
                &schema.pointer.join("x-rust-name"),
                format!("x-rust-name `{rust_name}` of a property is a field name: write it in snake_case"),
            );
            return None;
        }
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
                    source: spec::Source::Captured,
                },
            ));
        }
    }

    /// A non-nullable array or map, through aliases: what `null` decodes as empty for.
    fn is_collection(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Vec(_) | Ty::Map(_) => true,
            Ty::Named(name) => self.spec.schemas.iter().any(|named| {
                names::component_type_name(named) == *name
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
    pub(super) fn kind_ty(&mut self, schema: &Schema) -> Ty {
        match &schema.kind {
            Kind::Ref(target) => self.reference(target, &schema.pointer),
            Kind::String { format } => match format {
                Some(format) if format.name == "password" => Ty::Secret,
                _ => Ty::String,
            },
            Kind::Integer { format } => {
                match format.as_ref().map(|f| f.name.as_str()) {
                    Some("int32") => Ty::I32,
                    Some("int64") => Ty::I64,
                    // JSON Schema bounds an integer without a format by nothing; the SDK reads 64
                    // bits. The spec says the range, so other tools allow what the SDK accepts.
                    None => {
                        self.diags.error(&schema.pointer, "an integer without a format has no bound, and the SDK reads 64 bits: write \"format\": \"int64\" (or \"int32\")");
                        Ty::Invalid
                    }
                    Some(other) => {
                        let pointer = format.as_ref().map_or(&schema.pointer, |f| &f.pointer);
                        self.diags.error(pointer, format!("unsupported format `{other}` for type integer; write int32 or int64"));
                        Ty::Invalid
                    }
                }
            }
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
        if component.envelope.is_some() {
            self.diags
                .error(pointer, "the envelope can only wrap an operation's answer");
            return Ty::Invalid;
        }
        match component.kind {
            Kind::Invalid | Kind::Null => Ty::Invalid,
            _ => {
                let named = Ty::Named(self.type_name_of(target));
                if component.nullable {
                    Ty::Nullable(Box::new(named))
                } else {
                    named
                }
            }
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
pub(super) fn annotation_notes(schema: &Schema) -> String {
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
