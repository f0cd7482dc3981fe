use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(path = "/service/cloud/detail", response = airudder_models::TaskDetail)]
struct GetTaskDetail {
    task_id: String,
}

fn main() {}
