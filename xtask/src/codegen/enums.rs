//! Emits open enums: the documented values (strings or integers), plus `Other` keeping any
//! value the spec does not list, which encodes back unchanged.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ir::EnumDef;
use super::json::Json;
use super::spec::EnumBase;
use super::syntax::{doc, ident};

pub fn emit(def: &EnumDef) -> TokenStream {
    match def.base {
        EnumBase::String => emit_string_enum(def),
        EnumBase::Integer => emit_integer_enum(def),
    }
}

fn emit_string_enum(def: &EnumDef) -> TokenStream {
    let docs = doc(&format!(
        "{}\n\nOpen: a value the spec does not list decodes into [`{}::Other`] and encodes back unchanged.",
        def.description.trim(),
        def.name
    ));
    let name = ident(&def.name);
    let spec_name = &def.spec_name;
    let description = def.description.trim();
    let wires: Vec<&str> = def
        .variants
        .iter()
        .filter_map(|v| v.wire.as_str())
        .collect();
    let variants = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let variant_doc = doc(&format!("`{}`", v.wire.as_str().unwrap_or_default()));
        quote!(#variant_doc #variant,)
    });
    let from_known = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let spellings = v
            .wire
            .as_str()
            .into_iter()
            .chain(v.aliases.iter().map(String::as_str));
        quote!(#(#spellings)|* => Some(Self::#variant),)
    });
    let as_str = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = v.wire.as_str().unwrap_or_default();
        quote!(Self::#variant => #wire,)
    });
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

/// The integer of an enum value (the reader admits only integers that fit an `i64`).
fn integer(value: &Json) -> Literal {
    match value {
        Json::Number(n) => Literal::i64_unsuffixed(n.as_i64().unwrap_or_default()),
        _ => Literal::i64_unsuffixed(0),
    }
}

fn emit_integer_enum(def: &EnumDef) -> TokenStream {
    let docs = doc(&format!(
        "{}\n\nOpen: a value the spec does not list decodes into [`{}::Other`] and encodes back unchanged.",
        def.description.trim(),
        def.name
    ));
    let name = ident(&def.name);
    let spec_name = &def.spec_name;
    let description = def.description.trim();
    let values: Vec<Literal> = def.variants.iter().map(|v| integer(&v.wire)).collect();
    let variants = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let variant_doc = doc(&format!("`{}`", v.wire.to_value()));
        quote!(#variant_doc #variant,)
    });
    let from_known = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = integer(&v.wire);
        quote!(#value => Some(Self::#variant),)
    });
    let value_arms = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = integer(&v.wire);
        quote!(Self::#variant => #value,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not list, kept verbatim.
            Other(i64),
        }

        impl #name {
            /// The values the spec lists.
            pub const KNOWN: &'static [i64] = &[#(#values),*];

            /// The variant of a listed value.
            pub fn from_known(value: i64) -> Option<Self> {
                match value {
                    #(#from_known)*
                    _ => None,
                }
            }

            /// The value as it appears on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #(#value_arms)*
                    Self::Other(value) => *value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                Self::from_known(value).unwrap_or(Self::Other(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::__private::deserialize_open_integer_enum(deserializer)
            }
        }

        #[cfg(feature = "json-schema")]
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#spec_name)
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "type": "integer",
                    "description": #description,
                    "enum": [#(#values),*]
                })
            }
        }
    }
}
