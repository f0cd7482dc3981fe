//! Lowering of `oneOf` components into open tagged unions: every variant is a `$ref` to an
//! object schema with a required tag member whose value is fixed (`const` or a one-value
//! `enum`); the tag is found by name (`discriminator.propertyName`) or as the one member that
//! qualifies, and a `discriminator.mapping` must agree with the variants' tags.

use super::fields::constant;
use super::lower::Lowering;
use super::model::*;
use crate::codegen::diagnostics::Pointer;
use crate::codegen::json::Json;
use crate::codegen::names;
use crate::codegen::spec::{Discriminator, Kind, Schema};

/// One variant as the spec gives it: its component and the members that could be the tag.
struct Candidate {
    pointer: Pointer,
    target: String,
    /// Required members with a fixed string value: (wire name, value).
    fixed: Vec<(String, String)>,
    /// Every member name of the variant, for messages.
    members: Vec<String>,
}

impl Lowering<'_, '_> {
    pub(super) fn union_def(
        &mut self,
        name: String,
        spec_name: &str,
        description: String,
        variants: &[Schema],
        discriminator: Option<&Discriminator>,
        pointer: &Pointer,
    ) -> Option<UnionDef> {
        let mut candidates = Vec::new();
        for variant in variants {
            let Kind::Ref(target) = &variant.kind else {
                if !matches!(variant.kind, Kind::Invalid) {
                    self.diags.error(&variant.pointer, "a oneOf variant must be a $ref to an object schema of components/schemas with a tag member (`\"const\"`); move it there");
                }
                return None;
            };
            if candidates.iter().any(|c: &Candidate| c.target == *target) {
                self.diags.error(
                    &variant.pointer,
                    format!("`{target}` is a variant twice; keep it once"),
                );
                return None;
            }
            let schema = self.component(target)?;
            if !matches!(schema.kind, Kind::Object { .. } | Kind::AllOf(_)) {
                if !matches!(schema.kind, Kind::Invalid) {
                    self.diags.error(&variant.pointer, format!("oneOf variant `{target}` is not an object schema; a tagged union's variants are objects with a tag member"));
                }
                return None;
            }
            let mut members = Vec::new();
            let mut fixed = Vec::new();
            self.object_members(schema, &mut members, &mut fixed, &mut Vec::new());
            candidates.push(Candidate {
                pointer: variant.pointer.clone(),
                target: target.clone(),
                fixed,
                members,
            });
        }
        let tag = self.tag_member(&candidates, discriminator, pointer)?;
        let mut union_variants: Vec<UnionVariant> = Vec::new();
        for candidate in &candidates {
            let Some((_, value)) = candidate.fixed.iter().find(|(member, _)| *member == tag) else {
                continue;
            };
            let rust_name = names::variant_name(value);
            if rust_name == "Other" {
                self.diags.error(&candidate.pointer, format!("the tag `{value}` gives the variant `Other`, the catch-all for unknown tags; the generator cannot name it"));
                return None;
            }
            if let Some(first) = union_variants
                .iter()
                .find(|v| v.tag_value == *value || v.rust_name == rust_name)
            {
                self.diags.error(&candidate.pointer, format!("the variants `{}` and `{}` have the tags `{}` and `{value}`, which map to one variant `{rust_name}`; give each variant its own tag", first.payload, candidate.target, first.tag_value));
                return None;
            }
            union_variants.push(UnionVariant {
                tag_value: value.clone(),
                rust_name,
                payload: self.type_name_of(&candidate.target),
                boxed: true,
            });
        }
        if let Some(discriminator) = discriminator {
            self.check_mapping(discriminator, &candidates, &tag)?;
        }
        Some(UnionDef {
            name,
            spec_name: spec_name.to_owned(),
            description,
            tag,
            variants: union_variants,
            webhook: None,
        })
    }

