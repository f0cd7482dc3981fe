//! Compares the JSON Schema that schemars derives for a generated type with the spec's schema of
//! the same name: property names, types (with the formats that choose a Rust type), `$ref`
//! targets, required sets, nullability, additional members, enum values and union variants.
//! `allOf` in the spec is flattened first, as the generator does.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// The shape of one schema, reduced to what both sides must agree on.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    /// A JSON type with its format, when it is one that picks the Rust type (`int32`,
    /// `password`); an integer without a format is `int64`.
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
        additional: Option<Box<Shape>>,
    },
    Enum(Vec<Value>),
    /// A tagged union, by its variants' schema names.
    OneOf(BTreeSet<String>),
    Nullable(Box<Shape>),
    Any,
}

/// The differences between the spec's schema `name` (in `spec`, the whole document) and
/// `derived` (schemars' schema of the generated type); empty when they agree.
pub fn schema_mismatches(spec: &Value, name: &str, derived: &Value) -> Vec<String> {
    let components = &spec["components"]["schemas"];
    let Some(expected) = components.get(name) else {
        return vec![format!("{name}: no such schema in the spec")];
    };
    // A nullable component is `Option` where it is used; its own type is the value's.
    let expected = strip_nullable(spec_shape(components, expected));
    let actual = derived_shape(derived);
    let mut mismatches = Vec::new();
    diff(name, &expected, &actual, &mut mismatches);
    mismatches
}

fn strip_nullable(shape: Shape) -> Shape {
    match shape {
        Shape::Nullable(inner) => strip_nullable(*inner),
        other => other,
    }
}

fn diff(at: &str, expected: &Shape, actual: &Shape, out: &mut Vec<String>) {
    match (expected, actual) {
        (Shape::Any, _) => {}
        (
            Shape::Object {
                properties: expected_properties,
                required: expected_required,
                additional: expected_additional,
            },
            Shape::Object {
                properties: actual_properties,
                required: actual_required,
                additional: actual_additional,
            },
        ) => {
            for (property, expected) in expected_properties {
                let at = format!("{at}.{property}");
                match actual_properties.get(property) {
                    // schemars writes every `Option` as "T or null", so the null of an optional
                    // member says nothing; a required one's must agree.
                    Some(actual) if expected_required.contains(property) => {
                        diff(&at, expected, actual, out)
                    }
                    Some(actual) => diff(
                        &at,
                        &strip_nullable(expected.clone()),
                        &strip_nullable(actual.clone()),
                        out,
                    ),
                    None => out.push(format!("{at}: in the spec, missing from the type")),
                }
            }
            for property in actual_properties
                .keys()
                .filter(|p| !expected_properties.contains_key(*p))
            {
                out.push(format!("{at}.{property}: in the type, not in the spec"));
            }
            // schemars never lists an `Option` as required, not even one that must be present
            // (a required member that may be null); the generated type requires it all the same.
            let expected_required: BTreeSet<String> = expected_required
                .iter()
                .filter(|name| {
                    !matches!(expected_properties.get(*name), Some(Shape::Nullable(_)))
                        || actual_required.contains(*name)
                })
                .cloned()
                .collect();
            if expected_required != *actual_required {
                out.push(format!("{at}: required {expected_required:?} in the spec, {actual_required:?} in the type"));
            }
            match (expected_additional, actual_additional) {
                (Some(expected), Some(actual)) => {
                    diff(&format!("{at}{{..}}"), expected, actual, out)
                }
                (None, None) => {}
                (expected, actual) => out.push(format!(
                    "{at}: additional members {expected:?} in the spec, {actual:?} in the type"
                )),
            }
        }
        (Shape::Array(expected), Shape::Array(actual)) => {
            diff(&format!("{at}[]"), expected, actual, out)
        }
        (Shape::Map(expected), Shape::Map(actual)) => {
            diff(&format!("{at}{{}}"), expected, actual, out)
        }
        (Shape::Nullable(expected), Shape::Nullable(actual)) => diff(at, expected, actual, out),
        (expected, actual) if expected == actual => {}
        (expected, actual) => out.push(format!(
            "{at}: {expected:?} in the spec, {actual:?} in the type"
        )),
    }
}

fn spec_shape(components: &Value, schema: &Value) -> Shape {
    if let Some(parts) = schema["allOf"].as_array() {
        if let [only] = parts.as_slice() {
            if only.get("$ref").is_some() {
                return spec_shape(components, only);
            }
        }
        let mut properties = BTreeMap::new();
        let mut required = BTreeSet::new();
        let mut additional = None;
        for part in parts {
            let part = match part["$ref"].as_str() {
                Some(reference) => &components[reference_name(reference)],
                None => part,
            };
            if let Shape::Object {
                properties: p,
                required: r,
                additional: a,
            } = spec_shape(components, part)
            {
                properties.extend(p);
                required.extend(r);
                additional = additional.or(a);
            }
        }
        return Shape::Object {
            properties,
            required,
            additional,
        };
    }
    if let Some(shape) = alternatives_shape(schema, &|inner| spec_shape(components, inner)) {
        return shape;
    }
    // A component of a plain type is a Rust type alias: schemars sees the type it names.
    if let Some(reference) = schema["$ref"].as_str() {
        let target = &components[reference_name(reference)];
        let named = ["properties", "allOf", "oneOf", "enum"]
            .iter()
            .any(|key| target.get(key).is_some())
            || (target["type"] == "object" && target.get("additionalProperties").is_none());
        if !named && target.is_object() {
            return spec_shape(components, target);
        }
    }
    shape(schema, &|inner| spec_shape(components, inner))
}

