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

use std::{
    collections::{HashMap, VecDeque},
    path::Path,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex, OnceLock,
    },
};

use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{
    service::ServiceConfig, AdminNotifier, ChannelInfo, ChannelKind, EventError, EventSpec,
    EventsPort, GroupOutcome, GroupRequest, GroupStarter, GuildView, ReminderError,
    ReminderOptions, ReminderService, RoleInfo,
};
use crate::{
    clock::{Clock, ManualClock, SharedClock},
    content::Library,
    ids::{ChannelId, GuildId, MessageId, ReminderId, RoleId},
    limits::check_message,
    message::OutMessage,
    post::{Lane, PostError, Poster},
    store::{SqliteStore, Store},
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
/// The server's @everyone role: its id is the server's.
const EVERYONE: RoleId = RoleId::new(GUILD.get());

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn library() -> Arc<Library> {
    static LIBRARY: OnceLock<Arc<Library>> = OnceLock::new();
    LIBRARY
        .get_or_init(|| {
            Arc::new(Library::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content")).unwrap())
        })
        .clone()
}

fn config() -> ServiceConfig {
    ServiceConfig {
        default_timezone: chrono_tz::UTC,
        max_per_server: 25,
        grace: Duration::seconds(900),
        group_lobby_secs: 300,
        max_concurrent_fires: 8,
        retention_days: 30,
        default_routine: "childs-pose".into(),
    }
}

/// A post as the fake saw it.
#[derive(Debug, Clone)]
struct Posted {
    channel_id: ChannelId,
    message: OutMessage,
    at: DateTime<Utc>,
}

/// Records every post; fails on demand per channel (a queue of one-off failures, or always).
struct FakePoster {
    clock: SharedClock,
    posts: Mutex<Vec<Posted>>,
    /// Every attempt's (channel, nonce), failures included.
    attempts: Mutex<Vec<(ChannelId, Option<String>)>>,
    fail_next: Mutex<HashMap<ChannelId, VecDeque<PostError>>>,
    fail_always: Mutex<HashMap<ChannelId, PostError>>,
    /// Posts (it is recorded) but answers with the id unknown, as after an unreadable 2xx.
    id_unknown: std::sync::atomic::AtomicBool,
    next_id: AtomicU64,
}

impl FakePoster {
    fn new(clock: SharedClock) -> Arc<Self> {
        Arc::new(Self {
            clock,
            posts: Mutex::default(),
            attempts: Mutex::default(),
            fail_next: Mutex::default(),
            fail_always: Mutex::default(),
            id_unknown: Default::default(),
            next_id: AtomicU64::new(7_000),
        })
    }

    fn posts(&self) -> Vec<Posted> {
        self.posts.lock().unwrap().clone()
    }

    fn attempts(&self) -> Vec<(ChannelId, Option<String>)> {
        self.attempts.lock().unwrap().clone()
    }

    fn fail_once(&self, channel: ChannelId, e: PostError) {
        self.fail_next
            .lock()
            .unwrap()
            .entry(channel)
            .or_default()
            .push_back(e);
    }

    fn fail_always(&self, channel: ChannelId, e: PostError) {
        self.fail_always.lock().unwrap().insert(channel, e);
    }
}

#[async_trait]
impl Poster for FakePoster {
    async fn post(
        &self,
        lane: Lane,
        channel_id: ChannelId,
        message: OutMessage,
    ) -> Result<Option<MessageId>, PostError> {
        assert_eq!(
            lane,
            Lane::Scheduled,
            "prompts and test prompts are scheduled posts"
        );
        check_message(&message).map_err(|e| PostError::Rejected(e.to_string()))?;
        self.attempts
            .lock()
            .unwrap()
            .push((channel_id, message.nonce.clone()));
        if let Some(e) = self.fail_always.lock().unwrap().get(&channel_id) {
            return Err(e.clone());
        }
        if let Some(e) = self
            .fail_next
            .lock()
            .unwrap()
            .get_mut(&channel_id)
            .and_then(VecDeque::pop_front)
        {
            return Err(e);
        }
        self.posts.lock().unwrap().push(Posted {
            channel_id,
            message,
            at: self.clock.now(),
        });
        if self.id_unknown.load(Ordering::SeqCst) {
            return Ok(None);
        }
        Ok(Some(MessageId::new(
            self.next_id.fetch_add(1, Ordering::SeqCst),
        )))
    }

    async fn edit(
        &self,
        _: Lane,
        _: ChannelId,
        _: MessageId,
        _: OutMessage,
    ) -> Result<(), PostError> {
        panic!("reminders never edit messages");
    }
}

#[derive(Debug, Clone, PartialEq)]
enum EventCall {
    Create(GuildId, EventSpec),
    Update(GuildId, u64, EventSpec),
    Delete(GuildId, u64),
}

#[derive(Default)]
struct FakeEvents {
    calls: Mutex<Vec<EventCall>>,
    next_id: AtomicU64,
}

impl FakeEvents {
    fn calls(&self) -> Vec<EventCall> {
        self.calls.lock().unwrap().clone()
    }
}

#[async_trait]
impl EventsPort for FakeEvents {
    async fn create(&self, guild_id: GuildId, event: &EventSpec) -> Result<u64, EventError> {
        self.calls
            .lock()
            .unwrap()
            .push(EventCall::Create(guild_id, event.clone()));
        Ok(9_000 + self.next_id.fetch_add(1, Ordering::SeqCst))
    }

    async fn update(
        &self,
        guild_id: GuildId,
        id: u64,
        event: &EventSpec,
    ) -> Result<(), EventError> {
        self.calls
            .lock()
            .unwrap()
            .push(EventCall::Update(guild_id, id, event.clone()));
        Ok(())
    }

    async fn delete(&self, guild_id: GuildId, id: u64) -> Result<(), EventError> {
        self.calls
            .lock()
            .unwrap()
            .push(EventCall::Delete(guild_id, id));
        Ok(())
    }
}

/// Answers group requests with a set outcome, recording them.
struct FakeGroup {
    requests: Mutex<Vec<GroupRequest>>,
    answer: Mutex<Result<GroupOutcome, PostError>>,
}

impl FakeGroup {
    fn new(answer: Result<GroupOutcome, PostError>) -> Arc<Self> {
        Arc::new(Self {
            requests: Mutex::default(),
            answer: Mutex::new(answer),
        })
    }

    fn requests(&self) -> Vec<GroupRequest> {
        self.requests.lock().unwrap().clone()
    }
}

#[async_trait]
impl GroupStarter for FakeGroup {
    async fn start_group(&self, request: GroupRequest) -> Result<GroupOutcome, PostError> {
        self.requests.lock().unwrap().push(request);
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
            }),
            EVERYONE => Some(RoleInfo {
                name: "@everyone".into(),
                is_everyone: true,
            }),
            _ => None,
        }
    }

    fn bot_can_create_events(&self) -> bool {
        self.can_events
    }
}

