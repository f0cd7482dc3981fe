//! Response bodies produced while they are sent: task details of N generated rows (never held in
//! memory whole), and bodies that break off to simulate a closed connection.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use serde_json::Value;

/// Rows generated per frame: large enough to keep per-frame overhead low, small enough to keep
/// the server's memory flat.
const ROWS_PER_FRAME: usize = 256;

/// The spec's example answer with its large array (`x-large-array`) repeated to `rows` rows,
/// each row a copy of the example's first with its id fields varied.
#[derive(Debug)]
pub(crate) struct RowsBody {
    prefix: Option<Bytes>,
    template: Value,
    next: usize,
    rows: usize,
    /// Stop after this many rows without closing the JSON: a truncated answer.
    stop_at: Option<usize>,
    suffix: Option<Bytes>,
}

impl RowsBody {
    /// `None` when the example has no such array in its payload member, or no row in it to
    /// repeat.
    pub(crate) fn new(
        example: &str,
        payload: &str,
        array: &str,
        rows: usize,
        truncate: bool,
    ) -> Option<RowsBody> {
        let mut envelope: Value = serde_json::from_str(example).ok()?;
        let list = envelope.get_mut(payload)?.get_mut(array)?;
        let template = list.as_array()?.first()?.clone();
        *list = Value::Array(Vec::new());
        let text = serde_json::to_string(&envelope).ok()?;
        let marker = format!("\"{array}\":[");
        let split = text.find(&marker)? + marker.len();
        Some(RowsBody {
            prefix: Some(Bytes::copy_from_slice(&text.as_bytes()[..split])),
            template,
            next: 0,
            rows,
            stop_at: truncate.then_some(rows / 2),
            suffix: Some(Bytes::copy_from_slice(&text.as_bytes()[split..])),
        })
    }

    fn next_chunk(&mut self) -> Option<Bytes> {
        if let Some(prefix) = self.prefix.take() {
            return Some(prefix);
        }
        let end = self.stop_at.unwrap_or(self.rows);
        if self.next < end {
            let until = (self.next + ROWS_PER_FRAME).min(end);
            let mut chunk = Vec::with_capacity((until - self.next) * 1024);
            for index in self.next..until {
                if index > 0 {
                    chunk.push(b',');
                }
                // Writing a Value to a Vec cannot fail.
                let _ = serde_json::to_writer(&mut chunk, &vary_row(&self.template, index));
            }
            self.next = until;
            return Some(Bytes::from(chunk));
        }
        if self.stop_at.is_some() {
            None
        } else {
            self.suffix.take()
        }
    }
}

/// The template row with `id` set to the index and every other id-like string field (`CallID`,
/// `case_id`, ...) suffixed with it, so rows differ as real ones do.
fn vary_row(template: &Value, index: usize) -> Value {
    let mut row = template.clone();
    if let Some(fields) = row.as_object_mut() {
        for (key, value) in fields.iter_mut() {
            let id_like = key.ends_with("ID") || key.ends_with("_id") || key == "id";
            match value {
                Value::Number(_) if key == "id" => *value = Value::from(index),
                Value::String(text) if id_like => text.push_str(&format!("-{index}")),
                _ => {}
            }
        }
    }
    row
}

impl Body for RowsBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Poll::Ready(
            self.get_mut()
                .next_chunk()
                .map(|chunk| Ok(Frame::data(chunk))),
        )
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

/// How long a [`BrokenBody`] waits between its bytes and its failure. The server's connection
/// writes the bytes out while the body waits; failing at once would let it drop them unsent, and
/// the client would see a refused request instead of a body cut short.
const SENT_BEFORE_CLOSE: std::time::Duration = std::time::Duration::from_millis(200);

/// Sends its bytes, then fails: the server drops the connection mid-body.
#[derive(Debug)]
pub(crate) struct BrokenBody {
    data: Option<Bytes>,
    close: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl BrokenBody {
    pub(crate) fn new(data: Bytes) -> BrokenBody {
        BrokenBody {
            data: Some(data),
            close: None,
        }
    }
}

impl Body for BrokenBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        if let Some(data) = this.data.take() {
            this.close = Some(Box::pin(tokio::time::sleep(SENT_BEFORE_CLOSE)));
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        if let Some(close) = this.close.as_mut() {
            std::task::ready!(close.as_mut().poll(cx));
        }
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "fault: connection closed by the mock",
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(mut body: RowsBody) -> String {
        let mut text = Vec::new();
        while let Some(chunk) = body.next_chunk() {
            text.extend_from_slice(&chunk);
        }
        String::from_utf8(text).unwrap()
    }

    const EXAMPLE: &str = r#"{"data":{"TaskID":"t","detail":[{"id":7,"CallID":"c","Status":"finished"}]},"status":"OK","code":200}"#;

    #[test]
    fn generates_the_requested_number_of_distinct_rows() {
        let body = RowsBody::new(EXAMPLE, "data", "detail", 1000, false).unwrap();
        let value: Value = serde_json::from_str(&collect(body)).unwrap();
        let rows = value["data"]["detail"].as_array().unwrap();
        assert_eq!(rows.len(), 1000);
        assert_eq!(
            rows[999],
            serde_json::json!({"id": 999, "CallID": "c-999", "Status": "finished"})
        );
        assert_eq!(value["code"], 200);
    }

    #[test]
    fn zero_rows_is_an_empty_array() {
        let value: Value = serde_json::from_str(&collect(
            RowsBody::new(EXAMPLE, "data", "detail", 0, false).unwrap(),
        ))
        .unwrap();
        assert_eq!(value["data"]["detail"], serde_json::json!([]));
    }

    #[test]
    fn truncated_rows_are_not_json() {
        let text = collect(RowsBody::new(EXAMPLE, "data", "detail", 10, true).unwrap());
        assert!(serde_json::from_str::<Value>(&text).unwrap_err().is_eof());
    }

    #[test]
    fn an_example_without_the_array_gives_none() {
        assert!(RowsBody::new(EXAMPLE, "data", "list", 5, false).is_none());
    }
}
