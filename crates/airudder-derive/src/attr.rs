//! Parsing of the attributes the derives read: `#[endpoint(...)]` on the struct and on fields,
//! `#[webhook(...)]`, and the `#[serde(...)]` keys that decide a field's wire name. Every key and
//! value keeps its span, so errors can point at the exact token.

use proc_macro2::{Span, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::spanned::Spanned;
use syn::{Attribute, Ident, LitStr, Token, Type, token};

use crate::ast::{HttpMethod, Location};
use crate::errors::Errors;

const CONTAINER_KEYS: &str = "`method`, `path`, `response`, `envelope`, `operation_id`, `idempotent`, `unauthenticated`, `token`, `form`, `crate`";
const FIELD_KEYS: &str = "`query`, `body`, `path`, `header`, `extra`";
const WEBHOOK_KEYS: &str = "`name`, `header`, `optional_header`, `crate`";

/// The keys of the struct's `#[endpoint(...)]` attributes (several attributes are merged).
#[derive(Default)]
pub(crate) struct EndpointAttrs {
    /// The `endpoint` of the first attribute: where "missing key" errors point.
    pub(crate) anchor: Option<Span>,
    /// Keys written at least once, valid or not: a key with a bad value is not also "missing".
    pub(crate) seen: SeenKeys,
    pub(crate) method: Option<HttpMethod>,
    pub(crate) path: Option<LitStr>,
    pub(crate) response: Option<Type>,
    pub(crate) operation_id: Option<LitStr>,
    pub(crate) idempotent: Option<Ident>,
    pub(crate) unauthenticated: Option<Ident>,
    /// `envelope = PdsEnvelope`: the generic envelope type the answer comes in.
    pub(crate) envelope: Option<syn::Path>,
    /// `token = PDS_TOKEN_SCHEME`: the token scheme (a `TokenScheme` constant) the request
    /// carries.
    pub(crate) token: Option<syn::Path>,
    /// `form`: the body is sent as `application/x-www-form-urlencoded`.
    pub(crate) form: Option<Ident>,
    /// `crate = "airudder_client::models"`: where `airudder_models` is, for code that reaches it
    /// through a re-export.
    pub(crate) krate: Option<syn::Path>,
}

/// Where a field's own `#[endpoint(...)]` sends it, and the token that said so.
#[derive(Clone, Copy)]
pub(crate) struct FieldLocation {
    pub(crate) location: Location,
    pub(crate) span: Span,
}

/// What the derive takes from a field's `#[serde(...)]`.
#[derive(Default)]
pub(crate) struct SerdeField {
    pub(crate) rename: Option<LitStr>,
}

#[derive(Default)]
pub(crate) struct WebhookAttrs {
    pub(crate) anchor: Option<Span>,
    pub(crate) seen: SeenKeys,
    pub(crate) name: Option<LitStr>,
    /// `header = "..."` (required) and `optional_header = "..."`, in order.
    pub(crate) headers: Vec<(LitStr, bool)>,
    pub(crate) krate: Option<syn::Path>,
}

#[derive(Default)]
pub(crate) struct SeenKeys(Vec<String>);

impl SeenKeys {
    /// Records `key`; the second occurrence of a key is an error at that occurrence.
    fn first(&mut self, key: &Ident) -> syn::Result<()> {
        let name = key.to_string();
        if self.0.contains(&name) {
            return Err(syn::Error::new(
                key.span(),
                format!("duplicate key `{key}`; keep only one"),
            ));
        }
        self.0.push(name);
        Ok(())
    }

    pub(crate) fn contains(&self, key: &str) -> bool {
        self.0.iter().any(|seen| seen == key)
    }
}

pub(crate) fn endpoint_container(attrs: &[Attribute], errors: &mut Errors) -> EndpointAttrs {
    let mut parsed = EndpointAttrs::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("endpoint")) {
        parsed.anchor.get_or_insert_with(|| attr.path().span());
        each_key(attr, errors, |meta| container_key(meta, &mut parsed));
    }
    parsed
}

