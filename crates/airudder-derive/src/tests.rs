//! Expansion snapshots of representative inputs, and the full list of errors for inputs with
//! several mistakes; what the generated code does at run time is tested by the trybuild pass
//! fixtures in `tests/ui/pass`.

use proc_macro2::TokenStream;
use syn::{DeriveInput, parse_quote};

use crate::expand::{derive_endpoint, derive_webhook};

fn pretty(tokens: TokenStream) -> String {
    prettyplease::unparse(&syn::parse2(tokens).expect("the expansion is a valid file"))
}

fn expand_endpoint(input: DeriveInput) -> String {
    pretty(derive_endpoint(&input).expect("the input is a valid endpoint"))
}

fn endpoint_errors(input: DeriveInput) -> Vec<String> {
    match derive_endpoint(&input) {
        Ok(tokens) => panic!("expected errors, got {tokens}"),
        Err(error) => error.into_iter().map(|error| error.to_string()).collect(),
    }
}

#[test]
fn get_with_query_optional_query_and_path_parameter() {
    insta::assert_snapshot!(expand_endpoint(parse_quote! {
        #[endpoint(method = "GET", path = "/tasks/{TaskID}/calls", response = CallList, operation_id = "listCalls")]
        struct ListCalls {
            #[endpoint(path)]
            #[serde(rename = "TaskID")]
            task_id: String,
            status: String,
            #[serde(rename = "PageSize")]
            page_size: Option<u32>,
            r#type: Option<String>,
        }
    }));
}

#[test]
fn post_with_body_optional_body_field_and_idempotent() {
    insta::assert_snapshot!(expand_endpoint(parse_quote! {
        #[endpoint(method = "POST", path = "/service/cloud/detail", response = TaskDetail, idempotent)]
        struct QueryTaskDetail {
            #[serde(rename = "TaskID")]
            task_id: String,
            #[serde(rename = "Page", skip_serializing_if = "Option::is_none")]
            page: Option<u32>,
            #[endpoint(query)]
            lang: String,
        }
    }));
}

#[test]
fn unauthenticated_post_with_required_body_only() {
    insta::assert_snapshot!(expand_endpoint(parse_quote! {
        #[endpoint(method = "POST", path = "/service/token", response = Token, unauthenticated, operation_id = "obtainToken")]
        struct ObtainToken {
            username: String,
            password: String,
        }
    }));
}

#[test]
fn an_envelope_key_names_the_envelope_the_answer_comes_in() {
    let expanded = expand_endpoint(parse_quote! {
        #[endpoint(method = "POST", path = "/predict/querytasklist", response = TaskList, envelope = models::PdsEnvelope)]
        struct QueryTasks {
            limit: i64,
        }
    });
    assert!(
        expanded.contains("type Envelope = models::PdsEnvelope<TaskList>;"),
        "{expanded}"
    );
}

#[test]
fn an_envelope_given_as_a_string_is_refused_with_the_path_to_write() {
    let errors = endpoint_errors(parse_quote! {
        #[endpoint(method = "GET", path = "/x", response = T, envelope = "PdsEnvelope")]
        struct Query {}
    });
    assert_eq!(
        errors,
        ["`envelope` takes a path, not a string; write envelope = PdsEnvelope"]
    );
}

#[test]
fn generic_put_with_repeated_path_parameter() {
    insta::assert_snapshot!(expand_endpoint(parse_quote! {
        #[endpoint(method = "PUT", path = "/{id}/mirror/{id}", response = Ack<T>)]
        struct PutTwice<'a, T: Clone> where T: Serialize {
            #[endpoint(path)]
            id: &'a str,
            value: T,
        }
    }));
}

#[test]
fn webhook() {
    let input: DeriveInput = parse_quote! {
        #[webhook(name = "workflowStatusChanged")]
        enum WorkflowStatusChanged<T> {
            Started(T),
        }
    };
    insta::assert_snapshot!(pretty(derive_webhook(&input).unwrap()));
}

#[test]
fn every_attribute_mistake_is_reported_together() {
    let errors = endpoint_errors(parse_quote! {
        #[endpoint(method = "FETCH", path = "tasks/{id}", respons = TaskDetail, path = "/x", idempotent = true)]
        struct Broken {
            #[endpoint(query, body)]
            a: String,
        }
    });
    assert_eq!(
        errors,
        [
            "unknown method \"FETCH\"; use one of \"GET\", \"POST\", \"PUT\", \"PATCH\", \"DELETE\"",
            "unknown key `respons` in #[endpoint(...)]; expected one of `method`, `path`, `response`, `envelope`, `operation_id`, `idempotent`, `unauthenticated`, `token`, `form`, `crate`",
            "duplicate key `path`; keep only one",
            "`idempotent` takes no value; write `idempotent` alone to mark the endpoint safe to retry",
            "`body` conflicts with `query` on the same field; a field goes to one place, so keep one of #[endpoint(query)], #[endpoint(body)], #[endpoint(path)], #[endpoint(header)] or #[endpoint(extra)]",
            "missing `response` in #[endpoint(...)]; add response = T, the type of the envelope's payload",
            "path must start with `/`; write \"/tasks/{id}\"",
            "path parameter `{id}` has no matching field; add a field with #[endpoint(path)]",
        ]
    );
}

