//! Service-level tests: a real SQLite store (in memory, or a temp file shared by two
//! "instances"), a recording poster, a hand-set clock, and fakes for events, group sessions,
//! notices and the server's channels.

use std::{
    collections::{HashMap, VecDeque},
    path::Path,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex, OnceLock,
    },
    time::Instant,
};

use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{
    model::say,
    prompt::{self, fire_nonce, pick_line},
    service::{ServiceConfig, TestOutcome, MAX_NAP},
    AdminNotifier, ChannelInfo, ChannelKind, EventError, EventSpec, EventsPort, GroupOutcome,
    GroupRequest, GroupStarter, GuildView, Kind, NoGroupStarter, ReminderError, ReminderOptions,
    ReminderService, RoleInfo, State,
};
use crate::{
    clock::{Clock, ManualClock, OffsetClock, SharedClock},
    content::Library,
    limits::check_message,
    message::OutMessage,
    post::{Lane, MessageId, PostError, Poster},
    render::as_text,
    store::{FireStatus, SqliteStore, Store},
};

// ----- fixtures ------------------------------------------------------------------------------

const GUILD: u64 = 1000;
const OTHER_GUILD: u64 = 5000;
const TEXT: u64 = 2001;
const TEXT2: u64 = 2006;
const VOICE: u64 = 2002;
const CATEGORY: u64 = 2003;
const NO_SEND: u64 = 2004;
const NO_EMBED: u64 = 2005;
const FOREIGN_CHANNEL: u64 = 3001;
const ROLE: u64 = 4001;
const FOREIGN_ROLE: u64 = 4999;

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
    channel_id: u64,
    message: OutMessage,
    at: DateTime<Utc>,
}

/// Records every post; fails on demand per channel (a queue of one-off failures, or always).
struct FakePoster {
    clock: SharedClock,
    posts: Mutex<Vec<Posted>>,
    /// Every attempt's (channel, nonce), failures included.
    attempts: Mutex<Vec<(u64, Option<String>)>>,
    fail_next: Mutex<HashMap<u64, VecDeque<PostError>>>,
    fail_always: Mutex<HashMap<u64, PostError>>,
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
            next_id: AtomicU64::new(7_000),
        })
    }

    fn posts(&self) -> Vec<Posted> {
        self.posts.lock().unwrap().clone()
    }

    fn attempts(&self) -> Vec<(u64, Option<String>)> {
        self.attempts.lock().unwrap().clone()
    }

    fn fail_once(&self, channel: u64, e: PostError) {
        self.fail_next
            .lock()
            .unwrap()
            .entry(channel)
            .or_default()
            .push_back(e);
    }

    fn fail_always(&self, channel: u64, e: PostError) {
        self.fail_always.lock().unwrap().insert(channel, e);
    }
}

#[async_trait]
impl Poster for FakePoster {
    async fn post(
        &self,
        lane: Lane,
        channel_id: u64,
        message: OutMessage,
    ) -> Result<MessageId, PostError> {
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
        Ok(self.next_id.fetch_add(1, Ordering::SeqCst))
    }

    async fn edit(&self, _: Lane, _: u64, _: MessageId, _: OutMessage) -> Result<(), PostError> {
        panic!("reminders never edit messages");
    }
}

#[derive(Debug, Clone, PartialEq)]
enum EventCall {
    Create(u64, EventSpec),
    Update(u64, u64, EventSpec),
    Delete(u64, u64),
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
    async fn create(&self, guild_id: u64, event: &EventSpec) -> Result<u64, EventError> {
        self.calls
            .lock()
            .unwrap()
            .push(EventCall::Create(guild_id, event.clone()));
        Ok(9_000 + self.next_id.fetch_add(1, Ordering::SeqCst))
    }

    async fn update(&self, guild_id: u64, id: u64, event: &EventSpec) -> Result<(), EventError> {
        self.calls
            .lock()
            .unwrap()
            .push(EventCall::Update(guild_id, id, event.clone()));
        Ok(())
    }

