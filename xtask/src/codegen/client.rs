//! Emits the client's convenience methods: one per operation, documented from the spec, each a
//! typed shortcut for `Client::send`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ir::{Ir, Operation};
use super::syntax::{doc, ident, rust_type};

/// The client's `operations.rs` module.
pub fn emit(ir: &Ir) -> TokenStream {
    let methods = ir.operations.iter().map(emit_method);
    let stream_methods = ir
        .operations
        .iter()
        .filter_map(|operation| emit_stream_method(operation, ir));
    let dispatch = ir.operations.iter().map(|operation| {
        let id = &operation.operation_id;
        let request = ident(&operation.request_name);
        quote!(#id => self.call_json_as::<#request>(params).await,)
    });
    let stream_dispatch = ir.operations.iter().filter_map(|operation| {
        let (def, field, row) = ir.rows_of(operation)?;
        let id = &operation.operation_id;
        let request = ident(&operation.request_name);
        let header = ident(def.header_name.as_deref()?);
        let row = ident(row);
        let array = &field.wire_name;
        Some(quote! {
            #id => self.stream_json_as::<#request>(params, #array, crate::__private::reencode::<#header>, crate::__private::reencode_prefix::<#row>).await,
        })
    });
    quote! {
        #![doc = " One method per operation of the spec, each a typed shortcut for [`Client::send`](crate::Client::send)."]
        #[allow(unused_imports)]
        use ::airudder_models::*;

        impl crate::Client {
            #(#methods)*

            #(#stream_methods)*

            /// Streams the rows of the operation with this spec `operationId` as JSON (each row
            /// decoded with its generated type, then encoded back), its request fields given as
            /// one JSON object keyed by wire name. For tools that pick the operation at run time,
            /// such as `airudder export`. Only operations whose answer has an `x-large-array` stream.
            pub async fn stream_json(&self, operation_id: &str, params: &[u8]) -> Result<crate::RowStream<::serde_json::Value, ::serde_json::Value>, crate::Error> {
                match operation_id {
                    #(#stream_dispatch)*
                    other => Err(crate::Error::not_streamable(other)),
                }
            }

            /// Calls the operation with this spec `operationId`, its request fields given as one JSON
            /// object keyed by wire name (`{"TaskID": "..."}`), and returns the envelope's `data` as
            /// JSON. For tools that pick the operation at run time, such as the `airudder` CLI; typed
            /// code calls the operation's own method. Parameters that do not fit the request type are
            /// an error naming the field, before anything is sent.
            pub async fn call_json(&self, operation_id: &str, params: &[u8]) -> Result<::serde_json::Value, crate::Error> {
                match operation_id {
                    #(#dispatch)*
                    other => Err(crate::Error::unknown_operation(other)),
                }
            }
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

/// The streaming twin of an operation whose answer has an `x-large-array`.
fn emit_stream_method(operation: &Operation, ir: &Ir) -> Option<TokenStream> {
    let (def, field, row) = ir.rows_of(operation)?;
    let header = ident(def.header_name.as_deref()?);
    let row_type = ident(row);
    let array = &field.wire_name;
    let text = format!(
        "{}, streamed: the rows of `{array}` decoded one by one as their bytes arrive, in memory bounded by \
         one row whatever their count (a large task holds 10^5 to 10^6 rows). The other fields, [`{}`], \
         are available from [`RowStream::header`](crate::RowStream::header) once the rows are read.\n\n\
         `{} {}` (operation `{}`). The request is retried like [`Client::{}`](crate::Client::{}) until the \
         answer starts; a failure while reading the rows ends the stream with an error naming the row.",
        operation.summary.trim(),
        def.header_name.as_deref().unwrap_or_default(),
        operation.method.as_upper(),
        operation.path,
        operation.operation_id,
        operation.client_method,
        operation.client_method,
    );
    let docs = doc(&text);
    let name = ident(&format!("{}_stream", operation.client_method));
    let request = ident(&operation.request_name);
    Some(quote! {
        #docs
        pub async fn #name(&self, request: &#request) -> Result<crate::RowStream<#header, #row_type>, crate::Error> {
            self.open_rows(request, #array, ::airudder_models::decode_json::<#header>, ::airudder_models::decode_prefix::<#row_type>).await
        }
    })
}
