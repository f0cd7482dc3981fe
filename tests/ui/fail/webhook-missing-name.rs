use airudder_models::Webhook;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Webhook)]
#[webhook()]
struct WorkflowStatusChanged {
    workflow_id: String,
}

fn main() {}