    async fn delete(&self, guild_id: u64, id: u64) -> Result<(), EventError> {
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
    notices: Mutex<Vec<(u64, OutMessage)>>,
}

#[async_trait]
impl AdminNotifier for FakeNotifier {
    async fn notify(&self, guild_id: u64, message: OutMessage) {
        self.notices.lock().unwrap().push((guild_id, message));
    }
}

/// The server a command comes from.
struct FakeGuild {
    can_events: bool,
}

impl GuildView for FakeGuild {
    fn channel(&self, id: u64) -> Option<ChannelInfo> {
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

    fn role(&self, id: u64) -> Option<RoleInfo> {
        match id {
            ROLE => Some(RoleInfo {
                name: "stretchers".into(),
                is_everyone: false,
            }),
            GUILD => Some(RoleInfo {
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
            lobby_message_id: 4242,
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
        Err(ReminderError::User(s)) => s,
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

// ----- bad input ------------------------------------------------------------------------------

#[tokio::test]
async fn every_bad_input_is_one_clear_sentence_and_saves_nothing() {
    let h = H::new("2026-06-09T10:00:00Z");
    let long = "x".repeat(5000);
    let cases: Vec<(&str, ReminderOptions, Option<&str>)> = vec![
        ("25:00", at("25:00"), Some("00 to 23")),
        ("9:60", at("9:60"), Some("00 to 59")),
        ("9am", at("9am"), Some("09:00")),
        ("empty time", at(""), Some("HH:MM")),
        ("5000-char time", at(&long), None),
        (
            "5000-char message",
            ReminderOptions {
                message: Some(long.clone()),
                ..at("09:00")
            },
            Some("300"),
        ),
        (
            "wrong case zone",
            ReminderOptions {
                timezone: Some("europe/berlin".into()),
                ..at("09:00")
            },
            Some("did you mean Europe/Berlin"),
        ),
        (
            "unknown zone",
            ReminderOptions {
                timezone: Some("Mars/Olympus".into()),
                ..at("09:00")
            },
            Some("Mars/Olympus"),
        ),
        (
            "unknown day",
            ReminderOptions {
                days: Some("funday".into()),
                ..at("09:00")
            },
            Some("funday"),
        ),
        (
            "voice channel",
            ReminderOptions {
                channel_id: Some(VOICE),
                ..at("09:00")
            },
            Some("voice channel"),
        ),
        (
            "category",
            ReminderOptions {
                channel_id: Some(CATEGORY),
                ..at("09:00")
            },
            Some("category"),
        ),
        (
            "another server's channel",
            ReminderOptions {
                channel_id: Some(FOREIGN_CHANNEL),
                ..at("09:00")
            },
            Some("isn't in this server"),
        ),
        (
            "no channel",
            ReminderOptions {
                channel_id: None,
                ..at("09:00")
            },
            Some("channel"),
        ),
        (
            "bot cannot post",
            ReminderOptions {
                channel_id: Some(NO_SEND),
                ..at("09:00")
            },
            Some("Send Messages"),
        ),
        (
            "bot cannot embed",
            ReminderOptions {
                channel_id: Some(NO_EMBED),
                ..at("09:00")
            },
            Some("Embed Links"),
        ),
        (
            "@everyone as ping role",
            ReminderOptions {
                ping_role_id: Some(GUILD),
                ..at("09:00")
            },
            Some("@everyone"),
        ),
        (
            "another server's role",
            ReminderOptions {
                ping_role_id: Some(FOREIGN_ROLE),
                ..at("09:00")
            },
            Some("isn't in this server"),
        ),
        (
            "event on a prompt",
            ReminderOptions {
                event: Some(true),
                ..at("09:00")
            },
            Some("group"),
        ),
    ];
    for (what, options, expect) in cases {
        let sentence = user_sentence(h.add(options).await);
        assert_one_sentence(&sentence);
        if let Some(part) = expect {
            assert!(sentence.contains(part), "{what}: {sentence}");
        }
        println!("{what:>26}: {sentence}");
    }
    // An event without the permission to create one.
    let no_events = FakeGuild { can_events: false };
    let group_with_event = ReminderOptions {
        kind: Some(Kind::Group),
        event: Some(true),
        ..at("09:00")
    };
    let sentence = user_sentence(h.service.add(GUILD, group_with_event, &no_events).await);
    assert_one_sentence(&sentence);
    assert!(sentence.contains("Create Events"), "{sentence}");

    assert!(h.store.guild_reminders(GUILD).await.unwrap().is_empty());
    h.service.idle().await;
    assert!(h.events.calls().is_empty());
    assert!(h.poster.attempts().is_empty());
}

#[tokio::test]
async fn the_limit_and_unknown_ids_are_sentences_too() {
    let h = H::new("2026-06-09T10:00:00Z");
    for i in 0..25 {
        h.add(at(&format!("{:02}:{:02}", 8 + i / 60, i % 60)))
            .await
            .unwrap();
    }
    let sentence = user_sentence(h.add(at("18:00")).await);
    assert_one_sentence(&sentence);
    assert!(sentence.contains("25"), "{sentence}");
    assert_eq!(h.store.guild_reminders(GUILD).await.unwrap().len(), 25);

    // Another server's reminder #1 exists, but from this server's side it is unknown.
    let other = h
        .service
        .add(OTHER_GUILD, at("09:00"), &GUILD_VIEW)
        .await
        .unwrap();
    assert_eq!(other.number, 1);
    let s = &h.service;
    let unknown = say::unknown_id(99);
    let results = [
        user_sentence(s.edit(GUILD, 99, at("10:00"), &GUILD_VIEW).await),
        user_sentence(s.remove(GUILD, 99).await),
        user_sentence(s.pause(GUILD, 99).await),
        user_sentence(s.resume(GUILD, 99, &GUILD_VIEW).await),
        user_sentence(s.skip(GUILD, 99).await),
        user_sentence(s.test(GUILD, 99).await),
    ];
    for r in &results {
        assert_eq!(r, &unknown);
        assert_one_sentence(r);
    }
    // The other server cannot reach this server's #2 either.
    assert_eq!(
        user_sentence(s.remove(OTHER_GUILD, 2).await),
        say::unknown_id(2)
    );
    assert_eq!(h.store.guild_reminders(GUILD).await.unwrap().len(), 25);
}

#[tokio::test]
async fn edit_validates_before_changing_anything() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let before = h.store.reminder(GUILD, r.number).await.unwrap();
    for bad in [
        at("9:60"),
        ReminderOptions {
            channel_id: Some(VOICE),
            ..ReminderOptions::default()
        },
        ReminderOptions {
            timezone: Some("Mars/Olympus".into()),
            ..ReminderOptions::default()
        },
        ReminderOptions::default(),
    ] {
        let sentence = user_sentence(h.service.edit(GUILD, r.number, bad, &GUILD_VIEW).await);
        assert_one_sentence(&sentence);
    }
    assert_eq!(h.store.reminder(GUILD, r.number).await.unwrap(), before);

    let edited = h
        .service
        .edit(
            GUILD,
            r.number,
            ReminderOptions {
                time: Some("17:30".into()),
                timezone: Some("Europe/Berlin".into()),
                ..ReminderOptions::default()
            },
            &GUILD_VIEW,
        )
        .await
        .unwrap();
    // 17:30 in Berlin (CEST) on 2026-06-09 is 15:30Z, still ahead of 10:00Z.
    assert_eq!(
        edited.upcoming(h.clock.now()).unwrap().at,
        utc("2026-06-09T15:30:00Z")
    );
}

// ----- firing ---------------------------------------------------------------------------------

#[tokio::test]
async fn fires_at_the_time_with_a_deterministic_nonce_and_moves_on() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    assert_eq!(h.tick_at("2026-06-10T08:59:59Z").await, 0);
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 1);
    assert_eq!(h.tick_at("2026-06-10T09:00:01Z").await, 0);
    let posts = h.poster.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].channel_id, TEXT);
    assert_eq!(
        posts[0].message.nonce.as_deref(),
        Some(format!("r{}-20260610", r.id).as_str())
    );
    let fire = h
        .store
        .reminder_fire(r.id, date("2026-06-10"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fire.status, FireStatus::Posted);
    assert_eq!(fire.message_id, Some(7_000));
    let row = h.store.reminder(GUILD, r.number).await.unwrap().unwrap();
    assert_eq!(row.next_fire_at, Some(utc("2026-06-11T09:00:00Z")));
    assert_eq!(h.tick_at("2026-06-11T09:00:00Z").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_database_post_each_fire_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let clock = ManualClock::at(utc("2026-06-09T10:00:00Z"));
    let a = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());
    let b = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());
    let mut ids = Vec::new();
    for i in 0..20 {
        let guild = GUILD + i / 10;
        let r = a
            .service
            .add(guild, at("09:00"), &GUILD_VIEW)
            .await
            .unwrap();
        ids.push(r.id);
    }
    for now in [
        "2026-06-10T09:00:00Z",
        "2026-06-10T09:00:00.500Z",
        "2026-06-10T09:00:30Z",
        "2026-06-10T09:05:00Z",
    ] {
        clock.set(utc(now));
        let (ra, rb) = tokio::join!(a.service.tick(), b.service.tick());
        ra.unwrap();
        rb.unwrap();
    }
    let mut nonces: Vec<String> = a
        .poster
        .attempts()
        .into_iter()
        .chain(b.poster.attempts())
        .filter_map(|(_, n)| n)
        .collect();
    assert_eq!(
        nonces.len(),
        20,
        "each fire posted exactly once: {nonces:?}"
    );
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 20);
    println!(
        "instance A posted {}, instance B posted {}",
        a.poster.posts().len(),
        b.poster.posts().len()
    );
    // A third instance started later (a restart) posts nothing more for that day.
    let c = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());
    assert_eq!(c.tick_at("2026-06-10T09:06:00Z").await, 0);
    // And the next day is fired once again, by whoever ticks first.
    clock.set(utc("2026-06-11T09:00:00Z"));
    let (ra, rb) = tokio::join!(a.service.tick(), b.service.tick());
    assert_eq!(ra.unwrap().posted + rb.unwrap().posted, 20);
}

