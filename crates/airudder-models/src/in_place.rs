//! Decoding into a value that is already there (serde's `deserialize_in_place`), for reading many
//! rows of one type one after another: each row's strings and lists are written over the last
//! row's, reusing their allocations where the new values fit, so a loop over 10^5 rows allocates
//! only where a row outgrows the last (a fresh decode allocates every string of every row, and
//! freeing them again is as much work). Elements a list has beyond the last row's are decoded
//! fresh, and those it has fewer of are dropped (serde's `Vec::deserialize_in_place`). The generated types read in place field by field, optional members included
//! when they hold a value; what a type cannot reuse (a number, an enum) is simply replaced.
//!
//! The result is the value a fresh decode gives, whatever the place held before: members that do
//! not come are reset (an optional one to absent), `extra` holds only this object's unknown
//! members, and a required member that does not come is the same error. After an error the place
//! holds a partly decoded value.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

use crate::Members;
use crate::lossless::keep_null;
use crate::members::{NameInto, next_member};
use crate::reading::ReadObject;

/// The seed that decodes into `place`.
pub(crate) struct InPlace<'a, T>(pub(crate) &'a mut T);

impl<T> fmt::Debug for InPlace<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("InPlace")
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for InPlace<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::deserialize_in_place(deserializer, self.0)
    }
}

/// `Deserialize::deserialize_in_place` of a [`ReadObject`] type.
pub fn read_object_in_place<'de, T: ReadObject<'de>, D: Deserializer<'de>>(
    deserializer: D,
    place: &mut T,
) -> Result<(), D::Error> {
    deserializer.deserialize_map(ObjectInPlace(place))
}

struct ObjectInPlace<'a, T>(&'a mut T);

impl<'de, T: ReadObject<'de>> Visitor<'de> for ObjectInPlace<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        T::read_in_place(map, self.0)
    }
}

/// Marks a member as come; a member that comes twice is an error, as in a fresh decode.
#[inline]
fn arrive<E: de::Error>(seen: &mut bool, name: &'static str) -> Result<(), E> {
    if std::mem::replace(seen, true) {
        return Err(E::duplicate_field(name));
    }
    Ok(())
}

/// A member whose type holds every value it may take, decoded over its field.
#[inline]
pub fn read_in_place<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    place: &mut T,
    seen: &mut bool,
    name: &'static str,
) -> Result<(), A::Error> {
    arrive(seen, name)?;
    map.next_value_seed(InPlace(place))
}

/// An optional member the spec says is never `null`, decoded over the value the field holds if
/// it holds one; a `null` reads as absent and is kept in `nulls` when it can hold it.
#[inline]
pub fn read_optional_in_place<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    place: &mut Option<T>,
    nulls: Option<&mut Members>,
    seen: &mut bool,
    name: &'static str,
) -> Result<(), A::Error> {
    arrive(seen, name)?;
    if over_or_null(map, place)? {
        *place = None;
        if let Some(nulls) = nulls {
            keep_null(nulls, name);
        }
    }
    Ok(())
}

/// A member that may be absent or `null` (the field is `Option<Option<T>>`: absent is `None`,
/// `null` is `Some(None)`), decoded over the value the field holds if it holds one.
#[inline]
pub fn read_absent_or_null_in_place<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    place: &mut Option<Option<T>>,
    seen: &mut bool,
    name: &'static str,
) -> Result<(), A::Error> {
    arrive(seen, name)?;
    let inner = place.get_or_insert(None);
    if over_or_null(map, inner)? {
        *inner = None;
    }
    Ok(())
}

/// Decodes the next value over the one `place` holds, or into it when it holds none; `true`
/// when the value was `null` (`place` is then as it was).
fn over_or_null<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    place: &mut Option<T>,
) -> Result<bool, A::Error> {
    match place {
        Some(held) => {
            let mut was_null = false;
            map.next_value_seed(OrNull {
                place: held,
                was_null: &mut was_null,
            })?;
            Ok(was_null)
        }
        None => {
            *place = map.next_value::<Option<T>>()?;
            Ok(place.is_none())
        }
    }
}

/// A required list or map, decoded over its field; a `null` reads as empty and is kept in
/// `nulls` when it can hold it.
#[inline]
pub fn read_null_as_empty_in_place<'de, A: MapAccess<'de>, T: Deserialize<'de> + Default>(
    map: &mut A,
    place: &mut T,
    nulls: Option<&mut Members>,
    seen: &mut bool,
    name: &'static str,
) -> Result<(), A::Error> {
    arrive(seen, name)?;
    let mut was_null = false;
    map.next_value_seed(OrNull {
        place: &mut *place,
        was_null: &mut was_null,
    })?;
    if was_null {
        *place = T::default();
        if let Some(nulls) = nulls {
            keep_null(nulls, name);
        }
    }
    Ok(())
}

/// Decodes over `place`, or notes a `null` (and leaves `place` as it was).
struct OrNull<'a, T> {
    place: &'a mut T,
    was_null: &'a mut bool,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for OrNull<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for OrNull<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        *self.was_null = true;
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::deserialize_in_place(deserializer, self.place)
    }
}

/// Decodes an object's members over `members`: the first ones' names and values are written over
/// the entries already there, then the rest are added, and entries left over are dropped.
pub(crate) fn members_in_place<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    mut map: A,
    members: &mut Members<V>,
) -> Result<(), A::Error> {
    let mut reused = 0;
    while let Some((key, value)) = members.entry_mut(reused) {
        if map.next_key_seed(NameInto(key))?.is_none() {
            members.truncate(reused);
            members.dedupe();
            return Ok(());
        }
        map.next_value_seed(InPlace(value))?;
        reused += 1;
    }
    while let Some((key, value)) = next_member(&mut map)? {
        members.push(key, value);
    }
    members.dedupe();
    Ok(())
}
