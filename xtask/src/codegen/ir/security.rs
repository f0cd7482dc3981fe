//! Lowering of token schemes and of the token each operation carries: a scheme's `x-token`
//! names an operation sent without a token whose request carries the credentials (required
//! string members, nothing else required) and whose payload holds the token at the pointer (a
//! string); an operation's `security` names a scheme the spec declares.

use heck::ToShoutySnakeCase;

use super::lower::Lowering;
use super::model::*;
use crate::codegen::diagnostics::Pointer;
use crate::codegen::spec::{Security, TokenSchemeSpec};

impl Lowering<'_, '_> {
    /// The constant of the scheme an operation whose `security` is `own` carries (the
    /// document's, checked once by [`Lowering::default_token`], when it says none).
    pub(super) fn operation_token(&mut self, own: Option<&Security>) -> Option<String> {
        match (own, &self.spec.default_security) {
            (Some(security), _) => self.checked_token(security),
            (None, Some(Security::Scheme(name, _))) => Some(scheme_const(name)),
            (None, _) => None,
        }
    }

    /// The constant of the document's default scheme.
    pub(super) fn default_token(&mut self) -> Option<String> {
        let spec = self.spec;
        self.checked_token(spec.default_security.as_ref()?)
    }

    fn checked_token(&mut self, security: &Security) -> Option<String> {
        match security {
            Security::None => None,
            Security::Scheme(name, pointer) => {
                let known = self
                    .spec
                    .token_schemes
                    .iter()
                    .any(|scheme| &scheme.name == name);
                if !known {
                    self.diags.error(pointer, format!("no security scheme `{name}` with x-token in components/securitySchemes; declare it, saying which operation obtains its token"));
                }
                Some(scheme_const(name))
            }
        }
    }

    /// Every scheme, checked against the operation that obtains its token.
    pub(super) fn token_schemes(&mut self, ir: &Ir) -> Vec<TokenSchemeDef> {
        let spec = self.spec;
        spec.token_schemes
            .iter()
            .filter_map(|scheme| self.token_scheme(scheme, ir))
            .collect()
    }

    fn token_scheme(&mut self, scheme: &TokenSchemeSpec, ir: &Ir) -> Option<TokenSchemeDef> {
        let at = &scheme.pointer_in_spec;
        let Some(operation) = ir
            .operations
            .iter()
            .find(|op| op.operation_id == scheme.operation)
        else {
            self.diags.error(
                &at.join("operation"),
                format!(
                    "no operation `{}` obtains the token: name the operationId of the token call",
                    scheme.operation
                ),
            );
            return None;
        };
        let mut valid = true;
        if operation.token.is_some() {
            self.diags.error(
                &at.join("operation"),
                format!(
                    "`{}` obtains the token, so it is sent without one: give it \"security\": []",
                    scheme.operation
                ),
            );
            valid = false;
        }
        for (role, member) in [
            ("key", &scheme.key_member),
            ("secret", &scheme.secret_member),
        ] {
            let carried = operation.fields.iter().any(|f| {
                f.location == Location::Body
                    && f.field.wire_name == *member
                    && f.field.required
                    && matches!(f.field.ty, Ty::String | Ty::Secret)
            });
            if !carried {
                self.diags.error(at, format!("the request of `{}` has no required string body member `{member}` for the app {role}; add it, or name the member with x-token.{role}", scheme.operation));
                valid = false;
            }
        }
        let others: Vec<&str> = operation
            .fields
            .iter()
            .filter(|f| {
                f.field.required
                    && f.field.wire_name != scheme.key_member
                    && f.field.wire_name != scheme.secret_member
            })
            .map(|f| f.field.wire_name.as_str())
            .collect();
        if !others.is_empty() {
            self.diags.error(at, format!("the request of `{}` requires `{}` besides the credentials: the client obtains a token with the app key and secret alone", scheme.operation, others.join("`, `")));
            valid = false;
        }
        valid &= self.check_token_pointer(
            &operation.response,
            &scheme.token_pointer,
            &at.join("pointer"),
            ir,
        );
        valid.then(|| TokenSchemeDef {
            name: scheme.name.clone(),
            const_name: scheme_const(&scheme.name),
            operation_id: operation.operation_id.clone(),
            request_name: operation.request_name.clone(),
            key_member: scheme.key_member.clone(),
            secret_member: scheme.secret_member.clone(),
            pointer: scheme.token_pointer.clone(),
        })
    }

    /// Whether `pointer` leads through `payload`'s members to a required string.
    fn check_token_pointer(&mut self, payload: &Ty, pointer: &str, at: &Pointer, ir: &Ir) -> bool {
        let mut ty = payload;
        for segment in pointer.trim_start_matches('/').split('/') {
            let field = match ty {
                Ty::Named(name) => match ir.type_def(name) {
                    Some(TypeDef::Struct(def)) => def
                        .fields
                        .iter()
                        .find(|f| f.wire_name == segment && f.required),
                    _ => None,
                },
                _ => None,
            };
            let Some(field) = field else {
                self.diags.error(at, format!("`{pointer}` does not lead to a required member of the token call's payload (no `{segment}`)"));
                return false;
            };
            ty = &field.ty;
        }
        let text = matches!(ty, Ty::String | Ty::Secret);
        if !text {
            self.diags
                .error(at, format!("`{pointer}` must lead to a string (the token)"));
        }
        text
    }
}

/// The Rust constant of the scheme `name` (`pdsToken` → `PDS_TOKEN_SCHEME`).
fn scheme_const(name: &str) -> String {
    format!("{}_SCHEME", name.to_shouty_snake_case())
}
