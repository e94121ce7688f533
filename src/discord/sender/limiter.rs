//! Discord's rate limits as the bot keeps them: the global window shared by every request that is
//! not an interaction answer ([`Gate`]), the per-route buckets learned from `X-RateLimit-*`
//! headers ([`Buckets`]), and the invalid-request budget ([`InvalidBudget`]).
//!
//! Why the global window has two counts ([`Rate`]): the *pace* is counted from each send, so the
//! bot sends `per_sec` requests in every rolling second however long the answers take. The *cap*
//! is Discord's own limit, and there a request counts from the moment it is granted until one
//! second after its answer came back. Discord counts a request when it arrives, somewhere
//! between our send and its answer, so every request that arrives in one of Discord's seconds
//! is still counted at that second's end: however the network bunches them, no second at
//! Discord holds more than `cap`. The pace alone could bunch two seconds of sends into one of
//! Discord's; the cap alone would slow the pace to `cap / (1 s + answer time)`. Together the
//! pace holds while answers come within `cap / per_sec - 1 s` (67 ms at 45 under a cap of 48);
//! slower answers still slow it, to `cap / (1 s + answer time)`: no sound count can do better
//! without knowing when Discord received each request.
//!
//! Why one request goes alone after a quiet second: the bot does not know whether Discord holds
//! it (a global 429 it has not seen yet, a ban). The first request after a quiet second is a
//! probe; the rest follow its answer (or [`PROBE_WAIT`], if the answer is slow), so a 429 stops
//! them before they are sent, not after.
//!
//! Why lanes: a session step is wrong when it is late, a daily prompt is due on its minute, a
//! lobby edit can wait. When requests compete for the window the most urgent lane goes first;
//! every [`LOWER_LANE_EVERY`]-th grant goes to a waiting lower lane, so a flood in a higher lane
//! never stops the others. While sessions post, lower lanes leave [`LIVE_HEADROOM`] slots of the
//! window free, so steps falling due together go at once. Lower lanes also never take more than
//! half the window in one burst:
//! past half, they are spaced `1/per_sec` apart, so slots keep freeing steadily and a step that
//! falls due while 1,000 prompts drain waits for the next freed slot, not for a whole second.
//! The spacing is an absolute schedule (each grant moves it on by `1/per_sec` from where it was,
//! not from when the grant happened): the timer wakes on whole milliseconds, and 22.2 ms gaps
//! rounded up to 23 would otherwise lose 3 % of the pace.

use std::{
    collections::{HashMap, VecDeque},
    hash::Hasher,
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use reqwest::header::HeaderMap;
use tokio::{
    sync::{oneshot, Notify},
    time::Instant,
};

use crate::{message::StableHasher, post::Lane};

/// When both a higher and a lower lane wait, one grant in this many goes to the lower lane.
pub const LOWER_LANE_EVERY: u32 = 10;

/// Slots of the window that lower lanes leave free while sessions are posting (a live grant in
/// the last second), so that steps falling due together go at once instead of waiting for
/// slots to free one by one.
pub const LIVE_HEADROOM: usize = 10;

/// Discord counts invalid requests (401, 403, 429) over this window.
pub const INVALID_WINDOW: Duration = Duration::from_secs(600);

const SECOND: Duration = Duration::from_secs(1);

/// How long the requests after a quiet second wait for the probe's answer at most.
pub const PROBE_WAIT: Duration = Duration::from_millis(250);

/// Buckets are swept of expired entries once the map grows past this many.
const BUCKET_SWEEP_AT: usize = 1024;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// How fast the [`Gate`] lets requests go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests sent in any rolling second (`discord.global_requests_per_sec`, or a share).
    pub per_sec: u32,
    /// Requests that may count in any one of Discord's seconds: each counts from its send until
    /// one second after its answer. Discord's limit (or a share); never below `per_sec`.
    pub cap: u32,
}

/// Of Discord's global limit, what the cap leaves to the few requests serenity and poise make
/// outside this layer (`GET /gateway/bot`, command registration at start-up).
pub const OUTSIDE_RESERVE: u32 = 2;

impl Rate {
    /// A pace of `per_sec` under Discord's global limit, less [`OUTSIDE_RESERVE`].
    pub fn under_discords_limit(per_sec: u32) -> Self {
        Self {
            per_sec,
            cap: crate::limits::GLOBAL_REQUESTS_PER_SEC - OUTSIDE_RESERVE,
        }
    }
}

