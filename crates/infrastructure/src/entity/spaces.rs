//! The `spaces` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "spaces")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub host_id: i64,
    pub category_id: i64,
    pub district_id: i64,
    pub title: String,
    pub subtitle: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    #[sea_orm(column_type = "Text")]
    pub search_text: String,
    pub address: String,
    pub latitude: f64,
    pub longitude: f64,
    pub min_guests: i32,
    pub max_guests: i32,
    pub booking_mode: String,
    pub open_from: Option<Date>,
    pub open_until: Option<Date>,
    pub hourly_rate: Option<i64>,
    pub min_hours: Option<i32>,
    pub min_price: i64,
    pub like_count: i32,
    pub review_count: i32,
    pub rating_sum: i64,
    pub rating_avg: f64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
