use airudder_models::Webhook;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Webhook)]
#[webhook(name = "workflowStatusChanged", name = "taskStatusChanged")]
struct WorkflowStatusChanged {
    workflow_id: String,
}

fn main() {}
