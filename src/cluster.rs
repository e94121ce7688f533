//! Several copies of the bot on one database: which copy acts for a shard.
//!
//! Discord delivers every event of a shard to every copy connected for it. One copy, the owner,
//! holds the shard's lease in the database and acts: it answers interactions, runs sessions and
//! fires reminders. The others stand by, silent, and take the lease when the owner releases it (a
//! clean shutdown) or stops renewing it (a crash). An owner that cannot renew stops acting when
//! its lease ends by its own clock, before a standby may take it.
//!
//! Even so, two copies can both see one interaction while the lease changes hands; each
//! interaction is therefore also claimed in the database before anyone acts on it.
//!
//! A process runs a range of shards ([`Leases`], one [`ShardLease`] each) and acts for the
//! servers of the shards whose lease it holds; ranges may overlap, and each shard still has one
//! owner. Which shards it owns changes as leases are taken, so the firing loop asks each time
//! ([`crate::shards::Ownership`]).

use std::sync::Mutex;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use tokio_util::sync::CancellationToken;

use crate::{
    clock::SharedClock,
    error::chain,
    ids::GuildId,
    shards::{shard_of, Ownership, ShardSet},
    store::{LeaseRequest, ShardKey, Store, StoreError},
};
use std::sync::Arc;

/// One copy's hold on one shard.
pub struct ShardLease {
    store: Arc<dyn Store>,
    clock: SharedClock,
    shard: ShardKey,
    instance: String,
    lease: Duration,
    /// When the lease this copy holds ends; `None`: standing by.
    held_until: Mutex<Option<DateTime<Utc>>>,
    /// Set once the shard's gateway connection is ready here: a copy that cannot receive the
    /// shard's events yet must not take it from one that can.
    connected: tokio::sync::watch::Sender<bool>,
    /// Set once this process has taken the shard over (its sessions resumed): only then does
    /// it act on the shard's events and reminders.
    acting: std::sync::atomic::AtomicBool,
}

/// Why [`ShardLease::hold`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// Asked to stop; the lease is still ours until released.
    Stopped,
    /// Another copy has the lease, or ours ran out before we could renew it.
    Lost,
}

