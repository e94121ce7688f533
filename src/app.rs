//! Wires the bot together: content, store, sending layer, background services and the gateway.
//! [`run`] is what the binary calls; tests and the binary pass their own shutdown signal.

use std::{future::Future, path::Path, sync::Arc};

use anyhow::Context as _;
use tokio_util::sync::CancellationToken;
use tracing::info;

use crate::{
    clock::SharedClock,
    cluster::{Held, Leases, ShardLease},
    config::Config,
    content::Library,
    deps::Deps,
    discord::{self, Bot, Sender},
    reminders::ReminderService,
    session::SessionManager,
    shards::ShardSet,
    store::Store,
};

/// How long a shutdown waits for the reminder loop to hand its fires back (it waits up to 10 s
/// for fires in flight itself, and 5 s for background work).
const REMINDERS_STOP_WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// Loads the content pack and checks that the default routine is in it.
pub fn load_content(config: &Config) -> anyhow::Result<Library> {
    let s = &config.settings;
    let library = Library::load(Path::new(&s.content.dir))?;
    if library.get(&s.content.default_routine).is_none() {
        anyhow::bail!(
            "content.default_routine `{}` is not in {}",
            s.content.default_routine,
            s.content.dir
        );
    }
    Ok(library)
}

/// Loads the sentences of every language from `<content.dir>/locales/` and checks that each
/// language has exactly English's keys.
pub fn load_texts(config: &Config) -> anyhow::Result<crate::i18n::Texts> {
    let dir = Path::new(&config.settings.content.dir).join("locales");
    let texts = crate::i18n::Texts::load(&dir)?;
    texts.check(&dir)?;
    Ok(texts)
}

