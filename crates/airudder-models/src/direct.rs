//! Direct reading: a row decoded over the last one straight from its JSON text, without serde's
//! visitors, for the stream's `next_row_into`.
//!
//! Why: serde_json tokenizes a call row in about half the time it takes to decode it into the
//! generated types; the other half is serde's machinery around each value (a `MapAccess` per
//! object, a seed and a visitor per member, a `Deserializer` per row). A generated type reads
//! its own members here instead: a `match` of the name (the same [`ReadObject::slot`] serde's
//! path uses), then the field's own read (`string_into` writes over the field's `String`).
//!
//! The trade-off, and how it is kept safe: this is a second reader of JSON, so it reads only
//! what it reads exactly as serde does, and declines everything else ([`Declined`]). Declining
//! is always safe: [`decode_prefix_over`] then decodes the whole row with serde
//! ([`decode_prefix_into`]), over whatever the direct read left, and serde's result is the one
//! given (serde in place gives what a fresh decode gives, whatever the place held). So every
//! question of meaning (a `null` where the spec allows none, a repeated member, a missing one, a
//! number with a fraction, an escaped member name) and every error is serde's, decided in one
//! place. A value direct reading does not read itself (an enum, free-form JSON, a decimal
//! number) is read by serde alone ([`Cursor::by_serde`]), so its meaning is serde's too.
//!
//! The property tests (`tests/it/direct.rs`) and the fuzz target (`fuzz/`) decode rows, valid
//! or not, both ways and require the same value and length, or the same error
//! (`direct/oracle.rs`).
//!
//! [`ReadObject::slot`]: crate::reading::ReadObject::slot

mod cursor;
mod learned;
mod oracle;
mod order;

use serde::de::DeserializeOwned;

use crate::decode::{PrefixError, decode_prefix_into};
use crate::member_names::with_member_names_as_text;
use crate::members::{Key, Members};
use crate::reading::finish_extra;

pub use cursor::{Cursor, Declined, quoted_name};
pub use learned::Learned;
pub use oracle::direct_agrees_with_serde;

