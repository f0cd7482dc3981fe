use std::collections::BTreeMap;

use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "POST", path = "/service/cloud/create", response = airudder_models::TaskDetail)]
struct CreateTask {
    #[endpoint(extra)]
    first: BTreeMap<String, String>,
    #[endpoint(extra)]
    second: BTreeMap<String, String>,
}

fn main() {}
