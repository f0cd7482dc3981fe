//! How the `Deserialize` impls the generator writes read an object: each key told apart by the
//! type's own `match` of its members' spellings ([`ReadObject::slot`]), each named member read
//! straight into its field's slot by one of the `read_*` functions (named after what the member
//! may be), every other member kept in `extra` ([`read_other`]). The shared machinery lives here
//! so that a generated impl is a `match` and one line per member, not a visitor per type.
//!
//! The spellings are a compiled `match` per type, not a table searched at run time: measured on
//! the call rows, a table (even one tried first where the last key was found) decoded 8 % slower.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::Members;
use crate::lossless::{keep_null, take};

/// An object type whose generated impl reads its members from a map.
pub trait ReadObject<'de>: Sized {
    /// What the type is, for errors: `an object (TaskDetail)`.
    const EXPECTING: &'static str;

    /// The slot of the named member `key` spells (any of its spellings), if it names one.
    fn slot(key: &str) -> Option<usize>;

    /// Reads every member of `map`.
    fn read<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;

    /// Reads every member of `map` over `place`, reusing its allocations (`in_place.rs`); the
    /// result is what [`read`](Self::read) gives.
    fn read_in_place<A: MapAccess<'de>>(map: A, place: &mut Self) -> Result<(), A::Error>;
}

/// `Deserialize::deserialize` of a [`ReadObject`] type.
pub fn read_object<'de, T: ReadObject<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: ReadObject<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
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
/// name in `other` (for [`read_other`] to keep).
pub struct Names<'a, T> {
    other: &'a mut String,
    of: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Names<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Names")
    }
}

/// The seed that reads the next key of a `T`, with `other` to hold the name of a member `T`
/// does not name.
pub fn names<'de, T: ReadObject<'de>>(other: &mut String) -> Names<'_, T> {
    Names {
        other,
        of: PhantomData,
    }
}

impl<'de, T: ReadObject<'de>> DeserializeSeed<'de> for Names<'_, T> {
    type Value = Name;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Name, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, T: ReadObject<'de>> Visitor<'de> for Names<'_, T> {
    type Value = Name;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Name, E> {
        Ok(match T::slot(key) {
            Some(slot) => Name::Known(slot),
            None => {
                key.clone_into(self.other);
                Name::Other
            }
        })
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Name, E> {
        Ok(match T::slot(&key) {
            Some(slot) => Name::Known(slot),
            None => {
                *self.other = key;
                Name::Other
            }
        })
    }
}

/// A member whose type holds every value it may take (present, or `null` where its type is an
/// `Option`): read as it is.
#[inline]
pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    take(slot, name, map.next_value())
}

/// An optional member the spec says is never `null`: a `null` reads as absent and, when `nulls`
/// can hold it, is kept there to be written back.
#[inline]
pub fn read_optional<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    nulls: Option<&mut Members>,
    name: &'static str,
) -> Result<(), A::Error> {
    let value = map.next_value::<Option<T>>()?;
    if let (None, Some(nulls)) = (&value, nulls) {
        keep_null(nulls, name);
    }
    take(slot, name, Ok(value))
}

/// A required list or map: a `null` reads as empty and, when `nulls` can hold it, is kept there
/// to be written back.
#[inline]
pub fn read_null_as_empty<'de, A: MapAccess<'de>, T: Deserialize<'de> + Default>(
    map: &mut A,
    slot: &mut Option<T>,
    nulls: Option<&mut Members>,
    name: &'static str,
) -> Result<(), A::Error> {
    let value = map.next_value::<Option<T>>()?;
    if let (None, Some(nulls)) = (&value, nulls) {
        keep_null(nulls, name);
    }
    take(slot, name, Ok(value.unwrap_or_default()))
}

/// The member named `other` (as [`Names`] left it), which the type does not name: kept in
/// `extra`.
pub fn read_other<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    map: &mut A,
    extra: &mut Members<V>,
    other: &mut String,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    extra.push(std::mem::take(other), value);
    Ok(())
}

/// `extra` once every member is read: repeated names merged ([`Members::dedupe`]).
#[inline]
pub fn read_extra<V>(mut extra: Members<V>) -> Members<V> {
    finish_extra(&mut extra);
    extra
}

/// [`read_extra`] for `extra` read in place.
#[inline]
pub fn finish_extra<V>(extra: &mut Members<V>) {
    extra.dedupe();
}

/// The error for an object without some of its required members: `absent` pairs each required
/// member's name with whether it is absent, in the type's order, and the first absent one is
/// named (as serde's derive names it).
#[cold]
pub fn missing<E: de::Error>(absent: &[(bool, &'static str)]) -> E {
    match absent.iter().find(|(is_absent, _)| *is_absent) {
        Some((_, name)) => E::missing_field(name),
        // Only called when one is absent; said plainly rather than assumed.
        None => E::custom("a required member is missing"),
    }
}
