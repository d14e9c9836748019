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
use actix_web::{FromRequest, Handler, HttpRequest, Resource, Responder, Route, web};

/// Records routes under a prefix; [`register`] then serves each path as one actix
/// resource holding all its methods, which answers any other method with 405.
pub struct Router {
    prefix: &'static str,
    routes: Vec<(Method, String, Route)>,
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

impl Router {
    fn route<F, Args>(&mut self, method: Method, path: &str, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        let route = web::method(method.clone()).to(handler);
        self.routes
            .push((method, format!("{}{path}", self.prefix), route));
        self
    }

    method!(get => GET, post => POST, put => PUT, patch => PATCH, delete => DELETE);
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

/// Registers every route (paths in the order first named) and returns them as (method,
/// path template).
fn register(cfg: &mut web::ServiceConfig) -> Vec<(Method, String)> {
    let mut root = Router {
        prefix: "",
        routes: Vec::new(),
    };
    health::configure(&mut root);
    media::configure(&mut root);
    let mut api = Router {
        prefix: "/api/v1",
        routes: root.routes,
    };
    auth::configure(&mut api);
    catalog::configure(&mut api);
    spaces::configure(&mut api);
    orders::configure(&mut api);
    reviews::configure(&mut api);
    users::configure(&mut api);
    let mut served = Vec::new();
    let mut by_path: Vec<(String, Vec<(Method, Route)>)> = Vec::new();
    for (method, path, route) in api.routes {
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
