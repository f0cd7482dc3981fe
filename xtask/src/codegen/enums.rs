//! Emits open enums: the documented values (strings or integers), plus `Other` keeping any
//! value the spec does not list, which encodes back unchanged.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ir::EnumDef;
use super::json::Json;
use super::spec::EnumBase;
use super::syntax::{doc, ident};

/// What every open enum says of matching it, the AWS SDK's way.
const OPEN_ENUM_DOC: &str = " Open and `#[non_exhaustive]`: match it with a wildcard arm. A value this version does not know arrives as `Other`; a later version may give it a named variant, and then it no longer arrives as `Other`, so do not rely on `Other` for a particular value.";

pub fn emit(def: &EnumDef) -> TokenStream {
    match def.base {
        EnumBase::String => emit_string_enum(def),
        EnumBase::Integer => emit_integer_enum(def),
    }
}

fn emit_string_enum(def: &EnumDef) -> TokenStream {
    let docs = open_docs(def);
    let name = ident(&def.name);
    let wires: Vec<&str> = def
        .variants
        .iter()
        .filter_map(|v| v.wire.as_str())
        .collect();
    let wire_impls = wire_impls(
        def,
        quote!(serializer.serialize_str(self.as_str())),
        quote!(crate::__private::deserialize_open_enum),
        quote!("string"),
        quote!(#(#wires),*),
    );
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
        #[doc = ""]
        #[doc = #OPEN_ENUM_DOC]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
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

        #wire_impls
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
    let docs = open_docs(def);
    let name = ident(&def.name);
    let values: Vec<Literal> = def.variants.iter().map(|v| integer(&v.wire)).collect();
    let wire_impls = wire_impls(
        def,
        quote!(serializer.serialize_i64(self.value())),
        quote!(crate::__private::deserialize_open_integer_enum),
        quote!("integer"),
        quote!(#(#values),*),
    );
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
        #[doc = ""]
        #[doc = #OPEN_ENUM_DOC]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
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

        #wire_impls
    }
}

/// The enum's docs, with what "open" means.
fn open_docs(def: &EnumDef) -> TokenStream {
    doc(&format!(
        "{}\n\nOpen: a value the spec does not list decodes into [`{}::Other`] and encodes back unchanged.",
        def.description.trim(),
        def.name
    ))
}

/// What both kinds of enum write alike: `Serialize` (with `serialize`, an expression writing
/// `self` to `serializer`), `Deserialize` (through the open decoder `deserialize`) and, with the
/// `json-schema` feature, the schema (`{"type": json_type, "enum": [values]}`).
fn wire_impls(
    def: &EnumDef,
    serialize: TokenStream,
    deserialize: TokenStream,
    json_type: TokenStream,
    values: TokenStream,
) -> TokenStream {
    let name = ident(&def.name);
    let spec_name = &def.spec_name;
    let description = def.description.trim();
    quote! {
        impl crate::FindUnlisted for #name {
            fn find_unlisted(&self, path: &mut crate::JsonPath, found: &mut Vec<crate::Unlisted>) {
                if let Self::Other(value) = self {
                    found.push(crate::Unlisted::Value {
                        path: path.to_text(),
                        value: ::serde_json::Value::from(::std::borrow::ToOwned::to_owned(value)),
                    });
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #serialize
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #deserialize(deserializer)
            }
        }

        #[cfg(feature = "json-schema")]
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#spec_name)
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "type": #json_type,
                    "description": #description,
                    "enum": [#values]
                })
            }
        }
    }
}
