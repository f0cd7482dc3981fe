//! The row scanner against `serde_json` on random answers (see `oracle.rs` for the rule): members
//! before, between and after the array, rows of any JSON, strings with every kind of escape and
//! any character, numbers in every form, whitespace anywhere, and the bytes cut into random
//! chunks, splits inside characters included. Also cut answers and answers with a byte changed,
//! which must fail exactly when `serde_json` fails.

use proptest::prelude::*;

use super::oracle::scan_agrees_with_serde_json;

/// A JSON value, kept as the text of its numbers so that every form of number is written.
#[derive(Debug, Clone)]
enum Json {
    Null,
    Bool(bool),
    Number(String),
    Text(String),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// An answer: members around `data`, and in `data` members around the array of rows.
#[derive(Debug, Clone)]
struct Answer {
    envelope: Vec<(String, Json)>,
    data_at: usize,
    data: Vec<(String, Json)>,
    rows_at: usize,
    rows: Vec<Json>,
}

const ARRAY: &str = "detail";

/// Characters that are easy to get wrong in a tokenizer, and any other.
fn character() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => any::<char>(),
        2 => prop::sample::select(vec!['"', '\\', '/', '{', '}', '[', ']', ',', ':', ' ']),
        1 => prop::sample::select(vec!['\n', '\t', '\r', '\u{0}', '\u{1f}', '\u{7f}']),
        1 => prop::sample::select(vec!['é', '中', '😀', '\u{2028}', '\u{feff}', '\u{10ffff}']),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(character(), 0..10).prop_map(String::from_iter)
}

fn number() -> impl Strategy<Value = String> {
    "-?(0|[1-9][0-9]{0,19})(\\.[0-9]{1,8})?([eE][+-]?[0-9]{1,2})?"
}

fn json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        number().prop_map(Json::Number),
        text().prop_map(Json::Text),
    ];
    leaf.prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Json::List),
            prop::collection::vec((text(), inner), 0..5).prop_map(Json::Object),
        ]
    })
}

/// Members with distinct names, none of them `reserved` (the answer's own `data` or array).
fn members(reserved: &'static str) -> impl Strategy<Value = Vec<(String, Json)>> {
    prop::collection::btree_map(
        prop_oneof![text(), "[a-z_]{1,8}"].prop_filter("a reserved name", move |n| n != reserved),
        json(),
        0..5,
    )
    .prop_map(|members| members.into_iter().collect())
}

fn answer() -> impl Strategy<Value = Answer> {
    (
        members("data"),
        any::<prop::sample::Index>(),
        members(ARRAY),
        any::<prop::sample::Index>(),
        prop::collection::vec(json(), 0..6),
    )
        .prop_map(|(envelope, data_at, data, rows_at, rows)| Answer {
            data_at: data_at.index(envelope.len() + 1),
            rows_at: rows_at.index(data.len() + 1),
            envelope,
            data,
            rows,
        })
}

/// Writes JSON text, choosing whitespace and escapes from a seeded generator so the same value is
/// written in many valid ways.
struct Writer {
    out: String,
    state: u64,
}

impl Writer {
    fn new(seed: u64) -> Writer {
        Writer {
            out: String::new(),
            state: seed | 1,
        }
    }

    /// One in `n`, from a xorshift generator.
    fn one_in(&mut self, n: u64) -> bool {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state % n == 0
    }

    fn space(&mut self) {
        for ws in [" ", "\n", "\t", "\r\n  "] {
            if self.one_in(5) {
                self.out.push_str(ws);
            }
        }
    }

