//! Emits the data types: one struct per object schema (with its additional members and, for an
//! answer with a large array, its streaming header), one type alias per plain schema, and the
//! generic envelopes; enums and unions are emitted by `enums.rs` and `unions.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ir::{AliasDef, Field, Ir, StructDef, Ty, TypeDef};
use super::objects::{self, Object};
use super::syntax::{data_extra_field, data_field, doc, ident, rust_type, webhook_derive};
use super::{constructors, direct, enums, envelopes, unions};

/// The `types.rs` module.
pub fn emit(ir: &Ir) -> TokenStream {
    let items = ir.types.iter().map(|def| match def {
        TypeDef::Struct(def) => emit_struct(def),
        TypeDef::Enum(def) => with_by_serde(enums::emit(def), &def.name),
        TypeDef::Union(def) => with_by_serde(unions::emit(def), &def.name),
        TypeDef::Alias(def) => emit_alias(def),
    });
    quote! {
        #![doc = " The data types of the spec's `components/schemas`."]
        #(#items)*
    }
}

/// A type's items and its `ReadDirect` through serde (`direct.rs`).
fn with_by_serde(items: TokenStream, name: &str) -> TokenStream {
    let by_serde = direct::emit_by_serde(name);
    quote!(#items #by_serde)
}

fn emit_struct(def: &StructDef) -> TokenStream {
    let docs = doc(&def.description);
    let name = ident(&def.name);
    let fields = def.fields.iter().map(data_field);
    let extra = data_extra_field(def.additional.as_ref());
    let generics = if def.envelope.is_some() {
        quote!(<T>)
    } else {
        quote!()
    };
    let webhook = def.webhook.as_ref().map(webhook_derive);
    // The JSON Schema names the type as the spec does, so references agree with the spec's.
    let schema_name = (def.name != def.spec_name).then(|| {
        let spec_name = &def.spec_name;
        quote!(#[cfg_attr(feature = "json-schema", schemars(rename = #spec_name))])
    });
    let impls = objects::emit(&Object {
        name: &def.name,
        spec_name: &def.spec_name,
        generic: def.envelope.is_some(),
        fields: def.fields.iter().collect(),
        additional: def.additional.as_ref(),
    });
    let header = def
        .header_name
        .as_ref()
        .map(|header| emit_header(def, header));
    // The envelope is read, never built.
    let members: Vec<&Field> = def.fields.iter().collect();
    let constructors = def
        .envelope
        .is_none()
        .then(|| constructors::emit(&def.name, &members, Some(def.additional.as_ref())));
    let enveloped = def
        .envelope
        .as_ref()
        .map(|envelope| envelopes::emit(def, envelope));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "json-schema", derive(::schemars::JsonSchema))]
        #schema_name
        #webhook
        // AiRudder's next release may add a member: a minor release here, not a breaking one.
        #[non_exhaustive]
        pub struct #name #generics {
            #(#fields)*
            #extra
        }
        #impls
        #enveloped
        #constructors
        #header
    }
}

/// The companion of a struct with an `x-large-array` field: every other field, which a streamed
/// answer gives besides the rows.
fn emit_header(def: &StructDef, header: &str) -> TokenStream {
    let array = def
        .fields
        .iter()
        .find(|f| f.large_array)
        .map_or("", |f| f.wire_name.as_str());
    let docs = doc(&format!(
        "The fields of [`{}`] other than `{array}`: what a streamed answer gives besides its rows.",
        def.name
    ));
    let name = ident(header);
    let kept: Vec<&Field> = def.fields.iter().filter(|f| !f.large_array).collect();
    let fields: Vec<TokenStream> = kept.iter().map(|f| data_field(f)).collect();
    let extra = data_extra_field(def.additional.as_ref());
    let large_array = emit_large_array(def, header, &kept);
    let impls = objects::emit(&Object {
        name: header,
        spec_name: &def.spec_name,
        generic: false,
        fields: kept,
        additional: def.additional.as_ref(),
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "json-schema", derive(::schemars::JsonSchema))]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra
        }
        #impls
        #large_array
    }
}

/// `LargeArray` for a struct with an `x-large-array` field of rows: how the client puts a
/// whole answer together from its header and the rows it read one by one. Nothing for an array
/// that is not a plain list (the generator refuses to stream those).
fn emit_large_array(def: &StructDef, header: &str, kept: &[&Field]) -> Option<TokenStream> {
    let array = def.fields.iter().find(|f| f.large_array)?;
    let Ty::Vec(row) = &array.ty else {
        return None;
    };
    let name = ident(&def.name);
    let header = ident(header);
    let row = rust_type(row);
    let wire = &array.wire_name;
    let array_name = ident(&array.rust_name);
    let rows = if array.required {
        quote!(rows)
    } else {
        quote!(Some(rows))
    };
    let moved = kept.iter().map(|f| {
        let field = ident(&f.rust_name);
        quote!(#field: header.#field,)
    });
    let extra = ident(super::ir::EXTRA_FIELD);
    Some(quote! {
        impl crate::LargeArray for #name {
            const ARRAY: &'static str = #wire;
            type Header = #header;
            type Row = #row;
            fn assemble(header: #header, rows: Vec<#row>) -> Self {
                #name {
                    #(#moved)*
                    #array_name: #rows,
                    #extra: header.#extra,
                }
            }
        }
    })
}

fn emit_alias(def: &AliasDef) -> TokenStream {
    let docs = doc(&def.description);
    let name = ident(&def.name);
    let ty = rust_type(&def.ty);
    quote! {
        #docs
        pub type #name = #ty;
    }
}
