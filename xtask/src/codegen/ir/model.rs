//! The IR model: every naming and typing decision made once (Rust names, types, optionality,
//! nullability, boxing, where each request field goes, idempotency, streamed rows), so that the
//! emitters are plain functions of it.

use crate::codegen::json::Json;
use crate::codegen::spec::{EnumBase, Example, HttpMethod, Page};

#[derive(Debug, Default)]
pub struct Ir {
    /// Data types, in the spec's order of components.
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    pub webhooks: Vec<Webhook>,
    /// The token schemes, in the spec's order.
    pub token_schemes: Vec<TokenSchemeDef>,
    /// The constant of the scheme an operation without its own `security` carries.
    pub default_token: Option<String>,
    /// The `default` and `examples` values of members, each with its member's type, checked
    /// like examples.
    pub annotation_values: Vec<(Ty, Example)>,
}

impl Ir {
    pub fn type_def(&self, rust_name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|def| def.name() == rust_name)
    }

    /// The envelope types, in the spec's order.
    pub fn envelopes(&self) -> impl Iterator<Item = (&StructDef, &EnvelopeDef)> {
        self.types.iter().filter_map(|def| match def {
            TypeDef::Struct(def) => def.envelope.as_deref().map(|envelope| (def, envelope)),
            _ => None,
        })
    }

    /// The envelope type named `rust_name`.
    pub fn envelope(&self, rust_name: &str) -> Option<(&StructDef, &EnvelopeDef)> {
        self.envelopes().find(|(def, _)| def.name == rust_name)
    }
}

#[derive(Debug)]
pub enum TypeDef {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
    /// A component that is a plain type (`{"type": "string", "format": "uri"}`, an array, a
    /// map): a Rust type alias.
    Alias(AliasDef),
}

impl TypeDef {
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(def) => &def.name,
            TypeDef::Enum(def) => &def.name,
            TypeDef::Union(def) => &def.name,
            TypeDef::Alias(def) => &def.name,
        }
    }

    pub fn spec_name(&self) -> &str {
        match self {
            TypeDef::Struct(def) => &def.spec_name,
            TypeDef::Enum(def) => &def.spec_name,
            TypeDef::Union(def) => &def.spec_name,
            TypeDef::Alias(def) => &def.spec_name,
        }
    }
}

#[derive(Debug)]
pub struct StructDef {
    pub name: String,
    pub spec_name: String,
    pub description: String,
    pub fields: Vec<Field>,
    /// The type the schema documents for members besides `fields` (`additionalProperties`).
    /// Every struct keeps such members in its [`EXTRA_FIELD`] (of any JSON type when this is
    /// `None`), with the nulls its fields cannot hold.
    pub additional: Option<Ty>,
    /// An envelope family (`x-envelope`): generic over its payload ([`Ty::Payload`]).
    pub envelope: Option<Box<EnvelopeDef>>,
    /// The webhook whose payload this is.
    pub webhook: Option<WebhookRole>,
    /// With an `x-large-array` field: the type of the other fields (`TaskDetailHeader`), which a
    /// streamed answer yields besides its rows.
    pub header_name: Option<String>,
}

/// An envelope family: which members say what, and how each is held in Rust.
#[derive(Debug, Clone)]
pub struct EnvelopeDef {
    pub payload: EnvelopeMember,
    /// The integer member, and its value on success.
    pub code: (EnvelopeMember, i64),
    /// The code member is an `i32`, widened to the `i64` every family's code is read as.
    pub code_is_i32: bool,
    /// The string member that must also say success, and its value.
    pub status: Option<(EnvelopeMember, String)>,
    pub message: Option<EnvelopeMember>,
}

#[derive(Debug, Clone)]
pub struct EnvelopeMember {
    pub wire: String,
    pub rust: String,
    pub holding: Holding,
}

/// How a member's value is held: plain (required, never null), in one `Option`, or in two (may
/// be absent and may be null).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holding {
    Plain,
    Option,
    OptionOption,
}

