//! The spec's operations and webhooks as data, for tools that handle every operation generically.

use crate::{
    DecodeError, Inspection, Method, PrefixError, decode_json, decode_prefix,
    with_member_names_as_text,
};

/// Decodes a JSON document into a generated type and encodes it back: what the typed model
/// understood of it.
pub type Reencode = fn(&[u8]) -> Result<serde_json::Value, DecodeError>;

/// Decodes the first JSON document into a generated type, then the second one over it
/// (`Deserialize::deserialize_in_place`, reusing its allocations), and encodes the result back:
/// what decoding into a reused value understood, which must be what [`Reencode`] gives.
pub type ReencodeOver = fn(&[u8], &[u8]) -> Result<serde_json::Value, DecodeError>;

/// Decodes a JSON document into a generated type and says what it holds that the spec does not
/// list, with what it understood.
pub type Inspect = fn(&[u8]) -> Result<Inspection, DecodeError>;

/// [`Inspect`] for one row at the front of the text (as [`decode_prefix`]), with the bytes it took.
pub type InspectRow = fn(&str) -> Result<(Inspection, usize), PrefixError>;

/// One operation of the spec, as the generated [`OPERATIONS`](crate::OPERATIONS) lists it.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// The spec's `operationId`.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template.
    pub path: &'static str,
    /// The spec's one-line summary.
    pub summary: &'static str,
    /// Whether a client may retry it (see [`Endpoint::IDEMPOTENT`](crate::Endpoint::IDEMPOTENT)).
    pub idempotent: bool,
    /// The token scheme whose token it sends in the `Authorization` header; `None` for the
    /// token calls, sent without one.
    pub token: Option<&'static crate::TokenScheme>,
    /// The token scheme whose token this operation obtains, when it is a token call: its answer
    /// hands out a token, which the mock issues.
    pub issues_token: Option<&'static crate::TokenScheme>,
    /// Whether its body is a form (`application/x-www-form-urlencoded`) rather than JSON.
    pub form: bool,
    /// The request's fields, in the spec's order.
    pub params: &'static [ParamInfo],
    /// The wire name of the response `data` array that can hold hundreds of thousands of rows
    /// (`x-large-array` in the spec), such as `"detail"`.
    pub large_array: Option<&'static str>,
    /// When the answer comes a page at a time (`x-paged`): the members that page it. Such an
    /// operation has a `*_pages` client method that reads every page.
    pub paged: Option<PagedInfo>,
    /// The wire names of the fields of one row of that array, in the spec's order (empty when
    /// there is no large array): the columns of a table of rows.
    pub row_fields: &'static [&'static str],
    /// The spec's first request body example, as JSON text in the page's key order.
    pub request_example: Option<&'static str>,
    /// The spec's first answer example (envelope included) that is not cut, as JSON text in the
    /// page's key order.
    pub response_example: Option<&'static str>,
    /// Whether those examples were written from the page's member lists (`x-source` in the
    /// spec) rather than copied from AiRudder's page: plausible, not AiRudder's own.
    pub examples_written: bool,
    /// Why the answer has no schema, when its page shows none: `data` is then raw JSON, and the
    /// examples (if any) are unchecked.
    pub undocumented_answer: Option<&'static str>,
    /// The documentation page it comes from (`x-page`), and whether the page was cut.
    pub page: Option<PageInfo>,
    /// Decodes a request (its query or body fields as one JSON object) into the request type and
    /// encodes it back: what the typed model understood of it.
    pub reencode_request: Reencode,
    /// The envelope family its answers come in: the payload member, the success rule, the
    /// message member.
    pub envelope: &'static crate::EnvelopeInfo,
    /// Decodes a whole answer (envelope included) into the typed envelope and encodes it back.
    pub reencode_response: Reencode,
    /// [`reencode_response`](OperationInfo::reencode_response) of the second answer decoded over
    /// the first.
    pub reencode_response_over: ReencodeOver,
    /// Decodes a whole answer (or the envelope without its payload) and says what the spec does not
    /// list in it.
    pub inspect_response: Inspect,
    /// With a [`large_array`](OperationInfo::large_array): [`Inspect`] for one row, and for the
    /// rest of `data`, to check a large answer row by row.
    pub inspect_rows: Option<(InspectRow, Inspect)>,
}