#[tokio::test]
async fn a_claimer_that_vanished_mid_post_is_taken_over_with_the_same_nonce() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let row = h.store.reminder(GUILD, r.number).await.unwrap().unwrap();
    // Another instance claims the 09:00 fire, then dies before posting.
    let now = utc("2026-06-10T09:00:00Z");
    let claim = crate::store::FireClaim {
        reminder_id: r.id,
        rev: row.rev,
        local_date: date("2026-06-10"),
        now,
        lease_until: now + super::service::CLAIM_LEASE,
        instance: "crashed".into(),
    };
    assert_eq!(
        h.store.claim_reminder_fire(&claim).await.unwrap(),
        crate::store::ClaimOutcome::Claimed { attempt: 1 }
    );
    assert_eq!(
        h.tick_at("2026-06-10T09:00:10Z").await,
        0,
        "its lease holds"
    );
    assert_eq!(
        h.tick_at("2026-06-10T09:01:00Z").await,
        1,
        "taken over at lease end"
    );
    assert_eq!(h.tick_at("2026-06-10T09:02:00Z").await, 0);
    let fire = h
        .store
        .reminder_fire(r.id, date("2026-06-10"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((fire.status, fire.attempts), (FireStatus::Posted, 2));
    assert_eq!(
        h.poster.posts()[0].message.nonce.as_deref(),
        Some(format!("r{}-20260610", r.id).as_str()),
        "the same nonce the vanished claimer would have used, so Discord de-duplicates"
    );
}

#[tokio::test]
async fn restart_within_grace_posts_once_late_and_outside_posts_nothing() {
    for (back_at, expected) in [
        ("2026-06-10T09:10:00Z", 1),
        ("2026-06-10T09:14:59Z", 1),
        ("2026-06-10T09:15:00Z", 0),
        ("2026-06-10T11:00:00Z", 0),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bot.db");
        let clock = ManualClock::at(utc("2026-06-09T10:00:00Z"));
        let r = {
            let before = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());
            before.add(at("09:00")).await.unwrap()
        };
        // Down overnight; a new process on the same file comes back at `back_at`.
        let after = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());
        assert_eq!(after.tick_at(back_at).await, expected, "back at {back_at}");
        assert_eq!(
            after.tick_at("2026-06-10T11:30:00Z").await,
            0,
            "never twice"
        );
        let row = after
            .store
            .reminder(GUILD, r.number)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.next_fire_at, Some(utc("2026-06-11T09:00:00Z")));
        if expected == 1 {
            let posts = after.poster.posts();
            assert_eq!(posts[0].at, utc(back_at), "posted at once on return");
            assert_eq!(
                posts[0].message.nonce.as_deref(),
                Some(format!("r{}-20260610", r.id).as_str())
            );
        }
    }
}