/// The Rust field holding an object's members besides its declared properties (unknown or
/// documented as `additionalProperties`).
pub const EXTRA_FIELD: &str = "extra";

#[derive(Debug, Clone)]
pub struct Field {
    /// `x-large-array`: a response array that can hold hundreds of thousands of rows.
    pub large_array: bool,
    pub wire_name: String,
    pub rust_name: String,
    pub aliases: Vec<String>,
    /// The type of a present value; [`Ty::Nullable`] when `null` is allowed.
    pub ty: Ty,
    pub required: bool,
    /// The tolerance policy: a required array or map that is not nullable decodes `null` as
    /// empty (AiRudder's backends send `null` for empty lists).
    pub null_as_empty: bool,
    /// `const`: the only value the member takes.
    pub constant: Option<Json>,
    /// The description, with the schema's annotations (format, default, limits) appended.
    pub description: String,
}

impl Field {
    /// Both absent and `null` are allowed, so the field keeps which one it was.
    pub fn absent_or_null(&self) -> bool {
        !self.required && matches!(self.ty, Ty::Nullable(_))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String,
    /// A `format: password` string: hidden from `Debug`.
    Secret,
    I32,
    I64,
    F64,
    /// A `format: decimal` number, kept exactly as written (fractions and all).
    Decimal,
    Bool,
    /// Any JSON value (`{}`).
    Any,
    /// A generated type, by Rust name.
    Named(String),
    Vec(Box<Ty>),
    /// A JSON object with string keys and values of one type.
    Map(Box<Ty>),
    /// The value or `null`.
    Nullable(Box<Ty>),
    /// Behind a `Box`: the type reaches itself (a message quoting a message).
    Boxed(Box<Ty>),
    /// The envelope's payload: the type parameter.
    Payload,
    /// Already reported as a problem.
    Invalid,
}

#[derive(Debug)]
pub struct EnumDef {
    pub name: String,
    pub spec_name: String,
    pub description: String,
    pub base: EnumBase,
    pub variants: Vec<Variant>,
}

#[derive(Debug)]
pub struct Variant {
    /// The value on the wire: a string or an integer, as [`EnumDef::base`] says.
    pub wire: Json,
    pub rust_name: String,
    /// Other spellings that decode into this variant (string enums).
    pub aliases: Vec<String>,
}

/// A `oneOf` of object schemas told apart by a tag member: an open Rust enum.
#[derive(Debug)]
pub struct UnionDef {
    pub name: String,
    pub spec_name: String,
    pub description: String,
    /// The wire name of the tag member (`type`).
    pub tag: String,
    pub variants: Vec<UnionVariant>,
    /// The webhook whose payload this is.
    pub webhook: Option<WebhookRole>,
}

/// What a type that is a webhook's payload says about its webhook (`#[webhook(...)]`).
#[derive(Debug, Clone)]
pub struct WebhookRole {
    /// The key in the spec's `webhooks`.
    pub name: String,
    /// The declared headers: wire name and whether required.
    pub headers: Vec<(String, bool)>,
}

#[derive(Debug)]
pub struct UnionVariant {
    /// The tag's value for this variant (`text`).
    pub tag_value: String,
    pub rust_name: String,
    /// The variant's struct.
    pub payload: String,
    /// Always: the variants' sizes differ as their structs do (clippy's `large_enum_variant`),
    /// and a variant may reach the union again.
    pub boxed: bool,
}

#[derive(Debug)]
pub struct AliasDef {
    pub name: String,
    pub spec_name: String,
    pub description: String,
    pub ty: Ty,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Query,
    Path,
    Header,
    Body,
}

#[derive(Debug)]
pub struct RequestField {
    pub field: Field,
    pub location: Location,
    /// The parameter's examples (body members have theirs in the body's examples).
    pub examples: Vec<Example>,
}

/// Whether a client may send a request again after a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// `GET`: safe by its method.
    SafeMethod,
    /// Another method the spec marks `x-idempotent` (a read-only `POST`).
    Marked,
    /// May change something (create a task, place calls): never retried.
    Unsafe,
}

