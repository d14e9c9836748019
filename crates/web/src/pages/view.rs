//! What the pages show of domain values, formatted in Korean.

use crate::form::Fields;
use ourspace_domain::recommend::Reason;
use ourspace_domain::shared::Paged;
use ourspace_domain::space::{HourlyRate, SpaceSummary};

/// A space in a list.
#[derive(Debug, Clone)]
pub struct Card {
    pub id: i64,
    pub title: String,
    pub subtitle: String,
    /// Category and district.
    pub place: String,
    pub photo: Option<String>,
    /// "12,000원부터".
    pub price: String,
    /// "2–8명".
    pub capacity: String,
    /// "★ 4.5 (12)".
    pub rating: Option<String>,
    pub likes: u32,
    /// "1.2km".
    pub distance: Option<String>,
    /// Why it is recommended.
    pub reasons: Vec<&'static str>,
}

impl From<&SpaceSummary> for Card {
    fn from(s: &SpaceSummary) -> Self {
        Self {
            id: s.id.0,
            title: s.title.clone(),
            subtitle: s.subtitle.clone(),
            place: format!("{} · {}", s.category.name, s.district.name),
            photo: s.images.first().map(|i| i.list_url().to_owned()),
            price: format!("{}부터", won(s.min_price.get())),
            capacity: format!("{}–{}명", s.min_guests, s.max_guests),
            rating: s
                .rating_avg
                .map(|r| format!("★ {r:.1} ({})", s.review_count)),
            likes: s.like_count,
            distance: s.distance_km.map(|d| format!("{d:.1}km")),
            reasons: Vec::new(),
        }
    }
}

/// Links to the pages around one page of a list.
#[derive(Debug, Clone)]
pub struct Pager {
    pub page: u32,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// For `paged`, listed at `path` with the query `fields` (its `page` replaced).
    pub fn of<T>(path: &str, fields: &Fields, paged: &Paged<T>) -> Self {
        let link = |page: u32| {
            let rest = fields.query_without(&["page"]);
            let sep = if rest.is_empty() { "" } else { "&" };
            format!("{path}?{rest}{sep}page={page}")
        };
        let shown = u64::from(paged.page) * u64::from(paged.per_page);
        Self {
            page: paged.page,
            prev: (paged.page > 1).then(|| link(paged.page - 1)),
            next: (shown < paged.total).then(|| link(paged.page + 1)),
        }
    }
}

/// An amount in won with thousands separators: "12,000원".
#[must_use]
pub fn won(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}{grouped}원")
}

/// A recommendation's reason as a guest reads it.
#[must_use]
pub fn reason(reason: Reason) -> &'static str {
    match reason {
        Reason::LikedBySimilarGuests => "비슷한 게스트가 선택",
        Reason::SameCategory => "자주 찾는 유형",
        Reason::SameDistrict => "자주 찾는 지역",
        Reason::NearbyDistrict => "가까운 지역",
        Reason::InYourPriceBand => "예산에 맞음",
        Reason::FitsYourGroup => "인원에 맞음",
        Reason::SimilarPrice => "비슷한 가격",
        Reason::SimilarSize => "비슷한 규모",
        Reason::PopularNow => "요즘 인기",
    }
}

/// An hourly rate: "시간당 10,000원 · 최소 2시간".
#[must_use]
pub fn hourly_text(rate: HourlyRate) -> String {
    format!(
        "시간당 {} · 최소 {}시간",
        won(rate.price.get()),
        rate.min_hours
    )
}

/// A mobile number as people write it: "01012345678" → "010-1234-5678" (others as stored).
#[must_use]
pub fn phone(stored: &str) -> String {
    match stored.len() {
        11 if stored.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}-{}-{}", &stored[..3], &stored[3..7], &stored[7..])
        }
        _ => stored.to_owned(),
    }
}

/// An hour range as "18:00–24:00".
#[must_use]
pub fn hours(start: u8, end: u8) -> String {
    format!("{start:02}:00–{end:02}:00")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_by_thousands() {
        assert_eq!(won(0), "0원");
        assert_eq!(won(999), "999원");
        assert_eq!(won(12_000), "12,000원");
        assert_eq!(won(1_234_567), "1,234,567원");
        assert_eq!(won(-5_000), "-5,000원");
    }

    #[test]
    fn a_mobile_number_is_shown_in_three_groups() {
        assert_eq!(phone("01022223333"), "010-2222-3333");
        assert_eq!(phone("0212345678"), "0212345678");
    }
}
