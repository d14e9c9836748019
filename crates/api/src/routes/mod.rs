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

/// The answer for any path no route matches.
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
