//! Unit tests of a space's input rules.

use super::*;

fn today() -> NaiveDate {
    "2026-11-26".parse().unwrap()
}

fn valid() -> SpaceInput {
    SpaceInput {
        category_id: Some(1),
        district_id: Some(2),
        title: Some(" 강남 파티룸 ".into()),
        address: Some("서울 강남구 테헤란로 1".into()),
        latitude: Some(37.5),
        longitude: Some(127.0),
        min_guests: Some(2),
        max_guests: Some(10),
        facility_ids: vec![3, 1, 3],
        booking_mode: Some("instant".into()),
        options: vec![
            OptionInput {
                name: "day".into(),
                start_hour: 9,
                end_hour: 18,
                price: 50_000,
            },
            OptionInput {
                name: "night".into(),
                start_hour: 22,
                end_hour: 32,
                price: 40_000,
            },
        ],
        hourly_rate: Some(12_000),
        min_hours: Some(2),
        ..SpaceInput::default()
    }
}

fn fields(err: ValidationErrors) -> Vec<String> {
    err.fields().iter().map(|f| f.field.clone()).collect()
}

#[test]
fn a_valid_space_becomes_a_draft_with_trimmed_text_and_unique_facilities() {
    let draft = valid().parse(today()).unwrap();
    assert_eq!(draft.title, "강남 파티룸");
    assert_eq!(draft.facility_ids, vec![FacilityId(1), FacilityId(3)]);
    assert_eq!(draft.min_price(), Won::new(12_000).unwrap());
    assert_eq!(draft.options[1].hours.end(), 32);
}

#[test]
fn every_broken_rule_is_reported_at_once_with_its_field() {
    let input = SpaceInput {
        title: Some("  ".into()),
        latitude: Some(100.0),
        min_guests: Some(5),
        max_guests: Some(3),
        booking_mode: Some("whenever".into()),
        open_from: Some("2026-11-25".parse().unwrap()),
        options: vec![
            OptionInput {
                name: "day".into(),
                start_hour: 9,
                end_hour: 9,
                price: 0,
            },
            OptionInput {
                name: "day".into(),
                start_hour: 0,
                end_hour: 30,
                price: 1,
            },
        ],
        ..valid()
    };
    let got = fields(input.parse(today()).unwrap_err());
    for f in [
        "title",
        "latitude",
        "max_guests",
        "booking_mode",
        "open_from",
        "options[0].end_hour",
        "options[0].price",
        "options[1].name",
        "options[1].end_hour",
    ] {
        assert!(got.contains(&f.to_owned()), "missing {f} in {got:?}");
    }
}

#[test]
fn a_space_needs_a_package_or_an_hourly_rate() {
    let input = SpaceInput {
        options: vec![],
        hourly_rate: None,
        min_hours: None,
        ..valid()
    };
    assert_eq!(fields(input.parse(today()).unwrap_err()), vec!["options"]);
}

#[test]
fn a_space_has_at_most_ten_packages_and_takes_either_booking_mode() {
    let packages = |n: usize| SpaceInput {
        options: (0..n)
            .map(|i| OptionInput {
                name: format!("p{i}"),
                start_hour: 9,
                end_hour: 18,
                price: 10_000,
            })
            .collect(),
        ..valid()
    };
    assert!(packages(MAX_OPTIONS).parse(today()).is_ok());
    for n in [MAX_OPTIONS + 1, MAX_OPTIONS + 2] {
        assert_eq!(
            fields(packages(n).parse(today()).unwrap_err()),
            vec!["options"]
        );
    }
    for mode in ["instant", "approval"] {
        let input = SpaceInput {
            booking_mode: Some(mode.into()),
            ..valid()
        };
        let draft = input.parse(today()).unwrap();
        assert_eq!(draft.booking_mode.as_str(), mode);
    }
}

#[test]
fn a_space_may_open_today_but_not_yesterday() {
    let opening = |d: chrono::NaiveDate| SpaceInput {
        open_from: Some(d),
        ..valid()
    };
    assert!(opening(today()).parse(today()).is_ok());
    let yesterday = today().pred_opt().unwrap();
    assert_eq!(
        fields(opening(yesterday).parse(today()).unwrap_err()),
        vec!["open_from"]
    );
}

#[test]
fn the_open_period_may_not_end_before_it_starts() {
    let input = SpaceInput {
        open_from: Some("2026-12-10".parse().unwrap()),
        open_until: Some("2026-12-09".parse().unwrap()),
        ..valid()
    };
    assert_eq!(
        fields(input.parse(today()).unwrap_err()),
        vec!["open_until"]
    );
}

#[test]
fn missing_required_fields_are_each_reported() {
    let got = fields(SpaceInput::default().parse(today()).unwrap_err());
    for f in [
        "category_id",
        "district_id",
        "title",
        "address",
        "latitude",
        "longitude",
        "min_guests",
        "max_guests",
        "booking_mode",
        "options",
    ] {
        assert!(got.contains(&f.to_owned()), "missing {f} in {got:?}");
    }
}

#[test]
fn min_hours_must_be_between_one_and_twenty_four() {
    let input = SpaceInput {
        min_hours: Some(25),
        ..valid()
    };
    assert_eq!(fields(input.parse(today()).unwrap_err()), vec!["min_hours"]);
}
