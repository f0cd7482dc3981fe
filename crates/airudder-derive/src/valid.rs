//! Semantic checks that relate keys and fields to each other: the path template against the
//! path fields, bodies on `GET`, optional path fields, two fields sharing a wire name, header
//! names, and the one map of extra body members. Each check reports every violation it finds,
//! at the token to change.

use syn::LitStr;

use crate::ast::{Field, HttpMethod, Location};
use crate::errors::Errors;
use crate::path::PathTemplate;

/// Every `{name}` needs a path field with that wire name, and every path field a `{name}`.
pub(crate) fn path_parameters_match_fields(
    template: &PathTemplate,
    path: &LitStr,
    fields: &[Field<'_>],
    errors: &mut Errors,
) {
    for name in template.parameters() {
        let is_path_field = |field: &&Field<'_>| {
            field.wire_name == name && field.explicitly(Location::Path).is_some()
        };
        if fields.iter().any(|field| is_path_field(&field)) {
            continue;
        }
        // A field with the right name that went to the query or body is the likely mistake.
        let hint = match fields.iter().find(|field| field.wire_name == name) {
            Some(field) => format!("mark field `{}` with #[endpoint(path)]", field.member),
            None => "add a field with #[endpoint(path)]".to_owned(),
        };
        errors.at(
            path.span(),
            format!("path parameter `{{{name}}}` has no matching field; {hint}"),
        );
    }
    for field in fields {
        if let Some(span) = field.explicitly(Location::Path) {
            if !template.has_parameter(&field.wire_name) {
                errors.at(
                    span,
                    format!(
                        "path field `{}` is not in the path \"{}\"; add `{{{}}}` to the path or remove #[endpoint(path)]",
                        field.member,
                        path.value(),
                        field.wire_name
                    ),
                );
            }
        }
    }
}

/// A path parameter cannot be left out, so an `Option` there has no meaning on the wire.
pub(crate) fn path_fields_are_required(fields: &[Field<'_>], errors: &mut Errors) {
    for field in fields {
        if field.optional && field.explicitly(Location::Path).is_some() {
            errors.spanned(
                field.ty,
                format!(
                    "path field `{}` cannot be an `Option`; a path parameter is always sent, so make the field required",
                    field.member
                ),
            );
        }
    }
}

/// `GET` requests carry no body: servers and proxies may drop it.
pub(crate) fn no_body_on_get(method: HttpMethod, fields: &[Field<'_>], errors: &mut Errors) {
    if method != HttpMethod::Get {
        return;
    }
    for field in fields {
        for location in [Location::Body, Location::Extra] {
            if let Some(span) = field.explicitly(location) {
                errors.at(
                    span,
                    format!(
                        "field `{}` is marked #[endpoint({})] but a GET request has no body; use #[endpoint(query)] or another method",
                        field.member,
                        location.key()
                    ),
                );
            }
        }
    }
}

/// Two fields with one wire name in the same place would send the parameter twice.
pub(crate) fn wire_names_are_unique(method: HttpMethod, fields: &[Field<'_>], errors: &mut Errors) {
    for (index, field) in fields.iter().enumerate() {
        let location = field.location(method);
        if location == Location::Extra {
            continue;
        }
        // Header names are case-insensitive.
        let same_name = |a: &str, b: &str| {
            if location == Location::Header {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        };
        let earlier = fields[..index].iter().find(|earlier| {
            same_name(&earlier.wire_name, &field.wire_name) && earlier.location(method) == location
        });
        if let Some(earlier) = earlier {
            errors.at(
                field.wire_name_span,
                format!(
                    "fields `{}` and `{}` both go to the {} as `{}`; rename one with #[serde(rename = \"...\")]",
                    earlier.member,
                    field.member,
                    location.key(),
                    field.wire_name
                ),
            );
        }
    }
}

/// Headers the client sets itself; a field must not send them a second time.
const CLIENT_HEADERS: &[&str] = &["authorization", "content-type", "user-agent"];

/// RFC 9110 token characters: what a header name is made of.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// A webhook's declared headers are header names, each once; `Content-Type` is the receiver's
/// to check, not a declaration's.
pub(crate) fn webhook_headers_are_valid(headers: &[(LitStr, bool)], errors: &mut Errors) {
    for (index, (header, _)) in headers.iter().enumerate() {
        let name = header.value();
        if !is_header_name(&name) {
            errors.at(
                header.span(),
                format!("`{name}` is not an HTTP header name"),
            );
        } else if name.eq_ignore_ascii_case("content-type") {
            errors.at(
                header.span(),
                "the receiver checks `Content-Type` itself; remove this header",
            );
        } else if headers[..index]
            .iter()
            .any(|(earlier, _)| earlier.value().eq_ignore_ascii_case(&name))
        {
            errors.at(
                header.span(),
                format!("the header `{name}` is declared twice; keep one"),
            );
        }
    }
}

/// A header field's wire name is an HTTP header name (RFC 9110 token characters), and not one
/// of the headers the client sets itself.
pub(crate) fn header_names_are_valid(fields: &[Field<'_>], errors: &mut Errors) {
    for field in fields {
        if field.explicitly(Location::Header).is_none() {
            continue;
        }
        let name = &field.wire_name;
        if !is_header_name(name) {
            errors.at(
                field.wire_name_span,
                format!(
                    "`{name}` is not an HTTP header name; name the header with #[serde(rename = \"X-Header-Name\")]"
                ),
            );
        } else if CLIENT_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            errors.at(
                field.wire_name_span,
                format!(
                    "the client sets the `{name}` header itself; remove this field (tokens come from the client's credentials, the user agent from its builder)"
                ),
            );
        }
    }
}

/// The members besides the named ones come from one map.
pub(crate) fn one_extra_field_at_most(fields: &[Field<'_>], errors: &mut Errors) {
    let mut extras = fields
        .iter()
        .filter_map(|field| field.explicitly(Location::Extra).map(|span| (field, span)));
    let Some((first, _)) = extras.next() else {
        return;
    };
    if first.optional {
        errors.spanned(
            first.ty,
            format!(
                "extra field `{}` cannot be an `Option`; an empty map writes no member",
                first.member
            ),
        );
    }
    for (field, span) in extras {
        errors.at(
            span,
            format!(
                "fields `{}` and `{}` are both #[endpoint(extra)]; keep one map for the members besides the named ones",
                first.member, field.member
            ),
        );
    }
}