    fn string(&mut self, text: &str) {
        self.out.push('"');
        for c in text.chars() {
            let short = match c {
                '"' => Some("\\\""),
                '\\' => Some("\\\\"),
                '\n' => Some("\\n"),
                '\t' => Some("\\t"),
                '\r' => Some("\\r"),
                '\u{8}' => Some("\\b"),
                '\u{c}' => Some("\\f"),
                '/' if self.one_in(3) => Some("\\/"),
                _ => None,
            };
            match short {
                Some(escape) if !self.one_in(4) => self.out.push_str(escape),
                _ if c < ' ' || matches!(c, '"' | '\\') || self.one_in(5) => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        let hex = format!("\\u{unit:04x}");
                        let hex = if self.one_in(2) {
                            hex.to_uppercase().replace("\\U", "\\u")
                        } else {
                            hex
                        };
                        self.out.push_str(&hex);
                    }
                }
                _ => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn value(&mut self, json: &Json) {
        self.space();
        match json {
            Json::Null => self.out.push_str("null"),
            Json::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => self.out.push_str(n),
            Json::Text(t) => self.string(t),
            Json::List(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.space();
                        self.out.push(',');
                    }
                    self.value(item);
                }
                self.space();
                self.out.push(']');
            }
            Json::Object(members) => self.object(
                members
                    .iter()
                    .map(|(k, v)| (k.as_str(), Part::Value(v)))
                    .collect(),
            ),
        }
        self.space();
    }

    fn object<'a>(&mut self, members: Vec<(&'a str, Part<'a>)>) {
        self.out.push('{');
        for (i, (name, part)) in members.into_iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            self.space();
            self.string(name);
            self.space();
            self.out.push(':');
            match part {
                Part::Value(value) => self.value(value),
                Part::Data(answer) => {
                    self.space();
                    let rows = std::iter::once((ARRAY, Part::Rows(&answer.rows)));
                    let (before, after) = answer.data.split_at(answer.rows_at);
                    self.object(
                        before
                            .iter()
                            .map(|(k, v)| (k.as_str(), Part::Value(v)))
                            .chain(rows)
                            .chain(after.iter().map(|(k, v)| (k.as_str(), Part::Value(v))))
                            .collect(),
                    );
                    self.space();
                }
                Part::Rows(rows) => self.value(&Json::List(rows.to_vec())),
            }
        }
        self.space();
        self.out.push('}');
    }

    fn answer(mut self, answer: &Answer) -> String {
        self.space();
        let (before, after) = answer.envelope.split_at(answer.data_at);
        self.object(
            before
                .iter()
                .map(|(k, v)| (k.as_str(), Part::Value(v)))
                .chain([("data", Part::Data(answer))])
                .chain(after.iter().map(|(k, v)| (k.as_str(), Part::Value(v))))
                .collect(),
        );
        self.space();
        self.out
    }
}

/// What a member of the answer holds.
enum Part<'a> {
    Value(&'a Json),
    Data(&'a Answer),
    Rows(&'a [Json]),
}

fn splits() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(any::<usize>(), 0..12)
}

/// `splits` as offsets into a document of `len` bytes.
fn within(splits: &[usize], len: usize) -> Vec<usize> {
    splits.iter().map(|at| at % (len + 1)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn rows_and_the_rest_agree_with_serde_json_however_the_answer_is_cut_into_chunks(
        answer in answer(), seed in any::<u64>(), splits in splits(),
    ) {
        let doc = Writer::new(seed).answer(&answer);
        let result = scan_agrees_with_serde_json(doc.as_bytes(), ARRAY, &within(&splits, doc.len()));
        prop_assert!(result.is_ok(), "{}\nin {doc:?}", result.unwrap_err());
        prop_assert!(serde_json::from_str::<serde_json::Value>(&doc).is_ok(), "the writer writes JSON: {doc:?}");
    }

    #[test]
    fn an_answer_cut_short_fails_as_serde_json_fails(
        answer in answer(), seed in any::<u64>(), cut in any::<prop::sample::Index>(), splits in splits(),
    ) {
        let doc = Writer::new(seed).answer(&answer);
        let short = &doc.as_bytes()[..cut.index(doc.len())];
        let result = scan_agrees_with_serde_json(short, ARRAY, &within(&splits, short.len()));
        prop_assert!(result.is_ok(), "{}\nin {short:?}", result.unwrap_err());
    }

    #[test]
    fn an_answer_with_a_byte_changed_is_read_or_refused_as_serde_json_does(
        answer in answer(), seed in any::<u64>(), at in any::<prop::sample::Index>(),
        byte in prop_oneof![any::<u8>(), prop::sample::select(b"{}[],:\"\\ 0e-".to_vec())],
        splits in splits(),
    ) {
        let mut doc = Writer::new(seed).answer(&answer).into_bytes();
        let at = at.index(doc.len());
        doc[at] = byte;
        let result = scan_agrees_with_serde_json(&doc, ARRAY, &within(&splits, doc.len()));
        prop_assert!(result.is_ok(), "{}\nin {:?}", result.unwrap_err(), String::from_utf8_lossy(&doc));
    }
}

#[test]
fn a_data_that_is_not_an_object_is_the_rest_of_data_whole_however_the_answer_is_cut() {
    for doc in [
        r#"{"data": [1, {"a": 2}], "code": 200}"#,
        r#"{"code": 1, "data": "text \"quoted\""}"#,
        r#"{"data": 7}"#,
        r#"{"data": true, "status": "OK"}"#,
        r#"{"data": null, "code": 1}"#,
    ] {
        for at in 0..=doc.len() {
            let result = scan_agrees_with_serde_json(doc.as_bytes(), ARRAY, &[at]);
            assert!(
                result.is_ok(),
                "{}\nin {doc:?} cut at {at}",
                result.unwrap_err()
            );
        }
    }
}
