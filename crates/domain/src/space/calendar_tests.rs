use super::*;

fn range(start: i64, end: i64) -> HourRange {
    HourRange::new(start, end).unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn a_range_mask_holds_exactly_its_hours() {
    let m = HourMask::of_range(range(22, 26));
    assert_eq!(m.hours().collect::<Vec<_>>(), vec![22, 23, 24, 25]);
    assert_eq!(HourMask::of_range(range(0, 1)).bits(), 1);
    assert_eq!(
        HourMask::of_range(range(24, 48)).bits(),
        ((1 << 24) - 1) << 24
    );
    assert_eq!(HourMask::of_hours([0, 47, 48, 200]).bits(), 1 | 1 << 47);
    assert_eq!(HourMask::from_bits(u64::MAX).bits(), (1 << 48) - 1);
    assert!(!m.contains(21) && m.contains(22) && m.contains(25) && !m.contains(26));
    assert!(!m.contains(48));
}

#[test]
fn masks_meet_only_where_they_share_an_hour() {
    let day = HourMask::of_range(range(9, 18));
    let night = HourMask::of_range(range(18, 24));
    assert!(!day.overlaps(night));
    assert!(day.overlaps(HourMask::of_range(range(17, 18))));
    assert_eq!(day.union(night), HourMask::of_range(range(9, 24)));
    assert_eq!(day.union(night).minus(day), night);
    assert!(HourMask::EMPTY.is_empty() && !night.is_empty());
    assert_eq!(night.as_i64(), i64::try_from(night.bits()).unwrap());
}

#[test]
fn a_package_is_free_only_when_none_of_its_hours_is_held() {
    let day = range(9, 18);
    assert!(Offers::package_free(day, HourMask::of_hours([8, 18])));
    assert!(!Offers::package_free(day, HourMask::of_hours([9])));
    assert!(!Offers::package_free(day, HourMask::of_hours([17])));
}

#[test]
fn an_hourly_block_fits_between_held_hours_and_may_cross_midnight() {
    let offers = Offers::new(vec![], Some(2));
    // Every even hour of the day held: no two free hours in a row …
    let even: Vec<u8> = (0..24).step_by(2).collect();
    assert!(offers.hourly_free(HourMask::of_hours(even.clone())));
    // … only 23:00–01:00 is left, and holding the next midnight closes it.
    assert!(!offers.hourly_free(HourMask::of_hours(even.iter().copied().chain([24]))));
    // A block must start on the day: 23:00 + 2 hours reaches 01:00 of the next day.
    let late = HourMask::of_range(range(0, 23));
    assert!(offers.hourly_free(late));
    assert!(!offers.hourly_free(late.union(HourMask::of_hours([24]))));
    assert!(!Offers::new(vec![], None).hourly_free(HourMask::EMPTY));
    // The longest block, 24 hours, fits from any start hour of an empty day.
    assert!(Offers::new(vec![], Some(24)).hourly_free(HourMask::of_range(range(0, 23))));
}

#[test]
fn a_day_is_bookable_while_one_package_or_block_is_free() {
    let offers = Offers::new(vec![range(9, 18), range(18, 24)], None);
    assert!(offers.bookable(HourMask::of_range(range(9, 18))));
    assert!(!offers.bookable(HourMask::of_hours([9, 18])));
    let overnight = Offers::new(vec![range(22, 32)], None);
    assert!(!overnight.bookable(HourMask::of_hours([31])));
    assert!(overnight.bookable(HourMask::of_hours([32, 21])));
    assert!(!Offers::default().bookable(HourMask::EMPTY));
}

#[test]
fn an_orders_hours_touch_its_date_and_the_days_either_side() {
    let rows = touched_days(date("2099-01-02"), range(22, 26));
    assert_eq!(
        rows,
        vec![
            (date("2099-01-01"), HourMask::of_hours([46, 47])),
            (date("2099-01-02"), HourMask::of_range(range(22, 26))),
            (date("2099-01-03"), HourMask::of_hours([0, 1])),
        ]
    );
    // Within the day: the day before sees them as its hours 24–47, no day after.
    let rows = touched_days(date("2099-01-02"), range(9, 18));
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0],
        (date("2099-01-01"), HourMask::of_range(range(33, 42)))
    );
    // Only the next morning: nothing for the day before.
    let rows = touched_days(date("2099-01-02"), range(24, 30));
    assert_eq!(rows[0].0, date("2099-01-02"));
    assert_eq!(
        rows[1],
        (date("2099-01-03"), HourMask::of_range(range(0, 6)))
    );
    // The calendar's ends: no panic, the missing day left out.
    assert_eq!(touched_days(NaiveDate::MIN, range(0, 24)).len(), 1);
    assert_eq!(touched_days(NaiveDate::MAX, range(6, 30)).len(), 2);
}

