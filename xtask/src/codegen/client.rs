//! Emits the client's methods: in `operations.rs` one per operation, documented from the spec, each
//! a typed shortcut for `Client::send`, and a `*_stream` twin for answers with a large array; in
//! `dynamic.rs` the entry points for tools that pick the operation at run time (`call_json`,
//! `stream_json`, `stream_raw`). The code uses only `Client::send` and the client's `__private`
//! helpers, so it compiles wherever those are (see [`super::Target`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::Target;
use super::ir::{Idempotency, Ir, Operation, Paged, Rows};
use super::syntax::{doc, ident, provenance, rust_type};

/// The client's `operations.rs` module.
pub fn emit_operations(ir: &Ir, target: &Target) -> TokenStream {
    let models = &target.models;
    let client = &target.client;
    let methods = ir.operations.iter().map(|operation| {
        let payload = ir
            .envelope(&operation.envelope)
            .map_or("payload", |(_, envelope)| envelope.payload.wire.as_str());
        emit_method(operation, payload)
    });
    let stream_methods = ir.operations.iter().filter_map(|operation| {
        operation
            .rows
            .as_ref()
            .map(|rows| emit_stream_method(operation, rows))
    });
    let paged_methods = ir.operations.iter().filter_map(|operation| {
        let (rows, paged) = (operation.rows.as_ref()?, operation.paged.as_ref()?);
        Some(emit_paged_method(operation, rows, paged))
    });
    quote! {
        #![doc = " One method per operation of the spec, each a typed shortcut for [`Client::send`](crate::Client::send)."]
        #[allow(unused_imports)]
        use #models::*;

        impl #client {
            #(#methods)*

            #(#stream_methods)*

            #(#paged_methods)*
        }
    }
}

/// The client's `dynamic.rs` module: the operation picked by its id at run time.
pub fn emit_dynamic(ir: &Ir, target: &Target) -> TokenStream {
    let models = &target.models;
    let client = &target.client;
    let dispatch = ir.operations.iter().map(|operation| {
        let id = &operation.operation_id;
        let request = ident(&operation.request_name);
        quote!(#id => crate::__private::call_json_as::<#request>(self, params).await,)
    });
    let stream_dispatch: Vec<TokenStream> = ir.operations.iter().filter_map(|operation| {
        let rows = operation.rows.as_ref()?;
        let id = &operation.operation_id;
        let request = ident(&operation.request_name);
        let header = ident(&rows.header);
        let row = rust_type(&rows.row);
        let array = &rows.array;
        Some(quote! {
            #id => crate::__private::stream_json_as::<#request, ::serde_json::Value>(self, params, #array, crate::__private::reencode::<#header>, crate::__private::reencode_prefix::<#row>).await,
        })
    }).collect();
    let raw_dispatch: Vec<TokenStream> = ir.operations.iter().filter_map(|operation| {
        let rows = operation.rows.as_ref()?;
        let id = &operation.operation_id;
        let request = ident(&operation.request_name);
        let header = ident(&rows.header);
        let row = rust_type(&rows.row);
        let array = &rows.array;
        Some(quote! {
            #id => crate::__private::stream_json_as::<#request, crate::RawRow>(self, params, #array, crate::__private::reencode::<#header>, crate::__private::raw_prefix::<#row>).await,
        })
    }).collect();
    let dispatch: Vec<TokenStream> = dispatch.collect();
    let stream_body = dispatch_body(&stream_dispatch, quote!(crate::__private::not_streamable));
    let raw_body = dispatch_body(&raw_dispatch, quote!(crate::__private::not_streamable));
    let call_body = dispatch_body(&dispatch, quote!(crate::__private::unknown_operation));
    quote! {
        #![doc = " The operations picked by their spec `operationId` at run time, request fields and answers as JSON."]
        #[allow(unused_imports)]
        use #models::*;

        impl #client {
            /// Streams the rows of the operation with this spec `operationId` as JSON (each row
            /// decoded with its generated type, then encoded back), its request fields given as
            /// one JSON object keyed by wire name. For tools that pick the operation at run time,
            /// such as `airudder export`. Only operations whose answer has an `x-large-array` stream.
            pub async fn stream_json(&self, operation_id: &str, params: &[u8]) -> Result<crate::RowStream<::serde_json::Value, ::serde_json::Value>, crate::Error> {
                #stream_body
            }

            /// [`stream_json`](Self::stream_json) with each row as AiRudder sent it: checked to
            /// decode into its generated type, then handed over as its text (every member, in
            /// AiRudder's order, not re-encoded). For tools that write rows on, such as
            /// `airudder export --format jsonl`.
            pub async fn stream_raw(&self, operation_id: &str, params: &[u8]) -> Result<crate::RowStream<::serde_json::Value, crate::RawRow>, crate::Error> {
                #raw_body
            }

            /// Calls the operation with this spec `operationId`, its request fields given as one JSON
            /// object keyed by wire name (`{"TaskID": "..."}`), and returns the envelope's `data` as
            /// JSON. For tools that pick the operation at run time, such as the `airudder` CLI; typed
            /// code calls the operation's own method. Parameters that do not fit the request type are
            /// an error naming the field, before anything is sent.
            pub async fn call_json(&self, operation_id: &str, params: &[u8]) -> Result<::serde_json::Value, crate::Error> {
                #call_body
            }
        }
    }
}

