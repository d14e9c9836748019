//! Which spaces a date hides, read from their calendar rows: three multi-valued fast
//! fields (paid hours, waiting hours, the row's state), each value led by its day.

use super::schema::{CLOSED_ANY, CLOSED_CONFIRMED, UNTIL_BITS, split_day_value, until_from_bits};
use ourspace_domain::space::Availability;
use ourspace_domain::space::calendar::HourMask;
use ourspace_domain::space::index::DayState;
use tantivy::columnar::Column;
use tantivy::query::Weight;
use tantivy::{BitSet, DocId, DocSet, SegmentReader, TERMINATED};

/// A segment's calendar columns: paid hours, waiting hours, the row's state.
pub(super) type Calendar = [Column<u64>; 3];

/// The calendar row of `day` in `column`, if the space has one.
fn day_payload(calendar: &Calendar, column: usize, doc: DocId, day: u64) -> Option<u64> {
    calendar[column]
        .values_for_doc(doc)
        .map(split_day_value)
        .find(|(d, _)| *d == day)
        .map(|(_, payload)| payload)
}

/// Whether the space's row of the asked date hides it.
fn hides(calendar: &Calendar, doc: DocId, day: u64, a: &Availability) -> bool {
    let Some(state) = day_payload(calendar, 2, doc, day) else {
        return false;
    };
    let mask = |column| HourMask::from_bits(day_payload(calendar, column, doc, day).unwrap_or(0));
    let row = DayState {
        confirmed: mask(0),
        waiting: mask(1),
        waiting_until: until_from_bits(state & UNTIL_BITS),
        closed_confirmed: state & CLOSED_CONFIRMED != 0,
        closed_any: state & CLOSED_ANY != 0,
    };
    row.hides(a.hours, a.now)
}

/// The documents `busy` finds (those with a row on `day`) whose row hides them.
pub(super) fn hidden_in(
    calendar: &Calendar,
    reader: &SegmentReader,
    busy: &dyn Weight,
    day: u64,
    a: &Availability,
) -> tantivy::Result<BitSet> {
    let mut hidden = BitSet::with_max_value(reader.max_doc());
    let mut docs = busy.scorer(reader, 1.0)?;
    let mut doc = docs.doc();
    while doc != TERMINATED {
        if hides(calendar, doc, day, a) {
            hidden.insert(doc);
        }
        doc = docs.advance();
    }
    Ok(hidden)
}
