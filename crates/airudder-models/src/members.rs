//! [`Members`]: JSON object members kept in the order they came, for what the typed fields of a
//! generated type do not hold (members the spec does not know, or allows besides the named ones).
//!
//! A vector of pairs rather than a hash or tree map: these objects are small (usually empty), a
//! vector costs nothing until a member arrives and keeps AiRudder's order, and a lookup among a
//! handful of keys is faster as a scan than as a hash. Reading an object is never quadratic,
//! though: members are pushed as they come and repeated names are merged once at the end, by a
//! hash map past [`SCAN_LIMIT`] members, so an object of 10^5 members costs 10^5 steps.
//!
//! Names are [`Key`]s, held inline up to 24 bytes (12 on 32-bit targets): member names are
//! short, so keeping a member the spec does not know allocates no name, only its value (if a
//! string, array or object) and the first one the list of entries (measured with
//! `decode-pairs` on call rows with two such members: 0.94 -> 0.975 of the lossy hand-written
//! reference).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::member_names::utf8_name;

/// A member's name as [`Members`] holds it: inline up to 24 bytes (12 on 32-bit targets), on the
/// heap beyond.
pub type Key = compact_str::CompactString;

/// JSON object members, in the order they came; values of any JSON type by default.
#[derive(Clone, PartialEq)]
pub struct Members<V = serde_json::Value> {
    entries: Vec<(Key, V)>,
}

impl<V> Members<V> {
    /// No members (allocates nothing).
    pub const fn new() -> Self {
        Members {
            entries: Vec::new(),
        }
    }

    /// How many members there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value of the member `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of the member `key`, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Whether there is a member `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets the member `key`: in its place if it is there (returning the old value), else last.
    pub fn insert(&mut self, key: impl Into<String>, value: V) -> Option<V> {
        let key = Key::from(key.into());
        match self.get_mut(&key) {
            Some(slot) => Some(std::mem::replace(slot, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// Adds a member read from a payload, last, without looking for its name: [`dedupe`]
    /// (Self::dedupe) once the object is read.
    pub(crate) fn push(&mut self, key: Key, value: V) {
        self.entries.push((key, value));
    }

    /// Merges repeated names as [`insert`](Self::insert) would have: a name keeps its first
    /// place and its last value (as `serde_json::Map` does).
    #[inline]
    pub(crate) fn dedupe(&mut self) {
        // Nearly every object has fewer than two such members: no call, no scan.
        if self.entries.len() >= 2 {
            self.merge_repeats();
        }
    }

    fn merge_repeats(&mut self) {
        let Some(repeats) = repeats(&self.entries) else {
            return;
        };
        let mut entries: Vec<Option<(Key, V)>> = std::mem::take(&mut self.entries)
            .into_iter()
            .map(Some)
            .collect();
        for (index, first) in repeats.into_iter().enumerate() {
            if let Some(first) = first {
                if let Some((_, value)) = entries[index].take() {
                    if let Some((_, kept)) = &mut entries[first] {
                        *kept = value;
                    }
                }
            }
        }
        self.entries = entries.into_iter().flatten().collect();
    }

    /// Removes every member, keeping the room they took for the next ones.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The name and value of the member at `index`, to be written over.
    pub(crate) fn entry_mut(&mut self, index: usize) -> Option<(&mut Key, &mut V)> {
        self.entries.get_mut(index).map(|(k, v)| (k, v))
    }

    /// Keeps the first `len` members.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.entries.truncate(len);
    }

    /// Takes the member `key` out, keeping the others in order.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let index = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(index).1)
    }

    /// The members in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The member names in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }
}

/// Up to this many members, repeated names are found by comparing names; past it, with a hash map.
const SCAN_LIMIT: usize = 16;

/// For each entry whose name came before, the index of its first occurrence; `None` when no name
/// repeats (the usual case, found without allocating for small objects).
fn repeats<V>(entries: &[(Key, V)]) -> Option<Vec<Option<usize>>> {
    let mut repeats: Option<Vec<Option<usize>>> = None;
    let mut mark = |index: usize, first: usize| {
        repeats.get_or_insert_with(|| vec![None; entries.len()])[index] = Some(first);
    };
    if entries.len() <= SCAN_LIMIT {
        for (index, (key, _)) in entries.iter().enumerate() {
            if let Some(first) = entries[..index].iter().position(|(k, _)| k == key) {
                mark(index, first);
            }
        }
    } else {
        let mut first_of: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
        for (index, (key, _)) in entries.iter().enumerate() {
            match first_of.entry(key.as_str()) {
                Entry::Occupied(first) => mark(index, *first.get()),
                Entry::Vacant(slot) => {
                    slot.insert(index);
                }
            }
        }
    }
    repeats
}

impl<V> Default for Members<V> {
    fn default() -> Self {
        Members::new()
    }
}

impl<V: fmt::Debug> fmt::Debug for Members<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V> std::ops::Index<&str> for Members<V> {
    type Output = V;

    /// The value of the member `key`; panics when there is none, as maps do.
    fn index(&self, key: &str) -> &V {
        self.get(key).unwrap_or_else(|| panic!("no member `{key}`"))
    }
}

impl<K: Into<String>, V> FromIterator<(K, V)> for Members<V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut members = Members::new();
        for (key, value) in iter {
            members.push(Key::from(key.into()), value);
        }
        members.dedupe();
        members
    }
}

