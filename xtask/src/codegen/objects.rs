//! Emits the serde impls of object types (structs, their streaming headers, the envelope): every
//! named member into its typed field, every other member into `extra`, and back. Written out
//! rather than derived because serde's `flatten` would buffer every member of every row to find
//! the unknown ones; this reads each member once, straight into its field.
//!
//! What `extra` holds besides unknown members, and how it is written back, is
//! `airudder_models::__private::{keep_null, write_optional, ...}`'s (`lossless.rs`).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::ir::{Field, Ty};
use super::syntax::{ident, rust_type};

/// How a field is read and written, by what its member may be.
enum Shape {
    /// Present; its type says whether it may be null.
    Required,
    /// A required list or map: `null` reads as empty, and is kept to be written back.
    NullAsEmpty,
    /// May be absent: `Option<T>`; a `null` (which the spec does not allow) is kept in `extra`.
    Optional,
    /// May be absent or null: `Option<Option<T>>`.
    AbsentOrNull,
}

fn shape(field: &Field) -> Shape {
    if field.absent_or_null() {
        Shape::AbsentOrNull
    } else if field.null_as_empty {
        Shape::NullAsEmpty
    } else if field.required {
        Shape::Required
    } else {
        Shape::Optional
    }
}

/// The type of one object, as the impls need it.
pub struct Object<'a> {
    pub name: &'a str,
    /// For messages (`an object (TaskDetail)`).
    pub spec_name: &'a str,
    /// Generic over the envelope's `data`.
    pub generic: bool,
    pub fields: Vec<&'a Field>,
    /// The documented `additionalProperties` type (`None`: undocumented, so what `extra` holds
    /// is what the spec does not know).
    pub additional: Option<&'a Ty>,
}

impl Object<'_> {
    /// `extra` holds values of any JSON type, so it can keep a `null` the fields cannot hold.
    fn extra_holds_any(&self) -> bool {
        matches!(self.additional, None | Some(Ty::Any))
    }
}

