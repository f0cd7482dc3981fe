use airudder_models::Webhook;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Webhook)]
struct WorkflowStatusChanged {
    workflow_id: String,
}

fn main() {}
