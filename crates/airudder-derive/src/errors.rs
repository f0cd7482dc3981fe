//! The error accumulator every stage reports into, so one build shows every mistake at once.

use std::fmt::Display;

use proc_macro2::Span;
use quote::ToTokens;

/// Every error found so far in one derive invocation, combined in the order they were found.
#[derive(Default)]
pub(crate) struct Errors {
    combined: Option<syn::Error>,
}

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.combined {
            Some(combined) => combined.combine(error),
            None => self.combined = Some(error),
        }
    }

    pub(crate) fn at(&mut self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Reports over the whole of `tokens` (e.g. a type), so the caret underlines all of it.
    pub(crate) fn spanned(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// `value` when nothing was reported, otherwise every reported error.
    ///
    /// Stages return `None` for a part they could not build only after reporting why, so the
    /// fallback message is a guard against a stage forgetting to, not something users should see.
    pub(crate) fn finish<T>(self, value: Option<T>, derive: &str) -> syn::Result<T> {
        match (self.combined, value) {
            (Some(error), _) => Err(error),
            (None, Some(value)) => Ok(value),
            (None, None) => Err(syn::Error::new(
                Span::call_site(),
                format!(
                    "#[derive({derive})] could not read this type; please report this as a bug"
                ),
            )),
        }
    }
}