fn container_key(meta: &ParseNestedMeta<'_>, parsed: &mut EndpointAttrs) -> syn::Result<()> {
    let key = key_ident(meta, "#[endpoint(...)]", CONTAINER_KEYS)?;
    match key.to_string().as_str() {
        "method" => {
            parsed.seen.first(key)?;
            let literal = string_value(meta, key, "method = \"GET\"")?;
            let method = HttpMethod::from_wire(&literal.value()).ok_or_else(|| {
                syn::Error::new(
                    literal.span(),
                    format!(
                        "unknown method \"{}\"; use one of \"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\"",
                        literal.value()
                    ),
                )
            })?;
            parsed.method = Some(method);
        }
        "path" => {
            parsed.seen.first(key)?;
            parsed.path = Some(string_value(meta, key, "path = \"/tasks/{task_id}\"")?);
        }
        "response" => {
            parsed.seen.first(key)?;
            parsed.response = Some(type_value(meta, key)?);
        }
        "operation_id" => {
            parsed.seen.first(key)?;
            let literal = string_value(meta, key, "operation_id = \"getTaskDetail\"")?;
            if literal.value().is_empty() {
                return Err(syn::Error::new(
                    literal.span(),
                    "`operation_id` must not be empty; write the spec's operationId, or leave the key out to use the type's name",
                ));
            }
            parsed.operation_id = Some(literal);
        }
        "idempotent" => {
            parsed.seen.first(key)?;
            flag(
                meta,
                key,
                "write `idempotent` alone to mark the endpoint safe to retry",
            )?;
            parsed.idempotent = Some(key.clone());
        }
        "unauthenticated" => {
            parsed.seen.first(key)?;
            flag(
                meta,
                key,
                "write `unauthenticated` alone for an endpoint called without a token",
            )?;
            parsed.unauthenticated = Some(key.clone());
        }
        "envelope" => {
            parsed.seen.first(key)?;
            parsed.envelope = Some(path_value(
                meta,
                key,
                "envelope = PdsEnvelope, the generic envelope type",
            )?);
        }
        "token" => {
            parsed.seen.first(key)?;
            parsed.token = Some(path_value(
                meta,
                key,
                "token = PDS_TOKEN_SCHEME, a `TokenScheme` constant",
            )?);
        }
        "form" => {
            parsed.seen.first(key)?;
            flag(
                meta,
                key,
                "write `form` alone for a body sent as application/x-www-form-urlencoded",
            )?;
            parsed.form = Some(key.clone());
        }
        "crate" => {
            parsed.seen.first(key)?;
            parsed.krate = Some(crate_path(meta, key)?);
        }
        "query" | "body" | "header" | "extra" => {
            return Err(syn::Error::new(
                key.span(),
                format!("`{key}` belongs on a field; write #[endpoint({key})] above the field"),
            ));
        }
        _ => return Err(unknown_key(key, "#[endpoint(...)]", CONTAINER_KEYS)),
    }
    Ok(())
}

/// The location a field's `#[endpoint(...)]` gives it, if any.
pub(crate) fn endpoint_field(attrs: &[Attribute], errors: &mut Errors) -> Option<FieldLocation> {
    let mut found: Option<FieldLocation> = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("endpoint")) {
        each_key(attr, errors, |meta| {
            let key = key_ident(meta, "a field's #[endpoint(...)]", FIELD_KEYS)?;
            let location = match key.to_string().as_str() {
                "query" => Location::Query,
                "body" => Location::Body,
                "path" => Location::Path,
                "header" => Location::Header,
                "extra" => Location::Extra,
                "method" | "response" | "envelope" | "operation_id" | "idempotent"
                | "unauthenticated" | "token" | "form" => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "`{key}` belongs on the struct's #[endpoint(...)]; a field takes one of {FIELD_KEYS}"
                        ),
                    ));
                }
                _ => return Err(unknown_key(key, "a field's #[endpoint(...)]", FIELD_KEYS)),
            };
            flag(meta, key, &format!("write #[endpoint({key})]"))?;
            if let Some(earlier) = found {
                let message = if earlier.location == location {
                    format!("duplicate key `{key}`; keep only one")
                } else {
                    format!(
                        "`{key}` conflicts with `{}` on the same field; a field goes to one place, so keep one of #[endpoint(query)], #[endpoint(body)], #[endpoint(path)], #[endpoint(header)] or #[endpoint(extra)]",
                        earlier.location.key()
                    )
                };
                return Err(syn::Error::new(key.span(), message));
            }
            found = Some(FieldLocation {
                location,
                span: key.span(),
            });
            Ok(())
        });
    }
    found
}

