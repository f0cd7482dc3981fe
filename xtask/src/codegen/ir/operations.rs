//! Lowering of operations and webhooks: request fields and where each goes, header parameters,
//! the envelope's `data` type, undocumented answers, idempotency, streamed rows, and the names
//! each brings (request type, client methods, `Notification` variant).

use heck::ToUpperCamelCase;

use super::lower::Lowering;
use super::model::*;
use crate::codegen::diagnostics::Pointer;
use crate::codegen::names;
use crate::codegen::spec::{self, HttpMethod, Kind, ParameterLocation, Response, Schema};

/// Headers the client or the receiver sets or checks itself, never a parameter.
const MANAGED_HEADERS: &[(&str, &str)] = &[
    (
        "authorization",
        "the client sends the token (the `token` security scheme); remove this parameter",
    ),
    (
        "content-type",
        "the client sends application/json and a receiver checks it; remove this parameter",
    ),
    (
        "user-agent",
        "the client sets it (ClientBuilder::user_agent); remove this parameter",
    ),
];

impl Lowering<'_, '_> {
    pub(super) fn operation(&mut self, operation: &spec::Operation, ir: &Ir) -> Option<Operation> {
        let request_name = names::request_name(&operation.operation_id);
        let summary = match &operation.summary {
            Some(summary) => summary.clone(),
            None => {
                self.diags.error(
                    &operation.pointer,
                    "operation has no summary (it becomes the request type's documentation)",
                );
                String::new()
            }
        };
        let id_ptr = operation.pointer.join("operationId");
        if !self
            .types
            .claim(&request_name, &operation.operation_id, &id_ptr, self.diags)
        {
            return None;
        }
        let client_method = names::field_name(&operation.operation_id);
        if !self
            .methods
            .claim(&client_method, &operation.operation_id, &id_ptr, self.diags)
        {
            return None;
        }
        let mut fields = Vec::new();
        for parameter in &operation.parameters {
            if let Some(field) = self.parameter(parameter) {
                fields.push(field);
            }
        }
        let mut request_examples = Vec::new();
        let mut body_extra = None;
        if let Some(body) = &operation.body {
            request_examples = body.examples.clone();
            let body_schema = match &body.schema.kind {
                Kind::Ref(target) => self.component(target),
                Kind::Object { .. } | Kind::AllOf(_) => Some(&body.schema),
                Kind::Invalid => None,
                _ => {
                    self.diags.error(
                        &body.schema.pointer,
                        "a request body must be an object (inline or a $ref)",
                    );
                    None
                }
            };
            if let Some(body_schema) = body_schema {
                if !matches!(
                    body_schema.kind,
                    Kind::Object { .. } | Kind::AllOf(_) | Kind::Invalid
                ) {
                    self.diags.error(
                        &body.schema.pointer,
                        "a request body must be an object schema",
                    );
                }
                let (body_fields, extra) = self.struct_fields(body_schema, &mut Vec::new(), None);
                body_extra = extra;
                fields.extend(body_fields.into_iter().map(|field| RequestField {
                    field,
                    location: Location::Body,
                    examples: Vec::new(),
                }));
            }
        }
        let all: Vec<Field> = fields.iter().map(|f| f.field.clone()).collect();
        self.check_field_names(&all, operation.body.is_some(), &operation.pointer);
        if operation.method == HttpMethod::Get
            && fields.iter().any(|f| f.location == Location::Body)
        {
            self.diags.error(
                &operation.pointer.join("requestBody"),
                "a GET operation cannot have a request body",
            );
        }
        let (response, envelope, undocumented_answer, response_examples) = match &operation.response
        {
            Some(Response::Documented(media)) => {
                let (payload, envelope) = self.envelope_payload(&media.schema, ir);
                if let (Some((target, at)), Some(envelope)) = (&media.error_side, &envelope) {
                    self.check_error_envelope(target, at, envelope, ir);
                }
                (payload, envelope, None, media.examples.clone())
            }
            Some(Response::Undocumented {
                reason,
                examples,
                envelope,
                pointer,
            }) => (
                Ty::Any,
                self.undocumented_envelope(envelope.as_ref(), pointer, ir),
                Some(reason.clone()),
                examples.clone(),
            ),
            None => (Ty::Invalid, None, None, Vec::new()),
        };
        if let Some(envelope) = &envelope {
            for (target, at) in &operation.error_answers {
                self.check_error_envelope(target, at, envelope, ir);
            }
        }
        let idempotency = match (operation.method, operation.idempotent) {
            (HttpMethod::Get, _) => Idempotency::SafeMethod,
            (_, true) => Idempotency::Marked,
            (_, false) => Idempotency::Unsafe,
        };
        let rows = self.rows(
            &response,
            &client_method,
            &operation.operation_id,
            &id_ptr,
            ir,
        );
        let paged = operation.paged.as_ref().and_then(|paged| {
            self.paged(
                paged,
                &fields,
                rows.as_ref(),
                &client_method,
                &operation.operation_id,
                ir,
            )
        });
        Some(Operation {
            operation_id: operation.operation_id.clone(),
            request_name,
            client_method,
            method: operation.method,
            path: operation.path.clone(),
            summary,
            description: operation.description.clone(),
            deprecated: operation.deprecated,
            page: operation.page.clone(),
            idempotency,
            token: self.operation_token(operation.security.as_ref()),
            form: operation.form_body,
            fields,
            has_body: operation.body.is_some(),
            body_extra,
            response,
            envelope: envelope.unwrap_or_default(),
            undocumented_answer,
            request_examples,
            response_examples,
            rows,
            paged,
        })
    }

