//! The typed model of a deriving type: `DeriveInput` plus its attributes, read into an endpoint
//! (method, template, response, fields with wire names and locations) or a webhook.

use proc_macro2::Span;
use proc_macro2::TokenStream;
use syn::ext::IdentExt;
use syn::{
    Data, DeriveInput, Fields, GenericArgument, Generics, Ident, LitStr, PathArguments, Type,
};

use crate::attr::{self, FieldLocation};
use crate::errors::Errors;
use crate::path::PathTemplate;
use crate::valid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    /// Only the uppercase spelling: the attribute reads like the wire, as in the spec.
    pub(crate) fn from_wire(method: &str) -> Option<HttpMethod> {
        match method {
            "GET" => Some(HttpMethod::Get),
            "POST" => Some(HttpMethod::Post),
            "PUT" => Some(HttpMethod::Put),
            "PATCH" => Some(HttpMethod::Patch),
            "DELETE" => Some(HttpMethod::Delete),
            _ => None,
        }
    }

    pub(crate) fn variant(self) -> &'static str {
        match self {
            HttpMethod::Get => "Get",
            HttpMethod::Post => "Post",
            HttpMethod::Put => "Put",
            HttpMethod::Patch => "Patch",
            HttpMethod::Delete => "Delete",
        }
    }

    /// Where a field without its own `#[endpoint(...)]` goes: methods without a body
    /// (by convention) take parameters in the query.
    fn default_location(self) -> Location {
        match self {
            HttpMethod::Get | HttpMethod::Delete => Location::Query,
            HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch => Location::Body,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    Query,
    Body,
    Path,
    Header,
    /// A map whose entries are written into the body after the named members.
    Extra,
}

impl Location {
    /// The attribute key that selects this location.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Location::Query => "query",
            Location::Body => "body",
            Location::Path => "path",
            Location::Header => "header",
            Location::Extra => "extra",
        }
    }
}

pub(crate) struct Endpoint<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    pub(crate) method: HttpMethod,
    pub(crate) path: LitStr,
    pub(crate) template: PathTemplate,
    pub(crate) response: Type,
    pub(crate) operation_id: String,
    pub(crate) idempotent: bool,
    /// The token scheme the request carries: `None` when `unauthenticated`, else the
    /// `token = ...` constant, else (`Some(None)`) the spec's default scheme.
    pub(crate) token: Option<Option<syn::Path>>,
    /// `envelope = ...`, else the spec's `Envelope`.
    pub(crate) envelope: Option<syn::Path>,
    /// `form`: the body is a form.
    pub(crate) form: bool,
    pub(crate) fields: Vec<Field<'a>>,
    /// Where `airudder_models` is (`::airudder_models` unless `crate = "..."` says).
    pub(crate) krate: TokenStream,
}

/// The path of `airudder_models` the output uses: the `crate = "..."` one, or the crate itself.
pub(crate) fn models_path(krate: Option<syn::Path>) -> TokenStream {
    match krate {
        Some(path) => quote::quote!(#path),
        None => quote::quote!(::airudder_models),
    }
}

pub(crate) struct Field<'a> {
    pub(crate) member: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) wire_name: String,
    /// The `rename` literal if there is one, else the field's name.
    pub(crate) wire_name_span: Span,
    /// The field's own `#[endpoint(query | body | path)]`, if any.
    pub(crate) explicit: Option<FieldLocation>,
    /// `Option<...>`: left out of the query or body when `None`.
    pub(crate) optional: bool,
    /// The type of the value put on the wire: `T` of an `Option<T>`, else the field's type.
    pub(crate) value_ty: &'a Type,
}

impl Field<'_> {
    pub(crate) fn location(&self, method: HttpMethod) -> Location {
        self.explicit
            .map_or_else(|| method.default_location(), |explicit| explicit.location)
    }

    pub(crate) fn explicitly(&self, location: Location) -> Option<Span> {
        self.explicit
            .filter(|explicit| explicit.location == location)
            .map(|explicit| explicit.span)
    }
}

