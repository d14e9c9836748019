//! The Ourspace schema as SeaORM migrations. Every migration runs on SQLite and on
//! MySQL/MariaDB alike.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_catalog_and_users;
mod m20261126_000002_spaces;
mod m20261126_000003_orders_reviews_likes;
mod m20261126_000004_search_indexes;
mod m20261128_000005_space_calendar;
mod m20261128_000006_popular_within_filters;
mod m20261128_000007_ranked_postings;
mod m20261128_000008_signup_grants;
mod m20261128_000009_sign_out_everywhere;
mod m20261128_000010_guest_waiting_orders;
mod m20261128_000011_sign_in_flows;
mod m20261128_000012_photo_thumbnails;
mod m20261128_000013_covering_sort_indexes;
mod m20261130_000014_space_grid_cells;
mod m20261201_000015_space_pairs;
mod m20261201_000016_space_popularity;
mod m20261202_000017_popular_pool_cover;
mod m20261203_000018_district_price_cover;
mod m20261203_000019_live_spaces;
mod m20261204_000020_space_version;
mod m20261205_000021_taste_version;
mod m20261205_000022_category_pool_cover;
mod m20261205_000023_category_price_cover;
mod m20261207_000024_search_changes;
mod m20261208_000025_search_read_model;
mod support;

/// Applies the migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_catalog_and_users::Migration),
            Box::new(m20261126_000002_spaces::Migration),
            Box::new(m20261126_000003_orders_reviews_likes::Migration),
            Box::new(m20261126_000004_search_indexes::Migration),
            Box::new(m20261128_000005_space_calendar::Migration),
            Box::new(m20261128_000006_popular_within_filters::Migration),
            Box::new(m20261128_000007_ranked_postings::Migration),
            Box::new(m20261128_000008_signup_grants::Migration),
            Box::new(m20261128_000009_sign_out_everywhere::Migration),
            Box::new(m20261128_000010_guest_waiting_orders::Migration),
            Box::new(m20261128_000011_sign_in_flows::Migration),
            Box::new(m20261128_000012_photo_thumbnails::Migration),
            Box::new(m20261128_000013_covering_sort_indexes::Migration),
            Box::new(m20261130_000014_space_grid_cells::Migration),
            Box::new(m20261201_000015_space_pairs::Migration),
            Box::new(m20261201_000016_space_popularity::Migration),
            Box::new(m20261202_000017_popular_pool_cover::Migration),
            Box::new(m20261203_000018_district_price_cover::Migration),
            Box::new(m20261203_000019_live_spaces::Migration),
            Box::new(m20261204_000020_space_version::Migration),
            Box::new(m20261205_000021_taste_version::Migration),
            Box::new(m20261205_000022_category_pool_cover::Migration),
            Box::new(m20261205_000023_category_price_cover::Migration),
            Box::new(m20261207_000024_search_changes::Migration),
            Box::new(m20261208_000025_search_read_model::Migration),
        ]
    }
}
