//! The same work as each API request without HTTP: a list's search on the search index
//! (built once in this process), or the repository (or service) call a detail,
//! availability, booking or recommendation makes, through a pool of the same size as the
//! server's.

use crate::fill::Scale;
use crate::matrix::Kind;
use chrono::{Days, Duration, NaiveDate, Utc};
use ourspace_domain::order::{
    BookedTime, BookerContact, NewOrder, OrderRepository, OrderStatus, PlacementLimits,
};
use ourspace_domain::recommend::{Guest, RecommendParams, RecommendationService};
use ourspace_domain::review::ReviewRepository;
use ourspace_domain::shared::{BoxError, HourRange, Page, PriceOptionId, SpaceId, UserId, Won};
use ourspace_domain::space::{SpaceIndex, SpaceQuery, SpaceRepository};
use ourspace_domain::user::UserRepository;
use ourspace_infrastructure::clock::SystemClock;
use ourspace_infrastructure::repo::{
    SeaOrmOrderRepository, SeaOrmRecommendationRepository, SeaOrmReviewRepository,
    SeaOrmSpaceRepository, SeaOrmUserRepository, statements,
};
use ourspace_infrastructure::search::SearchIndex;
use ourspace_infrastructure::search::feed::FeedSettings;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use std::sync::{Arc, OnceLock};

/// Spaces whose bookings collide: a few hundred, so many requests meet a sold hour.
const HOT_SPACES: u64 = 200;
/// Guests that book or ask for recommendations (with tokens issued up front).
pub const GUESTS: u64 = 64;

/// What a booking line picks from a random number: guest, space, date and package.
pub struct Pick {
    pub guest: u64,
    pub space: u64,
    pub date: NaiveDate,
    pub option: u64,
    hours: (i64, i64),
}

/// The booking drawn from `n`.
#[must_use]
pub fn pick(n: u64, scale: Scale, today: NaiveDate) -> Pick {
    let guest = 1 + n % GUESTS;
    let mut space = 1 + (n / GUESTS) % HOT_SPACES;
    if scale.host_of(space) == guest {
        space += 1;
    }
    let night = (n / (GUESTS * HOT_SPACES)) % 2 == 1;
    let date = today + Days::new(1 + (n / (GUESTS * HOT_SPACES * 2)) % 14);
    let option = space * 2 - 1 + u64::from(night);
    let hours = if night { (18, 24) } else { (9, 18) };
    Pick {
        guest,
        space,
        date,
        option,
        hours,
    }
}

/// The guest a recommendations request drawn from `n` is for (1-based).
#[must_use]
pub fn guest_of(n: u64) -> u64 {
    1 + n % GUESTS
}

/// The search index the server keeps, built once in this process: a list line's raw
/// work is its search without HTTP.
static INDEX: tokio::sync::OnceCell<Arc<SearchIndex>> = tokio::sync::OnceCell::const_new();

async fn list(db: &DatabaseConnection, query: &SpaceQuery) -> Result<(), BoxError> {
    let index = INDEX
        .get_or_try_init(|| async {
            let clock = SystemClock::shared_utc();
            SearchIndex::build(
                db.clone(),
                clock,
                FeedSettings::default(),
                Default::default(),
            )
            .await
        })
        .await?;
    index.search(query).await?;
    Ok(())
}

async fn booking(db: &DatabaseConnection, n: u64, scale: Scale) -> Result<(), BoxError> {
    let p = pick(n, scale, Utc::now().date_naive());
    let order = NewOrder {
        space_id: SpaceId(p.space as i64),
        guest_id: UserId(p.guest as i64),
        time: BookedTime {
            date: p.date,
            option_id: Some(PriceOptionId(p.option as i64)),
            hours: HourRange::new(p.hours.0, p.hours.1)?,
        },
        option_name: None,
        guests: 3,
        booker: BookerContact::parse("김벤치", "01012345678", "b@e.nch", None, None)?,
        price: Won::new(30_000)?,
        status: OrderStatus::Pending,
        expires_at: Utc::now() + Duration::minutes(15),
        created_at: Utc::now(),
        limits: PlacementLimits::unlimited(),
    };
    SeaOrmOrderRepository::new(db.clone()).place(&order).await?;
    Ok(())
}

/// One recommender for the whole run, as the server has one: it keeps guests' tastes.
fn recommender(db: &DatabaseConnection) -> &'static RecommendationService {
    static SERVICE: OnceLock<RecommendationService> = OnceLock::new();
    SERVICE.get_or_init(|| {
        RecommendationService::new(
            Arc::new(SeaOrmRecommendationRepository::new(db.clone())),
            SystemClock::shared_utc(),
        )
    })
}

/// A guest's recommendations as the API makes them: the bearer token's read of the guest,
/// then the service.
async fn recommendations(
    db: &DatabaseConnection,
    guest: UserId,
    date: Option<NaiveDate>,
) -> Result<(), BoxError> {
    let users = SeaOrmUserRepository::new(db.clone());
    let user = users.find(guest).await?.ok_or("a filled guest")?;
    recommender(db)
        .for_user(Guest::from(&user), first_page(date))
        .await?;
    Ok(())
}

/// A first page of ten recommendations, free on `date` when given.
fn first_page(date: Option<NaiveDate>) -> RecommendParams {
    RecommendParams {
        date,
        ..RecommendParams::default()
    }
}

/// The work of a space's web page: the space, its day and its first reviews, through the
/// repositories (similar spaces are their own page, as the API's own call).
async fn space_page(db: &DatabaseConnection, space: SpaceId) -> Result<(), BoxError> {
    let spaces = SeaOrmSpaceRepository::new(db.clone());
    let date = Utc::now().date_naive() + Days::new(3);
    spaces.find_day(space, date, Utc::now()).await?;
    let reviews = SeaOrmReviewRepository::new(db.clone());
    reviews.list(space, Page::new(None, Some(10))?).await?;
    Ok(())
}

/// The same work as the API's answer to request `n` of a line of `kind`.
///
/// # Errors
/// What the database or the service answered.
pub async fn raw(
    db: &DatabaseConnection,
    kind: &Kind,
    n: u64,
    scale: Scale,
) -> Result<(), BoxError> {
    let id = 1 + n % scale.spaces as u64;
    match kind {
        Kind::List(query) | Kind::SearchPage(query) => list(db, query).await,
        Kind::SpacePage => space_page(db, SpaceId(id as i64)).await,
        Kind::Detail => {
            for stmt in statements::detail(DbBackend::MySql, id as i64) {
                db.query_all_raw(stmt).await?;
            }
            Ok(())
        }
        Kind::Availability => {
            let spaces = SeaOrmSpaceRepository::new(db.clone());
            let date = Utc::now().date_naive() + Days::new(3);
            spaces
                .find_day(SpaceId(id as i64), date, Utc::now())
                .await?;
            Ok(())
        }
        Kind::Booking => booking(db, n, scale).await,
        Kind::Similar(date) => {
            let space = SpaceId(id as i64);
            recommender(db).similar_to(space, first_page(*date)).await?;
            Ok(())
        }
        Kind::Recommendations(date) => recommendations(db, UserId(guest_of(n) as i64), *date).await,
    }
}
