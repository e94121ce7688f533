//! The timeline of a live session as a pure function of (routine, options, start, adjustments).
//!
//! A [`SessionPlan`] lists every event of a session (steps, holds, breathing cues, rests, the
//! finish) as whole-second offsets from its start. A [`Timeline`] is that plan, the planned start,
//! and the people's [`Adjustment`]s (pause, resume, skip, start now, stop) in the order they
//! happened. Every due time is recomputed from these by replaying the adjustments, so:
//!
//! - a slow send never shifts later steps: nothing here depends on when a post actually went out;
//! - a restart needs only this value: after a clean shutdown the runner adds a pause at the
//!   shutdown instant and a resume after the restart (everything later shifts by the downtime);
//!   after a crash nothing is added, the original deadlines hold, and [`Timeline::next_due`]
//!   collapses what was missed into one catch-up.
//!
//! No clock is read here: every function takes `now`.

use std::ops::Range;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::content::Routine;

/// What happens at one point of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// A timed step of the routine other than the hold; `step` indexes `Routine::steps`.
    Step { step: usize },
    /// The held step, lasting the session's hold time.
    Hold { step: usize },
    /// The breathing cue halfway through a long hold. Not a step: skipping jumps past it.
    Breathing { step: usize },
    /// Rest between two sets.
    Rest,
    /// The exit cue and the summary; the session ends here.
    Finish,
}

/// One event of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedEvent {
    /// Seconds from the session's start.
    pub offset_secs: u32,
    /// The set this event belongs to, from 1 (a rest belongs to the set it follows).
    pub set: u32,
    pub kind: EventKind,
}

impl PlannedEvent {
    /// Whether this event starts a step that a skip can jump to (everything but breathing cues).
    pub fn is_step(&self) -> bool {
        !matches!(self.kind, EventKind::Breathing { .. })
    }
}

/// Every event of a session, in order, with offsets from its start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionPlan {
    pub sets: u32,
    pub hold_secs: u32,
    /// Steps of the routine, for "step 2 of 4" (kept so that a later edit of the routine file
    /// cannot change the meaning of a stored plan).
    pub steps_per_set: usize,
    pub events: Vec<PlannedEvent>,
}

impl SessionPlan {
    /// Plans `sets` sets of `routine` with each held step held for `hold_secs` (or the time a
    /// routine file fixed for it, [`crate::content::Step::held_secs`]). A hold of at least
    /// `breathing_cue_min_hold_secs` gets a breathing cue at its (rounded-down) half. The caller
    /// has validated `sets` and `hold_secs` against the routine; a `sets` of 0 plans one set.
    pub fn new(
        routine: &Routine,
        sets: u32,
        hold_secs: u32,
        breathing_cue_min_hold_secs: u32,
    ) -> Self {
        let sets = sets.max(1);
        let mut events = Vec::new();
        let mut at = 0u32;
        for set in 1..=sets {
            for (step, s) in routine.steps.iter().enumerate() {
                if s.hold {
                    // A routine file fixes each hold of its stretches; a stretch takes the
                    // session's.
                    let hold_secs = s.held_secs.unwrap_or(hold_secs);
                    events.push(PlannedEvent {
                        offset_secs: at,
                        set,
                        kind: EventKind::Hold { step },
                    });
                    let half = hold_secs / 2;
                    if hold_secs >= breathing_cue_min_hold_secs && half > 0 {
                        events.push(PlannedEvent {
                            offset_secs: at + half,
                            set,
                            kind: EventKind::Breathing { step },
                        });
                    }
                    at += hold_secs;
                } else {
                    events.push(PlannedEvent {
                        offset_secs: at,
                        set,
                        kind: EventKind::Step { step },
                    });
                    at += s.secs;
                }
            }
            // A zero-second rest would be a message immediately followed by the next set.
            if set < sets && routine.sets.rest_secs > 0 {
                events.push(PlannedEvent {
                    offset_secs: at,
                    set,
                    kind: EventKind::Rest,
                });
                at += routine.sets.rest_secs;
            }
        }
        events.push(PlannedEvent {
            offset_secs: at,
            set: sets,
            kind: EventKind::Finish,
        });
        Self {
            sets,
            hold_secs,
            steps_per_set: routine.steps.len(),
            events,
        }
    }