const GUILD_VIEW: FakeGuild = FakeGuild { can_events: true };

struct H {
    service: Arc<ReminderService>,
    store: Arc<dyn Store>,
    poster: Arc<FakePoster>,
    events: Arc<FakeEvents>,
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
        let poster = FakePoster::new(shared.clone());
        let events = Arc::new(FakeEvents::default());
        let group = FakeGroup::new(Ok(GroupOutcome::Started {
            lobby_message_id: Some(MessageId::new(4242)),
        }));
        let notices = Arc::new(FakeNotifier::default());
        let service = Arc::new(
            ReminderService::new(
                store.clone(),
                poster.clone(),
                shared,
                library(),
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

fn assert_one_sentence(s: &str) {
    assert!(
        s.chars().count() < 200,
        "too long ({}): {s}",
        s.chars().count()
    );
    assert!(!s.contains('\n'), "one line: {s}");
    assert!(s.ends_with('.') || s.ends_with('?'), "a sentence: {s}");
    assert_eq!(s.matches(". ").count(), 0, "one sentence: {s}");
    for internal in [
        "rusqlite",
        "Error",
        "error:",
        "panick",
        "unwrap",
        "{",
        "StoreError",
    ] {
        assert!(!s.contains(internal), "no internals ({internal}): {s}");
    }
}
