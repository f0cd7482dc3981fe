//! Emits constructors: `new` with the required fields, and a `with_*` setter per optional field
//! (and `with_extra_member` for members the spec does not name), so a value is built without
//! naming what it leaves out, and a new optional member in the spec breaks no caller.

use proc_macro2::TokenStream;
use quote::quote;

use super::ir::{Field, Ty};
use super::syntax::{doc, ident, rust_type};

/// The most required members `new` takes as arguments. Past it, positional arguments (most of
/// them `impl Into<String>`) are too easy to swap unnoticed: such a type (the call rows of 26 and
/// more documented fields) gets its `with_*` setters but no `new`, and is built with a struct
/// literal, whose fields are named, and `extra: Members::new()`.
pub const MAX_NEW_ARGUMENTS: usize = 7;

/// The constructors of the type `name` with `fields`. `extra` is `Some` when the type has an
/// `extra` field, with the documented type of its values (`None`: any JSON).
pub fn emit(name: &str, fields: &[&Field], extra: Option<Option<&Ty>>) -> TokenStream {
    let name = ident(name);
    let required: Vec<&&Field> = fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let param = ident(&f.rust_name);
        let ty = rust_type(&f.ty);
        quote!(#param: impl Into<#ty>)
    });
    let inits = fields.iter().map(|f| {
        let member = ident(&f.rust_name);
        if f.required {
            quote!(#member: #member.into(),)
        } else {
            quote!(#member: None,)
        }
    });
    let extra_init = extra.is_some().then(|| quote!(extra: Default::default(),));
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let member = ident(&f.rust_name);
        let setter = ident(&format!("with_{}", f.rust_name));
        let ty = rust_type(&f.ty);
        // A member that may be absent or null takes a value or `None` (sent as null).
        let docs = doc(&format!("Sets `{}`, which is optional.", f.wire_name));
        quote! {
            #docs
            pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
                self.#member = Some(value.into());
                self
            }
        }
    });
    let extra_setter = extra.map(|values| {
        let value = match values {
            None | Some(Ty::Any) => quote!(::serde_json::Value),
            Some(values) => rust_type(values),
        };
        quote! {
            /// Adds a member the spec does not name (written after the named ones).
            pub fn with_extra_member(mut self, key: impl Into<String>, value: impl Into<#value>) -> Self {
                self.extra.insert(key, value.into());
                self
            }
        }
    });
    let docs = doc(if required.is_empty() {
        "A value with every optional member left out (set them with the `with_*` methods)."
    } else {
        "A value with its required members; the optional ones are left out (set them with the `with_*` methods)."
    });
    let new = (required.len() <= MAX_NEW_ARGUMENTS).then(|| {
        quote! {
            #docs
            pub fn new(#(#params),*) -> Self {
                Self {
                    #(#inits)*
                    #extra_init
                }
            }
        }
    });
    // With nothing required, the empty value is the natural default.
    let default = required.is_empty().then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        impl #name {
            #new
            #(#setters)*
            #extra_setter
        }
        #default
    }
}
