//! Service-level tests: a real SQLite store (in memory, or a temp file shared by two
//! "instances"), a recording poster, a hand-set clock, and fakes for events, group sessions,
//! notices and the server's channels. This file holds those fixtures; the tests sit beside it,
//! one file per part of the service:
//!
//! - `admin.rs`: the `/reminders` operations and their checks (add, edit, skip, test, list).
//! - `firing.rs`: firing at the set time, exactly once, across restarts and instances; the
//!   prompt; scale; the loop itself.
//! - `events.rs`: group reminders and their scheduled events.
//! - `housekeeping.rs`: stopping a server's reminders, the retention purge, the repair pass.

mod admin;
mod events;
mod firing;
mod housekeeping;

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::Duration;

use super::{
    service::ServiceConfig, AdminNotifier, ChannelInfo, ChannelKind, EventSpec, GroupOutcome,
    GroupRequest, GroupStarter, GuildView, ReminderError, ReminderOptions, ReminderService,
    RoleInfo,
};
use crate::{
    clock::{Clock, SharedClock},
    deps::Deps,
    ids::{ChannelId, GuildId, MessageId, ReminderId, RoleId},
    limits::check_message,
    message::OutMessage,
    post::{Lane, PostError},
    render::as_text,
    store::{FireRow, FireStatus, ReminderRow, SqliteStore, Store},
    test_support::{
        assert_one_sentence, date, shipped_library, utc, Behave, EventCall, ManualClock,
        RecordingEvents, RecordingPoster, TokioClock,
    },
};

// ----- fixtures ------------------------------------------------------------------------------

const GUILD: GuildId = GuildId::new(1000);
const OTHER_GUILD: GuildId = GuildId::new(5000);
const TEXT: ChannelId = ChannelId::new(2001);
const TEXT2: ChannelId = ChannelId::new(2006);
const VOICE: ChannelId = ChannelId::new(2002);
const CATEGORY: ChannelId = ChannelId::new(2003);
const NO_SEND: ChannelId = ChannelId::new(2004);
const NO_EMBED: ChannelId = ChannelId::new(2005);
const FOREIGN_CHANNEL: ChannelId = ChannelId::new(3001);
const ROLE: RoleId = RoleId::new(4001);
const FOREIGN_ROLE: RoleId = RoleId::new(4999);
/// Not mentionable: only people with Mention Everyone may ping it.
const QUIET_ROLE: RoleId = RoleId::new(4002);
/// The server's @everyone role: its id is the server's.
const EVERYONE: RoleId = RoleId::new(GUILD.get());

fn config() -> ServiceConfig {
    ServiceConfig {
        default_timezone: chrono_tz::UTC,
        max_per_server: 25,
        grace: Duration::seconds(900),
        claim_lease: Duration::seconds(60),
        send_deadline: Duration::seconds(45),
        nonce_safe: Duration::seconds(180),
        group_lobby_secs: 300,
        max_concurrent_fires: 8,
        retention_days: 30,
        checkin_retention_days: 400,
        default_routine: "childs-pose".into(),
        texts: Arc::new(
            crate::i18n::Texts::load(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales"),
            )
            .expect("the shipped languages load"),
        ),
    }
}

/// The recording poster, checking what reminders post: only new messages, in the scheduled
/// lane.
fn recording_poster(clock: SharedClock) -> Arc<RecordingPoster> {
    let poster = RecordingPoster::new(clock);
    answer_with(&poster, Behave::Ok);
    Arc::new(poster)
}

/// Answers every post as `behave`, after checking it is a post reminders may make.
fn answer_with(poster: &RecordingPoster, behave: Behave) {
    poster.set_rule(move |s| {
        assert!(s.edit_of.is_none(), "reminders never edit messages");
        assert_eq!(
            s.lane,
            Lane::Scheduled,
            "prompts and test prompts are scheduled posts"
        );
        behave.clone()
    });
}

/// Answers group requests with a set outcome, recording them.
struct FakeGroup {
    requests: Mutex<Vec<GroupRequest>>,
    answer: Mutex<Result<GroupOutcome, PostError>>,
    /// How long opening a lobby takes (on tokio's clock).
    delay: Mutex<std::time::Duration>,
}

impl FakeGroup {
    fn new(answer: Result<GroupOutcome, PostError>) -> Arc<Self> {
        Arc::new(Self {
            requests: Mutex::default(),
            answer: Mutex::new(answer),
            delay: Mutex::default(),
        })
    }

    fn set_delay(&self, delay: std::time::Duration) {
        *self.delay.lock().unwrap() = delay;
    }

    fn requests(&self) -> Vec<GroupRequest> {
        self.requests.lock().unwrap().clone()
    }
}

#[async_trait]
impl GroupStarter for FakeGroup {
    async fn start_group(&self, request: GroupRequest) -> Result<GroupOutcome, PostError> {
        self.requests.lock().unwrap().push(request);
        let delay = *self.delay.lock().unwrap();
        tokio::time::sleep(delay).await;
        self.answer.lock().unwrap().clone()
    }
}

#[derive(Default)]
struct FakeNotifier {
    notices: Mutex<Vec<(GuildId, OutMessage)>>,
}