/// The rolling one-second window: when the recent requests were sent, the slots in flight, and
/// when the recent ones were answered.
#[derive(Debug)]
struct Window {
    /// The pace: sends in the last second.
    per_sec: usize,
    /// The cap: requests in flight plus those answered in the last second.
    cap: usize,
    /// Send (grant) times, oldest first.
    sent: VecDeque<Instant>,
    in_flight: usize,
    /// Answer times, oldest first (pushed at `now`, so already sorted).
    answered: VecDeque<Instant>,
    /// When the last probe (a grant after a quiet second) went out.
    probe_sent: Option<Instant>,
}

impl Window {
    fn prune(&mut self, now: Instant) {
        for q in [&mut self.answered, &mut self.sent] {
            while q.front().is_some_and(|t| *t + SECOND <= now) {
                q.pop_front();
            }
        }
    }

    /// The slots taken, in units of the pace: the window is full at `per_sec`, whether the pace
    /// or the cap is what fills it.
    fn used(&mut self, now: Instant) -> usize {
        self.prune(now);
        let at_discord = self.in_flight + self.answered.len();
        self.sent
            .len()
            .max(at_discord.saturating_sub(self.cap - self.per_sec))
    }

    /// Nothing was answered in the last second and a recent probe is out: wait for its answer.
    fn probing(&mut self, now: Instant) -> bool {
        self.prune(now);
        self.answered.is_empty()
            && self.in_flight > 0
            && self.probe_sent.is_some_and(|t| now < t + PROBE_WAIT)
    }

    fn grant(&mut self, now: Instant) {
        self.prune(now);
        if self.answered.is_empty() && self.in_flight == 0 {
            self.probe_sent = Some(now);
        }
        self.in_flight += 1;
        self.sent.push_back(now);
    }

    /// A granted slot sent nothing: its send no longer counts against the pace.
    fn ungrant(&mut self, granted: Instant) {
        if let Some(i) = self.sent.iter().rposition(|t| *t == granted) {
            self.sent.remove(i);
        }
    }

    /// When a slot frees if the window is full at `now`; `None` means "when an answer comes".
    fn frees_at(&mut self, now: Instant) -> Option<Instant> {
        self.prune(now);
        let pace = self
            .sent
            .len()
            .checked_sub(self.per_sec)
            .and_then(|over| self.sent.get(over))
            .map(|t| *t + SECOND);
        let at_discord = self.in_flight + self.answered.len();
        let cap = match at_discord.checked_sub(self.cap) {
            // Enough answered slots must age out; if too few were answered, an answer must come.
            Some(over) => Some(*self.answered.get(over)? + SECOND),
            None => None,
        };
        pace.max(cap)
    }

    /// The next time any counted request ages out of the window.
    fn next_expiry(&self) -> Option<Instant> {
        [self.sent.front(), self.answered.front()]
            .into_iter()
            .flatten()
            .min()
            .map(|t| *t + SECOND)
    }
}

#[derive(Debug)]
struct GateState {
    window: Window,
    waiting: [VecDeque<oneshot::Sender<Permit>>; 3],
    /// Grants to the top waiting lane since a lower lane last got one.
    since_lower: u32,
    /// Which lower lane gets the next fairness grant (rotates).
    lower_turn: usize,
    /// When the next spaced lower-lane grant is due: an absolute schedule, moved on by one
    /// spacing per grant, so a timer that wakes late does not push every later grant back.
    lower_due: Option<Instant>,
    /// Grants to the live lane in the last second: while there are any, lower lanes leave
    /// [`LIVE_HEADROOM`] slots free.
    live_grants: VecDeque<Instant>,
    /// A global 429, or the invalid-request budget spent: nothing but interaction answers
    /// goes before this.
    held_until: Option<Instant>,
    dispatcher_running: bool,
}

/// The global window with its lanes. Interaction answers never pass through it.
#[derive(Debug)]
pub struct Gate {
    state: Mutex<GateState>,
    changed: Notify,
    spacing: Duration,
}

/// One granted slot. Dropping it records the answer time; [`Permit::unused`] gives it back.
#[derive(Debug)]
pub struct Permit {
    gate: Arc<Gate>,
    granted: Instant,
    used: bool,
}

impl Permit {
    /// The slot was granted but no request went out (a bucket turned out empty).
    pub fn unused(mut self) {
        self.used = false;
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let now = Instant::now();
        let mut st = lock(&self.gate.state);
        st.window.in_flight = st.window.in_flight.saturating_sub(1);
        if self.used {
            st.window.answered.push_back(now);
        } else {
            st.window.ungrant(self.granted);
        }
        drop(st);
        self.gate.changed.notify_one();
    }
}

