//! The `price_options` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "price_options")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub space_id: i64,
    pub name: String,
    pub start_hour: i16,
    pub end_hour: i16,
    pub price: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