impl ShardLease {
    pub fn new(
        store: Arc<dyn Store>,
        clock: SharedClock,
        shard: ShardKey,
        instance: impl Into<String>,
        lease_secs: u64,
    ) -> Self {
        Self {
            store,
            clock,
            shard,
            instance: instance.into(),
            lease: Duration::seconds(i64::try_from(lease_secs).unwrap_or(15)),
            held_until: Mutex::new(None),
            connected: tokio::sync::watch::Sender::new(false),
            acting: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// The shard is taken over: its sessions are resumed, so this process may act for it.
    pub fn mark_acting(&self) {
        self.acting.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Owner, and the take-over is done ([`Self::mark_acting`]).
    pub fn is_acting(&self) -> bool {
        self.acting.load(std::sync::atomic::Ordering::SeqCst) && self.is_owner()
    }

    /// The shard's gateway connection is ready in this process.
    pub fn mark_connected(&self) {
        self.connected.send_replace(true);
    }

    /// Returns once [`Self::mark_connected`] was called.
    pub async fn connected(&self) {
        let mut ready = self.connected.subscribe();
        // The sender lives in `self`, so this ends only when marked.
        let _ = ready.wait_for(|ready| *ready).await;
    }

    pub fn instance(&self) -> &str {
        &self.instance
    }

    pub fn shard(&self) -> ShardKey {
        self.shard
    }

    /// Whether this copy may act for the shard now: it holds a lease that has not ended by its
    /// own clock.
    pub fn is_owner(&self) -> bool {
        let now = self.clock.now();
        self.held_until().is_some_and(|until| now < until)
    }

    fn held_until(&self) -> Option<DateTime<Utc>> {
        *self.held_until.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// One attempt to take or renew the lease. `Ok(false)`: another copy holds it.
    pub async fn try_take(&self) -> Result<bool, StoreError> {
        let now = self.clock.now();
        let until = now + self.lease;
        let granted = self
            .store
            .take_lease(&LeaseRequest {
                shard: self.shard,
                instance: self.instance.clone(),
                now,
                until,
            })
            .await?;
        let mut held = self.held_until.lock().unwrap_or_else(|p| p.into_inner());
        *held = granted.then_some(until);
        Ok(granted)
    }

    /// How often the owner renews and a standby looks for a free lease: a third of the lease,
    /// so that one failed renewal still leaves time for another.
    pub fn period(&self) -> StdDuration {
        (self.lease / 3)
            .to_std()
            .unwrap_or(StdDuration::from_secs(5))
    }

    /// Stands by until the lease is ours (`true`) or `stop` is cancelled (`false`).
    pub async fn acquire(&self, stop: &CancellationToken) -> bool {
        let mut ticks = tokio::time::interval(self.period());
        let mut waiting_logged = false;
        loop {
            tokio::select! {
                () = stop.cancelled() => return false,
                _ = ticks.tick() => {}
            }
            match self.try_take().await {
                Ok(true) => {
                    tracing::info!(instance = %self.instance, shard = self.shard.id, "took the shard's lease; acting for it");
                    return true;
                }
                Ok(false) if !waiting_logged => {
                    waiting_logged = true;
                    tracing::info!(instance = %self.instance, shard = self.shard.id, "another copy owns the shard; standing by");
                }
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %chain(&e), "could not check the shard's lease"),
            }
        }
    }

    /// Renews the lease every [`period`](Self::period) until `stop` is cancelled or the lease is
    /// lost. A renewal that fails for a database error is retried at the next period; if the
    /// lease ends meanwhile, it is lost.
    pub async fn hold(&self, stop: &CancellationToken) -> Held {
        let mut ticks = tokio::time::interval(self.period());
        ticks.tick().await;
        loop {
            tokio::select! {
                () = stop.cancelled() => return Held::Stopped,
                _ = ticks.tick() => {}
            }
            match self.try_take().await {
                Ok(true) => {}
                Ok(false) => {
                    tracing::error!(instance = %self.instance, shard = self.shard.id, "another copy took the shard's lease");
                    return Held::Lost;
                }
                Err(e) => {
                    // A failed renewal leaves the lease we hold as it was; it may still last.
                    tracing::warn!(error = %chain(&e), "could not renew the shard's lease");
                    if !self.is_owner() {
                        tracing::error!(instance = %self.instance, shard = self.shard.id, "the shard's lease ran out before it could be renewed");
                        return Held::Lost;
                    }
                }
            }
        }
    }

    /// Gives the lease up at once so that a standby takes over without waiting for it to end.
    pub async fn release(&self) {
        self.acting
            .store(false, std::sync::atomic::Ordering::SeqCst);
        *self.held_until.lock().unwrap_or_else(|p| p.into_inner()) = None;
        if let Err(e) = self.store.release_lease(self.shard, &self.instance).await {
            tracing::warn!(error = %chain(&e), "could not release the shard's lease; a standby takes over when it ends");
        }
    }

    /// Claims an interaction for this copy: `true` when this copy acts on it. A copy that is not
    /// the owner never claims. A database error counts as claimed: acting twice in the rare
    /// case both copies lose the database beats ignoring the person.
    pub async fn claim_interaction(&self, interaction_id: u64) -> bool {
        if !self.is_owner() {
            return false;
        }
        match self
            .store
            .claim_interaction(interaction_id, &self.instance, self.clock.now())
            .await
        {
            Ok(claimed) => claimed,
            Err(e) => {
                tracing::warn!(error = %chain(&e), "could not claim an interaction; acting on it anyway");
                true
            }
        }
    }
}

/// One process's leases: one per shard it runs, shards `first..=last` of `count`.
pub struct Leases {
    count: u32,
    leases: Vec<Arc<ShardLease>>,
    instance: String,
}

impl Leases {
    pub fn new(
        store: Arc<dyn Store>,
        clock: SharedClock,
        shards: std::ops::RangeInclusive<u32>,
        count: u32,
        instance: impl Into<String>,
        lease_secs: u64,
    ) -> Self {
        let instance = instance.into();
        let leases = shards
            .filter(|id| *id < count)
            .map(|id| {
                Arc::new(ShardLease::new(
                    store.clone(),
                    clock.clone(),
                    ShardKey { id, count },
                    instance.clone(),
                    lease_secs,
                ))
            })
            .collect();
        Self {
            count,
            leases,
            instance,
        }
    }

    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// How many shards the bot has in all.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// The lease of each shard this process runs, in shard order.
    pub fn iter(&self) -> impl Iterator<Item = &Arc<ShardLease>> {
        self.leases.iter()
    }

    /// The lease of one shard, if this process runs it.
    pub fn shard(&self, id: u32) -> Option<&Arc<ShardLease>> {
        self.leases.iter().find(|l| l.shard().id == id)
    }

    /// Whether this process acts for events that came in on shard `id` now: it owns the shard
    /// and has taken it over.
    pub fn owns_shard(&self, id: u32) -> bool {
        self.shard(id).is_some_and(|l| l.is_acting())
    }

    /// Whether this process acts for the server now.
    pub fn owns_guild(&self, guild: GuildId) -> bool {
        self.owns_shard(shard_of(guild.get(), self.count))
    }

    /// Claims an interaction that came in on shard `shard` (see
    /// [`ShardLease::claim_interaction`]); never for a shard this process does not act for.
    pub async fn claim_interaction(&self, shard: u32, interaction_id: u64) -> bool {
        match self.shard(shard) {
            Some(lease) if lease.is_acting() => lease.claim_interaction(interaction_id).await,
            _ => false,
        }
    }

    /// Gives every lease up (a clean shutdown).
    pub async fn release_all(&self) {
        for lease in &self.leases {
            if lease.is_owner() {
                lease.release().await;
            }
        }
    }
}

impl Ownership for Leases {
    fn owned(&self) -> ShardSet {
        ShardSet::new(
            self.count,
            self.leases
                .iter()
                .filter(|l| l.is_acting())
                .map(|l| l.shard().id),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        clock::Clock,
        store::SqliteStore,
        test_support::{utc, TokioClock},
    };

    const SHARD: ShardKey = ShardKey { id: 0, count: 1 };

    struct Copies {
        store: Arc<SqliteStore>,
        clock: Arc<TokioClock>,
    }

    impl Copies {
        fn new() -> Self {
            Self {
                store: Arc::new(SqliteStore::in_memory().unwrap()),
                clock: Arc::new(TokioClock::starting_at(utc("2026-12-01T10:00:00Z"))),
            }
        }

        fn copy(&self, name: &str) -> Arc<ShardLease> {
            Arc::new(ShardLease::new(
                self.store.clone(),
                self.clock.clone(),
                SHARD,
                name,
                15,
            ))
        }

        fn secs(&self) -> i64 {
            (self.clock.now() - utc("2026-12-01T10:00:00Z")).num_seconds()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_standby_takes_over_within_a_period_of_a_release() {
        let c = Copies::new();
        let (a, b) = (c.copy("a"), c.copy("b"));
        let stop = CancellationToken::new();
        assert!(a.acquire(&stop).await);
        let holding = tokio::spawn({
            let (a, stop) = (a.clone(), stop.clone());
            async move { a.hold(&stop).await }
        });
        let standby = tokio::spawn({
            let (b, stop) = (b.clone(), CancellationToken::new());
            async move { b.acquire(&stop).await }
        });
        tokio::time::sleep(StdDuration::from_secs(60)).await;
        assert!(
            a.is_owner() && !b.is_owner(),
            "the owner renews; the standby waits"
        );
        assert!(!standby.is_finished());
        stop.cancel();
        assert_eq!(holding.await.unwrap(), Held::Stopped);
        a.release().await;
        let released_at = c.secs();
        assert!(standby.await.unwrap());
        assert!(b.is_owner() && !a.is_owner());
        assert!(
            c.secs() - released_at <= 5,
            "took {} s",
            c.secs() - released_at
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_crashed_owners_shard_is_taken_over_within_20_seconds() {
        let c = Copies::new();
        let (a, b) = (c.copy("a"), c.copy("b"));
        assert!(a.try_take().await.unwrap());
        // `a` dies here: it never renews.
        let stop = CancellationToken::new();
        assert!(b.acquire(&stop).await);
        assert!(c.secs() >= 15, "not before the lease ended: {} s", c.secs());
        assert!(c.secs() <= 20, "took {} s", c.secs());
        assert!(
            !a.is_owner(),
            "a stalled owner stops acting when its lease ends"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn an_owner_that_stalled_past_its_lease_learns_it_lost_and_never_claims_again() {
        let c = Copies::new();
        let (a, b) = (c.copy("a"), c.copy("b"));
        assert!(a.try_take().await.unwrap());
        assert!(a.claim_interaction(1).await);
        tokio::time::sleep(StdDuration::from_secs(16)).await;
        assert!(
            !a.claim_interaction(2).await,
            "its lease ended: it stays silent"
        );
        assert!(b.try_take().await.unwrap());
        assert!(b.claim_interaction(2).await);
        assert!(!b.claim_interaction(1).await, "claimed by a before");
        let stop = CancellationToken::new();
        assert_eq!(a.hold(&stop).await, Held::Lost);
        assert!(!a.is_owner());
    }

    #[tokio::test(start_paused = true)]
    async fn a_standby_never_claims_an_interaction() {
        let c = Copies::new();
        let (a, b) = (c.copy("a"), c.copy("b"));
        assert!(a.try_take().await.unwrap());
        assert!(!b.try_take().await.unwrap());
        assert!(!b.claim_interaction(7).await);
        assert!(a.claim_interaction(7).await);
    }

    /// Two processes with overlapping ranges (0-2/4 and 1-3/4): each shard has one owner, and
    /// each process acts only for its owned shards' servers.
    #[tokio::test(start_paused = true)]
    async fn overlapping_ranges_give_each_shard_one_owner() {
        let c = Copies::new();
        let leases =
            |name: &str, range| Leases::new(c.store.clone(), c.clock.clone(), range, 4, name, 15);
        let (a, b) = (leases("a", 0..=2), leases("b", 1..=3));
        for lease in a.iter() {
            assert!(lease.try_take().await.unwrap());
            lease.mark_acting();
        }
        for lease in b.iter() {
            if lease.try_take().await.unwrap() {
                lease.mark_acting();
            }
        }
        assert_eq!(a.owned(), ShardSet::new(4, [0, 1, 2]));
        assert_eq!(b.owned(), ShardSet::new(4, [3]), "1 and 2 were taken");
        let guild = |shard: u64| GuildId::new((40 + shard) << 22);
        assert!(a.owns_guild(guild(0)) && !b.owns_guild(guild(0)));
        assert!(a.owns_guild(guild(2)) && !b.owns_guild(guild(2)));
        assert!(!a.owns_guild(guild(3)) && b.owns_guild(guild(3)));
        assert!(b.claim_interaction(3, 10).await);
        assert!(!b.claim_interaction(1, 11).await, "b stands by for shard 1");
        assert!(a.claim_interaction(1, 11).await);
        assert!(!a.claim_interaction(3, 12).await, "a does not run shard 3");

        // `a` shuts down cleanly: `b` takes its shards 1 and 2, shard 0 stays unowned.
        a.release_all().await;
        for lease in b.iter() {
            assert!(lease.try_take().await.unwrap());
        }
        assert_eq!(
            b.owned(),
            ShardSet::new(4, [3]),
            "taken, but not acting for 1 and 2 before their take-over"
        );
        assert!(!b.claim_interaction(1, 13).await);
        for lease in b.iter() {
            lease.mark_acting();
        }
        assert_eq!(b.owned(), ShardSet::new(4, [1, 2, 3]));
        assert!(a.owned().is_empty());
    }
}
