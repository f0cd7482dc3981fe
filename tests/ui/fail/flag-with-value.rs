use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "POST", path = "/service/cloud/detail", response = airudder_models::TaskDetail, idempotent = true)]
struct QueryTaskDetail {
    task_id: String,
}

fn main() {}
