//! The pages and where they are served.

mod assets;
mod book;
mod bookings;
mod day;
mod home;
mod search;
mod sign_in;
mod space;
mod view;

use actix_web::web;

pub use view::won;

/// Every page's route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home::home))
        .route("/spaces", web::get().to(search::search))
        .route("/spaces/{id}", web::get().to(space::space))
        .route("/spaces/{id}/like", web::post().to(space::like))
        .route("/spaces/{id}/book", web::get().to(book::show))
        .route("/spaces/{id}/book", web::post().to(book::place))
        .route("/me/bookings", web::get().to(bookings::list))
        .route("/me/bookings/{id}", web::get().to(bookings::show))
        .route("/me/bookings/{id}/pay", web::post().to(bookings::pay))
        .route("/me/bookings/{id}/cancel", web::post().to(bookings::cancel))
        .route("/sign-in", web::get().to(sign_in::show))
        .route("/sign-in/dev", web::post().to(sign_in::dev))
        .route("/sign-in/done", web::get().to(sign_in::done))
        .route("/sign-in/token", web::post().to(sign_in::token))
        .route("/sign-out", web::post().to(sign_in::sign_out))
        .route("/static/{file}", web::get().to(assets::asset));
}
