//! An incremental reader of one answer, `{"data": {..., "<array>": [row, row, ...], ...}, "status":
//! ..., "code": ...}`, fed bytes as they arrive: it hands out each row of the large array as soon as
//! its bytes are complete and keeps only the small rest (header fields, envelope members). Memory
//! stays one row plus one network chunk, whatever the row count.
//!
//! It finds where values end (strings, escapes, nesting) without building them; serde decodes the
//! rows and the rest, and reports anything malformed inside them.

/// What the reader found next.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Event {
    /// More bytes are needed.
    NeedMore,
    /// The next row, at this index of the array, starts at this offset of
    /// [`RowScanner::rest`]: decode it from there, then call [`RowScanner::row_decoded`] (or
    /// [`RowScanner::row_incomplete`] when its bytes are not all here yet).
    RowAt { index: usize, start: usize },
    /// The whole answer was read: the envelope without `data`, as the text of a JSON object, and
    /// `data` without the array (`None` when the answer had no `data` or a `null` one; a `data`
    /// that is not an object comes whole, for its decoding to refuse).
    Finished {
        envelope: Vec<u8>,
        data: Option<Vec<u8>>,
    },
}

/// A structural problem: where (a JSON path) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScanError {
    pub(crate) path: String,
    /// The row it is in, if it is in one.
    pub(crate) row: Option<usize>,
    pub(crate) message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    EnvelopeMember { first: bool },
    DataMember { first: bool },
    Row { first: bool },
    End,
    Done,
}

/// What a body that ends before the answer does is told (serde's word for it included).
const TRUNCATED: &str = "unexpected EOF: the answer ended early (truncated body)";

/// Consumed bytes are dropped once they make up this much of the buffer's front.
const COMPACT_AFTER: usize = 64 * 1024;

#[derive(Debug)]
pub(crate) struct RowScanner {
    /// The envelope's payload member (`data`, `body`), which holds the array.
    payload: &'static str,
    array: &'static str,
    /// The answer's bytes not consumed yet, checked to be UTF-8 as they arrive (once), so rows
    /// are parsed as `str` without serde_json checking every string again.
    buf: String,
    /// The first bytes of a character split across two chunks, until the rest arrives.
    carry: Vec<u8>,
    /// A problem found while feeding (bytes that are not UTF-8), reported by the next `next`.
    failure: Option<ScanError>,
    /// How many bytes were fed, to say where bad bytes are.
    fed: usize,
    /// Bytes before this are consumed.
    pos: usize,
    eof: bool,
    state: State,
    next_index: usize,
    /// The current row was found incomplete: hand it out again only once its end is here, so a
    /// row split across chunks is decoded once, not once per chunk.
    row_pending: bool,
    envelope: Vec<u8>,
    data: Option<Vec<u8>>,
    /// Whether a member named `data` (in the envelope) or named the array (in `data`) was read:
    /// a second one is an error, as it is for the typed decoding of a whole answer.
    seen_data: bool,
    seen_array: bool,
    /// Whether the array came as an array and its rows were handed out (else, if present, it was
    /// copied into `data` as it came: a `null`, or a value of the wrong type).
    streamed: bool,
    /// The member of `data` being copied, to name it when its value is bad or cut short.
    copying: Option<String>,
}

impl RowScanner {
    /// A reader for an answer whose rows are `<payload>.<array>` (`data.detail`).
    pub(crate) fn new(payload: &'static str, array: &'static str) -> RowScanner {
        RowScanner {
            payload,
            array,
            buf: String::with_capacity(64 * 1024),
            carry: Vec::new(),
            failure: None,
            fed: 0,
            pos: 0,
            eof: false,
            state: State::Start,
            next_index: 0,
            row_pending: false,
            envelope: b"{".to_vec(),
            data: None,
            seen_data: false,
            seen_array: false,
            streamed: false,
            copying: None,
        }
    }

    /// Appends bytes of the answer, checking their UTF-8. Earlier rows' bytes are dropped first.
    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        // Consumed bytes end after an ASCII delimiter, so `pos` is a character boundary.
        if (self.pos >= COMPACT_AFTER || self.pos == self.buf.len())
            && self.buf.is_char_boundary(self.pos)
        {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        if self.carry.is_empty() {
            self.push_utf8(bytes, self.fed);
        } else {
            let mut joined = std::mem::take(&mut self.carry);
            let base = self.fed - joined.len();
            joined.extend_from_slice(bytes);
            self.push_utf8(&joined, base);
        }
        self.fed += bytes.len();
    }

