//! Emits one request type per operation, deriving `Endpoint` so the derive's checks apply to
//! generated code exactly as to hand-written code.

use proc_macro2::TokenStream;
use quote::quote;

use super::constructors;
use super::ir::{Field, Idempotency, Ir, Location, Operation};
use super::syntax::{doc, field, ident, provenance, request_extra_field, rust_type};

/// The `requests.rs` module.
pub fn emit(ir: &Ir) -> TokenStream {
    let requests = ir.operations.iter().map(emit_request);
    quote! {
        #![doc = " One request type per operation of the spec, each implementing [`crate::Endpoint`]."]
        #[allow(unused_imports)]
        use super::types::*;
        #(#requests)*
    }
}

fn emit_request(operation: &Operation) -> TokenStream {
    let mut text = operation.summary.trim().to_owned();
    if let Some(description) = &operation.description {
        text.push_str("\n\n");
        text.push_str(description.trim());
    }
    text.push_str(&format!(
        "\n\n`{} {}` (operation `{}`){}.",
        operation.method.as_upper(),
        operation.path,
        operation.operation_id,
        match operation.idempotency {
            Idempotency::Marked => "; marked safe to repeat in the spec, so retried",
            Idempotency::SafeMethod | Idempotency::Unsafe => "",
        },
    ));
    if operation.deprecated {
        text.push_str(" Deprecated on AiRudder's page.");
    }
    text.push_str(&provenance(operation.page.as_ref()));
    let docs = doc(&text);
    let name = ident(&operation.request_name);
    let method = operation.method.as_upper();
    let path = &operation.path;
    let operation_id = &operation.operation_id;
    let response = rust_type(&operation.response);
    let envelope = ident(&operation.envelope);
    // `GET` is idempotent by its method; the derive knows that, so only a marked one says so.
    let idempotent = (operation.idempotency == Idempotency::Marked).then(|| quote!(, idempotent));
    // The scheme's constant is in the catalog, beside this module.
    let token = match &operation.token {
        Some(scheme) => {
            let scheme = ident(scheme);
            quote!(, token = super::catalog::#scheme)
        }
        None => quote!(, unauthenticated),
    };
    let form = operation.form.then(|| quote!(, form));
    let fields = operation.fields.iter().map(|f| {
        let location = match f.location {
            Location::Query => quote!(#[endpoint(query)]),
            Location::Path => quote!(#[endpoint(path)]),
            Location::Header => quote!(#[endpoint(header)]),
            Location::Body => quote!(#[endpoint(body)]),
        };
        field(&f.field, location)
    });
    let extra = operation
        .has_body
        .then(|| request_extra_field(operation.body_extra.as_ref()));
    // Without a body there is nowhere for other members to go: a name the request does not
    // have is a mistake (`call_json`), not a member to keep.
    let closed = (!operation.has_body).then(|| quote!(#[serde(deny_unknown_fields)]));
    let members: Vec<&Field> = operation.fields.iter().map(|f| &f.field).collect();
    let constructors = constructors::emit(
        &operation.request_name,
        &members,
        operation.has_body.then_some(operation.body_extra.as_ref()),
    );
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize, crate::Endpoint)]
        #[endpoint(method = #method, path = #path, operation_id = #operation_id, response = #response, envelope = #envelope #idempotent #token #form)]
        #closed
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
        }
        #constructors
    }
}
