use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "GET", path = "/tasks/{task_id}", response = airudder_models::TaskDetail)]
struct GetTask {
    page: u32,
}

fn main() {}