#[tokio::test]
async fn a_long_outage_posts_at_most_one_never_a_burst() {
    let h = H::new("2026-06-05T10:00:00Z");
    h.add(at("09:00")).await.unwrap();
    h.add(ReminderOptions {
        channel_id: Some(TEXT2),
        ..at("09:00")
    })
    .await
    .unwrap();
    // Down from Friday to Monday 09:05: two reminders, three missed days each.
    assert_eq!(h.tick_at("2026-06-08T09:05:00Z").await, 2);
    assert_eq!(h.poster.posts().len(), 2);
    assert!(h.poster.posts().iter().all(|p| p
        .message
        .nonce
        .as_deref()
        .unwrap()
        .ends_with("-20260608")));
}

#[tokio::test]
async fn nine_new_york_on_spring_forward_day_fires_at_13_utc() {
    let h = H::new("2026-03-07T15:00:00Z");
    let r = h
        .add(ReminderOptions {
            timezone: Some("America/New_York".into()),
            ..at("09:00")
        })
        .await
        .unwrap();
    assert_eq!(
        r.upcoming(h.clock.now()).unwrap().at,
        utc("2026-03-08T13:00:00Z")
    );
    // 14:00Z would be 09:00 EST: a DST-naive scheduler would wait for it.
    assert_eq!(h.tick_at("2026-03-08T12:59:59Z").await, 0);
    assert_eq!(h.tick_at("2026-03-08T13:00:00Z").await, 1);
    assert_eq!(h.tick_at("2026-03-08T14:00:00Z").await, 0);
    assert_eq!(
        h.poster.posts()[0].message.nonce.as_deref(),
        Some(format!("r{}-20260308", r.id).as_str())
    );
    let row = h.store.reminder(GUILD, r.number).await.unwrap().unwrap();
    assert_eq!(row.next_fire_at, Some(utc("2026-03-09T13:00:00Z")));
}

#[tokio::test]
async fn a_gone_channel_pauses_flags_notifies_and_is_never_retried() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let kept = h
        .add(ReminderOptions {
            channel_id: Some(TEXT2),
            ..at("09:00")
        })
        .await
        .unwrap();
    h.poster.fail_always(
        TEXT,
        PostError::Gone {
            status: 404,
            code: 10003,
        },
    );
    assert_eq!(
        h.tick_at("2026-06-10T09:00:00Z").await,
        1,
        "the other one posts"
    );
    let list = h.service.list(GUILD).await.unwrap();
    let flagged = list.iter().find(|x| x.id == r.id).unwrap();
    assert!(
        matches!(&flagged.state, State::Flagged(reason) if reason.contains("404 10003")),
        "{:?}",
        flagged.state
    );
    assert_eq!(
        list.iter().find(|x| x.id == kept.id).unwrap().state,
        State::Active
    );
    let notices = h.notices.notices.lock().unwrap().clone();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].0, GUILD);
    assert!(notices[0].1.content.contains("Reminder #1 is paused"));
    assert_eq!(
        h.store
            .reminder_fire(r.id, date("2026-06-10"))
            .await
            .unwrap()
            .unwrap()
            .status,
        FireStatus::Failed
    );
    // No retries: the gone channel is not tried again, today or on later days.
    for now in [
        "2026-06-10T09:01:00Z",
        "2026-06-10T09:10:00Z",
        "2026-06-11T09:00:00Z",
    ] {
        h.tick_at(now).await;
    }
    let to_gone = h
        .poster
        .attempts()
        .iter()
        .filter(|(c, _)| *c == TEXT)
        .count();
    assert_eq!(to_gone, 1);
    let text = as_text(&h.service.list_message(GUILD).await.unwrap());
    assert!(text.contains("⚠ Flagged"), "{text}");
    // Resuming a reminder whose channel was deleted says what to do.
    struct Empty;
    impl GuildView for Empty {
        fn channel(&self, _: u64) -> Option<ChannelInfo> {
            None
        }
        fn role(&self, _: u64) -> Option<RoleInfo> {
            None
        }
        fn bot_can_create_events(&self) -> bool {
            false
        }
    }
    let sentence = user_sentence(h.service.resume(GUILD, r.number, &Empty).await);
    assert_one_sentence(&sentence);
    assert!(sentence.contains("edit 1"), "{sentence}");
    // Resuming clears the flag once the channel checks out again.
    let resumed = h
        .service
        .resume(GUILD, r.number, &GUILD_VIEW)
        .await
        .unwrap();
    assert_eq!(resumed.state, State::Active);
}