impl<'a> Endpoint<'a> {
    /// Reads and checks everything, reporting all mistakes together.
    pub(crate) fn from_syn(input: &'a DeriveInput) -> syn::Result<Endpoint<'a>> {
        let mut errors = Errors::default();
        let attrs = attr::endpoint_container(&input.attrs, &mut errors);
        attr::serde_container(&input.attrs, &mut errors);
        let fields = named_fields(input, &mut errors);

        match attrs.anchor {
            // Each missing key points at the attribute it belongs in.
            Some(anchor) => {
                if !attrs.seen.contains("method") {
                    errors.at(
                        anchor,
                        "missing `method` in #[endpoint(...)]; add method = \"GET\" (or \"POST\", \"PUT\", \"PATCH\", \"DELETE\")",
                    );
                }
                if !attrs.seen.contains("path") {
                    errors.at(anchor, "missing `path` in #[endpoint(...)]; add path = \"/...\"");
                }
                if !attrs.seen.contains("response") {
                    errors.at(
                        anchor,
                        "missing `response` in #[endpoint(...)]; add response = T, the type of the envelope's payload",
                    );
                }
            }
            None => errors.at(
                input.ident.span(),
                "missing #[endpoint(method = \"...\", path = \"/...\", response = T)] attribute; add it above the struct",
            ),
        }

        // Malformed parameters leave no template to check the fields against (that would only
        // repeat the same mistake as field errors); a badly formed literal part does.
        let template = attrs.path.as_ref().and_then(|path| {
            let parsed = PathTemplate::parse(&path.value());
            let form_errors = PathTemplate::form_errors(&path.value());
            for error in parsed
                .as_ref()
                .err()
                .into_iter()
                .flatten()
                .chain(&form_errors)
            {
                errors.at(path.span(), error);
            }
            parsed.ok()
        });
        let method = attrs.method;

        if let Some(fields) = &fields {
            if let (Some(template), Some(path)) = (&template, &attrs.path) {
                valid::path_parameters_match_fields(template, path, fields, &mut errors);
            }
            valid::path_fields_are_required(fields, &mut errors);
            valid::header_names_are_valid(fields, &mut errors);
            valid::one_extra_field_at_most(fields, &mut errors);
            if let Some(method) = method {
                valid::no_body_on_get(method, fields, &mut errors);
                valid::wire_names_are_unique(method, fields, &mut errors);
            }
        }

        let endpoint = (|| {
            Some(Endpoint {
                ident: &input.ident,
                generics: &input.generics,
                method: method?,
                path: attrs.path?,
                template: template?,
                response: attrs.response?,
                operation_id: attrs.operation_id.map_or_else(
                    || input.ident.unraw().to_string(),
                    |literal| literal.value(),
                ),
                idempotent: method? == HttpMethod::Get || attrs.idempotent.is_some(),
                token: attrs.unauthenticated.is_none().then(|| attrs.token.clone()),
                envelope: attrs.envelope.clone(),
                form: attrs.form.is_some(),
                fields: fields?,
                krate: models_path(attrs.krate.clone()),
            })
        })();
        errors.finish(endpoint, "Endpoint")
    }
}

/// The struct's named fields; any other shape is reported.
fn named_fields<'a>(input: &'a DeriveInput, errors: &mut Errors) -> Option<Vec<Field<'a>>> {
    const SHAPE: &str = "#[derive(Endpoint)] supports structs with named fields";
    let fields = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => fields,
            Fields::Unnamed(fields) => {
                errors.spanned(fields, format!("{SHAPE}; name this struct's fields"));
                return None;
            }
            Fields::Unit => {
                errors.at(
                    input.ident.span(),
                    format!(
                        "{SHAPE}; write `struct {} {{}}` for an endpoint without parameters",
                        input.ident
                    ),
                );
                return None;
            }
        },
        Data::Enum(data) => {
            errors.at(data.enum_token.span, SHAPE);
            return None;
        }
        Data::Union(data) => {
            errors.at(data.union_token.span, SHAPE);
            return None;
        }
    };
    let fields = fields
        .named
        .iter()
        .filter_map(|field| {
            let member = field.ident.as_ref()?;
            let option_inner = option_inner(&field.ty);
            let optional = option_inner.is_some();
            let explicit = attr::endpoint_field(&field.attrs, errors);
            let extra = explicit.is_some_and(|e| e.location == Location::Extra);
            let serde = attr::serde_field(&field.attrs, optional, extra, errors);
            let (wire_name, wire_name_span) = match serde.rename {
                Some(rename) => (rename.value(), rename.span()),
                None => (member.unraw().to_string(), member.span()),
            };
            Some(Field {
                member,
                ty: &field.ty,
                wire_name,
                wire_name_span,
                explicit,
                optional,
                value_ty: option_inner.unwrap_or(&field.ty),
            })
        })
        .collect();
    Some(fields)
}

