//! Wires the bot together: content, store, sending layer, background services and the gateway.
//! [`run`] is what the binary calls; tests and the binary pass their own shutdown signal.

use std::{future::Future, path::Path, sync::Arc};

use anyhow::Context as _;
use tokio_util::sync::CancellationToken;
use tracing::info;

use crate::{
    clock::SharedClock,
    cluster::ShardLease,
    config::Config,
    content::Library,
    deps::Deps,
    discord::{self, Bot, Sender},
    session::SessionManager,
    store::{ShardKey, Store},
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
    let store: Arc<dyn Store> = crate::store::open(
        &settings.storage.database_url,
        settings.storage.max_connections,
    )
    .await?;
    info!(
        database = %crate::store::redact_url(&settings.storage.database_url),
        "store opened"
    );
    let sender = Arc::new(Sender::new(&settings, token.clone())?);
    let deps = Deps {
        store: store.clone(),
        poster: sender.clone(),
        clock: clock.clone(),
        library: library.clone(),
    };
    let sessions = Arc::new(SessionManager::new(deps.clone(), settings.sessions.clone()));
    let notices = Arc::new(discord::scheduled_events::DiscordNotices::new(
        sender.clone(),
    ));
    let reminders = Arc::new(
        crate::reminders::ReminderService::new(
            deps,
            crate::reminders::ServiceConfig::from_settings(&settings),
            Arc::new(crate::reminders::sessions::SessionGroups::new(
                sessions.clone(),
            )),
            Arc::new(discord::scheduled_events::DiscordEvents::new(
                sender.clone(),
            )),
        )
        .with_notifier(notices.clone()),
    );
    let servers = Arc::new(crate::servers::Servers::new(
        sessions.clone(),
        reminders.clone(),
        store.clone(),
        clock.clone(),
    ));
    let lease = Arc::new(ShardLease::new(
        store.clone(),
        clock.clone(),
        ShardKey { id: 0, count: 1 },
        instance_id(),
        settings.cluster.lease_secs,
    ));
    let bot = Arc::new(Bot {
        settings,
        library,
        store: store.clone(),
        sender,
        clock: clock.clone(),
        sessions: sessions.clone(),
        reminders: reminders.clone(),
        servers,
        notices,
        lease: lease.clone(),
    });
    let stop = CancellationToken::new();
    let gateway = discord::start(bot.clone(), &token, stop.clone()).await?;
    info!(instance = %lease.instance(), "stretchbot started");
    tokio::pin!(shutdown);
    let mut wait = std::pin::pin!(gateway.wait());

    // Connected, silent, until this copy owns the shard: another copy may be acting for it.
    let standing_by = CancellationToken::new();
    let owner = tokio::select! {
        () = &mut shutdown => false,
        owner = lease.acquire(&standing_by) => owner,
        result = &mut wait => {
            result?;
            anyhow::bail!("the gateway connection ended");
        }
    };
    if !owner {
        info!("shutting down (standing by)");
        stop.cancel();
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), &mut wait).await;
        info!("stopped");
        return Ok(());
    }

    // A previous owner's sessions resume with crash semantics (or shifted by the downtime after
    // it paused them for a restart); reminders fire through REST only.
    let resumed = sessions
        .resume_all()
        .await
        .context("cannot resume the sessions saved before the restart")?;
    info!(
        resumed = resumed.resumed,
        closed = resumed.closed,
        "sessions restored"
    );
    // Its own signal: at shutdown the reminder loop stops before anything else (see below).
    let stop_reminders = CancellationToken::new();
    let reminder_loop = tokio::spawn(reminders.run(stop_reminders.clone()));
    tokio::spawn(purge_interaction_claims(store, clock, stop.clone()));

    let holding = CancellationToken::new();
    tokio::select! {
        () = &mut shutdown => {
            info!("shutting down");
            // The reminder loop stops first and hands its claims back, so another copy can take
            // them at once; its group fires still find the sessions running (a lobby, not a
            // prompt instead). Only then do running sessions pause for the restart.
            stop_reminders.cancel();
            if tokio::time::timeout(REMINDERS_STOP_WAIT, reminder_loop).await.is_err() {
                tracing::warn!("the reminder loop did not stop in time");
            }
            // Running sessions say they pause for a restart and are saved before we go.
            sessions.shutdown().await;
            stop.cancel();
            holding.cancel();
            // Last: the next owner takes over at once, and finds everything saved.
            lease.release().await;
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), &mut wait).await;
        }
        held = lease.hold(&holding) => {
            debug_assert_eq!(held, crate::cluster::Held::Lost);
            stop_reminders.cancel();
            stop.cancel();
            anyhow::bail!("this copy lost the shard's lease to another; exiting so that only the new owner acts");
        }
        result = &mut wait => {
            result?;
            anyhow::bail!("the gateway connection ended");
        }
    }
    info!("stopped");
    Ok(())
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
/// minutes, so Discord never delivers one again after that.
async fn purge_interaction_claims(
    store: Arc<dyn Store>,
    clock: SharedClock,
    stop: CancellationToken,
) {
    let mut hourly = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            _ = hourly.tick() => {}
        }
        let before = clock.now() - chrono::Duration::hours(1);
        if let Err(e) = store.purge_interaction_claims_before(before).await {
            tracing::warn!(error = %crate::error::chain(&e), "could not purge old interaction claims");
        }
    }
}
