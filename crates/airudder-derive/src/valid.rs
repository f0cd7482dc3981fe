//! Semantic checks that relate keys and fields to each other: the path template against the
//! path fields, bodies on `GET`, optional path fields, and two fields sharing a wire name. Each
//! check reports every violation it finds, at the token to change.

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
        if let Some(span) = field.explicitly(Location::Body) {
            errors.at(
                span,
                format!(
                    "field `{}` is marked #[endpoint(body)] but a GET request has no body; use #[endpoint(query)] or another method",
                    field.member
                ),
            );
        }
    }
}

/// Two fields with one wire name in the same place would send the parameter twice.
pub(crate) fn wire_names_are_unique(method: HttpMethod, fields: &[Field<'_>], errors: &mut Errors) {
    for (index, field) in fields.iter().enumerate() {
        let location = field.location(method);
        let earlier = fields[..index].iter().find(|earlier| {
            earlier.wire_name == field.wire_name && earlier.location(method) == location
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
