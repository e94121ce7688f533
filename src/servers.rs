//! Servers adding and removing the bot.
//!
//! Removal is one operation over everything the bot runs in a server: its live sessions stop,
//! its reminders stop, and the server is marked so the retention purge deletes its data later
//! (unless the bot comes back). Each part is tried even when another fails, so one failure
//! never leaves the rest running; the failures are reported together.

use std::sync::Arc;

use tracing::{error, info};

use crate::{
    clock::SharedClock,
    error::{chain, Internal},
    ids::GuildId,
    reminders::ReminderService,
    session::SessionManager,
    store::{Store, StoreError},
};

/// What removing a server did.
#[derive(Debug, Default)]
pub struct Removal {
    pub sessions_stopped: u32,
    pub reminders_stopped: u32,
    /// The parts that failed, with their causes (already logged).
    pub failures: Vec<Internal>,
}

/// The server-wide operations the Discord adapter calls on guild events.
pub struct Servers {
    sessions: Arc<SessionManager>,
    reminders: Arc<ReminderService>,
    store: Arc<dyn Store>,
    clock: SharedClock,
}

impl Servers {
    pub fn new(
        sessions: Arc<SessionManager>,
        reminders: Arc<ReminderService>,
        store: Arc<dyn Store>,
        clock: SharedClock,
    ) -> Self {
        Self {
            sessions,
            reminders,
            store,
            clock,
        }
    }

    /// The bot is in the server (it joined, or came back): its data is no longer due for the
    /// purge. `discord_locale`: the server's Discord language, recorded for the posts no
    /// interaction comes with.
    pub async fn present(
        &self,
        guild_id: GuildId,
        discord_locale: Option<&str>,
    ) -> Result<(), StoreError> {
        let marked = self.store.set_guild_present(guild_id, discord_locale).await;
        if let Err(e) = &marked {
            error!(guild_id = guild_id.get(), error = %chain(e), "cannot mark a server present");
        }
        marked
    }

    /// The bot was removed from the server (not an outage): stop everything it runs there.
    pub async fn removed(&self, guild_id: GuildId) -> Removal {
        let mut removal = Removal::default();
        match self.sessions.stop_guild(guild_id).await {
            Ok(n) => {
                removal.sessions_stopped = n;
                info!(
                    guild_id = guild_id.get(),
                    sessions = n,
                    "stopped the server's sessions"
                );
            }
            Err(e) => removal
                .failures
                .push(Internal::new("stop the server's sessions", e)),
        }
        match self.reminders.stop_guild(guild_id).await {
            Ok(n) => {
                removal.reminders_stopped = n;
                info!(
                    guild_id = guild_id.get(),
                    reminders = n,
                    "stopped the server's reminders"
                );
            }
            Err(e) => removal
                .failures
                .push(Internal::new("stop the server's reminders", e)),
        }
        let now = self.clock.now();
        if let Err(e) = self.store.set_guild_removed(guild_id, Some(now)).await {
            removal
                .failures
                .push(Internal::new("mark the server removed", e));
        }
        for failure in &removal.failures {
            error!(guild_id = guild_id.get(), error = %chain(failure), "removing a server: one part failed");
        }
        info!(
            guild_id = guild_id.get(),
            sessions = removal.sessions_stopped,
            reminders = removal.reminders_stopped,
            failed_parts = removal.failures.len(),
            "removed from a server"
        );
        removal
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::{Config, TokenNeed},
        deps::Deps,
        ids::{ChannelId, ReminderId, UserId},
        reminders::{NoGroupStarter, ServiceConfig},
        session::StartRequest,
        store::{ReminderRow, SqliteStore},
        test_support::{fixture_library, utc, RecordingEvents, RecordingPoster, TokioClock},
    };

    const GUILD: GuildId = GuildId::new(1);
    const CHANNEL: ChannelId = ChannelId::new(100);

    struct World {
        _dir: tempfile::TempDir,
        db: std::path::PathBuf,
        store: Arc<dyn Store>,
        channel: Arc<RecordingPoster>,
        servers: Servers,
    }

