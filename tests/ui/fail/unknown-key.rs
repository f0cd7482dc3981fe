use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "GET", path = "/service/cloud/detail", response = airudder_models::TaskDetail, retry = 3)]
struct GetTaskDetail {
    task_id: String,
}

fn main() {}
