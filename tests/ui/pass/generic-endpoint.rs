use std::fmt::Display;

use airudder_models::{Endpoint, Method};
use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(Serialize)]
struct Audit<'a> {
    by: &'a str,
}

#[derive(Endpoint)]
#[endpoint(method = "DELETE", path = "/{kind}/{id}/mirror/{id}", response = Vec<String>)]
struct DeleteThing<'a, I: Display> {
    #[endpoint(path)]
    kind: &'a str,
    #[endpoint(path)]
    id: I,
    reason: Option<&'a str>,
    #[endpoint(body)]
    audit: Audit<'a>,
}

/// Stores a value and answers with the stored value: the response type is generic too.
#[derive(Endpoint)]
#[endpoint(method = "PUT", path = "/things/{id}", response = T)]
struct PutThing<T>
where
    T: Serialize + DeserializeOwned + Send + 'static,
{
    #[endpoint(path)]
    id: u32,
    value: T,
}

fn main() {
    type Delete<'a> = DeleteThing<'a, u64>;
    assert_eq!(Delete::METHOD, Method::Delete);
    assert_eq!(Delete::OPERATION_ID, "DeleteThing");
    assert_eq!(Delete::PATH_TEMPLATE, "/{kind}/{id}/mirror/{id}");
    assert!(
        !Delete::IDEMPOTENT,
        "only GET and endpoints marked idempotent are retried"
    );
    assert!(Delete::HAS_BODY);

    let request: Delete<'_> = DeleteThing {
        kind: "task list",
        id: 42,
        reason: Some("duplicate"),
        audit: Audit { by: "ops" },
    };
    assert_eq!(request.path(), "/task%20list/42/mirror/42");
    assert_eq!(
        request.query(),
        [("reason", "duplicate".to_owned())],
        "DELETE fields default to the query"
    );
    let mut body = Vec::new();
    request.write_body(&mut body).unwrap();
    assert_eq!(body, br#"{"audit":{"by":"ops"}}"#);

    type Put = PutThing<Vec<u8>>;
    assert_eq!(Put::METHOD, Method::Put);
    assert!(Put::HAS_BODY);
    let put: Put = PutThing {
        id: 7,
        value: vec![1, 2],
    };
    assert_eq!(put.path(), "/things/7");
    assert!(put.query().is_empty());
    let mut body = Vec::new();
    put.write_body(&mut body).unwrap();
    assert_eq!(body, br#"{"value":[1,2]}"#);
    let stored: <Put as Endpoint>::Response = serde_json::from_slice(b"[1,2]").unwrap();
    assert_eq!(stored, [1, 2]);
}
