//! What every operation of the document shares, written once: the answers the server can
//! give to any request of its kind, which the handlers' own attributes leave out (each
//! handler names its own `operation_id`, verb and noun in camelCase: `listSpaces`):
//! - every `/api/v1` operation: 503 `database_unavailable` or `query_timeout` with
//!   `Retry-After` (the database away, or a statement past its time limit);
//! - every operation with a request body: 408 `request_timeout` (a body that stalls), 413
//!   `payload_too_large`;
//! - the sign-in operations (`/api/v1/auth/…`): 429 `rate_limited` with `Retry-After`;
//! - every `/api/v1` operation behind the bearer scheme: 401 (no valid bearer token);
//! - every `/api/v1` operation with path or query parameters: 400 (a malformed one),
//!   unless its own 400 already speaks of its parameters.
//!
//! Every error answer (4xx, 5xx) a handler lists by status and description alone carries the
//! `Problem` body as `application/problem+json`: the handlers never repeat it.
//!
//! `/media/{key}` is moved to its own `media` tag.

use utoipa::Modify;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{
    Content, ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder, header::Header,
};

/// The `Problem` body, as `application/problem+json`.
fn problem_content() -> Content {
    ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("Problem")))
        .build()
}

/// Gives each error answer listed without a body the `Problem` one.
fn problem_bodies(op: &mut Operation) {
    for (status, response) in &mut op.responses.responses {
        if let RefOr::T(response) = response
            && (status.starts_with('4') || status.starts_with('5'))
            && response.content.is_empty()
        {
            response.content.insert(
                crate::error::PROBLEM_JSON.to_owned(),
                RefOr::T(problem_content()),
            );
        }
    }
}

fn problem(description: &str, retry_after: bool) -> RefOr<Response> {
    let mut response = ResponseBuilder::new()
        .description(description)
        .content(crate::error::PROBLEM_JSON, problem_content());
    if retry_after {
        let seconds = utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Integer)
            .build();
        response = response.header("Retry-After", Header::new(seconds));
    }
    RefOr::T(response.build())
}

/// Adds `status` unless the operation lists it; when it does, its description gains `also`.
fn add(op: &mut Operation, status: &str, description: &str, retry_after: bool) {
    match op.responses.responses.get_mut(status) {
        None => {
            op.responses
                .responses
                .insert(status.to_owned(), problem(description, retry_after));
        }
        Some(RefOr::T(existing)) if !existing.description.contains(description) => {
            existing.description = format!("{}; or {description}", existing.description);
            if retry_after {
                let seconds = utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::Integer)
                    .build();
                existing
                    .headers
                    .insert("Retry-After".to_owned(), RefOr::T(Header::new(seconds)));
            }
        }
        Some(_) => {}
    }
}

/// Whether the operation needs our bearer token.
fn needs_bearer(op: &Operation) -> bool {
    op.security.iter().flatten().any(|requirement| {
        serde_json::to_value(requirement).is_ok_and(|v| v.get("bearer").is_some())
    })
}

/// The answers every `/api/v1` operation can give, by what it takes.
fn api_conventions(op: &mut Operation) {
    add(
        op,
        "503",
        "the database is away (database_unavailable), a statement ran past its time limit (query_timeout), or requests kept racing for the same rows (database_busy), with Retry-After",
        true,
    );
    if needs_bearer(op) {
        add(op, "401", "No valid bearer token", false);
    }
    let has_parameters = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
    let speaks_of_parameters = match op.responses.responses.get("400") {
        Some(RefOr::T(r)) => r.description.contains("parameter"),
        _ => false,
    };
    if has_parameters && !speaks_of_parameters {
        add(op, "400", "A malformed path or query parameter", false);
    }
}

fn conventions(path: &str, op: &mut Operation) {
    problem_bodies(op);
    if path.starts_with("/api/v1/") {
        api_conventions(op);
    }
    if op.request_body.is_some() {
        add(
            op,
            "408",
            "the request body stalled (request_timeout)",
            false,
        );
        add(
            op,
            "413",
            "the request body is too large (payload_too_large)",
            false,
        );
    }
    if path.starts_with("/api/v1/auth/") {
        add(
            op,
            "429",
            "too many sign-in requests from this address (rate_limited), with Retry-After",
            true,
        );
    }
    if path.starts_with("/media/") {
        op.tags = Some(vec!["media".to_owned()]);
    }
}

/// Applies the conventions to the document.
pub struct Conventions;

impl Modify for Conventions {
    fn modify(&self, openapi: &mut OpenApi) {
        for (path, item) in &mut openapi.paths.paths {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ] {
                let Some(op) = op.as_mut() else { continue };
                conventions(path, op);
            }
        }
    }
}
