//! Decoding of open enums: a known value becomes its variant, any other value is kept verbatim.

use std::fmt;
use std::marker::PhantomData;

/// Deserializes an open string enum from a JSON string through its `From<&str>` /
/// `From<String>` conversions, which map unknown values to the catch-all variant.
pub fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct OpenEnumVisitor<T>(PhantomData<T>);

    impl<T> serde::de::Visitor<'_> for OpenEnumVisitor<T>
    where
        T: for<'a> From<&'a str> + From<String>,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }

        fn visit_string<E: serde::de::Error>(self, value: String) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(OpenEnumVisitor(PhantomData))
}

/// Deserializes an open integer enum from a JSON integer through its `From<i64>`, which maps
/// unknown values to the catch-all variant.
pub fn deserialize_open_integer_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: From<i64>,
{
    struct OpenIntegerVisitor<T>(PhantomData<T>);

    impl<T: From<i64>> serde::de::Visitor<'_> for OpenIntegerVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer")
        }

        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<T, E> {
            Ok(T::from(value))
        }

        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<T, E> {
            i64::try_from(value)
                .map(T::from)
                .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(value), &self))
        }
    }

    deserializer.deserialize_i64(OpenIntegerVisitor(PhantomData))
}