    /// Appends `bytes`, which start at offset `base` of the answer.
    fn push_utf8(&mut self, bytes: &[u8], base: usize) {
        // The SIMD check first (measured: 6 % of the in-place stream's time with the standard
        // library's); the standard library's says where a failure is.
        if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
            self.buf.push_str(text);
            return;
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => self.buf.push_str(text),
            Err(error) => {
                let (valid, rest) = bytes.split_at(error.valid_up_to());
                // The prefix up to `valid_up_to` is UTF-8 by the error's own account.
                self.buf
                    .push_str(std::str::from_utf8(valid).unwrap_or_default());
                match error.error_len() {
                    // A character split across chunks: keep its start for the next chunk.
                    None => self.carry.extend_from_slice(rest),
                    Some(_) => {
                        let at = base + error.valid_up_to();
                        self.fail_later(format!("the answer is not UTF-8 (byte {at})"));
                    }
                }
            }
        }
    }

    /// Marks the end of the answer.
    pub(crate) fn finish_input(&mut self) {
        self.eof = true;
        if !self.carry.is_empty() {
            self.fail_later("the answer ends inside a UTF-8 character".to_owned());
        }
    }

    /// Keeps the first problem found while feeding for the next `next`.
    fn fail_later(&mut self, message: String) {
        if self.failure.is_none() {
            self.failure = Some(self.error(&message));
        }
    }

    /// The buffered text from `start` (of a [`Event::RowAt`]) on, valid until the next call.
    pub(crate) fn rest(&self, start: usize) -> &str {
        &self.buf[start..]
    }

    /// The row at `start` was decoded from its first `used` bytes.
    pub(crate) fn row_decoded(&mut self, start: usize, used: usize) {
        self.pos = start + used;
        self.next_index += 1;
        self.row_pending = false;
        self.state = State::Row { first: false };
    }

    /// The row's bytes end past what is buffered: more are needed (an error once input ended).
    pub(crate) fn row_incomplete(&mut self) -> Result<(), ScanError> {
        self.row_pending = true;
        self.incomplete().map(drop)
    }

    /// Whether the array was read row by row; when not, `data` holds it as it came (if at all).
    pub(crate) fn array_streamed(&self) -> bool {
        self.streamed
    }

    /// How many rows were handed out.
    pub(crate) fn rows(&self) -> usize {
        self.next_index
    }

    /// The next event.
    pub(crate) fn next(&mut self) -> Result<Event, ScanError> {
        if let Some(failure) = self.failure.take() {
            return Err(failure);
        }
        loop {
            let Some(byte) = self.peek_significant() else {
                return match (self.state, self.eof) {
                    (State::Done, _) => Ok(self.finished()),
                    (State::End, true) => {
                        self.state = State::Done;
                        Ok(self.finished())
                    }
                    (_, true) => Err(self.error(TRUNCATED)),
                    (_, false) => Ok(Event::NeedMore),
                };
            };
            match self.state {
                State::Start => {
                    if byte != b'{' {
                        return Err(self.error(&format!(
                            "expected the answer to be a JSON object, found `{}`",
                            char::from(byte)
                        )));
                    }
                    self.pos += 1;
                    self.state = State::EnvelopeMember { first: true };
                }
                State::EnvelopeMember { first } => match self.member(byte, first, State::End)? {
                    Member::NeedMore => return self.incomplete(),
                    Member::Closed => {}
                    Member::Key { key, value_start } => {
                        let is_data = key == self.payload;
                        if is_data && self.seen_data {
                            return Err(
                                self.error(&format!("the answer has `{}` twice", self.payload))
                            );
                        }
                        if is_data && self.buf.as_bytes()[value_start] == b'{' {
                            self.seen_data = true;
                            self.pos = value_start + 1;
                            self.data = Some(b"{".to_vec());
                            self.state = State::DataMember { first: true };
                        } else {
                            let target = match self.buf.as_bytes()[value_start] {
                                b'n' if is_data => Target::Envelope,
                                _ if is_data => Target::WholeData,
                                _ => Target::Envelope,
                            };
                            // The separating comma is consumed either way: what comes next is a name.
                            let copied = self.copy_member(value_start, target, &key)?;
                            self.state = State::EnvelopeMember { first: !copied };
                            if !copied {
                                return self.incomplete();
                            }
                            self.seen_data |= is_data;
                        }
                    }
                },
                State::DataMember { first } => {
                    match self.member(byte, first, State::EnvelopeMember { first: false })? {
                        Member::NeedMore => return self.incomplete(),
                        Member::Closed => {
                            if let Some(data) = &mut self.data {
                                data.push(b'}');
                            }
                        }
                        Member::Key { key, value_start } => {
                            let is_array = key == self.array;
                            if is_array && self.seen_array {
                                return Err(self.error(&format!(
                                    "`{}` has `{}` twice",
                                    self.payload, self.array
                                )));
                            }
                            if is_array && self.buf.as_bytes()[value_start] == b'[' {
                                self.seen_array = true;
                                self.streamed = true;
                                self.pos = value_start + 1;
                                self.state = State::Row { first: true };
                            } else {
                                let copied = self.copy_member(value_start, Target::Data, &key)?;
                                self.state = State::DataMember { first: !copied };
                                if !copied {
                                    return self.incomplete();
                                }
                                self.seen_array |= is_array;
                            }
                        }
                    }
                }
                State::Row { first } => {
                    if byte == b']' {
                        self.pos += 1;
                        self.state = State::DataMember { first: false };
                        continue;
                    }
                    let start = if first {
                        self.pos
                    } else if byte == b',' {
                        match self.skip_ws_from(self.pos + 1) {
                            Some(start) => start,
                            None => return self.incomplete(),
                        }
                    } else {
                        return Err(self.error(&format!(
                            "expected `,` or `]` after row {}, found `{}`",
                            self.next_index - 1,
                            char::from(byte)
                        )));
                    };
                    // A number or literal cut by a chunk decodes as a shorter one (`12` of
                    // `123`): hand it out only once its end is here. Strings, objects and
                    // arrays show their end, and decoding says when it is missing.
                    let scalar = !matches!(self.buf.as_bytes()[start], b'{' | b'[' | b'"');
                    if (self.row_pending || scalar) && self.value_end(start).is_none() {
                        return self.incomplete();
                    }
                    return Ok(Event::RowAt {
                        index: self.next_index,
                        start,
                    });
                }
                State::End | State::Done => {
                    return Err(self.error(&format!(
                        "unexpected `{}` after the end of the answer",
                        char::from(byte)
                    )));
                }
            }
        }
    }

    /// The envelope's members read so far (those before the payload, once the rows begin), as the
    /// text of a JSON object: enough to tell an error envelope whose code comes first.
    pub(crate) fn envelope_so_far(&self) -> Vec<u8> {
        let mut envelope = self.envelope.clone();
        envelope.push(b'}');
        envelope
    }

    fn finished(&mut self) -> Event {
        let mut envelope = std::mem::take(&mut self.envelope);
        envelope.push(b'}');
        Event::Finished {
            envelope,
            data: self.data.take(),
        }
    }

    /// The start of the next member of an object (`"key": value`), or its closing `}`.
    fn member(&mut self, byte: u8, first: bool, after_close: State) -> Result<Member, ScanError> {
        if byte == b'}' {
            self.pos += 1;
            self.state = after_close;
            return Ok(Member::Closed);
        }
        let key_start = if first {
            self.pos
        } else if byte == b',' {
            match self.skip_ws_from(self.pos + 1) {
                Some(start) => start,
                None => return self.need_more(),
            }
        } else {
            return Err(self.error(&format!(
                "expected `,` or `}}`, found `{}`",
                char::from(byte)
            )));
        };
        if self.buf.as_bytes()[key_start] != b'"' {
            return Err(self.error(&format!(
                "expected a member name, found `{}`",
                char::from(self.buf.as_bytes()[key_start])
            )));
        }
        let Some(key_end) = self.string_end(key_start) else {
            return self.need_more();
        };
        let Some(colon) = self.skip_ws_from(key_end) else {
            return self.need_more();
        };
        if self.buf.as_bytes()[colon] != b':' {
            return Err(self.error("expected `:` after a member name"));
        }
        let Some(value_start) = self.skip_ws_from(colon + 1) else {
            return self.need_more();
        };
        let key = member_name(&self.buf[key_start..key_end]);
        self.pos = key_start;
        Ok(Member::Key { key, value_start })
    }

    /// Copies `"key": value` (from `self.pos`) into the envelope or data text; false when the
    /// value is not complete yet. The value is checked to be JSON as it is copied (these members
    /// are small), so a bad one is named here, where it is, as a whole-body decode would name it.
    fn copy_member(
        &mut self,
        value_start: usize,
        target: Target,
        key: &str,
    ) -> Result<bool, ScanError> {
        let Some(end) = self.value_end(value_start) else {
            // Named while it waits for its bytes, should they never come.
            if matches!(target, Target::Data) && self.copying.as_deref() != Some(key) {
                self.copying = Some(key.to_owned());
            }
            return Ok(false);
        };
        let value = &self.buf[value_start..end];
        if let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(value) {
            let path = match target {
                Target::Envelope | Target::WholeData => key.to_owned(),
                Target::Data => format!("{}.{key}", self.payload),
            };
            return Err(ScanError {
                path,
                row: None,
                message: format!(
                    "invalid JSON value: {}",
                    crate::error::without_position(&error.to_string())
                ),
            });
        }
        self.copying = None;
        let text = match target {
            Target::Envelope => &mut self.envelope,
            Target::Data => self.data.get_or_insert_with(|| b"{".to_vec()),
            Target::WholeData => {
                self.data = Some(value.as_bytes().to_vec());
                self.pos = end;
                return Ok(true);
            }
        };
        if text.len() > 1 {
            text.push(b',');
        }
        text.extend_from_slice(&self.buf.as_bytes()[self.pos..end]);
        self.pos = end;
        Ok(true)
    }

    /// More bytes are needed: fine until the input has ended.
    fn incomplete(&self) -> Result<Event, ScanError> {
        if self.eof {
            Err(self.error(TRUNCATED))
        } else {
            Ok(Event::NeedMore)
        }
    }

    fn need_more(&self) -> Result<Member, ScanError> {
        if self.eof {
            Err(self.error(TRUNCATED))
        } else {
            Ok(Member::NeedMore)
        }
    }

    /// Where the value starting at `start` ends (exclusive), or `None` if its bytes are not all here.
    fn value_end(&self, start: usize) -> Option<usize> {
        let buf = self.buf.as_bytes();
        match buf[start] {
            b'"' => self.string_end(start),
            b'{' | b'[' => {
                let mut depth = 0usize;
                let mut i = start;
                while i < buf.len() {
                    match buf[i] {
                        b'"' => match self.string_end(i) {
                            Some(end) => {
                                i = end;
                                continue;
                            }
                            None => return None,
                        },
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(i + 1);
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                None
            }
            _ => {
                let end = buf[start..]
                    .iter()
                    .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                    .map(|offset| start + offset);
                match end {
                    Some(end) => Some(end),
                    None if self.eof => Some(buf.len()),
                    None => None,
                }
            }
        }
    }

    /// Where the string starting with the quote at `start` ends (after its closing quote).
    fn string_end(&self, start: usize) -> Option<usize> {
        let buf = self.buf.as_bytes();
        let mut i = start + 1;
        while i < buf.len() {
            match buf[i] {
                b'"' => return Some(i + 1),
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        None
    }

    fn peek_significant(&mut self) -> Option<u8> {
        let start = self.skip_ws_from(self.pos)?;
        self.pos = start;
        Some(self.buf.as_bytes()[start])
    }

    fn skip_ws_from(&self, from: usize) -> Option<usize> {
        self.buf
            .as_bytes()
            .get(from..)?
            .iter()
            .position(|b| !matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
            .map(|offset| from + offset)
    }

    /// The JSON path of `inner` in the row at `index` (`data.detail[3].RingTime`).
    pub(crate) fn row_path(&self, index: usize, inner: &str) -> String {
        super::row_path(self.payload, self.array, index, inner)
    }

    /// Where in `data` the reader is: the row in progress (its path and index) while in the
    /// array, `data` among its other members; `None` outside `data`, where a failure is not of
    /// any one value.
    pub(crate) fn position(&self) -> Option<(String, Option<usize>)> {
        match self.state {
            State::Row { .. } => Some((self.row_path(self.next_index, "."), Some(self.next_index))),
            State::DataMember { .. } => match &self.copying {
                Some(key) => Some((format!("{}.{key}", self.payload), None)),
                None => Some((self.payload.to_owned(), None)),
            },
            _ => None,
        }
    }

    fn error(&self, message: &str) -> ScanError {
        let (path, row) = self.position().unwrap_or_else(|| (".".to_owned(), None));
        ScanError {
            path,
            row,
            message: message.to_owned(),
        }
    }
}

/// The name a quoted member name (`"data"`, `"d\u0061ta"`) stands for. Names are unescaped only
/// when they hold an escape: a name serde reads as `data` is `data` here too.
fn member_name(quoted: &str) -> String {
    if quoted.contains('\\') {
        // A name that is not a valid JSON string matches nothing; serde reports it when the
        // member is decoded.
        serde_json::from_str(quoted).unwrap_or_default()
    } else {
        quoted[1..quoted.len() - 1].to_owned()
    }
}

enum Member {
    NeedMore,
    Closed,
    Key { key: String, value_start: usize },
}

enum Target {
    /// A member of the envelope, added to its text.
    Envelope,
    /// A member of `data` (not the array), added to the rest of `data`.
    Data,
    /// `data` itself when it is not an object (nor `null`): kept whole as the rest of `data`, so
    /// that decoding it fails as a whole-body decode does, at `data`.
    WholeData,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `text` in chunks of `chunk` bytes and collects the rows (as compact JSON) and the rest.
    fn scan(text: &str, chunk: usize) -> Result<(Vec<String>, String, Option<String>), ScanError> {
        let scanned =
            super::super::oracle::scan_in_chunks("detail", text.as_bytes().chunks(chunk))?;
        let rows = scanned.rows.iter().map(|row| row.to_string()).collect();
        Ok((rows, scanned.envelope, scanned.data))
    }

    const ANSWER: &str = r#" {"data": {"TaskID": "t{1}", "detail": [ {"id": 1, "AsrResult": [{"text": "a \"quoted\" ]}"}]} , {"id":2,"n":null} ], "Status": "finished"},
        "status": "OK", "code": 200} "#;

    #[test]
    fn rows_and_the_rest_are_separated_whatever_the_chunk_size() {
        for chunk in [1, 2, 3, 7, 64, 4096] {
            let (rows, envelope, data) = scan(ANSWER, chunk).unwrap();
            assert_eq!(
                rows,
                [
                    r#"{"id":1,"AsrResult":[{"text":"a \"quoted\" ]}"}]}"#,
                    r#"{"id":2,"n":null}"#
                ],
                "chunk {chunk}"
            );
            assert_eq!(envelope, r#"{"status": "OK","code": 200}"#);
            assert_eq!(
                data.as_deref(),
                Some(r#"{"TaskID": "t{1}","Status": "finished"}"#)
            );
        }
    }

    #[test]
    fn an_error_envelope_without_data_is_read_whole() {
        let (rows, envelope, data) = scan(
            r#"{"status":"ERROR","code":10506,"message":"task is not found"}"#,
            5,
        )
        .unwrap();
        assert!(rows.is_empty() && data.is_none());
        assert_eq!(
            envelope,
            r#"{"status":"ERROR","code":10506,"message":"task is not found"}"#
        );
    }

    #[test]
    fn an_empty_array_gives_no_rows() {
        let (rows, _, data) = scan(
            r#"{"data":{"detail":[],"TaskID":"t"},"code":200,"status":"OK"}"#,
            4,
        )
        .unwrap();
        assert!(rows.is_empty());
        assert_eq!(data.as_deref(), Some(r#"{"TaskID":"t"}"#));
    }

    #[test]
    fn a_truncated_answer_says_which_row_it_stopped_in() {
        let cut = &ANSWER[..ANSWER.find(r#"{"id":2"#).unwrap() + 5];
        let error = scan(cut, 16).unwrap_err();
        assert_eq!(error.path, "data.detail[1]");
        assert!(error.message.contains("truncated"), "{error:?}");
    }

    #[test]
    fn garbage_between_rows_is_an_error_naming_the_row() {
        let error = scan(r#"{"data":{"detail":[{"id":1} {"id":2}]}}"#, 3).unwrap_err();
        assert_eq!(error.path, "data.detail[1]");
    }

    #[test]
    fn characters_split_across_chunks_are_kept_whole() {
        let answer =
            r#"{"data":{"detail":[{"text":"é€😀 ok"},{"text":"ñ"}]},"status":"OK","code":200}"#;
        for chunk in 1..8 {
            let (rows, _, _) = scan(answer, chunk).unwrap();
            assert_eq!(
                rows,
                [r#"{"text":"é€😀 ok"}"#, r#"{"text":"ñ"}"#],
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_an_error_naming_their_offset() {
        let mut scanner = RowScanner::new("data", "detail");
        scanner.feed(b"{\"data\":{\"detail\":[{\"a\":1},{\"a\":\"\xff\"}]}}");
        scanner.finish_input();
        let mut error = None;
        for _ in 0..10 {
            match scanner.next() {
                Ok(Event::RowAt { start, .. }) => {
                    let (_, used) =
                        airudder_models::decode_prefix::<serde_json::Value>(scanner.rest(start))
                            .unwrap();
                    scanner.row_decoded(start, used);
                }
                Err(e) => {
                    error = Some(e);
                    break;
                }
                Ok(other) => panic!("unexpected {other:?}"),
            }
        }
        let error = error.expect("an error");
        assert!(error.message.contains("not UTF-8 (byte 33)"), "{error:?}");
    }

    #[test]
    fn a_number_row_cut_by_a_chunk_is_read_whole() {
        // Found by the property test: `0.84` cut after `0.8` was read as `0.8`.
        for chunk in 1..6 {
            let (rows, _, _) = scan(r#"{"data":{"detail":[12345,true,0.84]}}"#, chunk).unwrap();
            assert_eq!(rows, ["12345", "true", "0.84"], "chunk {chunk}");
        }
    }

    #[test]
    fn escaped_member_names_are_read_as_the_names_they_stand_for() {
        let (rows, envelope, data) = scan(
            r#"{"d\u0061ta":{"det\u0061il":[1],"T\u0061sk":"t"},"c":2}"#,
            3,
        )
        .unwrap();
        assert_eq!(rows, ["1"]);
        assert_eq!(envelope, r#"{"c":2}"#);
        assert_eq!(data.as_deref(), Some(r#"{"T\u0061sk":"t"}"#));
    }

    #[test]
    fn data_or_the_array_twice_is_an_error_as_for_a_whole_answer() {
        let error = scan(r#"{"data":{"detail":[]},"data":{"detail":[1]}}"#, 5).unwrap_err();
        assert!(error.message.contains("`data` twice"), "{error:?}");
        let error = scan(r#"{"data":{"detail":[1],"detail":[2]}}"#, 5).unwrap_err();
        assert!(error.message.contains("`detail` twice"), "{error:?}");
        // Also when the first is not an object or array, and however the name is cut.
        for chunk in 1..5 {
            let error = scan(r#"{"data":null,"data":{"detail":[1]}}"#, chunk).unwrap_err();
            assert!(
                error.message.contains("`data` twice"),
                "chunk {chunk}: {error:?}"
            );
        }
    }

    #[test]
    fn a_non_object_answer_is_an_error() {
        assert_eq!(scan("[1,2]", 10).unwrap_err().path, ".");
    }

    #[test]
    fn a_bad_value_among_the_other_members_is_named_by_its_member() {
        for chunk in [1, 4, 64] {
            let error =
                scan(r#"{"data":{"TaskID":oops,"detail":[]},"code":200}"#, chunk).unwrap_err();
            assert_eq!(error.path, "data.TaskID", "chunk {chunk}");
            assert!(error.message.contains("invalid JSON value"), "{error:?}");
            let error = scan(r#"{"data":{"detail":[]},"code":2x0}"#, chunk).unwrap_err();
            assert_eq!(error.path, "code", "chunk {chunk}");
        }
    }

    #[test]
    fn an_answer_cut_inside_one_of_the_other_members_names_that_member() {
        let error = scan(r#"{"data":{"detail":[1],"TaskName":"half a na"#, 3).unwrap_err();
        assert_eq!(error.path, "data.TaskName");
        assert!(error.message.contains("EOF"), "{error:?}");
        // Once that member is copied, a cut names `data` alone again.
        let error = scan(r#"{"data":{"TaskName":"n","#, 3).unwrap_err();
        assert_eq!(error.path, "data");
    }
}
