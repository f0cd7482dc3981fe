use airudder_models::Endpoint;

#[derive(Endpoint)]
struct GetTaskDetail {
    task_id: String,
}

fn main() {}