#[test]
fn holding_and_releasing_moves_only_the_holders_hours() {
    let mut row = DayHolds::default();
    let until = at("2099-01-01T00:15:00Z");
    row.hold(HourMask::of_range(range(9, 12)), Holder::Waiting { until });
    row.hold(
        HourMask::of_range(range(12, 14)),
        Holder::Waiting {
            until: at("2099-01-01T00:05:00Z"),
        },
    );
    row.hold(HourMask::of_range(range(20, 22)), Holder::Confirmed);
    assert_eq!(row.waiting, HourMask::of_range(range(9, 14)));
    assert_eq!(row.waiting_until, Some(until), "the latest deadline");
    row.release(HourMask::of_range(range(20, 22)), Holder::Confirmed);
    assert!(row.confirmed.is_empty());
    row.release(HourMask::of_range(range(9, 12)), Holder::Waiting { until });
    assert_eq!(row.waiting, HourMask::of_range(range(12, 14)));
    assert!(row.waiting_until.is_some());
    row.release(HourMask::of_range(range(12, 14)), Holder::Waiting { until });
    assert!(row.is_empty() && row.waiting_until.is_none());
}

#[test]
fn waiting_hours_count_only_while_a_waiting_hold_lasts() {
    let mut row = DayHolds::default();
    let until = at("2099-01-01T00:15:00Z");
    row.hold(HourMask::of_range(range(9, 18)), Holder::Waiting { until });
    row.hold(HourMask::of_range(range(18, 24)), Holder::Confirmed);
    let offers = Offers::new(vec![range(9, 18), range(18, 24)], None);
    let before = at("2099-01-01T00:14:59Z");
    assert_eq!(row.held_at(before), HourMask::of_range(range(9, 24)));
    assert_eq!(row.held_at(until), HourMask::of_range(range(18, 24)));
    assert!(row.hides(&offers, None, before));
    assert!(!row.hides(&offers, None, until));
    assert!(row.hides(&offers, Some(range(10, 11)), before));
    assert!(!row.hides(&offers, Some(range(10, 11)), until));
    assert!(row.hides(&offers, Some(range(23, 25)), until));
    assert!(!row.hides(&offers, Some(range(8, 9)), before));
    assert!(row.closed_while_waiting(&offers));
    assert!(!row.closed_when_confirmed(&offers));
}

#[test]
fn only_confirmed_and_waiting_orders_hold_hours() {
    let until = at("2099-01-01T00:15:00Z");
    assert_eq!(
        Holder::of(OrderStatus::Confirmed, None),
        Some(Holder::Confirmed)
    );
    for waiting in [OrderStatus::Requested, OrderStatus::Pending] {
        assert_eq!(
            Holder::of(waiting, Some(until)),
            Some(Holder::Waiting { until })
        );
    }
    for done in [
        OrderStatus::Cancelled,
        OrderStatus::Rejected,
        OrderStatus::Expired,
    ] {
        assert_eq!(Holder::of(done, Some(until)), None);
    }
}

#[test]
fn a_waiting_holder_holds_until_its_deadline_and_a_paid_one_for_good() {
    let until = at("2099-01-01T00:15:00Z");
    let waiting = Holder::Waiting { until };
    assert!(waiting.holds_at(until - chrono::Duration::seconds(1)));
    assert!(!waiting.holds_at(until));
    assert!(Holder::Confirmed.holds_at(until + chrono::Duration::days(3650)));
}