    pub fn events(&self) -> &[PlannedEvent] {
        &self.events
    }

    /// Seconds the step starting at event `index` lasts: up to the next step (or the finish).
    pub fn step_secs(&self, index: usize) -> u32 {
        let Some(event) = self.events.get(index) else {
            return 0;
        };
        self.events[index + 1..]
            .iter()
            .find(|e| e.is_step())
            .map_or(0, |next| next.offset_secs.saturating_sub(event.offset_secs))
    }

    /// Index of the finish, always the last event.
    pub fn finish_index(&self) -> usize {
        self.events.len().saturating_sub(1)
    }

    /// Planned length of the session, start to finish.
    pub fn total_secs(&self) -> u32 {
        self.events.last().map_or(0, |e| e.offset_secs)
    }

    /// Index of the first event of the last set: once it is due, nobody can join any more.
    pub fn last_set_start(&self) -> usize {
        self.events
            .iter()
            .position(|e| e.set == self.sets && e.is_step())
            .unwrap_or(0)
    }
}

/// Something a person (or a restart) did to the timeline, at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "at", rename_all = "snake_case")]
pub enum Adjustment {
    /// Everything not yet due waits until the matching resume.
    Pause(DateTime<Utc>),
    /// Everything that waited shifts by the length of the pause.
    Resume(DateTime<Utc>),
    /// The next step starts now; later events move earlier by what was left of the current step.
    Skip(DateTime<Utc>),
    /// The first step starts now instead of at the end of the lobby.
    StartNow(DateTime<Utc>),
    /// The finish is due now; every other event not yet due is dropped.
    Stop(DateTime<Utc>),
}

impl Adjustment {
    /// Whether it counts toward [`Timeline::apply_bounded`]'s bound: pause, skip and start now.
    pub fn is_bounded(&self) -> bool {
        matches!(
            self,
            Adjustment::Pause(_) | Adjustment::Skip(_) | Adjustment::StartNow(_)
        )
    }

    pub fn at(&self) -> DateTime<Utc> {
        match *self {
            Adjustment::Pause(at)
            | Adjustment::Resume(at)
            | Adjustment::Skip(at)
            | Adjustment::StartNow(at)
            | Adjustment::Stop(at) => at,
        }
    }
}

/// Why an adjustment does not apply. The session module turns these into sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum AdjustError {
    #[error("the session has not started yet")]
    NotStarted,
    #[error("the session has already started")]
    AlreadyStarted,
    #[error("the session is already paused")]
    AlreadyPaused,
    #[error("the session is paused")]
    Paused,
    #[error("the session is not paused")]
    NotPaused,
    #[error("the session is over")]
    Finished,
    #[error("there is no later step to skip to")]
    NothingToSkip,
    #[error("the adjustment is earlier than the previous one")]
    OutOfOrder,
    #[error("the session has had as many adjustments as it may")]
    TooManyAdjustments,
}

/// Where a session stands at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Before the first step; `starts_at` is `None` while paused.
    Lobby { starts_at: Option<DateTime<Utc>> },
    /// `event` is the latest event due, `step` the step it belongs to (they differ during the
    /// second half of a hold, after its breathing cue).
    Running {
        event: usize,
        step: usize,
        paused: bool,
    },
    /// The finish is due.
    Finished,
}

/// What the runner should do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextAction {
    /// Nothing is due before this instant.
    Wait(DateTime<Utc>),
    /// Post this event now (on time, or late by at most the stale threshold).
    Post(usize),
    /// Events were missed by more than the stale threshold: post ONE message for `current` (the
    /// event in progress now) saying time was lost; `skipped` are never posted.
    CatchUp {
        skipped: Range<usize>,
        current: usize,
    },
    /// Paused: nothing is due until a resume.
    Paused,
    /// The finish has been posted.
    Finished,
}