fn lane_index(lane: Lane) -> usize {
    match lane {
        Lane::Live => 0,
        Lane::Scheduled => 1,
        Lane::Background => 2,
    }
}

impl Gate {
    pub fn new(rate: Rate) -> Arc<Self> {
        let per_sec = rate.per_sec.max(1) as usize;
        Arc::new(Self {
            state: Mutex::new(GateState {
                window: Window {
                    per_sec,
                    cap: (rate.cap as usize).max(per_sec),
                    sent: VecDeque::new(),
                    in_flight: 0,
                    answered: VecDeque::new(),
                    probe_sent: None,
                },
                waiting: Default::default(),
                since_lower: 0,
                lower_turn: 0,
                lower_due: None,
                live_grants: VecDeque::new(),
                held_until: None,
                dispatcher_running: false,
            }),
            changed: Notify::new(),
            spacing: Duration::from_secs_f64(1.0 / per_sec as f64),
        })
    }

    /// Holds every lane until `until` (a global 429, or the invalid-request budget).
    pub fn hold(&self, until: Instant) {
        let mut st = lock(&self.state);
        if st.held_until.is_none_or(|u| u < until) {
            st.held_until = Some(until);
        }
        drop(st);
        self.changed.notify_one();
    }

    /// Until when the gate holds everything, if it does at `now`.
    pub fn held(&self, now: Instant) -> Option<Instant> {
        lock(&self.state).held_until.filter(|u| *u > now)
    }

    /// Waits for a slot in `lane`.
    pub async fn acquire(self: &Arc<Self>, lane: Lane) -> Permit {
        let rx = {
            let mut st = lock(&self.state);
            let now = Instant::now();
            let nobody_waits = st.waiting.iter().all(VecDeque::is_empty);
            if nobody_waits && self.may_grant(&mut st, lane, now, false) {
                self.grant(&mut st, lane, now);
                return Permit {
                    gate: self.clone(),
                    granted: now,
                    used: true,
                };
            }
            let (tx, rx) = oneshot::channel();
            st.waiting[lane_index(lane)].push_back(tx);
            if !st.dispatcher_running {
                st.dispatcher_running = true;
                tokio::spawn(self.clone().dispatch());
            }
            rx
        };
        self.changed.notify_one();
        match rx.await {
            Ok(permit) => permit,
            // The dispatcher only drops a sender while handing out its permit: unreachable, but
            // a fresh wait is the safe answer.
            Err(_) => Box::pin(self.acquire(lane)).await,
        }
    }

    /// Whether `lane` may have a slot at `now`. A fairness turn (`fair`) ignores the steps'
    /// headroom and the spacing: it is what keeps a lower lane moving under a flood of steps.
    fn may_grant(&self, st: &mut GateState, lane: Lane, now: Instant, fair: bool) -> bool {
        if st.held_until.is_some_and(|u| u > now) {
            return false;
        }
        if st.window.probing(now) {
            return false;
        }
        let used = st.window.used(now);
        if used >= st.window.per_sec {
            return false;
        }
        if lane == Lane::Live || fair {
            return true;
        }
        // While sessions post, a few slots stay free for their next steps.
        while st.live_grants.front().is_some_and(|t| *t + SECOND <= now) {
            st.live_grants.pop_front();
        }
        let reserve = if st.live_grants.is_empty() {
            0
        } else {
            LIVE_HEADROOM.min(st.window.per_sec / 2)
        };
        if used + reserve >= st.window.per_sec {
            return false;
        }
        used < st.window.per_sec / 2 || st.lower_due.is_none_or(|t| now >= t)
    }

    fn grant(&self, st: &mut GateState, lane: Lane, now: Instant) {
        let bursting = st.window.used(now) < st.window.per_sec / 2;
        st.window.grant(now);
        if lane == Lane::Live {
            st.live_grants.push_back(now);
        } else {
            // On time or a little late: the schedule moves on from where it was. In a burst
            // or after a pause (later than one spacing), from now.
            let from = st
                .lower_due
                .filter(|due| !bursting && now <= *due + self.spacing);
            st.lower_due = Some(from.unwrap_or(now) + self.spacing);
        }
    }

