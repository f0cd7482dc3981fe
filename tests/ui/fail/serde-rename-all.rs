use airudder_models::Endpoint;
use serde::Serialize;

#[derive(Serialize, Endpoint)]
#[endpoint(method = "GET", path = "/service/cloud/detail", response = airudder_models::TaskDetail)]
#[serde(rename_all = "PascalCase")]
struct GetTaskDetail {
    task_id: String,
}

fn main() {}
