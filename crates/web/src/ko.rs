//! The domain's messages (the same the API gives) and field names, in Korean: one table, so
//! every form says the same thing the same way.

/// Field and query parameter names and their Korean.
const LABELS: [(&str, &str); 30] = [
    ("q", "검색어"),
    ("category", "공간 유형"),
    ("category_id", "공간 유형"),
    ("district", "지역"),
    ("district_id", "지역"),
    ("guests", "인원"),
    ("facilities", "편의시설"),
    ("facility_ids", "편의시설"),
    ("min_price", "최저 가격"),
    ("max_price", "최고 가격"),
    ("date", "날짜"),
    ("start_hour", "시작 시간"),
    ("end_hour", "종료 시간"),
    ("lat", "위도"),
    ("lng", "경도"),
    ("radius_km", "반경"),
    ("sort", "정렬"),
    ("page", "페이지"),
    ("per_page", "페이지 크기"),
    ("option_id", "패키지"),
    ("booker.name", "예약자 이름"),
    ("booker.phone", "예약자 연락처"),
    ("booker.email", "예약자 이메일"),
    ("title", "공간 이름"),
    ("description", "소개"),
    ("address", "주소"),
    ("images", "사진"),
    ("options", "패키지"),
    ("hourly_rate", "시간당 요금"),
    ("rating", "별점"),
];

/// Korean for a field or query parameter name.
#[must_use]
pub fn label(field: &str) -> &'static str {
    LABELS
        .iter()
        .find(|(name, _)| *name == field)
        .map_or("입력값", |(_, ko)| ko)
}

/// Known messages by a telling part of them, and their Korean (the first that fits wins,
/// so longer parts come first).
const MESSAGES: [(&str, &str); 37] = [
    ("is required with", "함께 입력해야 합니다."),
    ("is required", "필수 항목입니다."),
    ("must not be in the past", "지난 날짜는 선택할 수 없습니다."),
    ("is in the past", "지난 날짜는 선택할 수 없습니다."),
    ("days ahead", "예약 가능한 기간을 넘었습니다."),
    ("characters (U+", "쓸 수 없는 문자가 들어 있습니다."),
    ("characters", "글자 수를 확인해 주세요."),
    ("per_page must be", "페이지 크기는 1–100입니다."),
    ("page must be", "페이지 범위를 벗어났습니다."),
    ("the start hour must be", "시작 시간은 0–47시입니다."),
    ("the end hour must be", "종료 시간은 1–48시입니다."),
    (
        "the end hour must come after",
        "종료 시간은 시작 시간 뒤여야 합니다.",
    ),
    (
        "a range may last at most",
        "최대 24시간까지 예약할 수 있습니다.",
    ),
    ("the latitude", "위도는 -90–90입니다."),
    ("the longitude", "경도는 -180–180입니다."),
    ("must be between", "허용 범위를 벗어났습니다."),
    ("must not be below", "최솟값보다 작을 수 없습니다."),
    ("must not be negative", "0 이상이어야 합니다."),
    ("must be a positive number", "1 이상이어야 합니다."),
    (
        "mobile number",
        "휴대전화 번호를 입력해 주세요. (예: 010-1234-5678)",
    ),
    ("must be an email address", "이메일 주소를 입력해 주세요."),
    (
        "is outside the space's open period",
        "운영 기간이 아닌 날짜입니다.",
    ),
    ("no such package", "이 공간에 없는 패키지입니다."),
    ("no such", "존재하지 않는 항목입니다."),
    (
        "give option_id, or start_hour and end_hour",
        "패키지나 이용 시간을 선택해 주세요.",
    ),
    (
        "booked by package only",
        "이 공간은 패키지로만 예약할 수 있습니다.",
    ),
    (
        "hosts cannot book their own space",
        "내 공간은 예약할 수 없습니다.",
    ),
    ("already taken", "이미 예약된 시간이 포함되어 있습니다."),
    ("does not cover the price", "포인트가 부족합니다."),
    (
        "`distance` needs",
        "거리순 정렬에는 위치(위도·경도)가 필요합니다.",
    ),
    (
        "`relevance` needs",
        "관련도순 정렬에는 검색어가 필요합니다.",
    ),
    ("needs `lat` and `lng`", "위치(위도·경도)가 필요합니다."),
    ("has already ended", "이미 지난 예약입니다."),
    ("not bookable", "예약할 수 없는 시간입니다."),
    ("package names must be unique", "패키지 이름이 겹칩니다."),
    ("images", "사진은 1–20장이어야 합니다."),
    (
        "at least one package or an hourly_rate",
        "패키지나 시간당 요금 중 하나는 있어야 합니다.",
    ),
];

/// Korean for a message of the domain: known ones by a telling part of them (the first
/// that fits, so longer parts come first), others kept as given after a general request to
/// check the value.
#[must_use]
pub fn message(english: &str) -> String {
    MESSAGES
        .iter()
        .find(|(part, _)| english.contains(part))
        .map_or_else(
            || format!("값을 확인해 주세요. ({english})"),
            |(_, ko)| (*ko).to_owned(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_messages_read_in_korean_and_others_keep_the_original() {
        assert_eq!(message("is required"), "필수 항목입니다.");
        assert_eq!(
            message("is required with end_hour"),
            "함께 입력해야 합니다."
        );
        assert_eq!(
            message("something new"),
            "값을 확인해 주세요. (something new)"
        );
        assert_eq!(
            message("must be at most 50 characters"),
            "글자 수를 확인해 주세요."
        );
        assert_eq!(
            message("must be at most 365 days ahead (on or before 2027-12-03)"),
            "예약 가능한 기간을 넘었습니다."
        );
        assert_eq!(
            message("page must be between 1 and 100000"),
            "페이지 범위를 벗어났습니다."
        );
        assert_eq!(
            message("per_page must be between 1 and 100"),
            "페이지 크기는 1–100입니다."
        );
        assert_eq!(label("booker.phone"), "예약자 연락처");
        assert_eq!(label("unknown"), "입력값");
    }
}
