use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "GET", response = airudder_models::TaskDetail)]
struct GetTaskDetail {
    task_id: String,
}

fn main() {}
