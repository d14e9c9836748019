//! The catalog: 8 categories, Seoul's 25 districts with their centres, and facilities.
//! Seeding is idempotent: rows that already exist (by code or name) are left alone.

use crate::entity::{categories, districts, facilities};
use ourspace_domain::shared::BoxError;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

pub(crate) const CATEGORIES: [(&str, &str); 8] = [
    ("party_room", "파티룸"),
    ("practice_room", "연습실"),
    ("vocal_room", "보컬연습실"),
    ("study_room", "스터디룸"),
    ("photo_studio", "촬영스튜디오"),
    ("meeting_room", "회의실"),
    ("seminar_room", "세미나실"),
    ("instrument_room", "악기연습실"),
];

pub(crate) const DISTRICTS: [(&str, f64, f64); 25] = [
    ("강남구", 37.5172, 127.0473),
    ("강동구", 37.5301, 127.1238),
    ("강북구", 37.6396, 127.0257),
    ("강서구", 37.5509, 126.8495),
    ("관악구", 37.4784, 126.9516),
    ("광진구", 37.5385, 127.0823),
    ("구로구", 37.4954, 126.8874),
    ("금천구", 37.4569, 126.8955),
    ("노원구", 37.6542, 127.0568),
    ("도봉구", 37.6688, 127.0471),
    ("동대문구", 37.5744, 127.0400),
    ("동작구", 37.5124, 126.9393),
    ("마포구", 37.5663, 126.9019),
    ("서대문구", 37.5791, 126.9368),
    ("서초구", 37.4837, 127.0324),
    ("성동구", 37.5633, 127.0371),
    ("성북구", 37.5894, 127.0167),
    ("송파구", 37.5145, 127.1059),
    ("양천구", 37.5169, 126.8664),
    ("영등포구", 37.5264, 126.8962),
    ("용산구", 37.5324, 126.9900),
    ("은평구", 37.6027, 126.9291),
    ("종로구", 37.5735, 126.9790),
    ("중구", 37.5641, 126.9979),
    ("중랑구", 37.6063, 127.0925),
];

pub(crate) const FACILITIES: [(&str, &str); 12] = [
    ("tv", "TV/프로젝터"),
    ("wifi", "인터넷/WIFI"),
    ("pets", "반려동물 동반가능"),
    ("bed", "침대"),
    ("alcohol", "주류반입 가능"),
    ("parking", "주차"),
    ("kitchen", "취사시설"),
    ("sound", "음향/마이크"),
    ("whiteboard", "화이트보드"),
    ("mirror", "전신거울"),
    ("piano", "피아노"),
    ("air_conditioner", "냉난방기"),
];

/// What a seeding run added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CatalogSeeded {
    pub categories: usize,
    pub districts: usize,
    pub facilities: usize,
}

/// Inserts the catalog entries that are missing.
///
/// # Errors
/// The database failure.
pub async fn seed_catalog(db: &DatabaseConnection) -> Result<CatalogSeeded, BoxError> {
    let mut added = CatalogSeeded::default();
    for (position, (code, name)) in (0i32..).zip(CATEGORIES) {
        let exists = categories::Entity::find()
            .filter(categories::Column::Code.eq(code))
            .one(db)
            .await?
            .is_some();
        if !exists {
            categories::Entity::insert(categories::ActiveModel {
                code: Set(code.into()),
                name: Set(name.into()),
                position: Set(position),
                ..Default::default()
            })
            .exec(db)
            .await?;
            added.categories += 1;
        }
    }
    for (name, latitude, longitude) in DISTRICTS {
        let exists = districts::Entity::find()
            .filter(districts::Column::Name.eq(name))
            .one(db)
            .await?
            .is_some();
        if !exists {
            districts::Entity::insert(districts::ActiveModel {
                name: Set(name.into()),
                latitude: Set(latitude),
                longitude: Set(longitude),
                ..Default::default()
            })
            .exec(db)
            .await?;
            added.districts += 1;
        }
    }
    for (position, (code, name)) in (0i32..).zip(FACILITIES) {
        let exists = facilities::Entity::find()
            .filter(facilities::Column::Code.eq(code))
            .one(db)
            .await?
            .is_some();
        if !exists {
            facilities::Entity::insert(facilities::ActiveModel {
                code: Set(code.into()),
                name: Set(name.into()),
                position: Set(position),
                ..Default::default()
            })
            .exec(db)
            .await?;
            added.facilities += 1;
        }
    }
    Ok(added)
}