/// `Serialize`, `Deserialize` and `FindUnlisted` for `object`.
pub fn emit(object: &Object<'_>) -> TokenStream {
    let serialize = emit_serialize(object);
    let deserialize = emit_deserialize(object);
    let unlisted = emit_find_unlisted(object);
    quote!(#serialize #deserialize #unlisted)
}

/// Walks every field, and reports the members of `extra` the spec does not know (none when the
/// spec allows any; their values when it types them).
fn emit_find_unlisted(object: &Object<'_>) -> TokenStream {
    let name = ident(object.name);
    let (generics, bound) = if object.generic {
        (quote!(<T>), quote!(<T: crate::FindUnlisted>))
    } else {
        (quote!(), quote!())
    };
    let walks = object.fields.iter().map(|field| {
        let member = ident(&field.rust_name);
        let wire = &field.wire_name;
        quote!(path.member(#wire, |path| crate::FindUnlisted::find_unlisted(&self.#member, path, found));)
    });
    let named = named_spellings(object);
    let extra = match object.additional {
        None => {
            quote!(crate::__private::unknown_members(&self.extra, &[#(#named),*], path, found);)
        }
        Some(Ty::Any) => quote!(),
        Some(_) => quote!(crate::FindUnlisted::find_unlisted(&self.extra, path, found);),
    };
    quote! {
        impl #bound crate::FindUnlisted for #name #generics {
            fn find_unlisted(&self, path: &mut crate::JsonPath, found: &mut Vec<crate::Unlisted>) {
                #(#walks)*
                #extra
            }
        }
    }
}

fn emit_serialize(object: &Object<'_>) -> TokenStream {
    let name = ident(object.name);
    let (generics, bound) = if object.generic {
        (quote!(<T>), quote!(<T: ::serde::Serialize>))
    } else {
        (quote!(), quote!())
    };
    let writes = object.fields.iter().map(|field| {
        let member = ident(&field.rust_name);
        let wire = &field.wire_name;
        match shape(field) {
            Shape::Required => quote!(::serde::ser::SerializeMap::serialize_entry(&mut map, #wire, &self.#member)?;),
            Shape::NullAsEmpty => quote!(crate::__private::write_collection(&mut map, #wire, &self.#member, &self.extra)?;),
            Shape::Optional => quote!(crate::__private::write_optional(&mut map, #wire, self.#member.as_ref(), &self.extra)?;),
            Shape::AbsentOrNull => quote! {
                if let Some(value) = &self.#member {
                    ::serde::ser::SerializeMap::serialize_entry(&mut map, #wire, value)?;
                }
            },
        }
    });
    let named = named_spellings(object);
    quote! {
        impl #bound ::serde::Serialize for #name #generics {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = ::serde::Serializer::serialize_map(serializer, None)?;
                #(#writes)*
                crate::__private::write_extra(&mut map, &self.extra, &[#(#named),*])?;
                ::serde::ser::SerializeMap::end(map)
            }
        }
    }
}

/// Every spelling of a named member: what `extra` must not write again.
fn named_spellings<'a>(object: &'a Object<'_>) -> impl Iterator<Item = &'a String> {
    object
        .fields
        .iter()
        .flat_map(|field| std::iter::once(&field.wire_name).chain(&field.aliases))
}

fn slot(index: usize) -> Ident {
    format_ident!("__m{index}")
}

fn emit_deserialize(object: &Object<'_>) -> TokenStream {
    let name = ident(object.name);
    let expecting = format!("an object ({})", object.spec_name);
    let (generics, impl_generics, visitor, visitor_value) = if object.generic {
        (
            quote!(<T>),
            quote!(<'de, T: ::serde::Deserialize<'de>>),
            quote!(__Visitor::<T>(::std::marker::PhantomData)),
            quote!(#name<T>),
        )
    } else {
        (
            quote!(),
            quote!(<'de>),
            quote!(__Visitor(::std::marker::PhantomData)),
            quote!(#name),
        )
    };
    let members: Vec<Ident> = (0..object.fields.len())
        .map(|index| format_ident!("M{index}"))
        .collect();
    let arms = object.fields.iter().zip(&members).map(|(field, member)| {
        let spellings = std::iter::once(&field.wire_name).chain(&field.aliases);
        quote!(#(#spellings)|* => __Member::#member,)
    });
    let arms_owned = arms.clone();
    let slots = object.fields.iter().enumerate().map(|(index, field)| {
        let slot = slot(index);
        let ty = slot_type(field);
        quote!(let mut #slot: Option<#ty> = None;)
    });
    let reads = object
        .fields
        .iter()
        .zip(&members)
        .enumerate()
        .map(|(index, (field, member))| {
            let read = read_member(field, &slot(index), object.extra_holds_any());
            quote!(__Member::#member => { #read })
        });
    let extra_value = if object.extra_holds_any() {
        quote!(::serde_json::Value)
    } else {
        quote!(_)
    };
    let builds = object.fields.iter().enumerate().map(|(index, field)| {
        let member = ident(&field.rust_name);
        let slot = slot(index);
        let wire = &field.wire_name;
        match shape(field) {
            Shape::Required | Shape::NullAsEmpty => quote! {
                #member: #slot.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field(#wire))?,
            },
            Shape::Optional => quote!(#member: #slot.flatten(),),
            Shape::AbsentOrNull => quote!(#member: #slot,),
        }
    });
    let phantom = if object.generic {
        quote!(<T>(::std::marker::PhantomData<fn() -> T>))
    } else {
        quote!((::std::marker::PhantomData<()>))
    };
    let visitor_impl_generics = if object.generic {
        quote!(<'de, T: ::serde::Deserialize<'de>>)
    } else {
        quote!(<'de>)
    };
    let visitor_type = if object.generic {
        quote!(__Visitor<T>)
    } else {
        quote!(__Visitor)
    };
    // A type without named members has only `Other`: a `match` of one arm would be noise.
    let (identify_borrowed, identify_owned) = if object.fields.is_empty() {
        (
            quote!(Ok(__Member::Other(key.to_owned()))),
            quote!(Ok(__Member::Other(key))),
        )
    } else {
        (
            quote!(Ok(match key {
                #(#arms)*
                other => __Member::Other(other.to_owned()),
            })),
            quote!(Ok(match key.as_str() {
                #(#arms_owned)*
                _ => __Member::Other(key),
            })),
        )
    };
    quote! {
        impl #impl_generics ::serde::Deserialize<'de> for #name #generics {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                /// Which member a key names.
                enum __Member {
                    #(#members,)*
                    Other(String),
                }

                struct __MemberVisitor;

                impl ::serde::de::Visitor<'_> for __MemberVisitor {
                    type Value = __Member;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a member name")
                    }

                    fn visit_str<E: ::serde::de::Error>(self, key: &str) -> Result<__Member, E> {
                        #identify_borrowed
                    }

                    fn visit_string<E: ::serde::de::Error>(self, key: String) -> Result<__Member, E> {
                        #identify_owned
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for __Member {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        deserializer.deserialize_identifier(__MemberVisitor)
                    }
                }

                struct __Visitor #phantom;

                impl #visitor_impl_generics ::serde::de::Visitor<'de> for #visitor_type {
                    type Value = #visitor_value;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                        #(#slots)*
                        let mut extra = crate::Members::<#extra_value>::new();
                        while let Some(member) = ::serde::de::MapAccess::next_key::<__Member>(&mut map)? {
                            match member {
                                #(#reads)*
                                __Member::Other(key) => {
                                    let value = ::serde::de::MapAccess::next_value(&mut map)?;
                                    extra.insert(key, value);
                                }
                            }
                        }
                        Ok(#name {
                            #(#builds)*
                            extra,
                        })
                    }
                }

                deserializer.deserialize_map(#visitor)
            }
        }
    }
}

/// What a field's slot holds while the object is read: the field's value (`Option<..>` of it),
/// or for an optional field whether and how it came.
fn slot_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    match shape(field) {
        // The type of a member that may be null is an `Option` already.
        Shape::Required | Shape::NullAsEmpty | Shape::AbsentOrNull => ty,
        Shape::Optional => quote!(Option<#ty>),
    }
}

/// Reads one member's value into its slot.
fn read_member(field: &Field, slot: &Ident, extra_holds_any: bool) -> TokenStream {
    let wire = &field.wire_name;
    let ty = rust_type(&field.ty);
    let next_value = |ty: TokenStream| quote!(::serde::de::MapAccess::next_value::<#ty>(&mut map));
    let keep_null = |condition: TokenStream| {
        extra_holds_any.then(|| {
            quote! {
                if #condition {
                    crate::__private::keep_null(&mut extra, #wire);
                }
            }
        })
    };
    match shape(field) {
        Shape::Required => {
            let value = next_value(ty);
            quote!(crate::__private::take(&mut #slot, #wire, #value)?;)
        }
        Shape::NullAsEmpty => {
            let value = next_value(quote!(Option<#ty>));
            let keep = keep_null(quote!(value.is_none()));
            quote! {
                let value = #value?;
                #keep
                crate::__private::take(&mut #slot, #wire, Ok(value.unwrap_or_default()))?;
            }
        }
        Shape::Optional => {
            let value = next_value(quote!(Option<#ty>));
            let keep = keep_null(quote!(value.is_none()));
            quote! {
                let value = #value?;
                #keep
                crate::__private::take(&mut #slot, #wire, Ok(value))?;
            }
        }
        Shape::AbsentOrNull => {
            let value = next_value(ty);
            quote!(crate::__private::take(&mut #slot, #wire, #value)?;)
        }
    }
}
