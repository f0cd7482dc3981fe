//! What the row scanner is checked against: `serde_json` reading the whole answer at once. The
//! scanner, fed the same bytes in any chunks, must hand out the same rows, the same envelope and
//! the same rest of `data` (same members, same order), or fail where `serde_json` fails. Used by
//! the property test (`scan_properties.rs`) and the fuzz target (`fuzz/`), so both check one rule.

use airudder_models::{PrefixError, decode_prefix};
use serde_json::Value;

use super::scan::{Event, RowScanner, ScanError};

/// What the scanner made of an answer: each row's JSON, the envelope without `data`, and `data`
/// without the array (`None` when the answer had no `data` object).
#[derive(Debug)]
pub(crate) struct Scanned {
    pub(crate) rows: Vec<Value>,
    pub(crate) envelope: String,
    pub(crate) data: Option<String>,
}

/// Feeds `chunks` to a scanner for the array `array`, decoding each row as any JSON.
pub(crate) fn scan_in_chunks<'a>(
    array: &'static str,
    chunks: impl IntoIterator<Item = &'a [u8]>,
) -> Result<Scanned, ScanError> {
    let mut scanner = RowScanner::new("data", array);
    let mut input = chunks.into_iter();
    let mut rows = Vec::new();
    let mut feed = |scanner: &mut RowScanner| match input.next() {
        Some(bytes) => scanner.feed(bytes),
        None => scanner.finish_input(),
    };
    loop {
        match scanner.next()? {
            Event::NeedMore => feed(&mut scanner),
            Event::RowAt { index, start } => {
                assert_eq!(index, rows.len(), "rows are handed out in order");
                match decode_prefix::<Value>(scanner.rest(start)) {
                    Ok((row, used)) => {
                        rows.push(row);
                        scanner.row_decoded(start, used);
                    }
                    Err(PrefixError::Incomplete) => {
                        scanner.row_incomplete()?;
                        feed(&mut scanner);
                    }
                    Err(PrefixError::Invalid(error)) => {
                        return Err(ScanError {
                            path: format!("data.{array}[{index}]"),
                            row: Some(index),
                            message: error.to_string(),
                        });
                    }
                }
            }
            Event::Finished { envelope, data } => {
                // The scanner only copies bytes it checked as UTF-8.
                let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
                return Ok(Scanned {
                    rows,
                    envelope: text(envelope),
                    data: data.map(text),
                });
            }
        }
    }
}

/// `doc` cut at `splits` (offsets, in any order; out-of-range ones ignored).
fn chunks<'a>(doc: &'a [u8], splits: &[usize]) -> Vec<&'a [u8]> {
    let mut cuts: Vec<usize> = splits
        .iter()
        .copied()
        .filter(|&at| at < doc.len())
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for cut in cuts.into_iter().chain([doc.len()]) {
        pieces.push(&doc[from..cut]);
        from = cut;
    }
    pieces
}

/// Checks that scanning `doc` (an answer whose rows are `data.<array>`) in the chunks `splits`
/// cut it into agrees with `serde_json` on the whole of it; the error says how they differ.
pub fn scan_agrees_with_serde_json(
    doc: &[u8],
    array: &'static str,
    splits: &[usize],
) -> Result<(), String> {
    let whole = serde_json::from_slice::<Value>(doc);
    let scanned = scan_in_chunks(array, chunks(doc, splits)).and_then(|scanned| {
        // The rest is text the scanner copied; it is JSON only if serde says so.
        let parse = |text: &str, path: &str| {
            serde_json::from_str::<Value>(text).map_err(|error| ScanError {
                path: path.to_owned(),
                row: None,
                message: error.to_string(),
            })
        };
        let envelope = parse(&scanned.envelope, ".")?;
        let data = scanned
            .data
            .as_deref()
            .map(|data| parse(data, "data"))
            .transpose()?;
        Ok((scanned.rows, envelope, data))
    });
    match (whole, scanned) {
        (Ok(whole), Ok(scanned)) => {
            let expected = split_answer(whole, array);
            let render = |(rows, envelope, data): &(Vec<Value>, Value, Option<Value>)| {
                let rows: Vec<String> = rows.iter().map(Value::to_string).collect();
                (
                    rows,
                    envelope.to_string(),
                    data.as_ref().map(Value::to_string),
                )
            };
            let (expected, scanned) = (render(&expected), render(&scanned));
            if expected == scanned {
                Ok(())
            } else {
                Err(format!(
                    "serde_json reads {expected:?}, the scanner {scanned:?}"
                ))
            }
        }
        (Err(_), Err(_)) => Ok(()),
        // The scanner reads a row on its own, so it nests less deep than serde_json reading the
        // whole answer: past serde_json's recursion limit either outcome is right.
        (Err(error), Ok(_)) if error.to_string().contains("recursion limit") => Ok(()),
        (Err(error), Ok(scanned)) => Err(format!(
            "serde_json refuses the answer ({error}) but the scanner read it as {scanned:?}"
        )),
        // An answer is an object; any other JSON is refused.
        (Ok(whole), Err(_)) if !whole.is_object() => Ok(()),
        (Ok(_), Err(error)) if names_twice(doc, array) => {
            // `Value` keeps the last of repeated names; the typed decoding refuses them, and so
            // does the scanner.
            if error.message.contains("twice") {
                Ok(())
            } else {
                Err(format!(
                    "a repeated name fails with another reason: {}",
                    error.message
                ))
            }
        }
        (Ok(whole), Err(error)) => Err(format!(
            "serde_json reads {whole} but the scanner fails at `{}`: {}",
            error.path, error.message
        )),
    }
}

