//! "Guests who chose this also chose …": which spaces the same guests chose, counted from
//! every guest's choices (bookings that are choices, [`super::is_choice`], and likes).
//! What the storage keeps in `space_pairs`; counted here so the rule is one function, and
//! so the cost grows with the choices, not with a grouped join of every guest's choices
//! with themselves (docs/performance.md).

use super::MIN_CO_CHOSEN;
use crate::shared::{SpaceId, UserId};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// How many of a guest's latest chosen spaces count for pairs: a guest's pairs grow with
/// the square of their choices, so one who books or likes thousands of spaces (a bot, an
/// agency) would otherwise cost the refresh more than all other guests together and say
/// little about any one space.
pub const PAIR_CHOICES_PER_GUEST: usize = 200;

/// A guest chose a space (booked or liked it) at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// Who chose.
    pub guest: UserId,
    /// What they chose.
    pub space: SpaceId,
    /// When (the booking's or the like's creation).
    pub at: DateTime<Utc>,
}

/// Two different spaces and how many guests chose both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoChosen {
    /// One space.
    pub space: SpaceId,
    /// The other.
    pub other: SpaceId,
    /// How many guests chose both (each guest once).
    pub guests: u32,
}

/// Every ordered pair of different spaces chosen by at least [`MIN_CO_CHOSEN`] guests, by
/// `space` then `other`. A guest counts once per pair however often they chose either, and
/// only their latest [`PAIR_CHOICES_PER_GUEST`] spaces count.
#[must_use]
pub fn co_chosen_pairs(mut choices: Vec<Choice>) -> Vec<CoChosen> {
    choices.sort_unstable_by(|a, b| a.guest.cmp(&b.guest).then(b.at.cmp(&a.at)));
    let mut guests: Vec<Vec<SpaceId>> = Vec::new();
    let mut by_space: HashMap<SpaceId, Vec<usize>> = HashMap::new();
    for same_guest in choices.chunk_by(|a, b| a.guest == b.guest) {
        let mut spaces: Vec<SpaceId> = Vec::new();
        for c in same_guest {
            if spaces.len() == PAIR_CHOICES_PER_GUEST {
                break;
            }
            if !spaces.contains(&c.space) {
                spaces.push(c.space);
            }
        }
        for space in &spaces {
            by_space.entry(*space).or_default().push(guests.len());
        }
        guests.push(spaces);
    }
    let mut spaces: Vec<SpaceId> = by_space.keys().copied().collect();
    spaces.sort_unstable();
    let mut pairs = Vec::new();
    let mut counts: HashMap<SpaceId, u32> = HashMap::new();
    for space in spaces {
        counts.clear();
        for &guest in &by_space[&space] {
            for &other in &guests[guest] {
                if other != space {
                    *counts.entry(other).or_default() += 1;
                }
            }
        }
        let start = pairs.len();
        pairs.extend(
            counts
                .iter()
                .filter(|(_, n)| **n >= MIN_CO_CHOSEN)
                .map(|(other, n)| CoChosen {
                    space,
                    other: *other,
                    guests: *n,
                }),
        );
        pairs[start..].sort_unstable_by_key(|p| p.other);
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn choice(guest: i64, space: i64, minute: u32) -> Choice {
        Choice {
            guest: UserId(guest),
            space: SpaceId(space),
            at: Utc.with_ymd_and_hms(2026, 12, 1, 10, minute, 0).unwrap(),
        }
    }

    fn pair(space: i64, other: i64, guests: u32) -> CoChosen {
        CoChosen {
            space: SpaceId(space),
            other: SpaceId(other),
            guests,
        }
    }

    #[test]
    fn pairs_chosen_by_enough_guests_both_ways_each_guest_once() {
        let choices = vec![
            choice(1, 10, 0),
            choice(1, 20, 1),
            choice(1, 10, 2), // booked twice: still one guest
            choice(2, 20, 0),
            choice(2, 10, 1),
            choice(2, 30, 2),
            choice(3, 30, 0), // 30 with 10 only by guest 2: too few
        ];
        assert_eq!(
            co_chosen_pairs(choices),
            vec![pair(10, 20, 2), pair(20, 10, 2)]
        );
    }

    #[test]
    fn a_space_is_never_paired_with_itself_and_nothing_comes_of_no_choices() {
        let alone = vec![choice(1, 10, 0), choice(1, 10, 1), choice(2, 10, 0)];
        assert!(co_chosen_pairs(alone).is_empty());
        assert!(co_chosen_pairs(Vec::new()).is_empty());
    }

    #[test]
    fn only_a_guests_latest_choices_count() {
        let mut choices = Vec::new();
        for guest in [1, 2] {
            // Space 1 chosen first, then PAIR_CHOICES_PER_GUEST others: 1 is one too many.
            choices.push(choice(guest, 1, 0));
            for n in 0..PAIR_CHOICES_PER_GUEST - 1 {
                choices.push(choice(guest, 100 + n as i64, 1));
            }
            choices.push(choice(guest, 500, 59));
        }
        let pairs = co_chosen_pairs(choices);
        assert!(
            pairs
                .iter()
                .all(|p| p.space.get() != 1 && p.other.get() != 1)
        );
        assert!(pairs.contains(&pair(500, 100, 2)));
        assert!(pairs.iter().all(|p| p.guests == 2));
    }
}