fn derived_shape(schema: &Value) -> Shape {
    if let Some(shape) = alternatives_shape(schema, &derived_shape) {
        return shape;
    }
    shape(schema, &derived_shape)
}

/// `oneOf` / `anyOf`, as both sides write them: `null` alternatives make the rest nullable; one
/// other alternative is its own shape, several are a union of `$ref`s.
fn alternatives_shape(schema: &Value, inner: &dyn Fn(&Value) -> Shape) -> Option<Shape> {
    let alternatives = ["oneOf", "anyOf"]
        .iter()
        .find_map(|keyword| schema[*keyword].as_array())?;
    let nullable = alternatives.iter().any(|a| a["type"] == "null");
    let others: Vec<&Value> = alternatives
        .iter()
        .filter(|a| a["type"] != "null")
        .collect();
    let shape = match others.as_slice() {
        [only] => inner(only),
        several => Shape::OneOf(
            several
                .iter()
                .filter_map(|v| v["$ref"].as_str().map(|r| reference_name(r).to_owned()))
                .collect(),
        ),
    };
    Some(nullable_if(nullable, shape))
}

fn nullable_if(nullable: bool, shape: Shape) -> Shape {
    match shape {
        Shape::Any | Shape::Nullable(_) => shape,
        shape if nullable => Shape::Nullable(Box::new(shape)),
        shape => shape,
    }
}

/// The shape of a schema both sides write alike; `inner` reads nested schemas.
fn shape(schema: &Value, inner: &dyn Fn(&Value) -> Shape) -> Shape {
    if schema == &Value::Bool(true) {
        return Shape::Any;
    }
    if let Some(reference) = schema["$ref"].as_str() {
        return Shape::Ref(reference_name(reference).to_owned());
    }
    // `type: [T, "null"]`: T or null.
    let types: Vec<&str> = match &schema["type"] {
        Value::String(ty) => vec![ty.as_str()],
        Value::Array(types) => types.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let nullable = types.contains(&"null")
        || schema["enum"]
            .as_array()
            .is_some_and(|values| values.contains(&Value::Null));
    let ty = types.iter().copied().find(|ty| *ty != "null");
    let one_value = schema["enum"]
        .as_array()
        .and_then(|values| match values.as_slice() {
            [only] => Some(only),
            _ => None,
        });
    if let (Some(values), None) = (schema["enum"].as_array(), one_value) {
        let values = values.iter().filter(|v| !v.is_null()).cloned().collect();
        return nullable_if(nullable, Shape::Enum(values));
    }
    // A one-value enum is a constant, as the generator reads it.
    if let Some(constant) = schema.get("const").or(one_value) {
        let ty = match constant {
            Value::String(_) => "string",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() => "integer",
            Value::Number(_) => "number",
            _ => return Shape::Any,
        };
        return scalar(ty, None);
    }
    let has = |key: &str| schema.get(key).is_some();
    let shape = match ty {
        Some("array") => Shape::Array(Box::new(inner(&schema["items"]))),
        None if has("items") => Shape::Array(Box::new(inner(&schema["items"]))),
        Some("object") | None if has("properties") => object_shape(schema, inner),
        Some("object") | None if has("additionalProperties") => {
            match &schema["additionalProperties"] {
                Value::Bool(false) => object_shape(schema, inner),
                values => Shape::Map(Box::new(inner(values))),
            }
        }
        Some("object") => object_shape(schema, inner),
        // `decimal` and `double` are both JSON numbers; schemars writes no format.
        Some("number") => scalar("number", None),
        Some("integer") => match schema["format"].as_str() {
            Some("int32") => scalar("integer", Some("int32")),
            _ => scalar("integer", Some("int64")),
        },
        // Only `password` picks a type; other string formats are documentation.
        Some("string") => scalar(
            "string",
            schema["format"].as_str().filter(|f| *f == "password"),
        ),
        Some(ty) => scalar(ty, None),
        None => Shape::Any,
    };
    nullable_if(nullable, shape)
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
    let additional = match schema.get("additionalProperties") {
        None | Some(Value::Bool(false)) => None,
        Some(values) => Some(Box::new(shape(values))),
    };
    // An object that names no member is any object.
    if properties_are_empty(&properties) && additional.is_none() && schema.get("required").is_none()
    {
        return Shape::Map(Box::new(Shape::Any));
    }
    Shape::Object {
        properties,
        required,
        additional,
    }
}

fn scalar(ty: &str, format: Option<&str>) -> Shape {
    Shape::Scalar {
        ty: ty.to_owned(),
        format: format.map(str::to_owned),
    }
}

fn properties_are_empty(properties: &BTreeMap<String, Shape>) -> bool {
    properties.is_empty()
}
