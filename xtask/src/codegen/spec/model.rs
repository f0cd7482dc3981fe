//! The spec model: the parts of the OpenAPI 3.1 document the generator understands, as the
//! reader found them. Everything here is structurally valid (right JSON types, known keywords,
//! references that resolve); what it means in Rust is decided by the IR.

use crate::codegen::diagnostics::Pointer;
use crate::codegen::json::Json;

/// The parts of the spec the generator understands.
#[derive(Debug, Default)]
pub struct Spec {
    pub schemas: Vec<NamedSchema>,
    /// The security schemes whose token an operation obtains (`x-token`).
    pub token_schemes: Vec<TokenSchemeSpec>,
    /// The document's `security`: what an operation without its own carries.
    pub default_security: Option<Security>,
    pub operations: Vec<Operation>,
    pub webhooks: Vec<Webhook>,
}

#[derive(Debug)]
pub struct NamedSchema {
    pub name: String,
    pub schema: Schema,
}

/// One schema object with its place in the document.
#[derive(Debug, Clone)]
pub struct Schema {
    pub pointer: Pointer,
    pub description: Option<String>,
    /// `x-rust-name`: the Rust field name when the wire name is a typo or unclear.
    pub rust_name: Option<String>,
    /// `x-aliases`: other spellings of a property that must also decode.
    pub aliases: Vec<String>,
    /// `x-envelope`: this component wraps the answers of a family of operations.
    pub envelope: Option<EnvelopeMark>,
    /// `x-large-array`: this array can hold hundreds of thousands of rows.
    pub large_array: bool,
    /// `null` is a valid value: `type: [T, "null"]`, a `{"type": "null"}` alternative of `oneOf`
    /// or `anyOf`, or `null` among the values of an `enum`.
    pub nullable: bool,
    /// Keywords that only document the value (`default`, `minimum`, `pattern`, ...), in the
    /// document's order; data is never rejected for them.
    pub annotations: Vec<Annotation>,
    pub kind: Kind,
}

/// What `x-envelope` says of a component.
#[derive(Debug, Clone)]
pub enum EnvelopeMark {
    Declared(EnvelopeSpec),
    /// Present but refused by the reader (already reported): the component is meant as an
    /// envelope, so nothing else complains that it is not one.
    Unreadable,
}

impl EnvelopeMark {
    pub fn declared(&self) -> Option<&EnvelopeSpec> {
        match self {
            EnvelopeMark::Declared(spec) => Some(spec),
            EnvelopeMark::Unreadable => None,
        }
    }
}

/// An `x-envelope` as the spec writes it: `{"payload": "data", "success": {"code": 200, "status":
/// "OK"}}`. What its members must be is checked by the IR, against the schema's properties.
#[derive(Debug, Clone)]
pub struct EnvelopeSpec {
    pub pointer: Pointer,
    /// The member that carries an operation's payload.
    pub payload: String,
    /// The members whose values say success, with those values (an integer or a string).
    pub success: Vec<(String, Json)>,
    /// The member that carries an error's message (`message` when the schema has one).
    pub message: Option<String>,
}

/// A documentation-only keyword and its value.
#[derive(Debug, Clone)]
pub struct Annotation {
    pub pointer: Pointer,
    pub keyword: String,
    pub value: Json,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// A `$ref` to `#/components/schemas/<name>`.
    Ref(String),
    String {
        format: Option<Format>,
    },
    Integer {
        format: Option<Format>,
    },
    Number {
        format: Option<Format>,
    },
    Boolean,
    /// `{"type": "null"}` alone: always null.
    Null,
    /// `const`: exactly this value.
    Const(Json),
    Array(Box<Schema>),
    /// `type: object` (or `properties` without a type). `additional` is the schema of members
    /// other than `properties` (`additionalProperties`; `true` is [`Kind::Any`]); `None` when
    /// the schema says nothing or `false`.
    Object {
        properties: Vec<(String, Schema)>,
        required: Vec<String>,
        additional: Option<Box<Schema>>,
    },
    /// An `enum` of strings or of integers.
    Enum(EnumSchema),
    AllOf(Vec<Schema>),
    /// `oneOf` of two or more alternatives that are not `{"type": "null"}`.
    OneOf {
        variants: Vec<Schema>,
        discriminator: Option<Discriminator>,
    },
    /// `{}` or `true`: any JSON value.
    Any,
    /// Already reported; lowering skips it so that later stages add no noise.
    Invalid,
}

/// A `format` value and where it is.
#[derive(Debug, Clone)]
pub struct Format {
    pub pointer: Pointer,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumBase {
    String,
    Integer,
}

#[derive(Debug, Clone)]
pub struct EnumSchema {
    pub base: EnumBase,
    /// The values other than `null`, as written.
    pub values: Vec<Json>,
    /// `x-enum-aliases`: a string value to other spellings that decode to it.
    pub aliases: Vec<(String, Vec<String>)>,
    /// `x-enum-varnames`: the Rust variant name of each value, in order (empty: derived).
    pub variant_names: Vec<String>,
}

/// `discriminator` of a `oneOf`.
#[derive(Debug, Clone)]
pub struct Discriminator {
    pub property_name: String,
    /// Tag value to the component schema it selects, with the pointer of the entry.
    pub mapping: Vec<(String, String, Pointer)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    pub fn from_key(key: &str) -> Option<HttpMethod> {
        Some(match key {
            "get" => HttpMethod::Get,
            "post" => HttpMethod::Post,
            "put" => HttpMethod::Put,
            "patch" => HttpMethod::Patch,
            "delete" => HttpMethod::Delete,
            _ => return None,
        })
    }

