//! Lowering of `x-envelope`: checks an envelope family against what the client reads of it (a
//! payload member without a type, an integer code member that is always there, at most one string
//! status member, an optional string message) and records how each is held in Rust, so that the
//! generated `Enveloped` impl compiles for every envelope the generator accepts.

use super::lower::Lowering;
use super::model::*;
use crate::codegen::json::Json;
use crate::codegen::spec::EnvelopeSpec;

impl Lowering<'_, '_> {
    /// The envelope family of an object schema whose fields are `fields`.
    pub(super) fn envelope_def(
        &mut self,
        spec: &EnvelopeSpec,
        fields: &[Field],
    ) -> Option<EnvelopeDef> {
        let find = |wire: &str| fields.iter().find(|field| field.wire_name == wire);
        let payload = match find(&spec.payload) {
            Some(field) if field.ty == Ty::Payload => Some(member(field)),
            Some(_) => {
                self.diags.error(
                    &spec.pointer.join("payload"),
                    format!("the payload member `{}` must have no type (`{{}}`, or a description only): each operation's allOf gives it", spec.payload),
                );
                None
            }
            None => {
                self.diags.error(
                    &spec.pointer.join("payload"),
                    format!("`{}` is not a property of this schema; add it as a property without a type (`{{}}`)", spec.payload),
                );
                None
            }
        };
        let (mut code, mut status, mut code_is_i32) = (None, None, false);
        let mut valid = true;
        for (wire, expected) in &spec.success {
            let pointer = spec.pointer.join("success").join(wire);
            let Some(field) = find(wire) else {
                self.diags.error(&pointer, format!("`{wire}` is not a property of this schema; the success rule names members the envelope declares"));
                valid = false;
                continue;
            };
            match expected {
                Json::Number(number) => {
                    let plain = matches!(field.ty, Ty::I64 | Ty::I32);
                    if code.is_some() {
                        self.diags.error(&pointer, "the success rule has more than one integer; it names one code member (an integer) and at most one status member (a string)");
                        valid = false;
                    } else if !plain || !field.required {
                        self.diags.error(&pointer, format!("the code member `{wire}` must be a required, non-nullable integer (`\"type\": \"integer\"`, listed in `required`)"));
                        valid = false;
                    } else {
                        code = Some((member(field), number.as_i64().unwrap_or_default()));
                        code_is_i32 = field.ty == Ty::I32;
                    }
                }
                Json::String(value) => {
                    let text = matches!(&field.ty, Ty::String)
                        || matches!(&field.ty, Ty::Nullable(inner) if **inner == Ty::String);
                    if status.is_some() {
                        self.diags.error(&pointer, "the success rule has more than one string; it names one code member (an integer) and at most one status member (a string)");
                        valid = false;
                    } else if !text {
                        self.diags.error(&pointer, format!("the status member `{wire}` must be a string (`\"type\": \"string\"`)"));
                        valid = false;
                    } else {
                        status = Some((member(field), value.clone()));
                    }
                }
                _ => valid = false,
            }
        }
        let Some((code, success_code)) = code else {
            if valid {
                self.diags.error(&spec.pointer.join("success"), "the success rule names no code member: add the integer member whose value says success (`\"code\": 200`)");
            }
            return None;
        };
        let message = match (&spec.message, find("message")) {
            (Some(wire), _) => {
                match find(wire) {
                    Some(field) if is_text(field) => Some(member(field)),
                    _ => {
                        self.diags.error(&spec.pointer.join("message"), format!("the message member `{wire}` must be a string property of this schema"));
                        return None;
                    }
                }
            }
            (None, Some(field)) if is_text(field) => Some(member(field)),
            (None, _) => None,
        };
        let payload = payload?;
        valid.then_some(EnvelopeDef {
            payload,
            code: (code, success_code),
            code_is_i32,
            status,
            message,
        })
    }
}

fn is_text(field: &Field) -> bool {
    matches!(&field.ty, Ty::String)
        || matches!(&field.ty, Ty::Nullable(inner) if **inner == Ty::String)
}

/// How a member is held: its names, and how many `Option`s wrap it.
fn member(field: &Field) -> EnvelopeMember {
    let holding = if field.absent_or_null() {
        Holding::OptionOption
    } else if field.required && !matches!(field.ty, Ty::Nullable(_)) {
        Holding::Plain
    } else {
        Holding::Option
    };
    EnvelopeMember {
        wire: field.wire_name.clone(),
        rust: field.rust_name.clone(),
        holding,
    }
}
