//! Checks a request against its operation's generated request type, so a mistake the real API
//! would refuse is refused here too, with the field named.

use airudder_models::{OperationInfo, ParamInfo, ParamLocation};
use serde_json::{Map, Value};

/// The request's fields as one JSON object (query, path, header and body members by wire name),
/// checked by decoding it into the request type; the error names the field and the problem. A
/// form body (the operation's catalog entry says which) is read as the form it is.
pub(crate) fn check_request(
    operation: &OperationInfo,
    query: &[(String, String)],
    path_params: &[(&'static str, String)],
    header: &dyn Fn(&str) -> Option<String>,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Map<String, Value>, String> {
    let mut fields = Map::new();
    let takes_body = operation
        .params
        .iter()
        .any(|p| p.location == ParamLocation::Body);
    if takes_body {
        let media = if operation.form {
            "application/x-www-form-urlencoded"
        } else {
            "application/json"
        };
        let sent = content_type.is_some_and(|t| {
            t.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case(media))
        });
        if !sent {
            return Err(format!(
                "Content-Type must be {media}, not {:?}",
                content_type.unwrap_or("absent")
            ));
        }
        if operation.form {
            let pairs = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
                .map_err(|error| format!("the request body is not a form: {error}"))?;
            for (name, value) in pairs {
                let value = typed(operation, &name, &value);
                fields.insert(name, value);
            }
        } else {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(members)) => fields.extend(members),
                Ok(other) => {
                    return Err(format!(
                        "the request body must be a JSON object, not {}",
                        kind(&other)
                    ));
                }
                Err(error) => return Err(format!("the request body is not JSON: {error}")),
            }
        }
    }
    for (name, value) in query {
        if operation
            .params
            .iter()
            .any(|p| p.name == name && p.location == ParamLocation::Query)
        {
            fields.insert(name.clone(), typed(operation, name, value));
        }
    }
    for (name, value) in path_params {
        fields.insert((*name).to_owned(), typed(operation, name, value));
    }
    for param in operation
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
    {
        if let Some(value) = header(param.name) {
            fields.insert(param.name.to_owned(), typed(operation, param.name, &value));
        }
    }
    for param in operation.params {
        check_value(param, fields.get(param.name))?;
    }
    integral_decimals(operation, &mut fields);
    let text = serde_json::to_vec(&fields).unwrap_or_default();
    (operation.reencode_request)(&text)
        .map(|_| fields)
        .map_err(|error| match error.path() {
            "." => format!("invalid request: {}", error.reason()),
            path => format!("invalid request field `{path}`: {}", error.reason()),
        })
}

/// What the request type tolerates but the spec does not allow a request to say, as the real API
/// would refuse it: `null` for a member the spec never allows null, a value its enum does not
/// list.
fn check_value(param: &ParamInfo, value: Option<&Value>) -> Result<(), String> {
    match value {
        Some(Value::Null) if !param.nullable => Err(format!(
            "invalid request field `{}`: null is not allowed",
            param.name
        )),
        Some(value) if !param.values.is_empty() && !value.is_null() => {
            let text = value.to_string();
            if param.values.contains(&text.as_str()) {
                Ok(())
            } else {
                Err(format!(
                    "invalid request field `{}`: {text} is not one of {}",
                    param.name,
                    param.values.join(", ")
                ))
            }
        }
        _ => Ok(()),
    }
}

/// Integer members written as decimals without a fraction (`10.0`), as the integers JSON Schema
/// takes them for. serde_json's fast float reading may be one unit in the last place off
/// (`3652248491695154.0` reads as `...153.5`), so a float within one unit of a whole number is
/// that number; only up to 2^53, where every integer is a float: a number past `i64` also reads as
/// a float that rounds into its range, and stays refused.
fn integral_decimals(operation: &OperationInfo, fields: &mut Map<String, Value>) {
    let integers = operation.params.iter().filter(|p| p.json_type == "integer");
    for param in integers {
        let Some(Value::Number(number)) = fields.get(param.name) else {
            continue;
        };
        let Some(float) = number.as_f64().filter(|_| number.is_f64()) else {
            continue;
        };
        let whole = float.round();
        let unit = f64::from_bits(float.abs().to_bits() + 1) - float.abs();
        if whole.abs() <= 2f64.powi(53) && (float - whole).abs() <= unit {
            fields.insert(param.name.to_owned(), Value::from(whole as i64));
        }
    }
}

/// A query, path or form value as the JSON type its field has (they carry only text).
fn typed(operation: &OperationInfo, name: &str, value: &str) -> Value {
    let json_type = operation
        .params
        .iter()
        .find(|p| p.name == name)
        .map_or("string", |p| p.json_type);
    match json_type {
        "integer" | "number" | "boolean" => {
            serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned()))
        }
        _ => Value::String(value.to_owned()),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use airudder_models::OPERATIONS;

    use super::*;

    fn check(operation_id: &str, body: &str) -> Result<(), String> {
        let operation = OPERATIONS
            .iter()
            .find(|op| op.operation_id == operation_id)
            .unwrap();
        check_request(
            operation,
            &[],
            &[],
            &|_| None,
            Some("application/json"),
            body.as_bytes(),
        )
        .map(drop)
    }

    #[test]
    fn a_value_the_enum_does_not_list_is_refused_naming_the_field() {
        assert!(check("queryPdsTaskList", r#"{"limit": 5, "state": "Finished"}"#).is_ok());
        let refused = check("queryPdsTaskList", r#"{"limit": 5, "state": "Bogus"}"#).unwrap_err();
        assert!(
            refused.contains("`state`") && refused.contains("\"Bogus\""),
            "{refused}"
        );
    }

    #[test]
    fn null_is_refused_where_the_spec_never_allows_it_and_kept_where_it_takes_any_json() {
        let refused = check("queryPdsTaskList", r#"{"limit": 5, "taskName": null}"#).unwrap_err();
        assert!(refused.contains("`taskName`: null"), "{refused}");
        assert!(check("queryPdsTaskList", r#"{"limit": 5, "filterTime": null}"#).is_ok());
    }

    #[test]
    fn an_integer_written_with_a_zero_fraction_is_the_integer_json_schema_takes_it_for() {
        assert!(check("queryPdsTaskList", r#"{"limit": 10155953732012.0}"#).is_ok());
        // serde_json alone reads this one as ...153.5.
        assert!(check("queryPdsTaskList", r#"{"limit": 3652248491695154.0}"#).is_ok());
        // Beside members whose names are escaped.
        assert!(check("queryPdsTaskList", r#"{"\u008b": 1, "limit": -1001.0}"#).is_ok());
        assert!(check("queryPdsTaskList", r#"{"limit": 1.5}"#).is_err());
        // Past i64 (it reads as an f64 that rounds into i64's range): refused, not rounded.
        let below = check("queryPdsTaskList", r#"{"limit": -9223372036854775809}"#);
        assert!(below.is_err(), "{below:?}");
    }
}
