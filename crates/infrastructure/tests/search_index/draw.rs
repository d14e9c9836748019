//! Random spaces and random searches over every parameter.

use chrono::{Days, NaiveDate};
use ourspace_domain::shared::{
    CategoryId, Coordinates, DistrictId, FacilityId, HourRange, Page, Won,
};
use ourspace_domain::space::{Availability, Near, OptionInput, SpaceInput, SpaceQuery, SpaceSort};

/// splitmix64: small, seedable and good enough to pick test steps.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Up to `most` distinct values of `1..=of`.
    fn ids(&mut self, most: u64, of: u64) -> Vec<i64> {
        let mut ids: Vec<i64> = (0..self.below(most + 1))
            .map(|_| 1 + self.below(of) as i64)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

pub const FIRST_DAY: &str = "2026-12-01";
pub const DAYS: u64 = 4;
pub const CATEGORIES: u64 = 8;
pub const DISTRICTS: u64 = 4;
pub const FACILITIES: u64 = 6;

pub fn day(n: u64) -> NaiveDate {
    FIRST_DAY.parse::<NaiveDate>().unwrap() + Days::new(n)
}

const WORDS: [&str; 14] = [
    "강남",
    "파티룸",
    "아늑한",
    "루프탑",
    "스터디",
    "연습실",
    "Studio",
    "홍대",
    "조용한",
    "넓은",
    "1호점",
    "50%",
    "룸",
    "파티",
];

fn words(rng: &mut Rng, most: u64) -> String {
    (0..1 + rng.below(most))
        .map(|_| *rng.pick(&WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A space with random text, catalog ids, size, amenities, place, packages and period.
pub fn space(rng: &mut Rng) -> SpaceInput {
    let shapes = [(9, 18), (18, 24), (9, 24), (22, 32), (0, 6), (13, 17)];
    let mut options = Vec::new();
    for (i, (start, end)) in shapes.iter().enumerate() {
        if rng.one_in(3) {
            options.push(OptionInput {
                name: format!("p{i}"),
                start_hour: *start,
                end_hour: *end,
                price: 10_000 * (1 + rng.below(8) as i64),
            });
        }
    }
    let hourly = options.is_empty() || rng.one_in(2);
    let min_guests = 1 + rng.below(5) as i64;
    SpaceInput {
        category_id: Some(1 + rng.below(CATEGORIES) as i64),
        district_id: Some(1 + rng.below(DISTRICTS) as i64),
        title: Some(words(rng, 3)),
        subtitle: if rng.one_in(2) {
            words(rng, 2)
        } else {
            String::new()
        },
        description: if rng.one_in(2) {
            words(rng, 4)
        } else {
            String::new()
        },
        address: Some(format!("서울 {}", words(rng, 1))),
        latitude: Some(37.45 + rng.below(2_000) as f64 / 10_000.0),
        longitude: Some(126.85 + rng.below(3_000) as f64 / 10_000.0),
        min_guests: Some(min_guests),
        max_guests: Some(min_guests + rng.below(30) as i64),
        facility_ids: rng.ids(3, FACILITIES),
        booking_mode: Some("instant".into()),
        open_from: rng.one_in(5).then(|| day(1 + rng.below(2))),
        open_until: rng.one_in(5).then(|| day(3 + rng.below(2))),
        options,
        hourly_rate: hourly.then(|| 5_000 * (1 + rng.below(6) as i64)),
        min_hours: hourly.then(|| 1 + rng.below(4) as i64),
    }
}

fn keyword(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => words(rng, 2),
        1 => {
            let word: Vec<char> = rng.pick(&WORDS).chars().collect();
            let from = rng.below(word.len() as u64) as usize;
            let to = from + 1 + rng.below((word.len() - from) as u64) as usize;
            word[from..to].iter().collect()
        }
        2 => format!(
            "{} {}",
            rng.pick(&WORDS).to_uppercase(),
            rng.pick(&["서울", "없는말"])
        ),
        3 => rng
            .pick(&["마포구", "강남구", "서초구", "파티룸", "합주실"])
            .to_string(),
        _ => rng.pick(&WORDS).to_string(),
    }
}

/// Hours a booking holds or a search asks for: mostly in the day, some past midnight.
pub fn hours(rng: &mut Rng) -> HourRange {
    let start = 6 + rng.below(30) as i64;
    HourRange::new(start, (start + 1 + rng.below(10) as i64).min(48)).unwrap()
}

fn sort(rng: &mut Rng, has_keyword: bool, has_center: bool) -> SpaceSort {
    if has_keyword && rng.one_in(2) {
        return SpaceSort::Relevance;
    }
    let mut sorts = vec![
        SpaceSort::Popular,
        SpaceSort::PriceAsc,
        SpaceSort::PriceDesc,
        SpaceSort::Rating,
        SpaceSort::Newest,
    ];
    if has_keyword {
        sorts.push(SpaceSort::Relevance);
    }
    if has_center {
        sorts.push(SpaceSort::Distance);
    }
    *rng.pick(&sorts)
}

/// A search over every parameter, each present at random.
pub fn query(rng: &mut Rng, now: chrono::DateTime<chrono::Utc>) -> SpaceQuery {
    // On a multiple of 5,000 won (where prices lie), or just past one.
    let won = |rng: &mut Rng| {
        let past = [0, 0, 1, 999][rng.below(4) as usize];
        Won::new(5_000 * rng.below(20) as i64 + past).unwrap()
    };
    let keyword = rng.one_in(2).then(|| keyword(rng));
    let near = rng.one_in(3).then(|| Near {
        center: Coordinates::new(
            37.45 + rng.below(2_000) as f64 / 10_000.0,
            126.85 + rng.below(3_000) as f64 / 10_000.0,
        )
        .unwrap(),
        radius_km: rng.one_in(2).then(|| 0.5 + rng.below(100) as f64 / 10.0),
    });
    let ids = |rng: &mut Rng, most, of| {
        if rng.one_in(3) {
            rng.ids(most, of)
        } else {
            Vec::new()
        }
    };
    SpaceQuery {
        page: Page::new(
            Some(1 + rng.below(3) as u32),
            Some(1 + rng.below(12) as u32),
        )
        .unwrap(),
        categories: ids(rng, 3, CATEGORIES)
            .into_iter()
            .map(CategoryId)
            .collect(),
        districts: ids(rng, 2, DISTRICTS).into_iter().map(DistrictId).collect(),
        host: None,
        liked_by: None,
        guests: rng.one_in(4).then(|| 1 + rng.below(30) as u16),
        facilities: ids(rng, 2, FACILITIES)
            .into_iter()
            .map(FacilityId)
            .collect(),
        min_price: rng.one_in(5).then(|| won(rng)),
        max_price: rng.one_in(5).then(|| won(rng)),
        availability: rng.one_in(2).then(|| Availability {
            date: day(rng.below(DAYS + 1)),
            hours: rng.one_in(2).then(|| hours(rng)),
            now,
        }),
        sort: sort(rng, keyword.is_some(), near.is_some()),
        keyword,
        near,
    }
}
