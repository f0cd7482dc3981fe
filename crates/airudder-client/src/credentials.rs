//! What the client authenticates with, and the cached token with the instant to renew it.

use std::fmt;
use std::time::Instant;

use airudder_models::Secret;

/// How the client authenticates.
#[derive(Clone)]
pub(crate) enum Credentials {
    /// APPKey + APPSecret: the client obtains tokens itself and renews them.
    App { key: String, secret: Secret },
    /// A token obtained elsewhere: used as is, never renewed.
    Token(Secret),
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

/// A token and when to stop using it.
#[derive(Clone)]
pub(crate) struct CachedToken {
    pub(crate) token: Secret,
    pub(crate) renew_at: Instant,
}
