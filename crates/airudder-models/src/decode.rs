//! JSON decoding that reports where a bad value is (`data.detail[0].RingTime`), not just what.

use std::fmt;

/// A JSON document did not match its type; names the JSON path of the offending value.
#[derive(Debug)]
pub struct DecodeError {
    path: String,
    source: serde_json::Error,
}

impl DecodeError {
    pub(crate) fn at(path: &str, source: serde_json::Error) -> Self {
        DecodeError {
            path: path.to_owned(),
            source,
        }
    }

    /// The JSON path of the value that failed (`data.detail[0].RingTime`); `.` is the document.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong there (`invalid type: string "3", expected i32 at line 1 column 20`).
    pub fn reason(&self) -> String {
        self.source.to_string()
    }

    /// The line (1-based) of the failure in the input, 0 when the input was not text.
    pub fn line(&self) -> usize {
        self.source.line()
    }

    /// The column (1-based) of the failure in the input.
    pub fn column(&self) -> usize {
        self.source.column()
    }

    /// Whether the input ended early (a truncated body), rather than holding a wrong value.
    pub fn is_eof(&self) -> bool {
        self.source.is_eof()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at `{}`: {}", self.path, self.source)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Decodes `T` from JSON bytes, tracking the path so that an error says where it failed.
pub fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|error| DecodeError {
            path: error.path().to_string(),
            source: error.into_inner(),
        })?;
    deserializer
        .end()
        .map_err(|source| DecodeError::at(".", source))?;
    Ok(value)
}