impl<V> IntoIterator for Members<V> {
    type Item = (String, V);
    type IntoIter = std::iter::Map<std::vec::IntoIter<(Key, V)>, fn((Key, V)) -> (String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter().map(|(k, v)| (k.into_string(), v))
    }
}

impl<'a, V> IntoIterator for &'a Members<V> {
    type Item = (&'a str, &'a V);
    type IntoIter =
        std::iter::Map<std::slice::Iter<'a, (Key, V)>, fn(&'a (Key, V)) -> (&'a str, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl<V: Serialize> Serialize for Members<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, value) in &self.entries {
            map.serialize_entry(key.as_str(), value)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Members<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor<V>(std::marker::PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for MembersVisitor<V> {
            type Value = Members<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<V>, A::Error> {
                let mut members = Members::new();
                while let Some((key, value)) = next_member(&mut map)? {
                    members.push(key, value);
                }
                members.dedupe();
                Ok(members)
            }
        }

        deserializer.deserialize_map(MembersVisitor(std::marker::PhantomData))
    }

    /// Writes the members over the ones `place` holds, reusing their names' and values' room
    /// (see `in_place.rs`).
    fn deserialize_in_place<D: Deserializer<'de>>(
        deserializer: D,
        place: &mut Self,
    ) -> Result<(), D::Error> {
        struct InPlaceVisitor<'a, V>(&'a mut Members<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for InPlaceVisitor<'_, V> {
            type Value = ();

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
                crate::in_place::members_in_place(map, self.0)
            }
        }

        deserializer.deserialize_map(InPlaceVisitor(place))
    }
}

/// The next member of `map`, its name read straight into a [`Key`] (no `String` between).
pub(crate) fn next_member<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    map: &mut A,
) -> Result<Option<(Key, V)>, A::Error> {
    let mut key = Key::default();
    if map.next_key_seed(NameInto(&mut key))?.is_none() {
        return Ok(None);
    }
    Ok(Some((key, map.next_value()?)))
}

/// The seed that writes a member's name over a [`Key`], reusing its room.
pub(crate) struct NameInto<'a>(pub(crate) &'a mut Key);

impl<'de> DeserializeSeed<'de> for NameInto<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for NameInto<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<(), E> {
        self.0.clear();
        self.0.push_str(name);
        Ok(())
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<(), E> {
        *self.0 = Key::from(name);
        Ok(())
    }

    // Formats that hand names over as bytes (binary ones, or serde's buffering of them).
    fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<(), E> {
        self.visit_str(utf8_name(name)?)
    }
}

