//! What an integrator writes with `airudder-client` alone: a request by its constructor, a
//! streamed task detail, and a hand-written request type through the client's re-export.

use airudder_client::models::{GetWorkflowTaskDetailRequest, TaskDetail};
use airudder_client::{Client, Endpoint};

/// A page the spec does not cover yet, declared by hand.
#[derive(Endpoint)]
#[endpoint(crate = "airudder_client::models", method = "GET", path = "/service/cloud/detail", response = TaskDetail)]
struct TaskDetailByHand {
    #[serde(rename = "TaskID")]
    task_id: String,
}

#[tokio::main]
async fn main() -> Result<(), airudder_client::Error> {
    let client = Client::from_env()?;
    let request = GetWorkflowTaskDetailRequest::new("1def98dc9c8c72449ab55d6ec22c2e68");
    let mut rows = client.get_workflow_task_detail_stream(&request).await?;
    while let Some(row) = rows.next_row().await {
        println!("{}", row?.callee_number);
    }
    let detail = client
        .send(&TaskDetailByHand {
            task_id: "82caed2e".to_owned(),
        })
        .await?;
    println!("{} calls", detail.detail.len());
    Ok(())
}
