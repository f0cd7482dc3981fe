//! JSON decoding that reports where a bad value is (`data.detail[0].RingTime`), not just what.

use std::fmt;

use crate::with_member_names_as_text;

/// A JSON document did not match its type; names the JSON path of the offending value.
#[derive(Debug)]
pub struct DecodeError {
    path: String,
    source: serde_json::Error,
}

impl DecodeError {
    pub(crate) fn at(path: &str, source: serde_json::Error) -> Self {
        DecodeError {
            path: path.to_owned(),
            source,
        }
    }

    /// The JSON path of the value that failed (`data.detail[0].RingTime`); `.` is the document.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong there (`invalid type: string "3", expected i32 at line 1 column 20`).
    pub fn reason(&self) -> String {
        self.source.to_string()
    }

    /// The line (1-based) of the failure in the input, 0 when the input was not text.
    pub fn line(&self) -> usize {
        self.source.line()
    }

    /// The column (1-based) of the failure in the input.
    pub fn column(&self) -> usize {
        self.source.column()
    }

    /// Whether the input ended early (a truncated body), rather than holding a wrong value.
    pub fn is_eof(&self) -> bool {
        self.source.is_eof()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at `{}`: {}", self.path, self.source)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Decodes `T` from JSON bytes, so that an error says where it failed.
///
/// Two costs are kept off the happy path. The body's UTF-8 is checked once, up front, with the
/// standard library's fast validator, and then parsed as `str`: `from_slice` would check every
/// string again as it goes (a fifth of a decode, measured in BENCHMARKS.md). And tracking the
/// path costs time on every value, so only a failure is decoded again with tracking, to name the
/// path (both stop at the same value). A body that is not UTF-8 goes straight to the tracking
/// decode, which reads bytes and so says where the bad byte is: two decoders of `T` to compile,
/// not three.
pub fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(not_utf8) => {
            return Err(locate::<T>(body).unwrap_or_else(|| {
                let reason = format!("invalid UTF-8 at byte {}", not_utf8.valid_up_to());
                DecodeError::at(".", serde::de::Error::custom(reason))
            }));
        }
    };
    with_member_names_as_text(|| serde_json::from_str(text))
        .map_err(|error| locate::<T>(body).unwrap_or_else(|| DecodeError::at(".", error)))
}

/// The same decoding with path tracking, for its error; `None` if it unexpectedly succeeds.
fn locate<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<DecodeError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match tracked::<_, T>(&mut deserializer) {
        Err(error) => Some(error),
        Ok(_) => deserializer
            .end()
            .err()
            .map(|source| DecodeError::at(".", source)),
    }
}

/// Decodes with path tracking; member names are read as text, which the tracker sees
/// (`member_names.rs`).
fn tracked<'de, D, T>(deserializer: D) -> Result<T, DecodeError>
where
    D: serde::Deserializer<'de, Error = serde_json::Error>,
    T: serde::Deserialize<'de>,
{
    with_member_names_as_text(|| serde_path_to_error::deserialize::<_, T>(deserializer)).map_err(
        |error| DecodeError {
            path: error.path().to_string(),
            source: error.into_inner(),
        },
    )
}

/// Why [`decode_prefix`] returned no value.
#[derive(Debug)]
pub enum PrefixError {
    /// The bytes end before the value does: give it more.
    Incomplete,
    /// The value is there and wrong; the error names its path within it.
    Invalid(DecodeError),
}

/// Decodes the JSON value at the front of `text` (whitespace first is skipped) and returns it
/// with the number of bytes it took; what follows it is not looked at. Made for reading a large
/// array one element at a time as its bytes arrive: one pass over each element's bytes. It takes
/// `str` because the reader checks each chunk's UTF-8 once as it arrives, which spares serde_json
/// checking every string again.
pub fn decode_prefix<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<(T, usize), PrefixError> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<T>();
    match with_member_names_as_text(|| values.next()) {
        Some(Ok(value)) => Ok((value, values.byte_offset())),
        Some(Err(error)) => Err(prefix_error::<T>(text, error)),
        None => Err(PrefixError::Incomplete),
    }
}

