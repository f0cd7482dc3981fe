//! Checks a request against its operation's generated request type, so a mistake the real API
//! would refuse is refused here too, with the field named.

use airudder_models::{OperationInfo, ParamLocation};
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
    let text = serde_json::to_vec(&fields).unwrap_or_default();
    (operation.reencode_request)(&text)
        .map(|_| fields)
        .map_err(|error| match error.path() {
            "." => format!("invalid request: {}", error.reason()),
            path => format!("invalid request field `{path}`: {}", error.reason()),
        })
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
