use std::collections::BTreeMap;

use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "GET", path = "/service/cloud/detail", response = airudder_models::TaskDetail)]
struct GetTaskDetail {
    #[endpoint(extra)]
    extra: BTreeMap<String, String>,
}

fn main() {}
