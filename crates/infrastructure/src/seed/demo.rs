//! Demo data: a host (user 1), a guest with points (user 2) and 40 spaces over every category and many districts, with packages,
//! facilities, an hourly rate on some, and generated photos in the image store.
//! Runs only on a database without spaces.

use crate::entity::{categories, districts, facilities, spaces};
use crate::repo::{SeaOrmSpaceRepository, SeaOrmUserRepository};
use chrono::NaiveDate;
use ourspace_domain::media::{ImageBody, ImageStore, ImageType, UploadedImage, store_photo};
use ourspace_domain::shared::{BoxError, UserId, Won};
use ourspace_domain::space::{IMAGE_FOLDER, NewImage, OptionInput, SpaceInput, SpaceRepository};
use ourspace_domain::user::{Nickname, UserRepository};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait, QueryOrder};

/// The demo host's Kakao id: negative, so it can never clash with a real Kakao account.
pub const DEMO_HOST_KAKAO_ID: i64 = -1;
/// The demo guest's Kakao id (user 2 on a fresh database), for trying bookings.
pub const DEMO_GUEST_KAKAO_ID: i64 = -2;
/// The demo guest's points, given as a sign-up bonus.
const DEMO_GUEST_POINTS: i64 = 500_000;

const DEMO_SPACES: usize = 40;

const ADJECTIVES: [&str; 8] = [
    "아늑한",
    "넓은",
    "햇살 좋은",
    "감성",
    "모던",
    "조용한",
    "루프탑",
    "프라이빗",
];

/// Colours per category, for the generated photos.
const PALETTE: [([u8; 3], [u8; 3]); 8] = [
    ([255, 94, 135], [255, 195, 113]),
    ([64, 93, 230], [88, 196, 220]),
    ([131, 58, 180], [253, 29, 29]),
    ([17, 153, 142], [56, 239, 125]),
    ([40, 40, 40], [200, 200, 200]),
    ([0, 82, 212], [67, 100, 247]),
    ([255, 126, 95], [254, 180, 123]),
    ([142, 45, 226], [74, 0, 224]),
];

fn options_for(category: &str, i: usize) -> (Vec<OptionInput>, Option<i64>, Option<i64>) {
    let opt = |name: &str, start, end, price| OptionInput {
        name: name.into(),
        start_hour: start,
        end_hour: end,
        price,
    };
    let step = i as i64 * 1_000;
    match category {
        "party_room" | "photo_studio" => {
            let mut options = vec![
                opt("day", 9, 18, 90_000 + step),
                opt("night", 18, 24, 70_000 + step),
                opt("all", 9, 24, 140_000 + step),
            ];
            if i.is_multiple_of(2) {
                options.push(opt("overnight", 22, 32, 110_000 + step));
            }
            (options, None, None)
        }
        "seminar_room" | "meeting_room" => (
            vec![
                opt("morning", 9, 13, 40_000 + step),
                opt("afternoon", 13, 18, 50_000 + step),
            ],
            Some(15_000 + step),
            Some(2),
        ),
        _ => (Vec::new(), Some(8_000 + step), Some(1 + (i as i64 % 3))),
    }
}

/// Creates the demo host and spaces, unless the database already has spaces. Returns how
/// many spaces it created.
///
/// # Errors
/// The database or image store failure.
pub async fn seed_demo(
    db: &DatabaseConnection,
    store: &dyn ImageStore,
    today: NaiveDate,
) -> Result<usize, BoxError> {
    if spaces::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let cats = categories::Entity::find()
        .order_by_asc(categories::Column::Position)
        .all(db)
        .await?;
    let dists = districts::Entity::find()
        .order_by_asc(districts::Column::Id)
        .all(db)
        .await?;
    let facs = facilities::Entity::find()
        .order_by_asc(facilities::Column::Position)
        .all(db)
        .await?;
    if cats.is_empty() || dists.is_empty() {
        return Err("seed the catalog before the demo data".into());
    }
    let host = demo_users(db).await?;
    let repo = SeaOrmSpaceRepository::new(db.clone());
    for i in 0..DEMO_SPACES {
        let cat = &cats[i % cats.len()];
        let dist = &dists[(i * 7) % dists.len()];
        let draft = demo_input(i, cat, dist, &facs).parse(today)?;
        let images = demo_photos(store, i).await?;
        repo.create(host, &draft, &images).await?;
    }
    Ok(DEMO_SPACES)
}

/// The demo host and the demo guest (with points to book with); returns the host.
async fn demo_users(db: &DatabaseConnection) -> Result<UserId, BoxError> {
    let users = SeaOrmUserRepository::new(db.clone());
    let nickname = Nickname::parse("오아시스 호스트")?;
    let (host, _) = users
        .create_or_get(DEMO_HOST_KAKAO_ID, &nickname, None, Won::ZERO)
        .await?;
    users
        .create_or_get(
            DEMO_GUEST_KAKAO_ID,
            &Nickname::parse("데모 게스트")?,
            None,
            Won::new(DEMO_GUEST_POINTS)?,
        )
        .await?;
    Ok(host.id)
}

/// The `i`th demo space: its category and district by turns, a name, a place near the
/// district's centre, guests, facilities and packages varied with `i`.
fn demo_input(
    i: usize,
    cat: &categories::Model,
    dist: &districts::Model,
    facs: &[facilities::Model],
) -> SpaceInput {
    let (options, hourly_rate, min_hours) = options_for(&cat.code, i);
    let offset = |k: usize| ((i * k) % 17) as f64 * 0.0008 - 0.006;
    SpaceInput {
        category_id: Some(cat.id),
        district_id: Some(dist.id),
        title: Some(format!(
            "{} {} {} {}호점",
            dist.name,
            ADJECTIVES[i % 8],
            cat.name,
            i / 8 + 1
        )),
        subtitle: format!(
            "{} 도보 {}분, 최대 {}명",
            dist.name,
            3 + i % 9,
            4 + (i % 6) * 4
        ),
        description: format!(
            "{}에 있는 {} {}입니다. 깨끗하게 관리되는 공간에서 편하게 이용하세요.",
            dist.name,
            ADJECTIVES[i % 8],
            cat.name
        ),
        address: Some(format!("서울특별시 {} 데모로 {}", dist.name, 10 + i)),
        latitude: Some(dist.latitude + offset(3)),
        longitude: Some(dist.longitude + offset(5)),
        min_guests: Some(1 + (i % 3) as i64),
        max_guests: Some(4 + (i % 6) as i64 * 4),
        facility_ids: facs
            .iter()
            .skip(i % 4)
            .step_by(2 + i % 3)
            .map(|f| f.id)
            .collect(),
        booking_mode: Some(if i % 3 == 2 { "approval" } else { "instant" }.into()),
        open_from: None,
        open_until: None,
        options,
        hourly_rate,
        min_hours,
    }
}

/// Two gradient photos for the `i`th demo space, stored.
async fn demo_photos(store: &dyn ImageStore, i: usize) -> Result<Vec<NewImage>, BoxError> {
    let (from, to) = PALETTE[i % PALETTE.len()];
    let mut images = Vec::new();
    for variant in 0..2u32 {
        let bands = 2 + variant * 3 + (i as u32 % 4);
        let photo = UploadedImage {
            kind: ImageType::Png,
            full: ImageBody::Bytes(super::png::gradient(480, 320, from, to, bands)),
            thumbnail: ImageBody::Bytes(super::png::gradient(400, 267, from, to, bands)),
        };
        images.push(store_photo(store, IMAGE_FOLDER, photo).await?);
    }
    Ok(images)
}
