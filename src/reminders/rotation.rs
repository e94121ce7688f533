//! Which stretch a daily prompt suggests: a different one each day, none again until every
//! stretch that fits the reminder's place was shown, as a pure function of the pool, the place
//! and what was shown before (the caller stores the [`Rotation`] it returns).

use chrono::NaiveDate;

use crate::content::{Library, Position};

/// Where a reminder's channel can stretch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    /// Seated or standing, nothing beyond a chair or a wall: a work channel. New prompts' default.
    #[default]
    Desk,
    /// Floor stretches (a mat), for a channel that does those.
    Floor,
    /// Every stretch; reminders made before places existed.
    Any,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Desk => "desk",
            Place::Floor => "floor",
            Place::Any => "any",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "desk" => Some(Place::Desk),
            "floor" => Some(Place::Floor),
            "any" => Some(Place::Any),
            _ => None,
        }
    }
}

/// The ids of the stretches (not routines) that fit `place`, in id order.
pub fn pool(library: &Library, place: Place) -> Vec<String> {
    library
        .routines()
        .filter(|r| match place {
            Place::Desk => r.tags.fits_desk(),
            Place::Floor => r.tags.position == Position::Floor,
            Place::Any => true,
        })
        .map(|r| r.id.clone())
        .collect()
}

/// The state of one reminder's rotation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rotation {
    /// The local date of the last pick.
    pub date: Option<NaiveDate>,
    /// Shown in the current round, oldest first; the last is the latest pick.
    pub shown: Vec<String>,
}

impl Rotation {
    /// `YYYY-MM-DD:id,id`; empty for a rotation that never picked.
    pub fn to_text(&self) -> String {
        match self.date {
            None => String::new(),
            Some(d) => format!("{d}:{}", self.shown.join(",")),
        }
    }

    /// Reads [`Rotation::to_text`]; anything unreadable starts afresh (a repeat is harmless).
    pub fn from_text(s: &str) -> Self {
        let Some((date, ids)) = s.split_once(':') else {
            return Self::default();
        };
        let Ok(date) = date.parse() else {
            return Self::default();
        };
        Self {
            date: Some(date),
            shown: ids
                .split(',')
                .filter(|i| !i.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// FNV-1a: a fixed, well-spread order that differs between reminders and between rounds.
fn rank(seed: u64, round: u64, id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed ^ round.rotate_left(32);
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The stretch for `today` and the rotation after it; `None` if the pool is empty. The same day
/// again (a retried fire) gets the same stretch and an unchanged rotation. Within a round no
/// stretch repeats; a new round never opens with the stretch that closed the last one (with two
/// or more in the pool). `seed` (the reminder's id) varies the order between reminders.
pub fn pick(
    pool: &[String],
    state: &Rotation,
    today: NaiveDate,
    seed: u64,
) -> Option<(String, Rotation)> {
    if pool.is_empty() {
        return None;
    }
    if state.date == Some(today) {
        if let Some(last) = state.shown.last().filter(|l| pool.contains(l)) {
            return Some((last.clone(), state.clone()));
        }
    }
    let mut shown: Vec<String> = state
        .shown
        .iter()
        .filter(|s| pool.contains(s))
        .cloned()
        .collect();
    let mut left: Vec<&String> = pool.iter().filter(|p| !shown.contains(p)).collect();
    if left.is_empty() {
        let last = shown.last().cloned();
        shown.clear();
        left = pool
            .iter()
            .filter(|p| pool.len() < 2 || Some(*p) != last.as_ref())
            .collect();
    }
    let round = u64::try_from(shown.len()).unwrap_or(0);
    let choice = left
        .into_iter()
        .min_by_key(|id| (rank(seed, round, id), (*id).clone()))?
        .clone();
    shown.push(choice.clone());
    Some((
        choice,
        Rotation {
            date: Some(today),
            shown,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{date, shipped_library};

    /// Thirty days of fires, carrying the rotation from day to day as the store would.
    fn thirty_days(pool: &[String], seed: u64) -> Vec<String> {
        let mut state = Rotation::default();
        let mut picks = Vec::new();
        let mut day = date("2026-12-01");
        for _ in 0..30 {
            let (id, next) = pick(pool, &state, day, seed).unwrap();
            // A retry the same day posts the same stretch and changes nothing.
            assert_eq!(
                pick(pool, &next, day, seed),
                Some((id.clone(), next.clone()))
            );
            state = Rotation::from_text(&next.to_text());
            assert_eq!(state, next, "the stored text reads back the same");
            picks.push(id);
            day = day.succ_opt().unwrap();
        }
        picks
    }

    #[test]
    fn thirty_days_repeat_nothing_before_the_pool_is_exhausted_and_honour_the_place() {
        let library = shipped_library();
        for place in [Place::Desk, Place::Floor, Place::Any] {
            let pool = pool(&library, place);
            assert!(!pool.is_empty(), "{place:?}");
            for seed in [1, 2, 977] {
                let picks = thirty_days(&pool, seed);
                for round in picks.chunks(pool.len()) {
                    let mut unique = round.to_vec();
                    unique.sort();
                    unique.dedup();
                    assert_eq!(
                        unique.len(),
                        round.len(),
                        "{place:?} repeats within a round: {picks:?}"
                    );
                }
                for pair in picks.windows(2) {
                    assert!(
                        pool.len() < 2 || pair[0] != pair[1],
                        "{place:?}: same two days running"
                    );
                }
                for id in &picks {
                    let r = library.get(id).unwrap();
                    match place {
                        Place::Desk => assert!(r.tags.fits_desk(), "{id} at a desk"),
                        Place::Floor => assert_eq!(r.tags.position, Position::Floor, "{id}"),
                        Place::Any => {}
                    }
                }
            }
        }
        let desk = pool(&library, Place::Desk);
        assert!(desk.len() >= 8, "{desk:?}");
        assert!(
            !desk.contains(&"childs-pose".to_owned()),
            "nobody kneels in a work channel"
        );
        let everything = thirty_days(&pool(&library, Place::Any), 5);
        let mut first = everything[..library.len()].to_vec();
        first.sort();
        assert_eq!(first.len(), library.len());
        first.dedup();
        assert_eq!(
            first.len(),
            library.len(),
            "every stretch once in the first round"
        );
    }

    #[test]
    fn a_stretch_removed_from_the_pack_is_dropped_from_the_rotation() {
        let pool: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let state = Rotation {
            date: Some(date("2026-12-01")),
            shown: vec!["gone".into(), "a".into()],
        };
        let (id, next) = pick(&pool, &state, date("2026-12-02"), 1).unwrap();
        assert!(id == "b" || id == "c");
        assert_eq!(next.shown, vec!["a".to_owned(), id]);
        assert_eq!(pick(&[], &state, date("2026-12-02"), 1), None);
        assert_eq!(Rotation::from_text("garbage"), Rotation::default());
    }
}
