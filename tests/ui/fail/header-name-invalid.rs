use airudder_models::Endpoint;

#[derive(serde::Serialize, Endpoint)]
#[endpoint(method = "GET", path = "/service/cloud/detail", response = airudder_models::TaskDetail)]
struct GetTaskDetail {
    #[endpoint(header)]
    #[serde(rename = "X Request Id")]
    request_id: String,
}

fn main() {}
