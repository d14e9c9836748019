//! The `space_facilities` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "space_facilities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub space_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub facility_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