    pub fn as_upper(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// `x-page`: which documentation page an operation or webhook comes from, and whether it was
/// only partly visible.
#[derive(Debug, Clone)]
pub struct Page {
    pub title: String,
    /// What the capture does not show, when it was cut.
    pub partial: Option<String>,
    /// Where the facts come from (`source`).
    pub source: Source,
}

/// Where an operation's, a webhook's or an example's facts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A captured AiRudder documentation page (the default).
    Captured,
    /// Integrators' public code, not AiRudder's pages: unverified.
    ThirdParty,
    /// An example written from a member list because the page showed none.
    Written,
}

impl Source {
    /// The spelling in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Captured => "captured",
            Source::ThirdParty => "third-party",
            Source::Written => "written",
        }
    }
}

impl Page {
    /// A rustdoc paragraph: where it is documented, whether it is verified, and what its page did
    /// not show.
    pub fn rustdoc(&self) -> String {
        let origin = match (self.source, &self.partial) {
            (Source::ThirdParty | Source::Written, _) => format!(
                "**Not documented by AiRudder**: read from third-party integrations (“{}”); unverified.",
                self.title
            ),
            (Source::Captured, None) => {
                return format!("Documented on AiRudder's page “{}”.", self.title);
            }
            (Source::Captured, Some(_)) => format!(
                "**Partly documented**: AiRudder's page “{}” was only partly visible.",
                self.title
            ),
        };
        match &self.partial {
            Some(missing) => format!("{origin} {}", missing.trim()),
            None => origin,
        }
    }
}

/// A security scheme with `x-token`, as written.
#[derive(Debug, Clone)]
pub struct TokenSchemeSpec {
    /// Where its `x-token` is.
    pub pointer_in_spec: Pointer,
    pub name: String,
    /// The operationId that obtains the token.
    pub operation: String,
    /// Where the token is in that operation's payload (`/token`).
    pub token_pointer: String,
    pub key_member: String,
    pub secret_member: String,
}

/// Which token a call carries.
#[derive(Debug, Clone)]
pub enum Security {
    /// `security: []`: none (the token calls).
    None,
    /// The scheme of this name, named at this pointer.
    Scheme(String, Pointer),
}

#[derive(Debug)]
pub struct Operation {
    pub pointer: Pointer,
    pub operation_id: String,
    pub method: HttpMethod,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// `x-idempotent`: a read-only non-GET operation that a client may retry.
    pub idempotent: bool,
    /// Its own `security`, if it says one (`[]` for the token calls).
    pub security: Option<Security>,
    /// The request body is a form (`application/x-www-form-urlencoded`).
    pub form_body: bool,
    pub deprecated: bool,
    pub page: Option<Page>,
    /// `x-paged`: the answer comes a page at a time.
    pub paged: Option<PagedSpec>,
    pub parameters: Vec<Parameter>,
    pub body: Option<Media>,
    /// `None` only after a problem was reported.
    pub response: Option<Response>,
    /// The answers with another status (`default`, `4XX`, ...): the envelope each names, and where.
    pub error_answers: Vec<(String, Pointer)>,
}

/// `x-paged` as written: which request members page the answer, which payload member counts
/// every row.
#[derive(Debug, Clone)]
pub struct PagedSpec {
    pub pointer: Pointer,
    pub limit: String,
    pub offset: String,
    pub total: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    Query,
    Path,
    Header,
}

impl ParameterLocation {
    pub fn key(self) -> &'static str {
        match self {
            ParameterLocation::Query => "query",
            ParameterLocation::Path => "path",
            ParameterLocation::Header => "header",
        }
    }
}

#[derive(Debug)]
pub struct Parameter {
    pub pointer: Pointer,
    pub name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub schema: Schema,
    pub examples: Vec<Example>,
}

/// An `application/json` body with its schema and examples.
#[derive(Debug)]
pub struct Media {
    pub schema: Schema,
    pub examples: Vec<Example>,
    /// `application/x-www-form-urlencoded` rather than JSON (request bodies only).
    pub form: bool,
    /// An answer's error side (`anyOf: [<success>, {"$ref": <envelope>}]`): the envelope named,
    /// and where.
    pub error_side: Option<(String, Pointer)>,
}

/// The 200 answer of an operation or a webhook.
#[derive(Debug)]
pub enum Response {
    /// With a JSON schema.
    Documented(Media),
    /// The page shows no schema for it (a response with only a description, or marked
    /// `x-undocumented`); examples, if the page shows some, are kept unchecked.
    Undocumented {
        reason: String,
        examples: Vec<Example>,
        /// A `$ref` to the envelope the answer comes in (needed when the spec has several).
        envelope: Option<Schema>,
        pointer: Pointer,
    },
}

#[derive(Debug, Clone)]
pub struct Example {
    /// Points at the example's value.
    pub pointer: Pointer,
    pub value: Json,
    /// `x-cut`: the page shows only part of it; only what is present is checked.
    pub cut: bool,
    /// `x-source`: copied from the page (the default), or written from a member list.
    pub source: Source,
}

#[derive(Debug)]
pub struct Webhook {
    pub pointer: Pointer,
    pub name: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub page: Option<Page>,
    /// Header parameters only (a webhook's URL is the integrator's).
    pub parameters: Vec<Parameter>,
    pub body: Option<Media>,
    pub response: Option<Response>,
}

/// The `{name}` placeholders of a path template, in order.
pub fn path_placeholders(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}