    /// The lane whose head gets the next slot, by priority with the fairness rotation.
    /// The bool is true for a fairness turn of a lower lane.
    fn next_lane(st: &mut GateState) -> Option<(Lane, bool)> {
        for q in &mut st.waiting {
            while q.front().is_some_and(oneshot::Sender::is_closed) {
                q.pop_front();
            }
        }
        let lanes = [Lane::Live, Lane::Scheduled, Lane::Background];
        let waiting: Vec<Lane> = lanes
            .into_iter()
            .filter(|l| !st.waiting[lane_index(*l)].is_empty())
            .collect();
        let top = *waiting.first()?;
        let lower: Vec<Lane> = waiting[1..].to_vec();
        if !lower.is_empty() && st.since_lower + 1 >= LOWER_LANE_EVERY {
            let lane = lower[st.lower_turn % lower.len()];
            return Some((lane, true));
        }
        Some((top, false))
    }

    /// Hands out slots to waiters while there are any; exits when the queues are empty.
    async fn dispatch(self: Arc<Self>) {
        loop {
            // Permits whose waiter gave up meanwhile: dropped after the lock is released,
            // because dropping a permit takes the lock.
            let mut orphans = Vec::new();
            let wake_at = {
                let mut st = lock(&self.state);
                let now = Instant::now();
                loop {
                    let Some((pick, fair)) = Self::next_lane(&mut st) else {
                        st.dispatcher_running = false;
                        return;
                    };
                    // A lower lane held back by its spacing must not hold up a waiting step.
                    let lane = if self.may_grant(&mut st, pick, now, fair) {
                        pick
                    } else if pick != Lane::Live
                        && !st.waiting[0].is_empty()
                        && self.may_grant(&mut st, Lane::Live, now, false)
                    {
                        Lane::Live
                    } else {
                        break;
                    };
                    let top_waits_higher = lane != Lane::Live
                        && st.waiting[..lane_index(lane)].iter().any(|q| !q.is_empty());
                    if top_waits_higher {
                        st.since_lower = 0;
                        st.lower_turn = st.lower_turn.wrapping_add(1);
                    } else if st.waiting[lane_index(lane) + 1..]
                        .iter()
                        .any(|q| !q.is_empty())
                    {
                        st.since_lower += 1;
                    }
                    let tx = st.waiting[lane_index(lane)]
                        .pop_front()
                        .expect("next_lane picked a non-empty lane");
                    self.grant(&mut st, lane, now);
                    // A waiter that gave up meanwhile hands the permit back: its slot counts as
                    // used for a second, which errs on the safe side.
                    if let Err(permit) = tx.send(Permit {
                        gate: self.clone(),
                        granted: now,
                        used: true,
                    }) {
                        orphans.push(permit);
                    }
                }
                self.wake_at(&mut st, now)
            };
            drop(orphans);
            match wake_at {
                Some(at) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(at) => {}
                        () = self.changed.notified() => {}
                    }
                }
                None => self.changed.notified().await,
            }
        }
    }

    /// When a waiting lane could next be granted a slot; `None`: when something changes.
    fn wake_at(&self, st: &mut GateState, now: Instant) -> Option<Instant> {
        if let Some(until) = st.held_until.filter(|u| *u > now) {
            return Some(until);
        }
        if st.window.probing(now) {
            return st.window.probe_sent.map(|t| t + PROBE_WAIT);
        }
        if st.window.used(now) >= st.window.per_sec {
            return st.window.frees_at(now);
        }
        // Lower lanes wait for a freed slot, the end of the steps' headroom, or their spacing:
        // whichever comes first, and never a time already past, which would spin.
        let later = |t: &Instant| *t > now;
        [
            st.window.next_expiry(),
            st.live_grants.front().map(|t| *t + SECOND),
            st.lower_due,
        ]
        .into_iter()
        .flatten()
        .filter(later)
        .min()
        .or(Some(now + Duration::from_millis(1)))
    }
}

/// A route as Discord's rate limits see it: a template plus its major parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub template: String,
    pub major: String,
    /// An interaction callback or an interaction-token webhook: exempt from the global limit
    /// and the invalid-request pause, and bucketed per interaction.
    pub interaction: bool,
}

impl Route {
    pub fn new(template: &str, major: impl ToString) -> Self {
        Self {
            template: template.to_owned(),
            major: major.to_string(),
            interaction: false,
        }
    }