#[cfg(feature = "json-schema")]
impl<V: schemars::JsonSchema> schemars::JsonSchema for Members<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Members_of_{}", V::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::Members;

    #[test]
    fn a_repeated_name_keeps_its_first_place_and_its_last_value_however_many_members() {
        for filler in [0, 40] {
            let mut text = String::from(r#"{"a":1,"b":2"#);
            for index in 0..filler {
                text.push_str(&format!(r#","f{index}":{index}"#));
            }
            text.push_str(r#","a":3,"c":4,"b":5}"#);
            let members: Members = serde_json::from_str(&text).unwrap();
            let keys: Vec<&str> = members.keys().collect();
            assert_eq!(keys.len(), 3 + filler, "{keys:?}");
            assert_eq!((keys[0], keys[1], keys[keys.len() - 1]), ("a", "b", "c"));
            assert_eq!(
                (members["a"].clone(), members["b"].clone()),
                (json!(3), json!(5))
            );
        }
    }

    #[test]
    fn an_object_of_a_hundred_thousand_members_is_read_whole() {
        let members: Members = (0..100_000)
            .map(|index| (format!("m{index}"), json!(index)))
            .collect();
        let text = serde_json::to_string(&members).unwrap();
        let read: Members = serde_json::from_str(&text).unwrap();
        assert_eq!(read.len(), 100_000);
        assert_eq!(read["m99999"], json!(99_999));
    }

    #[test]
    fn members_keep_the_order_they_came_in_and_encode_back_in_it() {
        let text = r#"{"z":1,"a":{"y":null,"b":[true]},"m":"x"}"#;
        let members: Members = serde_json::from_str(text).unwrap();
        assert_eq!(members.keys().collect::<Vec<_>>(), ["z", "a", "m"]);
        assert_eq!(serde_json::to_string(&members).unwrap(), text);
    }

    #[test]
    fn names_short_and_beyond_the_inline_room_are_kept_whole_read_fresh_or_over_others() {
        let long = "a member name well beyond twenty-four bytes";
        let text = format!(r#"{{"short":1,"{long}":2,"e\u00e9":3}}"#);
        let fresh: Members = serde_json::from_str(&text).unwrap();
        assert_eq!(fresh.keys().collect::<Vec<_>>(), ["short", long, "e\u{e9}"]);
        let mut over: Members = serde_json::from_str(&format!(r#"{{"{long}":0,"x":0}}"#)).unwrap();
        serde::Deserialize::deserialize_in_place(
            &mut serde_json::Deserializer::from_str(&text),
            &mut over,
        )
        .unwrap();
        assert_eq!(over, fresh);
        let owned: Vec<(String, Value)> = fresh.into_iter().collect();
        assert_eq!(owned[1], (long.to_owned(), json!(2)));
    }

    #[test]
    fn names_handed_over_as_bytes_are_read_when_utf8_and_refused_otherwise() {
        use serde::de::value::{Error, MapDeserializer};
        let read = |key: &'static [u8]| {
            let entries = MapDeserializer::<_, Error>::new(std::iter::once((key, 1u8)));
            <Members<u8> as serde::Deserialize>::deserialize(entries)
        };
        assert_eq!(read(b"a").unwrap()["a"], 1);
        let error = read(b"\xff").unwrap_err().to_string();
        assert!(error.contains("a member name in UTF-8"), "{error}");
    }

    #[test]
    fn inserting_an_existing_member_replaces_it_in_place() {
        let mut members: Members = [("a", json!(1)), ("b", json!(2))].into_iter().collect();
        assert_eq!(members.insert("a", json!(3)), Some(json!(1)));
        assert_eq!(members.insert("c", json!(4)), None);
        assert_eq!(members.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(members.remove("b"), Some(json!(2)));
        assert_eq!(members["a"], json!(3));
        assert_eq!(members.get("b"), None::<&Value>);
    }
}
