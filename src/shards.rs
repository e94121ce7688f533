//! Which gateway shards this process runs (`discord.shards`, env `DISCORD_SHARDS`), which
//! shard a server belongs to, and which shards' servers a process acts for now. Pure values:
//! `discord/gateway.rs` turns a [`ShardPlan`] into serenity's shard start-up, `cluster.rs`
//! decides which of the planned shards this process owns, and the store's queries take a
//! [`ShardSet`] to see only those shards' servers.

use std::fmt;

use crate::ids::GuildId;

/// The shards one process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardPlan {
    /// Every shard, as many as Discord recommends (`GET /gateway/bot`).
    Auto,
    /// Shards `first..=last` of `total`.
    Range { first: u32, last: u32, total: u32 },
}

/// Why a `discord.shards` value was refused, said to the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardPlanError(String);

impl fmt::Display for ShardPlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ShardPlanError {}

impl ShardPlan {
    /// Reads `auto` (or empty), `N`, `A-B/N` or `A/N`; ids count from 0.
    pub fn parse(raw: &str) -> Result<Self, ShardPlanError> {
        let s = raw.trim();
        let shape = || {
            ShardPlanError(format!(
                "expected auto, N, A-B/N or A/N (shards A to B of N, counted from 0, e.g. 0-1/4), found {raw:?}"
            ))
        };
        if s.is_empty() || s.eq_ignore_ascii_case("auto") {
            return Ok(Self::Auto);
        }
        // Digits only: `u32::from_str` would also take a leading `+`.
        let number = |t: &str| -> Result<u32, ShardPlanError> {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(shape());
            }
            t.parse().map_err(|_| shape())
        };
        let (first, last, total) = match s.split_once('/') {
            None => {
                let total = number(s)?;
                (0, total.saturating_sub(1), total)
            }
            Some((ids, total)) => {
                let total = number(total)?;
                match ids.split_once('-') {
                    Some((a, b)) => (number(a)?, number(b)?, total),
                    None => {
                        let a = number(ids)?;
                        (a, a, total)
                    }
                }
            }
        };
        if total == 0 {
            return Err(ShardPlanError(format!(
                "{raw:?}: the shard count must be at least 1"
            )));
        }
        if first > last {
            return Err(ShardPlanError(format!(
                "{raw:?}: the first shard ({first}) is after the last ({last})"
            )));
        }
        if last >= total {
            return Err(ShardPlanError(format!(
                "{raw:?}: shard ids run from 0 to {} when there are {total}",
                total - 1
            )));
        }
        Ok(Self::Range { first, last, total })
    }
}

impl ShardPlan {
    /// The shards to run, `(first, last, total)`, given the count Discord recommends (read only
    /// for [`ShardPlan::Auto`]).
    pub fn resolve(self, recommended: u32) -> (u32, u32, u32) {
        match self {
            Self::Auto => {
                let total = recommended.max(1);
                (0, total - 1, total)
            }
            Self::Range { first, last, total } => (first, last, total),
        }
    }
}

/// Some of the shards of a bot with `count` shards: the ones a process acts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardSet {
    count: u32,
    /// Sorted, without repeats, each below `count`.
    ids: Vec<u32>,
}

impl ShardSet {
    /// `ids` of `count` shards; ids past the count are dropped.
    pub fn new(count: u32, ids: impl IntoIterator<Item = u32>) -> Self {
        let count = count.max(1);
        let mut ids: Vec<u32> = ids.into_iter().filter(|id| *id < count).collect();
        ids.sort_unstable();
        ids.dedup();
        Self { count, ids }
    }

    /// Every server: the one shard of an unsharded bot.
    pub fn everything() -> Self {
        Self::new(1, [0])
    }

    pub fn count(&self) -> u32 {
        self.count
    }

    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Every shard is in the set: a filter on it would pass every server.
    pub fn is_everything(&self) -> bool {
        self.ids.len() == self.count as usize
    }

    pub fn contains(&self, shard: u32) -> bool {
        self.ids.binary_search(&shard).is_ok()
    }

    /// The server's shard is in the set.
    pub fn has_guild(&self, guild: GuildId) -> bool {
        self.contains(shard_of(guild.get(), self.count))
    }
}

/// Which shards' servers this process acts for at this moment. It changes as leases are taken
/// over, so it is asked each time rather than kept.
pub trait Ownership: Send + Sync {
    fn owned(&self) -> ShardSet;
}

/// A fixed set (one process that owns everything, and tests).
impl Ownership for ShardSet {
    fn owned(&self) -> ShardSet {
        self.clone()
    }
}