/// Runs the bot until `shutdown` resolves or the gateway stops.
pub async fn run(
    config: Config,
    clock: SharedClock,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let token = config
        .token
        .clone()
        .context("no bot token: set DISCORD_TOKEN or DISCORD_TOKEN_FILE")?;
    let settings = config.settings.clone();
    let library = Arc::new(load_content(&config)?);
    let texts = Arc::new(load_texts(&config)?);
    let store: Arc<dyn Store> = crate::store::open(
        &settings.storage.database_url,
        settings.storage.max_connections,
    )
    .await?;
    info!(
        database = %crate::store::redact_url(&settings.storage.database_url),
        "store opened"
    );
    tokio::pin!(shutdown);
    let stop = CancellationToken::new();
    // Which shards to run; waits here while the day's identify budget is spent.
    let planned = tokio::select! {
        () = &mut shutdown => None,
        planned = discord::gateway::plan(&settings, &token, &stop) => planned?,
    };
    let Some(run) = planned else {
        info!("stopped before connecting");
        return Ok(());
    };
    let leases = Arc::new(Leases::new(
        store.clone(),
        clock.clone(),
        run.first..=run.last,
        run.total,
        instance_id(),
        settings.cluster.lease_secs,
    ));
    let sender = Arc::new(Sender::paced(
        &settings,
        token.clone(),
        request_rate(&settings, run),
    )?);
    let deps = Deps {
        store: store.clone(),
        poster: sender.clone(),
        clock: clock.clone(),
        library: library.clone(),
    };
    let sessions = Arc::new(
        SessionManager::new(deps.clone(), settings.sessions.clone()).with_texts(texts.clone()),
    );
    let notices = Arc::new(discord::scheduled_events::DiscordNotices::new(
        sender.clone(),
    ));
    let reminders = Arc::new(
        crate::reminders::ReminderService::new(
            deps,
            crate::reminders::ServiceConfig {
                texts: texts.clone(),
                ..crate::reminders::ServiceConfig::from_settings(&settings)
            },
            Arc::new(crate::reminders::sessions::SessionGroups::new(
                sessions.clone(),
            )),
            Arc::new(discord::scheduled_events::DiscordEvents::new(
                sender.clone(),
            )),
        )
        .with_notifier(notices.clone())
        .with_ownership(leases.clone()),
    );
    let servers = Arc::new(crate::servers::Servers::new(
        sessions.clone(),
        reminders.clone(),
        store.clone(),
        clock.clone(),
    ));
    let health_addr = settings.health_addr();
    let stats = Arc::new(crate::stats::StatsService::new(
        store.clone(),
        clock.clone(),
        // Validated at load; UTC only guards a hand-made config.
        settings
            .reminders
            .default_timezone
            .parse()
            .unwrap_or(chrono_tz::UTC),
        settings.data.checkin_retention_days,
    ));
    let nudges = Arc::new(crate::nudges::Nudges::new(
        store.clone(),
        sender.clone(),
        sender.clone(),
        clock.clone(),
        library.clone(),
        texts.clone(),
        crate::nudges::NudgesConfig::from_settings(&settings),
        leases.instance().to_owned(),
        stats.clone(),
    ));
    let count_edits = crate::stats::coalesce::CountEdits::new(sender.clone());
    let bot = Arc::new(Bot {
        texts,
        settings,
        library,
        store: store.clone(),
        sender,
        clock: clock.clone(),
        sessions: sessions.clone(),
        reminders: reminders.clone(),
        nudges: nudges.clone(),
        servers,
        notices,
        leases: leases.clone(),
        stats,
        count_edits,
    });
    let gateway = discord::start(bot.clone(), &token, run, stop.clone()).await?;
    if let Some(addr) = health_addr {
        let sources = discord::health::Sources {
            shards: gateway.shards.clone(),
            cache: gateway.cache.clone(),
            leases: leases.clone(),
        };
        discord::health::serve(addr, sources, stop.clone()).await?;
    }
    info!(instance = %leases.instance(), "stretchbot started");
    let mut wait = std::pin::pin!(gateway.wait());

    // Each shard is acted for once this process holds its lease: connected and silent until
    // then, since another process may own it. The reminder loop starts with the first lease and
    // fires only what the held leases cover at each look.
    let standing_by = CancellationToken::new();
    let holding = CancellationToken::new();
    let (lost_tx, mut lost) = tokio::sync::mpsc::channel::<u32>(1);
    let (owns_tx, owns) = tokio::sync::watch::channel(false);
    for lease in leases.iter() {
        tokio::spawn(own_shard(
            lease.clone(),
            Shard {
                total: run.total,
                sessions: sessions.clone(),
                reminders: reminders.clone(),
                owns: owns_tx.clone(),
                lost: lost_tx.clone(),
            },
            standing_by.clone(),
            holding.clone(),
        ));
    }
    drop(lost_tx);
    // Its own signal: at shutdown the reminder loop stops before anything else (see below).
    let stop_reminders = CancellationToken::new();
    let reminder_loop = tokio::spawn({
        let (reminders, stop) = (reminders.clone(), stop_reminders.clone());
        let mut owns = owns;
        async move {
            let owner = tokio::select! {
                owns = owns.wait_for(|owns| *owns) => owns.is_ok(),
                () = stop.cancelled() => false,
            };
            if owner {
                reminders.run(stop).await;
            }
        }
    });
    // Nudges are DMs, which Discord delivers to shard 0: only the owner of shard 0 sends them,
    // so one process does, and a standby takes over with the lease.
    let stop_nudges = CancellationToken::new();
    let nudge_loop = tokio::spawn({
        let leases = leases.clone();
        nudges
            .clone()
            .run(stop_nudges.clone(), Arc::new(move || leases.owns_shard(0)))
    });
    tokio::spawn(purge_interaction_claims(
        store,
        clock,
        leases.clone(),
        stop.clone(),
    ));

    tokio::select! {
        () = &mut shutdown => {
            info!("shutting down");
            standing_by.cancel();
            // The reminder loop stops first and hands its claims back, so another copy can take
            // them at once; its group fires still find the sessions running (a lobby, not a
            // prompt instead). Only then do running sessions pause for the restart.
            stop_reminders.cancel();
            stop_nudges.cancel();
            if tokio::time::timeout(REMINDERS_STOP_WAIT, reminder_loop).await.is_err() {
                tracing::warn!("the reminder loop did not stop in time");
            }
            if tokio::time::timeout(REMINDERS_STOP_WAIT, nudge_loop).await.is_err() {
                tracing::warn!("the nudge loop did not stop in time");
            }
            // Running sessions say they pause for a restart and are saved before we go.
            sessions.shutdown().await;
            stop.cancel();
            holding.cancel();
            // Last: the next owners take over at once, and find everything saved.
            leases.release_all().await;
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), &mut wait).await;
        }
        Some(shard) = lost.recv() => {
            standing_by.cancel();
            stop_reminders.cancel();
            stop_nudges.cancel();
            stop.cancel();
            // The other leases are not released: this process's sessions still run until it
            // exits, and their standbys must not resume them meanwhile.
            anyhow::bail!("this process lost the lease of shard {shard} to another; exiting so that only the new owner acts");
        }
        result = &mut wait => {
            result?;
            anyhow::bail!("the gateway connection ended");
        }
    }
    info!("stopped");
    Ok(())
}