#[tokio::test]
async fn a_transient_failure_is_retried_with_the_same_nonce_within_grace() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    h.poster
        .fail_once(TEXT, PostError::Unavailable("502".into()));
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 0);
    let fire = h
        .store
        .reminder_fire(r.id, date("2026-06-10"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fire.status, FireStatus::Retry);
    assert_eq!(
        h.tick_at("2026-06-10T09:00:10Z").await,
        0,
        "not before the retry time"
    );
    assert_eq!(h.tick_at("2026-06-10T09:00:30Z").await, 1);
    let attempts = h.poster.attempts();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].1, attempts[1].1, "same nonce on the retry");
    assert_eq!(h.tick_at("2026-06-10T09:05:00Z").await, 0);

    // Failing past the grace period gives up on that day, and the next day still fires.
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    h.poster
        .fail_always(TEXT, PostError::Unavailable("timeout".into()));
    let mut now = utc("2026-06-10T09:00:00Z");
    while now < utc("2026-06-10T09:30:00Z") {
        h.clock.set(now);
        h.service.tick().await.unwrap();
        now += Duration::seconds(15);
    }
    let fire = h
        .store
        .reminder_fire(r.id, date("2026-06-10"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fire.status, FireStatus::Failed);
    let tries = h.poster.attempts().len();
    assert!((3..=6).contains(&tries), "bounded retries: {tries}");
    let row = h.store.reminder(GUILD, r.number).await.unwrap().unwrap();
    assert_eq!(row.next_fire_at, Some(utc("2026-06-11T09:00:00Z")));
    assert_eq!(row.flagged, None, "transient trouble does not flag");
}

#[tokio::test]
async fn skip_skips_exactly_the_next_occurrence() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let skipped = h.service.skip(GUILD, r.number).await.unwrap();
    assert_eq!(skipped.skipped.local_date, date("2026-06-10"));
    assert_eq!(
        skipped.reminder.upcoming(h.clock.now()).unwrap().at,
        utc("2026-06-11T09:00:00Z")
    );
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 0);
    assert_eq!(h.tick_at("2026-06-10T09:10:00Z").await, 0);
    assert_eq!(h.tick_at("2026-06-11T09:00:00Z").await, 1);
    assert_eq!(h.tick_at("2026-06-12T09:00:00Z").await, 1);
    assert_eq!(
        h.store
            .reminder_fire(r.id, date("2026-06-10"))
            .await
            .unwrap()
            .unwrap()
            .status,
        FireStatus::Skipped
    );
    // A paused reminder has nothing to skip.
    h.service.pause(GUILD, r.number).await.unwrap();
    let sentence = user_sentence(h.service.skip(GUILD, r.number).await);
    assert_one_sentence(&sentence);
}

#[tokio::test]
async fn pause_resume_and_stop_guild() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    h.service.pause(GUILD, r.number).await.unwrap();
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 0);
    let resumed = h
        .service
        .resume(GUILD, r.number, &GUILD_VIEW)
        .await
        .unwrap();
    assert_eq!(
        resumed.upcoming(h.clock.now()).unwrap().at,
        utc("2026-06-11T09:00:00Z")
    );
    assert_eq!(h.tick_at("2026-06-11T09:00:00Z").await, 1);

    // The bot is removed from the server: nothing fires any more, at once.
    h.add(ReminderOptions {
        channel_id: Some(TEXT2),
        ..at("09:30")
    })
    .await
    .unwrap();
    assert_eq!(h.service.stop_guild(GUILD).await.unwrap(), 2);
    assert_eq!(h.tick_at("2026-06-12T09:00:00Z").await, 0);
    assert_eq!(h.tick_at("2026-06-12T09:30:00Z").await, 0);
    assert!(h
        .service
        .list(GUILD)
        .await
        .unwrap()
        .iter()
        .all(|r| r.state == State::Stopped));
    // After the retention period, a purge deletes them.
    h.store
        .set_guild_removed(GUILD, Some(utc("2026-06-12T10:00:00Z")))
        .await
        .unwrap();
    h.clock.set(utc("2026-07-13T03:00:00Z"));
    h.service.purge().await;
    assert!(h.store.guild_reminders(GUILD).await.unwrap().is_empty());
}

#[tokio::test]
async fn test_posts_now_and_does_not_count_as_the_days_fire() {
    let h = H::new("2026-06-10T08:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let outcome = h.service.test(GUILD, r.number).await.unwrap();
    assert!(matches!(outcome, TestOutcome::Posted { .. }));
    let test_post = &h.poster.posts()[0];
    assert!(
        test_post.message.nonce.is_none(),
        "the sender gives it a random one"
    );
    assert!(test_post.message.cards[0].footer.contains("Test"));
    assert!(h
        .store
        .reminder_fire(r.id, date("2026-06-10"))
        .await
        .unwrap()
        .is_none());
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 1);
    // A test into a gone channel says so.
    h.poster.fail_always(
        TEXT,
        PostError::Gone {
            status: 403,
            code: 50013,
        },
    );
    let sentence = user_sentence(h.service.test(GUILD, r.number).await);
    assert_one_sentence(&sentence);
}

#[tokio::test]
async fn ids_are_small_per_server_and_never_reused() {
    let h = H::new("2026-06-09T10:00:00Z");
    let a1 = h.add(at("09:00")).await.unwrap();
    let a2 = h.add(at("10:00")).await.unwrap();
    let b1 = h
        .service
        .add(OTHER_GUILD, at("09:00"), &GUILD_VIEW)
        .await
        .unwrap();
    assert_eq!((a1.number, a2.number, b1.number), (1, 2, 1));
    h.service.remove(GUILD, 2).await.unwrap();
    let a3 = h.add(at("11:00")).await.unwrap();
    assert_eq!(a3.number, 3, "a removed number is not handed out again");
}

