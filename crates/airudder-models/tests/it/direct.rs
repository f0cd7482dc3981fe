//! Direct reading (`direct.rs`) against serde: rows of the spec's examples, changed at random
//! (members reordered, dropped, repeated, added, given other values, `null`s, escaped names,
//! odd numbers, raw control characters, text cut short), each decoded over a row already there
//! both ways. Direct reading may decline anything, but what it reads must be exactly what serde
//! reads: the same value and the same length, or the same error.

use std::fmt::Debug;

use airudder_models::__private::{Cursor, Declined, Learned, ReadDirect, direct_agrees_with_serde};
use airudder_models::{
    OPERATIONS, TaskCallDetail, WabaRecipient, WorkflowCallDetail, with_member_names_as_text,
};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// The first row of the array `array` in the example answer of `operation_id`.
fn example_row(operation_id: &str, array: &str) -> Map<String, Value> {
    let operation = OPERATIONS
        .iter()
        .find(|operation| operation.operation_id == operation_id)
        .expect("the operation is in the catalog");
    let answer: Value = serde_json::from_str(operation.response_example.expect("an example"))
        .expect("the example is JSON");
    match &answer["data"][array][0] {
        Value::Object(row) => row.clone(),
        other => panic!("the first row of {operation_id} is {other}"),
    }
}

/// [`direct_agrees_with_serde`], members expected in the types' own order.
fn agree<T>(text: &str, place: &T) -> Result<(), String>
where
    T: ReadDirect + DeserializeOwned + Clone + Debug,
{
    direct_agrees_with_serde(text, place, &mut Learned::default())
}

/// Whether direct reading reads `text` over `place` itself (without declining), names read as
/// `decode_prefix_over` reads them.
fn read_directly<T: ReadDirect + Clone>(text: &str, place: &T) -> bool {
    let mut place = place.clone();
    with_member_names_as_text(|| place.read_direct(&mut Cursor::new(text))) != Err(Declined)
}

/// A JSON value of any type, nested a little, with the numbers and strings that are easy to
/// get wrong.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[a-zA-Z0-9 \"\\\\/\u{e9}\u{1f64f}\n\t]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::vec(("[a-z]{1,6}", inner), 0..3)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// A number as text in one of the forms serde_json reads differently.
fn odd_number() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "0",
        "-0",
        "7",
        "-7",
        "1.0",
        "1.5",
        "-2.25",
        "1e2",
        "1E-2",
        "00",
        "01",
        "-",
        "2147483647",
        "2147483648",
        "-2147483649",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "123456789012345678",
        "1234567890123456789",
        "0.1e1",
    ])
}

/// One change to a row, applied to its value.
#[derive(Debug, Clone)]
enum Change {
    /// Moves the member at the first index to the second.
    Move(usize, usize),
    Drop(usize),
    /// Gives the member at the index this value.
    Set(usize, Value),
    /// Adds a member the type does not name.
    Add(String, Value),
    /// Nothing: the row as it is.
    Keep,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (0..40usize, 0..40usize).prop_map(|(from, to)| Change::Move(from, to)),
        2 => (0..40usize).prop_map(Change::Drop),
        3 => (0..40usize, any_value()).prop_map(|(at, value)| Change::Set(at, value)),
        2 => ("[a-zA-Z_]{1,10}", any_value()).prop_map(|(name, value)| Change::Add(name, value)),
        2 => Just(Change::Keep),
    ]
}

fn apply(row: &Map<String, Value>, changes: &[Change]) -> Vec<(String, Value)> {
    let mut members: Vec<(String, Value)> = row.clone().into_iter().collect();
    for change in changes {
        let len = members.len();
        match change.clone() {
            Change::Move(from, to) if len > 0 => {
                let member = members.remove(from % len);
                members.insert(to % len, member);
            }
            Change::Drop(at) if len > 0 => drop(members.remove(at % len)),
            Change::Set(at, value) if len > 0 => members[at % len].1 = value,
            Change::Add(name, value) => members.push((name, value)),
            _ => {}
        }
    }
    members
}

/// The members as an object's text, repeated names kept (a `Map` would merge them).
fn object_text(members: &[(String, Value)], pretty: bool) -> String {
    let encode = |value: &Value| {
        if pretty {
            serde_json::to_string_pretty(value)
        } else {
            serde_json::to_string(value)
        }
        .expect("a Value encodes")
    };
    let separator = if pretty { ",\n  " } else { "," };
    let body: Vec<String> = members
        .iter()
        .map(|(name, value)| format!("{}: {}", encode(&json!(name)), encode(value)))
        .collect();
    format!("{{{}}}", body.join(separator))
}