/// Whether the answer `doc` names `data` twice, or the array twice in a `data` object.
fn names_twice(doc: &[u8], array: &'static str) -> bool {
    use serde::de::DeserializeSeed;
    let mut deserializer = serde_json::Deserializer::from_slice(doc);
    Repeats { array }
        .deserialize(&mut deserializer)
        .is_ok_and(|(data, arrays)| data > 1 || arrays > 1)
}

/// Reads an answer counting its members named `data` and, in each `data` object, the members
/// named `array` (the most found in one).
struct Repeats {
    array: &'static str,
}

impl<'de> serde::de::DeserializeSeed<'de> for Repeats {
    type Value = (usize, usize);

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Repeats {
    type Value = (usize, usize);

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an answer object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut data, mut arrays) = (0, 0);
        while let Some(name) = map.next_key::<String>()? {
            if name == "data" {
                data += 1;
                let Names(names) = map.next_value()?;
                arrays = arrays.max(names.iter().filter(|name| *name == self.array).count());
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        Ok((data, arrays))
    }
}

/// The member names of a JSON object, repeats included; none for any other value.
struct Names(Vec<String>);

impl<'de> serde::Deserialize<'de> for Names {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NamesVisitor)
    }
}

struct NamesVisitor;

impl<'de> serde::de::Visitor<'de> for NamesVisitor {
    type Value = Names;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Names, A::Error> {
        let mut names = Vec::new();
        while let Some(name) = map.next_key::<String>()? {
            map.next_value::<serde::de::IgnoredAny>()?;
            names.push(name);
        }
        Ok(Names(names))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Names, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(Names(Vec::new()))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Names, E> {
        Ok(Names(Vec::new()))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Names, E> {
        Ok(Names(Vec::new()))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Names, E> {
        Ok(Names(Vec::new()))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Names, E> {
        Ok(Names(Vec::new()))
    }

    fn visit_str<E>(self, _: &str) -> Result<Names, E> {
        Ok(Names(Vec::new()))
    }

    fn visit_unit<E>(self) -> Result<Names, E> {
        Ok(Names(Vec::new()))
    }
}

/// The rows, envelope and rest of `data` of a whole answer, as the scanner should find them: a
/// `data` that is not an object (nor `null`) is the rest of `data` whole, and an array member that
/// is not an array an ordinary member of `data`, in its place.
fn split_answer(whole: Value, array: &str) -> (Vec<Value>, Value, Option<Value>) {
    let Value::Object(mut envelope) = whole.clone() else {
        return (Vec::new(), whole, None);
    };
    let data = match envelope.get("data") {
        None | Some(Value::Null) => return (Vec::new(), whole, None),
        Some(_) => envelope.shift_remove("data"),
    };
    let Some(Value::Object(mut data)) = data else {
        return (Vec::new(), Value::Object(envelope), data);
    };
    let rows = match data.get(array) {
        Some(Value::Array(_)) => match data.shift_remove(array) {
            Some(Value::Array(rows)) => rows,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    (rows, Value::Object(envelope), Some(Value::Object(data)))
}