    /// A query, path or header parameter as a request field.
    fn parameter(&mut self, parameter: &spec::Parameter) -> Option<RequestField> {
        let location = match parameter.location {
            ParameterLocation::Query => Location::Query,
            ParameterLocation::Path => Location::Path,
            ParameterLocation::Header => {
                self.check_header_name(&parameter.name, &parameter.pointer)?;
                Location::Header
            }
        };
        let field = self.field(&parameter.name, &parameter.schema, parameter.required, None)?;
        if !self.is_scalar(&field.ty) {
            self.diags.error(&parameter.pointer, format!("unsupported {} parameter type; parameters must be strings, numbers, booleans or enums (not null, arrays, objects or secrets)", parameter.location.key()));
        }
        Some(RequestField {
            field,
            location,
            examples: parameter.examples.clone(),
        })
    }

    fn check_header_name(&mut self, name: &str, pointer: &Pointer) -> Option<()> {
        let lower = name.to_ascii_lowercase();
        if let Some((_, why)) = MANAGED_HEADERS.iter().find(|(header, _)| *header == lower) {
            self.diags.error(pointer, format!("header `{name}`: {why}"));
            return None;
        }
        // RFC 9110 token characters.
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            self.diags
                .error(pointer, format!("`{name}` is not a valid HTTP header name"));
            return None;
        }
        Some(())
    }

    /// A type written as one text value (query, path, header).
    fn is_scalar(&self, ty: &Ty) -> bool {
        match ty {
            Ty::String | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Decimal | Ty::Bool | Ty::Invalid => true,
            Ty::Named(name) => self.spec.schemas.iter().any(|named| {
                names::component_type_name(named) == *name
                    && !named.schema.nullable
                    && matches!(
                        &named.schema.kind,
                        Kind::Enum(_)
                            | Kind::String { .. }
                            | Kind::Integer { .. }
                            | Kind::Number { .. }
                            | Kind::Boolean
                    )
                    && !matches!(&named.schema.kind, Kind::String { format: Some(f) } if f.name == "password")
            }),
            _ => false,
        }
    }

    /// The streamed form of an answer whose `data` is a struct with an `x-large-array`.
    fn rows(
        &mut self,
        response: &Ty,
        client_method: &str,
        operation_id: &str,
        pointer: &Pointer,
        ir: &Ir,
    ) -> Option<Rows> {
        let Ty::Named(name) = response else {
            return None;
        };
        let Some(TypeDef::Struct(def)) = ir.type_def(name) else {
            return None;
        };
        let field = def.fields.iter().find(|f| f.large_array)?;
        let Ty::Vec(row) = &field.ty else {
            self.diags.error(pointer, format!("the x-large-array `{}` of `{}` must be a required, non-nullable array to stream", field.wire_name, def.spec_name));
            return None;
        };
        let row_fields = match row.as_ref() {
            Ty::Named(row) => match ir.type_def(row) {
                Some(TypeDef::Struct(row)) => {
                    row.fields.iter().map(|f| f.wire_name.clone()).collect()
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let stream_method = format!("{client_method}_stream");
        if !self.methods.claim(
            &stream_method,
            &format!("{operation_id} (its streaming method)"),
            pointer,
            self.diags,
        ) {
            return None;
        }
        Some(Rows {
            array: field.wire_name.clone(),
            header: def.header_name.clone()?,
            row: row.as_ref().clone(),
            row_fields,
            stream_method,
        })
    }

    /// The payload type and the envelope of a response schema `allOf: [{$ref: <envelope>},
    /// {properties: {<its payload member>: ...}}]`.
    fn envelope_payload(&mut self, schema: &Schema, ir: &Ir) -> (Ty, Option<String>) {
        const SHAPE: &str = "the 200 answer must be an envelope around the payload: allOf [{\"$ref\": <an x-envelope schema>}, {\"properties\": {<its payload member>: ...}}]; an answer the page does not show has a response with only a `description` (or `x-undocumented` and a $ref to its envelope)";
        if matches!(schema.kind, Kind::Invalid) {
            return (Ty::Invalid, None);
        }
        let Kind::AllOf(parts) = &schema.kind else {
            self.diags.error(&schema.pointer, SHAPE);
            return (Ty::Invalid, None);
        };
        let marked = parts.iter().find_map(|part| match &part.kind {
            Kind::Ref(target) if self.component(target)?.envelope.is_some() => Some(target),
            _ => None,
        });
        let Some(target) = marked else {
            self.diags.error(&schema.pointer, SHAPE);
            return (Ty::Invalid, None);
        };
        // An envelope the spec marks but that was refused is reported at the envelope.
        let Some((name, payload_member)) = self.envelope_of(target, ir) else {
            return (Ty::Invalid, None);
        };
        let payload = parts.iter().find_map(|part| match &part.kind {
            Kind::Object { properties, .. } if properties.len() == 1 => properties
                .iter()
                .find(|(name, _)| *name == payload_member)
                .map(|(_, s)| s),
            _ => None,
        });
        match (payload, parts.len()) {
            (Some(payload), 2) => (self.ty(payload), Some(name)),
            _ => {
                self.diags.error(
                    &schema.pointer,
                    format!(
                        "{SHAPE}; the envelope `{name}` carries its payload in `{payload_member}`"
                    ),
                );
                (Ty::Invalid, None)
            }
        }
    }

    /// The envelope of an answer the page does not show: the one its `$ref` names, or the
    /// spec's only envelope.
    fn undocumented_envelope(
        &mut self,
        reference: Option<&Schema>,
        pointer: &Pointer,
        ir: &Ir,
    ) -> Option<String> {
        match reference.map(|schema| (&schema.kind, &schema.pointer)) {
            Some((Kind::Ref(target), at)) => {
                let found = self.envelope_of(target, ir).map(|(name, _)| name);
                let marked = self.component(target).is_some_and(|c| c.envelope.is_some());
                if found.is_none() && !marked {
                    self.diags.error(at, format!("`{target}` is not an envelope (a schema with x-envelope): an answer marked x-undocumented has no schema of its own, only a $ref to the envelope it comes in"));
                }
                found
            }
            _ => {
                let mut envelopes = ir.envelopes();
                match (envelopes.next(), envelopes.next()) {
                    (Some((only, _)), None) => Some(only.name.clone()),
                    (Some(_), Some(_)) => {
                        self.diags.error(pointer, "the spec has several envelopes: say which one this answer comes in with `\"x-undocumented\": \"<why>\"` and `content.application/json.schema` = {\"$ref\": \"#/components/schemas/<envelope>\"}");
                        None
                    }
                    (None, _) => None,
                }
            }
        }
    }

    /// An error answer (the error side of the 200 answer, or an answer with another status)
    /// names the envelope of the operation's own family: what the client reads errors with.
    fn check_error_envelope(&mut self, target: &str, at: &Pointer, envelope: &str, ir: &Ir) {
        let named = self.envelope_of(target, ir).map(|(name, _)| name);
        if named.as_deref() != Some(envelope) {
            let family = ir
                .envelope(envelope)
                .map_or(envelope, |(def, _)| def.spec_name.as_str());
            self.diags.error(at, format!("an error answer of this operation is its family's envelope: write {{\"$ref\": \"#/components/schemas/{family}\"}}"));
        }
    }

    /// The Rust name and payload member of the envelope schema `target`, if it is one.
    fn envelope_of(&self, target: &str, ir: &Ir) -> Option<(String, String)> {
        let component = self.component(target)?;
        let rust_name = self.type_name_of(target);
        component.envelope.as_ref()?;
        ir.envelope(&rust_name)
            .map(|(def, envelope)| (def.name.clone(), envelope.payload.wire.clone()))
    }

    pub(super) fn webhook(&mut self, webhook: &spec::Webhook, ir: &mut Ir) -> Option<Webhook> {
        let summary = match &webhook.summary {
            Some(summary) => summary.clone(),
            None => {
                self.diags.error(&webhook.pointer, "webhook has no summary");
                String::new()
            }
        };
        let mut headers = Vec::new();
        for parameter in &webhook.parameters {
            if parameter.location != ParameterLocation::Header {
                self.diags.error(&parameter.pointer, format!("a webhook takes only header parameters: its URL is the integrator's, so a {} parameter has no place", parameter.location.key()));
                continue;
            }
            if let Some(field) = self.parameter(parameter) {
                headers.push(field);
            }
        }
        let variant = webhook.name.to_upper_camel_case();
        let variant_ok = self
            .variants
            .claim(&variant, &webhook.name, &webhook.pointer, self.diags);
        let body = webhook.body.as_ref()?;
        let Kind::Ref(target) = &body.schema.kind else {
            if !matches!(body.schema.kind, Kind::Invalid) {
                self.diags.error(
                    &body.schema.pointer,
                    "a webhook payload must be a $ref to an object or oneOf schema of components/schemas",
                );
            }
            return None;
        };
        let payload = self.type_name_of(target);
        let mut description = format!(
            "\n\nThe body of the webhook `{}`: {}",
            webhook.name,
            summary.trim()
        );
        if let Some(page) = &webhook.page {
            description.push_str(&format!("\n\n{}", page.rustdoc()));
        }
        if let Some(text) = &webhook.description {
            description.push_str(&format!("\n\n{}", text.trim()));
        }
        let slot = match ir.types.iter_mut().find(|def| def.name() == payload) {
            Some(TypeDef::Struct(def)) => Some((&mut def.webhook, &mut def.description)),
            Some(TypeDef::Union(def)) => Some((&mut def.webhook, &mut def.description)),
            _ => None,
        };
        let Some((owner, docs)) = slot else {
            if self
                .component(target)
                .is_some_and(|c| !matches!(c.kind, Kind::Invalid))
            {
                self.diags.error(
                    &body.schema.pointer,
                    format!("webhook payload `{target}` is not an object or oneOf schema; a webhook's body is an object schema, or a oneOf of them told apart by a tag"),
                );
            }
            return None;
        };
        if let Some(other) = owner {
            self.diags.error(&body.schema.pointer, format!("`{target}` is already the payload of webhook `{}`; each webhook needs its own schema", other.name));
            return None;
        }
        *owner = Some(WebhookRole {
            name: webhook.name.clone(),
            headers: headers
                .iter()
                .map(|header| (header.field.wire_name.clone(), header.field.required))
                .collect(),
        });
        // The payload's docs say how it arrives, from the webhook's own page.
        *docs = format!("{}{description}", docs.trim());
        let ack = match &webhook.response {
            Some(Response::Documented(media)) => {
                Some((self.ty(&media.schema), media.examples.clone()))
            }
            _ => None,
        };
        if !variant_ok {
            return None;
        }
        Some(Webhook {
            name: webhook.name.clone(),
            summary,
            page: webhook.page.clone(),
            payload,
            variant,
            headers,
            examples: body.examples.clone(),
            ack,
        })
    }
}
