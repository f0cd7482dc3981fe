//! [`RawRow`]: a row as AiRudder sent it, for tools that must write rows on without re-encoding
//! them (`airudder export --format jsonl`): every member, in AiRudder's order, numbers as written.

use airudder_models::{PrefixError, decode_prefix};

/// The text of one row as AiRudder sent it, checked to decode into the row type. Only
/// whitespace between tokens may differ: a row that spanned several lines is written on one
/// (JSON Lines needs one line per row); nothing inside a string or a number changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow(String);

impl RawRow {
    /// The row's JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The row's JSON text.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Decodes the row at the front of `text` as `T` (so a row that does not fit the spec is an
/// error naming its path), and keeps its text instead of the typed value.
pub fn raw_prefix<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<(RawRow, usize), PrefixError> {
    let (_, used) = decode_prefix::<T>(text)?;
    Ok((RawRow(one_line(text[..used].trim_start())), used))
}

/// `json` without whitespace between tokens when it spans lines; as it is otherwise.
fn one_line(json: &str) -> String {
    if !json.contains(['\n', '\r']) {
        return json.to_owned();
    }
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{one_line, raw_prefix};

    #[test]
    fn a_row_on_one_line_is_kept_byte_for_byte() {
        let text = r#" {"z": 1.50, "a": "x  y"} , {"next": 2}"#;
        let (row, used) = raw_prefix::<serde_json::Value>(text).unwrap();
        assert_eq!(row.as_str(), r#"{"z": 1.50, "a": "x  y"}"#);
        assert_eq!(&text[used..], r#" , {"next": 2}"#);
    }

    #[test]
    fn a_row_over_several_lines_loses_only_whitespace_between_tokens() {
        let text = "{\n  \"a\": \"line \\\" \\n kept\",\n  \"b\": [ 1e2,\n 2 ]\n}";
        assert_eq!(one_line(text), r#"{"a":"line \" \n kept","b":[1e2,2]}"#);
    }
}
