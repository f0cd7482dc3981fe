//! Small token builders shared by the emitters: doc attributes, identifiers, Rust types of IR
//! types, and struct fields with the serde attributes their optionality and nullability need.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::ir::{Field, Ty, WebhookRole};
use super::spec::Page;

/// `#[doc = "..."]` attributes, one per line, so that prettyplease prints them as `///` lines.
///
/// Text from the spec is documentation, never code: a fenced block becomes `text` and indented
/// lines lose their indentation, so rustdoc never compiles a page's JSON as a doc test.
pub fn doc(text: &str) -> TokenStream {
    let mut in_fence = false;
    let lines = text.trim().lines().map(|line| {
        let trimmed = line.trim();
        let line = if let Some(info) = trimmed.strip_prefix("```") {
            let opening = !in_fence;
            in_fence = !in_fence;
            if opening && info.trim() != "text" {
                " ```text".to_owned()
            } else {
                " ```".to_owned()
            }
        } else if trimmed.is_empty() {
            String::new()
        } else if in_fence {
            format!(" {}", line.trim_end())
        } else {
            format!(" {trimmed}")
        };
        quote!(#[doc = #line])
    });
    let lines: Vec<TokenStream> = lines.collect();
    // A fence the text leaves open is closed, so it cannot swallow what follows.
    let close = in_fence.then(|| quote!(#[doc = " ```"]));
    quote!(#(#lines)* #close)
}

/// An identifier, raw (`r#type`) when the name is a keyword.
pub fn ident(name: &str) -> Ident {
    syn::parse_str::<Ident>(name).unwrap_or_else(|_| Ident::new_raw(name, Span::call_site()))
}

/// The Rust type of an IR type; named types are plain names (emitted modules import them).
pub fn rust_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Secret => quote!(crate::Secret),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F64 => quote!(f64),
        Ty::Decimal => quote!(::serde_json::Number),
        Ty::Bool => quote!(bool),
        Ty::Any => quote!(::serde_json::Value),
        Ty::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Ty::Vec(items) => {
            let items = rust_type(items);
            quote!(Vec<#items>)
        }
        Ty::Map(values) if **values == Ty::Any => {
            quote!(::serde_json::Map<String, ::serde_json::Value>)
        }
        // Ordered, as AiRudder sent it, so that encoding writes the members back in their order.
        Ty::Map(values) => {
            let values = rust_type(values);
            quote!(crate::Members<#values>)
        }
        Ty::Nullable(inner) => {
            let inner = rust_type(inner);
            quote!(Option<#inner>)
        }
        Ty::Boxed(inner) => {
            let inner = rust_type(inner);
            quote!(Box<#inner>)
        }
        Ty::Payload => quote!(T),
        // The generator stops before emitting when the spec has problems.
        Ty::Invalid => quote!(::core::convert::Infallible),
    }
}

/// The Rust type of a struct field: `Option` when it may be absent, around an `Option` when
/// it may also be `null`.
pub fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    if field.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// A struct field with its docs and serde attributes (wire name, aliases, optionality,
/// nullability, tolerance); `extra` goes before the field (e.g. `#[endpoint(query)]`).
pub fn field(field: &Field, extra: TokenStream) -> TokenStream {
    let docs = doc(&field.description);
    let name = ident(&field.rust_name);
    let mut serde_args = Vec::new();
    if field.rust_name != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    for alias in &field.aliases {
        serde_args.push(quote!(alias = #alias));
    }
    if field.absent_or_null() {
        // Absent stays `None`, `null` is `Some(None)`: each encodes back as it came.
        serde_args.push(quote!(default));
        serde_args.push(quote!(deserialize_with = "crate::__private::present"));
    }
    if field.required && matches!(field.ty, Ty::Nullable(_)) {
        // Without it serde reads a missing `Option` as `None`, which encodes back as `null`.
        serde_args.push(quote!(deserialize_with = "crate::__private::nullable"));
    }
    if field.null_as_empty {
        serde_args.push(quote!(deserialize_with = "crate::__private::null_as_empty"));
    }
    if !field.required {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let ty = field_type(field);
    let serde_attr = if serde_args.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#serde_args),*)])
    };
    quote! {
        #docs
        #serde_attr
        #extra
        pub #name: #ty,
    }
}

/// A field of a data type, whose serde impls the generator writes (`objects.rs`): its docs,
/// and for schemars the wire name.
pub fn data_field(field: &Field) -> TokenStream {
    let docs = doc(&field.description);
    let name = ident(&field.rust_name);
    let schema_name = (field.rust_name != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote!(#[cfg_attr(feature = "json-schema", schemars(rename = #wire))])
    });
    let ty = field_type(field);
    quote! {
        #docs
        #schema_name
        pub #name: #ty,
    }
}

/// The type of an object's `extra`: members of any JSON type, or of the documented
/// `additionalProperties` type.
fn extra_type(values: Option<&Ty>) -> TokenStream {
    match values {
        None | Some(Ty::Any) => quote!(crate::Members),
        Some(values) => {
            let values = rust_type(values);
            quote!(crate::Members<#values>)
        }
    }
}

/// The `extra` field of a data type. With a documented `additionalProperties` its members are
/// part of the schema; without, it holds what the spec does not know, which no schema lists.
pub fn data_extra_field(values: Option<&Ty>) -> TokenStream {
    let name = ident(super::ir::EXTRA_FIELD);
    let ty = extra_type(values);
    let (docs, schema) = match values {
        Some(_) => (
            "The members besides the named ones, which the schema allows (`additionalProperties`), in the order they came.",
            quote!(#[cfg_attr(feature = "json-schema", schemars(flatten))]),
        ),
        None => (
            "Members the spec does not know, and `null`s sent where it says a member is never null, in the order they came: kept so that encoding writes back what was decoded.",
            quote!(#[cfg_attr(feature = "json-schema", schemars(skip))]),
        ),
    };
    let docs = doc(docs);
    quote! {
        #docs
        #schema
        pub #name: #ty,
    }
}

/// The `extra` field of a request with a body: members the spec does not name (a cut page's, or
/// the documented `additionalProperties`), written into the body after the named ones.
pub fn request_extra_field(values: Option<&Ty>) -> TokenStream {
    let name = ident(super::ir::EXTRA_FIELD);
    let ty = extra_type(values);
    // (`values` is the documented `additionalProperties` type, if any.)
    let docs = doc(
        "Body members besides the named ones (what a page does not show, or allows besides them): written into the JSON body after the named ones.",
    );
    quote! {
        #docs
        #[serde(flatten)]
        #[endpoint(extra)]
        pub #name: #ty,
    }
}

/// [`Page::rustdoc`] as a paragraph to append (empty without `x-page`).
pub fn provenance(page: Option<&Page>) -> String {
    page.map(|page| format!("\n\n{}", page.rustdoc()))
        .unwrap_or_default()
}

/// `#[derive(Webhook)]` with the webhook's name and declared headers, for its payload type.
pub fn webhook_derive(role: &WebhookRole) -> TokenStream {
    let name = &role.name;
    let headers = role.headers.iter().map(|(header, required)| {
        if *required {
            quote!(, header = #header)
        } else {
            quote!(, optional_header = #header)
        }
    });
    quote! {
        #[derive(crate::Webhook)]
        #[webhook(name = #name #(#headers)*)]
    }
}
