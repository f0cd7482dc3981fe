//! Reads the operations and webhooks of the document: path items and their shared parameters,
//! parameters of every location, request bodies, responses (documented or not), media types,
//! examples (cut or whole) and `x-page` provenance. Structural checks only.

use super::model::*;
use super::reader::{Reader, SCHEMA_REF_PREFIX, invalid};

/// The media type of a form body (the predictive dialer's token call).
const FORM_MEDIA_TYPE: &str = "application/x-www-form-urlencoded";
use crate::codegen::diagnostics::Pointer;
use crate::codegen::json::Json;

const OPERATION_KEYS: &[&str] = &[
    "operationId",
    "summary",
    "description",
    "tags",
    "deprecated",
    "parameters",
    "requestBody",
    "responses",
    "security",
    "x-idempotent",
    "x-page",
    "x-paged",
];
const WEBHOOK_OPERATION_KEYS: &[&str] = &[
    "summary",
    "description",
    "tags",
    "parameters",
    "requestBody",
    "responses",
    "x-page",
];
const PARAMETER_KEYS: &[&str] = &[
    "name",
    "in",
    "required",
    "description",
    "deprecated",
    "schema",
    "example",
    "examples",
];
const REQUEST_BODY_KEYS: &[&str] = &["required", "description", "content"];
const RESPONSE_KEYS: &[&str] = &["description", "content", "x-undocumented"];
const MEDIA_KEYS: &[&str] = &["schema", "examples", "example"];
const EXAMPLE_KEYS: &[&str] = &["summary", "description", "value", "x-cut", "x-source"];
const PAGE_KEYS: &[&str] = &["title", "partial", "source"];
const PATH_ITEM_KEYS: &[&str] = &[
    "summary",
    "description",
    "parameters",
    "get",
    "post",
    "put",
    "patch",
    "delete",
];

