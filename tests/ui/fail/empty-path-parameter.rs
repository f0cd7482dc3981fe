use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "GET", path = "/tasks/{}", response = airudder_models::TaskDetail)]
struct GetTask {}

fn main() {}