/// A type that can be read directly over a value of itself: every generated type (objects
/// member by member, other types through serde), and the types their fields have.
pub trait ReadDirect {
    /// Reads the value at the cursor over `self`; the result is what serde's
    /// `deserialize_in_place` gives, or [`Declined`] (and `self` partly written).
    fn read_direct(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Declined>;
}

/// [`decode_prefix_into`], read directly where the row allows it: the value at the front of
/// `text` decoded over `place`, and the bytes it took. The result is `decode_prefix_into`'s in
/// every case (declined rows are decoded by it). `learned` is what the rows before taught
/// (`direct/learned.rs`), kept by the caller from one row to the next.
pub fn decode_prefix_over<T: ReadDirect + DeserializeOwned>(
    text: &str,
    place: &mut T,
    learned: &mut Learned,
) -> Result<usize, PrefixError> {
    if !learned.try_directly() {
        return decode_prefix_into(text, place);
    }
    let mut cursor = Cursor::with_order(text, std::mem::take(&mut learned.order));
    // Names as text, as the crate's other `str` decoding reads them, for values serde reads.
    let read = with_member_names_as_text(|| place.read_direct(&mut cursor));
    let used = cursor.position();
    learned.order = cursor.into_order();
    learned.tried(read.is_err());
    match read {
        Ok(()) => Ok(used),
        Err(Declined) => decode_prefix_into(text, place),
    }
}

/// Marks a member as come; one that comes twice is left to serde (which refuses it).
#[inline]
fn arrive(seen: &mut bool) -> Result<(), Declined> {
    if std::mem::replace(seen, true) {
        return Err(Declined);
    }
    Ok(())
}

/// A member whose type holds every value it may take (`null` included when it is an `Option`).
#[inline]
pub fn direct_member<T: ReadDirect>(
    cursor: &mut Cursor<'_>,
    seen: &mut bool,
    place: &mut T,
) -> Result<(), Declined> {
    arrive(seen)?;
    place.read_direct(cursor)
}

/// A member whose `null` serde reads in a way of its own: a required list or map (read as empty,
/// the `null` kept to be written back), an optional member the spec says is never `null` (read
/// as absent, kept too), one that may be absent or `null` (`Some(None)`). The `null` is left to
/// serde; a value is read as the field's type reads it (an `Option` over the value it holds, or
/// fresh).
#[inline]
pub fn direct_not_null<T: ReadDirect>(
    cursor: &mut Cursor<'_>,
    seen: &mut bool,
    place: &mut T,
) -> Result<(), Declined> {
    arrive(seen)?;
    if cursor.null()? {
        return Err(Declined);
    }
    place.read_direct(cursor)
}

/// A member the type does not name, kept in `extra` (as `read_other` keeps it).
#[inline]
pub fn direct_other<V: DeserializeOwned>(
    cursor: &mut Cursor<'_>,
    name: &str,
    extra: &mut Members<V>,
) -> Result<(), Declined> {
    let value = cursor.fresh()?;
    extra.push(Key::from(name), value);
    Ok(())
}

impl ReadDirect for String {
    #[inline]
    fn read_direct(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Declined> {
        cursor.string_into(self)
    }
}

/// Integers: a plain one directly, any other number through serde (which says what it means
/// for the type, or refuses it).
macro_rules! integers {
    ($($integer:ty),*) => {$(
        impl ReadDirect for $integer {
            #[inline]
            fn read_direct(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Declined> {
                match cursor.plain_integer()? {
                    Some(value) => {
                        *self = <$integer>::try_from(value).map_err(|_| Declined)?;
                        Ok(())
                    }
                    None => cursor.by_serde(self),
                }
            }
        }
    )*};
}

integers!(i32, i64);

impl ReadDirect for serde_json::Number {
    #[inline]
    fn read_direct(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Declined> {
        match cursor.plain_integer()? {
            // As serde_json reads a plain integer: `u64` when it is not negative.
            Some(value) => {
                *self = match u64::try_from(value) {
                    Ok(positive) => positive.into(),
                    Err(_) => value.into(),
                };
                Ok(())
            }
            None => cursor.by_serde(self),
        }
    }
}

impl ReadDirect for bool {
    fn read_direct(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Declined> {
        *self = cursor.boolean()?;
        Ok(())
    }
}

/// Types read by serde alone: what they mean is serde's to say.
macro_rules! by_serde {
    ($($ty:ty),*) => {$(
        impl ReadDirect for $ty {
            fn read_direct(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Declined> {
                cursor.by_serde(self)
            }
        }
    )*};
}

by_serde!(
    f64,
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>,
    crate::Secret
);

/// A nullable value: `null` is `None`, anything else is read over the value held, or fresh.
impl<T: ReadDirect + DeserializeOwned> ReadDirect for Option<T> {
    #[inline]
    fn read_direct(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Declined> {
        if cursor.null()? {
            *self = None;
            return Ok(());
        }
        match self {
            Some(held) => held.read_direct(cursor),
            None => {
                *self = Some(cursor.fresh()?);
                Ok(())
            }
        }
    }
}

impl<T: ReadDirect> ReadDirect for Box<T> {
    fn read_direct(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Declined> {
        (**self).read_direct(cursor)
    }
}

/// A value beyond those a list or map held: read over a copy of the one before it (the copy's
/// room is what a fresh value would allocate, and reading over it is direct; measured on the
/// call rows in memory, 0.53 -> 0.62 of the parser's floor against decoding it fresh with
/// serde), or fresh when there is none before it.
fn grown<T: ReadDirect + DeserializeOwned + Clone>(
    cursor: &mut Cursor<'_>,
    before: Option<&T>,
) -> Result<T, Declined> {
    match before {
        Some(before) => {
            let mut value = before.clone();
            value.read_direct(cursor)?;
            Ok(value)
        }
        None => cursor.fresh(),
    }
}

/// A list: elements read over those there were, the ones left over dropped (as serde's
/// `Vec::deserialize_in_place`), the ones beyond them [`grown`].
impl<T: ReadDirect + DeserializeOwned + Clone> ReadDirect for Vec<T> {
    #[inline]
    fn read_direct(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Declined> {
        let count = cursor.array(|cursor, index| {
            if let Some(held) = self.get_mut(index) {
                return held.read_direct(cursor);
            }
            let element = grown(cursor, self.last())?;
            self.push(element);
            Ok(())
        })?;
        self.truncate(count);
        Ok(())
    }
}

/// A map: names and values written over the entries there were, the ones left over dropped and
/// repeated names merged (as `members_in_place`), the ones beyond them [`grown`].
impl<V: ReadDirect + DeserializeOwned + Clone> ReadDirect for Members<V> {
    #[inline]
    fn read_direct(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Declined> {
        let mut count = 0;
        cursor.object(|cursor, name| {
            if let Some((key, value)) = self.entry_mut(count) {
                key.clear();
                key.push_str(name);
                value.read_direct(cursor)?;
            } else {
                let before = count.checked_sub(1).and_then(|last| self.entry_mut(last));
                let value = grown(cursor, before.map(|(_, value)| &*value))?;
                self.push(Key::from(name), value);
            }
            count += 1;
            Ok(())
        })?;
        self.truncate(count);
        finish_extra(self);
        Ok(())
    }
}