/// One webhook of the spec, as the generated [`WEBHOOKS`](crate::WEBHOOKS) lists it.
#[derive(Debug, Clone, Copy)]
pub struct WebhookInfo {
    /// The key of the webhook in the spec's `webhooks` object.
    pub name: &'static str,
    /// The spec's one-line summary.
    pub summary: &'static str,
    /// The headers the page declares for a delivery (location [`ParamLocation::Header`]).
    pub headers: &'static [ParamInfo],
    /// Decodes a notification body into the payload type and encodes it back.
    pub reencode_payload: Reencode,
    /// [`reencode_payload`](WebhookInfo::reencode_payload) of the second body decoded over the
    /// first.
    pub reencode_payload_over: ReencodeOver,
    /// Decodes a notification body and says what the spec does not list in it.
    pub inspect_payload: Inspect,
    /// Decodes the integrator's answer (`{}`) into its type and encodes it back; `None` when
    /// the page does not document the answer.
    pub reencode_answer: Option<Reencode>,
    /// The spec's first example of the notification body that is not cut, as JSON text in the
    /// page's key order.
    pub example: Option<&'static str>,
    /// Whether that example was written from the page's member list rather than copied from it.
    pub example_written: bool,
    /// The documentation page it comes from (`x-page`), and whether the page was cut.
    pub page: Option<PageInfo>,
}

/// How an answer is paged (`x-paged` in the spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PagedInfo {
    /// The request member giving the page size.
    pub limit: &'static str,
    /// The request member giving how many rows to skip.
    pub offset: &'static str,
    /// The payload member counting every row.
    pub total: &'static str,
}

/// Which documentation page an operation or webhook comes from (`x-page` in the spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageInfo {
    /// The page's title.
    pub title: &'static str,
    /// What the page did not show, when only part of it was visible: the spec then types what
    /// the page shows and nothing more.
    pub partial: Option<&'static str>,
    /// Whether the facts come from AiRudder's page or from integrators' code.
    pub source: PageSource,
}

/// Where the facts of an operation or a webhook come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSource {
    /// A captured AiRudder documentation page.
    Captured,
    /// Public code of companies that integrate with AiRudder, not AiRudder's pages: unverified.
    ThirdParty,
}

impl PageInfo {
    /// One line saying where the facts come from and what is not known, for help texts.
    pub fn provenance(&self) -> String {
        let origin = match self.source {
            PageSource::Captured => format!("Documented on AiRudder's page “{}”", self.title),
            PageSource::ThirdParty => format!(
                "Not documented by AiRudder: read from third-party integrations (“{}”); unverified",
                self.title
            ),
        };
        match (self.source, self.partial) {
            (PageSource::Captured, Some(missing)) => {
                format!(
                    "Partly documented: AiRudder's page “{}” was only partly visible. {missing}",
                    self.title
                )
            }
            (PageSource::ThirdParty, Some(missing)) => format!("{origin}. {missing}"),
            (_, None) => format!("{origin}."),
        }
    }
}

/// Where a request field goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// The query string.
    Query,
    /// A `{name}` segment of the path.
    Path,
    /// A request header.
    Header,
    /// A member of the JSON body.
    Body,
}

/// One field of an operation's request, as the catalog lists it.
#[derive(Debug, Clone, Copy)]
pub struct ParamInfo {
    /// The name on the wire (`"TaskID"`).
    pub name: &'static str,
    /// Where it goes.
    pub location: ParamLocation,
    /// Whether the spec requires it.
    pub required: bool,
    /// Its JSON type as the spec gives it (`"string"`, `"integer"`, ...).
    pub json_type: &'static str,
    /// The spec's description.
    pub description: &'static str,
    /// The spec's first example value, as JSON text.
    pub example: Option<&'static str>,
    /// A `format: password` value (the APPSecret): tools read it from the environment or a
    /// prompt, never from a command line that `ps` and shell histories show.
    pub secret: bool,
    /// Whether the spec allows `null` for it.
    pub nullable: bool,
    /// For an enum, the values the spec lists (and their documented other spellings), each as
    /// JSON text (`"\"Finished\""`, `2`); empty otherwise.
    pub values: &'static [&'static str],
}

/// Decodes `body` as `T` and encodes the typed value back to JSON.
pub fn reencode<T>(body: &[u8]) -> Result<serde_json::Value, DecodeError>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let typed: T = decode_json(body)?;
    serde_json::to_value(&typed).map_err(|source| DecodeError::at(".", source))
}

/// Decodes `first` as `T`, then `body` over it in place, and encodes the typed value back.
pub fn reencode_over<T>(first: &[u8], body: &[u8]) -> Result<serde_json::Value, DecodeError>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let mut typed: T = decode_json(first)?;
    // Names as text, as `decode_json` reads them, so both decode the same documents alike.
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    with_member_names_as_text(|| T::deserialize_in_place(&mut deserializer, &mut typed))
        .and_then(|()| deserializer.end())
        .map_err(|source| DecodeError::at(".", source))?;
    serde_json::to_value(&typed).map_err(|source| DecodeError::at(".", source))
}

/// [`decode_prefix`] as `T`, then encoded back: one row of a large array as the typed model
/// understands it, as JSON.
pub fn reencode_prefix<T>(text: &str) -> Result<(serde_json::Value, usize), PrefixError>
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let (typed, used) = decode_prefix::<T>(text)?;
    let value = serde_json::to_value(&typed)
        .map_err(|source| PrefixError::Invalid(DecodeError::at(".", source)))?;
    Ok((value, used))
}