/// A plan, its start, and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub plan: SessionPlan,
    /// Planned start of the first step (the end of the lobby).
    pub start: DateTime<Utc>,
    /// In the order they happened (non-decreasing instants).
    pub adjustments: Vec<Adjustment>,
}

/// The state of one event after replaying the adjustments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Due at this instant.
    At(DateTime<Utc>),
    /// Was due at this instant when a pause began; moves by the pause's length on resume.
    OnHold(DateTime<Utc>),
    /// Skipped over or dropped by a stop: never due.
    Cancelled,
}

struct Replay {
    slots: Vec<Slot>,
    paused_since: Option<DateTime<Utc>>,
    stopped: bool,
}

impl Replay {
    fn due(&self, i: usize) -> Option<DateTime<Utc>> {
        match self.slots.get(i) {
            Some(Slot::At(t)) => Some(*t),
            _ => None,
        }
    }

    /// The latest event due at `at`, optionally steps only.
    fn latest_due(&self, at: DateTime<Utc>, plan: &SessionPlan, steps_only: bool) -> Option<usize> {
        (0..self.slots.len()).rev().find(|&i| {
            matches!(self.slots[i], Slot::At(t) if t <= at)
                && (!steps_only || plan.events[i].is_step())
        })
    }

    /// The first step after `after` that has not been cancelled.
    fn next_step(&self, after: usize, plan: &SessionPlan) -> Option<usize> {
        (after + 1..self.slots.len())
            .find(|&i| plan.events[i].is_step() && self.slots[i] != Slot::Cancelled)
    }

    fn shift_from(&mut self, from: usize, by: Duration) {
        for slot in &mut self.slots[from..] {
            if let Slot::At(t) = slot {
                *t += by;
            }
        }
    }

    fn finished_at(&self, at: DateTime<Utc>) -> bool {
        let last = self.slots.len().saturating_sub(1);
        matches!(self.slots.get(last), Some(Slot::At(t)) if *t <= at)
    }

    fn started_at(&self, at: DateTime<Utc>) -> bool {
        matches!(self.slots.first(), Some(Slot::At(t)) if *t <= at)
    }
}

impl Timeline {
    pub fn new(plan: SessionPlan, start: DateTime<Utc>) -> Self {
        Self {
            plan,
            start,
            adjustments: Vec::new(),
        }
    }

    fn replay(&self) -> Replay {
        let mut r = Replay {
            slots: self
                .plan
                .events
                .iter()
                .map(|e| Slot::At(self.start + Duration::seconds(i64::from(e.offset_secs))))
                .collect(),
            paused_since: None,
            stopped: false,
        };
        for adj in &self.adjustments {
            replay_one(&mut r, &self.plan, *adj);
        }
        r
    }

    /// Records `adj` if it makes sense at its instant; the timeline is unchanged otherwise.
    pub fn apply(&mut self, adj: Adjustment) -> Result<(), AdjustError> {
        self.apply_within(adj, None)
    }

    /// As [`Timeline::apply`], and refuses a pause, skip or start-now once `max` of those are
    /// recorded ([`AdjustError::TooManyAdjustments`]; checked after every other reason, so the
    /// more precise one wins). Resume and stop are never refused for it: a bound on adjustments
    /// never leaves a session stuck paused or unstoppable.
    pub fn apply_bounded(&mut self, adj: Adjustment, max: u32) -> Result<(), AdjustError> {
        self.apply_within(adj, Some(max))
    }

