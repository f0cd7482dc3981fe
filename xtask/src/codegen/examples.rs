//! Checks every example of the spec (and every `default` and `examples` value of a member)
//! against the generated types: what the pages show is what the types must decode, so a
//! mismatch is a spec bug reported at the offending value. A cut example (`x-cut`) is checked
//! for what it shows, not for the required members it lacks; the examples of an undocumented
//! answer are not checked (there is nothing to check them against).

use super::diagnostics::{Diagnostics, Pointer};
use super::ir::{Field, Ir, Location, Ty, TypeDef};
use super::json::Json;
use super::spec::{EnumBase, Example};

/// Validates request, response, parameter and webhook examples, reporting each mismatch at its
/// pointer.
pub fn check(ir: &Ir, diags: &mut Diagnostics) {
    let checker = Checker { ir };
    for operation in &ir.operations {
        let body: Vec<&Field> = operation
            .fields
            .iter()
            .filter(|f| f.location == Location::Body)
            .map(|f| &f.field)
            .collect();
        let object = Object {
            fields: &body,
            additional: operation.body_extra.as_ref(),
        };
        for example in &operation.request_examples {
            checker.object(
                &object,
                &example.value,
                &example.pointer,
                &Context::of(example),
                diags,
            );
        }
        for parameter in operation
            .fields
            .iter()
            .filter(|f| f.location != Location::Body)
        {
            checker.examples(&parameter.field.ty, &parameter.examples, diags);
        }
        if operation.undocumented_answer.is_some() {
            continue;
        }
        for example in &operation.response_examples {
            match ir.envelope(&operation.envelope) {
                Some((envelope, _)) => {
                    let fields: Vec<&Field> = envelope.fields.iter().collect();
                    let object = Object {
                        fields: &fields,
                        additional: envelope.additional.as_ref(),
                    };
                    let context = Context {
                        payload: &operation.response,
                        cut: example.cut,
                    };
                    checker.object(&object, &example.value, &example.pointer, &context, diags);
                }
                None => diags.error(
                    &example.pointer,
                    "the answer has no envelope (a schema with x-envelope), so it cannot be checked",
                ),
            }
        }
    }
    for webhook in &ir.webhooks {
        checker.examples(
            &Ty::Named(webhook.payload.clone()),
            &webhook.examples,
            diags,
        );
        for header in &webhook.headers {
            checker.examples(&header.field.ty, &header.examples, diags);
        }
        if let Some((ty, examples)) = &webhook.ack {
            checker.examples(ty, examples, diags);
        }
    }
    for (ty, example) in &ir.annotation_values {
        checker.examples(ty, std::slice::from_ref(example), diags);
    }
}

/// What [`Ty::Payload`] stands for (inside an envelope), and whether the example is cut.
struct Context<'t> {
    payload: &'t Ty,
    cut: bool,
}

/// Outside an envelope there is no payload to stand for.
const NO_PAYLOAD: &Ty = &Ty::Invalid;

impl Context<'_> {
    fn of(example: &Example) -> Context<'static> {
        Context {
            payload: NO_PAYLOAD,
            cut: example.cut,
        }
    }
}

/// The members an object example is checked against.
struct Object<'f> {
    fields: &'f [&'f Field],
    additional: Option<&'f Ty>,
}

struct Checker<'ir> {
    ir: &'ir Ir,
}

