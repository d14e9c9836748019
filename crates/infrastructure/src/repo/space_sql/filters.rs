//! Conditions on a space row (`s`) that recommendations share with what search decides:
//! bookable on a date (its calendar row does not hide it at the time asked) and able to
//! take a group.

use super::s;
use ourspace_domain::space::Availability;
use ourspace_domain::space::calendar::HourMask;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};

/// The condition (on the calendar row `sc` of the searched date) under which a row hides
/// its space at `a.now` (see `DayHolds::hides`): with hours, one of them held by a paid
/// order or by a waiting one while the row's waiting holds last; without, nothing left to
/// book.
fn hides(a: &Availability) -> Expr {
    let lasting = || Expr::col(("sc", "waiting_until")).gt(a.now);
    match a.hours {
        Some(hours) => {
            let mask = HourMask::of_range(hours).as_i64();
            let held = |column| Expr::col(("sc", column)).bit_and(mask).ne(0);
            held("confirmed_hours").or(held("waiting_hours").and(lasting()))
        }
        // Written as two ranges of the date index (closed, or open when confirmed and
        // closed while waiting), so only the rows that hide are read.
        None => Expr::col(("sc", "closed_confirmed"))
            .eq(true)
            .or(Expr::col(("sc", "closed_confirmed"))
                .eq(false)
                .and(Expr::col(("sc", "closed_any")).eq(true))
                .and(lasting())),
    }
}

/// The space `s` bookable on the date: open then, and no calendar row of the date that
/// hides it. Most spaces have no row for a date, and each is one primary-key probe.
pub(crate) fn bookable(a: &Availability) -> Expr {
    let row = Query::select()
        .expr(super::constant(1))
        .from_as("space_calendar", "sc")
        .and_where(Expr::col(("sc", "space_id")).equals(("s", "id")))
        .and_where(Expr::col(("sc", "date")).eq(a.date))
        .and_where(hides(a))
        .take();
    s("open_from")
        .is_null()
        .or(s("open_from").lte(a.date))
        .and(s("open_until").is_null().or(s("open_until").gte(a.date)))
        .and(Expr::not_exists(row))
}

/// Spaces (`s`) that take a group of `guests`.
pub(crate) fn takes_guests(select: &mut SelectStatement, guests: u16) {
    select
        .and_where(s("min_guests").lte(i32::from(guests)))
        .and_where(s("max_guests").gte(i32::from(guests)));
}