fn emit_method(operation: &Operation, payload: &str) -> TokenStream {
    let mut text = operation.summary.trim().to_owned();
    if let Some(description) = &operation.description {
        text.push_str("\n\n");
        text.push_str(description.trim());
    }
    let retries = if operation.idempotency.is_retryable() {
        "Safe to repeat: retried after connection errors, timeouts, 429 and 5xx per the client's retry policy."
    } else {
        "Never retried automatically: it may change something."
    };
    let auth = match &operation.token {
        Some(_) => String::new(),
        None => " Sent without a token.".to_owned(),
    };
    let form = if operation.form {
        " Its body is sent as a form (`application/x-www-form-urlencoded`)."
    } else {
        ""
    };
    text.push_str(&format!(
        "\n\n`{} {}` (operation `{}`). {retries}{auth}{form}",
        operation.method.as_upper(),
        operation.path,
        operation.operation_id
    ));
    match &operation.undocumented_answer {
        Some(_) => text.push_str(&format!(" The page does not document the answer, so its `{payload}` comes as raw JSON (`Value::Null` when there is none); an error envelope is an [`Error`](crate::Error) with `is_api()`.")),
        None => text.push_str(&format!(" Returns the envelope's `{payload}`; an error envelope is an [`Error`](crate::Error) with `is_api()`.")),
    }
    if operation.idempotency == Idempotency::Unsafe {
        text.push_str(
            " Repeating it after an unclear failure (a timeout) may do it twice: check first.",
        );
    }
    // An answer with a large array is read row by row even when it is wanted whole: the body is
    // never held beside the decoded rows (the memory of the decoded answer alone).
    let call = match &operation.rows {
        Some(rows) => {
            text.push_str(&format!(
                " The answer is read row by row as it arrives and put together, so the body is never held whole beside the decoded rows; [`Client::{}`](Self::{}) hands the rows over one by one instead.",
                rows.stream_method, rows.stream_method
            ));
            quote!(crate::__private::collect_rows(self, request))
        }
        None => quote!(self.send(request)),
    };
    text.push_str(&provenance(operation.page.as_ref()));
    let docs = doc(&text);
    let name = ident(&operation.client_method);
    let request = ident(&operation.request_name);
    let response = rust_type(&operation.response);
    // Boxed and out of line (see `__private::compiled_here`): the call's machinery is compiled
    // once, in this crate, not again in every crate that calls the method.
    quote! {
        #docs
        #[inline(never)]
        pub fn #name<'a>(&'a self, request: &'a #request) -> impl ::std::future::Future<Output = Result<#response, crate::Error>> + Send + 'a {
            crate::__private::compiled_here(#call)
        }
    }
}

