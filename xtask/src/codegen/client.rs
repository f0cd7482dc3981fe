//! Emits the client's convenience methods: one per operation, documented from the spec, each a
//! typed shortcut for `Client::send`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ir::{Ir, Operation};
use super::syntax::{doc, ident, rust_type};

/// The client's `operations.rs` module.
pub fn emit(ir: &Ir) -> TokenStream {
    let methods = ir.operations.iter().map(emit_method);
    quote! {
        #![doc = " One method per operation of the spec, each a typed shortcut for [`Client::send`](crate::Client::send)."]
        #[allow(unused_imports)]
        use ::airudder_models::*;

        impl crate::Client {
            #(#methods)*
        }
    }
}

fn emit_method(operation: &Operation) -> TokenStream {
    let mut text = operation.summary.trim().to_owned();
    if let Some(description) = &operation.description {
        text.push_str("\n\n");
        text.push_str(description.trim());
    }
    let retries = if operation.idempotent {
        "Safe to repeat: retried after connection errors, timeouts, 429 and 5xx per the client's retry policy."
    } else {
        "Never retried automatically: it may change something."
    };
    let auth = if operation.authenticated {
        ""
    } else {
        " Sent without a token."
    };
    text.push_str(&format!(
        "\n\n`{} {}` (operation `{}`). {retries}{auth}",
        operation.method.as_upper(),
        operation.path,
        operation.operation_id
    ));
    text.push_str(" Returns the envelope's `data`; an error envelope is an [`Error`](crate::Error) with `is_api()`.");
    let docs = doc(&text);
    let name = ident(&operation.client_method);
    let request = ident(&operation.request_name);
    let response = rust_type(&operation.response);
    quote! {
        #docs
        pub async fn #name(&self, request: &#request) -> Result<#response, crate::Error> {
            self.send(request).await
        }
    }
}
