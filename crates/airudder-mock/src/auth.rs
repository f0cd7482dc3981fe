//! Tokens as AiRudder hands them out: issued per token scheme (the workflow API's, the predictive
//! dialer's) for a known APPKey/APPSecret pair, extended when asked for again within their
//! lifetime, and refused when missing, unknown, of another scheme or expired.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use airudder_models::{EnvelopeInfo, TokenRefusal};
use serde_json::Value;

/// Why a request's token was refused: the envelope code from AiRudder's error table, a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) code: i64,
    pub(crate) message: &'static str,
}

impl From<TokenRefusal> for Refusal {
    fn from(refusal: TokenRefusal) -> Refusal {
        Refusal {
            code: refusal.code(),
            message: refusal.message(),
        }
    }
}

impl Refusal {
    /// The error envelope the mock answers with (HTTP 401), in the operation's family.
    pub(crate) fn envelope(&self, family: &EnvelopeInfo) -> Value {
        family.error(self.code, "Unauthorized", self.message)
    }
}

#[derive(Debug)]
struct Issued {
    /// The scheme it was issued for, and only good for.
    scheme: String,
    app_key: String,
    expires_at: Instant,
}

/// The credentials the mock accepts and the tokens it has issued.
#[derive(Debug)]
pub(crate) struct Tokens {
    credentials: Vec<(String, String)>,
    lifetime: Duration,
    issued: Mutex<HashMap<String, Issued>>,
}

impl Tokens {
    pub(crate) fn new(credentials: Vec<(String, String)>, lifetime: Duration) -> Tokens {
        Tokens {
            credentials,
            lifetime,
            issued: Mutex::new(HashMap::new()),
        }
    }

    /// A token of `scheme` for a known pair: the pair's current token of that scheme extended by
    /// a full lifetime, as the docs say, or a new one. `None` for an unknown pair.
    pub(crate) fn issue(&self, scheme: &str, app_key: &str, app_secret: &str) -> Option<String> {
        if !self
            .credentials
            .iter()
            .any(|(key, secret)| key == app_key && secret == app_secret)
        {
            return None;
        }
        let now = Instant::now();
        let mut issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        let current = issued
            .iter_mut()
            .find(|(_, t)| t.scheme == scheme && t.app_key == app_key && t.expires_at > now);
        if let Some((token, entry)) = current {
            entry.expires_at = now + self.lifetime;
            return Some(token.clone());
        }
        let token: String = std::iter::repeat_with(fastrand::alphanumeric)
            .take(52)
            .collect();
        issued.insert(
            token.clone(),
            Issued {
                scheme: scheme.to_owned(),
                app_key: app_key.to_owned(),
                expires_at: now + self.lifetime,
            },
        );
        Some(token)
    }

    /// Checks an `Authorization` header value (`Token <token>`) for an operation of `scheme`.
    pub(crate) fn check(&self, scheme: &str, header: Option<&str>) -> Result<(), Refusal> {
        let Some(header) = header.filter(|h| !h.trim().is_empty()) else {
            return Err(Refusal::from(TokenRefusal::Empty));
        };
        let Some(token) = header.strip_prefix("Token ") else {
            return Err(Refusal {
                code: TokenRefusal::Malformed.code(),
                message: "user token parsing error: expected `Token <token>`",
            });
        };
        let issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        match issued.get(token) {
            None => Err(Refusal::from(TokenRefusal::Invalid)),
            Some(entry) if entry.scheme != scheme => Err(Refusal::from(TokenRefusal::Invalid)),
            Some(entry) if entry.expires_at <= Instant::now() => {
                Err(Refusal::from(TokenRefusal::Expired))
            }
            Some(_) => Ok(()),
        }
    }

    /// Ends the lifetime of every issued token now (to test renewal without waiting 24 hours).
    pub(crate) fn expire_all(&self) {
        let now = Instant::now();
        for entry in self
            .issued
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values_mut()
        {
            entry.expires_at = now;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens() -> Tokens {
        Tokens::new(
            vec![("key".into(), "secret".into())],
            Duration::from_secs(3600),
        )
    }

    #[test]
    fn known_pair_gets_a_token_that_is_accepted() {
        let tokens = tokens();
        let token = tokens.issue("token", "key", "secret").unwrap();
        assert_eq!(
            tokens.check("token", Some(&format!("Token {token}"))),
            Ok(())
        );
        assert_eq!(tokens.issue("token", "key", "wrong"), None);
    }

    #[test]
    fn a_token_is_good_only_for_the_scheme_it_was_issued_for() {
        let tokens = tokens();
        let token = tokens.issue("pdsToken", "key", "secret").unwrap();
        let header = format!("Token {token}");
        assert_eq!(tokens.check("pdsToken", Some(&header)), Ok(()));
        assert_eq!(
            tokens.check("token", Some(&header)).unwrap_err().code,
            10812
        );
        assert_ne!(tokens.issue("token", "key", "secret").unwrap(), token);
    }

    #[test]
    fn asking_again_extends_the_same_token() {
        let tokens = tokens();
        assert_eq!(
            tokens.issue("token", "key", "secret"),
            tokens.issue("token", "key", "secret")
        );
        assert_eq!(tokens.issued.lock().unwrap().len(), 1);
    }

    #[test]
    fn missing_malformed_unknown_and_expired_tokens_are_refused_with_their_codes() {
        let tokens = tokens();
        let token = tokens.issue("token", "key", "secret").unwrap();
        assert_eq!(tokens.check("token", None).unwrap_err().code, 10810);
        assert_eq!(tokens.check("token", Some(&token)).unwrap_err().code, 10811);
        assert_eq!(
            tokens.check("token", Some("Token nope")).unwrap_err().code,
            10812
        );
        tokens.expire_all();
        assert_eq!(
            tokens
                .check("token", Some(&format!("Token {token}")))
                .unwrap_err()
                .code,
            10813
        );
        assert_ne!(
            tokens.issue("token", "key", "secret").unwrap(),
            token,
            "an expired token is not extended"
        );
    }
}
