#![doc = include_str!("../README.md")]

mod ast;
mod attr;
mod errors;
mod expand;
mod path;
mod valid;

#[cfg(test)]
mod tests;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Implements `airudder_models::Endpoint` for a struct with named fields.
///
/// ```text
/// #[derive(Serialize, Endpoint)]
/// #[endpoint(method = "GET", path = "/tasks/{task_id}", response = TaskDetail)]
/// struct GetTask {
///     #[endpoint(path)]
///     task_id: String,
///     #[serde(rename = "PageSize")]
///     page_size: Option<u32>,
/// }
/// ```
///
/// Struct keys: `method` (`"GET"`, `"POST"`, `"PUT"`, `"PATCH"` or `"DELETE"`), `path` (starts
/// with `/`, `{name}` per path parameter), `response` (the envelope's payload type), all
/// required; `envelope = PdsEnvelope` (the generic envelope type the answer comes in, which says
/// its payload member and success rule; default: the crate's `Envelope`, the workflow API's),
/// `operation_id` (default: the type's name), `idempotent` (safe to retry; always so for `GET`),
/// `unauthenticated` (sent without a token), `token = PDS_TOKEN_SCHEME` (the `TokenScheme` whose
/// token it carries; default: the spec's `DEFAULT_TOKEN_SCHEME`), `form` (the body is sent as
/// `application/x-www-form-urlencoded`), `crate = "airudder_client::models"` (where
/// `airudder_models` is, when the crate depends on `airudder-client` alone; `#[webhook]` takes it
/// too). A mistake in the attribute is reported with a placeholder impl, so it is the one error.
///
/// Field keys: `query`, `body`, `path` or `header`. Without one a field goes to the query for
/// `GET` and `DELETE` and to the JSON body otherwise. A field's wire name is its
/// `#[serde(rename = "...")]` or its own name; a `{name}` in the path matches the wire name of a
/// `path` field, and a `header` field's wire name is the header's name (not `Authorization`,
/// `Content-Type` or `User-Agent`, which the client sets). An `Option<...>` field is left out
/// when `None`. Query, path and header values are written with `Display`, body values with
/// `Serialize`. One map field may be `extra` (with `#[serde(flatten)]` if the type also derives
/// serde's traits): its entries are written into the body after the named members, for members
/// a page does not document.
// `serde` too: a type that does not also derive serde's traits still names its fields with
// `#[serde(rename = "...")]`.
#[proc_macro_derive(Endpoint, attributes(endpoint, serde))]
pub fn derive_endpoint(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::endpoint_or_placeholder(&input).into()
}

/// Implements `airudder_models::Webhook` for a notification payload type (struct or enum).
///
/// ```text
/// #[derive(Serialize, Deserialize, Webhook)]
/// #[webhook(name = "workflowStatusChanged")]
/// struct WorkflowStatusChanged { /* ... */ }
/// ```
///
/// `name` is the webhook's key in the spec's `webhooks` object. `header = "X-Signature"` declares
/// a header every delivery carries and `optional_header = "..."` one it may carry (both may be
/// repeated): a receiver refuses a delivery without a required one and hands their values to
/// the handler.
#[proc_macro_derive(Webhook, attributes(webhook))]
pub fn derive_webhook(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::webhook_or_placeholder(&input).into()
}
