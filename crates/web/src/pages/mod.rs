//! The pages and where they are served.

mod assets;
mod book;
mod bookings;
mod day;
mod home;
mod host_orders;
mod host_photos;
mod host_spaces;
mod search;
mod sign_in;
mod similar;
mod space;
mod space_form;
mod view;

use actix_web::web;

pub use view::won;

/// Every page's route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::home))
        .route("/spaces", web::get().to(search::search))
        .route("/spaces/{id}", web::get().to(space::space))
        .route("/spaces/{id}/like", web::post().to(space::like))
        .route("/spaces/{id}/similar", web::get().to(similar::similar))
        .route("/spaces/{id}/book", web::get().to(book::show))
        .route("/spaces/{id}/book", web::post().to(book::place))
        .route("/me/bookings", web::get().to(bookings::list))
        .route("/me/bookings/{id}", web::get().to(bookings::show))
        .route("/me/bookings/{id}/pay", web::post().to(bookings::pay))
        .route("/me/bookings/{id}/cancel", web::post().to(bookings::cancel))
        .route("/host/spaces", web::get().to(host_spaces::list))
        .route("/host/spaces/new", web::get().to(host_spaces::new))
        .route("/host/spaces/new", web::post().to(host_spaces::register))
        .route("/host/spaces/{id}/edit", web::get().to(host_spaces::edit))
        .route(
            "/host/spaces/{id}/edit",
            web::post().to(host_spaces::update),
        )
        .route("/host/spaces/{id}/photos", web::post().to(host_photos::add))
        .route(
            "/host/spaces/{id}/photos/{image}/delete",
            web::post().to(host_photos::delete),
        )
        .route("/host/requests", web::get().to(host_orders::list))
        .route(
            "/host/requests/{id}/approve",
            web::post().to(host_orders::approve),
        )
        .route(
            "/host/requests/{id}/reject",
            web::post().to(host_orders::reject),
        )
        .route("/sign-in", web::get().to(sign_in::show))
        .route("/sign-in/dev", web::post().to(sign_in::dev))
        .route("/sign-in/done", web::get().to(sign_in::done))
        .route("/sign-in/token", web::post().to(sign_in::token))
        .route("/sign-out", web::post().to(sign_in::sign_out))
        .route("/static/{file}", web::get().to(assets::asset));
}