/// Reads a field's wire name from `#[serde(rename = "...")]` (or `rename(serialize = "...")`),
/// and rejects the serde keys that change how a field is serialized: the derive writes each
/// field itself, so honouring them in `Serialize` only would make the two disagree. `flatten`
/// is what the derive does with an `#[endpoint(extra)]` map, so it is accepted there.
///
/// Malformed serde attributes are left to serde's own derive, which reports them; reporting
/// them here too would show every such mistake twice.
pub(crate) fn serde_field(
    attrs: &[Attribute],
    optional: bool,
    extra: bool,
    errors: &mut Errors,
) -> SerdeField {
    let mut parsed = SerdeField::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let _left_to_serde = attr.parse_nested_meta(|meta| {
            let Some(key) = meta.path.get_ident() else { return skip_value(meta.input) };
            match key.to_string().as_str() {
                "rename" if meta.input.peek(token::Paren) => meta.parse_nested_meta(|inner| {
                    if inner.path.is_ident("serialize") {
                        parsed.rename = Some(inner.value()?.parse()?);
                        Ok(())
                    } else {
                        skip_value(inner.input)
                    }
                }),
                "rename" => {
                    parsed.rename = Some(meta.value()?.parse()?);
                    Ok(())
                }
                "skip_serializing_if" => {
                    let predicate: LitStr = meta.value()?.parse()?;
                    // That is exactly what the derive does with an `Option`, so both agree.
                    if !(optional && predicate.value() == "Option::is_none") {
                        errors.at(
                            key.span(),
                            "#[serde(skip_serializing_if)] is not applied by #[derive(Endpoint)], which leaves out only `None` of `Option` fields; remove it",
                        );
                    }
                    Ok(())
                }
                "flatten" if extra => skip_value(meta.input),
                "flatten" => {
                    errors.at(
                        key.span(),
                        "#[serde(flatten)] is not applied by #[derive(Endpoint)], which writes each field itself; for members besides the named ones, mark a map field #[endpoint(extra)]",
                    );
                    skip_value(meta.input)
                }
                "skip" | "skip_serializing" | "serialize_with" | "with" | "getter" => {
                    errors.at(
                        key.span(),
                        format!(
                            "#[serde({key})] is not applied by #[derive(Endpoint)], which writes each field itself; remove it"
                        ),
                    );
                    skip_value(meta.input)
                }
                _ => skip_value(meta.input),
            }
        });
    }
    parsed
}

/// Rejects container serde keys that change the serialized fields (see [`serde_field`]).
pub(crate) fn serde_container(attrs: &[Attribute], errors: &mut Errors) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let _left_to_serde = attr.parse_nested_meta(|meta| {
            if let Some(key) = meta.path.get_ident() {
                let hint = match key.to_string().as_str() {
                    "rename_all" => Some("rename each field with #[serde(rename = \"...\")]"),
                    "transparent" | "into" | "tag" => Some("remove it"),
                    _ => None,
                };
                if let Some(hint) = hint {
                    errors.at(
                        key.span(),
                        format!(
                            "#[serde({key})] is not applied by #[derive(Endpoint)], which writes each field itself; {hint}"
                        ),
                    );
                }
            }
            skip_value(meta.input)
        });
    }
}

pub(crate) fn webhook(attrs: &[Attribute], errors: &mut Errors) -> WebhookAttrs {
    let mut parsed = WebhookAttrs::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("webhook")) {
        parsed.anchor.get_or_insert_with(|| attr.path().span());
        each_key(attr, errors, |meta| {
            let key = key_ident(meta, "#[webhook(...)]", WEBHOOK_KEYS)?;
            match key.to_string().as_str() {
                "name" => {
                    parsed.seen.first(key)?;
                    let name = string_value(meta, key, "name = \"workflowStatusChanged\"")?;
                    if name.value().is_empty() {
                        return Err(syn::Error::new(
                            name.span(),
                            "webhook `name` must not be empty; write the webhook's key in the spec's `webhooks`",
                        ));
                    }
                    parsed.name = Some(name);
                }
                "header" | "optional_header" => {
                    let header = string_value(meta, key, "header = \"X-Signature\"")?;
                    parsed.headers.push((header, key == "header"));
                }
                "crate" => {
                    parsed.seen.first(key)?;
                    parsed.krate = Some(crate_path(meta, key)?);
                }
                _ => return Err(unknown_key(key, "#[webhook(...)]", WEBHOOK_KEYS)),
            }
            Ok(())
        });
    }
    parsed
}