impl Reader<'_> {
    pub(super) fn path_item(
        &mut self,
        path: &str,
        item: &Json,
        ptr: &Pointer,
        operations: &mut Vec<Operation>,
    ) {
        if !path.starts_with('/') {
            self.error(ptr, format!("path `{path}` does not start with `/`"));
        }
        let Some(entries) = self.object(item, ptr, "a path item") else {
            return;
        };
        self.allow_keys(entries, ptr, PATH_ITEM_KEYS, "path item field");
        // Parameters of the path item apply to each of its operations.
        let shared = item.get("parameters");
        for (key, value) in entries {
            if let Some(method) = HttpMethod::from_key(key) {
                if let Some(operation) =
                    self.operation(path, method, value, shared, &ptr.join(key), ptr)
                {
                    operations.push(operation);
                }
            }
        }
    }

    fn operation(
        &mut self,
        path: &str,
        method: HttpMethod,
        value: &Json,
        shared_parameters: Option<&Json>,
        ptr: &Pointer,
        item_ptr: &Pointer,
    ) -> Option<Operation> {
        let entries = self.object(value, ptr, "an operation")?;
        self.allow_keys(entries, ptr, OPERATION_KEYS, "operation field");
        let operation_id = match value.get("operationId") {
            Some(id) => self.string(id, &ptr.join("operationId")),
            None => {
                self.error(ptr, "operation has no operationId");
                None
            }
        };
        let mut parameters = match value.get("parameters") {
            Some(list) => self.parameters(list, &ptr.join("parameters")),
            None => Vec::new(),
        };
        if let Some(shared) = shared_parameters {
            for parameter in self.parameters(shared, &item_ptr.join("parameters")) {
                // An operation's own parameter overrides the path item's of the same name and place.
                if !parameters
                    .iter()
                    .any(|p| p.name == parameter.name && p.location == parameter.location)
                {
                    parameters.push(parameter);
                }
            }
        }
        self.check_path_parameters(path, &parameters, ptr);
        let body = value
            .get("requestBody")
            .and_then(|body| self.request_body(body, &ptr.join("requestBody")));
        let (response, error_answers) = self.responses(value.get("responses"), ptr);
        let security = value
            .get("security")
            .and_then(|security| self.security(security, &ptr.join("security")));
        let idempotent = value
            .get("x-idempotent")
            .is_some_and(|flag| self.bool(flag, &ptr.join("x-idempotent")));
        let deprecated = value
            .get("deprecated")
            .is_some_and(|flag| self.bool(flag, &ptr.join("deprecated")));
        let page = value
            .get("x-page")
            .and_then(|page| self.page(page, &ptr.join("x-page")));
        let paged = value
            .get("x-paged")
            .and_then(|paged| self.paged(paged, &ptr.join("x-paged")));
        Some(Operation {
            pointer: ptr.clone(),
            operation_id: operation_id?,
            method,
            path: path.to_owned(),
            summary: self.optional_string(value, "summary", ptr),
            description: self.optional_string(value, "description", ptr),
            idempotent,
            security,
            form_body: body.as_ref().is_some_and(|body| body.form),
            deprecated,
            page,
            paged,
            parameters,
            body,
            response,
            error_answers,
        })
    }

    /// `x-paged`: the request members that page an answer and the payload member that counts
    /// its rows.
    fn paged(&mut self, value: &Json, ptr: &Pointer) -> Option<PagedSpec> {
        const SHAPE: &str = "write \"x-paged\": {\"limit\": \"<request member>\", \"offset\": \"<request member>\", \"total\": \"<payload member>\"}";
        let entries = self.object(value, ptr, "x-paged")?;
        self.allow_keys(entries, ptr, &["limit", "offset", "total"], "x-paged key");
        let mut member = |key: &str| match value.get(key) {
            Some(name) => self.string(name, &ptr.join(key)),
            None => {
                self.error(ptr, format!("x-paged has no `{key}`; {SHAPE}"));
                None
            }
        };
        let (limit, offset, total) = (member("limit"), member("offset"), member("total"));
        Some(PagedSpec {
            pointer: ptr.clone(),
            limit: limit?,
            offset: offset?,
            total: total?,
        })
    }

    fn page(&mut self, value: &Json, ptr: &Pointer) -> Option<Page> {
        let entries = self.object(value, ptr, "x-page")?;
        self.allow_keys(entries, ptr, PAGE_KEYS, "x-page field");
        let title = match value.get("title") {
            Some(title) => self.string(title, &ptr.join("title")),
            None => {
                self.error(
                    ptr,
                    "x-page has no `title` (the documentation page's title)",
                );
                None
            }
        };
        let partial = self.optional_string(value, "partial", ptr);
        let source = match value.get("source") {
            Some(source) => self.source(
                source,
                &ptr.join("source"),
                &[Source::Captured, Source::ThirdParty],
            )?,
            None => Source::Captured,
        };
        Some(Page {
            title: title?,
            partial,
            source,
        })
    }

    /// A provenance among `allowed`.
    fn source(&mut self, value: &Json, ptr: &Pointer, allowed: &[Source]) -> Option<Source> {
        let spelled = self.string(value, ptr)?;
        let found = allowed
            .iter()
            .copied()
            .find(|source| source.as_str() == spelled);
        if found.is_none() {
            let names: Vec<&str> = allowed.iter().map(|source| source.as_str()).collect();
            self.error(
                ptr,
                format!(
                    "unknown source `{spelled}`; write one of \"{}\"",
                    names.join("\", \"")
                ),
            );
        }
        found
    }

    fn check_path_parameters(&mut self, path: &str, parameters: &[Parameter], ptr: &Pointer) {
        let placeholders = path_placeholders(path);
        for placeholder in &placeholders {
            let declared = parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.name == *placeholder);
            if !declared {
                self.error(
                    ptr,
                    format!("path parameter `{{{placeholder}}}` is not declared in parameters"),
                );
            }
        }
        for parameter in parameters
            .iter()
            .filter(|p| p.location == ParameterLocation::Path)
        {
            if !placeholders.contains(&parameter.name.as_str()) {
                self.error(
                    &parameter.pointer,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
                        parameter.name
                    ),
                );
            }
        }
    }

    fn parameters(&mut self, list: &Json, ptr: &Pointer) -> Vec<Parameter> {
        let Json::Array(items) = list else {
            self.error(
                ptr,
                format!("expected an array of parameters, found {}", list.kind()),
            );
            return Vec::new();
        };
        let mut parameters = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let ptr = ptr.join(index);
            let Some(entries) = self.object(item, &ptr, "a parameter") else {
                continue;
            };
            self.allow_keys_with(entries, &ptr, PARAMETER_KEYS, "parameter field", |key| {
                (key == "$ref").then_some("write the parameter inline")
            });
            let name = item
                .get("name")
                .and_then(|n| self.string(n, &ptr.join("name")));
            let location = match item.get("in").and_then(Json::as_str) {
                Some("query") => Some(ParameterLocation::Query),
                Some("path") => Some(ParameterLocation::Path),
                Some("header") => Some(ParameterLocation::Header),
                Some(other) => {
                    self.error(
                        &ptr.join("in"),
                        format!(
                            "unsupported parameter location `{other}`; use query, path or header"
                        ),
                    );
                    None
                }
                None => {
                    self.error(&ptr, "parameter has no `in`");
                    None
                }
            };
            let required = item
                .get("required")
                .is_some_and(|r| self.bool(r, &ptr.join("required")));
            let mut schema = match item.get("schema") {
                Some(schema) => self.schema(schema, ptr.join("schema")),
                None => {
                    self.error(&ptr, "parameter has no schema");
                    invalid(ptr.join("schema"))
                }
            };
            if schema.description.is_none() {
                schema.description = self.optional_string(item, "description", &ptr);
            }
            let examples = self.examples(item, &ptr);
            if location == Some(ParameterLocation::Path) && !required {
                self.error(&ptr, "path parameters must be required");
            }
            if name.is_none() && item.get("name").is_none() {
                self.error(&ptr, "parameter has no name");
            }
            if let (Some(name), Some(location)) = (name, location) {
                parameters.push(Parameter {
                    pointer: ptr,
                    name,
                    location,
                    required,
                    schema,
                    examples,
                });
            }
        }
        parameters
    }

    fn request_body(&mut self, body: &Json, ptr: &Pointer) -> Option<Media> {
        let entries = self.object(body, ptr, "a request body")?;
        self.allow_keys(entries, ptr, REQUEST_BODY_KEYS, "request body field");
        let form = body.get("content").is_some_and(|content| {
            content.get(FORM_MEDIA_TYPE).is_some() && content.get("application/json").is_none()
        });
        let media = self.content(body, ptr, ContentOf::Body { form })?;
        match media.schema {
            Some(schema) => Some(Media {
                schema,
                examples: media.examples,
                form,
                error_side: None,
            }),
            None => {
                self.error(&ptr.join("content"), "the request body has no schema");
                None
            }
        }
    }

    /// The 200 answer, and the error answers with another status (`default`, `4XX`, `401`, ...),
    /// each the `$ref` of the envelope it comes in.
    fn responses(
        &mut self,
        responses: Option<&Json>,
        operation: &Pointer,
    ) -> (Option<Response>, Vec<(String, Pointer)>) {
        let ptr = operation.join("responses");
        let Some(responses) = responses else {
            self.error(operation, "operation has no responses");
            return (None, Vec::new());
        };
        let Some(entries) = self.object(responses, &ptr, "responses") else {
            return (None, Vec::new());
        };
        let mut answer = None;
        let mut errors = Vec::new();
        for (status, response) in entries {
            let response_ptr = ptr.join(status);
            if status == "200" {
                answer = self.response(response, &response_ptr);
            } else if is_error_status(status) {
                errors.extend(self.error_response(response, &response_ptr));
            } else {
                self.error(&response_ptr, format!("unsupported response `{status}`; describe the 200 answer, and the errors with another status as `default` (or `4XX`, `5XX`, a 4xx or 5xx code) with the error envelope"));
            }
        }
        if answer.is_none() && !entries.iter().any(|(status, _)| status == "200") {
            self.error(&ptr, "no 200 response");
        }
        (answer, errors)
    }

    /// An error answer with another status than 200: a `$ref` to the envelope it comes in.
    fn error_response(&mut self, response: &Json, ptr: &Pointer) -> Option<(String, Pointer)> {
        const SHAPE: &str = "an error answer is the error envelope: write \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/<envelope>\"}}}";
        let fields = self.object(response, ptr, "a response")?;
        self.allow_keys(fields, ptr, RESPONSE_KEYS, "response field");
        let schema_ptr = ptr.join("content").join("application/json").join("schema");
        let reference = response
            .get("content")
            .and_then(|content| content.get("application/json"))
            .and_then(|media| media.get("schema"))
            .and_then(|schema| schema.get("$ref"))
            .and_then(Json::as_str)
            .and_then(|reference| reference.strip_prefix(SCHEMA_REF_PREFIX));
        match reference {
            Some(target) if self.schema_names.contains(target) => {
                Some((target.to_owned(), schema_ptr))
            }
            _ => {
                self.error(ptr, SHAPE);
                None
            }
        }
    }

    /// A 200 answer: documented by its JSON schema, or undocumented when it has no `content`
    /// (the page shows none) or says `x-undocumented`.
    fn response(&mut self, response: &Json, ptr: &Pointer) -> Option<Response> {
        let fields = self.object(response, ptr, "a response")?;
        self.allow_keys(fields, ptr, RESPONSE_KEYS, "response field");
        let marked = response
            .get("x-undocumented")
            .and_then(|reason| self.string(reason, &ptr.join("x-undocumented")));
        let content = match response.get("content") {
            Some(_) => self.content(response, ptr, ContentOf::Answer),
            None => None,
        };
        let content = content.map(|media| (media.schema, media.examples, media.error_side));
        match (marked, content) {
            (Some(_), Some((Some(schema), _, _))) if !matches!(schema.kind, Kind::Ref(_)) => {
                self.error(
                    &schema.pointer,
                    "a response marked x-undocumented has no schema but a $ref to the envelope it comes in; remove the schema, or write {\"$ref\": \"#/components/schemas/<envelope>\"}",
                );
                None
            }
            (Some(reason), content) => {
                let (envelope, examples, _) = content.unwrap_or_default();
                Some(Response::Undocumented {
                    reason,
                    examples,
                    envelope,
                    pointer: ptr.clone(),
                })
            }
            (None, Some((Some(schema), examples, error_side))) => {
                Some(Response::Documented(Media {
                    schema,
                    examples,
                    form: false,
                    error_side,
                }))
            }
            (None, Some((None, _, _))) => {
                self.error(&ptr.join("content"), "media type has no schema; add one, or mark the response `\"x-undocumented\": \"<why>\"` when the page shows none");
                None
            }
            (None, None) if response.get("content").is_none() => Some(Response::Undocumented {
                reason: self
                    .optional_string(response, "description", ptr)
                    .unwrap_or_default(),
                examples: Vec::new(),
                envelope: None,
                pointer: ptr.clone(),
            }),
            (None, None) => None,
        }
    }

    /// The schema (if any) and examples of the `application/json` entry of a `content` map, or
    /// of its `application/x-www-form-urlencoded` entry when `form` (a request body's).
    fn content(&mut self, owner: &Json, ptr: &Pointer, of: ContentOf) -> Option<MediaParts> {
        let content_ptr = ptr.join("content");
        let Some(content) = owner.get("content") else {
            self.error(ptr, "no `content`");
            return None;
        };
        let entries = self.object(content, &content_ptr, "content")?;
        let mut media = None;
        for (media_type, value) in entries {
            let media_ptr = content_ptr.join(media_type);
            let wanted = match of {
                ContentOf::Body { form: true } => FORM_MEDIA_TYPE,
                ContentOf::Body { form: false } | ContentOf::Answer => "application/json",
            };
            if media_type != wanted {
                let allowed = match of {
                    ContentOf::Body { .. } => {
                        "application/json, or application/x-www-form-urlencoded for a request body"
                    }
                    ContentOf::Answer => "application/json",
                };
                self.error(
                    &media_ptr,
                    format!("unsupported media type `{media_type}`; only {allowed}"),
                );
                continue;
            }
            media = self.media(value, &media_ptr, matches!(of, ContentOf::Answer));
        }
        if media.is_none() && entries.is_empty() {
            self.error(&content_ptr, "no `application/json` entry");
        }
        media
    }

    /// A media type's schema and examples. The schema of an `answer` may say both shapes it
    /// comes in: `anyOf: [<the success envelope>, {"$ref": <its family's envelope>}]`, the
    /// second being an error envelope.
    fn media(&mut self, value: &Json, ptr: &Pointer, answer: bool) -> Option<MediaParts> {
        let entries = self.object(value, ptr, "a media type")?;
        self.allow_keys(entries, ptr, MEDIA_KEYS, "media type field");
        let schema_ptr = ptr.join("schema");
        let (schema, error_side) = match value.get("schema") {
            Some(schema) if answer => match error_sided(schema) {
                Some((success, index, target)) => {
                    let any_ptr = schema_ptr.join("anyOf");
                    let success_ptr = any_ptr.join(1 - index);
                    let side = (target.to_owned(), any_ptr.join(index));
                    if !self.schema_names.contains(target) {
                        self.error(
                            &side.1,
                            format!("`$ref` to `{target}`, which is not in components/schemas"),
                        );
                    }
                    (Some(self.schema(success, success_ptr)), Some(side))
                }
                None => (Some(self.schema(schema, schema_ptr)), None),
            },
            Some(schema) => (Some(self.schema(schema, schema_ptr)), None),
            None => (None, None),
        };
        Some(MediaParts {
            schema,
            examples: self.examples(value, ptr),
            error_side,
        })
    }

    /// `example` and the values of `examples` of a media type or a parameter.
    fn examples(&mut self, owner: &Json, ptr: &Pointer) -> Vec<Example> {
        let mut examples = Vec::new();
        if let Some(example) = owner.get("example") {
            examples.push(Example {
                pointer: ptr.join("example"),
                value: example.clone(),
                cut: false,
                source: Source::Captured,
            });
        }
        if let Some(named) = owner.get("examples") {
            let examples_ptr = ptr.join("examples");
            for (name, example) in self
                .object(named, &examples_ptr, "examples")
                .unwrap_or_default()
            {
                let example_ptr = examples_ptr.join(name);
                let Some(fields) = self.object(example, &example_ptr, "an example") else {
                    continue;
                };
                self.allow_keys(fields, &example_ptr, EXAMPLE_KEYS, "example field");
                let cut = example
                    .get("x-cut")
                    .is_some_and(|flag| self.bool(flag, &example_ptr.join("x-cut")));
                let all = [Source::Captured, Source::Written, Source::ThirdParty];
                let source = example
                    .get("x-source")
                    .and_then(|source| self.source(source, &example_ptr.join("x-source"), &all))
                    .unwrap_or(Source::Captured);
                match example.get("value") {
                    Some(value) => examples.push(Example {
                        pointer: example_ptr.join("value"),
                        value: value.clone(),
                        cut,
                        source,
                    }),
                    None => self.error(&example_ptr, "example has no `value`"),
                }
            }
        }
        examples
    }

    pub(super) fn webhook(&mut self, name: &str, item: &Json, ptr: &Pointer) -> Option<Webhook> {
        let entries = self.object(item, ptr, "a webhook")?;
        let mut webhook = None;
        for (key, value) in entries {
            let op_ptr = ptr.join(key);
            if key != "post" {
                self.error(
                    &op_ptr,
                    format!("unsupported webhook method `{key}`; AiRudder notifications are POSTs"),
                );
                continue;
            }
            let Some(fields) = self.object(value, &op_ptr, "a webhook operation") else {
                continue;
            };
            self.allow_keys(fields, &op_ptr, WEBHOOK_OPERATION_KEYS, "webhook field");
            let parameters = match value.get("parameters") {
                Some(list) => self.parameters(list, &op_ptr.join("parameters")),
                None => Vec::new(),
            };
            let body = value
                .get("requestBody")
                .and_then(|body| self.request_body(body, &op_ptr.join("requestBody")));
            if body.is_none() && value.get("requestBody").is_none() {
                self.error(&op_ptr, "webhook has no requestBody");
            }
            let (response, errors) = self.responses(value.get("responses"), &op_ptr);
            if let Some((_, at)) = errors.first() {
                self.error(
                    at,
                    "a webhook's answer is the integrator's: describe its 200 answer only",
                );
            }
            let page = value
                .get("x-page")
                .and_then(|page| self.page(page, &op_ptr.join("x-page")));
            webhook = Some(Webhook {
                pointer: op_ptr.clone(),
                name: name.to_owned(),
                summary: self.optional_string(value, "summary", &op_ptr),
                description: self.optional_string(value, "description", &op_ptr),
                page,
                parameters,
                body,
                response,
            });
        }
        webhook
    }
}

