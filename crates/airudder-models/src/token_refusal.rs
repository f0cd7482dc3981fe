//! AiRudder's refusals of a token: the envelope codes its error table gives for a token that is
//! missing, malformed, unknown or expired. The one list the client (renew and repeat) and the mock
//! (refuse) both read, so they can never disagree on which codes mean "get a new token".

/// Why AiRudder refused the token a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenRefusal {
    /// 10810: no token was sent.
    Empty,
    /// 10811: the `Authorization` header is not `Token <token>`.
    Malformed,
    /// 10812: the token is not one AiRudder issued.
    Invalid,
    /// 10813: the token's lifetime ran out.
    Expired,
}

impl TokenRefusal {
    /// Every refusal, in code order.
    pub const ALL: [TokenRefusal; 4] = [
        TokenRefusal::Empty,
        TokenRefusal::Malformed,
        TokenRefusal::Invalid,
        TokenRefusal::Expired,
    ];

    /// The envelope's `code`.
    pub const fn code(self) -> i64 {
        match self {
            TokenRefusal::Empty => 10810,
            TokenRefusal::Malformed => 10811,
            TokenRefusal::Invalid => 10812,
            TokenRefusal::Expired => 10813,
        }
    }

    /// The meaning AiRudder's error table gives the code.
    pub const fn message(self) -> &'static str {
        match self {
            TokenRefusal::Empty => "user token is empty",
            TokenRefusal::Malformed => "user token parsing error",
            TokenRefusal::Invalid => "invalid user token",
            TokenRefusal::Expired => "expired user token",
        }
    }

    /// The refusal an envelope `code` stands for, if it is one.
    pub fn from_code(code: i64) -> Option<TokenRefusal> {
        TokenRefusal::ALL
            .into_iter()
            .find(|refusal| refusal.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::TokenRefusal;

    #[test]
    fn every_refusal_is_found_again_from_its_code_and_no_other_code_is_one() {
        for refusal in TokenRefusal::ALL {
            assert_eq!(TokenRefusal::from_code(refusal.code()), Some(refusal));
        }
        assert_eq!(TokenRefusal::from_code(200), None);
        assert_eq!(TokenRefusal::from_code(10506), None);
    }
}
