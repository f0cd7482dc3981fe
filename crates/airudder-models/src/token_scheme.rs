//! Token schemes: how a family of operations gets the token it sends (`Authorization: Token
//! <token>`), as the spec's security schemes declare it (`x-token`). The client obtains, caches
//! and renews one token per scheme from this data alone, and the mock issues them from it, so a
//! spec with a second token call (the predictive dialer's) needs no hand-written code.

use crate::{EnvelopeInfo, Method};

/// One security scheme of the spec whose token an operation obtains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenScheme {
    /// The scheme's name in the spec (`"token"`).
    pub name: &'static str,
    /// The operation that obtains the token (`"obtainToken"`).
    pub operation_id: &'static str,
    /// Its method.
    pub method: Method,
    /// Its path.
    pub path: &'static str,
    /// Whether its body is a form (`application/x-www-form-urlencoded`) rather than JSON.
    pub form: bool,
    /// The body member carrying the app key (`"APPKey"`).
    pub key_member: &'static str,
    /// The body member carrying the app secret (`"APPSecret"`).
    pub secret_member: &'static str,
    /// The envelope its answer comes in.
    pub envelope: &'static EnvelopeInfo,
    /// Where the token is in the answer's payload, as a JSON pointer (`"/token"`).
    pub pointer: &'static str,
}

impl TokenScheme {
    /// The JSON path of the token in the whole answer (`data.token`), for errors.
    pub fn token_path(&self) -> String {
        let inner = self.pointer.trim_start_matches('/').replace('/', ".");
        self.envelope.payload_path(&inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::tests::DIALER;

    #[test]
    fn the_token_path_joins_the_payload_member_and_the_pointer() {
        let scheme = TokenScheme {
            name: "pdsToken",
            operation_id: "obtainPdsToken",
            method: Method::Post,
            path: "/auth",
            form: true,
            key_member: "APPKey",
            secret_member: "APPSecret",
            envelope: &DIALER,
            pointer: "/auth/token",
        };
        assert_eq!(scheme.token_path(), "body.auth.token");
    }
}
