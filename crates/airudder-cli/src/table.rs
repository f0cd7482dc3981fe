//! A streamed row as a table record: one cell per column of the spec's row type, so every CSV an
//! export writes has the same columns in the same order whatever each row happens to carry.

use std::borrow::Cow;

use serde_json::Value;

/// The text of one cell: strings as they are (no JSON quotes, so spreadsheets see the value),
/// numbers and booleans as their JSON text, null or absent as empty, and nested arrays and
/// objects (ASR lines, redials, label maps) as compact JSON, which a reader can parse back.
pub(crate) fn cell(value: Option<&Value>) -> Cow<'_, str> {
    match value {
        None | Some(Value::Null) => Cow::Borrowed(""),
        Some(Value::String(text)) => Cow::Borrowed(text),
        Some(Value::Bool(flag)) => Cow::Borrowed(if *flag { "true" } else { "false" }),
        Some(Value::Number(number)) => Cow::Owned(number.to_string()),
        // Serializing a Value to a String cannot fail: its keys are strings and no I/O happens.
        Some(nested @ (Value::Array(_) | Value::Object(_))) => {
            Cow::Owned(serde_json::to_string(nested).unwrap_or_default())
        }
    }
}

/// The cells of `row` for `columns`, in column order; the members of `row` that are not columns
/// go in [`other_members`].
pub(crate) fn cells<'row>(
    columns: &'row [&'row str],
    row: &'row Value,
) -> impl Iterator<Item = Cow<'row, str>> + 'row {
    columns.iter().map(move |column| cell(row.get(*column)))
}

/// The name of the last column: the members of a row the spec does not know, as one JSON object
/// (empty when there are none), so a field AiRudder adds is never dropped.
pub(crate) const OTHER_MEMBERS: &str = "other_members";

/// [`OTHER_MEMBERS`], or with `_` appended while a field of the row type has the name.
pub(crate) fn other_members_column(columns: &[&str]) -> String {
    let mut name = OTHER_MEMBERS.to_owned();
    while columns.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The members of `row` that are not `columns`, as a JSON object in the order they came; empty
/// when there are none.
pub(crate) fn other_members<'row>(columns: &[&str], row: &'row Value) -> Cow<'row, str> {
    let Value::Object(members) = row else {
        return Cow::Borrowed("");
    };
    let others: serde_json::Map<String, Value> = members
        .iter()
        .filter(|(key, _)| !columns.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    if others.is_empty() {
        Cow::Borrowed("")
    } else {
        Cow::Owned(Value::Object(others).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_that_are_not_columns_go_to_the_last_column_in_their_order() {
        let row = json!({"id": 1, "z": {"deep": [1]}, "a": null});
        assert_eq!(
            other_members(&["id"], &row),
            r#"{"z":{"deep":[1]},"a":null}"#
        );
        assert_eq!(other_members(&["id", "z", "a"], &row), "");
        assert_eq!(other_members_column(&["other_members"]), "other_members_");
    }

    #[test]
    fn a_string_cell_is_the_text_without_json_quotes() {
        let value = json!("Halo, \"ini\" Happy\nPlanet");
        assert_eq!(cell(Some(&value)), "Halo, \"ini\" Happy\nPlanet");
        assert!(matches!(cell(Some(&value)), Cow::Borrowed(_)));
    }

    #[test]
    fn numbers_and_booleans_are_their_json_text() {
        assert_eq!(cell(Some(&json!(15744007))), "15744007");
        assert_eq!(cell(Some(&json!(-3))), "-3");
        assert_eq!(cell(Some(&json!(20310.5))), "20310.5");
        assert_eq!(cell(Some(&json!(true))), "true");
        assert_eq!(cell(Some(&json!(false))), "false");
    }

    #[test]
    fn null_and_absent_are_empty() {
        assert_eq!(cell(Some(&Value::Null)), "");
        assert_eq!(cell(None), "");
    }

    #[test]
    fn nested_values_are_compact_json_that_parses_back() {
        let asr = json!([{"time": "00:00:00", "robottext": "Halo, ya?", "text": ""}]);
        let labels = json!({"final_label": "O", "Uncertainty": "Hang_up"});
        for nested in [asr, labels, json!([]), json!({})] {
            let text = cell(Some(&nested));
            assert!(!text.contains('\n') && !text.contains(": "), "{text}");
            assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), nested);
        }
    }

    #[test]
    fn cells_follow_the_columns_and_leave_out_other_members() {
        let row = json!({"RingTime": 3, "id": 7, "Unknown": "x", "NerSlots": {"a": "b"}});
        let columns = ["id", "CalleeName", "RingTime", "NerSlots"];
        let cells: Vec<Cow<'_, str>> = cells(&columns, &row).collect();
        assert_eq!(cells, ["7", "", "3", r#"{"a":"b"}"#]);
    }

    #[test]
    fn a_row_that_is_not_an_object_gives_empty_cells() {
        let row = json!([1, 2]);
        let cells: Vec<Cow<'_, str>> = cells(&["id", "Status"], &row).collect();
        assert_eq!(cells, ["", ""]);
    }
}
