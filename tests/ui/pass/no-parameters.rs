use airudder_models::{Endpoint, Method, TaskDetail};

#[derive(Endpoint)]
#[endpoint(method = "POST", path = "/service/cloud/refresh", response = TaskDetail)]
struct Refresh {}

fn main() {
    assert_eq!(Refresh::METHOD, Method::Post);
    assert!(
        !Refresh::HAS_BODY,
        "a POST without body fields sends no body"
    );
    let request = Refresh {};
    assert_eq!(request.path(), "/service/cloud/refresh");
    assert!(request.query().is_empty());
    let mut body = Vec::new();
    request.write_body(&mut body).unwrap();
    assert!(body.is_empty());
}
