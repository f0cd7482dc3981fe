//! Recursion: a type that contains itself by value (a message quoting a message) has no size,
//! so the field that closes each such cycle is boxed; aliases that reach themselves through
//! aliases alone (`type A = Vec<A>`) have no Rust form and are reported.
//!
//! "By value" means not behind a `Vec`, a map or a `Box`; aliases are looked through, since a
//! Rust type alias is only another name. Union variants are boxed already.

use std::collections::{BTreeMap, BTreeSet};

use super::model::*;
use crate::codegen::diagnostics::{Diagnostics, Pointer};
use crate::codegen::names;
use crate::codegen::spec::Spec;

pub(super) fn box_cycles(ir: &mut Ir, spec: &Spec, diags: &mut Diagnostics) {
    let aliases: BTreeMap<String, Ty> = ir
        .types
        .iter()
        .filter_map(|def| match def {
            TypeDef::Alias(alias) => Some((alias.name.clone(), alias.ty.clone())),
            _ => None,
        })
        .collect();
    if report_alias_cycles(&aliases, spec, diags) {
        return;
    }
    // Fields are boxed one at a time, the graph read afresh each time: boxing one field of a
    // cycle breaks it, so the others stay unboxed.
    for index in 0..ir.types.len() {
        let TypeDef::Struct(def) = &ir.types[index] else {
            continue;
        };
        let owner = def.name.clone();
        for field_index in 0..def_fields(&ir.types[index]).len() {
            let ty = def_fields(&ir.types[index])[field_index].ty.clone();
            let closes_cycle = by_value(&ty, &aliases)
                .iter()
                .any(|target| *target == owner || reaches(ir, &aliases, target, &owner));
            if closes_cycle {
                if let TypeDef::Struct(def) = &mut ir.types[index] {
                    def.fields[field_index].ty = boxed(ty);
                }
            }
        }
    }
}

fn def_fields(def: &TypeDef) -> &[Field] {
    match def {
        TypeDef::Struct(def) => &def.fields,
        _ => &[],
    }
}

/// The named types `ty` holds by value (aliases looked through).
fn by_value(ty: &Ty, aliases: &BTreeMap<String, Ty>) -> Vec<String> {
    let mut found = Vec::new();
    collect_by_value(ty, aliases, &mut found, &mut BTreeSet::new());
    found
}

fn collect_by_value(
    ty: &Ty,
    aliases: &BTreeMap<String, Ty>,
    found: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) {
    match ty {
        Ty::Nullable(inner) => collect_by_value(inner, aliases, found, seen),
        Ty::Named(name) => {
            if !seen.insert(name.clone()) {
                return;
            }
            match aliases.get(name) {
                Some(target) => collect_by_value(target, aliases, found, seen),
                None => found.push(name.clone()),
            }
        }
        _ => {}
    }
}

/// Whether `from` holds `to` by value, directly or through other types.
fn reaches(ir: &Ir, aliases: &BTreeMap<String, Ty>, from: &str, to: &str) -> bool {
    let mut stack = vec![from.to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(TypeDef::Struct(def)) = ir.type_def(&name) else {
            continue;
        };
        for field in &def.fields {
            for target in by_value(&field.ty, aliases) {
                if target == to {
                    return true;
                }
                stack.push(target);
            }
        }
    }
    false
}

/// `ty` with its by-value named type behind a `Box` (`Option<Box<T>>` for a nullable one).
fn boxed(ty: Ty) -> Ty {
    match ty {
        Ty::Nullable(inner) => Ty::Nullable(Box::new(boxed(*inner))),
        other => Ty::Boxed(Box::new(other)),
    }
}

/// Reports every alias that reaches itself through aliases alone; true when there was one.
fn report_alias_cycles(
    aliases: &BTreeMap<String, Ty>,
    spec: &Spec,
    diags: &mut Diagnostics,
) -> bool {
    let mut found = false;
    // Each cycle is reported once, at its first alias in name order.
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for name in aliases.keys() {
        if reported.contains(name) {
            continue;
        }
        let mut path = vec![name.clone()];
        if alias_path_back(name, name, aliases, &mut path, &mut BTreeSet::new()) {
            found = true;
            reported.extend(path.iter().cloned());
            let pointer = spec
                .schemas
                .iter()
                .find(|named| names::component_type_name(named) == *name)
                .map(|named| named.schema.pointer.clone())
                .unwrap_or_else(Pointer::root);
            diags.error(
                &pointer,
                format!(
                    "`{name}` refers to itself through schemas that are not objects ({}); make one of them an object schema",
                    path.join(" -> ")
                ),
            );
        }
    }
    found
}

fn alias_path_back(
    start: &str,
    current: &str,
    aliases: &BTreeMap<String, Ty>,
    path: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) -> bool {
    let Some(ty) = aliases.get(current) else {
        return false;
    };
    for next in named_anywhere(ty) {
        if next == start {
            path.push(next);
            return true;
        }
        if aliases.contains_key(&next) && seen.insert(next.clone()) {
            path.push(next.clone());
            if alias_path_back(start, &next, aliases, path, seen) {
                return true;
            }
            path.pop();
        }
    }
    false
}

/// Every named type in `ty`, at any depth.
fn named_anywhere(ty: &Ty) -> Vec<String> {
    match ty {
        Ty::Named(name) => vec![name.clone()],
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Nullable(inner) | Ty::Boxed(inner) => {
            named_anywhere(inner)
        }
        _ => Vec::new(),
    }
}
