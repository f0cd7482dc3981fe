//! Checks every example of the spec against the generated types: what the examples show is what
//! the types must decode, so a mismatch is a spec bug reported at the offending value.

use super::diagnostics::{Diagnostics, Pointer};
use super::ir::{Example, Field, Ir, Location, Ty, TypeDef};
use super::json::Json;

/// Validates request, response and webhook examples, reporting each mismatch at its pointer.
pub fn check(ir: &Ir, diags: &mut Diagnostics) {
    let checker = Checker { ir };
    for operation in &ir.operations {
        let body: Vec<&Field> = operation
            .fields
            .iter()
            .filter(|f| f.location == Location::Body)
            .map(|f| &f.field)
            .collect();
        for example in &operation.request_examples {
            checker.fields(&body, &example.value, &example.pointer, &Ty::Invalid, diags);
        }
        for example in &operation.response_examples {
            checker.envelope(example, &operation.response, diags);
        }
    }
    for webhook in &ir.webhooks {
        let payload = Ty::Named(webhook.payload.clone());
        for example in &webhook.examples {
            checker.value(
                &payload,
                &example.value,
                &example.pointer,
                &Ty::Invalid,
                diags,
            );
        }
        if let Some((ty, examples)) = &webhook.ack {
            for example in examples {
                checker.value(ty, &example.value, &example.pointer, &Ty::Invalid, diags);
            }
        }
    }
}

struct Checker<'ir> {
    ir: &'ir Ir,
}

impl Checker<'_> {
    fn envelope(&self, example: &Example, payload: &Ty, diags: &mut Diagnostics) {
        match self.ir.envelope() {
            Some(envelope) => {
                let fields: Vec<&Field> = envelope.fields.iter().collect();
                self.fields(&fields, &example.value, &example.pointer, payload, diags);
            }
            None => diags.error(
                &example.pointer,
                "no schema sets x-envelope, so answers cannot be checked",
            ),
        }
    }

    /// `payload` is what [`Ty::Payload`] stands for inside an envelope.
    fn value(
        &self,
        ty: &Ty,
        value: &Json,
        pointer: &Pointer,
        payload: &Ty,
        diags: &mut Diagnostics,
    ) {
        let mismatch = |diags: &mut Diagnostics, expected: &str| {
            diags.error(
                pointer,
                format!("expected {expected}, found {}", describe(value)),
            );
        };
        match (ty, value) {
            (Ty::Invalid, _) => {}
            (Ty::Payload, _) => self.value(payload, value, pointer, &Ty::Invalid, diags),
            (Ty::String | Ty::Secret, Json::String(_)) | (Ty::Bool, Json::Bool(_)) => {}
            (Ty::String | Ty::Secret, _) => mismatch(diags, "string"),
            (Ty::Bool, _) => mismatch(diags, "boolean"),
            (Ty::I32, Json::Number(n)) if n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) => {}
            (Ty::I32, _) => mismatch(diags, "integer (int32)"),
            (Ty::I64, Json::Number(n)) if n.as_i64().is_some() => {}
            (Ty::I64, _) => mismatch(diags, "integer (int64)"),
            (Ty::F64 | Ty::Decimal, Json::Number(_)) => {}
            (Ty::F64 | Ty::Decimal, _) => mismatch(diags, "number"),
            (Ty::Vec(items), Json::Array(values)) => {
                for (index, item) in values.iter().enumerate() {
                    self.value(items, item, &pointer.join(index), payload, diags);
                }
            }
            (Ty::Vec(_), _) => mismatch(diags, "array"),
            (Ty::Map(values), Json::Object(entries)) => {
                for (key, item) in entries {
                    self.value(values, item, &pointer.join(key), payload, diags);
                }
            }
            (Ty::Map(_), _) => mismatch(diags, "object"),
            (Ty::Named(name), _) => match self.ir.type_def(name) {
                Some(TypeDef::Struct(def)) => {
                    let fields: Vec<&Field> = def.fields.iter().collect();
                    self.fields(&fields, value, pointer, payload, diags);
                }
                Some(TypeDef::Enum(def)) => match value {
                    Json::String(s)
                        if def
                            .variants
                            .iter()
                            .any(|v| v.wire == *s || v.aliases.contains(s)) => {}
                    Json::String(s) => {
                        let known: Vec<&str> =
                            def.variants.iter().map(|v| v.wire.as_str()).collect();
                        diags.error(
                            pointer,
                            format!(
                                "`{s}` is not a value of `{}` ({}); add it to the enum",
                                def.spec_name,
                                known.join(", ")
                            ),
                        );
                    }
                    _ => mismatch(diags, "string"),
                },
                None => {}
            },
        }
    }

    fn fields(
        &self,
        fields: &[&Field],
        value: &Json,
        pointer: &Pointer,
        payload: &Ty,
        diags: &mut Diagnostics,
    ) {
        let Json::Object(entries) = value else {
            diags.error(
                pointer,
                format!("expected object, found {}", describe(value)),
            );
            return;
        };
        for field in fields.iter().filter(|f| f.required) {
            let present = entries
                .iter()
                .any(|(k, _)| *k == field.wire_name || field.aliases.contains(k));
            if !present {
                diags.error(
                    pointer,
                    format!("missing required property `{}`", field.wire_name),
                );
            }
        }
        for (key, item) in entries {
            match fields.iter().find(|f| f.wire_name == *key || f.aliases.contains(key)) {
                Some(field) if !field.required && matches!(item, Json::Null) => diags.error(
                    &pointer.join(key),
                    format!("optional property `{key}` is null; leave it out (null is not part of the schema)"),
                ),
                Some(field) => self.value(&field.ty, item, &pointer.join(key), payload, diags),
                None => diags.error(&pointer.join(key), format!("property `{key}` is not in the schema")),
            }
        }
    }
}

fn describe(value: &Json) -> String {
    match value {
        Json::String(s) => format!("string \"{s}\""),
        Json::Number(n) => format!("{} {n}", value.kind()),
        Json::Bool(b) => format!("boolean {b}"),
        other => other.kind().to_owned(),
    }
}
