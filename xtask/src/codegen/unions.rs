//! Emits open tagged unions: one variant per tag, each holding its (boxed) struct, and `Other`
//! keeping an unknown tag with the whole object, which encodes back unchanged. Decoding reads
//! the tag through `airudder_models::__private::deserialize_tagged`, so a variant's error names
//! the JSON path inside it.

use proc_macro2::TokenStream;
use quote::quote;

use super::ir::UnionDef;
use super::syntax::{doc, ident, webhook_derive};

/// What every open union says of matching it.
const OPEN_UNION_DOC: &str = " Open and `#[non_exhaustive]`: match it with a wildcard arm. An object whose tag this version does not know arrives as `Other`; a later version may give its tag a named variant.";

pub fn emit(def: &UnionDef) -> TokenStream {
    let tags: Vec<&str> = def.variants.iter().map(|v| v.tag_value.as_str()).collect();
    let docs = doc(&format!(
        "{}\n\nTold apart by the member `{}`: {}. Open: an object with another tag decodes into [`{}::Other`], kept whole, and encodes back unchanged.",
        def.description.trim(),
        def.tag,
        tags.iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(", "),
        def.name,
    ));
    let name = ident(&def.name);
    let spec_name = &def.spec_name;
    let name_text = &def.name;
    let tag = &def.tag;
    let description = def.description.trim();
    let payload_ty = |payload: &str, boxed: bool| {
        let payload = ident(payload);
        if boxed {
            quote!(Box<#payload>)
        } else {
            quote!(#payload)
        }
    };
    let variants = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = payload_ty(&v.payload, v.boxed);
        let variant_doc = doc(&format!("`{tag}: \"{}\"`: [`{}`].", v.tag_value, v.payload));
        quote!(#variant_doc #variant(#ty),)
    });
    let wrap = |boxed: bool| {
        if boxed {
            quote!(Box::new(value))
        } else {
            quote!(value)
        }
    };
    let tag_arms = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = &v.tag_value;
        quote!(Self::#variant(_) => #value,)
    });
    let serialize_arms = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        quote!(Self::#variant(value) => ::serde::Serialize::serialize(value, serializer),)
    });
    let walk_arms = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        quote!(Self::#variant(value) => crate::FindUnlisted::find_unlisted(value, path, found),)
    });
    let decode_arms = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let value = &v.tag_value;
        let payload = ident(&v.payload);
        let wrapped = wrap(v.boxed);
        quote!(#value => <#payload as ::serde::Deserialize<'de>>::deserialize(members).map(|value| Self::#variant(#wrapped)),)
    });
    let froms = def.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let payload = ident(&v.payload);
        let wrapped = wrap(v.boxed);
        quote! {
            impl From<#payload> for #name {
                fn from(value: #payload) -> Self {
                    Self::#variant(#wrapped)
                }
            }
        }
    });
    let subschemas = def.variants.iter().map(|v| {
        let payload = ident(&v.payload);
        quote!(generator.subschema_for::<#payload>())
    });
    let webhook = def.webhook.as_ref().map(webhook_derive);
    quote! {
        #docs
        #[doc = ""]
        #[doc = #OPEN_UNION_DOC]
        #[derive(Debug, Clone, PartialEq)]
        #webhook
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An object whose tag this version of the spec does not list, kept whole.
            Other(crate::UnknownVariant),
        }

        impl #name {
            /// The member whose value tells the variants apart.
            pub const TAG: &'static str = #tag;
            /// The tags the spec lists.
            pub const KNOWN: &'static [&'static str] = &[#(#tags),*];

            /// The value's tag, as on the wire.
            pub fn tag(&self) -> &str {
                match self {
                    #(#tag_arms)*
                    Self::Other(unknown) => unknown.tag(),
                }
            }
        }

        #(#froms)*

        impl crate::FindUnlisted for #name {
            fn find_unlisted(&self, path: &mut crate::JsonPath, found: &mut Vec<crate::Unlisted>) {
                match self {
                    #(#walk_arms)*
                    Self::Other(unknown) => found.push(crate::Unlisted::Tag {
                        path: path.to_text(),
                        tag: unknown.tag().to_owned(),
                    }),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Other(unknown) => ::serde::Serialize::serialize(unknown, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::__private::deserialize_tagged(deserializer)
            }
        }

        impl<'de> crate::__private::TaggedUnion<'de> for #name {
            const NAME: &'static str = #name_text;
            const TAG: &'static str = #tag;
            const KNOWN: &'static [&'static str] = &[#(#tags),*];

            fn decode<M: ::serde::Deserializer<'de>>(tag: &str, members: M) -> Result<Self, M::Error> {
                match tag {
                    #(#decode_arms)*
                    other => Err(<M::Error as ::serde::de::Error>::custom(format_args!("`{other}` is not a tag of {}", #name_text))),
                }
            }

            fn unknown(unknown: crate::UnknownVariant) -> Self {
                Self::Other(unknown)
            }
        }

        #[cfg(feature = "json-schema")]
        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#spec_name)
            }

            fn json_schema(generator: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "description": #description,
                    "oneOf": [#(#subschemas),*]
                })
            }
        }
    }
}
