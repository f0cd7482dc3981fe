use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "GET", path = "/tasks", response = airudder_models::TaskDetail)]
struct GetTask {
    #[endpoint(path)]
    task_id: String,
}

fn main() {}
