//! Emits the data types: one struct per object schema, one open enum per string enum, and the
//! generic envelope.

use proc_macro2::TokenStream;
use quote::quote;

use super::ir::{EnumDef, Ir, StructDef, TypeDef};
use super::syntax::{doc, field, ident};

/// The `types.rs` module.
pub fn emit(ir: &Ir) -> TokenStream {
    let items = ir.types.iter().map(|def| match def {
        TypeDef::Struct(def) => emit_struct(def),
        TypeDef::Enum(def) => emit_enum(def),
    });
    quote! {
        #![doc = " The data types of the spec's `components/schemas`."]
        #(#items)*
    }
}

fn emit_struct(def: &StructDef) -> TokenStream {
    let docs = doc(&def.description);
    let name = ident(&def.name);
    let fields = def.fields.iter().map(|f| field(f, quote!()));
    let generics = if def.envelope { quote!(<T>) } else { quote!() };
    let webhook = def.webhook.as_ref().map(|key| {
        quote! {
            #[derive(crate::Webhook)]
            #[webhook(name = #key)]
        }
    });
    let header = def
        .header_name
        .as_ref()
        .map(|header| emit_header(def, header));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "json-schema", derive(::schemars::JsonSchema))]
        #webhook
        pub struct #name #generics {
            #(#fields)*
        }
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
    let fields = def
        .fields
        .iter()
        .filter(|f| !f.large_array)
        .map(|f| field(f, quote!()));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// An open enum: the documented values, plus `Other` keeping any value the spec does not list,
/// which encodes back unchanged.
fn emit_enum(def: &EnumDef) -> TokenStream {
    let docs = doc(&format!(
        "{}\n\nOpen: a value the spec does not list decodes into [`{}::Other`] and encodes back unchanged.",
        def.description.trim(),
        def.name
    ));
    let name = ident(&def.name);
    let spec_name = &def.spec_name;
    let description = def.description.trim();
    let variants = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let variant_doc = doc(&format!("`{}`", v.wire));
        quote!(#variant_doc #variant,)
    });
    let from_known = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let spellings = std::iter::once(&v.wire).chain(&v.aliases);
        quote!(#(#spellings)|* => Some(Self::#variant),)
    });
    let as_str = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    let wires: Vec<&String> = def.variants.iter().map(|v| &v.wire).collect();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not list, kept verbatim.
            Other(String),
        }

        impl #name {
            /// The values the spec lists, as they appear on the wire.
            pub const KNOWN: &'static [&'static str] = &[#(#wires),*];

            /// The variant of a listed value or of one of its alternative spellings.
            pub fn from_known(value: &str) -> Option<Self> {
                match value {
                    #(#from_known)*
                    _ => None,
                }
            }

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Other(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from_known(value).unwrap_or_else(|| Self::Other(value.to_owned()))
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::from_known(&value).unwrap_or(Self::Other(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::__private::deserialize_open_enum(deserializer)
            }
        }

        #[cfg(feature = "json-schema")]
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#spec_name)
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "type": "string",
                    "description": #description,
                    "enum": [#(#wires),*]
                })
            }
        }
    }
}
