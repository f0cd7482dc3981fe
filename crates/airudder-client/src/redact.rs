//! Removes the secrets a call sent (the APPSecret, the token) from what a server answered, before
//! any of it is kept in an error: a server that echoes a credential back (in a message, in a body,
//! in a value that fails to decode) must not get it printed in our logs. For the token operation the
//! token the server handed out is removed too, since it is a credential as soon as it exists.

use airudder_models::{Said, Secret};
use bytes::Bytes;

/// What stands in for a removed secret.
const REMOVED: &str = "***";

/// Shorter values are not searched for: they would match ordinary words ("tok" in "token") and
/// no AiRudder credential is that short (tokens are 52 characters).
const SHORTEST_SECRET: usize = 4;

/// The secrets of one call, and every spelling a server may echo them in.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    spellings: Vec<Secret>,
}

impl Redactor {
    /// Nothing to remove.
    pub(crate) fn none() -> Redactor {
        Redactor::default()
    }

    /// Also removes `secret`: as sent, as serde_json escapes it in a string (`\"`, `\\`, control
    /// characters), and with `/` escaped as `\/` (PHP and Java encoders). Other escapes a server
    /// might choose (`\u00XX` for plain characters) are not searched for.
    pub(crate) fn with(mut self, secret: &Secret) -> Redactor {
        let plain = secret.expose();
        if plain.chars().count() < SHORTEST_SECRET {
            return self;
        }
        let escaped = serde_json::to_string(plain).unwrap_or_default();
        let escaped = escaped
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(plain);
        for spelling in [
            plain.to_owned(),
            escaped.to_owned(),
            escaped.replace('/', "\\/"),
        ] {
            if !self
                .spellings
                .iter()
                .any(|known| known.expose() == spelling)
            {
                self.spellings.push(Secret::new(spelling));
            }
        }
        // Longest first, so a secret that contains another is removed whole.
        self.spellings
            .sort_by_key(|spelling| std::cmp::Reverse(spelling.expose().len()));
        self
    }

    /// Also removes what may be a token in `body`, an answer of a token operation: every string
    /// in its payload member `payload` (which holds nothing but the token, whatever its shape)
    /// and every string a member named `token` holds anywhere.
    pub(crate) fn with_tokens_in(self, body: &[u8], payload: &str) -> Redactor {
        let Ok(answer) = serde_json::from_slice::<serde_json::Value>(body) else {
            return self;
        };
        let mut tokens = Vec::new();
        collect_tokens(&answer, &mut tokens);
        if let Some(data) = answer.get(payload) {
            collect_strings(data, &mut tokens);
        }
        tokens
            .into_iter()
            .fold(self, |redactor, token| redactor.with(&Secret::new(token)))
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.spellings.is_empty()
    }

    /// Removes every secret from `text`.
    pub(crate) fn clean(&self, text: &mut String) {
        for spelling in &self.spellings {
            if text.contains(spelling.expose()) {
                *text = text.replace(spelling.expose(), REMOVED);
            }
        }
    }

    /// Removes every secret from `body` (which need not be UTF-8), then cuts it to `keep` bytes,
    /// dropping what would be the first part of a secret at the cut (or at its end, when `cut`
    /// says that reading it stopped short).
    pub(crate) fn clean_bytes(&self, body: &mut Bytes, keep: usize, cut: bool) {
        let mut cleaned = body.to_vec();
        for spelling in &self.spellings {
            if let Some(replaced) = replace_bytes(&cleaned, spelling.expose().as_bytes()) {
                cleaned = replaced;
            }
        }
        if cut || cleaned.len() > keep {
            cleaned.truncate(keep);
            let partial = self
                .spellings
                .iter()
                .map(|spelling| spelling.expose().as_bytes())
                .flat_map(|secret| (1..secret.len()).map(move |len| &secret[..len]))
                .filter(|start| cleaned.ends_with(start))
                .map(<[u8]>::len)
                .max()
                .unwrap_or(0);
            cleaned.truncate(cleaned.len() - partial);
        }
        *body = Bytes::from(cleaned);
    }

    pub(crate) fn clean_said(&self, said: &mut Said) {
        if let Some(status) = &mut said.status {
            self.clean(status);
        }
        if let Some(message) = &mut said.message {
            self.clean(message);
        }
    }
}

