//! The tokenizer of direct reading (`direct.rs`): a position in JSON text and the few reads a
//! plain row needs (objects, arrays, strings, integers, `null`), each of which declines what it
//! does not read exactly as serde_json would: an escaped member name, a string with a lone
//! surrogate, a number with a fraction, text that ends early. A declined value is read by serde
//! ([`Cursor::by_serde`]) or, where that cannot be, the whole row is.
//!
//! The text is a `str`, checked once when its chunk arrived: slicing it between two ASCII quotes
//! is always at character boundaries, so no string is checked again.

use std::any::TypeId;

use serde::de::{DeserializeOwned, IgnoredAny};

use super::order::MemberOrder;

/// A value direct reading does not read; serde reads it instead, so that every question of
/// what JSON means (and every error) is answered in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declined;

/// How deep objects and arrays may nest before a row is left to serde. Below serde_json's own
/// limit (128) with room to spare, so that nothing direct reading accepts is refused by serde.
const DEPTH_LIMIT: usize = 100;

/// Eight copies of a byte, for the word-at-a-time scan of strings.
const fn repeated(byte: u8) -> u64 {
    u64::from_le_bytes([byte; 8])
}

/// A position in the JSON text of one value.
#[derive(Debug)]
pub struct Cursor<'a> {
    text: &'a str,
    position: usize,
    depth: usize,
    order: MemberOrder,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `text`, that expects members in each type's own order.
    pub fn new(text: &'a str) -> Self {
        Cursor::with_order(text, MemberOrder::default())
    }

    /// A cursor at the start of `text`, that expects members in the order learned so far.
    pub(crate) fn with_order(text: &'a str, order: MemberOrder) -> Self {
        Cursor {
            text,
            position: 0,
            depth: 0,
            order,
        }
    }

    /// The order learned, with what this cursor read.
    pub(crate) fn into_order(self) -> MemberOrder {
        self.order
    }

    /// The bytes read so far: where the value ended, once it is read.
    pub fn position(&self) -> usize {
        self.position
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte that is not JSON whitespace, not taken.
    #[inline]
    fn peek(&mut self) -> Result<u8, Declined> {
        let bytes = self.bytes();
        while let Some(&byte) = bytes.get(self.position) {
            if !matches!(byte, b' ' | b'\n' | b'\r' | b'\t') {
                return Ok(byte);
            }
            self.position += 1;
        }
        Err(Declined)
    }

    #[inline]
    fn expect(&mut self, byte: u8) -> Result<(), Declined> {
        if self.peek()? != byte {
            return Err(Declined);
        }
        self.position += 1;
        Ok(())
    }

    /// Takes a `null` if one comes next.
    #[inline]
    pub fn null(&mut self) -> Result<bool, Declined> {
        if self.peek()? != b'n' {
            return Ok(false);
        }
        self.literal("null")?;
        Ok(true)
    }

    fn literal(&mut self, word: &str) -> Result<(), Declined> {
        if !self.text[self.position..].starts_with(word) {
            return Err(Declined);
        }
        self.position += word.len();
        Ok(())
    }

    /// `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool, Declined> {
        match self.peek()? {
            b't' => self.literal("true").map(|()| true),
            b'f' => self.literal("false").map(|()| false),
            _ => Err(Declined),
        }
    }

    /// An object: `each` is given every member's name (one without escapes) and reads its value.
    #[inline]
    pub fn object(
        &mut self,
        each: impl FnMut(&mut Self, &'a str) -> Result<(), Declined>,
    ) -> Result<(), Declined> {
        self.members(Self::name, each)
    }

    /// An object of `ty`, a type with `slots` named members: `each` is given every member's
    /// slot (`None` for a member the type does not name) and name, and reads its value. Each
    /// member is expected to be the one that came after the last one before (`order.rs`):
    /// `spelled(slot, text)` is the length of that slot's name, quoted, if `text` starts with it
    /// (0 if not), which a `match` of constant byte strings tells without looking for the end of
    /// the name. Any other member is found by `slot`. The slots are unique to their spellings
    /// (the generator refuses a name two members share), so both ways find the same slot.
    #[inline]
    pub fn object_in_order(
        &mut self,
        ty: TypeId,
        slots: usize,
        spelled: impl Fn(usize, &[u8]) -> usize,
        slot: impl Fn(&[u8]) -> Option<usize>,
        mut each: impl FnMut(&mut Self, Option<usize>, &'a str) -> Result<(), Declined>,
    ) -> Result<(), Declined> {
        let at = self.order.of(ty, slots);
        // 0 before the first member, `s + 1` after slot `s`.
        let mut position = 0;
        let key = |cursor: &mut Self| {
            cursor.peek()?;
            let expected = cursor.order.expected(at, position);
            let quoted = spelled(expected, &cursor.bytes()[cursor.position..]);
            if quoted >= 2 {
                let name = &cursor.text[cursor.position + 1..cursor.position + quoted - 1];
                cursor.position += quoted;
                position = expected + 1;
                return Ok((Some(expected), name));
            }
            let name = cursor.name()?;
            let found = slot(name.as_bytes());
            if let Some(found) = found {
                cursor.order.came(at, position, found);
                position = found + 1;
            }
            Ok((found, name))
        };
        self.members(key, |cursor, (found, name)| each(cursor, found, name))
    }

    /// The members of an object: `key` reads each name, `each` its value.
    #[inline]
    fn members<K>(
        &mut self,
        mut key: impl FnMut(&mut Self) -> Result<K, Declined>,
        mut each: impl FnMut(&mut Self, K) -> Result<(), Declined>,
    ) -> Result<(), Declined> {
        self.delimited(b'{', b'}', |cursor| {
            let name = key(cursor)?;
            cursor.expect(b':')?;
            each(cursor, name)
        })
    }

    /// An array: `each` reads the element at every index; returns how many there were.
    #[inline]
    pub fn array(
        &mut self,
        mut each: impl FnMut(&mut Self, usize) -> Result<(), Declined>,
    ) -> Result<usize, Declined> {
        let mut count = 0;
        self.delimited(b'[', b']', |cursor| {
            each(cursor, count)?;
            count += 1;
            Ok(())
        })?;
        Ok(count)
    }

    /// Items between `open` and `close`, separated by commas (none after the last), one
    /// nesting level deeper; `item` reads each.
    #[inline]
    fn delimited(
        &mut self,
        open: u8,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Result<(), Declined>,
    ) -> Result<(), Declined> {
        self.expect(open)?;
        self.nest()?;
        if self.peek()? != close {
            loop {
                item(self)?;
                match self.peek()? {
                    b',' => self.position += 1,
                    byte if byte == close => break,
                    _ => return Err(Declined),
                }
            }
        }
        self.position += 1;
        self.depth -= 1;
        Ok(())
    }

    fn nest(&mut self) -> Result<(), Declined> {
        self.depth += 1;
        if self.depth > DEPTH_LIMIT {
            return Err(Declined);
        }
        Ok(())
    }

    /// A member name without escapes (nearly all of them), as it stands in the text.
    #[inline]
    fn name(&mut self) -> Result<&'a str, Declined> {
        self.expect(b'"')?;
        let start = self.position;
        let end = start + self.special_byte().ok_or(Declined)?;
        if self.bytes()[end] != b'"' {
            return Err(Declined);
        }
        self.position = end + 1;
        Ok(&self.text[start..end])
    }

    /// A string, written over `out` (its room reused); escapes are decoded as serde_json
    /// decodes them.
    #[inline]
    pub fn string_into(&mut self, out: &mut String) -> Result<(), Declined> {
        self.expect(b'"')?;
        out.clear();
        loop {
            let start = self.position;
            let end = start + self.special_byte().ok_or(Declined)?;
            out.push_str(&self.text[start..end]);
            self.position = end + 1;
            match self.bytes()[end] {
                b'"' => return Ok(()),
                b'\\' => out.push(self.escape()?),
                // A control character, which JSON does not allow raw.
                _ => return Err(Declined),
            }
        }
    }

    /// The offset from the position of the first `"`, `\` or control character: where a string's
    /// plain run ends. Eight bytes at a time: for each, whether it equals `"`, equals `\`, or is
    /// below 0x20, in one word. The lowest flagged byte is always a true one (a borrow only
    /// flags bytes above a true one), and that is the only one used.
    #[inline]
    fn special_byte(&self) -> Option<usize> {
        const ONES: u64 = repeated(0x01);
        const HIGH: u64 = repeated(0x80);
        let rest = &self.bytes()[self.position..];
        let mut offset = 0;
        while let Some(word) = rest.get(offset..offset + 8) {
            let Ok(word) = <[u8; 8]>::try_from(word) else {
                break;
            };
            let word = u64::from_le_bytes(word);
            let quote = word ^ repeated(b'"');
            let backslash = word ^ repeated(b'\\');
            let flagged = ((quote.wrapping_sub(ONES) & !quote)
                | (backslash.wrapping_sub(ONES) & !backslash)
                | (word.wrapping_sub(repeated(0x20)) & !word))
                & HIGH;
            if flagged != 0 {
                return Some(offset + (flagged.trailing_zeros() / 8) as usize);
            }
            offset += 8;
        }
        rest[offset..]
            .iter()
            .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
            .map(|found| offset + found)
    }

    /// The character of the escape after a `\`.
    fn escape(&mut self) -> Result<char, Declined> {
        let byte = *self.bytes().get(self.position).ok_or(Declined)?;
        self.position += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode_escape()?,
            _ => return Err(Declined),
        })
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE4F`; a lone surrogate is declined (serde_json
    /// refuses it).
    fn unicode_escape(&mut self) -> Result<char, Declined> {
        let first = self.hex4()?;
        if !(0xD800..0xDC00).contains(&first) {
            return char::from_u32(first).ok_or(Declined);
        }
        if !self.text[self.position..].starts_with("\\u") {
            return Err(Declined);
        }
        self.position += 2;
        let second = self.hex4()?;
        if !(0xDC00..0xE000).contains(&second) {
            return Err(Declined);
        }
        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)).ok_or(Declined)
    }

    fn hex4(&mut self) -> Result<u32, Declined> {
        let digits = self
            .text
            .get(self.position..self.position + 4)
            .ok_or(Declined)?;
        if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(Declined);
        }
        self.position += 4;
        u32::from_str_radix(digits, 16).map_err(|_| Declined)
    }

    /// A plain integer (`-?(0|[1-9][0-9]*)`, no fraction or exponent, at most 18 digits, not
    /// `-0`), or `None` with nothing taken when what comes is some other number (or not a
    /// number). 18 digits always fit an `i64`; what does not fit is left to serde.
    #[inline]
    pub fn plain_integer(&mut self) -> Result<Option<i64>, Declined> {
        let first = self.peek()?;
        let bytes = self.bytes();
        let negative = first == b'-';
        let start = self.position + usize::from(negative);
        let digits = bytes[start..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        let end = start + digits;
        let plain = digits > 0
            && digits <= 18
            && (bytes[start] != b'0' || (digits == 1 && !negative))
            && !matches!(bytes.get(end), Some(b'.' | b'e' | b'E'));
        // A number that reaches the end of the text may go on in the next chunk.
        if !plain || end == bytes.len() {
            return Ok(None);
        }
        let magnitude = bytes[start..end]
            .iter()
            .fold(0i64, |value, digit| value * 10 + i64::from(digit - b'0'));
        self.position = end;
        Ok(Some(if negative { -magnitude } else { magnitude }))
    }

    /// Reads the next value over `place` with serde (`deserialize_in_place`), for what direct
    /// reading does not read itself; its result is serde's own.
    pub fn by_serde<T: DeserializeOwned>(&mut self, place: &mut T) -> Result<(), Declined> {
        self.serde_then(|deserializer| T::deserialize_in_place(deserializer, place))
    }

    /// Reads the next value fresh with serde: an element or member beyond those there were.
    pub fn fresh<T: DeserializeOwned>(&mut self) -> Result<T, Declined> {
        self.serde_then(|deserializer| T::deserialize(deserializer))
    }

    /// Runs serde_json over the text from the position and moves past what it read. Declined
    /// when it fails (serde reads the whole row again and gives the error), or when the value
    /// nests deeper than serde would have let it within the row.
    fn serde_then<R>(
        &mut self,
        read: impl FnOnce(
            &mut serde_json::Deserializer<serde_json::de::StrRead<'a>>,
        ) -> serde_json::Result<R>,
    ) -> Result<R, Declined> {
        let rest = &self.text[self.position..];
        let mut deserializer = serde_json::Deserializer::from_str(rest);
        let value = read(&mut deserializer).map_err(|_| Declined)?;
        let used = deserializer.into_iter::<IgnoredAny>().byte_offset();
        if self.depth + nesting(&rest.as_bytes()[..used]) > DEPTH_LIMIT {
            return Err(Declined);
        }
        self.position += used;
        Ok(value)
    }
}

/// The length of `quoted` (a member name in quotes, as the generated `spelled` functions give
/// it) if `text` starts with it, else 0. Inlined where `quoted` is a constant, so that the
/// comparison is a few loads, not a call.
#[inline(always)]
pub fn quoted_name(text: &[u8], quoted: &[u8]) -> usize {
    if text.starts_with(quoted) {
        quoted.len()
    } else {
        0
    }
}

/// How deep the objects and arrays of one JSON value nest (0 for a scalar).
fn nesting(value: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0, false, false);
    for &byte in value {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::{Cursor, Declined, nesting};

    fn string(text: &str) -> Result<String, Declined> {
        let mut out = "left over".to_owned();
        Cursor::new(text).string_into(&mut out).map(|()| out)
    }

    #[test]
    fn a_string_decodes_every_escape_as_serde_json_does() {
        let text = r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude4f z""#;
        assert_eq!(
            string(text).unwrap(),
            serde_json::from_str::<String>(text).unwrap()
        );
    }

    #[test]
    fn a_string_past_eight_bytes_finds_its_quote_in_any_lane() {
        for length in 0..40 {
            let body = "x".repeat(length);
            assert_eq!(string(&format!("\"{body}\",")).unwrap(), body);
        }
    }

    #[test]
    fn what_serde_json_refuses_in_a_string_is_declined() {
        for text in [
            "\"raw\ncontrol\"",
            r#""\ud83d alone""#,
            r#""\ude4f""#,
            r#""\x""#,
            r#""\u12""#,
            "\"cut",
        ] {
            assert_eq!(string(text), Err(Declined), "{text}");
        }
    }

    #[test]
    fn only_plain_integers_that_cannot_go_on_are_read() {
        let read = |text: &str| Cursor::new(text).plain_integer().unwrap();
        assert_eq!(read("123,"), Some(123));
        assert_eq!(read(" -45}"), Some(-45));
        assert_eq!(read("0]"), Some(0));
        assert_eq!(read("999999999999999999,"), Some(999_999_999_999_999_999));
        for other in [
            "1.5,",
            "1e3,",
            "-0,",
            "012,",
            "1234567890123456789,",
            "12",
            "\"1\",",
        ] {
            assert_eq!(read(other), None, "{other}");
        }
    }

    #[test]
    fn nesting_counts_brackets_outside_strings_only() {
        assert_eq!(nesting(b"1"), 0);
        assert_eq!(nesting(br#"{"a": [1, {"b": "[[[\"{"}]}"#), 3);
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_declined() {
        let deep = format!("{}{}", "[".repeat(101), "]".repeat(101));
        let mut place = serde_json::Value::Null;
        assert_eq!(Cursor::new(&deep).by_serde(&mut place), Err(Declined));
        let shallow = format!("{}{}", "[".repeat(99), "]".repeat(99));
        assert_eq!(Cursor::new(&shallow).by_serde(&mut place), Ok(()));
    }
}
