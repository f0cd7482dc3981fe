//! Token generation: the `Endpoint` and `Webhook` impls for a checked model. Every path is
//! absolute (`#krate::...`, or the `crate = "..."` path; `::std::...`) so the output
//! means the same in any scope.
//! Each use of a trait of a field's type names the type itself (`<T as ToString>::to_string`,
//! `serialize_entry::<str, T>`), so an unsatisfied bound is reported at that type in the field.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::DeriveInput;
use syn::spanned::Spanned;

use crate::ast::{Endpoint, Field, Location, Webhook};
use crate::path::Piece;

/// The `Endpoint` impl, or the errors with a placeholder impl (as thiserror does): the user then
/// sees the mistakes in the attribute, not also an error at every use of the type as an
/// `Endpoint`. The placeholder never runs: the crate does not compile.
pub(crate) fn endpoint_or_placeholder(input: &DeriveInput) -> TokenStream {
    match derive_endpoint(input) {
        Ok(tokens) => tokens,
        Err(error) => {
            let krate = crate::ast::models_path(
                crate::attr::endpoint_container(&input.attrs, &mut Default::default()).krate,
            );
            let placeholder = placeholder_endpoint(input, &krate);
            let errors = error.into_compile_error();
            quote!(#errors #placeholder)
        }
    }
}

/// The `Webhook` impl, or the errors with a placeholder impl (see [`endpoint_or_placeholder`]).
pub(crate) fn webhook_or_placeholder(input: &DeriveInput) -> TokenStream {
    match derive_webhook(input) {
        Ok(tokens) => tokens,
        Err(error) => {
            let krate = crate::ast::models_path(
                crate::attr::webhook(&input.attrs, &mut Default::default()).krate,
            );
            let ident = &input.ident;
            let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
            let errors = error.into_compile_error();
            quote! {
                #errors
                impl #impl_generics #krate::Webhook for #ident #ty_generics #where_clause {
                    const NAME: &'static str = "";
                }
            }
        }
    }
}

pub(crate) fn derive_endpoint(input: &DeriveInput) -> syn::Result<TokenStream> {
    Endpoint::from_syn(input).map(|endpoint| endpoint_impl(&endpoint))
}

pub(crate) fn derive_webhook(input: &DeriveInput) -> syn::Result<TokenStream> {
    Webhook::from_syn(input).map(|webhook| webhook_impl(&webhook))
}

fn placeholder_endpoint(input: &DeriveInput, krate: &TokenStream) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let never = quote!(::std::unreachable!(
        "the derive reported an error; this crate does not compile"
    ));
    quote! {
        impl #impl_generics #krate::Endpoint for #ident #ty_generics #where_clause {
            type Response = #krate::__private::serde_json::Value;
            type Envelope = #krate::__private::UnknownEnvelope;
            const OPERATION_ID: &'static str = "";
            const METHOD: #krate::Method = #krate::Method::Get;
            const PATH_TEMPLATE: &'static str = "";
            const IDEMPOTENT: bool = false;
            const TOKEN: ::core::option::Option<&'static #krate::TokenScheme> =
                ::core::option::Option::None;
            const HAS_BODY: bool = false;
            fn path(&self) -> ::std::string::String { #never }
            fn query(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> { #never }
            fn write_body(
                &self,
                _: &mut ::std::vec::Vec<u8>,
            ) -> ::std::result::Result<(), #krate::__private::serde_json::Error> {
                #never
            }
        }
    }
}

