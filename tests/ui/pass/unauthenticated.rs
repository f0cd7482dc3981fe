use airudder_models::{Endpoint, Method};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Token {
    #[serde(rename = "Token")]
    token: String,
}

#[derive(Endpoint)]
#[endpoint(method = "POST", path = "/service/token", response = Token, operation_id = "obtainToken", unauthenticated)]
struct ObtainToken {
    username: String,
    password: String,
}

fn main() {
    assert_eq!(ObtainToken::OPERATION_ID, "obtainToken");
    assert_eq!(ObtainToken::METHOD, Method::Post);
    assert!(ObtainToken::TOKEN.is_none());
    assert!(!ObtainToken::IDEMPOTENT);
    assert!(ObtainToken::HAS_BODY);

    let request = ObtainToken {
        username: "ops@example.com".to_owned(),
        password: "s3cret".to_owned(),
    };
    assert_eq!(request.path(), "/service/token");
    assert!(request.query().is_empty());
    let mut body = Vec::new();
    request.write_body(&mut body).unwrap();
    assert_eq!(
        body,
        br#"{"username":"ops@example.com","password":"s3cret"}"#
    );

    let token: Token = serde_json::from_str(r#"{"Token":"abc"}"#).unwrap();
    assert_eq!(token.token, "abc");
}