/// The requests per second one process may send when it runs `shards_run` of `total` shards
/// and no shared proxy paces the bot's processes together: Discord's global limit is per bot,
/// so its share, rounded down (the shares of processes running disjoint ranges never add up to
/// more than `rate`), and at least 1.
pub fn rate_share(rate: u32, shards_run: u32, total: u32) -> u32 {
    let share = u64::from(rate) * u64::from(shards_run.min(total)) / u64::from(total.max(1));
    u32::try_from(share).unwrap_or(rate).max(1)
}

/// The shard that carries a server's events when there are `total` shards (Discord's rule).
/// Servers never move between processes by migration: ownership follows from the id alone.
pub fn shard_of(guild_id: u64, total: u32) -> u32 {
    ((guild_id >> 22) % u64::from(total.max(1))) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(first: u32, last: u32, total: u32) -> ShardPlan {
        ShardPlan::Range { first, last, total }
    }

    #[test]
    fn every_accepted_shape() {
        assert_eq!(ShardPlan::parse(""), Ok(ShardPlan::Auto));
        assert_eq!(ShardPlan::parse(" AUTO "), Ok(ShardPlan::Auto));
        assert_eq!(ShardPlan::parse("1"), Ok(range(0, 0, 1)));
        assert_eq!(ShardPlan::parse("4"), Ok(range(0, 3, 4)));
        assert_eq!(ShardPlan::parse("0-1/4"), Ok(range(0, 1, 4)));
        assert_eq!(ShardPlan::parse("2-3/4"), Ok(range(2, 3, 4)));
        assert_eq!(ShardPlan::parse("3/4"), Ok(range(3, 3, 4)));
        assert_eq!(ShardPlan::parse("0-0/1"), Ok(range(0, 0, 1)));
        assert_eq!(ShardPlan::parse("1-1/2"), Ok(range(1, 1, 2)));
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        let err = |s: &str| ShardPlan::parse(s).unwrap_err().to_string();
        assert!(err("3-1/4").contains("first shard (3) is after the last (1)"));
        assert!(err("4/4").contains("from 0 to 3"));
        assert!(err("0-4/4").contains("from 0 to 3"));
        assert!(err("0/0").contains("at least 1"));
        assert!(err("0").contains("at least 1"));
        for bad in [
            "two",
            "-1",
            "+2",
            "1-/4",
            "-1/4",
            "1-2",
            "1/",
            "/4",
            "1-2-3/4",
            "1/2/3",
            "1 /4",
            "0x10",
            "99999999999",
            "1.5",
        ] {
            assert!(
                err(bad).contains("expected auto, N, A-B/N or A/N"),
                "{bad}: {}",
                err(bad)
            );
        }
    }

    #[test]
    fn auto_runs_every_recommended_shard_and_a_range_runs_itself() {
        assert_eq!(ShardPlan::Auto.resolve(3), (0, 2, 3));
        assert_eq!(ShardPlan::Auto.resolve(0), (0, 0, 1), "at least one");
        assert_eq!(
            range(2, 3, 4).resolve(16),
            (2, 3, 4),
            "the count Discord wants is moot"
        );
    }

    #[test]
    fn a_process_paces_at_its_share_of_the_global_rate() {
        assert_eq!(rate_share(45, 1, 1), 45, "one process, every shard");
        assert_eq!(rate_share(45, 4, 4), 45);
        assert_eq!(
            rate_share(45, 2, 4),
            22,
            "rounded down: two halves stay within 45"
        );
        assert_eq!(rate_share(45, 1, 16), 2);
        assert_eq!(rate_share(45, 1, 100), 1, "never stops sending");
        assert!(
            (0..4).map(|_| rate_share(45, 4, 16)).sum::<u32>() <= 45,
            "four processes of four shards each"
        );
    }

    #[test]
    fn a_set_holds_its_shards_servers_only() {
        let set = ShardSet::new(4, [3, 1, 1, 9]);
        assert_eq!(set.ids(), &[1, 3], "sorted, once each, within the count");
        assert!(!set.is_everything() && !set.is_empty());
        for raw in 0..4u64 {
            let guild = GuildId::new((raw << 22) | 12_345);
            assert_eq!(set.has_guild(guild), raw == 1 || raw == 3, "shard {raw}");
        }
        assert!(ShardSet::everything().has_guild(GuildId::new(7 << 22)));
        assert!(ShardSet::everything().is_everything());
        assert!(ShardSet::new(2, []).is_empty());
        assert!(
            ShardSet::new(0, [0]).is_everything(),
            "no shards is read as one"
        );
    }

    #[test]
    fn a_server_belongs_to_the_shard_of_its_id() {
        let guild = 41_771_983_423_143_937u64; // (id >> 22) = 9_959_216_934.
        assert_eq!(shard_of(guild, 1), 0);
        assert_eq!(shard_of(guild, 4), (9_959_216_934u64 % 4) as u32);
        assert_eq!(shard_of(3 << 22, 2), 1);
        assert_eq!(shard_of(3 << 22, 0), 0, "no shards is read as one");
    }
}
