//! What a document decoded into, for tools that report on payloads (`airudder decode`): the typed
//! value encoded back, what it holds that the spec does not list ([`Unlisted`]), and what the
//! types wrote back under another spelling (a member under its `x-aliases` name, an enum value
//! under its `x-enum-aliases` one), found by comparing the input with what was understood.

use serde_json::Value;

use crate::{
    DecodeError, FindUnlisted, JsonPath, PrefixError, Unlisted, decode_json, decode_prefix,
};

/// What a document decoded into. Paths are relative to the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    /// The typed value encoded back (nothing is dropped: unknown members are kept).
    pub understood: Value,
    /// Members, enum values and union tags the spec does not list.
    pub unlisted: Vec<Unlisted>,
    /// Members that came under another spelling the spec lists: (their path, the spec's path).
    pub respelled: Vec<(String, String)>,
    /// Values that came in another spelling the spec lists: (path, as they came, as the spec
    /// writes them).
    pub normalized: Vec<(String, Value, Value)>,
}

/// Inspects a whole document as `T`.
pub fn inspect<T>(body: &[u8]) -> Result<Inspection, DecodeError>
where
    T: serde::de::DeserializeOwned + serde::Serialize + FindUnlisted,
{
    let typed: T = decode_json(body)?;
    let input: Value = decode_json(body)?;
    inspection(&typed, &input).map_err(|source| DecodeError::at(".", source))
}

/// Inspects the value at the front of `text` as `T` (as [`decode_prefix`]), with the bytes it took.
pub fn inspect_prefix<T>(text: &str) -> Result<(Inspection, usize), PrefixError>
where
    T: serde::de::DeserializeOwned + serde::Serialize + FindUnlisted,
{
    let (typed, used) = decode_prefix::<T>(text)?;
    let invalid = |source| PrefixError::Invalid(DecodeError::at(".", source));
    let input: Value = serde_json::from_str(&text[..used]).map_err(invalid)?;
    let inspection = inspection(&typed, &input).map_err(invalid)?;
    Ok((inspection, used))
}

fn inspection<T: serde::Serialize + FindUnlisted>(
    typed: &T,
    input: &Value,
) -> Result<Inspection, serde_json::Error> {
    let mut inspection = Inspection {
        understood: serde_json::to_value(typed)?,
        unlisted: Vec::new(),
        respelled: Vec::new(),
        normalized: Vec::new(),
    };
    typed.find_unlisted(&mut JsonPath::root(), &mut inspection.unlisted);
    let understood = inspection.understood.clone();
    compare(input, &understood, &mut JsonPath::root(), &mut inspection);
    Ok(inspection)
}

/// Walks the input and what was understood side by side, noting what came in another spelling.
fn compare(input: &Value, understood: &Value, path: &mut JsonPath, out: &mut Inspection) {
    match (input, understood) {
        (Value::Object(input), Value::Object(understood)) => {
            let added: Vec<&String> = understood
                .keys()
                .filter(|k| !input.contains_key(*k))
                .collect();
            for (key, value) in input {
                match understood.get(key) {
                    Some(understood) => {
                        path.member(key, |path| compare(value, understood, path, out))
                    }
                    // Understood under the spec's spelling: a new key holds the same value.
                    None => {
                        if let Some(spelling) = added
                            .iter()
                            .find(|k| understood.get(k.as_str()) == Some(value))
                        {
                            let from = path.member(key, |path| path.to_text());
                            let to = path.member(spelling, |path| path.to_text());
                            out.respelled.push((from, to));
                        }
                    }
                }
            }
        }
        (Value::Array(input), Value::Array(understood)) => {
            for (index, (input, understood)) in input.iter().zip(understood).enumerate() {
                path.index(index, |path| compare(input, understood, path, out));
            }
        }
        (input, understood) if input != understood => {
            out.normalized
                .push((path.to_text(), input.clone(), understood.clone()));
        }
        _ => {}
    }
}
