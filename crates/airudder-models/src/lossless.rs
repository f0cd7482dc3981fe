//! What the serde impls the generator writes for every object type share: a member read into its
//! field (a second occurrence is an error, as serde's derive has it), and the members the fields
//! cannot hold kept in the type's `extra` (members the spec does not know, and `null` sent where
//! the spec says a member is never null) and written back in place, so that decoding a payload
//! and encoding it again gives the same JSON object. Only the order can differ: named members
//! come first, in the spec's order, then the others in the order they came.

use serde::de;
use serde::ser::{Serialize, SerializeMap};

use crate::Members;

/// Puts a member's value into its field's slot; a member that comes twice is an error.
#[inline]
pub fn take<T, E: de::Error>(
    slot: &mut Option<T>,
    name: &'static str,
    value: Result<T, E>,
) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value?);
    Ok(())
}

/// A `null` where the field's type has none (an optional member, an empty list): remembered, so
/// that it is written back as it came.
pub fn keep_null(extra: &mut Members, name: &str) {
    extra.insert(name, serde_json::Value::Null);
}

/// An optional member: its value, else what `extra` kept of it (the `null` it came as), else
/// nothing.
pub fn write_optional<M, T, V>(
    map: &mut M,
    name: &'static str,
    value: Option<&T>,
    extra: &Members<V>,
) -> Result<(), M::Error>
where
    M: SerializeMap,
    T: Serialize + ?Sized,
    V: Serialize,
{
    match (value, extra.get(name)) {
        (Some(value), _) => map.serialize_entry(name, value),
        (None, Some(kept)) => map.serialize_entry(name, kept),
        (None, None) => Ok(()),
    }
}

/// A required list or map: its value, or the `null` it came as while it is still empty.
pub fn write_collection<M, T, V>(
    map: &mut M,
    name: &'static str,
    value: &T,
    extra: &Members<V>,
) -> Result<(), M::Error>
where
    M: SerializeMap,
    T: Serialize + Collection,
    V: Serialize,
{
    match extra.get(name) {
        Some(kept) if value.is_empty() => map.serialize_entry(name, kept),
        _ => map.serialize_entry(name, value),
    }
}

/// The members of `extra` other than the `named` ones (a named one was written in its field's
/// place, or its field replaced it).
pub fn write_extra<M, V>(map: &mut M, extra: &Members<V>, named: &[&str]) -> Result<(), M::Error>
where
    M: SerializeMap,
    V: Serialize,
{
    for (key, value) in extra {
        if !named.contains(&key) {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}

/// A list or a map, empty or not.
pub trait Collection {
    /// Whether it holds nothing.
    fn is_empty(&self) -> bool;
}

impl<T> Collection for Vec<T> {
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
}

impl<K, V> Collection for std::collections::BTreeMap<K, V> {
    fn is_empty(&self) -> bool {
        std::collections::BTreeMap::is_empty(self)
    }
}

impl Collection for serde_json::Map<String, serde_json::Value> {
    fn is_empty(&self) -> bool {
        serde_json::Map::is_empty(self)
    }
}

impl<V> Collection for Members<V> {
    fn is_empty(&self) -> bool {
        Members::is_empty(self)
    }
}