#[async_trait]
impl AdminNotifier for FakeNotifier {
    async fn notify(&self, guild_id: GuildId, message: OutMessage) {
        self.notices.lock().unwrap().push((guild_id, message));
    }
}

/// The server a command comes from.
struct FakeGuild {
    can_events: bool,
    /// The person using the command holds Mention Everyone.
    mentions_everyone: bool,
}

impl GuildView for FakeGuild {
    fn channel(&self, id: ChannelId) -> Option<ChannelInfo> {
        let text = |name: &str| ChannelInfo {
            kind: ChannelKind::Text,
            name: name.into(),
            bot_can_view: true,
            bot_can_send: true,
            bot_can_embed: true,
        };
        Some(match id {
            TEXT => text("stretching"),
            TEXT2 => text("general"),
            VOICE => ChannelInfo {
                kind: ChannelKind::Voice,
                ..text("Lounge")
            },
            CATEGORY => ChannelInfo {
                kind: ChannelKind::Category,
                ..text("TEAM")
            },
            NO_SEND => ChannelInfo {
                bot_can_send: false,
                bot_can_embed: false,
                ..text("announcements-readonly")
            },
            NO_EMBED => ChannelInfo {
                bot_can_embed: false,
                ..text("no-embeds")
            },
            _ => return None,
        })
    }

    fn role(&self, id: RoleId) -> Option<RoleInfo> {
        match id {
            ROLE => Some(RoleInfo {
                name: "stretchers".into(),
                is_everyone: false,
                mentionable: true,
            }),
            QUIET_ROLE => Some(RoleInfo {
                name: "night shift".into(),
                is_everyone: false,
                mentionable: false,
            }),
            EVERYONE => Some(RoleInfo {
                name: "@everyone".into(),
                is_everyone: true,
                mentionable: true,
            }),
            _ => None,
        }
    }

    fn bot_can_create_events(&self) -> bool {
        self.can_events
    }

    fn author_can_mention_everyone(&self) -> bool {
        self.mentions_everyone
    }
}

const GUILD_VIEW: FakeGuild = FakeGuild {
    can_events: true,
    mentions_everyone: false,
};

struct H {
    service: Arc<ReminderService>,
    store: Arc<dyn Store>,
    poster: Arc<RecordingPoster>,
    events: Arc<RecordingEvents>,
    group: Arc<FakeGroup>,
    notices: Arc<FakeNotifier>,
    clock: Arc<ManualClock>,
}

impl H {
    fn on(store: Arc<dyn Store>, clock: Arc<ManualClock>) -> Self {
        Self::with(store, clock, config())
    }

    fn with(store: Arc<dyn Store>, clock: Arc<ManualClock>, config: ServiceConfig) -> Self {
        let shared: SharedClock = clock.clone();
        let poster = recording_poster(shared.clone());
        let events = Arc::new(RecordingEvents::default());
        let group = FakeGroup::new(Ok(GroupOutcome::Started {
            lobby_message_id: Some(MessageId::new(4242)),
        }));
        let notices = Arc::new(FakeNotifier::default());
        let service = Arc::new(
            ReminderService::new(
                Deps {
                    store: store.clone(),
                    poster: poster.clone(),
                    clock: shared,
                    library: shipped_library(),
                },
                config,
                group.clone(),
                events.clone(),
            )
            .with_notifier(notices.clone()),
        );
        Self {
            service,
            store,
            poster,
            events,
            group,
            notices,
            clock,
        }
    }

    fn new(now: &str) -> Self {
        Self::on(
            Arc::new(SqliteStore::in_memory().unwrap()),
            ManualClock::at(utc(now)),
        )
    }

    async fn add(&self, options: ReminderOptions) -> Result<super::Reminder, ReminderError> {
        self.service.add(GUILD, options, &GUILD_VIEW).await
    }

    /// When `r` fires next, from the clock's now.
    fn next_at(&self, r: &super::Reminder) -> chrono::DateTime<chrono::Utc> {
        r.upcoming(self.clock.now()).unwrap().at
    }

    /// Reminder `number` of GUILD as stored; the tests ask only for ones that exist.
    async fn row(&self, number: u32) -> ReminderRow {
        self.store.reminder(GUILD, number).await.unwrap().unwrap()
    }

    /// The record of reminder `id`'s fire on `day`, if there is one.
    async fn fire(&self, id: ReminderId, day: &str) -> Option<FireRow> {
        self.store.reminder_fire(id, date(day)).await.unwrap()
    }

    async fn tick_at(&self, now: &str) -> usize {
        self.clock.set(utc(now));
        self.service.tick().await.unwrap().posted
    }
}

fn at(time: &str) -> ReminderOptions {
    ReminderOptions {
        time: Some(time.into()),
        channel_id: Some(TEXT),
        ..ReminderOptions::default()
    }
}

fn user_sentence(r: Result<impl std::fmt::Debug, ReminderError>) -> String {
    match r {
        Err(ReminderError::User(s)) => s.to_string(),
        other => panic!("expected a sentence for the user, got {other:?}"),
    }
}