    /// The member names of an object schema (allOf parts included), and its required members
    /// with a fixed string value.
    fn object_members(
        &self,
        schema: &Schema,
        members: &mut Vec<String>,
        fixed: &mut Vec<(String, String)>,
        seen: &mut Vec<String>,
    ) {
        match &schema.kind {
            Kind::Object {
                properties,
                required,
                ..
            } => {
                for (name, property) in properties {
                    members.push(name.clone());
                    let value = match constant(property) {
                        Some(Json::String(value)) => value,
                        _ => continue,
                    };
                    if required.contains(name) {
                        fixed.push((name.clone(), value));
                    }
                }
            }
            Kind::AllOf(parts) => {
                for part in parts {
                    match &part.kind {
                        Kind::Ref(target) if !seen.contains(target) => {
                            seen.push(target.clone());
                            if let Some(schema) = self.component(target) {
                                self.object_members(schema, members, fixed, seen);
                            }
                        }
                        _ => self.object_members(part, members, fixed, seen),
                    }
                }
            }
            _ => {}
        }
    }

    /// The member that tells the variants apart.
    fn tag_member(
        &mut self,
        candidates: &[Candidate],
        discriminator: Option<&Discriminator>,
        pointer: &Pointer,
    ) -> Option<String> {
        let qualifies = |member: &str| {
            candidates
                .iter()
                .all(|c| c.fixed.iter().any(|(name, _)| name == member))
        };
        if let Some(discriminator) = discriminator {
            let tag = &discriminator.property_name;
            if qualifies(tag) {
                return Some(tag.clone());
            }
            for candidate in candidates
                .iter()
                .filter(|c| !c.fixed.iter().any(|(name, _)| name == tag))
            {
                let has = candidate.members.contains(tag);
                self.diags.error(
                    &candidate.pointer,
                    format!(
                        "variant `{}` {} the tag member `{tag}`; give it `\"{tag}\": {{\"type\": \"string\", \"const\": \"<its tag>\"}}` and list `{tag}` in its `required`",
                        candidate.target,
                        if has { "has no required, fixed value for" } else { "lacks" }
                    ),
                );
            }
            return None;
        }
        let mut possible: Vec<&str> = candidates
            .first()
            .map(|c| c.fixed.iter().map(|(name, _)| name.as_str()).collect())
            .unwrap_or_default();
        possible.retain(|member| qualifies(member));
        match possible.as_slice() {
            [only] => Some((*only).to_owned()),
            [] => {
                self.diags.error(&pointer.join("oneOf"), "the variants of this oneOf share no required member with a fixed value (a tag); give every variant a member such as `\"type\": {\"type\": \"string\", \"const\": \"<its tag>\"}`, required, or write `{}` for any JSON");
                None
            }
            several => {
                self.diags.error(
                    pointer,
                    format!(
                        "several members could tell the variants apart ({}); name the tag with `\"discriminator\": {{\"propertyName\": \"...\"}}`",
                        several.join(", ")
                    ),
                );
                None
            }
        }
    }

    /// Every `mapping` entry names a variant whose tag is the entry's key.
    fn check_mapping(
        &mut self,
        discriminator: &Discriminator,
        candidates: &[Candidate],
        tag: &str,
    ) -> Option<()> {
        let mut ok = true;
        for (value, target, entry) in &discriminator.mapping {
            match candidates.iter().find(|c| c.target == *target) {
                None => {
                    self.diags.error(
                        entry,
                        format!("mapping target `{target}` is not a variant of this oneOf"),
                    );
                    ok = false;
                }
                Some(candidate) => {
                    let actual = candidate
                        .fixed
                        .iter()
                        .find(|(name, _)| name == tag)
                        .map(|(_, v)| v.as_str());
                    if actual != Some(value.as_str()) {
                        self.diags.error(entry, format!("mapping says `{value}` selects `{target}`, whose `{tag}` is `{}`; make them agree", actual.unwrap_or("absent")));
                        ok = false;
                    }
                }
            }
        }
        ok.then_some(())
    }
}