#[test]
fn a_status_change_moves_the_hours_between_holders() {
    use crate::order::StatusChange;
    use crate::shared::OrderId;
    let until = at("2099-01-01T03:00:00Z");
    let change = |from, to, release_slots| StatusChange {
        order_id: OrderId(1),
        from,
        to,
        at: at("2099-01-01T00:00:00Z"),
        expires_at: to.is_waiting().then_some(until),
        release_slots,
        charge: None,
        refund: None,
        refund_policy: None,
    };
    let waiting = Holder::Waiting {
        until: DateTime::<Utc>::MIN_UTC,
    };
    use OrderStatus as S;
    // Approved: still waiting, until the new deadline.
    assert_eq!(
        change(S::Requested, S::Pending, false).holders(),
        (Some(waiting), Some(Holder::Waiting { until }))
    );
    // Paid: from waiting to confirmed.
    assert_eq!(
        change(S::Pending, S::Confirmed, false).holders(),
        (Some(waiting), Some(Holder::Confirmed))
    );
    // Cancelled, rejected or expired: the hours go back.
    assert_eq!(
        change(S::Confirmed, S::Cancelled, true).holders(),
        (Some(Holder::Confirmed), None)
    );
    for to in [S::Rejected, S::Expired, S::Cancelled] {
        assert_eq!(
            change(S::Requested, to, true).holders(),
            (Some(waiting), None)
        );
    }
}

#[test]
fn a_union_keeps_shared_hours_and_a_row_with_holds_is_not_empty() {
    let (a, b) = (HourMask::of_hours([1, 2]), HourMask::of_hours([2, 3]));
    assert_eq!(a.union(b), HourMask::of_hours([1, 2, 3]));
    let mut row = DayHolds::default();
    assert!(row.is_empty());
    row.hold(a, Holder::Confirmed);
    assert!(!row.is_empty());
    let mut waiting = DayHolds::default();
    waiting.hold(
        b,
        Holder::Waiting {
            until: at("2099-01-01T00:00:00Z"),
        },
    );
    assert!(!waiting.is_empty());
}

#[test]
fn a_day_stays_open_while_waiting_holds_leave_a_package() {
    let offers = Offers::new(vec![range(9, 18), range(18, 24)], None);
    let mut row = DayHolds::default();
    row.hold(
        HourMask::of_range(range(9, 18)),
        Holder::Waiting {
            until: at("2099-01-01T00:00:00Z"),
        },
    );
    assert!(!row.closed_while_waiting(&offers));
    row.hold(HourMask::of_range(range(18, 24)), Holder::Confirmed);
    assert!(row.closed_while_waiting(&offers));
    assert!(!row.closed_when_confirmed(&offers));
}

#[test]
fn a_space_and_its_draft_offer_their_packages_and_minimum_block() {
    use crate::shared::{CategoryId, DistrictId, Won};
    use crate::space::fixtures::space_detail;
    use crate::space::{BookingMode, GuestLimits, OpenPeriod, PriceOption, SpaceDraft};
    let space = space_detail(BookingMode::Instant);
    let expected = Offers::new(vec![range(9, 18), range(22, 32)], Some(2));
    assert_eq!(space.offers(), expected);
    let draft = SpaceDraft {
        category_id: CategoryId(1),
        district_id: DistrictId(1),
        title: "합주실".into(),
        subtitle: String::new(),
        description: String::new(),
        address: "서울".into(),
        coordinates: space.coordinates,
        guests: GuestLimits::new(1, 4).unwrap(),
        facility_ids: vec![],
        booking_mode: BookingMode::Instant,
        open_period: OpenPeriod::default(),
        options: vec![PriceOption {
            name: "night".into(),
            hours: range(20, 26),
            price: Won::new(10_000).unwrap(),
        }],
        hourly_rate: None,
    };
    assert_eq!(draft.offers(), Offers::new(vec![range(20, 26)], None));
}

#[test]
fn an_hour_given_twice_is_held_once_and_no_hour_past_47_is_held() {
    assert_eq!(HourMask::of_hours([3, 3]), HourMask::of_hours([3]));
    let all = HourMask::from_bits(u64::MAX);
    assert!(all.contains(47) && !all.contains(48) && !all.contains(63) && !all.contains(255));
}

#[test]
fn a_day_whose_confirmed_hours_leave_nothing_is_closed() {
    let offers = Offers::new(vec![range(9, 18)], None);
    let mut row = DayHolds::default();
    row.hold(HourMask::of_range(range(12, 13)), Holder::Confirmed);
    assert!(row.closed_when_confirmed(&offers));
    assert!(!row.closed_when_confirmed(&Offers::new(vec![range(18, 24)], None)));
}