/// Whose `content` map is read: the media types it may have and what its schema may say.
#[derive(Clone, Copy)]
enum ContentOf {
    /// A request body (or a webhook's), JSON or a form.
    Body { form: bool },
    /// A response, JSON, whose schema may say an error side.
    Answer,
}

/// What a media type holds.
struct MediaParts {
    schema: Option<Schema>,
    examples: Vec<Example>,
    /// The error side of an answer written `anyOf: [<success>, {"$ref": <envelope>}]`.
    error_side: Option<(String, Pointer)>,
}

/// `anyOf: [<success>, {"$ref": <envelope>}]` (in either order): the success schema, the index
/// of the error side, and the envelope it names.
fn error_sided(schema: &Json) -> Option<(&Json, usize, &str)> {
    let Json::Object(entries) = schema else {
        return None;
    };
    if entries
        .iter()
        .any(|(key, _)| key != "anyOf" && key != "description")
    {
        return None;
    }
    let Some(Json::Array(sides)) = schema.get("anyOf") else {
        return None;
    };
    fn bare_ref(side: &Json) -> Option<&str> {
        match side {
            Json::Object(members) if members.len() == 1 => side
                .get("$ref")
                .and_then(Json::as_str)
                .and_then(|reference| reference.strip_prefix(SCHEMA_REF_PREFIX)),
            _ => None,
        }
    }
    match sides.as_slice() {
        [success, error] if bare_ref(error).is_some() && bare_ref(success).is_none() => {
            Some((success, 1, bare_ref(error)?))
        }
        [error, success] if bare_ref(error).is_some() && bare_ref(success).is_none() => {
            Some((success, 0, bare_ref(error)?))
        }
        _ => None,
    }
}

/// A status an error answer has: `default`, `4XX`, `5XX`, or a 4xx or 5xx code.
fn is_error_status(status: &str) -> bool {
    status == "default"
        || status == "4XX"
        || status == "5XX"
        || (status.len() == 3
            && status.starts_with(['4', '5'])
            && status.bytes().all(|b| b.is_ascii_digit()))
}
