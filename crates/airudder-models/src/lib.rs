#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

// Lets the derives' `::airudder_models::...` paths resolve inside this crate's generated code.
extern crate self as airudder_models;

mod catalog;
mod decode;
mod direct;
mod envelope;
#[rustfmt::skip]
mod generated;
mod in_place;
mod inspection;
mod large_array;
mod lossless;
mod member_names;
mod members;
mod nulls;
mod open_enum;

mod path;
mod reading;
mod secret;
mod tagged;
mod token_refusal;
mod token_scheme;
mod unlisted;

pub use airudder_derive::{Endpoint, Webhook};
pub use catalog::{
    Inspect, InspectRow, OperationInfo, PageInfo, PageSource, PagedInfo, ParamInfo, ParamLocation,
    Reencode, ReencodeOver, WebhookInfo,
};
pub use decode::{DecodeError, PrefixError, decode_json, decode_prefix, decode_prefix_into};
pub use envelope::{EnvelopeInfo, EnvelopeParts, Enveloped, Said};
pub use generated::*;
pub use inspection::Inspection;
pub use large_array::LargeArray;
pub use member_names::with_member_names_as_text;
pub use members::Members;
pub use path::encode_path_segment;
pub use secret::Secret;
pub use tagged::UnknownVariant;
pub use token_refusal::TokenRefusal;
pub use token_scheme::TokenScheme;
pub use unlisted::{FindUnlisted, JsonPath, Unlisted};

/// Support for generated and derived code; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::catalog::{reencode, reencode_over, reencode_prefix};
    pub use crate::direct::{
        Cursor, Declined, Learned, ReadDirect, decode_prefix_over, direct_agrees_with_serde,
        direct_member, direct_not_null, direct_other, quoted_name,
    };
    pub use crate::envelope::UnknownEnvelope;
    pub use crate::in_place::{
        read_absent_or_null_in_place, read_in_place, read_null_as_empty_in_place,
        read_object_in_place, read_optional_in_place,
    };
    pub use crate::inspection::{inspect, inspect_prefix};
    pub use crate::lossless::{
        Collection, keep_null, take, write_collection, write_extra, write_optional,
    };
    pub use crate::member_names::{Name, Names, names};
    pub use crate::members::Key as MemberKey;
    pub use crate::nulls::{null_as_empty, nullable, present};
    pub use crate::open_enum::{deserialize_open_enum, deserialize_open_integer_enum};
    pub use crate::reading::{
        ReadObject, finish_extra, missing, read, read_extra, read_null_as_empty, read_object,
        read_optional, read_other,
    };
    pub use crate::tagged::{TaggedUnion, deserialize_tagged};
    pub use crate::unlisted::unknown_members;
    pub use serde;
    pub use serde_json;

    /// [`Endpoint::decode_response`](crate::Endpoint::decode_response)'s body, which the derive's
    /// out-of-line override calls too. Bounded by `Endpoint` alone: a response type that is not
    /// `Deserialize` is reported once, at the `response = ...` the trait's bound names.
    pub fn decode_response<E: crate::Endpoint + ?Sized>(
        body: &[u8],
    ) -> Result<crate::EnvelopeParts<E::Response>, crate::DecodeError> {
        crate::decode_json::<E::Envelope>(body).map(crate::Enveloped::into_parts)
    }
}

/// A header a webhook's page declares for its deliveries ([`Webhook::HEADERS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WebhookHeader {
    /// The header's name, as the page writes it (header names are case-insensitive).
    pub name: &'static str,
    /// Whether every delivery carries it.
    pub required: bool,
}

/// An HTTP method of an [`Endpoint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: reads; always safe to retry.
    Get,
    /// `POST`: creates or changes something unless the operation is marked idempotent.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method as it appears on the wire (`"GET"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request to one operation of the AiRudder API, with everything a client needs to send it.
