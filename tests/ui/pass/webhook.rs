use airudder_models::Webhook;
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Serialize, Deserialize, Webhook)]
#[webhook(name = "workflowStatusChanged")]
struct WorkflowStatusChanged {
    workflow_id: String,
    status: String,
}

#[derive(Debug, PartialEq, Serialize, Deserialize, Webhook)]
#[webhook(name = "callResult")]
#[serde(untagged)]
enum CallResult {
    Answered { duration: u32 },
    Missed { reason: String },
}

fn main() {
    assert_eq!(WorkflowStatusChanged::NAME, "workflowStatusChanged");
    assert_eq!(
        WorkflowStatusChanged::parse(br#"{"workflow_id":"w1","status":"running"}"#).unwrap(),
        WorkflowStatusChanged {
            workflow_id: "w1".to_owned(),
            status: "running".to_owned()
        }
    );
    let error = WorkflowStatusChanged::parse(br#"{"workflow_id":"w1","status":3}"#).unwrap_err();
    assert_eq!(error.path(), "status");

    assert_eq!(CallResult::NAME, "callResult");
    assert_eq!(
        CallResult::parse(br#"{"duration":12}"#).unwrap(),
        CallResult::Answered { duration: 12 }
    );
    assert_eq!(
        CallResult::parse(br#"{"reason":"busy"}"#).unwrap(),
        CallResult::Missed {
            reason: "busy".to_owned()
        }
    );
}
