//! Lowering of `x-paged`: an operation whose rows come a page at a time, asked for with a limit
//! and an offset, the payload counting every row. Checked against the request and the payload so
//! that the generated `*_pages` method compiles: the rows are the answer's `x-large-array`, the
//! limit and offset are integer request members, the total an integer payload member.

use super::lower::Lowering;
use super::model::*;
use crate::codegen::spec::PagedSpec;

impl Lowering<'_, '_> {
    pub(super) fn paged(
        &mut self,
        spec: &PagedSpec,
        fields: &[RequestField],
        rows: Option<&Rows>,
        client_method: &str,
        operation_id: &str,
        ir: &Ir,
    ) -> Option<Paged> {
        let at = &spec.pointer;
        let Some(rows) = rows else {
            self.diags.error(at, "x-paged reads the rows of the answer's x-large-array, and this answer has none: mark the array of rows with \"x-large-array\": true");
            return None;
        };
        let request_integer = |wire: &str| {
            fields.iter().find(|f| f.field.wire_name == wire).map(|f| {
                (
                    f.field.rust_name.clone(),
                    f.field.ty == Ty::I64,
                    f.field.required,
                )
            })
        };
        let mut valid = true;
        for (key, wire) in [("limit", &spec.limit), ("offset", &spec.offset)] {
            if !request_integer(wire).is_some_and(|(_, integer, _)| integer) {
                self.diags.error(&at.join(key), format!("`{wire}` is not a 64-bit integer member of the request (`\"type\": \"integer\"`, `\"format\": \"int64\"`)"));
                valid = false;
            }
        }
        // The payload's struct: its header type holds the same members but the rows.
        let payload = ir.types.iter().find_map(|def| match def {
            TypeDef::Struct(def) if def.header_name.as_deref() == Some(rows.header.as_str()) => {
                Some(def)
            }
            _ => None,
        });
        let total = payload.and_then(|payload| {
            payload
                .fields
                .iter()
                .find(|f| f.wire_name == spec.total && f.ty == Ty::I64 && !f.large_array)
                .map(|f| (f.rust_name.clone(), !f.required))
        });
        if total.is_none() {
            self.diags.error(
                &at.join("total"),
                format!(
                    "`{}` is not a 64-bit integer member of the answer's payload beside its rows",
                    spec.total
                ),
            );
            valid = false;
        }
        let method = format!("{client_method}_pages");
        valid &= self.methods.claim(
            &method,
            &format!("{operation_id} (its paging method)"),
            at,
            self.diags,
        );
        let (offset_field, _, offset_required) = request_integer(&spec.offset)?;
        let (total_field, total_optional) = total?;
        valid.then(|| Paged {
            limit_wire: spec.limit.clone(),
            offset_wire: spec.offset.clone(),
            total_wire: spec.total.clone(),
            offset_field,
            offset_optional: !offset_required,
            total_field,
            total_optional,
            method,
        })
    }
}
