//! How the generated types read a member's name: as the bytes of the JSON string, or as text.
//!
//! `serde_json::from_slice` and `from_reader` check the UTF-8 of every string they hand over as
//! text, member names included (about 60 names a call row, each its own check), while the bytes
//! of a string (`deserialize_bytes`) come unchecked. A name that equals one of the type's
//! spellings is valid UTF-8 by that equality alone, so only the names the type does not know
//! are checked, once, before they are kept. Escapes are decoded in either form
//! (`"Robot\u0049D"` is `RobotID`); the one leniency is that a raw control character in a name
//! the type does not know is kept, where text would have refused it.
//!
//! Bytes are the default, for what integrators call (`from_slice` on a body they fetched).
//! Where the text is already known to be UTF-8 (this crate's own decoding reads from `str`:
//! [`decode_json`](crate::decode_json), [`decode_prefix`](crate::decode_prefix); its other
//! decodes, the path tracking of errors and `reencode_over`, read as `decode_json` does), names
//! are read
//! as text instead: there is no check to save, and serde_json's path for bytes is longer than
//! its path for a name. Measured on the call rows: through `from_slice`, 0.955 of serde's derive
//! with names as text and 0.975-0.988 as bytes (`decode-pairs`, two runs); through `decode_json`,
//! 1.22 of the typify-shaped baseline with text, 1.13 with bytes (one scratch run).
//!
//! Not every format gives a string's bytes: serde_yaml refuses, ron reads base64, and
//! serde_path_to_error does not see a name handed over as bytes (its path says `?`). Those read
//! inside [`with_member_names_as_text`], which asks for names as text (`deserialize_identifier`),
//! as serde's derive does; this crate's own error paths are found that way.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, Unexpected, Visitor};

use crate::members::Key;
use crate::reading::ReadObject;

thread_local! {
    /// Whether names are asked for as text on this thread ([`with_member_names_as_text`]).
    static NAMES_AS_TEXT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `decode` with the generated types asking for member names as text, as serde's derive
/// does, instead of as the bytes of the JSON string: for formats that cannot give a string's
/// bytes (serde_yaml, ron, ciborium), for wrappers that watch names as text (serde_path_to_error,
/// whose paths would otherwise name a member `?`), and for JSON as strict as serde_json's own
/// (read as bytes, a raw control character in a member name the type does not know is kept,
/// where text refuses it: an escaped one decodes to the same byte, so the two cannot be told
/// apart there). `decode_json` and the client read this way already.
///
/// The mode holds on this thread while `decode` runs: a deserializer that reads lazily after
/// it returns (a `StreamDeserializer` iterated later, work sent to another thread) reads names
/// as bytes again.
///
/// ```
/// use airudder_models::{AsrLine, with_member_names_as_text};
///
/// let text = r#"{"time": "00:01", "robottext": "Halo", "text": 5}"#;
/// let error = with_member_names_as_text(|| {
///     let mut deserializer = serde_json::Deserializer::from_str(text);
///     serde_path_to_error::deserialize::<_, AsrLine>(&mut deserializer).unwrap_err()
/// });
/// assert_eq!(error.path().to_string(), "text");
/// ```
pub fn with_member_names_as_text<R>(decode: impl FnOnce() -> R) -> R {
    /// Puts the thread's mode back however `decode` ends (a panic included), so that a
    /// nested call does not switch it off for its caller.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            NAMES_AS_TEXT.set(self.0);
        }
    }
    let _restore = Restore(NAMES_AS_TEXT.replace(true));
    decode()
}

/// What a key names: the slot of a named member (any of its spellings), or another member
/// (whose name [`Names`] left in the key buffer). Small and `Copy`: it is returned for every key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    /// A spelling of the named member with this slot.
    Known(usize),
    /// A member the type does not name.
    Other,
}

/// The seed that reads a key of a `T` as a [`Name`], leaving the name of a member `T` does not
/// name in `other` (for [`read_other`](crate::reading::read_other) to keep).
pub struct Names<'a, T> {
    other: &'a mut Key,
    of: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Names<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Names")
    }
}

/// The seed that reads the next key of a `T`, with `other` to hold the name of a member `T`
/// does not name.
pub fn names<'de, T: ReadObject<'de>>(other: &mut Key) -> Names<'_, T> {
    Names {
        other,
        of: PhantomData,
    }
}

impl<'de, T: ReadObject<'de>> DeserializeSeed<'de> for Names<'_, T> {
    type Value = Name;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Name, D::Error> {
        if NAMES_AS_TEXT.get() {
            deserializer.deserialize_identifier(self)
        } else {
            deserializer.deserialize_bytes(self)
        }
    }
}

