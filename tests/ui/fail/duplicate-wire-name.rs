use airudder_models::Endpoint;
use serde::Serialize;

#[derive(Serialize, Endpoint)]
#[endpoint(method = "GET", path = "/service/cloud/detail", response = airudder_models::TaskDetail)]
struct GetTaskDetail {
    #[serde(rename = "TaskID")]
    task_id: String,
    #[serde(rename = "TaskID")]
    legacy_task_id: String,
}

fn main() {}
