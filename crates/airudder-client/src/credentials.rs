//! What the client authenticates with, and where it is found in the environment: one precedence,
//! shared by `Client::from_env` and the `airudder` CLI.

use std::fmt;

use airudder_models::Secret;

/// The environment variables credentials are read from.
pub(crate) const APP_KEY_VAR: &str = "AIRUDDER_APP_KEY";
pub(crate) const APP_SECRET_VAR: &str = "AIRUDDER_APP_SECRET";
pub(crate) const TOKEN_VAR: &str = "AIRUDDER_TOKEN";
/// Where `Client::from_env` finds the base URL, if it is not AiRudder's production API.
pub(crate) const BASE_URL_VAR: &str = "AIRUDDER_BASE_URL";

/// How the client authenticates.
#[derive(Clone)]
pub(crate) enum Credentials {
    /// APPKey + APPSecret: the client obtains tokens itself and renews them.
    App { key: String, secret: Secret },
    /// A token obtained elsewhere: used as is, never renewed.
    Token(Secret),
}

impl Credentials {
    /// The credentials `var` (an environment lookup; empty values count as unset) holds:
    /// `AIRUDDER_APP_KEY` with `AIRUDDER_APP_SECRET` first, else `AIRUDDER_TOKEN`. The pair comes
    /// first because with it the client renews its own token; a token left in the environment
    /// expires within a day.
    pub(crate) fn from_env(var: impl Fn(&str) -> Option<String>) -> Option<Credentials> {
        let var = |name: &str| var(name).filter(|value| !value.is_empty());
        match (var(APP_KEY_VAR), var(APP_SECRET_VAR), var(TOKEN_VAR)) {
            (Some(key), Some(secret), _) => Some(Credentials::App {
                key,
                secret: Secret::new(secret),
            }),
            (_, _, Some(token)) => Some(Credentials::Token(Secret::new(token))),
            _ => None,
        }
    }

    /// The secret sent with these credentials (the APPSecret, or the fixed token).
    pub(crate) fn secret(&self) -> &Secret {
        match self {
            Credentials::App { secret, .. } => secret,
            Credentials::Token(token) => token,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The app key identifies the account and is not a secret; the secret never shows.
            Credentials::App { key, .. } => f
                .debug_struct("App")
                .field("key", key)
                .field("secret", &"***")
                .finish(),
            Credentials::Token(_) => f.write_str("Token(***)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn the_app_pair_comes_before_a_token_in_the_environment() {
        let both = env(&[
            (APP_KEY_VAR, "key"),
            (APP_SECRET_VAR, "secret"),
            (TOKEN_VAR, "token"),
        ]);
        assert!(
            matches!(Credentials::from_env(both), Some(Credentials::App { key, .. }) if key == "key")
        );
        let token_only = env(&[(APP_KEY_VAR, "key"), (TOKEN_VAR, "token")]);
        assert!(matches!(
            Credentials::from_env(token_only),
            Some(Credentials::Token(t)) if t.expose() == "token"
        ));
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let empty = env(&[(APP_KEY_VAR, "key"), (APP_SECRET_VAR, ""), (TOKEN_VAR, "")]);
        assert!(Credentials::from_env(empty).is_none());
    }
}