/// One change to a row's text.
#[derive(Debug, Clone)]
enum Edit {
    None,
    /// Cuts the text at this fraction (per thousand) of its length.
    Cut(usize),
    /// Writes the first letter of the member names as `\u0052`-style escapes.
    EscapeNames,
    /// Puts an odd number where the first number is.
    Number(&'static str),
    /// Puts a raw control character inside the first string value.
    RawControl,
    /// Writes the member at this index a second time.
    Repeat(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => Just(Edit::None),
        2 => (0..1000usize).prop_map(Edit::Cut),
        1 => Just(Edit::EscapeNames),
        2 => odd_number().prop_map(Edit::Number),
        1 => Just(Edit::RawControl),
        1 => (0..40usize).prop_map(Edit::Repeat),
    ]
}

fn edited(members: &[(String, Value)], edit: &Edit, pretty: bool) -> String {
    match edit {
        Edit::Repeat(at) if !members.is_empty() => {
            let mut repeated = members.to_vec();
            repeated.push(members[at % members.len()].clone());
            object_text(&repeated, pretty)
        }
        _ => {
            let text = object_text(members, pretty);
            match edit {
                Edit::Cut(per_thousand) => {
                    let mut at = text.len() * per_thousand / 1000;
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    text[..at].to_owned()
                }
                Edit::EscapeNames => text.replace("\"R", "\"\\u0052").replace("\"C", "\"\\u0043"),
                Edit::Number(number) => replace_first_number(&text, number),
                Edit::RawControl => text.replacen(":\"", ":\"\u{1}", 1),
                _ => text,
            }
        }
    }
}

/// `text` with its first number after a colon written as `number`.
fn replace_first_number(text: &str, number: &str) -> String {
    let bytes = text.as_bytes();
    let Some(start) = (1..bytes.len())
        .find(|&at| bytes[at - 1] == b':' && (bytes[at].is_ascii_digit() || bytes[at] == b'-'))
    else {
        return text.to_owned();
    };
    let end = (start + 1..bytes.len())
        .find(|&at| !matches!(bytes[at], b'0'..=b'9' | b'.' | b'e' | b'E' | b'-' | b'+'))
        .unwrap_or(bytes.len());
    format!("{}{number}{}", &text[..start], &text[end..])
}

/// The rows a decode is done over: the example's, one with every list and map longer, and one
/// with them empty, so that elements and members are read over, added and dropped.
fn places<T: DeserializeOwned>(row: &Map<String, Value>) -> Vec<T> {
    let decode =
        |value: Value| serde_json::from_value::<T>(value).expect("the example row decodes");
    let mut longer = Value::Object(row.clone());
    let mut empty = Value::Object(row.clone());
    if let (Value::Object(longer), Value::Object(empty)) = (&mut longer, &mut empty) {
        for (value, cleared) in longer.values_mut().zip(empty.values_mut()) {
            match value {
                Value::Array(items) => {
                    let copy = items.clone();
                    items.extend(copy.iter().chain(&copy).cloned());
                    *cleared = json!([]);
                }
                Value::Object(map) => {
                    map.insert("extra_one".to_owned(), json!("1"));
                    map.insert("extra_two".to_owned(), json!("2"));
                    *cleared = json!({});
                }
                _ => {}
            }
        }
    }
    vec![
        decode(Value::Object(row.clone())),
        decode(longer),
        decode(empty),
    ]
}

fn check_rows<T>(row: &Map<String, Value>, changes: &[Change], edit: &Edit, pretty: bool)
where
    T: ReadDirect + DeserializeOwned + Clone + Debug,
{
    let text = edited(&apply(row, changes), edit, pretty);
    // Members expected in the spec's order, and in an order learned from a row before (the
    // example's members reversed), which the changed row may or may not follow.
    let mut reversed: Vec<(String, Value)> = row.clone().into_iter().collect();
    reversed.reverse();
    for place in places::<T>(row) {
        let mut learned = Learned::default();
        direct_agrees_with_serde(&object_text(&reversed, false), &place, &mut learned).unwrap();
        for taught in [Learned::default(), learned] {
            if let Err(difference) = direct_agrees_with_serde(&text, &place, &mut taught.clone()) {
                panic!("direct reading and serde differ on\n{difference}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_changed_workflow_call_row_is_read_as_serde_reads_it(
        changes in prop::collection::vec(change(), 0..5),
        edit in edit(),
        pretty in any::<bool>(),
    ) {
        let row = example_row("getWorkflowTaskDetail", "detail");
        check_rows::<WorkflowCallDetail>(&row, &changes, &edit, pretty);
    }

    #[test]
    fn a_changed_task_call_row_is_read_as_serde_reads_it(
        changes in prop::collection::vec(change(), 0..5),
        edit in edit(),
        pretty in any::<bool>(),
    ) {
        let row = example_row("getTaskDetail", "detail");
        check_rows::<TaskCallDetail>(&row, &changes, &edit, pretty);
    }

    #[test]
    fn a_changed_waba_row_is_read_as_serde_reads_it(
        changes in prop::collection::vec(change(), 0..5),
        edit in edit(),
        pretty in any::<bool>(),
    ) {
        let row = example_row("getWorkflowWabaTaskDetail", "list");
        check_rows::<WabaRecipient>(&row, &changes, &edit, pretty);
    }
}

#[test]
fn plain_rows_are_read_directly_not_declined() {
    let row = example_row("getWorkflowTaskDetail", "detail");
    let text = serde_json::to_string(&row).unwrap();
    let mut reordered: Vec<(String, Value)> = row.clone().into_iter().collect();
    reordered.reverse();
    let mut with_unlisted = row.clone();
    with_unlisted.insert("NewMember".to_owned(), json!({"nested": [1, "two", null]}));
    let escaped = text.replacen("WILL SMITH", "WILL \\u00e9 \\ud83d\\ude4f \\\"SMITH\\\"", 1);
    for place in places::<WorkflowCallDetail>(&row) {
        for text in [
            text.clone(),
            object_text(&reordered, true),
            serde_json::to_string(&with_unlisted).unwrap(),
            escaped.clone(),
        ] {
            assert!(read_directly(&text, &place), "declined: {text}");
            agree(&text, &place).unwrap();
        }
    }
}

#[test]
fn what_serde_refuses_or_reads_specially_is_declined() {
    let row = example_row("getWorkflowTaskDetail", "detail");
    let place = places::<WorkflowCallDetail>(&row).remove(0);
    let text = serde_json::to_string(&row).unwrap();
    let repeated = text.replacen('{', r#"{"RobotID":"1","#, 1);
    let escaped_name = text.replacen("\"RobotID\"", "\"\\u0052obotID\"", 1);
    let null_list = text.replacen("\"AsrResult\":[", "\"AsrResult\":null,\"Old\":[", 1);
    let without_robot: Map<String, Value> = row
        .iter()
        .filter(|(name, _)| *name != "RobotID")
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    for text in [
        repeated,
        escaped_name,
        null_list,
        serde_json::to_string(&without_robot).unwrap(),
        text[..text.len() - 1].to_owned(),
    ] {
        assert!(!read_directly(&text, &place), "read directly: {text}");
        agree(&text, &place).unwrap();
    }
}

/// A row type whose direct reading is wrong on purpose: it reads its number as 0.
#[derive(Debug, Clone, serde::Deserialize)]
struct MisreadRow {
    number: i64,
}

impl ReadDirect for MisreadRow {
    fn read_direct(&mut self, cursor: &mut Cursor<'_>) -> Result<(), Declined> {
        cursor.object(|cursor, _| {
            let mut ignored = 0i64;
            ignored.read_direct(cursor)
        })?;
        self.number = 0;
        Ok(())
    }
}

#[test]
fn the_agreement_check_catches_a_direct_reading_that_differs_from_serde() {
    let place = MisreadRow { number: 5 };
    let difference = agree(r#"{"number": 7}"#, &place).unwrap_err();
    assert!(difference.contains("number: 0"), "{difference}");
    assert!(difference.contains("number: 7"), "{difference}");
    agree(r#"{"number": 0}"#, &place).unwrap();
}

#[test]
fn rows_read_one_after_another_agree_through_a_pause_of_direct_reading_and_after_it() {
    let row = example_row("getWorkflowTaskDetail", "detail");
    let place = places::<WorkflowCallDetail>(&row).remove(0);
    let plain = serde_json::to_string(&row).unwrap();
    // A `null` list or map is left to serde: every such row is declined, and they pause it.
    let mut nulled = row.clone();
    nulled.insert("NerSlots".to_owned(), Value::Null);
    let declined = serde_json::to_string(&nulled).unwrap();
    assert!(!read_directly(&declined, &place));
    let mut learned = Learned::default();
    let texts = std::iter::repeat_n(&declined, 10).chain(std::iter::repeat_n(&plain, 100));
    for (index, text) in texts.enumerate() {
        if let Err(difference) = direct_agrees_with_serde(text, &place, &mut learned) {
            panic!("row {index}: {difference}");
        }
    }
}