impl Checker<'_> {
    /// Checks `examples` (outside an envelope) against `ty`.
    fn examples(&self, ty: &Ty, examples: &[Example], diags: &mut Diagnostics) {
        for example in examples {
            self.value(
                ty,
                &example.value,
                &example.pointer,
                &Context::of(example),
                diags,
            );
        }
    }

    fn value(
        &self,
        ty: &Ty,
        value: &Json,
        pointer: &Pointer,
        context: &Context<'_>,
        diags: &mut Diagnostics,
    ) {
        let mismatch = |diags: &mut Diagnostics, expected: &str| {
            diags.error(
                pointer,
                format!("expected {expected}, found {}", describe(value)),
            );
        };
        match (ty, value) {
            (Ty::Invalid | Ty::Any, _) => {}
            (Ty::Payload, _) => {
                let inner = Context {
                    payload: NO_PAYLOAD,
                    cut: context.cut,
                };
                self.value(context.payload, value, pointer, &inner, diags)
            }
            (Ty::Nullable(_), Json::Null) => {}
            (Ty::Nullable(inner) | Ty::Boxed(inner), _) => {
                self.value(inner, value, pointer, context, diags)
            }
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
                    self.value(items, item, &pointer.join(index), context, diags);
                }
            }
            (Ty::Vec(_), _) => mismatch(diags, "array"),
            (Ty::Map(values), Json::Object(entries)) => {
                for (key, item) in entries {
                    self.value(values, item, &pointer.join(key), context, diags);
                }
            }
            (Ty::Map(_), _) => mismatch(diags, "object"),
            (Ty::Named(name), _) => self.named(name, value, pointer, context, diags),
        }
    }

    fn named(
        &self,
        name: &str,
        value: &Json,
        pointer: &Pointer,
        context: &Context<'_>,
        diags: &mut Diagnostics,
    ) {
        match self.ir.type_def(name) {
            Some(TypeDef::Struct(def)) => {
                let fields: Vec<&Field> = def.fields.iter().collect();
                let object = Object {
                    fields: &fields,
                    additional: def.additional.as_ref(),
                };
                self.object(&object, value, pointer, context, diags);
            }
            Some(TypeDef::Alias(def)) => self.value(&def.ty, value, pointer, context, diags),
            Some(TypeDef::Enum(def)) => {
                let known = def.variants.iter().any(|v| {
                    v.wire == *value || matches!(value, Json::String(s) if v.aliases.contains(s))
                });
                let right_type = match def.base {
                    EnumBase::String => matches!(value, Json::String(_)),
                    EnumBase::Integer => matches!(value, Json::Number(n) if n.is_i64()),
                };
                if !right_type {
                    let expected = match def.base {
                        EnumBase::String => "string",
                        EnumBase::Integer => "integer",
                    };
                    diags.error(
                        pointer,
                        format!("expected {expected}, found {}", describe(value)),
                    );
                } else if !known {
                    let listed: Vec<String> = def
                        .variants
                        .iter()
                        .map(|v| v.wire.to_value().to_string())
                        .collect();
                    diags.error(
                        pointer,
                        format!(
                            "{} is not a value of `{}` ({}); add it to the enum",
                            value.to_value(),
                            def.spec_name,
                            listed.join(", ")
                        ),
                    );
                }
            }
            Some(TypeDef::Union(def)) => {
                let Json::Object(_) = value else {
                    diags.error(
                        pointer,
                        format!("expected object, found {}", describe(value)),
                    );
                    return;
                };
                match value.get(&def.tag) {
                    Some(Json::String(tag)) => {
                        match def.variants.iter().find(|v| v.tag_value == *tag) {
                            Some(variant) => {
                                self.named(&variant.payload, value, pointer, context, diags)
                            }
                            None => {
                                let tags: Vec<&str> =
                                    def.variants.iter().map(|v| v.tag_value.as_str()).collect();
                                diags.error(
                                &pointer.join(&def.tag),
                                format!("`{tag}` is not a tag of `{}` ({}); add the variant to the oneOf", def.spec_name, tags.join(", ")),
                            );
                            }
                        }
                    }
                    Some(other) => diags.error(
                        &pointer.join(&def.tag),
                        format!("expected the tag as a string, found {}", describe(other)),
                    ),
                    None if context.cut => {}
                    None => diags.error(
                        pointer,
                        format!(
                            "missing the tag member `{}` of `{}`",
                            def.tag, def.spec_name
                        ),
                    ),
                }
            }
            None => {}
        }
    }

    fn object(
        &self,
        object: &Object<'_>,
        value: &Json,
        pointer: &Pointer,
        context: &Context<'_>,
        diags: &mut Diagnostics,
    ) {
        let Json::Object(entries) = value else {
            diags.error(
                pointer,
                format!("expected object, found {}", describe(value)),
            );
            return;
        };
        if !context.cut {
            for field in object.fields.iter().filter(|f| f.required) {
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
        }
        for (key, item) in entries {
            let member = pointer.join(key);
            match object
                .fields
                .iter()
                .find(|f| f.wire_name == *key || f.aliases.contains(key))
            {
                Some(field) if matches!(item, Json::Null) && !matches!(field.ty, Ty::Nullable(_) | Ty::Any | Ty::Invalid | Ty::Payload) => diags.error(
                    &member,
                    format!("`{key}` is null, which its schema does not allow; write `\"type\": [..., \"null\"]` if the page shows null, or leave the member out"),
                ),
                Some(field) => match &field.constant {
                    Some(constant) if constant != item => diags.error(
                        &member,
                        format!("expected {} (its `const`), found {}", constant.to_value(), describe(item)),
                    ),
                    _ => self.value(&field.ty, item, &member, context, diags),
                },
                None => match object.additional {
                    Some(ty) => self.value(ty, item, &member, context, diags),
                    None => diags.error(&member, format!("property `{key}` is not in the schema")),
                },
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