/// What a shard's owner acts on.
struct Shard {
    total: u32,
    sessions: Arc<SessionManager>,
    reminders: Arc<ReminderService>,
    /// Set once this process owns a shard (the reminder loop waits for it).
    owns: tokio::sync::watch::Sender<bool>,
    /// Told the shard's id if its lease is lost.
    lost: tokio::sync::mpsc::Sender<u32>,
}

/// One shard: waits for its gateway connection, stands by until its lease is ours, resumes the sessions of its servers and wakes
/// the reminder loop, then holds the lease until `holding` is cancelled or the lease is lost.
async fn own_shard(
    lease: Arc<ShardLease>,
    to: Shard,
    standing_by: CancellationToken,
    holding: CancellationToken,
) {
    let shard = lease.shard().id;
    // Only once the shard's events reach this process may it take the shard over.
    tokio::select! {
        () = lease.connected() => {}
        () = standing_by.cancelled() => return,
    }
    if !lease.acquire(&standing_by).await {
        return;
    }
    if standing_by.is_cancelled() {
        // Taken while shutting down: give it back at once rather than start its sessions.
        lease.release().await;
        return;
    }
    // Renewed from now on, also while the sessions resume (closing stale ones posts, at this
    // process's share of the request rate, and may outlast a short lease).
    let hold = lease.hold(&holding);
    tokio::pin!(hold);
    // A previous owner's sessions resume with crash semantics (or shifted by the downtime after
    // it paused them for a restart); reminders fire through REST only.
    let shards = ShardSet::new(to.total, [shard]);
    let resume = to.sessions.resume(&shards);
    let resumed = tokio::select! {
        resumed = resume => resumed,
        held = &mut hold => {
            if held == Held::Lost {
                let _ = to.lost.send(shard).await;
            }
            return;
        }
    };
    match resumed {
        Ok(resumed) => info!(
            shard,
            resumed = resumed.resumed,
            closed = resumed.closed,
            "sessions restored"
        ),
        Err(e) => {
            tracing::error!(shard, error = %crate::error::chain(&e), "cannot resume the sessions saved before the restart")
        }
    }
    // Only now does it act on the shard's interactions, events and reminders.
    lease.mark_acting();
    to.owns.send_replace(true);
    to.reminders.wake();
    if hold.await == Held::Lost {
        let _ = to.lost.send(shard).await;
    }
}

/// The requests per second this process sends, and Discord's limit it keeps under: the whole
/// of both when every process goes through one rate-limiting proxy, else its share of each
/// (`crate::shards::rate_share`).
fn request_rate(
    settings: &crate::config::Settings,
    run: discord::gateway::ShardRun,
) -> discord::sender::limiter::Rate {
    let whole = discord::sender::limiter::Rate::under_discords_limit(
        settings.discord.global_requests_per_sec,
    );
    if settings.discord.shared_rate_limit_proxy {
        return whole;
    }
    let share = |rate| crate::shards::rate_share(rate, run.shards_run(), run.total);
    let rate = discord::sender::limiter::Rate {
        per_sec: share(whole.per_sec),
        cap: share(whole.cap),
    };
    if rate.per_sec < whole.per_sec {
        info!(
            requests_per_sec = rate.per_sec,
            of = whole.per_sec,
            "pacing at this process's share of the global request rate"
        );
    }
    rate
}

/// A name for this process in the database's leases and claims, unique among the copies.
fn instance_id() -> String {
    use rand::Rng as _;
    let host = std::env::var("HOSTNAME").unwrap_or_default();
    let tag: String = rand::thread_rng()
        .sample_iter(&rand::distributions::Alphanumeric)
        .take(8)
        .map(char::from)
        .collect();
    if host.is_empty() {
        tag
    } else {
        format!("{host}-{tag}")
    }
}

/// Forgets interaction claims older than an hour, hourly: an interaction's token lasts 15
/// minutes, so Discord never delivers one again after that; and nudge records older than two
/// days. A bot-wide chore: only the owner of shard 0 does it.
async fn purge_interaction_claims(
    store: Arc<dyn Store>,
    clock: SharedClock,
    leases: Arc<Leases>,
    stop: CancellationToken,
) {
    let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = hourly.tick() => {}
        }
        if !leases.owns_shard(0) {
            continue;
        }
        let before = clock.now() - chrono::Duration::hours(1);
        if let Err(e) = store.purge_interaction_claims_before(before).await {
            tracing::warn!(error = %crate::error::chain(&e), "could not purge old interaction claims");
        }
        // A nudge's record only guards its slot against a second post; two days is plenty.
        let before = clock.now() - chrono::Duration::days(2);
        if let Err(e) = store.purge_nudge_fires_before(before).await {
            tracing::warn!(error = %crate::error::chain(&e), "could not purge old nudge records");
        }
    }
}
