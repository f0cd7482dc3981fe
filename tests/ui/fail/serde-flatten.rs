use airudder_models::Endpoint;
use serde::Serialize;

#[derive(Serialize)]
struct Paging {
    page: u32,
}

#[derive(Serialize, Endpoint)]
#[endpoint(method = "POST", path = "/service/cloud/list", response = airudder_models::TaskDetail)]
struct ListTasks {
    #[serde(flatten)]
    paging: Paging,
}

fn main() {}
