use airudder_models::Webhook;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Webhook)]
#[webhook(name = "signedPing", header = "X Signature", header = "Content-Type", header = "X-Id", optional_header = "x-id")]
struct SignedPing {
    id: String,
}

fn main() {}
