use airudder_models::{Webhook, WebhookHeader};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Webhook)]
#[webhook(name = "signedPing", header = "X-Signature", optional_header = "X-Attempt")]
struct SignedPing {
    id: String,
}

#[derive(Serialize, Deserialize, Webhook)]
#[webhook(name = "plainPing")]
struct PlainPing {
    id: String,
}

fn main() {
    assert_eq!(
        SignedPing::HEADERS,
        [
            WebhookHeader { name: "X-Signature", required: true },
            WebhookHeader { name: "X-Attempt", required: false },
        ]
    );
    assert!(PlainPing::HEADERS.is_empty());
}
