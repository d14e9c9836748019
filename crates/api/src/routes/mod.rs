//! Routes, one module per resource, each with its `configure` and its DTOs. Every route is
//! registered through [`Router`], which also records it, so a test can hold the served
//! routes against the OpenAPI document.

pub mod auth;
pub mod catalog;
pub mod health;
pub mod media;
pub mod order_dto;
pub mod orders;
pub mod reviews;
pub mod space_dto;
pub mod spaces;
pub mod users;

use crate::error::ApiError;
use actix_web::http::Method;
use actix_web::{FromRequest, Handler, HttpRequest, Responder, web};

/// Registers routes under a prefix and records each (method, path).
pub struct Router<'a> {
    cfg: &'a mut web::ServiceConfig,
    prefix: &'static str,
    served: Vec<(Method, String)>,
}

macro_rules! method {
    ($($name:ident => $method:ident),*) => {$(
        pub fn $name<F, Args>(&mut self, path: &str, handler: F) -> &mut Self
        where
            F: Handler<Args>,
            Args: FromRequest + 'static,
            F::Output: Responder + 'static,
        {
            self.route(Method::$method, path, handler)
        }
    )*};
}

impl Router<'_> {
    fn route<F, Args>(&mut self, method: Method, path: &str, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        let full = format!("{}{path}", self.prefix);
        self.cfg
            .route(&full, web::method(method.clone()).to(handler));
        self.served.push((method, full));
        self
    }

    method!(get => GET, post => POST, put => PUT, patch => PATCH, delete => DELETE);
}

/// Registers every route and returns them as (method, path template).
fn register(cfg: &mut web::ServiceConfig) -> Vec<(Method, String)> {
    let mut root = Router {
        cfg,
        prefix: "",
        served: Vec::new(),
    };
    health::configure(&mut root);
    media::configure(&mut root);
    let mut api = Router {
        cfg: root.cfg,
        prefix: "/api/v1",
        served: root.served,
    };
    auth::configure(&mut api);
    catalog::configure(&mut api);
    spaces::configure(&mut api);
    orders::configure(&mut api);
    reviews::configure(&mut api);
    users::configure(&mut api);
    api.served
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

/// Whether `path` fits the route template (`{name}` takes one segment, `{name:.+}` the
/// rest).
fn matches(template: &str, path: &str) -> bool {
    let mut parts = path.trim_start_matches('/').split('/');
    for segment in template.trim_start_matches('/').split('/') {
        if segment.starts_with('{') && segment.contains(":.") {
            return parts.next().is_some_and(|p| !p.is_empty());
        }
        match parts.next() {
            Some(part) if segment.starts_with('{') && !part.is_empty() => {}
            Some(part) if part == segment => {}
            _ => return false,
        }
    }
    parts.next().is_none()
}

/// The served routes, for telling an unknown path (404) from a known one asked with
/// another method (405).
pub struct RouteTable(Vec<(Method, String)>);

impl RouteTable {
    #[must_use]
    pub fn new() -> Self {
        Self(served())
    }

    /// The methods `path` is served with.
    #[must_use]
    pub fn methods_of(&self, path: &str) -> Vec<Method> {
        self.0
            .iter()
            .filter(|(_, template)| matches(template, path))
            .map(|(method, _)| method.clone())
            .collect()
    }
}

impl Default for RouteTable {
    fn default() -> Self {
        Self::new()
    }
}

/// The answer for any request no route takes: 405 with `Allow` when the path is served
/// with other methods, 404 otherwise.
///
/// # Errors
/// Always: 405 `method_not_allowed` or 404 `not_found`.
pub async fn not_found(req: HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    let allowed = req
        .app_data::<web::Data<RouteTable>>()
        .map(|t| t.methods_of(req.path()))
        .unwrap_or_default();
    if allowed.is_empty() {
        return Err(ApiError::not_found(format!(
            "no route for {} {}",
            req.method(),
            req.path()
        )));
    }
    let allow: Vec<&str> = allowed.iter().map(Method::as_str).collect();
    Err(ApiError::method_not_allowed(
        format!("{} is not served at {}", req.method(), req.path()),
        allow.join(", "),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_whole_segments() {
        assert!(matches("/api/v1/spaces/{id}", "/api/v1/spaces/7"));
        assert!(!matches("/api/v1/spaces/{id}", "/api/v1/spaces/7/like"));
        assert!(!matches("/api/v1/spaces/{id}", "/api/v1/spaces/"));
        assert!(matches("/media/{key:.+}", "/media/spaces/a.png"));
        assert!(!matches("/media/{key:.+}", "/media/"));
        let table = RouteTable::new();
        let mut methods = table.methods_of("/api/v1/spaces/3/like");
        methods.sort_by_key(|m| m.to_string());
        assert_eq!(methods, [Method::DELETE, Method::PUT]);
        assert!(table.methods_of("/nowhere").is_empty());
    }
}
