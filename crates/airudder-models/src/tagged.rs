//! Open tagged unions (`oneOf` told apart by a tag member): the tag picks the variant's type, an
//! unknown tag keeps the whole object ([`UnknownVariant`]) so it encodes back unchanged.
//!
//! The object is not buffered when the tag comes first (`{"type": "text", ...}`, the common
//! case): the variant decodes straight from the rest of the input, so its errors name the JSON
//! path inside it (`messages[3].template.name`). Members before the tag are held as JSON values
//! and replayed; an error in one of them names the union's path.

use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

/// An object whose tag this version of the spec does not list, kept whole: every member, in
/// the order it came, so that it encodes back unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownVariant {
    tag: String,
    object: Map<String, Value>,
}

impl UnknownVariant {
    /// The tag, as it came.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The whole object, the tag member included.
    pub fn object(&self) -> &Map<String, Value> {
        &self.object
    }

    /// The whole object, the tag member included.
    pub fn into_object(self) -> Map<String, Value> {
        self.object
    }
}

impl serde::Serialize for UnknownVariant {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.object.serialize(serializer)
    }
}

/// What a generated union tells [`deserialize_tagged`]; not part of the public API.
pub trait TaggedUnion<'de>: Sized {
    /// The union's Rust name, for messages.
    const NAME: &'static str;
    /// The tag member's wire name.
    const TAG: &'static str;
    /// The tags with a variant.
    const KNOWN: &'static [&'static str];

    /// Decodes the variant of `tag` (one of [`TaggedUnion::KNOWN`]) from the object's members.
    fn decode<M: Deserializer<'de>>(tag: &str, members: M) -> Result<Self, M::Error>;

    /// The catch-all for an object with another tag.
    fn unknown(unknown: UnknownVariant) -> Self;
}

/// Deserializes a generated union: reads members up to the tag, then hands the object to the
/// tag's variant (or keeps it whole for an unknown tag).
pub fn deserialize_tagged<'de, D, U>(deserializer: D) -> Result<U, D::Error>
where
    D: Deserializer<'de>,
    U: TaggedUnion<'de>,
{
    deserializer.deserialize_map(UnionVisitor(PhantomData))
}

struct UnionVisitor<U>(PhantomData<U>);

impl<'de, U: TaggedUnion<'de>> Visitor<'de> for UnionVisitor<U> {
    type Value = U;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "an object with a `{}` member ({})", U::TAG, U::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<U, A::Error> {
        let mut before = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key != U::TAG {
                let value: Value = map.next_value()?;
                before.push((key, value));
                continue;
            }
            let tag: String = map.next_value()?;
            if U::KNOWN.contains(&tag.as_str()) {
                let members = Replay {
                    before: before.into_iter(),
                    tag: Some((key, tag.clone())),
                    pending: None,
                    rest: map,
                };
                return U::decode(&tag, de::value::MapAccessDeserializer::new(members));
            }
            let mut object = Map::new();
            object.extend(before);
            object.insert(key, Value::String(tag.clone()));
            while let Some((key, value)) = map.next_entry::<String, Value>()? {
                object.insert(key, value);
            }
            return Ok(U::unknown(UnknownVariant { tag, object }));
        }
        Err(de::Error::missing_field(U::TAG))
    }
}

/// The object's members for the variant: those read before the tag, the tag, then the rest
/// straight from the input.
struct Replay<A> {
    before: std::vec::IntoIter<(String, Value)>,
    tag: Option<(String, String)>,
    /// The value of a replayed key, handed over by the next `next_value_seed`.
    pending: Option<Value>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let replayed = match self.before.next() {
            Some((key, value)) => Some((key, value)),
            None => self.tag.take().map(|(key, tag)| (key, Value::String(tag))),
        };
        match replayed {
            Some((key, value)) => {
                self.pending = Some(value);
                seed.deserialize(IntoDeserializer::<A::Error>::into_deserializer(key))
                    .map(Some)
            }
            None => self.rest.next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(value) => seed.deserialize(value).map_err(de::Error::custom),
            None => self.rest.next_value_seed(seed),
        }
    }
}