    /// A route of one interaction. The token is its major parameter (as Discord buckets it),
    /// kept only as a hash so it never sits in the limiter's maps or reaches a log.
    pub fn interaction(template: &str, token: &str) -> Self {
        Self {
            template: template.to_owned(),
            major: {
                let mut h = StableHasher::default();
                h.write(token.as_bytes());
                format!("i{:016x}", h.finish())
            },
            interaction: true,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    remaining: u32,
    reset_at: Instant,
}

/// Per-route buckets, learned from the headers. Routes map to Discord's bucket ids (from
/// `X-RateLimit-Bucket`); limits are per bucket id and major parameter.
#[derive(Debug, Default)]
pub struct Buckets {
    bucket_of_route: HashMap<String, String>,
    buckets: HashMap<String, Bucket>,
}

impl Buckets {
    fn key(&self, route: &Route) -> String {
        let bucket = self
            .bucket_of_route
            .get(&route.template)
            .map_or(route.template.as_str(), String::as_str);
        format!("{bucket}:{}", route.major)
    }

    /// Until when `route`'s bucket is empty, if it is at `now`.
    pub fn blocked_until(&mut self, route: &Route, now: Instant) -> Option<Instant> {
        let key = self.key(route);
        match self.buckets.get(&key) {
            Some(b) if b.reset_at <= now => {
                self.buckets.remove(&key);
                None
            }
            Some(b) if b.remaining == 0 => Some(b.reset_at),
            _ => None,
        }
    }

    /// Takes one request from the route's bucket, unless it is empty.
    pub fn try_take(&mut self, route: &Route, now: Instant) -> Result<(), Instant> {
        if let Some(until) = self.blocked_until(route, now) {
            return Err(until);
        }
        let key = self.key(route);
        if let Some(b) = self.buckets.get_mut(&key) {
            b.remaining = b.remaining.saturating_sub(1);
        }
        Ok(())
    }

    pub fn learn(&mut self, route: &Route, headers: &HeaderMap, now: Instant) {
        let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(bucket) = get("x-ratelimit-bucket") {
            if self
                .bucket_of_route
                .get(&route.template)
                .map(String::as_str)
                != Some(bucket)
            {
                self.bucket_of_route
                    .insert(route.template.clone(), bucket.to_owned());
            }
        }
        let remaining = get("x-ratelimit-remaining").and_then(|v| v.parse::<u32>().ok());
        let reset_after = get("x-ratelimit-reset-after").and_then(|v| v.parse::<f64>().ok());
        if let (Some(remaining), Some(after)) = (remaining, reset_after) {
            let key = self.key(route);
            let reset_at = now + Duration::from_secs_f64(after.clamp(0.0, 3600.0));
            // An interaction's bucket matters only once it is empty: one callback, a few
            // follow-ups. Keeping every one would grow the map with every interaction.
            if route.interaction && remaining > 0 && !self.buckets.contains_key(&key) {
                return;
            }
            let b = self.buckets.entry(key).or_insert(Bucket {
                remaining,
                reset_at,
            });
            // Answers to concurrent requests arrive out of order: keep the most pessimistic view.
            b.remaining = b.remaining.min(remaining);
            b.reset_at = b.reset_at.max(reset_at);
        }
        if self.buckets.len() > BUCKET_SWEEP_AT {
            self.buckets.retain(|_, b| b.reset_at > now);
        }
    }

    /// A 429 on this route's bucket until `until`.
    pub fn block(&mut self, route: &Route, until: Instant) {
        let key = self.key(route);
        self.buckets.insert(
            key,
            Bucket {
                remaining: 0,
                reset_at: until,
            },
        );
    }

    /// Entries held (for the bound tests).
    pub fn entries(&self) -> usize {
        self.buckets.len() + self.bucket_of_route.len()
    }
}

/// Discord's invalid-request budget (10,000 per 10 minutes, then a temporary ban): the answers
/// 401, 403 and 429 of the last ten minutes, and a limit well under Discord's.
#[derive(Debug)]
pub struct InvalidBudget {
    limit: usize,
    recent: VecDeque<Instant>,
    /// Already logged for the current excess (logged once, not per request).
    reported: bool,
}

impl InvalidBudget {
    pub fn new(limit: u32) -> Self {
        Self {
            limit: limit.max(1) as usize,
            recent: VecDeque::new(),
            reported: false,
        }
    }

    /// Counts one invalid answer. Returns `Some(until)` when the budget is spent: everything
    /// but interaction answers should hold until then. The bool is true the first time.
    pub fn record(&mut self, now: Instant) -> Option<(Instant, bool)> {
        while self
            .recent
            .front()
            .is_some_and(|t| *t + INVALID_WINDOW <= now)
        {
            self.recent.pop_front();
        }
        self.recent.push_back(now);
        // Only the newest `limit` matter: the memory stays bounded however many arrive.
        while self.recent.len() > self.limit {
            self.recent.pop_front();
        }
        if self.recent.len() < self.limit {
            self.reported = false;
            return None;
        }
        let until = self.recent.front().copied().unwrap_or(now) + INVALID_WINDOW;
        let first = !self.reported;
        self.reported = true;
        Some((until, first))
    }

    pub fn entries(&self) -> usize {
        self.recent.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(bucket: &str, remaining: u32, reset_after: f64) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-bucket", bucket.parse().unwrap());
        h.insert(
            "x-ratelimit-remaining",
            remaining.to_string().parse().unwrap(),
        );
        h.insert(
            "x-ratelimit-reset-after",
            reset_after.to_string().parse().unwrap(),
        );
        h
    }

    /// A pace equal to the cap: every slot counts until a second after its answer.
    fn same(per_sec: u32) -> Rate {
        Rate {
            per_sec,
            cap: per_sec,
        }
    }

    /// A request waiting in `lane`: its task ends with the instant its slot was granted.
    fn granted_at(gate: &Arc<Gate>, lane: Lane) -> tokio::task::JoinHandle<Instant> {
        let gate = gate.clone();
        tokio::spawn(async move {
            let _slot = gate.acquire(lane).await;
            Instant::now()
        })
    }

    fn channel_route(channel: u64) -> Route {
        Route::new("POST /channels/{}/messages", channel)
    }

    #[tokio::test(start_paused = true)]
    async fn bucket_headers_hold_requests_until_reset() {
        let mut b = Buckets::default();
        let now = Instant::now();
        b.learn(&channel_route(1), &headers("abc", 0, 2.5), now);
        assert_eq!(
            b.try_take(&channel_route(1), now),
            Err(now + Duration::from_millis(2500))
        );
        assert!(
            b.try_take(&channel_route(2), now).is_ok(),
            "another channel is another bucket"
        );
        let later = now + Duration::from_secs(3);
        assert!(b.try_take(&channel_route(1), later).is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn followups_of_two_interactions_do_not_share_a_bucket() {
        let mut b = Buckets::default();
        let now = Instant::now();
        let first = Route::interaction("POST /webhooks/{}/{}", "token-one");
        let second = Route::interaction("POST /webhooks/{}/{}", "token-two");
        b.learn(&first, &headers("wh", 0, 2.0), now);
        assert!(
            b.try_take(&first, now).is_err(),
            "the first token's bucket is empty"
        );
        assert!(
            b.try_take(&second, now).is_ok(),
            "the second token has its own bucket"
        );
        assert!(
            !first.major.contains("token"),
            "the token itself is not kept"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn maps_stay_bounded_after_100_000_interactions() {
        let mut b = Buckets::default();
        let start = Instant::now();
        for i in 0..100_000u64 {
            // 1,000 interactions per second; each answer leaves a few in its bucket, every
            // hundredth empties its bucket for a second.
            let now = start + Duration::from_millis(i);
            let token = format!("tok{i}");
            let callback = Route::interaction("POST /interactions/{}/{}/callback", &token);
            b.learn(&callback, &headers("cb", 4, 1.0), now);
            let followup = Route::interaction("POST /webhooks/{}/{}", &token);
            let remaining = if i % 100 == 0 { 0 } else { 3 };
            b.learn(&followup, &headers("wh", remaining, 1.0), now);
        }
        assert!(
            b.entries() <= BUCKET_SWEEP_AT + 3,
            "{} entries",
            b.entries()
        );
        let mut budget = InvalidBudget::new(2_000);
        for i in 0..100_000u64 {
            budget.record(start + Duration::from_millis(i));
        }
        assert!(budget.entries() <= 2_000);
    }

    #[tokio::test(start_paused = true)]
    async fn invalid_budget_trips_once_and_recovers() {
        let mut budget = InvalidBudget::new(3);
        let t0 = Instant::now();
        assert_eq!(budget.record(t0), None);
        assert_eq!(budget.record(t0), None);
        assert_eq!(budget.record(t0), Some((t0 + INVALID_WINDOW, true)));
        assert_eq!(
            budget.record(t0 + SECOND),
            Some((t0 + INVALID_WINDOW, false)),
            "logged once"
        );
        let later = t0 + INVALID_WINDOW + SECOND;
        assert_eq!(budget.record(later), None, "old ones age out");
    }

    #[tokio::test(start_paused = true)]
    async fn window_allows_a_burst_then_one_per_freed_slot() {
        let gate = Gate::new(same(10));
        let t0 = Instant::now();
        drop(gate.acquire(Lane::Live).await); // the probe, answered at once
        let mut permits = Vec::new();
        for _ in 0..9 {
            permits.push(gate.acquire(Lane::Live).await);
        }
        assert_eq!(
            Instant::now(),
            t0,
            "after the probe, the rest of the window goes at once"
        );
        // Answered 100 ms later: their slots free one second after that.
        tokio::time::sleep(Duration::from_millis(100)).await;
        permits.clear();
        let _p = gate.acquire(Lane::Live).await;
        assert_eq!(Instant::now(), t0 + SECOND, "the probe's slot frees first");
        let _q = gate.acquire(Lane::Live).await;
        assert_eq!(Instant::now(), t0 + Duration::from_millis(1100));
    }

    #[tokio::test(start_paused = true)]
    async fn the_pace_counts_from_the_send_not_the_answer() {
        let gate = Gate::new(Rate {
            per_sec: 10,
            cap: 12,
        });
        let t0 = Instant::now();
        drop(gate.acquire(Lane::Live).await); // the probe, answered at once
        let mut permits = Vec::new();
        for _ in 0..9 {
            permits.push(gate.acquire(Lane::Live).await);
        }
        // Answered 100 ms after their send.
        tokio::time::sleep(Duration::from_millis(100)).await;
        permits.clear();
        for i in 0..3 {
            permits.push(gate.acquire(Lane::Live).await);
            assert_eq!(
                Instant::now(),
                t0 + SECOND,
                "request {i}: a second after the sends, whatever the answer time"
            );
        }
        // The nine answered at 100 ms still count at Discord until 1.1 s: the cap of 12 is full.
        let _next = gate.acquire(Lane::Live).await;
        assert_eq!(Instant::now(), t0 + Duration::from_millis(1100));
    }

    #[tokio::test(start_paused = true)]
    async fn the_cap_holds_unanswered_requests_whatever_the_pace() {
        let gate = Gate::new(Rate {
            per_sec: 10,
            cap: 12,
        });
        let t0 = Instant::now();
        drop(gate.acquire(Lane::Live).await);
        let mut slow = Vec::new();
        for _ in 0..9 {
            slow.push(gate.acquire(Lane::Live).await);
        }
        // Nine never answered: after a second the pace has room for ten, the cap for three.
        let mut more = Vec::new();
        for _ in 0..3 {
            more.push(gate.acquire(Lane::Live).await);
            assert_eq!(Instant::now(), t0 + SECOND);
        }
        let next = granted_at(&gate, Lane::Live);
        // One is answered at 3 s: it still counts at Discord until 4 s.
        tokio::time::sleep_until(t0 + Duration::from_secs(3)).await;
        slow.pop();
        assert_eq!(next.await.unwrap(), t0 + Duration::from_secs(4));
    }

    #[tokio::test(start_paused = true)]
    async fn an_unused_slot_gives_its_send_back() {
        let gate = Gate::new(same(2));
        let t0 = Instant::now();
        drop(gate.acquire(Lane::Live).await);
        gate.acquire(Lane::Live).await.unused();
        let _p = gate.acquire(Lane::Live).await;
        assert_eq!(Instant::now(), t0, "the unused slot was free again at once");
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_quiet_second_one_request_goes_alone_until_its_answer() {
        let gate = Gate::new(same(45));
        let t0 = Instant::now();
        let probe = gate.acquire(Lane::Live).await;
        let next = granted_at(&gate, Lane::Live);
        tokio::time::sleep(Duration::from_millis(30)).await;
        drop(probe);
        assert_eq!(next.await.unwrap(), t0 + Duration::from_millis(30));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slot_in_flight_counts_until_its_answer() {
        let gate = Gate::new(same(1));
        let t0 = Instant::now();
        drop(gate.acquire(Lane::Live).await);
        let slow = gate.acquire(Lane::Live).await;
        assert_eq!(Instant::now(), t0 + SECOND);
        let third = granted_at(&gate, Lane::Live);
        // The slow request is answered after 3 s: its slot is free 1 s later, not before.
        tokio::time::sleep_until(t0 + Duration::from_secs(3)).await;
        drop(slow);
        assert_eq!(third.await.unwrap(), t0 + Duration::from_secs(4));
    }

    #[tokio::test(start_paused = true)]
    async fn a_global_hold_stops_every_lane_until_it_ends() {
        let gate = Gate::new(same(45));
        let t0 = Instant::now();
        gate.hold(t0 + Duration::from_secs(120));
        let mut tasks = Vec::new();
        for lane in [Lane::Live, Lane::Scheduled, Lane::Background] {
            tasks.push(granted_at(&gate, lane));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), t0 + Duration::from_secs(120));
        }
    }

    /// Drives `count` waiters per lane through a full window and returns the grant order.
    async fn grant_order(per_sec: u32, flood: &[(Lane, usize)]) -> Vec<(Lane, Duration)> {
        let gate = Gate::new(same(per_sec));
        let t0 = Instant::now();
        // Fill the window so that everyone queues.
        drop(gate.acquire(Lane::Live).await);
        let fill: Vec<Permit> = {
            let mut v = Vec::new();
            for _ in 1..per_sec {
                v.push(gate.acquire(Lane::Live).await);
            }
            v
        };
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for (lane, count) in flood {
            for _ in 0..*count {
                let (g, o, lane) = (gate.clone(), order.clone(), *lane);
                tasks.push(tokio::spawn(async move {
                    let p = g.acquire(lane).await;
                    lock(&o).push((lane, Instant::now() - t0));
                    drop(p);
                }));
                tokio::task::yield_now().await;
            }
        }
        drop(fill);
        for t in tasks {
            t.await.unwrap();
        }
        let v = lock(&order).clone();
        v
    }

    #[tokio::test(start_paused = true)]
    async fn a_background_flood_never_holds_up_live_steps() {
        let order = grant_order(10, &[(Lane::Background, 200), (Lane::Live, 20)]).await;
        let live: Vec<usize> = order
            .iter()
            .enumerate()
            .filter(|(_, (l, _))| *l == Lane::Live)
            .map(|(i, _)| i)
            .collect();
        // 20 live requests among the first 23 grants: at most one fairness grant per ten.
        assert!(*live.last().unwrap() < 23, "{live:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_live_flood_still_lets_lower_lanes_progress() {
        let order = grant_order(
            10,
            &[
                (Lane::Live, 300),
                (Lane::Scheduled, 5),
                (Lane::Background, 5),
            ],
        )
        .await;
        let first_100: Vec<Lane> = order.iter().take(100).map(|(l, _)| *l).collect();
        let lower = first_100.iter().filter(|l| **l != Lane::Live).count();
        assert!(
            (9..=11).contains(&lower),
            "{lower} lower-lane grants in 100"
        );
        assert!(first_100.contains(&Lane::Scheduled) && first_100.contains(&Lane::Background));
    }

    #[tokio::test(start_paused = true)]
    async fn while_steps_post_lower_lanes_leave_them_headroom() {
        let gate = Gate::new(same(20));
        let t0 = Instant::now();
        drop(gate.acquire(Lane::Live).await); // a step went out: the headroom applies
        let mut lower = Vec::new();
        for _ in 0..9 {
            lower.push(gate.acquire(Lane::Scheduled).await);
        }
        assert_eq!(Instant::now(), t0, "up to the headroom at once");
        let tenth = granted_at(&gate, Lane::Scheduled);
        tokio::task::yield_now().await;
        let _step = gate.acquire(Lane::Live).await;
        assert_eq!(Instant::now(), t0, "a step falling due goes at once");
        let at = tenth.await.unwrap();
        assert!(
            at >= t0 + SECOND,
            "the prompt waited for the headroom to lapse: {at:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_stream_of_lower_lane_requests_keeps_the_whole_pace() {
        // 45/s spaces lower lanes 22.2 ms apart, and tokio's timer wakes on whole milliseconds:
        // the rounding must not be added to every gap (23 ms gaps would be 43.5/s).
        let gate = Gate::new(same(45));
        let t0 = Instant::now();
        for _ in 0..450 {
            drop(gate.acquire(Lane::Background).await);
        }
        let took = Instant::now() - t0;
        // 450 at 45/s: 45 in the first second, then 405 more 22.2 ms apart from 1 s on.
        assert!(
            took <= Duration::from_millis(1_000 + 404 * 1_000 / 45 + 20),
            "450 requests took {took:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn lower_lanes_burst_half_the_window_then_space_out() {
        let gate = Gate::new(same(40));
        let t0 = Instant::now();
        let mut times = Vec::new();
        let mut permits = Vec::new();
        drop(gate.acquire(Lane::Scheduled).await);
        for _ in 1..30 {
            permits.push(gate.acquire(Lane::Scheduled).await);
            times.push(Instant::now() - t0);
        }
        // The probe and 19 more fill half the window at once; then one per 25 ms.
        assert!(times[..19].iter().all(|t| t.is_zero()), "{times:?}");
        assert_eq!(times[19], Duration::from_millis(25));
        assert_eq!(times[28], Duration::from_millis(250));
        // A live request meanwhile goes at once: the window still has room.
        let before = Instant::now();
        let _live = gate.acquire(Lane::Live).await;
        assert_eq!(Instant::now(), before);
    }
}
