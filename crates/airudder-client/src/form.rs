//! A request body sent as a form (`application/x-www-form-urlencoded`, the predictive dialer's
//! token call): written from the JSON object the request type writes, each member a scalar.

use serde_json::Value;

use crate::error::Error;

/// `json` (a JSON object) as a form body: strings as they are, numbers and booleans as their JSON
/// text, `null` members left out; an array or an object is an error naming the member.
pub(crate) fn form_body(json: &[u8]) -> Result<Vec<u8>, Error> {
    let members: serde_json::Map<String, Value> =
        serde_json::from_slice(json).map_err(Error::encode)?;
    let mut pairs = Vec::with_capacity(members.len());
    for (name, value) in members {
        let text = match value {
            Value::Null => continue,
            Value::String(text) => text,
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            Value::Array(_) | Value::Object(_) => {
                let kind = if value.is_array() {
                    "an array"
                } else {
                    "an object"
                };
                return Err(Error::unformable(
                    name,
                    format!(
                        "the body is sent as a form, whose members are text; this one is {kind}"
                    ),
                ));
            }
        };
        pairs.push((name, text));
    }
    Ok(serde_urlencoded::to_string(pairs)
        .map_err(|error| Error::config(format!("the form body cannot be written: {error}")))?
        .into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_written_as_text_in_order_and_nulls_are_left_out() {
        let body = form_body(
            br#"{"APPKey": "k/1+", "APPSecret": "s&=", "limit": 10, "on": true, "gone": null}"#,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(body).unwrap(),
            "APPKey=k%2F1%2B&APPSecret=s%26%3D&limit=10&on=true"
        );
    }

    #[test]
    fn a_list_or_an_object_is_an_error_naming_the_member() {
        let error = form_body(br#"{"a": "x", "like": [{"field": "callid"}]}"#).unwrap_err();
        assert_eq!(error.json_path(), Some("like"));
        assert!(error.to_string().contains("an array"), "{error}");
        let error = form_body(br#"{"filter": {}}"#).unwrap_err();
        assert_eq!(error.json_path(), Some("filter"));
    }
}
