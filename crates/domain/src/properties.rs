//! Property tests: no input a client can send panics the parsers (search parameters, an
//! order, a booker, text, a redirect target) or the date and hour arithmetic behind them,
//! and what they accept keeps its promises (dates inside the horizon, ranges inside 0–48).

use crate::auth::RedirectAllowList;
use crate::order::booker::BookerContact;
use crate::order::{BookerInput, OrderInput};
use crate::shared::{BookingHorizon, HourRange, TextRule, UserId};
use crate::space::fixtures::space_detail;
use crate::space::{BookingMode, SearchParams};
use chrono::{Days, NaiveDate, NaiveDateTime};
use proptest::prelude::*;

/// Any date chrono can hold, from its first to its last day.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    let (first, last) = (NaiveDate::MIN, NaiveDate::MAX);
    (0..=last.signed_duration_since(first).num_days())
        .prop_map(move |n| first + Days::new(u64::try_from(n).unwrap_or_default()))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(12, 0, 0).unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn search_parameters_never_panic_and_dates_stay_inside_the_horizon(
        q in proptest::option::of(".{0,120}"),
        ids in proptest::collection::vec(any::<i64>(), 0..4),
        guests in proptest::option::of(any::<i64>()),
        prices in (proptest::option::of(any::<i64>()), proptest::option::of(any::<i64>())),
        date in proptest::option::of(any_date()),
        hours in (proptest::option::of(any::<i64>()), proptest::option::of(any::<i64>())),
        place in (proptest::option::of(any::<f64>()), proptest::option::of(any::<f64>()), proptest::option::of(any::<f64>())),
        sort in proptest::option::of("[a-z_]{0,12}"),
        page in (proptest::option::of(any::<u32>()), proptest::option::of(any::<u32>())),
    ) {
        let params = SearchParams {
            q, categories: ids.clone(), districts: ids.clone(), guests, facilities: ids,
            min_price: prices.0, max_price: prices.1, date, start_hour: hours.0, end_hour: hours.1,
            lat: place.0, lng: place.1, radius_km: place.2, sort, page: page.0, per_page: page.1,
        };
        let horizon = BookingHorizon::default();
        if let Ok(query) = params.parse(today(), now().and_utc(), horizon)
            && let Some(a) = query.availability
        {
            prop_assert!(horizon.check(a.date, today()).is_ok());
        }
    }

    #[test]
    fn an_order_of_any_date_and_hours_never_panics(
        date in proptest::option::of(any_date()),
        option_id in proptest::option::of(any::<i64>()),
        hours in (proptest::option::of(any::<i64>()), proptest::option::of(any::<i64>())),
        guests in proptest::option::of(any::<i64>()),
        booker in (".{0,60}", ".{0,20}", ".{0,40}"),
    ) {
        let input = OrderInput {
            space_id: Some(1), date, option_id, start_hour: hours.0, end_hour: hours.1, guests,
            booker: BookerInput { name: booker.0, phone: booker.1, email: booker.2, purpose: None, request: None },
        };
        for mode in [BookingMode::Instant, BookingMode::Approval] {
            if let Ok(quote) = input.quote(&space_detail(mode), UserId(99), now(), BookingHorizon::default()) {
                prop_assert!(BookingHorizon::default().check(quote.time.date, today()).is_ok());
                prop_assert!(quote.time.ends_at() > quote.time.starts_at());
            }
        }
    }

    #[test]
    fn hour_ranges_and_their_slots_never_panic(start in any::<i64>(), end in any::<i64>(), date in any_date()) {
        if let Ok(range) = HourRange::new(start, end) {
            let slots = range.slots(date);
            prop_assert_eq!(slots.len(), usize::from(range.end() - range.start()));
            prop_assert!(slots.iter().all(|s| s.hour < 24));
        }
    }

    #[test]
    fn text_booker_and_redirect_checks_never_panic(raw in "\\PC{0,80}|.{0,80}", bytes in proptest::collection::vec(any::<char>(), 0..60)) {
        let mixed: String = bytes.into_iter().collect();
        for text in [raw.as_str(), mixed.as_str()] {
            if let Ok(clean) = TextRule::lines(0, 500).check(text) {
                let clean_of_controls = !clean.contains('\0') && !clean.contains('\u{202E}');
                prop_assert!(clean_of_controls, "{:?}", clean);
            }
            let _ = BookerContact::parse(text, text, text, Some(text), Some(text));
            let list = RedirectAllowList::parse(&["https://app.example/cb/*".to_owned()]).unwrap_or_default();
            if let Ok(target) = list.check(text) {
                prop_assert!(target.starts_with("https://app.example/cb"));
            }
        }
    }
}
