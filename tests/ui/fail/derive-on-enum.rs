use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "GET", path = "/service/cloud/detail", response = airudder_models::TaskDetail)]
enum GetTaskDetail {
    ById { task_id: String },
}

fn main() {}
