use airudder_models::Webhook;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Webhook)]
#[webhook(name = "workflowStatusChanged", path = "/hooks/workflow")]
struct WorkflowStatusChanged {
    workflow_id: String,
}

fn main() {}
