//! Emits the catalog: every operation and webhook as data (`OPERATIONS`, `WEBHOOKS`), and with
//! the `json-schema` feature the schema schemars derives for each type, by spec name.

use proc_macro2::TokenStream;
use quote::quote;

use super::ir::{Ir, TypeDef};
use super::syntax::{ident, rust_type};

/// The `catalog.rs` module.
pub fn emit(ir: &Ir) -> TokenStream {
    let envelope = ir.envelope().map(|def| ident(&def.name));
    let operations = ir.operations.iter().map(|operation| {
        let request = ident(&operation.request_name);
        let summary = operation.summary.trim();
        let response = rust_type(&operation.response);
        quote! {
            crate::OperationInfo {
                operation_id: <#request as crate::Endpoint>::OPERATION_ID,
                method: <#request as crate::Endpoint>::METHOD,
                path: <#request as crate::Endpoint>::PATH_TEMPLATE,
                summary: #summary,
                idempotent: <#request as crate::Endpoint>::IDEMPOTENT,
                authenticated: <#request as crate::Endpoint>::AUTHENTICATED,
                reencode_request: crate::__private::reencode::<#request>,
                reencode_response: crate::__private::reencode::<#envelope<#response>>,
            },
        }
    });
    let webhooks = ir.webhooks.iter().map(|webhook| {
        let payload = ident(&webhook.payload);
        let summary = webhook.summary.trim();
        quote! {
            crate::WebhookInfo {
                name: <#payload as crate::Webhook>::NAME,
                summary: #summary,
                reencode_payload: crate::__private::reencode::<#payload>,
            },
        }
    });
    let schemas = ir.types.iter().map(|def| {
        let spec_name = def.spec_name();
        let name = ident(def.name());
        let ty = match def {
            TypeDef::Struct(def) if def.envelope => quote!(#name<::serde_json::Value>),
            _ => quote!(#name),
        };
        quote!((#spec_name, <#ty as ::schemars::JsonSchema>::json_schema(generator)),)
    });
    quote! {
        #![doc = " The spec's operations and webhooks as data."]
        #[allow(unused_imports)]
        use super::requests::*;
        #[allow(unused_imports)]
        use super::types::*;

        /// Every operation of the spec, in the spec's order.
        pub static OPERATIONS: &[crate::OperationInfo] = &[#(#operations)*];

        /// Every webhook of the spec, in the spec's order.
        pub static WEBHOOKS: &[crate::WebhookInfo] = &[#(#webhooks)*];

        /// The JSON Schema that schemars derives for each generated type, by the spec's schema name
        /// (the envelope with `data` of any type), to check the types against the spec.
        #[cfg(feature = "json-schema")]
        pub fn json_schemas(generator: &mut ::schemars::SchemaGenerator) -> Vec<(&'static str, ::schemars::Schema)> {
            vec![#(#schemas)*]
        }
    }
}
