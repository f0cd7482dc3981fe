use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "POST", path = "/service/cloud/detail", response = airudder_models::TaskDetail)]
struct QueryTaskDetail {
    #[endpoint(query)]
    #[endpoint(body)]
    task_id: String,
}

fn main() {}
