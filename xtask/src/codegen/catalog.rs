//! Emits the catalog: every operation and webhook as data (`OPERATIONS`, `WEBHOOKS`), and with
//! the `json-schema` feature the schema schemars derives for each type, by spec name.

use proc_macro2::TokenStream;
use quote::quote;

use super::ir::{Ir, Location, RequestField, Ty, TypeDef};
use super::spec::{EnumBase, Example, Page, Source};
use super::syntax::{ident, rust_type};

/// The `catalog.rs` module.
pub fn emit(ir: &Ir) -> TokenStream {
    let operations = ir.operations.iter().map(|operation| {
        let request = ident(&operation.request_name);
        let summary = operation.summary.trim();
        let params = operation.fields.iter().map(|f| param_info(f, ir));
        let large_array = option_str(operation.rows.as_ref().map(|rows| rows.array.clone()));
        let paged = match &operation.paged {
            Some(paged) => {
                let (limit, offset, total) = (&paged.limit_wire, &paged.offset_wire, &paged.total_wire);
                quote!(Some(crate::PagedInfo { limit: #limit, offset: #offset, total: #total }))
            }
            None => quote!(None),
        };
        let row_fields: Vec<&str> = operation
            .rows
            .iter()
            .flat_map(|rows| rows.row_fields.iter().map(String::as_str))
            .collect();
        let request_example = option_str(first_complete(&operation.request_examples));
        let response_example = option_str(first_complete(&operation.response_examples));
        let issues_token = match ir
            .token_schemes
            .iter()
            .find(|scheme| scheme.operation_id == operation.operation_id)
        {
            Some(scheme) => {
                let scheme = ident(&scheme.const_name);
                quote!(Some(&#scheme))
            }
            None => quote!(None),
        };
        let examples_written = written(&operation.request_examples)
            || written(&operation.response_examples);
        let page = page_info(operation.page.as_ref());
        let undocumented = option_str(operation.undocumented_answer.clone());
        let inspect_rows = match &operation.rows {
            Some(rows) => {
                let row = rust_type(&rows.row);
                let header = ident(&rows.header);
                quote!(Some((crate::__private::inspect_prefix::<#row>, crate::__private::inspect::<#header>)))
            }
            None => quote!(None),
        };
        quote! {
            crate::OperationInfo {
                operation_id: <#request as crate::Endpoint>::OPERATION_ID,
                method: <#request as crate::Endpoint>::METHOD,
                path: <#request as crate::Endpoint>::PATH_TEMPLATE,
                summary: #summary,
                idempotent: <#request as crate::Endpoint>::IDEMPOTENT,
                token: <#request as crate::Endpoint>::TOKEN,
                issues_token: #issues_token,
                form: <#request as crate::Endpoint>::FORM,
                params: &[#(#params)*],
                large_array: #large_array,
                paged: #paged,
                row_fields: &[#(#row_fields),*],
                request_example: #request_example,
                response_example: #response_example,
                examples_written: #examples_written,
                undocumented_answer: #undocumented,
                page: #page,
                reencode_request: crate::__private::reencode::<#request>,
                envelope: <<#request as crate::Endpoint>::Envelope as crate::Enveloped>::INFO,
                reencode_response: crate::__private::reencode::<<#request as crate::Endpoint>::Envelope>,
                reencode_response_over: crate::__private::reencode_over::<<#request as crate::Endpoint>::Envelope>,
                inspect_response: crate::__private::inspect::<<#request as crate::Endpoint>::Envelope>,
                inspect_rows: #inspect_rows,
            },
        }
    });
    let webhooks = ir.webhooks.iter().map(|webhook| {
        let payload = ident(&webhook.payload);
        let summary = webhook.summary.trim();
        let example = option_str(first_complete(&webhook.examples));
        let example_written = written(&webhook.examples);
        let headers = webhook.headers.iter().map(|f| param_info(f, ir));
        let page = page_info(webhook.page.as_ref());
        let reencode_answer = match &webhook.ack {
            Some((ty, _)) => {
                let ty = rust_type(ty);
                quote!(Some(crate::__private::reencode::<#ty>))
            }
            None => quote!(None),
        };
        quote! {
            crate::WebhookInfo {
                name: <#payload as crate::Webhook>::NAME,
                summary: #summary,
                headers: &[#(#headers)*],
                reencode_payload: crate::__private::reencode::<#payload>,
                reencode_payload_over: crate::__private::reencode_over::<#payload>,
                inspect_payload: crate::__private::inspect::<#payload>,
                reencode_answer: #reencode_answer,
                example: #example,
                example_written: #example_written,
                page: #page,
            },
        }
    });
    let token_schemes = token_schemes(ir);
    let schemas = ir.types.iter().map(|def| {
        let spec_name = def.spec_name();
        let name = ident(def.name());
        let ty = match def {
            TypeDef::Struct(def) if def.envelope.is_some() => quote!(#name<::serde_json::Value>),
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

        #token_schemes

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

fn param_info(f: &RequestField, ir: &Ir) -> TokenStream {
    let name = &f.field.wire_name;
    let location = match f.location {
        Location::Query => quote!(crate::ParamLocation::Query),
        Location::Path => quote!(crate::ParamLocation::Path),
        Location::Header => quote!(crate::ParamLocation::Header),
        Location::Body => quote!(crate::ParamLocation::Body),
    };
    let required = f.field.required;
    let json_type = json_type(&f.field.ty, ir);
    let description = f.field.description.trim();
    let example = option_str(
        f.examples
            .first()
            .and_then(|e| serde_json::to_string(&e.value).ok()),
    );
    let secret = is_secret(&f.field.ty, ir);
    let nullable = matches!(f.field.ty, Ty::Nullable(_) | Ty::Any);
    let values = listed_values(&f.field.ty, ir);
    quote!(crate::ParamInfo { name: #name, location: #location, required: #required, json_type: #json_type, description: #description, example: #example, secret: #secret, nullable: #nullable, values: &[#(#values),*] },)
}

/// The values the spec lists for a field of an enum type, as JSON text (`"\"Finished\""`, `2`).
fn listed_values(ty: &Ty, ir: &Ir) -> Vec<String> {
    match ty {
        Ty::Nullable(inner) | Ty::Boxed(inner) => listed_values(inner, ir),
        Ty::Named(name) => match ir.type_def(name) {
            Some(TypeDef::Enum(def)) => def
                .variants
                .iter()
                .flat_map(|variant| {
                    let aliases = variant.aliases.iter().map(|alias| format!("{alias:?}"));
                    std::iter::once(variant.wire.to_value().to_string()).chain(aliases)
                })
                .collect(),
            Some(TypeDef::Alias(def)) => listed_values(&def.ty, ir),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Whether a field holds a `format: password` string, however it is wrapped or aliased.
fn is_secret(ty: &Ty, ir: &Ir) -> bool {
    match ty {
        Ty::Secret => true,
        Ty::Nullable(inner) | Ty::Boxed(inner) => is_secret(inner, ir),
        Ty::Named(name) => {
            matches!(ir.type_def(name), Some(TypeDef::Alias(def)) if is_secret(&def.ty, ir))
        }
        _ => false,
    }
}

fn page_info(page: Option<&Page>) -> TokenStream {
    match page {
        Some(page) => {
            let title = &page.title;
            let partial = option_str(page.partial.clone());
            let source = match page.source {
                Source::Captured | Source::Written => quote!(crate::PageSource::Captured),
                Source::ThirdParty => quote!(crate::PageSource::ThirdParty),
            };
            quote!(Some(crate::PageInfo { title: #title, partial: #partial, source: #source }))
        }
        None => quote!(None),
    }
}

/// Whether the first example that is not cut (the one the catalog carries) was written from a
/// member list rather than copied from the page.
fn written(examples: &[Example]) -> bool {
    examples
        .iter()
        .find(|example| !example.cut)
        .is_some_and(|example| example.source != Source::Captured)
}

/// The first example that is not cut, as compact JSON text, keys in the page's order.
fn first_complete(examples: &[Example]) -> Option<String> {
    examples
        .iter()
        .find(|example| !example.cut)
        .and_then(|example| serde_json::to_string(&example.value).ok())
}

fn option_str(value: Option<String>) -> TokenStream {
    match value {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    }
}

/// The JSON type a field takes on the wire, for tools that build requests from text.
fn json_type(ty: &Ty, ir: &Ir) -> &'static str {
    match ty {
        Ty::String | Ty::Secret => "string",
        Ty::I32 | Ty::I64 => "integer",
        Ty::F64 | Ty::Decimal => "number",
        Ty::Bool => "boolean",
        Ty::Vec(_) => "array",
        Ty::Map(_) => "object",
        Ty::Nullable(inner) | Ty::Boxed(inner) => json_type(inner, ir),
        Ty::Named(name) => match ir.type_def(name) {
            Some(TypeDef::Enum(def)) if def.base == EnumBase::Integer => "integer",
            Some(TypeDef::Enum(_)) => "string",
            Some(TypeDef::Alias(def)) => json_type(&def.ty, ir),
            _ => "object",
        },
        Ty::Any | Ty::Payload | Ty::Invalid => "any",
    }
}

/// A `TokenScheme` constant per security scheme, the list of them, and the default one (what a
/// hand-written request type carries unless its derive says otherwise).
fn token_schemes(ir: &Ir) -> TokenStream {
    let constants = ir.token_schemes.iter().map(|scheme| {
        let constant = ident(&scheme.const_name);
        let request = ident(&scheme.request_name);
        let name = &scheme.name;
        let doc = format!(
            " The security scheme `{name}`: its token is obtained by `{}`, at `{}` of its payload.",
            scheme.operation_id, scheme.pointer
        );
        let (key, secret, pointer) = (&scheme.key_member, &scheme.secret_member, &scheme.pointer);
        quote! {
            #[doc = #doc]
            pub const #constant: crate::TokenScheme = crate::TokenScheme {
                name: #name,
                operation_id: <#request as crate::Endpoint>::OPERATION_ID,
                method: <#request as crate::Endpoint>::METHOD,
                path: <#request as crate::Endpoint>::PATH_TEMPLATE,
                form: <#request as crate::Endpoint>::FORM,
                key_member: #key,
                secret_member: #secret,
                envelope: <<#request as crate::Endpoint>::Envelope as crate::Enveloped>::INFO,
                pointer: #pointer,
            };
        }
    });
    let all = ir
        .token_schemes
        .iter()
        .map(|scheme| ident(&scheme.const_name));
    let default = match &ir.default_token {
        Some(scheme) => {
            let scheme = ident(scheme);
            quote!(Some(&#scheme))
        }
        None => quote!(None),
    };
    quote! {
        #(#constants)*

        /// Every token scheme of the spec, in the spec's order.
        pub static TOKEN_SCHEMES: &[&crate::TokenScheme] = &[#(&#all),*];

        /// The scheme an operation carries unless it says otherwise (the spec's top-level
        /// `security`): what `#[derive(Endpoint)]` gives a request type without `token = ...`.
        pub const DEFAULT_TOKEN_SCHEME: Option<&crate::TokenScheme> = #default;
    }
}
