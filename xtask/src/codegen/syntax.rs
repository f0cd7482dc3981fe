//! Small token builders shared by the emitters: doc attributes, identifiers, Rust types of IR types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::ir::{Field, Ty};

/// `#[doc = "..."]` attributes, one per line, so that prettyplease prints them as `///` lines.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.trim().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.trim_end())
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
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
        Ty::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        Ty::Vec(items) => {
            let items = rust_type(items);
            quote!(Vec<#items>)
        }
        Ty::Map(values) => {
            let values = rust_type(values);
            quote!(::std::collections::BTreeMap<String, #values>)
        }
        Ty::Payload => quote!(T),
        // The generator stops before emitting when the spec has problems.
        Ty::Invalid => quote!(::core::convert::Infallible),
    }
}

/// A struct field with its docs and serde attributes (wire name, aliases, optionality);
/// `extra` goes before the field (e.g. `#[endpoint(query)]`).
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
    let ty = rust_type(&field.ty);
    let ty = if field.required {
        ty
    } else {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
        quote!(Option<#ty>)
    };
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
