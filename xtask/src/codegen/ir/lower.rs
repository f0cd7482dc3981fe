//! The lowering's entry point and its state (the namespaces every name is claimed in), and the
//! lowering of component schemas into type definitions: structs, open enums, aliases (members and
//! their types are in `fields.rs`, unions in `unions.rs`, operations and webhooks in
//! `operations.rs`).

use super::cycles;
use super::fields::annotation_notes;
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
        types: Namespace::new(
            "Rust type",
            "give it another Rust name with x-rust-name",
            "give one of them another Rust name with x-rust-name",
        )
        .reserve(names::RESERVED_TYPE_NAMES, "airudder-models")
        .reserve(names::PRELUDE_TYPE_NAMES, "the standard prelude"),
        methods: Namespace::new(
            "client method",
            "rename the operation",
            "rename one of the operations",
        )
        .reserve(names::RESERVED_CLIENT_METHODS, "airudder-client"),
        variants: Namespace::new(
            "Notification variant",
            "rename the webhook",
            "rename one of the webhooks",
        ),
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
        for method in ["call_json", "stream_json", "stream_raw"] {
            self.methods.claim(
                method,
                "the generated dynamic entry points",
                &root,
                self.diags,
            );
        }
        for named in &self.spec.schemas {
            if let Some(def) = self.type_def(named) {
                ir.types.push(def);
            }
        }
        let marked = self
            .spec
            .schemas
            .iter()
            .any(|named| named.schema.envelope.is_some());
        if !marked && !self.spec.operations.is_empty() {
            self.diags.error(&root.join("components").join("schemas"), "no schema sets x-envelope: mark the wrapper of the answers with `\"x-envelope\": {\"payload\": \"data\", \"success\": {\"code\": 200, \"status\": \"OK\"}}`");
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
        ir.token_schemes = self.token_schemes(&ir);
        ir.default_token = self.default_token();
        cycles::box_cycles(&mut ir, self.spec, self.diags);
        ir.annotation_values = std::mem::take(&mut self.annotation_values);
        ir
    }

    fn type_def(&mut self, named: &spec::NamedSchema) -> Option<TypeDef> {
        let (spec_name, schema) = (named.name.as_str(), &named.schema);
        let name = names::component_type_name(named);
        if schema.rust_name.is_some() && !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            self.diags.error(
                &schema.pointer.join("x-rust-name"),
                format!(
                    "x-rust-name `{name}` of a component is a type name: write it in UpperCamelCase"
                ),
            );
            return None;
        }
        if !self
            .types
            .claim(&name, spec_name, &schema.pointer, self.diags)
        {
            return None;
        }
        let description = self.component_description(spec_name, schema);
        match &schema.kind {
            _ if schema.envelope.is_some() && !matches!(schema.kind, Kind::Object { .. }) => {
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
            } if properties.is_empty() && schema.envelope.is_none() => Some(TypeDef::Alias(
                self.alias_def(name, spec_name, description, schema),
            )),
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
            _ => Some(TypeDef::Alias(self.alias_def(
                name,
                spec_name,
                description,
                schema,
            ))),
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
        let declared = schema.envelope.as_ref().and_then(|mark| mark.declared());
        let payload = declared.map(|envelope| envelope.payload.as_str());
        let (fields, additional) = self.struct_fields(schema, &mut stack, payload);
        let envelope = declared
            .and_then(|envelope| self.envelope_def(envelope, &fields))
            .map(Box::new);
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
            envelope,
            webhook: None,
            header_name,
        }
    }

    /// A component of a plain type. The alias is of the value's type: a nullable component is
    /// `Option` where it is used.
    fn alias_def(
        &mut self,
        name: String,
        spec_name: &str,
        description: String,
        schema: &Schema,
    ) -> AliasDef {
        AliasDef {
            name,
            spec_name: spec_name.to_owned(),
            description: format!("{description}{}", annotation_notes(schema)),
            ty: self.kind_ty(schema),
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

    /// The Rust type name of the component `name` (its `x-rust-name`, or derived).
    pub(super) fn type_name_of(&self, name: &str) -> String {
        self.spec
            .schemas
            .iter()
            .find(|named| named.name == name)
            .map_or_else(|| names::type_name(name), names::component_type_name)
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