/// `haystack` with every `needle` replaced, or `None` when there is none.
fn replace_bytes(haystack: &[u8], needle: &[u8]) -> Option<Vec<u8>> {
    let first = haystack
        .windows(needle.len())
        .position(|window| window == needle)?;
    let mut out = Vec::with_capacity(haystack.len());
    out.extend_from_slice(&haystack[..first]);
    let mut rest = &haystack[first..];
    while !rest.is_empty() {
        if rest.starts_with(needle) {
            out.extend_from_slice(REMOVED.as_bytes());
            rest = &rest[needle.len()..];
        } else {
            out.push(rest[0]);
            rest = &rest[1..];
        }
    }
    Some(out)
}

fn collect_tokens(value: &serde_json::Value, tokens: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(members) => {
            for (name, member) in members {
                match member {
                    serde_json::Value::String(token) if name.eq_ignore_ascii_case("token") => {
                        tokens.push(token.clone())
                    }
                    other => collect_tokens(other, tokens),
                }
            }
        }
        serde_json::Value::Array(items) => {
            items.iter().for_each(|item| collect_tokens(item, tokens))
        }
        _ => {}
    }
}

fn collect_strings(value: &serde_json::Value, strings: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => strings.push(text.clone()),
        serde_json::Value::Object(members) => members
            .values()
            .for_each(|member| collect_strings(member, strings)),
        serde_json::Value::Array(items) => {
            items.iter().for_each(|item| collect_strings(item, strings))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_removed_as_sent_and_as_json_escapes_it() {
        let redactor = Redactor::none().with(&Secret::new("ab/c\"d"));
        let mut text = r#"got ab/c"d, ab/c\"d and ab\/c\"d"#.to_owned();
        redactor.clean(&mut text);
        assert_eq!(text, "got ***, *** and ***");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_cleaned_too() {
        let redactor = Redactor::none().with(&Secret::new("SECRET"));
        let mut body = Bytes::from_static(b"\xff SECRET \xfe SECRET");
        redactor.clean_bytes(&mut body, 100, false);
        assert_eq!(&body[..], b"\xff *** \xfe ***");
    }

    #[test]
    fn a_secret_cut_by_the_limit_leaves_no_part_of_itself() {
        let redactor = Redactor::none().with(&Secret::new("SECRET"));
        // Cut where it is kept: removed before the cut.
        let mut across_the_cut = Bytes::from_static(b"0123456789 SECRET tail");
        redactor.clean_bytes(&mut across_the_cut, 13, false);
        assert_eq!(&across_the_cut[..], b"0123456789 **");
        // Cut where reading stopped: its first half is dropped.
        let mut read_short = Bytes::from_static(b"0123456789 SEC");
        redactor.clean_bytes(&mut read_short, 100, true);
        assert_eq!(&read_short[..], b"0123456789 ");
    }

    #[test]
    fn tokens_anywhere_in_a_token_answer_are_learned() {
        let redactor = Redactor::none().with_tokens_in(
            br#"{"code":10201,"data":{"token":"T0K3N"},"x":[{"Token":"T2-TOKEN"}]}"#,
            "data",
        );
        let mut text = "T0K3N and T2-TOKEN".to_owned();
        redactor.clean(&mut text);
        assert_eq!(text, "*** and ***");
    }

    #[test]
    fn every_string_in_the_payload_of_a_token_answer_is_learned_whatever_its_shape() {
        let redactor = Redactor::none()
            .with_tokens_in(br#"{"status":"OK","code":200,"data":["T0K3N"]}"#, "data");
        let mut text = "status OK, data T0K3N".to_owned();
        redactor.clean(&mut text);
        assert_eq!(text, "status OK, data ***");
        let redactor =
            Redactor::none().with_tokens_in(br#"{"code":0,"body":{"auth":"B0DY-T0K3N"}}"#, "body");
        let mut text = "body B0DY-T0K3N".to_owned();
        redactor.clean(&mut text);
        assert_eq!(text, "body ***");
    }

    #[test]
    fn a_value_too_short_to_be_a_credential_removes_nothing() {
        assert!(Redactor::none().with(&Secret::new("")).is_empty());
        let redactor = Redactor::none().with(&Secret::new("tok"));
        let mut text = "invalid user token".to_owned();
        redactor.clean(&mut text);
        assert_eq!(text, "invalid user token");
    }
}