impl Idempotency {
    pub fn is_retryable(self) -> bool {
        self != Idempotency::Unsafe
    }
}

#[derive(Debug)]
pub struct Operation {
    pub operation_id: String,
    pub request_name: String,
    /// The `Client` method that sends it (`get_task_detail`).
    pub client_method: String,
    pub method: HttpMethod,
    pub path: String,
    pub summary: String,
    pub description: Option<String>,
    pub deprecated: bool,
    pub page: Option<Page>,
    pub idempotency: Idempotency,
    /// The constant of the token scheme it carries; `None` when it is sent without a token.
    pub token: Option<String>,
    /// The body is a form (`application/x-www-form-urlencoded`).
    pub form: bool,
    pub fields: Vec<RequestField>,
    /// Whether the operation has a request body (whose members besides the named ones go in
    /// the request's [`EXTRA_FIELD`]).
    pub has_body: bool,
    /// The type the body documents for members besides the declared ones
    /// (`additionalProperties`); without it they may be of any JSON type.
    pub body_extra: Option<Ty>,
    /// The payload's type ([`Ty::Any`] when the answer is undocumented).
    pub response: Ty,
    /// The Rust name of the envelope type the answer comes in.
    pub envelope: String,

    /// Why the answer has no schema, when the page shows none.
    pub undocumented_answer: Option<String>,
    pub request_examples: Vec<Example>,
    pub response_examples: Vec<Example>,
    /// When the answer has an `x-large-array`: how it streams.
    pub rows: Option<Rows>,
    /// When the answer comes a page at a time (`x-paged`): how every page is asked for.
    pub paged: Option<Paged>,
}

/// An answer that comes a page at a time: the request member set to each page's offset, and the
/// payload member counting every row (both `i64`).
#[derive(Debug)]
pub struct Paged {
    pub limit_wire: String,
    pub offset_wire: String,
    pub total_wire: String,
    /// The request field holding the offset, and whether it is an `Option`.
    pub offset_field: String,
    pub offset_optional: bool,
    /// The header field holding the total, and whether it is an `Option`.
    pub total_field: String,
    pub total_optional: bool,
    /// The `Client` method that reads every page (`query_pds_task_detail_pages`).
    pub method: String,
}

/// A security scheme whose token an operation obtains (`x-token`), checked against that
/// operation: its request carries the key and secret members, its payload the token.
#[derive(Debug)]
pub struct TokenSchemeDef {
    pub name: String,
    /// The generated `TokenScheme` constant (`PDS_TOKEN_SCHEME`).
    pub const_name: String,
    pub operation_id: String,
    /// The request type of that operation.
    pub request_name: String,
    pub key_member: String,
    pub secret_member: String,
    /// A JSON pointer into the payload.
    pub pointer: String,
}

/// The streamed form of an answer whose `data` has an `x-large-array`.
#[derive(Debug)]
pub struct Rows {
    /// The array's wire name (`detail`).
    pub array: String,
    /// The type of the answer's other fields.
    pub header: String,
    /// The type of one row.
    pub row: Ty,
    /// The wire names of a row's fields when a row is an object type (the columns of a table).
    pub row_fields: Vec<String>,
    /// The `Client` method that streams it (`get_task_detail_stream`).
    pub stream_method: String,
}

#[derive(Debug)]
pub struct Webhook {
    /// The key in the spec's `webhooks` (`workflowStatusChanged`).
    pub name: String,
    pub summary: String,
    pub page: Option<Page>,
    /// The payload's type (a struct or a union).
    pub payload: String,
    /// Its variant of the generated `Notification`.
    pub variant: String,
    /// Header parameters: checked by a receiver, sent by the mock.
    pub headers: Vec<RequestField>,
    pub examples: Vec<Example>,
    /// The answer's type and examples (`{}`), when documented.
    pub ack: Option<(Ty, Vec<Example>)>,
}