#[test]
fn field_checks_are_reported_together() {
    let errors = endpoint_errors(parse_quote! {
        #[endpoint(method = "GET", path = "/tasks/{task_id}", response = TaskDetail)]
        #[serde(rename_all = "camelCase")]
        struct Broken {
            task_id: String,
            #[endpoint(path)]
            other: Option<String>,
            #[endpoint(body)]
            payload: String,
            #[serde(rename = "task_id")]
            duplicate: String,
            #[serde(flatten)]
            extra: Extra,
        }
    });
    assert_eq!(
        errors,
        [
            "#[serde(rename_all)] is not applied by #[derive(Endpoint)], which writes each field itself; rename each field with #[serde(rename = \"...\")]",
            "#[serde(flatten)] is not applied by #[derive(Endpoint)], which writes each field itself; for members besides the named ones, mark a map field #[endpoint(extra)]",
            "path parameter `{task_id}` has no matching field; mark field `task_id` with #[endpoint(path)]",
            "path field `other` is not in the path \"/tasks/{task_id}\"; add `{other}` to the path or remove #[endpoint(path)]",
            "path field `other` cannot be an `Option`; a path parameter is always sent, so make the field required",
            "field `payload` is marked #[endpoint(body)] but a GET request has no body; use #[endpoint(query)] or another method",
            "fields `task_id` and `duplicate` both go to the query as `task_id`; rename one with #[serde(rename = \"...\")]",
        ]
    );
}

#[test]
fn malformed_template_reports_each_problem() {
    let errors = endpoint_errors(parse_quote! {
        #[endpoint(method = "GET", path = "/a/{}/{b", response = T)]
        struct Broken {}
    });
    assert_eq!(
        errors,
        [
            "empty parameter `{}` in path; name it after its field, as in `{task_id}`",
            "unbalanced `{` in path: `{b` has no closing `}`; write parameters as `{name}`",
        ]
    );
}

#[test]
fn only_structs_with_named_fields() {
    let shape = "#[derive(Endpoint)] supports structs with named fields";
    let attribute = quote::quote!(#[endpoint(method = "GET", path = "/x", response = T)]);
    for (item, hint) in [
        (
            quote::quote!(
                enum E {
                    A,
                }
            ),
            "",
        ),
        (quote::quote!(union U { a: u32 }), ""),
        (
            quote::quote!(
                struct S(String);
            ),
            "; name this struct's fields",
        ),
        (
            quote::quote!(
                struct S;
            ),
            "; write `struct S {}` for an endpoint without parameters",
        ),
    ] {
        let input: DeriveInput = syn::parse2(quote::quote!(#attribute #item)).unwrap();
        assert_eq!(endpoint_errors(input), [format!("{shape}{hint}")]);
    }
}

#[test]
fn missing_attribute_is_one_error_at_the_type() {
    let errors = endpoint_errors(parse_quote!(
        struct Bare {}
    ));
    assert_eq!(
        errors,
        [
            "missing #[endpoint(method = \"...\", path = \"/...\", response = T)] attribute; add it above the struct"
        ]
    );
}

#[test]
fn webhook_errors_are_reported_together() {
    let input: DeriveInput = parse_quote! {
        #[webhook(nam = "x", name = "a", name = "b")]
        struct Payload {}
    };
    let errors: Vec<String> = derive_webhook(&input)
        .unwrap_err()
        .into_iter()
        .map(|error| error.to_string())
        .collect();
    assert_eq!(
        errors,
        [
            "unknown key `nam` in #[webhook(...)]; expected one of `name`, `header`, `optional_header`, `crate`",
            "duplicate key `name`; keep only one",
        ]
    );
}

#[test]
fn the_crate_key_sets_the_path_airudder_models_is_reached_at() {
    let expanded = expand_endpoint(parse_quote! {
        #[endpoint(crate = "airudder_client::models", method = "GET", path = "/ping", response = Pong)]
        struct Ping {}
    });
    assert!(
        expanded.contains("impl airudder_client::models::Endpoint for Ping"),
        "{expanded}"
    );
    assert!(!expanded.contains("::airudder_models"), "{expanded}");
}

#[test]
fn a_crate_key_that_is_not_a_path_is_an_error_naming_it() {
    let errors = endpoint_errors(parse_quote! {
        #[endpoint(crate = "not a path", method = "GET", path = "/ping", response = Pong)]
        struct Ping {}
    });
    assert_eq!(
        errors,
        ["`crate` takes a path such as \"airudder_client::models\", not \"not a path\""]
    );
}