impl<'de, T: ReadObject<'de>> Visitor<'de> for Names<'_, T> {
    type Value = Name;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Name, E> {
        Ok(match T::slot(key.as_bytes()) {
            Some(slot) => Name::Known(slot),
            None => {
                *self.other = Key::from(key);
                Name::Other
            }
        })
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Name, E> {
        Ok(match T::slot(key) {
            Some(slot) => Name::Known(slot),
            None => {
                *self.other = Key::from(utf8_name(key)?);
                Name::Other
            }
        })
    }
}

/// A member name handed over as bytes, as text; not UTF-8 (bytes, or a lone surrogate escape)
/// is an error.
pub(crate) fn utf8_name<E: de::Error>(name: &[u8]) -> Result<&str, E> {
    std::str::from_utf8(name)
        .map_err(|_| E::invalid_value(Unexpected::Bytes(name), &"a member name in UTF-8"))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::with_member_names_as_text;
    use crate::AsrLine;

    #[test]
    fn a_name_spelled_with_escapes_names_the_same_member() {
        let line: AsrLine =
            serde_json::from_slice(br#"{"\u0074ime":"1","robottext":"r","te\u0078t":"t"}"#)
                .unwrap();
        assert_eq!((line.time.as_str(), line.text.as_str()), ("1", "t"));
        assert!(line.extra.is_empty());
    }

    #[test]
    fn an_unknown_name_with_escapes_is_kept_decoded() {
        let line: AsrLine =
            serde_json::from_slice(br#"{"time":"1","robottext":"r","text":"t","a\nb\u00e9":1}"#)
                .unwrap();
        assert_eq!(line.extra.keys().collect::<Vec<_>>(), ["a\nb\u{e9}"]);
    }

    #[test]
    fn an_unknown_name_that_is_not_utf8_is_an_error_with_its_place() {
        let mut body = br#"{"time":"1","robottext":"r","text":"t",""#.to_vec();
        body.extend_from_slice(&[0xff, 0xfe]);
        body.extend_from_slice(br#"":1}"#);
        let error = serde_json::from_slice::<AsrLine>(&body).unwrap_err();
        assert!(
            error.to_string().contains("a member name in UTF-8"),
            "{error}"
        );
        assert_eq!(error.column(), 43, "{error}");
        let lone = br#"{"time":"1","robottext":"r","text":"t","\ud800":1}"#;
        assert!(serde_json::from_slice::<AsrLine>(lone).is_err());
    }

    #[test]
    fn a_raw_control_character_in_an_unknown_name_is_kept_as_bytes_and_refused_as_text() {
        let body = b"{\"time\":\"1\",\"robottext\":\"r\",\"text\":\"t\",\"a\x01b\":1}";
        let lenient: AsrLine = serde_json::from_slice(body).unwrap();
        assert_eq!(lenient.extra.keys().collect::<Vec<_>>(), ["a\u{1}b"]);
        let strict = with_member_names_as_text(|| serde_json::from_slice::<AsrLine>(body));
        let refusal = strict.unwrap_err().to_string();
        assert!(refusal.contains("control character"), "{refusal}");
        assert!(crate::decode_json::<AsrLine>(body).is_err());
        let first = br#"{"time":"0","robottext":"0","text":"0"}"#;
        assert!(crate::__private::reencode_over::<AsrLine>(first, body).is_err());
    }

    #[test]
    fn names_read_alike_from_bytes_text_readers_and_values() {
        let text = r#"{"time":"1","robottext":"r","text":"t","more":[1]}"#;
        let from_slice: AsrLine = serde_json::from_slice(text.as_bytes()).unwrap();
        let from_str: AsrLine = serde_json::from_str(text).unwrap();
        let from_reader: AsrLine = serde_json::from_reader(text.as_bytes()).unwrap();
        let value: Value = serde_json::from_str(text).unwrap();
        let from_value: AsrLine = serde_json::from_value(value).unwrap();
        let as_text: AsrLine = with_member_names_as_text(|| serde_json::from_str(text)).unwrap();
        for line in [&from_str, &from_reader, &from_value, &as_text] {
            assert_eq!(line, &from_slice);
        }
        assert_eq!(from_slice.extra["more"], json!([1]));
    }

    #[test]
    fn a_path_tracker_sees_member_names_only_when_they_are_read_as_text() {
        let text = r#"{"time":"1","robottext":"r","text":5}"#;
        let path = || {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let error = serde_path_to_error::deserialize::<_, AsrLine>(&mut deserializer);
            error.unwrap_err().path().to_string()
        };
        assert_eq!(path(), "?");
        assert_eq!(with_member_names_as_text(path), "text");
        // The mode ends with the call, nested calls included.
        assert_eq!(
            with_member_names_as_text(|| with_member_names_as_text(path)),
            "text"
        );
        assert_eq!(path(), "?");
    }
}
