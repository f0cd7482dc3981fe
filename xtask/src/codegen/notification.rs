//! Emits `Notification`: any webhook of the spec as one typed value, chosen by the webhook's name,
//! so a receiver serving every webhook from one route needs no list of its own. Each variant is
//! boxed, so the enum stays small whatever the payloads' sizes (clippy's `large_enum_variant`).

use proc_macro2::TokenStream;
use quote::quote;

use super::ir::Ir;
use super::syntax::{doc, ident};

/// The `notification.rs` module.
pub fn emit(ir: &Ir) -> TokenStream {
    let variants: Vec<_> = ir
        .webhooks
        .iter()
        .map(|w| (ident(&w.variant), ident(&w.payload), w))
        .collect();
    let declarations = variants.iter().map(|(variant, payload, webhook)| {
        let docs = doc(&format!(
            "{} (webhook `{}`).",
            webhook.summary.trim(),
            webhook.name
        ));
        quote!(#docs #variant(Box<#payload>),)
    });
    let names = variants
        .iter()
        .map(|(_, payload, _)| quote!(<#payload as crate::Webhook>::NAME));
    let name_arms = variants.iter().map(
        |(variant, payload, _)| quote!(Self::#variant(_) => <#payload as crate::Webhook>::NAME,),
    );
    let parse_arms: Vec<TokenStream> = variants.iter().map(|(variant, payload, webhook)| {
        let key = &webhook.name;
        quote!(#key => Some(<#payload as crate::Webhook>::parse(body).map(|payload| Self::#variant(Box::new(payload)))),)
    }).collect();
    // Without webhooks a match would have one arm (clippy's `match_single_binding`).
    let parse_body = if parse_arms.is_empty() {
        quote! {
            let _ = (name, body);
            None
        }
    } else {
        quote! {
            match name {
                #(#parse_arms)*
                _ => None,
            }
        }
    };
    let serialize_arms = variants.iter().map(
        |(variant, _, _)| quote!(Self::#variant(payload) => ::serde::Serialize::serialize(payload, serializer),),
    );
    let froms = variants.iter().map(|(variant, payload, _)| {
        quote! {
            impl From<#payload> for Notification {
                fn from(payload: #payload) -> Self {
                    Self::#variant(Box::new(payload))
                }
            }
        }
    });
    // A match on a reference to an enum without variants must go through the value.
    let (scrutinee, unused_serializer) = if variants.is_empty() {
        (quote!(*self), quote!(let _ = &serializer;))
    } else {
        (quote!(self), quote!())
    };
    quote! {
        #![doc = " Any webhook of the spec as one typed value, chosen by the webhook's name."]
        #[allow(unused_imports)]
        use super::types::*;

        /// A notification of any webhook of the spec, typed. Non-exhaustive: a webhook added to
        /// the spec adds a variant.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Notification {
            #(#declarations)*
        }

        impl Notification {
            /// The name of every webhook, in the spec's order.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// The webhook's name in the spec (`"workflowStatusChanged"`).
            pub fn name(&self) -> &'static str {
                match #scrutinee {
                    #(#name_arms)*
                }
            }

            /// Parses the body of the webhook called `name` in the spec; `None` when the spec has
            /// no such webhook. The error names the JSON path of the bad value.
            pub fn parse_named(name: &str, body: &[u8]) -> Option<Result<Notification, crate::DecodeError>> {
                #parse_body
            }
        }

        /// Serializes the payload alone, as it is on the wire.
        impl ::serde::Serialize for Notification {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #unused_serializer
                match #scrutinee {
                    #(#serialize_arms)*
                }
            }
        }

        #(#froms)*
    }
}