/// The streaming twin of an operation whose answer has an `x-large-array`.
fn emit_stream_method(operation: &Operation, rows: &Rows) -> TokenStream {
    let header = ident(&rows.header);
    let row_type = rust_type(&rows.row);
    let array = &rows.array;
    let text = format!(
        "{}, streamed: the rows of `{array}` decoded one by one as their bytes arrive, in memory bounded by \
         one row whatever their count (a large task holds 10^5 to 10^6 rows). The other fields, [`{}`], \
         are available from [`RowStream::header`](crate::RowStream::header) once the rows are read.\n\n\
         `{} {}` (operation `{}`). The request is retried and its token renewed like [`Client::{}`](Self::{}) \
         until its first row has arrived; a failure later ends the stream with an error naming the row.",
        operation.summary.trim(),
        rows.header,
        operation.method.as_upper(),
        operation.path,
        operation.operation_id,
        operation.client_method,
        operation.client_method,
    );
    let docs = doc(&text);
    let name = ident(&rows.stream_method);
    let request = ident(&operation.request_name);
    quote! {
        #docs
        #[inline(never)]
        pub fn #name<'a>(&'a self, request: &'a #request) -> impl ::std::future::Future<Output = Result<crate::RowStream<#header, #row_type>, crate::Error>> + Send + 'a {
            crate::__private::compiled_here(crate::__private::open_rows(self, request, #array, crate::__private::decode_json::<#header>, crate::__private::decode_prefix::<#row_type>))
        }
    }
}

/// The twin of an operation whose answer comes a page at a time (`x-paged`): every row of every
/// page, the offset moved along by the rows each page brought.
fn emit_paged_method(operation: &Operation, rows: &Rows, paged: &Paged) -> TokenStream {
    let header = ident(&rows.header);
    let row_type = rust_type(&rows.row);
    let array = &rows.array;
    let text = format!(
        "{}, every page: the rows of `{array}` of each page, one by one, each page streamed like [`Client::{}`](Self::{}). The request's `{}` is moved along by the rows each page brings (from the request's own, else 0; `{}` is the page size); the pages end on an empty page or once the offset reaches the answer's `{}`, and a page that repeats the one before is an error, never an endless loop.\n\n`{} {}` (operation `{}`).",
        operation.summary.trim(),
        rows.stream_method,
        rows.stream_method,
        paged.offset_wire,
        paged.limit_wire,
        paged.total_wire,
        operation.method.as_upper(),
        operation.path,
        operation.operation_id,
    );
    let docs = doc(&text);
    let name = ident(&paged.method);
    let request = ident(&operation.request_name);
    let offset = ident(&paged.offset_field);
    let total = ident(&paged.total_field);
    let (offset_of, set_offset) = if paged.offset_optional {
        (
            quote!(|request: &#request| request.#offset.unwrap_or(0)),
            quote!(|request: &mut #request, offset: i64| request.#offset = Some(offset)),
        )
    } else {
        (
            quote!(|request: &#request| request.#offset),
            quote!(|request: &mut #request, offset: i64| request.#offset = offset),
        )
    };
    let total_of = if paged.total_optional {
        quote!(|header: &#header| header.#total)
    } else {
        quote!(|header: &#header| Some(header.#total))
    };
    quote! {
        #docs
        pub fn #name(&self, request: &#request) -> crate::PagedRows<#request, #header, #row_type> {
            crate::__private::paged_rows(self, request, crate::__private::PageRule {
                array: #array,
                offset_of: #offset_of,
                set_offset: #set_offset,
                total_of: #total_of,
                decode_header: crate::__private::decode_json::<#header>,
                decode_row: crate::__private::decode_prefix::<#row_type>,
            })
        }
    }
}

/// A `match operation_id` over `arms`, any other id an error made by `unknown`. Without an arm it
/// is no match at all (one with a single arm is clippy's `match_single_binding`).
fn dispatch_body(arms: &[TokenStream], unknown: TokenStream) -> TokenStream {
    if arms.is_empty() {
        quote! {
            let _ = params;
            Err(#unknown(operation_id))
        }
    } else {
        quote! {
            match operation_id {
                #(#arms)*
                other => Err(#unknown(other)),
            }
        }
    }
}
