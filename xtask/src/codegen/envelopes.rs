//! Emits `Enveloped` for each envelope type: its family as data (`EnvelopeInfo`: payload member,
//! success rule, message member) and how its fields become the payload and what the envelope said.
//! Each member is unwrapped as the IR says it is held, so any envelope the IR accepts compiles.

use proc_macro2::TokenStream;
use quote::quote;

use super::ir::{EnvelopeDef, EnvelopeMember, Holding, StructDef};
use super::syntax::ident;

/// `impl Enveloped for <envelope><T>`.
pub fn emit(def: &StructDef, envelope: &EnvelopeDef) -> TokenStream {
    let name = ident(&def.name);
    let schema = &def.spec_name;
    let payload_wire = &envelope.payload.wire;
    let (code, success_code) = &envelope.code;
    let success_code = proc_macro2::Literal::i64_unsuffixed(*success_code);
    let code_wire = &code.wire;
    let status_info = match &envelope.status {
        Some((member, value)) => {
            let wire = &member.wire;
            quote!(Some((#wire, #value)))
        }
        None => quote!(None),
    };
    let message_info = match &envelope.message {
        Some(member) => {
            let wire = &member.wire;
            quote!(Some(#wire))
        }
        None => quote!(None),
    };
    let payload = optional(&envelope.payload);
    let code_field = ident(&code.rust);
    let code_value = if envelope.code_is_i32 {
        quote!(i64::from(self.#code_field))
    } else {
        quote!(self.#code_field)
    };
    let status = match &envelope.status {
        Some((member, _)) => optional(member),
        None => quote!(None),
    };
    let message = match &envelope.message {
        Some(member) => optional(member),
        None => quote!(None),
    };
    quote! {
        impl<T: ::serde::de::DeserializeOwned> crate::Enveloped for #name<T> {
            type Payload = T;
            const INFO: &'static crate::EnvelopeInfo = &crate::EnvelopeInfo {
                schema: #schema,
                payload: #payload_wire,
                code: #code_wire,
                success_code: #success_code,
                status: #status_info,
                message: #message_info,
            };
            fn into_parts(self) -> crate::EnvelopeParts<T> {
                crate::EnvelopeParts {
                    payload: #payload,
                    said: crate::Said {
                        code: #code_value,
                        status: #status,
                        message: #message,
                    },
                }
            }
        }
    }
}

/// The member as an `Option` of its value.
fn optional(member: &EnvelopeMember) -> TokenStream {
    let field = ident(&member.rust);
    match member.holding {
        Holding::Plain => quote!(Some(self.#field)),
        Holding::Option => quote!(self.#field),
        Holding::OptionOption => quote!(self.#field.flatten()),
    }
}
