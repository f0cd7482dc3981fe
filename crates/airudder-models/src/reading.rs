//! How the `Deserialize` impls the generator writes read an object: each key looked up in the
//! type's table of member spellings ([`Names`]), each named member read straight into its
//! field's slot by one of the `read_*` functions (named after what the member may be), every
//! other member kept in `extra` ([`read_other`]). The shared machinery lives here so that a
//! generated impl is a table and one line per member, not a visitor per type.
//!
//! Lookup is by table rather than by a `match` compiled per type: AiRudder sends members in the
//! order its pages list them, so [`Names`] tries the entry after the last one found first and
//! almost every key costs one comparison.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::Members;
use crate::lossless::{keep_null, take};

/// An object type whose generated impl reads its members from a map.
pub trait ReadObject<'de>: Sized {
    /// What the type is, for errors: `an object (TaskDetail)`.
    const EXPECTING: &'static str;

    /// Reads every member of `map`.
    fn read<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
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

/// What a key names: the slot of a named member (any of its spellings), or another member.
#[derive(Debug, PartialEq, Eq)]
pub enum Name {
    /// A spelling of the named member with this slot.
    Known(usize),
    /// A member the type does not name.
    Other(String),
}

/// The spellings of a type's named members, each with its slot, as a seed that reads keys.
#[derive(Debug)]
pub struct Names {
    table: &'static [(&'static str, usize)],
    /// Where the entry after the last one found is: where the next key most likely is.
    next: usize,
}

impl Names {
    /// The spellings `(key, slot)` of a type's named members, in the spec's order.
    pub fn new(table: &'static [(&'static str, usize)]) -> Names {
        Names { table, next: 0 }
    }

    fn lookup(&mut self, key: &str) -> Option<usize> {
        let at = match self.table.get(self.next) {
            Some((name, _)) if *name == key => self.next,
            _ => self.table.iter().position(|(name, _)| *name == key)?,
        };
        self.next = at + 1;
        Some(self.table[at].1)
    }
}

impl<'de> DeserializeSeed<'de> for &mut Names {
    type Value = Name;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Name, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for &mut Names {
    type Value = Name;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Name, E> {
        Ok(match self.lookup(key) {
            Some(slot) => Name::Known(slot),
            None => Name::Other(key.to_owned()),
        })
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Name, E> {
        Ok(match self.lookup(&key) {
            Some(slot) => Name::Known(slot),
            None => Name::Other(key),
        })
    }
}

/// A member whose type holds every value it may take (present, or `null` where its type is an
/// `Option`): read as it is.
pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    take(slot, name, map.next_value())
}

/// An optional member the spec says is never `null`: a `null` reads as absent and, when `nulls`
/// can hold it, is kept there to be written back.
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

/// A member the type does not name: kept in `extra`. (`Name::Known` never reaches here: every
/// slot of the table has its own arm; its value would be skipped.)
pub fn read_other<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    map: &mut A,
    extra: &mut Members<V>,
    name: Name,
) -> Result<(), A::Error> {
    match name {
        Name::Other(key) => {
            let value = map.next_value()?;
            extra.insert(key, value);
        }
        Name::Known(_) => {
            map.next_value::<IgnoredAny>()?;
        }
    }
    Ok(())
}

/// The value of a required member, or the error that it is missing.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[(&str, usize)] = &[("a", 0), ("b", 1), ("b_alias", 1), ("c", 2)];

    #[test]
    fn keys_in_table_order_are_found_and_others_are_not() {
        let mut names = Names::new(TABLE);
        assert_eq!(names.lookup("a"), Some(0));
        assert_eq!(names.lookup("b"), Some(1));
        assert_eq!(names.lookup("c"), Some(2));
        assert_eq!(names.lookup("d"), None);
    }

    #[test]
    fn keys_out_of_order_and_alternative_spellings_are_found_too() {
        let mut names = Names::new(TABLE);
        assert_eq!(names.lookup("c"), Some(2));
        assert_eq!(names.lookup("b_alias"), Some(1));
        assert_eq!(names.lookup("a"), Some(0));
        assert_eq!(names.lookup("c"), Some(2));
    }
}
