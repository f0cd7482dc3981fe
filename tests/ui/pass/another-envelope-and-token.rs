// A hand-written request of the predictive dialer's family: its own envelope, its own token
// scheme, a form body.
use airudder_models::{Endpoint, Enveloped, PdsAuthToken, PdsEnvelope, PDS_TOKEN_SCHEME};
use serde::Serialize;

#[derive(Serialize, Endpoint)]
#[endpoint(method = "POST", path = "/service/callcenter/call/predict/auth", response = PdsAuthToken, envelope = PdsEnvelope, unauthenticated, form)]
struct PdsLogin {
    #[serde(rename = "APPKey")]
    key: String,
}

#[derive(Serialize, Endpoint)]
#[endpoint(method = "POST", path = "/service/callcenter/call/predict/querytasklist", response = serde_json::Value, envelope = PdsEnvelope, token = PDS_TOKEN_SCHEME)]
struct PdsTasks {
    limit: i64,
}

fn main() {
    assert!(PdsLogin::FORM && PdsLogin::TOKEN.is_none());
    assert_eq!(<PdsLogin as Endpoint>::Envelope::INFO.payload, "body");
    assert_eq!(PdsTasks::TOKEN.map(|scheme| scheme.name), Some("pdsToken"));
    let said = PdsTasks::decode_response(br#"{"code": 0, "message": "successfully", "body": {"list": []}}"#)
        .unwrap()
        .said;
    assert!(<PdsTasks as Endpoint>::Envelope::INFO.is_success(&said));
}
