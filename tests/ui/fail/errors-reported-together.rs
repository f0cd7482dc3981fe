use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "FETCH", path = "tasks/{task_id}", respons = TaskDetail, idempotent, idempotent)]
struct GetTask {
    #[endpoint(body)]
    page: u32,
}

fn main() {}
