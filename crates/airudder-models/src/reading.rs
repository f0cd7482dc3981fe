//! How the `Deserialize` impls the generator writes read an object: each key told apart by the
//! type's own `match` of its members' spellings ([`ReadObject::slot`], asked by
//! `member_names.rs`), each named member read straight into its field's slot by one of the
//! `read_*` functions (named after what the member may be), every other member kept in `extra`
//! ([`read_other`]). The shared machinery lives here so that a generated impl is a `match` and
//! one line per member, not a visitor per type.
//!
//! The spellings are a compiled `match` per type, not a table searched at run time: measured on
//! the call rows, a table (even one tried first where the last key was found) decoded 8 % slower.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::Members;
use crate::lossless::{keep_null, take};
use crate::members::Key;

/// An object type whose generated impl reads its members from a map.
pub trait ReadObject<'de>: Sized {
    /// What the type is, for errors: `an object (TaskDetail)`.
    const EXPECTING: &'static str;

    /// The slot of the named member `key` spells (any of its spellings, as UTF-8 bytes), if it
    /// names one.
    fn slot(key: &[u8]) -> Option<usize>;

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

/// The member named `other` (as [`Names`](crate::member_names::Names) left it), which the type
/// does not name: kept in `extra`.
pub fn read_other<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    map: &mut A,
    extra: &mut Members<V>,
    other: &mut Key,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    extra.push(std::mem::take(other), value);
    Ok(())
}

/// `extra` once every member is read: repeated names merged (`Members::dedupe`).
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