/// `T` when `ty` is written as `Option<T>` (any path ending in `Option`). Purely syntactic: a
/// type alias of `Option` makes a required field, which is the safe direction (always sent).
fn option_inner(ty: &Type) -> Option<&Type> {
    match ty {
        Type::Group(group) => option_inner(&group.elem),
        Type::Paren(paren) => option_inner(&paren.elem),
        Type::Path(path) if path.qself.is_none() => {
            let segment = path.path.segments.last()?;
            let PathArguments::AngleBracketed(arguments) = &segment.arguments else {
                return None;
            };
            match (
                segment.ident == "Option",
                arguments.args.len(),
                arguments.args.first(),
            ) {
                (true, 1, Some(GenericArgument::Type(inner))) => Some(inner),
                _ => None,
            }
        }
        _ => None,
    }
}

pub(crate) struct Webhook<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) generics: &'a Generics,
    pub(crate) name: LitStr,
    /// The headers a delivery carries: name and whether it is required.
    pub(crate) headers: Vec<(LitStr, bool)>,
    pub(crate) krate: TokenStream,
}

impl<'a> Webhook<'a> {
    pub(crate) fn from_syn(input: &'a DeriveInput) -> syn::Result<Webhook<'a>> {
        let mut errors = Errors::default();
        let attrs = attr::webhook(&input.attrs, &mut errors);
        if !attrs.seen.contains("name") {
            match attrs.anchor {
                Some(anchor) => errors.at(
                    anchor,
                    "missing `name` in #[webhook(...)]; add name = \"...\", the webhook's key in the spec's `webhooks`",
                ),
                None => errors.at(
                    input.ident.span(),
                    "missing #[webhook(name = \"...\")] attribute; name the webhook as in the spec's `webhooks`",
                ),
            }
        }
        valid::webhook_headers_are_valid(&attrs.headers, &mut errors);
        let headers = attrs.headers;
        let krate = models_path(attrs.krate);
        let webhook = attrs.name.map(|name| Webhook {
            ident: &input.ident,
            generics: &input.generics,
            name,
            headers,
            krate,
        });
        errors.finish(webhook, "Webhook")
    }
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    use syn::Type;

    use super::option_inner;

    #[test]
    fn option_is_recognised_by_its_last_segment() {
        let inner = |ty: Type| option_inner(&ty).cloned();
        assert_eq!(inner(parse_quote!(Option<u32>)), Some(parse_quote!(u32)));
        assert_eq!(
            inner(parse_quote!(std::option::Option<String>)),
            Some(parse_quote!(String))
        );
        assert_eq!(
            inner(parse_quote!(::core::option::Option<Vec<u8>>)),
            Some(parse_quote!(Vec<u8>))
        );
        assert_eq!(inner(parse_quote!(Vec<Option<u32>>)), None);
        assert_eq!(inner(parse_quote!(Option)), None);
        assert_eq!(inner(parse_quote!(<T as Trait>::Option<u32>)), None);
        assert_eq!(inner(parse_quote!(String)), None);
    }
}
