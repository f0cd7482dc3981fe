use airudder_models::Endpoint;

struct TaskDetail {
    task_id: String,
}

#[derive(Endpoint)]
#[endpoint(method = "GET", path = "/service/cloud/detail", response = TaskDetail)]
struct GetTaskDetail {
    task_id: String,
}

fn main() {}
