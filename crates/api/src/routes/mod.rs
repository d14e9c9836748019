//! Routes, one module per resource, each with its `configure` and its DTOs. Every route is
//! registered through [`Router`] from its handler's `#[utoipa::path]`, so a route's path
//! and methods are written once, and the OpenAPI document lists exactly what is served.

pub mod auth;
pub mod catalog;
pub mod health;
pub mod media;
pub mod order_dto;
pub mod orders;
pub mod recommend;
pub mod reviews;
pub mod space_dto;
pub mod spaces;
pub mod users;

use crate::error::ApiError;
use actix_web::http::Method;
use actix_web::{FromRequest, Handler, HttpRequest, Resource, Responder, Route, web};
use utoipa::__dev::{SchemaReferences, Tags};
use utoipa::openapi::OpenApi;
use utoipa::openapi::path::HttpMethod;

/// What a documented handler's `#[utoipa::path]` wrote: the `__path_<handler>` struct
/// beside it, which knows the handler's path, methods and operation.
pub trait Documented: utoipa::Path + SchemaReferences + for<'t> Tags<'t> {}

impl<P: utoipa::Path + SchemaReferences + for<'t> Tags<'t>> Documented for P {}

/// Records routes, each served at the path and methods of its `#[utoipa::path]` (written
/// there only), and how each adds itself to the OpenAPI document. [`register`] then serves
/// each path as one actix resource holding all its methods, which answers any other method
/// with 405.
#[derive(Default)]
pub struct Router {
    routes: Vec<(Method, String, Route)>,
    documents: Vec<fn(&mut OpenApi)>,
}

impl Router {
    /// Serves `handler` as its documentation `doc` (the `__path_<handler>` value) says.
    pub fn serve<P, F, Args>(&mut self, doc: P, handler: F) -> &mut Self
    where
        P: Documented,
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.serve_as(&P::path(), doc, handler)
    }

    /// Serves `handler` at actix's `pattern` for its documented path: the same path with
    /// a segment's pattern spelled out (`{key:.+}` for OpenAPI's `{key}`).
    pub fn serve_as<P, F, Args>(&mut self, pattern: &str, _doc: P, handler: F) -> &mut Self
    where
        P: Documented,
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        for method in P::methods() {
            let method = actix_method(&method);
            let route = web::method(method.clone()).to(handler.clone());
            self.routes.push((method, pattern.to_owned(), route));
        }
        self.documents.push(document::<P>);
        self
    }
}

/// Adds the operation `P` documents to `doc`, with its tags and the schemas it refers to
/// (the calls `#[derive(OpenApi)]` makes for each of its `paths`).
fn document<P: Documented>(doc: &mut OpenApi) {
    let mut operation = P::operation();
    let tags = <P as Tags<'static>>::tags();
    operation
        .tags
        .get_or_insert_with(Vec::new)
        .extend(tags.into_iter().map(str::to_owned));
    doc.paths
        .add_path_operation(P::path(), P::methods(), operation);
    let mut schemas = Vec::new();
    P::schemas(&mut schemas);
    doc.components
        .get_or_insert_with(Default::default)
        .schemas
        .extend(schemas);
}

fn actix_method(method: &HttpMethod) -> Method {
    match method {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Delete => Method::DELETE,
        HttpMethod::Options => Method::OPTIONS,
        HttpMethod::Head => Method::HEAD,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Trace => Method::TRACE,
    }
}

/// One resource for `path` with its routes; another method is answered 405 with `Allow`.
fn resource(path: &str, routes: Vec<(Method, Route)>) -> Resource {
    let allow: Vec<&str> = routes.iter().map(|(m, _)| m.as_str()).collect();
    let allow = allow.join(", ");
    let refuse = move |req: HttpRequest| {
        let allow = allow.clone();
        async move {
            Err::<actix_web::HttpResponse, _>(ApiError::method_not_allowed(
                format!("{} is not served at {}", req.method(), req.path()),
                allow,
            ))
        }
    };
    let served = web::resource(path).default_service(web::to(refuse));
    routes
        .into_iter()
        .fold(served, |resource, (_, route)| resource.route(route))
}

/// Every route, in the order first named (a literal path before a template it matches).
fn all() -> Router {
    let mut router = Router::default();
    health::configure(&mut router);
    media::configure(&mut router);
    auth::configure(&mut router);
    catalog::configure(&mut router);
    spaces::configure(&mut router);
    orders::configure(&mut router);
    reviews::configure(&mut router);
    users::configure(&mut router);
    recommend::configure(&mut router);
    router
}

/// Registers every route (paths in the order first named) and returns them as (method,
/// path template).
fn register(cfg: &mut web::ServiceConfig) -> Vec<(Method, String)> {
    let mut served = Vec::new();
    let mut by_path: Vec<(String, Vec<(Method, Route)>)> = Vec::new();
    for (method, path, route) in all().routes {
        served.push((method.clone(), path.clone()));
        match by_path.iter_mut().find(|(p, _)| *p == path) {
            Some((_, routes)) => routes.push((method, route)),
            None => by_path.push((path, vec![(method, route)])),
        }
    }
    for (path, routes) in by_path {
        cfg.service(resource(&path, routes));
    }
    served
}

/// Registers every route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    register(cfg);
}

/// Every route the server serves (besides the documentation itself), as (method, path
/// template).
#[must_use]
pub fn served() -> Vec<(Method, String)> {
    let mut served = Vec::new();
    let _ = actix_web::App::new().configure(|cfg| served = register(cfg));
    served
}

/// Adds every served route's operation to `doc`.
pub fn document_all(doc: &mut OpenApi) {
    for add in all().documents {
        add(doc);
    }
}

/// The answer for any request no route takes: 404. (A served path asked with another
/// method is answered 405 by its resource.)
///
/// # Errors
/// Always: 404 `not_found`.
pub async fn not_found(req: HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::not_found(format!(
        "no route for {} {}",
        req.method(),
        req.path()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_served_once_with_all_its_methods() {
        let served = served();
        let like: Vec<_> = served
            .iter()
            .filter(|(_, p)| p == "/api/v1/spaces/{id}/like")
            .map(|(m, _)| m.clone())
            .collect();
        assert_eq!(like, [Method::PUT, Method::DELETE]);
        // `/orders/me` is named before `/orders/{id}`, so it is the one that answers.
        let position = |path: &str| served.iter().position(|(_, p)| p == path).unwrap();
        assert!(position("/api/v1/orders/me") < position("/api/v1/orders/{id}"));
    }
}