/// Runs `on_key` on each `key` / `key = value` / `key(...)` of `attr`. A bad key is recorded and
/// its value skipped, so parsing goes on with the next key and every mistake gets reported.
fn each_key(
    attr: &Attribute,
    errors: &mut Errors,
    mut on_key: impl FnMut(&ParseNestedMeta<'_>) -> syn::Result<()>,
) {
    let result = attr.parse_nested_meta(|meta| {
        if let Err(error) = on_key(&meta) {
            errors.push(error);
            skip_value(meta.input)?;
        }
        Ok(())
    });
    if let Err(error) = result {
        errors.push(error);
    }
}

/// Consumes whatever is left of the current key's value, up to the `,` before the next key.
fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    input.step(|cursor| {
        let mut rest = *cursor;
        while let Some((tree, next)) = rest.token_tree() {
            if matches!(&tree, TokenTree::Punct(punct) if punct.as_char() == ',') {
                break;
            }
            rest = next;
        }
        Ok(((), rest))
    })
}

fn key_ident<'m>(
    meta: &'m ParseNestedMeta<'_>,
    attribute: &str,
    known: &str,
) -> syn::Result<&'m Ident> {
    meta.path.get_ident().ok_or_else(|| {
        syn::Error::new_spanned(
            &meta.path,
            format!("unknown key in {attribute}; expected one of {known}"),
        )
    })
}

fn unknown_key(key: &Ident, attribute: &str, known: &str) -> syn::Error {
    syn::Error::new(
        key.span(),
        format!("unknown key `{key}` in {attribute}; expected one of {known}"),
    )
}

fn string_value(meta: &ParseNestedMeta<'_>, key: &Ident, example: &str) -> syn::Result<LitStr> {
    if !meta.input.peek(Token![=]) {
        return Err(syn::Error::new(
            key.span(),
            format!("`{key}` needs a value; write {example}"),
        ));
    }
    let value = meta.value()?;
    if value.peek(LitStr) {
        value.parse()
    } else {
        Err(value.error(format!("`{key}` takes a string literal; write {example}")))
    }
}

/// `crate = "some::path"`: the path `airudder_models` is reachable at.
fn crate_path(meta: &ParseNestedMeta<'_>, key: &Ident) -> syn::Result<syn::Path> {
    let literal = string_value(meta, key, "crate = \"airudder_client::models\"")?;
    literal.parse::<syn::Path>().map_err(|_| {
        syn::Error::new(
            literal.span(),
            format!(
                "`crate` takes a path such as \"airudder_client::models\", not \"{}\"",
                literal.value()
            ),
        )
    })
}

fn type_value(meta: &ParseNestedMeta<'_>, key: &Ident) -> syn::Result<Type> {
    unquoted(
        meta,
        key,
        "response = T, the type of the envelope's payload",
        "type",
    )
}

/// A key whose value is a path (`envelope = PdsEnvelope`), written without quotes.
fn path_value(meta: &ParseNestedMeta<'_>, key: &Ident, usage: &str) -> syn::Result<syn::Path> {
    unquoted(meta, key, usage, "path")
}

/// A key whose value is written without quotes (a `what`: a type, a path); `usage` says how.
fn unquoted<T: syn::parse::Parse>(
    meta: &ParseNestedMeta<'_>,
    key: &Ident,
    usage: &str,
    what: &str,
) -> syn::Result<T> {
    if !meta.input.peek(Token![=]) {
        return Err(syn::Error::new(
            key.span(),
            format!("`{key}` needs a value; write {usage}"),
        ));
    }
    let value = meta.value()?;
    if value.peek(LitStr) {
        let literal: LitStr = value.parse()?;
        return Err(syn::Error::new(
            literal.span(),
            format!(
                "`{key}` takes a {what}, not a string; write {key} = {}",
                literal.value()
            ),
        ));
    }
    value.parse()
}

fn flag(meta: &ParseNestedMeta<'_>, key: &Ident, usage: &str) -> syn::Result<()> {
    if meta.input.peek(Token![=]) || meta.input.peek(token::Paren) {
        return Err(syn::Error::new(
            key.span(),
            format!("`{key}` takes no value; {usage}"),
        ));
    }
    Ok(())
}