#[tokio::test]
async fn the_server_zone_is_the_default_for_new_reminders() {
    let h = H::new("2026-06-09T10:00:00Z");
    let sentence = user_sentence(h.service.set_timezone(GUILD, "europe/berlin").await);
    assert!(sentence.contains("Europe/Berlin"));
    assert_eq!(
        h.service.guild_timezone(GUILD).await.unwrap(),
        chrono_tz::UTC
    );
    h.service
        .set_timezone(GUILD, "Europe/Berlin")
        .await
        .unwrap();
    let r = h.add(at("09:00")).await.unwrap();
    assert_eq!(r.schedule.tz, chrono_tz::Europe::Berlin);
    assert_eq!(
        r.upcoming(h.clock.now()).unwrap().at,
        utc("2026-06-10T07:00:00Z")
    );
}

// ----- the prompt -------------------------------------------------------------------------------

#[tokio::test]
async fn a_custom_message_pings_nobody_unless_a_role_is_set() {
    let h = H::new("2026-06-09T10:00:00Z");
    h.add(ReminderOptions {
        message: Some("@everyone @here <@&4001> <@123> stretch with us!".into()),
        ..at("09:00")
    })
    .await
    .unwrap();
    h.add(ReminderOptions {
        channel_id: Some(TEXT2),
        message: Some("@everyone too".into()),
        ping_role_id: Some(ROLE),
        ..at("09:00")
    })
    .await
    .unwrap();
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 2);
    let posts = h.poster.posts();
    let plain = posts.iter().find(|p| p.channel_id == TEXT).unwrap();
    assert_eq!(plain.message.mentions, Default::default());
    assert_eq!(plain.message.content, "");
    let description = &plain.message.cards[0].description;
    assert!(description.contains("stretch with us!"));
    assert!(!description.contains("@everyone"), "defused: {description}");
    let pinging = posts.iter().find(|p| p.channel_id == TEXT2).unwrap();
    println!("{}", as_text(&pinging.message));
    assert_eq!(pinging.message.mentions.roles, vec![ROLE]);
    assert!(pinging.message.mentions.users.is_empty());
    assert_eq!(pinging.message.content, format!("<@&{ROLE}>"));
    // Buttons: how-to for the routine, and a group stretch for this reminder.
    let ids: Vec<&str> = plain.message.rows[0]
        .iter()
        .map(|b| b.custom_id.as_str())
        .collect();
    assert_eq!(ids[0], "prompt:how:childs-pose");
    assert!(ids[1].starts_with("prompt:group:"));
}

#[test]
fn wording_is_stable_per_day_and_varies_across_days() {
    let lines: Vec<String> = library().get("childs-pose").unwrap().prompts.lines.clone();
    assert!(lines.len() >= 2);
    let d = date("2026-06-10");
    assert_eq!(pick_line(&lines, 7, d), pick_line(&lines, 7, d));
    let week: Vec<String> = (0..7)
        .map(|i| pick_line(&lines, 7, d + Duration::days(i)))
        .collect();
    for pair in week.windows(2) {
        assert_ne!(pair[0], pair[1], "never the same line two days running");
    }
    assert!(
        pick_line(&[], 1, d).len() > 10,
        "a built-in line when the routine has none"
    );
}

#[test]
fn nonces_are_short_and_deterministic() {
    assert_eq!(fire_nonce(12, date("2026-03-08")), "r12-20260308");
    let biggest = fire_nonce(u64::MAX, date("2026-03-08"));
    assert!(biggest.len() <= 25, "{biggest}");
    assert_eq!(biggest, fire_nonce(u64::MAX, date("2026-03-08")));
}

// ----- group reminders and scheduled events -----------------------------------------------------