///
/// Implement it with `#[derive(Endpoint)]`:
///
/// ```
/// use airudder_models::{Endpoint, TaskDetail};
/// use serde::Serialize;
///
/// #[derive(Serialize, Endpoint)]
/// #[endpoint(method = "GET", path = "/service/cloud/detail", response = TaskDetail)]
/// struct TaskDetailQuery {
///     #[serde(rename = "TaskID")]
///     task_id: String,
/// }
///
/// let query = TaskDetailQuery { task_id: "t1".into() };
/// assert_eq!(query.query(), [("TaskID", "t1".to_owned())]);
/// assert!(TaskDetailQuery::IDEMPOTENT);
/// ```
///
/// Fields go to the query string for `GET` and to the JSON body otherwise; `#[endpoint(query)]`,
/// `#[endpoint(body)]`, `#[endpoint(path)]` and `#[endpoint(header)]` override that, and
/// `#[endpoint(extra)]` on a map writes its entries into the body after the named members. A
/// field's wire name is its `#[serde(rename = "...")]`, or its own name.
pub trait Endpoint {
    /// The type of the envelope's payload (`data`, `body`) in a successful answer.
    type Response: serde::de::DeserializeOwned + Send + 'static;
    /// The envelope the answer comes in (its family: payload member, success rule), around
    /// [`Endpoint::Response`]; `#[endpoint(envelope = ...)]`, the spec's `Envelope` by default.
    type Envelope: Enveloped<Payload = Self::Response>;

    /// The spec's `operationId` (`"getTaskDetail"`).
    const OPERATION_ID: &'static str;
    /// The HTTP method.
    const METHOD: Method;
    /// The path template, with `{name}` for each path parameter.
    const PATH_TEMPLATE: &'static str;
    /// Whether sending the request twice has the same effect as once, so a client may retry it:
    /// every `GET`, and the operations the spec marks `x-idempotent` (read-only `POST`s).
    const IDEMPOTENT: bool;
    /// The token scheme whose token the request carries in `Authorization: Token <token>`;
    /// `None` for a request sent without one (the token calls themselves).
    const TOKEN: Option<&'static TokenScheme>;
    /// Whether the request has a body.
    const HAS_BODY: bool;
    /// Whether the body is sent as a form (`application/x-www-form-urlencoded`, each member a
    /// scalar) rather than as JSON.
    const FORM: bool = false;

    /// The path with every parameter filled in and percent-encoded.
    fn path(&self) -> String;

    /// The query parameters as `(wire name, value)` pairs, not yet percent-encoded; absent
    /// optional parameters are left out.
    fn query(&self) -> Vec<(&'static str, String)>;

    /// The request's own headers as `(name, value)` pairs; absent optional headers are left
    /// out. `Authorization`, `Content-Type` and `User-Agent` are the client's, never a field's.
    fn headers(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Appends the body as a JSON object to `out` (nothing when [`Endpoint::HAS_BODY`] is
    /// false); absent optional fields are left out. A form body ([`Endpoint::FORM`]) is written
    /// from this object by the client.
    fn write_body(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error>;

    /// Decodes a whole answer through its envelope; the error names the JSON path of the bad
    /// value.
    fn decode_response(body: &[u8]) -> Result<EnvelopeParts<Self::Response>, DecodeError> {
        __private::decode_response::<Self>(body)
    }
}

/// A notification AiRudder POSTs as JSON to a URL the integrator configured.
///
/// Implement it with `#[derive(Webhook)]` and `#[webhook(name = "...")]`; the name is the key of
/// the webhook in the spec's `webhooks` object (`header = "..."` declares a header a delivery
/// carries). AiRudder expects `200 {}` in answer, retries an abnormal answer, and may deliver the
/// same notification more than once.
pub trait Webhook: serde::de::DeserializeOwned + serde::Serialize {
    /// The key of the webhook in the spec (`"workflowStatusChanged"`).
    const NAME: &'static str;

    /// The headers the webhook's page declares for a delivery: a receiver refuses a delivery
    /// without a required one.
    const HEADERS: &'static [WebhookHeader] = &[];

    /// Parses a notification body; the error names the JSON path of the bad value.
    fn parse(body: &[u8]) -> Result<Self, DecodeError> {
        decode_json(body)
    }
}
