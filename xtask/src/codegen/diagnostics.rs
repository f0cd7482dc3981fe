//! Problems found in the spec, each tied to the JSON pointer where it is, all reported at once.

use std::fmt;

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer into the spec (`/components/schemas/TaskDetail/properties/TaskID`).
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {}", self.message)
    }
}

/// Collects every problem instead of stopping at the first, so a maintainer fixes them in one go.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.list.push(Diagnostic {
            pointer: pointer.0.clone(),
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }
}

/// A JSON pointer (RFC 6901) being built while walking the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Pointer {
        Pointer(String::new())
    }

    /// The pointer to `token` inside this one, escaping `~` and `/`.
    pub fn join(&self, token: impl fmt::Display) -> Pointer {
        let token = token.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{token}", self.0))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "/" } else { &self.0 })
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn pointer_tokens_escape_tilde_and_slash() {
        let pointer = Pointer::root()
            .join("paths")
            .join("/service/cloud/detail")
            .join("a~b");
        assert_eq!(pointer.to_string(), "/paths/~1service~1cloud~1detail/a~0b");
    }
}
