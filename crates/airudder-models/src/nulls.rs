//! How `null` decodes where the spec is strict and AiRudder is not: a member that may be both
//! absent and `null` keeps which one it was, and a required array or map sent as `null` (their
//! backends' empty list) decodes as empty.

use serde::{Deserialize, Deserializer};

/// For `#[serde(default, deserialize_with = ...)]` on an `Option<Option<T>>`: a present member
/// is `Some` (`Some(None)` for `null`), an absent one stays `None`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// For `#[serde(deserialize_with = ...)]` on a required `Option<T>`: `null` is `None`, and a
/// missing member stays an error (serde alone would read it as `None`, and it would then encode
/// back as `null`).
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// `null` as the empty value: what AiRudder's backends send for an empty list.
pub fn null_as_empty<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Row {
        #[serde(default, deserialize_with = "super::present")]
        note: Option<Option<String>>,
        #[serde(deserialize_with = "super::null_as_empty")]
        tags: Vec<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Page {
        #[serde(deserialize_with = "super::nullable")]
        next: Option<String>,
    }

    #[test]
    fn a_required_nullable_member_may_be_null_but_not_missing() {
        let last: Page = serde_json::from_str(r#"{"next": null}"#).unwrap();
        assert_eq!(last.next, None);
        let error = serde_json::from_str::<Page>("{}").unwrap_err();
        assert!(
            error.to_string().contains("missing field `next`"),
            "{error}"
        );
    }

    #[test]
    fn absent_and_null_stay_apart() {
        let absent: Row = serde_json::from_str(r#"{"tags": []}"#).unwrap();
        let null: Row = serde_json::from_str(r#"{"note": null, "tags": []}"#).unwrap();
        let text: Row = serde_json::from_str(r#"{"note": "a", "tags": []}"#).unwrap();
        assert_eq!(absent.note, None);
        assert_eq!(null.note, Some(None));
        assert_eq!(text.note, Some(Some("a".to_owned())));
    }

    #[test]
    fn a_null_list_decodes_as_empty_but_a_missing_one_is_still_an_error() {
        let row: Row = serde_json::from_str(r#"{"tags": null}"#).unwrap();
        assert!(row.tags.is_empty());
        let error = serde_json::from_str::<Row>("{}").unwrap_err();
        assert!(
            error.to_string().contains("missing field `tags`"),
            "{error}"
        );
    }
}