#[tokio::test]
async fn a_group_reminder_keeps_its_next_occurrence_as_a_scheduled_event() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h
        .add(ReminderOptions {
            kind: Some(Kind::Group),
            ..at("09:00")
        })
        .await
        .unwrap();
    assert!(
        r.event_enabled,
        "on by default when the bot may create events"
    );
    h.service.idle().await;
    let routine = library().get("childs-pose").unwrap().clone();
    let session = i64::from(prompt::session_secs(&routine));
    let calls = h.events.calls();
    let [EventCall::Create(guild, spec)] = calls.as_slice() else {
        panic!("{calls:?}")
    };
    assert_eq!(*guild, GUILD);
    assert_eq!(spec.start, utc("2026-06-10T09:00:00Z"));
    assert_eq!(spec.end, spec.start + Duration::seconds(300 + session));
    assert_eq!(spec.location, "#stretching");
    assert!(spec.name.chars().count() <= 100 && spec.description.chars().count() <= 1000);
    let event_id = h
        .store
        .reminder(GUILD, r.number)
        .await
        .unwrap()
        .unwrap()
        .event_id
        .unwrap();

    // Edit: the event moves.
    h.service
        .edit(GUILD, r.number, at("08:30"), &GUILD_VIEW)
        .await
        .unwrap();
    h.service.idle().await;
    assert_eq!(
        h.events.calls().last(),
        Some(&EventCall::Update(
            GUILD,
            event_id,
            EventSpec {
                start: utc("2026-06-10T08:30:00Z"),
                end: utc("2026-06-10T08:30:00Z") + Duration::seconds(300 + session),
                ..spec.clone()
            }
        ))
    );

    // The fire opens a lobby (with the fire's nonce) and moves the event to the next day.
    assert_eq!(h.tick_at("2026-06-10T08:30:00Z").await, 1);
    h.service.idle().await;
    let requests = h.group.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].lobby_secs, 300);
    assert_eq!(requests[0].channel_id, TEXT);
    assert_eq!(requests[0].nonce, format!("r{}-20260610", r.id));
    assert!(h.poster.posts().is_empty(), "the lobby is the post");
    let Some(EventCall::Update(_, _, moved)) = h.events.calls().last().cloned() else {
        panic!("{:?}", h.events.calls())
    };
    assert_eq!(moved.start, utc("2026-06-11T08:30:00Z"));

    // Pause deletes it (no next occurrence), resume brings one back, remove deletes it.
    h.service.pause(GUILD, r.number).await.unwrap();
    h.service.idle().await;
    assert_eq!(
        h.events.calls().last(),
        Some(&EventCall::Delete(GUILD, event_id))
    );
    h.service
        .resume(GUILD, r.number, &GUILD_VIEW)
        .await
        .unwrap();
    h.service.idle().await;
    assert!(matches!(
        h.events.calls().last(),
        Some(EventCall::Create(..))
    ));
    let new_event = h
        .store
        .reminder(GUILD, r.number)
        .await
        .unwrap()
        .unwrap()
        .event_id
        .unwrap();
    h.service.remove(GUILD, r.number).await.unwrap();
    h.service.idle().await;
    assert_eq!(
        h.events.calls().last(),
        Some(&EventCall::Delete(GUILD, new_event))
    );
}

#[tokio::test]
async fn a_group_reminder_points_to_a_running_session_or_falls_back_to_a_prompt() {
    let h = H::new("2026-06-09T10:00:00Z");
    h.add(ReminderOptions {
        kind: Some(Kind::Group),
        event: Some(false),
        ..at("09:00")
    })
    .await
    .unwrap();
    *h.group.answer.lock().unwrap() = Ok(GroupOutcome::AlreadyRunning {
        link: "https://discord.com/channels/1000/2001/555".into(),
    });
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 1);
    let post = &h.poster.posts()[0];
    assert!(post.message.cards[0]
        .description
        .contains("https://discord.com/channels/1000/2001/555"));
    assert_eq!(post.message.rows[0].len(), 1, "no second group offered");
    h.service.idle().await;
    assert!(h.events.calls().is_empty(), "event was turned off");

    // Without sessions wired in (the placeholder starter), a prompt still goes out.
    let store: Arc<dyn Store> = Arc::new(SqliteStore::in_memory().unwrap());
    let clock = ManualClock::at(utc("2026-06-09T10:00:00Z"));
    let shared: SharedClock = clock.clone();
    let poster = FakePoster::new(shared.clone());
    let service = Arc::new(ReminderService::new(
        store,
        poster.clone(),
        shared,
        library(),
        config(),
        Arc::new(NoGroupStarter),
        Arc::new(FakeEvents::default()),
    ));
    service
        .add(
            GUILD,
            ReminderOptions {
                kind: Some(Kind::Group),
                ..at("09:00")
            },
            &GUILD_VIEW,
        )
        .await
        .unwrap();
    clock.set(utc("2026-06-10T09:00:00Z"));
    assert_eq!(service.tick().await.unwrap().posted, 1);
    assert_eq!(poster.posts()[0].message.rows[0].len(), 2);
}

// ----- list -------------------------------------------------------------------------------------

#[tokio::test]
async fn list_stays_within_discord_limits_with_25_long_reminders() {
    let h = H::new("2026-06-09T10:00:00Z");
    for i in 0..25u32 {
        h.add(ReminderOptions {
            time: Some(format!("{:02}:{:02}", 6 + i / 4, (i % 4) * 15)),
            days: Some("mon,tue,wed,thu,sat".into()),
            timezone: Some("America/Argentina/ComodRivadavia".into()),
            message: Some("m".repeat(300)),
            ping_role_id: Some(ROLE),
            kind: Some(if i % 2 == 0 {
                Kind::Group
            } else {
                Kind::Prompt
            }),
            ..at("09:00")
        })
        .await
        .unwrap();
    }
    for n in [2, 5] {
        h.service.pause(GUILD, n).await.unwrap();
    }
    h.poster.fail_always(
        TEXT,
        PostError::Gone {
            status: 403,
            code: 50013,
        },
    );
    // Fire everything once so some get flagged with the longest reason.
    h.tick_at("2026-06-10T23:59:00Z").await;
    let message = h.service.list_message(GUILD).await.unwrap();
    check_message(&message).unwrap();
    assert_eq!(message.cards[0].fields.len(), 25);
    assert!(message.ephemeral);
}

#[tokio::test]
async fn list_rendering_example() {
    let h = H::new("2026-06-09T10:00:00Z");
    h.service
        .set_timezone(GUILD, "Europe/Berlin")
        .await
        .unwrap();
    h.add(ReminderOptions {
        days: Some("weekdays".into()),
        ping_role_id: Some(ROLE),
        ..at("09:30")
    })
    .await
    .unwrap();
    h.add(ReminderOptions {
        kind: Some(Kind::Group),
        timezone: Some("America/New_York".into()),
        days: Some("mon,wed,fri".into()),
        ..at("12:00")
    })
    .await
    .unwrap();
    let third = h
        .add(ReminderOptions {
            channel_id: Some(TEXT2),
            message: Some("Hydrate too!".into()),
            ..at("15:00")
        })
        .await
        .unwrap();
    h.service.pause(GUILD, third.number).await.unwrap();
    let text = as_text(&h.service.list_message(GUILD).await.unwrap());
    println!("{text}");
    assert!(text.contains("#1 · 09:30 weekdays"));
    assert!(text.contains("<t:1781076600:F> (<t:1781076600:R>) · Europe/Berlin"));
    assert!(text.contains("⏸ Paused"));
}