/// Why the value at the front of `text` did not decode: the text ends inside it, or the value is
/// wrong, at the path that decoding it again with tracking finds (it stops at the same value).
fn prefix_error<T: serde::de::DeserializeOwned>(
    text: &str,
    error: serde_json::Error,
) -> PrefixError {
    if error.is_eof() {
        return PrefixError::Incomplete;
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    PrefixError::Invalid(match tracked::<_, T>(&mut deserializer) {
        Err(located) => located,
        Ok(_) => DecodeError::at(".", error),
    })
}

/// [`decode_prefix`] over a value that is already there (`Deserialize::deserialize_in_place`):
/// the generated types reuse its strings' and lists' allocations, so reading row after row into
/// one value allocates only where a row outgrows the last. Returns the bytes the value took. After an error, `place`
/// holds a partly decoded value.
pub fn decode_prefix_into<T: serde::de::DeserializeOwned>(
    text: &str,
    place: &mut T,
) -> Result<usize, PrefixError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    match with_member_names_as_text(|| T::deserialize_in_place(&mut deserializer, place)) {
        // serde_json tells how far it read only through its stream reader, which starts where
        // the deserializer stopped: right after the value.
        Ok(()) => Ok(deserializer
            .into_iter::<serde::de::IgnoredAny>()
            .byte_offset()),
        Err(error) => Err(prefix_error::<T>(text, error)),
    }
}

#[cfg(test)]
mod tests {
    use super::{PrefixError, decode_json, decode_prefix, decode_prefix_into};

    #[test]
    fn a_prefix_decoded_in_place_takes_the_same_bytes_and_gives_the_same_value() {
        let text = r#" {"id": 1, "tags": ["a", "b"]} , {"id": 2"#;
        let mut place = Row {
            id: 9,
            tags: vec!["old".to_owned(); 5],
        };
        let used = decode_prefix_into(text, &mut place).unwrap();
        let (fresh, fresh_used) = decode_prefix::<Row>(text).unwrap();
        assert_eq!((place.id, &place.tags), (fresh.id, &fresh.tags));
        assert_eq!(used, fresh_used);
        assert_eq!(&text[used..], " , {\"id\": 2");
        // What follows the value is never read, even when it is a whole value itself.
        let text = r#"{"id": 1, "tags": []} {"id": 2, "tags": []}"#;
        assert_eq!(decode_prefix_into(text, &mut place).unwrap(), 21);
        assert!(matches!(
            decode_prefix_into(r#"{"id": 1, "ta"#, &mut place),
            Err(PrefixError::Incomplete)
        ));
        match decode_prefix_into(r#"{"id": 1, "tags": [7, "#, &mut place) {
            Err(PrefixError::Invalid(error)) => assert_eq!(error.path(), "tags[0]"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_prefix_value_is_decoded_with_its_length() {
        let (row, used) = decode_prefix::<Row>(r#" {"id": 1, "tags": ["a"]} , {"id": 2"#).unwrap();
        assert_eq!(
            (row.id, row.tags.as_slice()),
            (1, ["a".to_owned()].as_slice())
        );
        assert_eq!(used, 25);
    }

    #[test]
    fn an_incomplete_prefix_asks_for_more() {
        assert!(matches!(
            decode_prefix::<Row>(r#"{"id": 1, "ta"#),
            Err(PrefixError::Incomplete)
        ));
        assert!(matches!(
            decode_prefix::<Row>("  "),
            Err(PrefixError::Incomplete)
        ));
    }

    #[test]
    fn a_wrong_prefix_names_the_path_even_before_its_end_arrived() {
        match decode_prefix::<Row>(r#"{"id": 1, "tags": [7, "#) {
            Err(PrefixError::Invalid(error)) => assert_eq!(error.path(), "tags[0]"),
            other => panic!("{other:?}"),
        }
    }

    #[derive(Debug, serde::Deserialize)]
    struct Row {
        id: i64,
        tags: Vec<String>,
    }

    #[test]
    fn a_failure_names_the_path_of_the_bad_value() {
        let error =
            decode_json::<Vec<Row>>(br#"[{"id": 1, "tags": []}, {"id": 2, "tags": ["a", 3]}]"#)
                .unwrap_err();
        assert_eq!(error.path(), "[1].tags[1]");
        assert!(
            error.reason().contains("invalid type: integer `3`"),
            "{error}"
        );
    }

    #[test]
    fn a_body_that_is_not_utf8_fails_where_the_bad_byte_is() {
        let error = decode_json::<Row>(b"{\"id\": 1, \"tags\": [\"a\xff\"]}").unwrap_err();
        assert_eq!(error.path(), "tags[0]");
        assert!(error.reason().contains("invalid unicode"), "{error}");
    }

    #[test]
    fn trailing_bytes_are_an_error_at_the_document() {
        let error = decode_json::<Row>(br#"{"id": 1, "tags": []} x"#).unwrap_err();
        assert_eq!(error.path(), ".");
    }
}
