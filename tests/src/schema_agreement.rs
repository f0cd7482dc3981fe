//! Compares the JSON Schema that schemars derives for a generated type with the spec's schema of
//! the same name: property names, types (with formats), `$ref` targets, required sets and enum
//! values. `allOf` in the spec is flattened first, as the generator does.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The shape of one schema, reduced to what both sides must agree on.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// A JSON type with its format, when it is one the generated types keep (`int32`, `password`).
    Scalar {
        ty: String,
        format: Option<String>,
    },
    Ref(String),
    Array(Box<Shape>),
    Map(Box<Shape>),
    Object {
        properties: BTreeMap<String, Shape>,
        required: BTreeSet<String>,
    },
    Enum(Vec<String>),
    Any,
}

/// The differences between the spec's schema `name` (in `spec`, the whole document) and
/// `derived` (schemars' schema of the generated type); empty when they agree.
pub fn schema_mismatches(spec: &Value, name: &str, derived: &Value) -> Vec<String> {
    let components = &spec["components"]["schemas"];
    let Some(expected) = components.get(name) else {
        return vec![format!("{name}: no such schema in the spec")];
    };
    let expected = spec_shape(components, expected);
    let actual = derived_shape(derived);
    let mut mismatches = Vec::new();
    diff(name, &expected, &actual, &mut mismatches);
    mismatches
}

fn diff(at: &str, expected: &Shape, actual: &Shape, out: &mut Vec<String>) {
    match (expected, actual) {
        (Shape::Any, _) => {}
        (
            Shape::Object {
                properties: expected_properties,
                required: expected_required,
            },
            Shape::Object {
                properties: actual_properties,
                required: actual_required,
            },
        ) => {
            for (property, expected) in expected_properties {
                match actual_properties.get(property) {
                    Some(actual) => diff(&format!("{at}.{property}"), expected, actual, out),
                    None => out.push(format!(
                        "{at}.{property}: in the spec, missing from the type"
                    )),
                }
            }
            for property in actual_properties
                .keys()
                .filter(|p| !expected_properties.contains_key(*p))
            {
                out.push(format!("{at}.{property}: in the type, not in the spec"));
            }
            if expected_required != actual_required {
                out.push(format!("{at}: required {expected_required:?} in the spec, {actual_required:?} in the type"));
            }
        }
        (Shape::Array(expected), Shape::Array(actual)) => {
            diff(&format!("{at}[]"), expected, actual, out)
        }
        (Shape::Map(expected), Shape::Map(actual)) => {
            diff(&format!("{at}{{}}"), expected, actual, out)
        }
        (expected, actual) if expected == actual => {}
        (expected, actual) => out.push(format!(
            "{at}: {expected:?} in the spec, {actual:?} in the type"
        )),
    }
}

fn spec_shape(components: &Value, schema: &Value) -> Shape {
    if let Some(parts) = schema["allOf"].as_array() {
        let mut properties = BTreeMap::new();
        let mut required = BTreeSet::new();
        for part in parts {
            let part = match part["$ref"].as_str() {
                Some(reference) => &components[reference_name(reference)],
                None => part,
            };
            if let Shape::Object {
                properties: p,
                required: r,
            } = spec_shape(components, part)
            {
                properties.extend(p);
                required.extend(r);
            }
        }
        return Shape::Object {
            properties,
            required,
        };
    }
    shape(schema, &|inner| spec_shape(components, inner))
}

fn derived_shape(schema: &Value) -> Shape {
    // schemars writes `Option<T>` as "T or null"; the spec says "not required" instead, which the
    // required sets compare, so the null alternative is dropped here.
    if let Some(alternatives) = schema["anyOf"].as_array() {
        let non_null: Vec<&Value> = alternatives
            .iter()
            .filter(|a| a["type"] != "null")
            .collect();
        if let [only] = non_null.as_slice() {
            return derived_shape(only);
        }
    }
    if let Some(types) = schema["type"].as_array() {
        let non_null: Vec<&Value> = types.iter().filter(|t| *t != "null").collect();
        if let [only] = non_null.as_slice() {
            let mut single = schema.clone();
            single["type"] = (*only).clone();
            return derived_shape(&single);
        }
    }
    shape(schema, &derived_shape)
}

/// The shape of a schema both sides write alike; `inner` reads nested schemas.
fn shape(schema: &Value, inner: &dyn Fn(&Value) -> Shape) -> Shape {
    if let Some(reference) = schema["$ref"].as_str() {
        return Shape::Ref(reference_name(reference).to_owned());
    }
    if let Some(values) = schema["enum"].as_array() {
        return Shape::Enum(
            values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
        );
    }
    match schema["type"].as_str() {
        Some("array") => Shape::Array(Box::new(inner(&schema["items"]))),
        Some("object")
            if schema.get("additionalProperties").is_some()
                && schema.get("properties").is_none() =>
        {
            Shape::Map(Box::new(inner(&schema["additionalProperties"])))
        }
        Some("object") => object_shape(schema, inner),
        // The spec's `decimal` and `double` are both JSON numbers; schemars writes no format.
        Some("number") => scalar("number", None),
        Some(ty) => scalar(ty, schema["format"].as_str()),
        None => Shape::Any,
    }
}

fn reference_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or_default()
}

fn object_shape(schema: &Value, shape: &dyn Fn(&Value) -> Shape) -> Shape {
    let properties = schema["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, property)| (name.clone(), shape(property)))
        .collect();
    let required = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r.as_str().map(str::to_owned))
        .collect();
    Shape::Object {
        properties,
        required,
    }
}

fn scalar(ty: &str, format: Option<&str>) -> Shape {
    Shape::Scalar {
        ty: ty.to_owned(),
        format: format.map(str::to_owned),
    }
}
