//! Emits `ReadDirect` (`airudder_models::__private`, `direct.rs` there): how a row is read over
//! the last one straight from its text. An object reads each member into its field by the slot
//! its `ReadObject::slot` gives (one `match` of the spellings for both readers), then does what
//! `read_in_place` does once the members are read; what direct reading leaves to serde is
//! decided there, not here. Every other named type (enums, unions) is read by serde alone.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ir::EXTRA_FIELD;
use super::objects::{Object, Shape, absent_resets, required_members, seen_flags, shape};
use super::syntax::ident;

/// `ReadDirect` of a (non-generic) object: each named member into its field, every other one
/// into `extra`; then a required member that did not come, which serde refuses, declines, an
/// optional one is reset to absent, and `extra`'s repeated names are merged.
pub fn emit_object(object: &Object<'_>) -> TokenStream {
    let name = ident(object.name);
    let extra = ident(EXTRA_FIELD);
    let at = |index: usize| Literal::usize_unsuffixed(index);
    let arms = object.fields.iter().enumerate().map(|(index, field)| {
        let member = ident(&field.rust_name);
        let at = at(index);
        // Only a required member's `null` means what its type says; the others' are serde's.
        let read = match shape(field) {
            Shape::Required => quote!(direct_member(cursor, &mut seen[#at], &mut self.#member)),
            Shape::NullAsEmpty | Shape::Optional => {
                quote!(direct_not_null(cursor, &mut seen[#at], &mut self.#member))
            }
            Shape::AbsentOrNull => quote! {
                direct_not_null(cursor, &mut seen[#at], self.#member.get_or_insert(None))
            },
        };
        quote!(Some(#at) => crate::__private::#read,)
    });
    let other = quote!(crate::__private::direct_other(cursor, name, &mut self.#extra));
    let count = object.fields.len();
    let read_members = if object.fields.is_empty() {
        quote!(cursor.object(|cursor, name| #other)?;)
    } else {
        // Each member's name as it stands in the text, to expect it after the one before
        // (`object_in_order`); a name with a character JSON escapes is never expected.
        let spelled = object
            .fields
            .iter()
            .enumerate()
            .filter_map(|(index, field)| {
                let name = &field.wire_name;
                let plain = !name
                    .bytes()
                    .any(|byte| byte == b'"' || byte == b'\\' || byte < 0x20);
                let quoted = Literal::byte_string(format!("\"{name}\"").as_bytes());
                let at = at(index);
                plain.then(|| quote!(#at => crate::__private::quoted_name(text, #quoted),))
            });
        quote! {
            cursor.object_in_order(
                ::std::any::TypeId::of::<Self>(),
                #count,
                |expected, text| match expected {
                    #(#spelled)*
                    _ => 0,
                },
                <Self as crate::__private::ReadObject<'_>>::slot,
                |cursor, slot, name| match slot {
                    #(#arms)*
                    _ => #other,
                },
            )?;
        }
    };
    let required: Vec<Literal> = required_members(object)
        .map(|(index, _)| at(index))
        .collect();
    let check_required = (!required.is_empty()).then(|| {
        quote! {
            if !(#(seen[#required])&&*) {
                return Err(crate::__private::Declined);
            }
        }
    });
    let resets = absent_resets(object, &quote!(self));
    let seen = seen_flags(object);
    quote! {
        impl crate::__private::ReadDirect for #name {
            fn read_direct(&mut self, cursor: &mut crate::__private::Cursor<'_>) -> Result<(), crate::__private::Declined> {
                #seen
                self.#extra.clear();
                #read_members
                #check_required
                #(#resets)*
                crate::__private::finish_extra(&mut self.#extra);
                Ok(())
            }
        }
    }
}

/// `ReadDirect` of a type serde reads alone (an enum, a union): its meaning stays serde's.
pub fn emit_by_serde(name: &str) -> TokenStream {
    let name = ident(name);
    quote! {
        impl crate::__private::ReadDirect for #name {
            fn read_direct(&mut self, cursor: &mut crate::__private::Cursor<'_>) -> Result<(), crate::__private::Declined> {
                cursor.by_serde(self)
            }
        }
    }
}
