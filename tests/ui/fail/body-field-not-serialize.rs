use airudder_models::Endpoint;

struct Callee {
    phone: String,
}

#[derive(Endpoint)]
#[endpoint(method = "POST", path = "/service/cloud/call", response = airudder_models::TaskDetail)]
struct CreateCall {
    callee: Option<Callee>,
}

fn main() {}