// ----- scale ------------------------------------------------------------------------------------

/// 100,000 reminders cost the loop one index walk per wake; `cargo test` checks 10,000.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_reminders_arm_and_load_fast() {
    const N: u64 = 10_000;
    let mut at_nine = 0;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.db");
    drop(SqliteStore::open(&path).unwrap());
    {
        // Bulk load straight into the file: 400 servers of 25, minutes spread over the day.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO reminders (guild_id, number, channel_id, channel_name, time_of_day,
                         days, timezone, kind, routine_id, next_fire_at, next_fire_date,
                         created_at, updated_at)
                     VALUES (?1, ?2, ?3, 'stretching', ?4, 127, 'UTC', 'prompt', 'childs-pose',
                         ?5, ?6, '2026-06-09T00:00:00.000Z', '2026-06-09T00:00:00.000Z')",
                )
                .unwrap();
            for i in 0..N {
                let minute = (i * 7) % 1440;
                let (hh, mm) = (minute / 60, minute % 60);
                // The first 500 are all due at 09:00 on the test's day.
                let (hh, mm) = if i < 500 { (9, 0) } else { (hh, mm) };
                at_nine += usize::from((hh, mm) == (9, 0));
                let day = if (hh, mm) >= (9, 0) { 10 } else { 11 };
                insert
                    .execute(rusqlite::params![
                        (GUILD + i / 25) as i64,
                        (i % 25 + 1) as i64,
                        TEXT as i64,
                        format!("{hh:02}:{mm:02}"),
                        format!("2026-06-{day}T{hh:02}:{mm:02}:00.000Z"),
                        format!("2026-06-{day}"),
                    ])
                    .unwrap();
            }
        }
        tx.commit().unwrap();
    }
    let clock = ManualClock::at(utc("2026-06-10T08:59:00Z"));
    let h = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());

    let started = Instant::now();
    let idle = h.service.tick().await.unwrap();
    let idle_took = started.elapsed();
    assert_eq!(idle.due, 0);
    assert_eq!(idle.next, Some(utc("2026-06-10T09:00:00Z")));

    clock.set(utc("2026-06-10T09:00:00Z"));
    let started = Instant::now();
    let burst = h.service.tick().await.unwrap();
    let burst_took = started.elapsed();
    assert!(at_nine >= 500);
    assert_eq!(burst.posted, at_nine);
    assert_eq!(h.poster.posts().len(), at_nine);

    let started = Instant::now();
    let listed = h.service.list(GUILD + 7).await.unwrap();
    let list_took = started.elapsed();
    assert_eq!(listed.len(), 25);
    println!(
        "{N} reminders: idle tick {idle_took:?}, {at_nine} due at once {burst_took:?}, one server's list {list_took:?}"
    );
    // Loose bounds: debug build on a shared 2-core machine.
    assert!(idle_took.as_millis() < 500, "{idle_took:?}");
    assert!(list_took.as_millis() < 500, "{list_took:?}");
    assert!(burst_took.as_secs() < 30, "{burst_took:?}");
}

// ----- the loop ---------------------------------------------------------------------------------

/// Real time, with a clock that starts just before 09:00: the loop sleeps until the fire, wakes
/// when a reminder is added, fires within a second of the minute, and stops when cancelled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loop_fires_on_time_wakes_on_changes_and_stops() {
    let clock: SharedClock = Arc::new(OffsetClock::starting_at(utc("2026-06-10T08:59:58.500Z")));
    let store: Arc<dyn Store> = Arc::new(SqliteStore::in_memory().unwrap());
    let poster = FakePoster::new(clock.clone());
    let service = Arc::new(ReminderService::new(
        store,
        poster.clone(),
        clock.clone(),
        library(),
        config(),
        FakeGroup::new(Ok(GroupOutcome::Started {
            lobby_message_id: 1,
        })),
        Arc::new(FakeEvents::default()),
    ));
    let shutdown = tokio_util::sync::CancellationToken::new();
    let running = tokio::spawn(service.clone().run(shutdown.clone()));
    // The loop is asleep with nothing to do (MAX_NAP); adding a reminder must wake it.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(MAX_NAP.as_secs() > 5);
    service.add(GUILD, at("09:00"), &GUILD_VIEW).await.unwrap();
    let deadline = Instant::now() + std::time::Duration::from_secs(6);
    while poster.posts().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let posts = poster.posts();
    assert_eq!(posts.len(), 1, "fired");
    let late = posts[0].at - utc("2026-06-10T09:00:00Z");
    println!("posted {} ms after the minute", late.num_milliseconds());
    assert!(
        late >= Duration::zero() && late < Duration::seconds(1),
        "{late}"
    );
    shutdown.cancel();
    tokio::time::timeout(std::time::Duration::from_secs(7), running)
        .await
        .expect("the loop stops when cancelled")
        .unwrap();
}