fn endpoint_impl(endpoint: &Endpoint<'_>) -> TokenStream {
    let krate = &endpoint.krate;
    let ident = endpoint.ident;
    let (impl_generics, ty_generics, where_clause) = endpoint.generics.split_for_impl();
    let response = &endpoint.response;
    // The associated type's bound (`DeserializeOwned`) is then reported at the user's type.
    let response_type = quote_spanned!(response.span()=> type Response = #response;);
    let operation_id = &endpoint.operation_id;
    let method = format_ident!("{}", endpoint.method.variant());
    let path_template = &endpoint.path;
    let idempotent = endpoint.idempotent;
    let token = match &endpoint.token {
        None => quote!(::core::option::Option::None),
        Some(Some(scheme)) => quote!(::core::option::Option::Some(&#scheme)),
        Some(None) => quote!(#krate::DEFAULT_TOKEN_SCHEME),
    };
    let form = endpoint.form;
    let envelope = match &endpoint.envelope {
        Some(envelope) => quote!(#envelope),
        None => quote!(#krate::Envelope),
    };
    let envelope_type = quote_spanned!(response.span()=> type Envelope = #envelope<#response>;);

    let has_body = endpoint.fields.iter().any(|field| {
        matches!(
            field.location(endpoint.method),
            Location::Body | Location::Extra
        )
    });
    let path_fn = path_fn(endpoint);
    let query_fn = query_fn(endpoint);
    let headers_fn = headers_fn(endpoint);
    let write_body_fn = write_body_fn(endpoint);

    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::Endpoint for #ident #ty_generics #where_clause {
            #response_type
            #envelope_type
            const OPERATION_ID: &'static str = #operation_id;
            const METHOD: #krate::Method = #krate::Method::#method;
            const PATH_TEMPLATE: &'static str = #path_template;
            const IDEMPOTENT: bool = #idempotent;
            const TOKEN: ::core::option::Option<&'static #krate::TokenScheme> = #token;
            const HAS_BODY: bool = #has_body;
            const FORM: bool = #form;
            #path_fn
            #query_fn
            #headers_fn
            #write_body_fn

            // Out of line, in the crate that declares the endpoint: the decoding of its answer's
            // types is compiled there once, not again in every crate that sends the request (a
            // generic request type is still compiled where it is instantiated).
            #[inline(never)]
            fn decode_response(
                body: &[u8],
            ) -> ::core::result::Result<
                #krate::EnvelopeParts<<Self as #krate::Endpoint>::Response>,
                #krate::DecodeError,
            > {
                #krate::__private::decode_response::<Self>(body)
            }
        }
    }
}

fn fields_at<'e, 'a>(
    endpoint: &'e Endpoint<'a>,
    location: Location,
) -> impl Iterator<Item = &'e Field<'a>> {
    endpoint
        .fields
        .iter()
        .filter(move |field| field.location(endpoint.method) == location)
}

/// Encodes each parameter once (a name may appear twice), then builds the path in a `String`
/// sized for the literal pieces plus the encoded parameters.
fn path_fn(endpoint: &Endpoint<'_>) -> TokenStream {
    let krate = &endpoint.krate;
    let parameters = endpoint.template.parameters();
    if parameters.is_empty() {
        let path = &endpoint.path;
        return quote! {
            fn path(&self) -> ::std::string::String {
                ::std::string::String::from(#path)
            }
        };
    }
    let segment = |index: usize| format_ident!("segment_{index}");
    let encode = parameters.iter().enumerate().filter_map(|(index, name)| {
        // Validation guarantees a path field for every parameter.
        let field = fields_at(endpoint, Location::Path).find(|field| field.wire_name == *name)?;
        let member = field.member;
        let segment = segment(index);
        let ty = field.ty;
        Some(quote! {
            let #segment = #krate::encode_path_segment(
                &<#ty as ::std::string::ToString>::to_string(&self.#member),
            );
        })
    });
    let literal_len = Literal::usize_unsuffixed(endpoint.template.literal_len());
    let segment_lens = endpoint
        .template
        .pieces()
        .iter()
        .filter_map(|piece| match piece {
            Piece::Literal(_) => None,
            Piece::Parameter(name) => {
                let segment = segment(parameters.iter().position(|p| p == name)?);
                Some(quote!(+ #segment.len()))
            }
        });
    let pushes = endpoint
        .template
        .pieces()
        .iter()
        .filter_map(|piece| match piece {
            Piece::Literal(text) => Some(quote!(path.push_str(#text);)),
            Piece::Parameter(name) => {
                let segment = segment(parameters.iter().position(|p| p == name)?);
                Some(quote!(path.push_str(&#segment);))
            }
        });
    quote! {
        fn path(&self) -> ::std::string::String {
            #(#encode)*
            let mut path = ::std::string::String::with_capacity(#literal_len #(#segment_lens)*);
            #(#pushes)*
            path
        }
    }
}

fn query_fn(endpoint: &Endpoint<'_>) -> TokenStream {
    let fields: Vec<&Field<'_>> = fields_at(endpoint, Location::Query).collect();
    if fields.is_empty() {
        return quote! {
            fn query(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
                ::std::vec::Vec::new()
            }
        };
    }
    let body = text_pairs(&fields, &format_ident!("query"));
    quote! {
        fn query(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
            #body
        }
    }
}

/// Only written when there are header fields: the trait's default has none.
fn headers_fn(endpoint: &Endpoint<'_>) -> Option<TokenStream> {
    let fields: Vec<&Field<'_>> = fields_at(endpoint, Location::Header).collect();
    if fields.is_empty() {
        return None;
    }
    let body = text_pairs(&fields, &format_ident!("headers"));
    Some(quote! {
        fn headers(&self) -> ::std::vec::Vec<(&'static str, ::std::string::String)> {
            #body
        }
    })
}

/// Builds `(wire name, value)` pairs of `fields` in a vector named `list`, each value written
/// with `ToString`, absent optional ones left out.
fn text_pairs(fields: &[&Field<'_>], list: &proc_macro2::Ident) -> TokenStream {
    let capacity = Literal::usize_unsuffixed(fields.len());
    let pushes = fields.iter().map(|field| {
        let member = field.member;
        let name = &field.wire_name;
        let ty = field.value_ty;
        if field.optional {
            quote! {
                if let ::std::option::Option::Some(value) = &self.#member {
                    #list.push((#name, <#ty as ::std::string::ToString>::to_string(value)));
                }
            }
        } else {
            quote! {
                #list.push((#name, <#ty as ::std::string::ToString>::to_string(&self.#member)));
            }
        }
    });
    quote! {
        let mut #list = ::std::vec::Vec::with_capacity(#capacity);
        #(#pushes)*
        #list
    }
}

/// Serializes the body fields as one JSON object straight into `out`: no intermediate
/// `serde_json::Value`, and no requirement that the whole struct be `Serialize`.
fn write_body_fn(endpoint: &Endpoint<'_>) -> TokenStream {
    let krate = &endpoint.krate;
    let fields: Vec<&Field<'_>> = fields_at(endpoint, Location::Body).collect();
    let extra = fields_at(endpoint, Location::Extra).next();
    if fields.is_empty() && extra.is_none() {
        return quote! {
            fn write_body(
                &self,
                _out: &mut ::std::vec::Vec<u8>,
            ) -> ::std::result::Result<(), #krate::__private::serde_json::Error> {
                ::std::result::Result::Ok(())
            }
        };
    }
    // The exact entry count when it is known; serde_json does not need it, other formats might.
    let len = if extra.is_some() || fields.iter().any(|field| field.optional) {
        quote!(::std::option::Option::None)
    } else {
        let len = Literal::usize_unsuffixed(fields.len());
        quote!(::std::option::Option::Some(#len))
    };
    let entries = fields.iter().map(|field| {
        let member = field.member;
        let name = &field.wire_name;
        let ty = field.value_ty;
        let serialize_entry = quote! {
            #krate::__private::serde::ser::SerializeMap::serialize_entry::<str, #ty>
        };
        if field.optional {
            quote! {
                if let ::std::option::Option::Some(value) = &self.#member {
                    #serialize_entry(&mut map, #name, value)?;
                }
            }
        } else {
            quote!(#serialize_entry(&mut map, #name, &self.#member)?;)
        }
    });
    // After the named members, in the map's order.
    let extra_entries = extra.map(|field| {
        let member = field.member;
        quote! {
            for (key, value) in &self.#member {
                #krate::__private::serde::ser::SerializeMap::serialize_entry(&mut map, key, value)?;
            }
        }
    });
    quote! {
        fn write_body(
            &self,
            out: &mut ::std::vec::Vec<u8>,
        ) -> ::std::result::Result<(), #krate::__private::serde_json::Error> {
            let mut serializer = #krate::__private::serde_json::Serializer::new(out);
            let mut map = #krate::__private::serde::Serializer::serialize_map(&mut serializer, #len)?;
            #(#entries)*
            #extra_entries
            #krate::__private::serde::ser::SerializeMap::end(map)
        }
    }
}

fn webhook_impl(webhook: &Webhook<'_>) -> TokenStream {
    let krate = &webhook.krate;
    let ident = webhook.ident;
    let (impl_generics, ty_generics, where_clause) = webhook.generics.split_for_impl();
    let name = &webhook.name;
    // Only written when there are headers: the trait's default has none.
    let headers = (!webhook.headers.is_empty()).then(|| {
        let entries = webhook.headers.iter().map(|(header, required)| {
            quote!(#krate::WebhookHeader { name: #header, required: #required })
        });
        quote!(const HEADERS: &'static [#krate::WebhookHeader] = &[#(#entries),*];)
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::Webhook for #ident #ty_generics #where_clause {
            const NAME: &'static str = #name;
            #headers
        }
    }
}
