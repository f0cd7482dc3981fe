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
pub(super) enum Shape {
    /// Present; its type says whether it may be null.
    Required,
    /// A required list or map: `null` reads as empty, and is kept to be written back.
    NullAsEmpty,
    /// May be absent: `Option<T>`; a `null` (which the spec does not allow) is kept in `extra`.
    Optional,
    /// May be absent or null: `Option<Option<T>>`.
    AbsentOrNull,
}

pub(super) fn shape(field: &Field) -> Shape {
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
    /// Generic over the envelope's payload.
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

/// `Serialize`, `Deserialize`, `FindUnlisted` and `ReadDirect` for `object`.
pub fn emit(object: &Object<'_>) -> TokenStream {
    let serialize = emit_serialize(object);
    let deserialize = emit_deserialize(object);
    let unlisted = emit_find_unlisted(object);
    // A generic object is the envelope, read whole, never row by row.
    let direct = (!object.generic).then(|| super::direct::emit_object(object));
    quote!(#serialize #deserialize #unlisted #direct)
}

/// Walks every field, and reports the members of `extra` the spec does not know: every one, also
/// where `additionalProperties: true` allows them (a partly captured page, a third-party schema:
/// allowed, still not known); their values when the spec types them.
fn emit_find_unlisted(object: &Object<'_>) -> TokenStream {
    let name = ident(object.name);
    let (generics, bound) = if object.generic {
        (quote!(<T>), quote!(<T: crate::FindUnlisted>))
    } else {
        (quote!(), quote!())
    };
    let walks = object.fields.iter().filter(|field| may_hold_unlisted(&field.ty)).map(|field| {
        let member = ident(&field.rust_name);
        let wire = &field.wire_name;
        quote!(path.member(#wire, |path| crate::FindUnlisted::find_unlisted(&self.#member, path, found));)
    });
    let named = named_spellings(object);
    let extra = match object.additional {
        None | Some(Ty::Any) => {
            quote!(crate::__private::unknown_members(&self.extra, &[#(#named),*], path, found);)
        }
        Some(_) => quote!(crate::FindUnlisted::find_unlisted(&self.extra, path, found);),
    };
    let walks: Vec<TokenStream> = walks.collect();
    // Nothing in it to walk: every field is plain, and `extra` may hold anything.
    let (path, found) = if walks.is_empty() && extra.is_empty() {
        (quote!(_), quote!(_))
    } else {
        (quote!(path), quote!(found))
    };
    quote! {
        impl #bound crate::FindUnlisted for #name #generics {
            fn find_unlisted(&self, #path: &mut crate::JsonPath, #found: &mut Vec<crate::Unlisted>) {
                #(#walks)*
                #extra
            }
        }
    }
}

/// Whether a value of `ty` can hold something the spec does not list: a generated type can (an
/// unknown member, enum value or tag), a string or a number cannot, and free-form JSON holds
/// anything by definition. Fields that cannot are not walked.
fn may_hold_unlisted(ty: &Ty) -> bool {
    match ty {
        Ty::Named(_) | Ty::Payload => true,
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Nullable(inner) | Ty::Boxed(inner) => {
            may_hold_unlisted(inner)
        }
        Ty::String
        | Ty::Secret
        | Ty::I32
        | Ty::I64
        | Ty::F64
        | Ty::Decimal
        | Ty::Bool
        | Ty::Any
        | Ty::Invalid => false,
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

/// `Deserialize` through `airudder_models::__private::ReadObject` (`reading.rs`): a `match` of
/// the members' spellings, then one line per member read into its slot, then the value.
fn emit_deserialize(object: &Object<'_>) -> TokenStream {
    let name = ident(object.name);
    let expecting = format!("an object ({})", object.spec_name);
    let (generics, impl_generics) = if object.generic {
        (quote!(<T>), quote!(<'de, T: ::serde::Deserialize<'de>>))
    } else {
        (quote!(), quote!(<'de>))
    };
    // Byte strings: names are matched as the bytes of the JSON string (`member_names.rs`).
    let spellings = object.fields.iter().enumerate().map(|(index, field)| {
        let spellings = std::iter::once(&field.wire_name)
            .chain(&field.aliases)
            .map(|spelling| proc_macro2::Literal::byte_string(spelling.as_bytes()));
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote!(#(#spellings)|* => Some(#index),)
    });
    let slots = object.fields.iter().enumerate().map(|(index, field)| {
        let slot = slot(index);
        let ty = slot_type(field);
        quote!(let mut #slot: Option<#ty> = None;)
    });
    let nulls = if object.extra_holds_any() {
        quote!(Some(&mut extra))
    } else {
        quote!(None)
    };
    let reads = object.fields.iter().enumerate().map(|(index, field)| {
        let slot = slot(index);
        let wire = &field.wire_name;
        let read = match shape(field) {
            Shape::Required | Shape::AbsentOrNull => {
                quote!(crate::__private::read(&mut map, &mut #slot, #wire)?)
            }
            Shape::Optional => {
                quote!(crate::__private::read_optional(&mut map, &mut #slot, #nulls, #wire)?)
            }
            Shape::NullAsEmpty => {
                quote!(crate::__private::read_null_as_empty(&mut map, &mut #slot, #nulls, #wire)?)
            }
        };
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote!(crate::__private::Name::Known(#index) => #read,)
    });
    let read_members = member_loop(reads.collect(), quote!(extra));
    let (key, slot_of_key) = if object.fields.is_empty() {
        (quote!(_), quote!(None))
    } else {
        (
            quote!(key),
            quote!(match key {
                #(#spellings)*
                _ => None,
            }),
        )
    };
    let extra_value = if object.extra_holds_any() {
        quote!(::serde_json::Value)
    } else {
        quote!(_)
    };
    let builds: Vec<TokenStream> = object
        .fields
        .iter()
        .enumerate()
        .map(|(index, field)| {
            let member = ident(&field.rust_name);
            let slot = slot(index);
            match shape(field) {
                Shape::Required | Shape::NullAsEmpty => quote!(#member: #slot,),
                Shape::Optional => quote!(#member: #slot.flatten(),),
                Shape::AbsentOrNull => quote!(#member: #slot,),
            }
        })
        .collect();
    // The required members are taken all at once: every one present, or the error naming the
    // first that is not, with the slots dropped at one place. Taking them one by one (`?` each)
    // dropped a different set of slots at every exit: hundreds of drops, a function that no
    // longer fit the instruction cache.
    let required: Vec<(Ident, &str)> = required_members(object)
        .map(|(index, wire)| (slot(index), wire))
        .collect();
    let required_slots: Vec<&Ident> = required.iter().map(|(slot, _)| slot).collect();
    let absent = required
        .iter()
        .map(|(slot, wire)| quote!((#slot.is_none(), #wire),));
    let build = quote! {
        #name {
            #(#builds)*
            extra: crate::__private::read_extra(extra),
        }
    };
    let finish = if required.is_empty() {
        quote!(Ok(#build))
    } else {
        quote! {
            match (#(#required_slots,)*) {
                (#(Some(#required_slots),)*) => Ok(#build),
                (#(#required_slots,)*) => Err(crate::__private::missing(&[#(#absent)*])),
            }
        }
    };
    let read_in_place = emit_read_in_place(object);
    quote! {
        impl #impl_generics ::serde::Deserialize<'de> for #name #generics {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::__private::read_object(deserializer)
            }

            fn deserialize_in_place<D: ::serde::Deserializer<'de>>(deserializer: D, place: &mut Self) -> Result<(), D::Error> {
                crate::__private::read_object_in_place(deserializer, place)
            }
        }

        impl #impl_generics crate::__private::ReadObject<'de> for #name #generics {
            const EXPECTING: &'static str = #expecting;

            // Inlined into the generic key visitor, which is compiled where the deserializer
            // is known: a call per member name was measured at 2 to 5 % of a call row's decode
            // (decode-pairs, both pairs).
            #[inline]
            fn slot(#key: &[u8]) -> Option<usize> {
                #slot_of_key
            }

            fn read<A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #(#slots)*
                let mut extra = crate::Members::<#extra_value>::new();
                #read_members
                #finish
            }

            #read_in_place
        }
    }
}

/// The loop over an object's members: a named one by its arm (`Name::Known(slot) => ...`),
/// every other one kept in `extra` (an expression). A type without named members has only other
/// members: no `match` of one arm.
///
/// The loop runs in a closure that only borrows the slots: its many error exits drop nothing and
/// share the one after it, which keeps the function small (measured: a copy of every slot's drop
/// at each exit made `read` 2.6 times serde's derive, and slower).
fn member_loop(arms: Vec<TokenStream>, extra: TokenStream) -> TokenStream {
    let next_key = quote!(::serde::de::MapAccess::next_key_seed(
        &mut map,
        crate::__private::names::<Self>(&mut other)
    )?);
    let read_other = quote!(crate::__private::read_other(&mut map, &mut #extra, &mut other)?);
    let each_member = if arms.is_empty() {
        quote! {
            while #next_key.is_some() {
                #read_other;
            }
        }
    } else {
        quote! {
            while let Some(name) = #next_key {
                match name {
                    #(#arms)*
                    // `Known` of a slot without an arm cannot come: `slot` gives only these.
                    _ => #read_other,
                }
            }
        }
    };
    quote! {
        let mut other = crate::__private::MemberKey::default();
        let members: Result<(), A::Error> = (|| {
            #each_member
            Ok(())
        })();
        members?;
    }
}

/// The index and wire name of each member that must come (required, lists and maps included).
pub(super) fn required_members<'a>(
    object: &'a Object<'_>,
) -> impl Iterator<Item = (usize, &'a str)> {
    object
        .fields
        .iter()
        .enumerate()
        .filter(|(_, field)| matches!(shape(field), Shape::Required | Shape::NullAsEmpty))
        .map(|(index, field)| (index, field.wire_name.as_str()))
}

/// `ReadObject::read_in_place`: each member decoded over its field (`in_place.rs` in
/// airudder-models), which members came noted in `seen`; then a required member that did not
/// come is the error, an optional one is reset to absent, and `extra` holds this object's own.
fn emit_read_in_place(object: &Object<'_>) -> TokenStream {
    let extra = ident(super::ir::EXTRA_FIELD);
    let nulls = if object.extra_holds_any() {
        quote!(Some(&mut place.#extra))
    } else {
        quote!(None)
    };
    let at = |index: usize| proc_macro2::Literal::usize_unsuffixed(index);
    let arms = object.fields.iter().enumerate().map(|(index, field)| {
        let member = ident(&field.rust_name);
        let wire = &field.wire_name;
        let at = at(index);
        let read = match shape(field) {
            Shape::Required => quote! {
                crate::__private::read_in_place(&mut map, &mut place.#member, &mut seen[#at], #wire)?
            },
            Shape::AbsentOrNull => quote! {
                crate::__private::read_absent_or_null_in_place(&mut map, &mut place.#member, &mut seen[#at], #wire)?
            },
            Shape::Optional => quote! {
                crate::__private::read_optional_in_place(&mut map, &mut place.#member, #nulls, &mut seen[#at], #wire)?
            },
            Shape::NullAsEmpty => quote! {
                crate::__private::read_null_as_empty_in_place(&mut map, &mut place.#member, #nulls, &mut seen[#at], #wire)?
            },
        };
        quote!(crate::__private::Name::Known(#at) => #read,)
    });
    let read_members = member_loop(arms.collect(), quote!(place.#extra));
    let required: Vec<_> = required_members(object)
        .map(|(index, wire)| (at(index), wire))
        .collect();
    let check_required = (!required.is_empty()).then(|| {
        let came = required.iter().map(|(at, _)| quote!(seen[#at]));
        let absent = required
            .iter()
            .map(|(at, wire)| quote!((!seen[#at], #wire),));
        quote! {
            if !(#(#came)&&*) {
                return Err(crate::__private::missing(&[#(#absent)*]));
            }
        }
    });
    let resets = absent_resets(object, &quote!(place));
    let seen = seen_flags(object);
    quote! {
        fn read_in_place<A: ::serde::de::MapAccess<'de>>(mut map: A, place: &mut Self) -> Result<(), A::Error> {
            #seen
            place.#extra.clear();
            #read_members
            #check_required
            #(#resets)*
            crate::__private::finish_extra(&mut place.#extra);
            Ok(())
        }
    }
}

/// Once an object's members are read over a value (`place`, an expression): each optional
/// member that did not come (as `seen` says) reset to absent.
pub(super) fn absent_resets(object: &Object<'_>, place: &TokenStream) -> Vec<TokenStream> {
    object
        .fields
        .iter()
        .enumerate()
        .filter(|(_, field)| matches!(shape(field), Shape::Optional | Shape::AbsentOrNull))
        .map(|(index, field)| {
            let member = ident(&field.rust_name);
            let at = proc_macro2::Literal::usize_unsuffixed(index);
            quote!(if !seen[#at] { #place.#member = None; })
        })
        .collect()
}

/// `seen`: whether each member came, while an object is read over a value. A type without named
/// members has nothing to note.
pub(super) fn seen_flags(object: &Object<'_>) -> Option<TokenStream> {
    (!object.fields.is_empty()).then(|| {
        let count = object.fields.len();
        quote!(let mut seen = [false; #count];)
    })
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
