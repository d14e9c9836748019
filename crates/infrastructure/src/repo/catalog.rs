//! The catalog, read through the ORM.

use crate::entity::{categories, districts, facilities};
use async_trait::async_trait;
use ourspace_domain::catalog::{CatalogRepository, Category, District, Facility};
use ourspace_domain::shared::{BoxError, CategoryId, Coordinates, DistrictId, FacilityId};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

/// Reads categories, districts and facilities.
#[derive(Clone)]
pub struct SeaOrmCatalogRepository {
    db: DatabaseConnection,
}

impl SeaOrmCatalogRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait]
impl CatalogRepository for SeaOrmCatalogRepository {
    async fn categories(&self) -> Result<Vec<Category>, BoxError> {
        let rows = categories::Entity::find()
            .order_by_asc(categories::Column::Position)
            .order_by_asc(categories::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| Category {
                id: CategoryId(r.id),
                code: r.code,
                name: r.name,
            })
            .collect())
    }

    async fn districts(&self) -> Result<Vec<District>, BoxError> {
        let rows = districts::Entity::find()
            .order_by_asc(districts::Column::Name)
            .all(&self.db)
            .await?;
        rows.into_iter()
            .map(|r| {
                Ok(District {
                    id: DistrictId(r.id),
                    name: r.name,
                    center: Coordinates::new(r.latitude, r.longitude)?,
                })
            })
            .collect()
    }

    async fn facilities(&self) -> Result<Vec<Facility>, BoxError> {
        let rows = facilities::Entity::find()
            .order_by_asc(facilities::Column::Position)
            .order_by_asc(facilities::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| Facility {
                id: FacilityId(r.id),
                code: r.code,
                name: r.name,
            })
            .collect())
    }
}