    fn apply_within(&mut self, adj: Adjustment, max: Option<u32>) -> Result<(), AdjustError> {
        let at = adj.at();
        if self.adjustments.last().is_some_and(|last| at < last.at()) {
            return Err(AdjustError::OutOfOrder);
        }
        let r = self.replay();
        if r.stopped || r.finished_at(at) {
            return Err(AdjustError::Finished);
        }
        match adj {
            Adjustment::Pause(_) if r.paused_since.is_some() => {
                return Err(AdjustError::AlreadyPaused)
            }
            Adjustment::Resume(_) if r.paused_since.is_none() => {
                return Err(AdjustError::NotPaused)
            }
            Adjustment::Skip(_) | Adjustment::StartNow(_) if r.paused_since.is_some() => {
                return Err(AdjustError::Paused)
            }
            Adjustment::Skip(_) => {
                let current = r
                    .latest_due(at, &self.plan, true)
                    .ok_or(AdjustError::NotStarted)?;
                if r.next_step(current, &self.plan).is_none() {
                    return Err(AdjustError::NothingToSkip);
                }
            }
            Adjustment::StartNow(_) if r.started_at(at) => return Err(AdjustError::AlreadyStarted),
            _ => {}
        }
        if let Some(max) = max {
            let used = self.adjustments.iter().filter(|a| a.is_bounded()).count();
            if adj.is_bounded() && used >= usize::try_from(max).unwrap_or(usize::MAX) {
                return Err(AdjustError::TooManyAdjustments);
            }
        }
        self.adjustments.push(adj);
        Ok(())
    }

    /// When event `index` is due; `None` if it was skipped or dropped, or waits on a pause.
    pub fn due_at(&self, index: usize) -> Option<DateTime<Utc>> {
        self.replay().due(index)
    }

    /// When the step in progress at event `index` ends: the due time of the next step.
    /// `None` for the finish, or while paused.
    pub fn step_end(&self, index: usize) -> Option<DateTime<Utc>> {
        let r = self.replay();
        r.next_step(index, &self.plan).and_then(|n| r.due(n))
    }

    /// Whether event `index` is due at `now` (a skipped, dropped or paused event is not).
    pub fn has_begun(&self, index: usize, now: DateTime<Utc>) -> bool {
        self.due_at(index).is_some_and(|t| t <= now)
    }

    pub fn is_paused(&self) -> bool {
        self.replay().paused_since.is_some()
    }

    pub fn paused_since(&self) -> Option<DateTime<Utc>> {
        self.replay().paused_since
    }

    pub fn is_stopped(&self) -> bool {
        self.replay().stopped
    }

    pub fn position(&self, now: DateTime<Utc>) -> Position {
        let r = self.replay();
        let Some(event) = r.latest_due(now, &self.plan, false) else {
            return Position::Lobby {
                starts_at: r.due(0),
            };
        };
        if event == self.plan.finish_index() {
            return Position::Finished;
        }
        let step = r.latest_due(now, &self.plan, true).unwrap_or(event);
        Position::Running {
            event,
            step,
            paused: r.paused_since.is_some(),
        }
    }

    /// What to do at `now` when every event up to `after` (None: none yet) has been posted.
    /// An event due more than `stale` ago is not posted on its own any more: it and everything
    /// else missed collapse into one [`NextAction::CatchUp`] for the event in progress.
    pub fn next_due(
        &self,
        after: Option<usize>,
        now: DateTime<Utc>,
        stale: Duration,
    ) -> NextAction {
        let r = self.replay();
        let from = after.map_or(0, |i| i + 1);
        let Some(next) = (from..r.slots.len()).find(|&i| r.slots[i] != Slot::Cancelled) else {
            return NextAction::Finished;
        };
        match r.slots[next] {
            Slot::OnHold(_) => NextAction::Paused,
            Slot::At(t) if t > now => NextAction::Wait(t),
            Slot::At(t) if now - t <= stale => NextAction::Post(next),
            _ => {
                // Due times of events not cancelled never decrease with the index, so the
                // event in progress is the latest one due.
                let current = r
                    .latest_due(now, &self.plan, false)
                    .unwrap_or(next)
                    .max(next);
                NextAction::CatchUp {
                    skipped: next..current,
                    current,
                }
            }
        }
    }
}