    /// A server with two sessions in their lobbies and one reminder, on a real SQLite file.
    async fn world() -> World {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("bot.db");
        let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&db).unwrap());
        let settings = Config::load(None, &[("X", "")], TokenNeed::Optional)
            .unwrap()
            .settings;
        let clock: SharedClock = Arc::new(TokioClock::starting_at(utc("2026-06-09T10:00:00Z")));
        let (_content, library) = fixture_library();
        let library = Arc::new(library);
        let channel = Arc::new(RecordingPoster::new(clock.clone()));
        let deps = Deps {
            store: store.clone(),
            poster: channel.clone(),
            clock: clock.clone(),
            library,
        };
        let sessions = Arc::new(SessionManager::new(deps.clone(), settings.sessions.clone()));
        let reminders = Arc::new(ReminderService::new(
            deps,
            ServiceConfig::from_settings(&settings),
            Arc::new(NoGroupStarter),
            Arc::new(RecordingEvents::default()),
        ));
        for channel_id in [CHANNEL, ChannelId::new(CHANNEL.get() + 1)] {
            sessions
                .start(StartRequest {
                    guild_id: GUILD,
                    channel_id,
                    starter_id: Some(UserId::new(7)),
                    routine_id: "childs-pose".into(),
                    sets: None,
                    hold_secs: None,
                    lobby_secs: Some(30),
                    scheduled: None,
                    guild_locale: None,
                })
                .await
                .unwrap();
        }
        let now = clock.now();
        let row = ReminderRow {
            id: ReminderId::new(0),
            guild_id: GUILD,
            number: 0,
            channel_id: CHANNEL,
            channel_name: "stretching".into(),
            time_of_day: "11:00".into(),
            days: 0b111_1111,
            timezone: "UTC".into(),
            kind: "prompt".into(),
            message: None,
            ping_role_id: None,
            routine_id: "childs-pose".into(),
            event_enabled: false,
            event_id: None,
            paused: false,
            flagged: None,
            stopped: false,
            next_fire_at: Some(now + chrono::Duration::hours(1)),
            next_fire_date: Some(now.date_naive()),
            rev: 0,
            created_at: now,
            updated_at: now,
        };
        store.insert_reminder(&row, 25).await.unwrap().unwrap();
        let servers = Servers::new(sessions, reminders, store.clone(), clock);
        World {
            _dir: dir,
            db,
            store,
            channel,
            servers,
        }
    }

    impl World {
        /// Breaks one part of the database behind the store's back, as a failing disk would.
        fn break_table(&self, table: &str) {
            rusqlite::Connection::open(&self.db)
                .unwrap()
                .execute_batch(&format!("DROP TABLE {table};"))
                .unwrap();
        }

        fn removed_at(&self) -> Option<String> {
            rusqlite::Connection::open(&self.db)
                .unwrap()
                .query_row(
                    "SELECT removed_at FROM guilds WHERE guild_id = ?1",
                    [GUILD.get() as i64],
                    |r| r.get(0),
                )
                .unwrap()
        }

        async fn reminders_stopped(&self) -> bool {
            let rows = self.store.guild_reminders(GUILD).await.unwrap();
            !rows.is_empty() && rows.iter().all(|r| r.stopped)
        }

        /// Whether anything reaches the channel over the next ten minutes.
        async fn posts_later(&self) -> usize {
            let before = self.channel.delivered();
            tokio::time::sleep(std::time::Duration::from_secs(600)).await;
            self.channel.delivered() - before
        }
    }

    #[tokio::test(start_paused = true)]
    async fn removal_stops_sessions_and_reminders_and_marks_the_server() {
        let w = world().await;
        let removal = w.servers.removed(GUILD).await;
        assert!(removal.failures.is_empty(), "{:?}", removal.failures);
        assert_eq!(
            (removal.sessions_stopped, removal.reminders_stopped),
            (2, 1)
        );
        assert!(w.reminders_stopped().await);
        assert!(w.removed_at().is_some());
        assert!(w
            .store
            .active_sessions(&crate::shards::ShardSet::everything())
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            w.posts_later().await,
            0,
            "the stopped session posts nothing"
        );
    }

    /// The server's removal with `table` broken: its one failure is stopping that part.
    async fn removed_with_broken(table: &str) -> (World, Removal) {
        let w = world().await;
        w.break_table(table);
        let removal = w.servers.removed(GUILD).await;
        assert_eq!(removal.failures.len(), 1, "{:?}", removal.failures);
        let failure = chain(&removal.failures[0]);
        assert!(
            failure.starts_with(&format!("stop the server's {table}")),
            "{failure}"
        );
        (w, removal)
    }

    #[tokio::test(start_paused = true)]
    async fn sessions_failing_to_stop_leave_nothing_running() {
        let (w, _) = removed_with_broken("sessions").await;
        assert!(w.reminders_stopped().await, "reminders still stop");
        assert!(w.removed_at().is_some(), "the server is still marked");
        assert_eq!(
            w.posts_later().await,
            0,
            "every session's task stopped anyway"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn reminders_failing_to_stop_leave_the_rest_done() {
        let (w, removal) = removed_with_broken("reminders").await;
        assert_eq!(removal.sessions_stopped, 2);
        assert!(w
            .store
            .active_sessions(&crate::shards::ShardSet::everything())
            .await
            .unwrap()
            .is_empty());
        assert!(w.removed_at().is_some(), "the server is still marked");
        assert_eq!(w.posts_later().await, 0);
    }
}
