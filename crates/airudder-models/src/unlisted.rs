//! What a decoded value holds that the spec does not list: members it does not know (kept in
//! `extra`), enum values and union tags it does not list (kept in `Other`), each with its JSON
//! path. Every generated type implements [`FindUnlisted`], so a report of docs drift (`airudder
//! decode`) is exact at any depth instead of a guess from comparing JSON. A `null` kept for a
//! known member is not unlisted; what free-form members (`{}` in the spec) hold is not looked at.

use std::collections::BTreeMap;

use crate::{Members, Secret};

/// One thing the spec does not list, found in a decoded value.
#[derive(Debug, Clone, PartialEq)]
pub enum Unlisted {
    /// A member the spec does not know.
    Member {
        /// Its JSON path (`data.detail[3].recording_url`).
        path: String,
    },
    /// A value of an enum the spec does not list.
    Value {
        /// Its JSON path.
        path: String,
        /// The value as it came.
        value: serde_json::Value,
    },
    /// A tag of a union the spec does not list (the whole object is kept).
    Tag {
        /// The JSON path of the object.
        path: String,
        /// The tag as it came.
        tag: String,
    },
}

impl Unlisted {
    /// The JSON path of what was found.
    pub fn path(&self) -> &str {
        match self {
            Unlisted::Member { path }
            | Unlisted::Value { path, .. }
            | Unlisted::Tag { path, .. } => path,
        }
    }
}

/// A JSON path being built while a value is walked (`a.b[2].c`, as decode errors write them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(String);

impl JsonPath {
    /// The path of the document.
    pub fn root() -> JsonPath {
        JsonPath(String::new())
    }

    /// The path under `prefix` (`data.detail[3]`).
    pub fn at(prefix: impl Into<String>) -> JsonPath {
        JsonPath(prefix.into())
    }

    /// Runs `walk` with the path of the member `name`, then comes back.
    pub fn member<R>(&mut self, name: &str, walk: impl FnOnce(&mut JsonPath) -> R) -> R {
        let len = self.0.len();
        if !self.0.is_empty() {
            self.0.push('.');
        }
        self.0.push_str(name);
        let result = walk(self);
        self.0.truncate(len);
        result
    }

    /// Runs `walk` with the path of the element `index`, then comes back.
    pub fn index<R>(&mut self, index: usize, walk: impl FnOnce(&mut JsonPath) -> R) -> R {
        let len = self.0.len();
        self.0.push_str(&format!("[{index}]"));
        let result = walk(self);
        self.0.truncate(len);
        result
    }

    /// The path as text; `.` for the document.
    pub fn to_text(&self) -> String {
        if self.0.is_empty() {
            ".".to_owned()
        } else {
            self.0.clone()
        }
    }
}

/// Finds what a decoded value holds that the spec does not list.
pub trait FindUnlisted {
    /// Appends to `found` what `self` (at `path`) holds that the spec does not list.
    fn find_unlisted(&self, path: &mut JsonPath, found: &mut Vec<Unlisted>);
}

/// The values whose form the spec fixes entirely: nothing in them can be unlisted.
macro_rules! nothing_unlisted {
    ($($ty:ty),*) => {
        $(impl FindUnlisted for $ty {
            fn find_unlisted(&self, _: &mut JsonPath, _: &mut Vec<Unlisted>) {}
        })*
    };
}

nothing_unlisted!(
    String,
    bool,
    i32,
    i64,
    f64,
    serde_json::Number,
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>,
    Secret
);

impl<T: FindUnlisted> FindUnlisted for Option<T> {
    fn find_unlisted(&self, path: &mut JsonPath, found: &mut Vec<Unlisted>) {
        if let Some(value) = self {
            value.find_unlisted(path, found);
        }
    }
}

impl<T: FindUnlisted> FindUnlisted for Box<T> {
    fn find_unlisted(&self, path: &mut JsonPath, found: &mut Vec<Unlisted>) {
        (**self).find_unlisted(path, found);
    }
}

impl<T: FindUnlisted> FindUnlisted for Vec<T> {
    fn find_unlisted(&self, path: &mut JsonPath, found: &mut Vec<Unlisted>) {
        for (index, item) in self.iter().enumerate() {
            path.index(index, |path| item.find_unlisted(path, found));
        }
    }
}

impl<T: FindUnlisted> FindUnlisted for BTreeMap<String, T> {
    fn find_unlisted(&self, path: &mut JsonPath, found: &mut Vec<Unlisted>) {
        for (key, value) in self {
            path.member(key, |path| value.find_unlisted(path, found));
        }
    }
}

impl<T: FindUnlisted> FindUnlisted for Members<T> {
    /// The members of a documented `additionalProperties`: their values are walked, their names
    /// are allowed.
    fn find_unlisted(&self, path: &mut JsonPath, found: &mut Vec<Unlisted>) {
        for (key, value) in self {
            path.member(key, |path| value.find_unlisted(path, found));
        }
    }
}

/// The members of `extra` that are not `named` (a named one there is a `null` kept for it):
/// what the spec does not know. What generated types call for their `extra`.
pub fn unknown_members(
    extra: &Members,
    named: &[&str],
    path: &mut JsonPath,
    found: &mut Vec<Unlisted>,
) {
    for key in extra.keys().filter(|key| !named.contains(key)) {
        path.member(key, |path| {
            found.push(Unlisted::Member {
                path: path.to_text(),
            })
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_written_as_decode_errors_write_them() {
        let mut path = JsonPath::root();
        let text = path.member("data", |path| {
            path.member("detail", |path| {
                path.index(3, |path| path.member("x", |path| path.to_text()))
            })
        });
        assert_eq!(text, "data.detail[3].x");
        assert_eq!(path.to_text(), ".");
        assert_eq!(JsonPath::at("rows").index(0, |p| p.to_text()), "rows[0]");
    }
}