fn replay_one(r: &mut Replay, plan: &SessionPlan, adj: Adjustment) {
    if r.stopped {
        return;
    }
    match adj {
        Adjustment::Pause(at) => {
            if r.paused_since.is_none() {
                for slot in &mut r.slots {
                    if let Slot::At(t) = *slot {
                        if t > at {
                            *slot = Slot::OnHold(t);
                        }
                    }
                }
                r.paused_since = Some(at);
            }
        }
        Adjustment::Resume(at) => {
            if let Some(since) = r.paused_since.take() {
                let length = (at - since).max(Duration::zero());
                for slot in &mut r.slots {
                    if let Slot::OnHold(t) = *slot {
                        *slot = Slot::At(t + length);
                    }
                }
            }
        }
        Adjustment::StartNow(at) => {
            if r.paused_since.is_some() {
                return;
            }
            if let Some(first) = r.due(0).filter(|t| *t > at) {
                r.shift_from(0, at - first);
            }
        }
        Adjustment::Skip(at) => {
            if r.paused_since.is_some() {
                return;
            }
            let Some(current) = r.latest_due(at, plan, true) else {
                return;
            };
            let Some(next) = r.next_step(current, plan) else {
                return;
            };
            let Some(next_at) = r.due(next).filter(|t| *t > at) else {
                return;
            };
            // Cues inside the skipped step that are not due yet (a hold's breathing cue) go.
            for slot in &mut r.slots[current + 1..next] {
                if matches!(*slot, Slot::At(t) if t > at) {
                    *slot = Slot::Cancelled;
                }
            }
            r.shift_from(next, at - next_at);
        }
        Adjustment::Stop(at) => {
            let finish = plan.finish_index();
            for slot in &mut r.slots[..finish] {
                match *slot {
                    Slot::At(t) if t <= at => {}
                    _ => *slot = Slot::Cancelled,
                }
            }
            if !matches!(r.slots[finish], Slot::At(t) if t <= at) {
                r.slots[finish] = Slot::At(at);
            }
            r.paused_since = None;
            r.stopped = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::fixture_routine;
    use Adjustment::{Pause, Resume, Skip, StartNow, Stop};

    const STALE: Duration = Duration::seconds(5);

    fn t0() -> DateTime<Utc> {
        "2026-11-24T10:00:00Z".parse().unwrap()
    }

    fn at(secs: i64) -> DateTime<Utc> {
        t0() + Duration::seconds(secs)
    }

    /// Fixture: steps 15/15/15 then the hold; rest 20; breathing cue from 45 s holds.
    fn timeline(sets: u32, hold: u32) -> Timeline {
        let routine = fixture_routine();
        Timeline::new(SessionPlan::new(&routine, sets, hold, 45), t0())
    }

    /// Due offsets in seconds from t0, `None` for events never due.
    fn offsets(tl: &Timeline) -> Vec<Option<i64>> {
        (0..tl.plan.events.len())
            .map(|i| tl.due_at(i).map(|t| (t - t0()).num_seconds()))
            .collect()
    }

    /// What the runner does after posting `last`, woken `secs` after t0.
    fn next(tl: &Timeline, last: Option<usize>, secs: i64) -> NextAction {
        tl.next_due(last, at(secs), STALE)
    }

    fn catch_up(skipped: Range<usize>, current: usize) -> NextAction {
        NextAction::CatchUp { skipped, current }
    }

    fn all(v: &[i64]) -> Vec<Option<i64>> {
        v.iter().map(|&x| Some(x)).collect()
    }

    #[test]
    fn one_set_plan_has_exact_offsets() {
        let tl = timeline(1, 60);
        let kinds: Vec<EventKind> = tl.plan.events.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            vec![
                EventKind::Step { step: 0 },
                EventKind::Step { step: 1 },
                EventKind::Step { step: 2 },
                EventKind::Hold { step: 3 },
                EventKind::Breathing { step: 3 },
                EventKind::Finish,
            ]
        );
        assert_eq!(offsets(&tl), all(&[0, 15, 30, 45, 75, 105]));
        assert_eq!(tl.plan.total_secs(), 105);
        assert_eq!(tl.plan.last_set_start(), 0);
    }

    #[test]
    fn three_set_plan_rests_between_sets_only() {
        let tl = timeline(3, 90);
        assert_eq!(
            offsets(&tl),
            all(&[
                0, 15, 30, 45, 90, 135, // set 1, rest
                155, 170, 185, 200, 245, 290, // set 2, rest
                310, 325, 340, 355, 400, 445, // set 3, finish
            ])
        );
        let rests: Vec<usize> = (0..tl.plan.events.len())
            .filter(|&i| tl.plan.events[i].kind == EventKind::Rest)
            .collect();
        assert_eq!(rests, vec![5, 11]);
        assert_eq!(tl.plan.events[11].set, 2);
        assert_eq!(tl.plan.last_set_start(), 12);
        assert_eq!(tl.plan.finish_index(), 17);
    }

    #[test]
    fn short_holds_get_no_breathing_cue() {
        let routine = fixture_routine();
        let plan = SessionPlan::new(&routine, 1, 44, 45);
        assert!(!plan
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Breathing { .. })));
        let plan = SessionPlan::new(&routine, 1, 45, 45);
        assert_eq!(plan.events[4].offset_secs, 45 + 22);
    }

    #[test]
    fn on_time_session_posts_each_event_at_its_deadline() {
        let tl = timeline(1, 60);
        assert_eq!(next(&tl, None, -10), NextAction::Wait(at(0)));
        assert_eq!(next(&tl, None, 0), NextAction::Post(0));
        assert_eq!(next(&tl, Some(0), 0), NextAction::Wait(at(15)));
        assert_eq!(next(&tl, Some(3), 50), NextAction::Wait(at(75)));
        assert_eq!(next(&tl, Some(4), 105), NextAction::Post(5));
        assert_eq!(next(&tl, Some(5), 106), NextAction::Finished);
    }

    #[test]
    fn slightly_late_events_are_posted_in_order_not_collapsed() {
        let tl = timeline(1, 60);
        // A slow send of event 1 finished at 33 s: event 2 (due 30) is 3 s late, still posted.
        assert_eq!(next(&tl, Some(1), 33), NextAction::Post(2));
        assert_eq!(next(&tl, Some(1), 35), NextAction::Post(2));
    }

    #[test]
    fn stale_steps_collapse_into_one_catch_up_for_the_current_step() {
        let tl = timeline(1, 60);
        // Stalled from 16 s to 80 s: steps 2 and the hold are missed, the breathing cue is current.
        assert_eq!(next(&tl, Some(1), 80), catch_up(2..4, 4));
        // One stale event alone is still announced as a catch-up.
        assert_eq!(next(&tl, Some(1), 36), catch_up(2..2, 2));
        // Past the end: the finish is the current event.
        assert_eq!(next(&tl, Some(1), 500), catch_up(2..5, 5));
    }

    #[test]
    fn position_follows_the_plan() {
        let tl = timeline(1, 60);
        assert_eq!(
            tl.position(at(-1)),
            Position::Lobby {
                starts_at: Some(at(0))
            }
        );
        assert_eq!(
            tl.position(at(80)),
            Position::Running {
                event: 4,
                step: 3,
                paused: false
            }
        );
        assert_eq!(tl.position(at(105)), Position::Finished);
        assert_eq!(tl.step_end(3), Some(at(105)));
        assert_eq!(tl.step_end(4), Some(at(105)));
        assert_eq!(tl.step_end(5), None);
    }

    #[test]
    fn pause_and_resume_mid_hold_shift_later_events_by_the_pause() {
        let mut tl = timeline(1, 60);
        tl.apply(Pause(at(60))).unwrap();
        assert_eq!(
            offsets(&tl),
            vec![Some(0), Some(15), Some(30), Some(45), None, None]
        );
        assert_eq!(next(&tl, Some(3), 70), NextAction::Paused);
        assert_eq!(
            tl.position(at(70)),
            Position::Running {
                event: 3,
                step: 3,
                paused: true
            }
        );
        assert_eq!(tl.step_end(3), None);
        tl.apply(Resume(at(90))).unwrap();
        assert_eq!(offsets(&tl), all(&[0, 15, 30, 45, 105, 135]));
        assert_eq!(next(&tl, Some(3), 90), NextAction::Wait(at(105)));
    }

    #[test]
    fn two_pauses_add_up() {
        let mut tl = timeline(2, 60);
        tl.apply(Pause(at(20))).unwrap();
        tl.apply(Resume(at(30))).unwrap();
        tl.apply(Pause(at(100))).unwrap();
        tl.apply(Resume(at(107))).unwrap();
        // Plan: 0 15 30 45 75 105(rest) 125 140 155 170 200 230.
        assert_eq!(
            offsets(&tl),
            all(&[0, 15, 40, 55, 85, 122, 142, 157, 172, 187, 217, 247])
        );
    }

    #[test]
    fn pause_rules() {
        let mut tl = timeline(1, 60);
        tl.apply(Pause(at(20))).unwrap();
        assert_eq!(tl.apply(Pause(at(21))), Err(AdjustError::AlreadyPaused));
        assert_eq!(tl.apply(Skip(at(21))), Err(AdjustError::Paused));
        tl.apply(Resume(at(22))).unwrap();
        assert_eq!(tl.apply(Resume(at(23))), Err(AdjustError::NotPaused));
        assert_eq!(tl.apply(Pause(at(10))), Err(AdjustError::OutOfOrder));
        assert_eq!(tl.apply(Pause(at(500))), Err(AdjustError::Finished));
    }

    #[test]
    fn skip_during_a_step_moves_later_events_earlier_by_the_remainder() {
        let mut tl = timeline(1, 60);
        // Step 1 runs 15..30; skipping at 20 starts step 2 at 20, 10 s early.
        tl.apply(Skip(at(20))).unwrap();
        assert_eq!(offsets(&tl), all(&[0, 15, 20, 35, 65, 95]));
        assert_eq!(next(&tl, Some(1), 20), NextAction::Post(2));
    }

    #[test]
    fn skip_during_a_hold_drops_its_breathing_cue() {
        let mut tl = timeline(2, 60);
        // The hold runs 45..105 with its cue at 75; skipping at 50 jumps to the rest.
        tl.apply(Skip(at(50))).unwrap();
        assert_eq!(
            offsets(&tl),
            vec![
                Some(0),
                Some(15),
                Some(30),
                Some(45),
                None,
                Some(50),
                Some(70),
                Some(85),
                Some(100),
                Some(115),
                Some(145),
                Some(175),
            ]
        );
        assert_eq!(next(&tl, Some(3), 50), NextAction::Post(5));
        // After the cue (second half of the hold) the cue stays posted; the rest comes now.
        let mut tl = timeline(2, 60);
        tl.apply(Skip(at(80))).unwrap();
        assert_eq!(tl.due_at(4), Some(at(75)));
        assert_eq!(tl.due_at(5), Some(at(80)));
    }

    #[test]
    fn skip_needs_a_started_session_and_a_next_step() {
        let mut tl = timeline(1, 60);
        assert_eq!(tl.apply(Skip(at(-5))), Err(AdjustError::NotStarted));
        tl.apply(Skip(at(50))).unwrap();
        // Now the finish is due at 50: nothing is left.
        assert_eq!(tl.apply(Skip(at(51))), Err(AdjustError::Finished));
    }

    #[test]
    fn start_now_moves_the_whole_plan() {
        let mut tl = timeline(1, 60);
        tl.apply(StartNow(at(-7))).unwrap();
        assert_eq!(offsets(&tl), all(&[-7, 8, 23, 38, 68, 98]));
        assert_eq!(tl.apply(StartNow(at(0))), Err(AdjustError::AlreadyStarted));
    }

    #[test]
    fn stop_makes_the_finish_due_and_drops_the_rest() {
        let mut tl = timeline(2, 60);
        tl.apply(Stop(at(50))).unwrap();
        let mut expected = vec![Some(0), Some(15), Some(30), Some(45)];
        expected.extend([None; 7]);
        expected.push(Some(50));
        assert_eq!(offsets(&tl), expected);
        assert!(tl.is_stopped());
        assert_eq!(next(&tl, Some(3), 50), NextAction::Post(11));
        assert_eq!(tl.apply(Pause(at(51))), Err(AdjustError::Finished));
        // Stopping while paused ends the pause too.
        let mut tl = timeline(1, 60);
        tl.apply(Pause(at(20))).unwrap();
        tl.apply(Stop(at(40))).unwrap();
        assert!(!tl.is_paused());
        assert_eq!(tl.due_at(5), Some(at(40)));
        assert_eq!(tl.due_at(2), None);
    }

    #[test]
    fn restart_after_shutdown_shifts_by_the_downtime() {
        // Shut down at 60 (mid-hold), back at 180: a pause and a resume at those instants.
        let mut tl = timeline(2, 60);
        tl.apply(Pause(at(60))).unwrap();
        let saved: Timeline = serde_json::from_str(&serde_json::to_string(&tl).unwrap()).unwrap();
        assert_eq!(saved, tl);
        let mut tl = saved;
        tl.apply(Resume(at(180))).unwrap();
        assert_eq!(
            offsets(&tl),
            all(&[0, 15, 30, 45, 195, 225, 245, 260, 275, 290, 320, 350])
        );
        assert_eq!(next(&tl, Some(3), 180), NextAction::Wait(at(195)));
    }

    #[test]
    fn shutdown_during_the_lobby_moves_the_start() {
        let mut tl = timeline(1, 60);
        tl.apply(Pause(at(-4))).unwrap();
        assert_eq!(tl.position(at(10)), Position::Lobby { starts_at: None });
        tl.apply(Resume(at(56))).unwrap();
        assert_eq!(tl.due_at(0), Some(at(60)));
    }

    #[test]
    fn restart_after_a_crash_keeps_the_original_deadlines() {
        // Crashed after posting event 1 (at 15); back at 80: one catch-up for the current event.
        let tl = timeline(2, 60);
        assert_eq!(next(&tl, Some(1), 80), catch_up(2..4, 4));
        // After the catch-up the runner continues with the plan as it was.
        assert_eq!(next(&tl, Some(4), 80), NextAction::Wait(at(105)));
        // Back after the planned end: the finish is current and long overdue.
        assert_eq!(next(&tl, Some(1), 1000), catch_up(2..11, 11));
    }

    #[test]
    fn adjustments_serialize_with_their_instant() {
        let json = serde_json::to_string(&Skip(at(3))).unwrap();
        assert_eq!(json, r#"{"type":"skip","at":"2026-11-24T10:00:03Z"}"#);
    }

    #[test]
    fn pauses_skips_and_starts_now_are_bounded_but_resume_and_stop_never_are() {
        // 2 sets: steps at 0/15/30, the 300 s hold at 45, a rest at 345, then set 2.
        let mut tl = timeline(2, 300);
        let before = offsets(&tl);
        tl.apply_bounded(Adjustment::Pause(at(50)), 3).unwrap();
        tl.apply_bounded(Adjustment::Resume(at(60)), 3).unwrap();
        tl.apply_bounded(Adjustment::Skip(at(61)), 3).unwrap();
        tl.apply_bounded(Adjustment::Pause(at(70)), 3).unwrap();
        // The more precise reason wins over the bound.
        assert_eq!(
            tl.apply_bounded(Adjustment::Pause(at(71)), 3),
            Err(AdjustError::AlreadyPaused)
        );
        // At the bound a paused session still resumes.
        tl.apply_bounded(Adjustment::Resume(at(80)), 3).unwrap();
        let bounded = tl.clone();
        for adj in [Adjustment::Pause(at(81)), Adjustment::Skip(at(81))] {
            assert_eq!(
                tl.apply_bounded(adj, 3),
                Err(AdjustError::TooManyAdjustments),
                "{adj:?}"
            );
        }
        assert_eq!(tl, bounded, "a refused adjustment changes nothing");
        assert_ne!(offsets(&tl), before);
        // Stop is never refused for the bound; unbounded `apply` (restarts) is not bounded.
        let mut restart = tl.clone();
        restart.apply(Adjustment::Pause(at(82))).unwrap();
        tl.apply_bounded(Adjustment::Stop(at(82)), 3).unwrap();
        assert!(tl.is_stopped());
    }
}
