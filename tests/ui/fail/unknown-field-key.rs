use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "GET", path = "/service/cloud/detail", response = airudder_models::TaskDetail)]
struct GetTaskDetail {
    #[endpoint(cookie)]
    task_id: String,
}

fn main() {}
