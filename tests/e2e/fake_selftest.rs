//! Proves the fake Discord against the real serenity 0.12.5 client (and raw HTTP/websocket
//! requests where serenity would refuse to send something), so later end-to-end tests can trust
//! what the fake accepts and rejects. Also checks the process harness on a small shell script.
//!
//! Run with `cargo test --test e2e fake_selftest`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use serenity::all::{
    ButtonStyle, ChannelId, CreateActionRow, CreateAutocompleteResponse, CreateButton,
    CreateCommand, CreateCommandOption, CreateEmbed, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateMessage, Event,
    GatewayIntents, GuildId, Http, HttpBuilder, RawEventHandler,
};
use serenity::async_trait;
use tokio::sync::mpsc;

use crate::bot_options;
use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::perms::*;
use fake_discord::*;

const T: Duration = Duration::from_secs(10);

// ----- a minimal serenity client ------------------------------------------------------------

/// Forwards every raw gateway event, `Event::Unknown` included, so tests see what serenity saw.
struct Forward(mpsc::UnboundedSender<Event>);

#[async_trait]
impl RawEventHandler for Forward {
    async fn raw_event(&self, _ctx: serenity::client::Context, ev: Event) {
        let _ = self.0.send(ev);
    }
}

struct TestClient {
    http: Arc<Http>,
    rx: mpsc::UnboundedReceiver<Event>,
    /// Events received and not yet taken by `wait`.
    pending: Vec<Event>,
    /// Every event received, for `assert_no_unknown_events`.
    all: Vec<Event>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestClient {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestClient {
    async fn start(fake: &FakeDiscord) -> TestClient {
        let http = HttpBuilder::new(fake.token())
            .proxy(fake.base_url())
            .ratelimiter_disabled(true)
            .build();
        let (tx, rx) = mpsc::unbounded_channel();
        // `new_with_http` is how the bot points serenity at another base URL.
        let mut client =
            serenity::client::ClientBuilder::new_with_http(http, GatewayIntents::non_privileged())
                .raw_event_handler(Forward(tx))
                .await
                .expect("build client");
        let http = client.http.clone();
        let task = tokio::spawn(async move {
            if let Err(e) = client.start().await {
                eprintln!("test client stopped: {e}");
            }
        });
        TestClient {
            http,
            rx,
            pending: vec![],
            all: vec![],
            task,
        }
    }

    /// Waits for the first event (received earlier or later) for which `f` returns `Some`.
    async fn wait<R>(&mut self, what: &str, mut f: impl FnMut(&Event) -> Option<R>) -> R {
        if let Some(pos) = self.pending.iter().position(|e| f(e).is_some()) {
            let ev = self.pending.remove(pos);
            return f(&ev).unwrap();
        }
        let deadline = tokio::time::Instant::now() + T;
        loop {
            match tokio::time::timeout_at(deadline, self.rx.recv()).await {
                Ok(Some(ev)) => {
                    self.all.push(ev.clone());
                    if let Some(r) = f(&ev) {
                        return r;
                    }
                    self.pending.push(ev);
                }
                Ok(None) => panic!("test client stopped while waiting for {what}"),
                Err(_) => panic!(
                    "timed out waiting for {what}; got {:?}",
                    self.all.iter().map(event_name).collect::<Vec<_>>()
                ),
            }
        }
    }

    async fn ready(&mut self) {
        self.wait("READY", |e| matches!(e, Event::Ready(_)).then_some(()))
            .await;
    }

    async fn command(&mut self) -> serenity::all::CommandInteraction {
        self.wait("a command interaction", |e| match e {
            Event::InteractionCreate(ic) => ic.interaction.as_command().cloned(),
            _ => None,
        })
        .await
    }

    fn assert_no_unknown_events(&mut self) {
        while let Ok(ev) = self.rx.try_recv() {
            self.all.push(ev);
        }
        let unknown: Vec<&Event> = self
            .all
            .iter()
            .filter(|e| matches!(e, Event::Unknown(_)))
            .collect();
        assert!(
            unknown.is_empty(),
            "serenity could not read these events: {unknown:#?}"
        );
    }
}

fn event_name(e: &Event) -> String {
    e.name().unwrap_or_else(|| "UNKNOWN".into())
}

/// (HTTP status, Discord code) of a serenity error from an unsuccessful request.
fn discord_error(e: &serenity::Error) -> (u16, isize) {
    match e {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(r)) => {
            (r.status_code.as_u16(), r.error.code)
        }
        other => panic!("expected an HTTP error answer, got {other:?}"),
    }
}

async fn register(fake: &FakeDiscord, http: &Http, commands: Vec<CreateCommand>) {
    GuildId::new(GUILD_ID)
        .set_commands(http, commands)
        .await
        .expect("register commands");
    fake.wait_for_commands(Some(GUILD_ID), T).await;
}

// ----- raw HTTP helpers -----------------------------------------------------------------------

struct Raw {
    client: reqwest::Client,
    api: String,
    auth: String,
}

impl Raw {
    fn new(fake: &FakeDiscord) -> Raw {
        Raw {
            client: reqwest::Client::new(),
            api: fake.api_url(),
            auth: format!("Bot {}", fake.token()),
        }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let mut req = self
            .client
            .request(method, format!("{}{path}", self.api))
            .header("Authorization", &self.auth);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.expect("request to the fake");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap_or_default();
        (
            status,
            headers,
            serde_json::from_str(&text).unwrap_or(Value::Null),
        )
    }

    async fn post(&self, path: &str, body: Value) -> (u16, reqwest::header::HeaderMap, Value) {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    async fn get(&self, path: &str) -> (u16, reqwest::header::HeaderMap, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }
}

fn header<'a>(h: &'a reqwest::header::HeaderMap, k: &str) -> &'a str {
    h.get(k).and_then(|v| v.to_str().ok()).unwrap_or("")
}

// ----- tests ------------------------------------------------------------------------------------

#[test]
fn fake_selftest_permissions_follow_discord_rules() {
    let w = World::standard(chrono::Utc::now());
    let bot_text = channel_permissions(&w, BOT_ID, TEXT_CHANNEL);
    assert_ne!(bot_text & EMBED_LINKS, 0);
    assert_ne!(bot_text & SEND_MESSAGES, 0);
    let bot_locked = channel_permissions(&w, BOT_ID, LOCKED_CHANNEL);
    assert_eq!(bot_locked & SEND_MESSAGES, 0);
    assert_ne!(bot_locked & VIEW_CHANNEL, 0);
    // Losing SEND_MESSAGES implicitly loses EMBED_LINKS and ATTACH_FILES.
    assert_eq!(bot_locked & (EMBED_LINKS | ATTACH_FILES), 0);
    assert_eq!(channel_permissions(&w, ADMIN_ID, LOCKED_CHANNEL), ALL);
    assert_eq!(channel_permissions(&w, OWNER_ID, LOCKED_CHANNEL), ALL);
    assert_eq!(
        channel_permissions(&w, ALICE_ID, TEXT_CHANNEL) & EMBED_LINKS,
        0
    );
    assert_ne!(base_permissions(&w, BOT_ID) & CREATE_EVENTS, 0);
    // A member allow beats a role deny; no VIEW_CHANNEL means nothing at all.
    let mut w2 = w.clone();
    w2.channel_mut(LOCKED_CHANNEL)
        .unwrap()
        .overwrites
        .push(Overwrite::member(BOT_ID, SEND_MESSAGES, 0));
    assert_ne!(
        channel_permissions(&w2, BOT_ID, LOCKED_CHANNEL) & SEND_MESSAGES,
        0
    );
    w2.channel_mut(TEXT_CHANNEL)
        .unwrap()
        .overwrites
        .push(Overwrite::role(EVERYONE_ROLE, 0, VIEW_CHANNEL));
    assert_eq!(channel_permissions(&w2, ALICE_ID, TEXT_CHANNEL), 0);
    // The @everyone overwrite beats the bot role's base permissions; a role overwrite restores.
    assert_eq!(channel_permissions(&w2, BOT_ID, TEXT_CHANNEL), 0);
    w2.channel_mut(TEXT_CHANNEL)
        .unwrap()
        .overwrites
        .push(Overwrite::role(BOT_ROLE, VIEW_CHANNEL, 0));
    assert_ne!(
        channel_permissions(&w2, BOT_ID, TEXT_CHANNEL) & SEND_MESSAGES,
        0
    );
}

#[test]
fn fake_selftest_has_a_read_only_channel_and_roles_of_both_kinds() {
    let w = World::standard(chrono::Utc::now());
    // Members see the read-only channel but may not send there; the bot and admins may.
    let alice = channel_permissions(&w, ALICE_ID, READONLY_CHANNEL);
    assert_ne!(alice & VIEW_CHANNEL, 0);
    assert_eq!(alice & SEND_MESSAGES, 0);
    let bot = channel_permissions(&w, BOT_ID, READONLY_CHANNEL);
    assert_ne!(bot & SEND_MESSAGES, 0);
    assert_ne!(bot & EMBED_LINKS, 0);
    assert_eq!(channel_permissions(&w, ADMIN_ID, READONLY_CHANNEL), ALL);
    assert!(w.role(MENTIONABLE_ROLE).unwrap().mentionable);
    assert!(!w.role(QUIET_ROLE).unwrap().mentionable);
    // A manager manages the server but may not mention everyone (nor ping a quiet role).
    let mut w2 = w.clone();
    w2.member_mut(BOB_ID).unwrap().roles = vec![MANAGER_ROLE];
    let bob = base_permissions(&w2, BOB_ID);
    assert_ne!(bob & MANAGE_GUILD, 0);
    assert_eq!(bob & MENTION_EVERYONE, 0);
}

/// An interaction carries the member's own permissions in its channel and the bot's, computed
/// from roles and overwrites as Discord does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_interactions_carry_computed_permissions() {
    let fake = FakeDiscord::start().await;
    let mut c = TestClient::start(&fake).await;
    c.ready().await;
    register(
        &fake,
        &c.http,
        vec![CreateCommand::new("childspose").description("Child's pose")],
    )
    .await;
    // As serenity reads them: the member's own permissions there, and the bot's.
    let mut perms = async |user, channel| {
        fake.send_slash_command_in(channel, user, "childspose", json!({}));
        let cmd = c.command().await;
        let member = cmd.member.as_ref().and_then(|m| m.permissions).unwrap();
        (member.bits(), cmd.app_permissions.unwrap().bits())
    };
    let (alice, bot) = perms(ALICE_ID, READONLY_CHANNEL).await;
    assert_eq!(alice & SEND_MESSAGES, 0);
    assert_ne!(alice & VIEW_CHANNEL, 0);
    assert_ne!(bot & SEND_MESSAGES, 0);
    let (alice, bot) = perms(ALICE_ID, LOCKED_CHANNEL).await;
    assert_ne!(alice & SEND_MESSAGES, 0);
    assert_eq!(bot & SEND_MESSAGES, 0);
    // Overwrites do not apply to administrators (serenity drops the bits it doesn't know).
    let (admin, _) = perms(ADMIN_ID, READONLY_CHANNEL).await;
    assert_eq!(
        admin & (SEND_MESSAGES | MENTION_EVERYONE | MANAGE_MESSAGES),
        SEND_MESSAGES | MENTION_EVERYONE | MANAGE_MESSAGES
    );
    fake.assert_payloads_ok();
}

#[test]
fn fake_selftest_world_payloads_deserialize_into_serenity_models() {
    let w = World::standard(chrono::Utc::now());
    conformance::check_dispatch("GUILD_CREATE", &w.guild_create_json(vec![]))
        .expect("GUILD_CREATE");
    conformance::check_rest("GET /guilds/{guild_id}", &w.guild_json()).expect("guild");
    conformance::check_rest("GET /users/@me", &w.current_user_json()).expect("current user");
    conformance::check_rest("GET /oauth2/applications/@me", &w.application_json())
        .expect("application");
    for c in &w.channels {
        conformance::check_rest("GET /channels/{channel_id}", &w.channel_json(c)).expect("channel");
    }
    let guild: serenity::all::Guild = serde_json::from_value(w.guild_create_json(vec![])).unwrap();
    assert_eq!(guild.channels.len(), 6);
    assert_eq!(guild.roles.len(), 6);
    assert_eq!(guild.members.len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_serenity_gets_ready_and_guild_create() {
    let fake = FakeDiscord::start().await;
    let mut c = TestClient::start(&fake).await;
    let ready = c
        .wait("READY", |e| {
            if let Event::Ready(r) = e {
                Some(r.ready.clone())
            } else {
                None
            }
        })
        .await;
    assert_eq!(ready.user.id.get(), BOT_ID);
    assert_eq!(ready.application.id.get(), APPLICATION_ID);
    let guild = c
        .wait("GUILD_CREATE", |e| {
            if let Event::GuildCreate(g) = e {
                Some(g.guild.clone())
            } else {
                None
            }
        })
        .await;
    assert_eq!(guild.id.get(), GUILD_ID);
    assert_eq!(guild.channels.len(), 6, "all guild channels deserialized");
    assert_eq!(guild.roles.len(), 6);
    let bot = &guild.members[&serenity::all::UserId::new(BOT_ID)];
    assert_eq!(bot.roles, vec![serenity::all::RoleId::new(BOT_ROLE)]);
    let locked = &guild.channels[&ChannelId::new(LOCKED_CHANNEL)];
    assert_eq!(locked.permission_overwrites.len(), 1);
    // The cache computes the same permissions as the fake.
    let perms = guild.user_permissions_in(locked, bot);
    assert!(!perms.send_messages() && perms.view_channel());
    assert_eq!(fake.identify_count(), 1);
    assert_eq!(fake.requests_to("GET /gateway").len(), 1);
    c.assert_no_unknown_events();
    fake.assert_payloads_ok();
    fake.assert_no_unknown_routes();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_slash_command_reaches_serenity_and_callback_is_recorded() {
    let fake = FakeDiscord::start().await;
    let mut c = TestClient::start(&fake).await;
    c.ready().await;
    register(
        &fake,
        &c.http,
        vec![CreateCommand::new("stretch")
            .description("Stretch commands")
            .add_option(
                CreateCommandOption::new(
                    serenity::all::CommandOptionType::SubCommand,
                    "start",
                    "Start a session",
                )
                .add_sub_option(
                    CreateCommandOption::new(
                        serenity::all::CommandOptionType::String,
                        "routine",
                        "Which routine",
                    )
                    .required(true),
                )
                .add_sub_option(
                    CreateCommandOption::new(
                        serenity::all::CommandOptionType::Integer,
                        "sets",
                        "How many sets",
                    )
                    .min_int_value(1)
                    .max_int_value(5),
                ),
            )],
    )
    .await;

    let h = fake.send_slash_command(
        ALICE_ID,
        "stretch start",
        json!({ "routine": "neck", "sets": 2 }),
    );
    let cmd = c.command().await;
    assert_eq!(cmd.data.name, "stretch");
    let sub = &cmd.data.options()[0];
    assert_eq!(sub.name, "start");
    let member = cmd
        .member
        .as_ref()
        .expect("guild interactions carry the member");
    assert!(member
        .permissions
        .expect("member.permissions set")
        .send_messages());
    assert!(cmd
        .app_permissions
        .expect("app_permissions set")
        .embed_links());
    assert_eq!(cmd.guild_id.map(|g| g.get()), Some(GUILD_ID));

    let reply = CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new().content("Starting neck"),
    );
    cmd.create_response(&c.http, reply.clone())
        .await
        .expect("first response accepted");
    let cb = h.wait_callback(T).await;
    assert!(cb.accepted(), "{:?}", cb.error);
    assert_eq!((cb.kind, cb.content()), (4, "Starting neck"));
    assert!(cb.latency < Duration::from_secs(3));
    assert_eq!(
        h.original().expect("original message").content,
        "Starting neck"
    );
    assert_eq!(fake.messages(TEXT_CHANNEL).len(), 1);

    // A second response to the same interaction is refused like Discord does.
    let err = cmd
        .create_response(&c.http, reply)
        .await
        .expect_err("second response refused");
    assert_eq!(discord_error(&err), (400, 40060));

    // Follow-ups use the interaction webhook.
    let f = cmd
        .create_followup(
            &c.http,
            CreateInteractionResponseFollowup::new()
                .content("set 1")
                .ephemeral(true),
        )
        .await
        .expect("follow-up");
    assert!(f
        .flags
        .unwrap()
        .contains(serenity::all::MessageFlags::EPHEMERAL));
    assert_eq!(h.followups().len(), 1);
    // Ephemeral messages do not show in the channel.
    assert_eq!(fake.messages(TEXT_CHANNEL).len(), 1);

    // An admin's interaction carries every permission bit.
    fake.send_slash_command(ADMIN_ID, "stretch start", json!({ "routine": "hips" }));
    let admin = c.command().await;
    assert!(admin.member.unwrap().permissions.unwrap().administrator());

    // The fake also refuses options the registered command does not have.
    let fake2 = fake.clone();
    let bad = std::panic::catch_unwind(move || {
        fake2.send_slash_command(ALICE_ID, "stretch start", json!({ "sets": 9 }))
    });
    assert!(
        bad.is_err(),
        "sets out of range and routine missing must be refused"
    );
    c.assert_no_unknown_events();
    fake.assert_payloads_ok();
    fake.assert_no_unknown_routes();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_late_callback_and_deferred_followup() {
    let opts = FakeOptions {
        interaction_deadline: Duration::from_millis(300),
        ..FakeOptions::default()
    };
    let fake = FakeDiscord::start_with(opts).await;
    let mut c = TestClient::start(&fake).await;
    c.ready().await;
    register(
        &fake,
        &c.http,
        vec![CreateCommand::new("childspose").description("Child's pose")],
    )
    .await;

    // Too late: Discord forgets the interaction after the deadline.
    let h = fake.send_slash_command(BOB_ID, "childspose", json!({}));
    let cmd = c.command().await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let err = cmd.defer(&c.http).await.expect_err("late response refused");
    assert_eq!(discord_error(&err), (404, 10062));
    assert!(!h.wait_callback(T).await.accepted());

    // Deferred, then the first follow-up fills the "thinking" message.
    let h = fake.send_slash_command(BOB_ID, "childspose", json!({}));
    let cmd = c.command().await;
    cmd.defer(&c.http).await.expect("defer in time");
    assert!(h.original().unwrap().is_loading());
    let msg = cmd
        .create_followup(
            &c.http,
            CreateInteractionResponseFollowup::new().content("Hold for 30 s"),
        )
        .await
        .unwrap();
    let original = h.wait_original(T).await;
    assert_eq!(original.id, msg.id.get());
    assert_eq!(original.content, "Hold for 30 s");
    assert!(h.followups().is_empty());

    // Once the token expires, follow-ups fail with 401/50027.
    h.expire_token();
    let err = cmd
        .create_followup(
            &c.http,
            CreateInteractionResponseFollowup::new().content("x"),
        )
        .await
        .unwrap_err();
    assert_eq!(discord_error(&err), (401, 50027));
    c.assert_no_unknown_events();
    fake.assert_payloads_ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_messages_limits_and_permissions() {
    // Rejected requests count against the bucket as in Discord; this test sends many on purpose.
    let mut opts = FakeOptions::default();
    opts.rate_limits.routes[0].limit = 100;
    let fake = FakeDiscord::start_with(opts).await;
    let mut c = TestClient::start(&fake).await;
    c.ready().await;
    let text = ChannelId::new(TEXT_CHANNEL);

    let sent = text
        .send_message(
            &c.http,
            CreateMessage::new()
                .content("Time to stretch")
                .embed(CreateEmbed::new().title("Neck roll")),
        )
        .await
        .expect("post accepted");
    let rec = fake.wait_for_messages(TEXT_CHANNEL, 1, T).await;
    assert_eq!(rec[0].id, sent.id.get());
    assert_eq!(rec[0].embed_title(), Some("Neck roll"));
    // Bots see their own messages as MESSAGE_CREATE.
    c.wait("MESSAGE_CREATE", |e| {
        matches!(e, Event::MessageCreate(_)).then_some(())
    })
    .await;

    // Over-limit embed title: rejected with Discord's form error.
    let long = "x".repeat(300);
    let err = text
        .send_message(
            &c.http,
            CreateMessage::new().embed(CreateEmbed::new().title(long.clone())),
        )
        .await
        .expect_err("title over 256 refused");
    assert_eq!(discord_error(&err), (400, 50035));
    let raw = Raw::new(&fake);
    let (status, _, body) = raw
        .post(
            &format!("/channels/{TEXT_CHANNEL}/messages"),
            json!({ "embeds": [{ "title": long }] }),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], 50035);
    assert_eq!(
        body["errors"]["embeds"]["0"]["title"]["_errors"][0]["code"],
        "BASE_TYPE_MAX_LENGTH"
    );

    // Other limits, straight to the API.
    for (body, path) in [
        (json!({ "content": "y".repeat(2001) }), "content"),
        (json!({ "content": "a", "nonce": "z".repeat(26) }), "nonce"),
        (
            json!({ "embeds": [{ "fields": [{ "name": "", "value": "v" }] }] }),
            "embeds",
        ),
        (
            json!({ "embeds": [{ "image": { "url": "attachment://missing.png" } }] }),
            "embeds",
        ),
        (
            json!({ "content": "a", "allowed_mentions": { "parse": ["users"], "users": ["1"] } }),
            "allowed_mentions",
        ),
        (
            json!({ "components": [{ "type": 1, "components": [
            { "type": 2, "style": 1, "label": "A", "custom_id": "same" },
            { "type": 2, "style": 1, "label": "B", "custom_id": "same" }] }] }),
            "components",
        ),
        (
            json!({ "components": [{ "type": 1, "components": [
            { "type": 2, "style": 5, "label": "Docs", "custom_id": "x", "url": "https://example.com" }] }] }),
            "components",
        ),
    ] {
        let (status, _, resp) = raw
            .post(&format!("/channels/{TEXT_CHANNEL}/messages"), body.clone())
            .await;
        assert_eq!(
            (status, resp["code"].as_u64()),
            (400, Some(50035)),
            "{body} -> {resp}"
        );
        assert!(
            resp["errors"][path].is_object(),
            "error under {path}: {resp}"
        );
    }
    let (status, _, resp) = raw
        .post(
            &format!("/channels/{TEXT_CHANNEL}/messages"),
            json!({ "content": "" }),
        )
        .await;
    assert_eq!((status, resp["code"].as_u64()), (400, Some(50006)));

    // Pings: allowed_mentions filters them; @everyone needs MENTION_EVERYONE.
    let ping = format!("<@{ALICE_ID}> <@{BOB_ID}> @everyone stretch!");
    let (_, _, m) = raw
        .post(
            &format!("/channels/{TEXT_CHANNEL}/messages"),
            json!({ "content": ping }),
        )
        .await;
    let rec = fake
        .message(m["id"].as_str().unwrap().parse().unwrap())
        .unwrap();
    assert_eq!(rec.pinged.users, vec![ALICE_ID, BOB_ID]);
    assert!(!rec.pinged.everyone);
    let quiet = json!({ "content": ping, "allowed_mentions": { "parse": [], "users": [ALICE_ID.to_string()] } });
    let (_, _, m) = raw
        .post(&format!("/channels/{TEXT_CHANNEL}/messages"), quiet)
        .await;
    assert_eq!(m["mentions"].as_array().unwrap().len(), 1);
    let rec = fake
        .message(m["id"].as_str().unwrap().parse().unwrap())
        .unwrap();
    assert_eq!(rec.pinged.users, vec![ALICE_ID]);

    // LOCKED_CHANNEL: the bot role's overwrite denies SEND_MESSAGES.
    let err = ChannelId::new(LOCKED_CHANNEL)
        .say(&c.http, "hello")
        .await
        .expect_err("locked");
    assert_eq!(discord_error(&err), (403, 50013));
    let (status, _, resp) = raw
        .post("/channels/42/messages", json!({ "content": "a" }))
        .await;
    assert_eq!((status, resp["code"].as_u64()), (404, Some(10003)));

    // Without EMBED_LINKS: embeds are dropped when there is content; embed-only is refused.
    fake.set_channel_overwrite(TEXT_CHANNEL, Overwrite::role(BOT_ROLE, 0, EMBED_LINKS));
    let (status, _, resp) = raw
        .post(
            &format!("/channels/{TEXT_CHANNEL}/messages"),
            json!({ "content": "c", "embeds": [{ "title": "t" }] }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(resp["embeds"], json!([]));
    let (status, _, resp) = raw
        .post(
            &format!("/channels/{TEXT_CHANNEL}/messages"),
            json!({ "embeds": [{ "title": "t" }] }),
        )
        .await;
    assert_eq!((status, resp["code"].as_u64()), (403, Some(50013)));
    // The change reached the client as CHANNEL_UPDATE.
    c.wait("CHANNEL_UPDATE", |e| {
        matches!(e, Event::ChannelUpdate(_)).then_some(())
    })
    .await;
    fake.delete_channel(TEXT_CHANNEL);
    let err = text.say(&c.http, "gone?").await.unwrap_err();
    assert_eq!(discord_error(&err), (404, 10003));

    // Of the refusals above, those Discord's OpenAPI spec already makes: the 300-character
    // title (through serenity, then raw) and the 26-character nonce. The others are the fake's
    // own rules (content over 2000, the spec allowing 4000; components; mentions; uploads).
    let violations = fake.take_spec_violations();
    let fields: Vec<&str> = violations
        .iter()
        .map(|v| v.rsplit_once("): ").map_or("", |(_, f)| f))
        .collect();
    assert_eq!(
        fields,
        vec![
            "embeds.0.title: BASE_TYPE_MAX_LENGTH (Must be 256 or fewer in length.)",
            "embeds.0.title: BASE_TYPE_MAX_LENGTH (Must be 256 or fewer in length.)",
            "nonce: BASE_TYPE_MAX_LENGTH (Must be 25 or fewer in length.)",
        ],
        "{violations:#?}"
    );

    c.assert_no_unknown_events();
    fake.assert_payloads_ok();
    fake.assert_no_unknown_routes();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_rate_limits_and_nonce() {
    let fake = FakeDiscord::start().await;
    let raw = Raw::new(&fake);
    let path = format!("/channels/{TEXT_CHANNEL}/messages");
    let mut last = None;
    for i in 0..6 {
        last = Some(
            raw.post(&path, json!({ "content": format!("post {i}") }))
                .await,
        );
        let (status, headers, _) = last.as_ref().unwrap();
        if i < 5 {
            assert_eq!(*status, 200, "post {i}");
            assert_eq!(
                header(headers, "x-ratelimit-remaining"),
                (4 - i).to_string()
            );
            assert_eq!(header(headers, "x-ratelimit-limit"), "5");
            assert!(!header(headers, "x-ratelimit-bucket").is_empty());
            assert!(header(headers, "x-ratelimit-reset-after")
                .parse::<f64>()
                .is_ok());
        }
    }
    let (status, headers, body) = last.unwrap();
    assert_eq!(status, 429);
    assert!(header(&headers, "retry-after").parse::<u64>().unwrap() >= 1);
    assert_eq!(header(&headers, "x-ratelimit-scope"), "user");
    assert_eq!(body["global"], false);
    assert!(body["retry_after"].as_f64().unwrap() > 0.0);
    assert_eq!(fake.count_429(RateLimitKind::Route), 1);
    assert!(fake.early_retries().is_empty());
    // Retrying before retry_after is hammering, and is flagged.
    let (status, _, _) = raw.post(&path, json!({ "content": "again" })).await;
    assert_eq!(status, 429);
    assert_eq!(fake.early_retries().len(), 1);
    // Another channel has its own bucket (same bucket hash, different major parameter).
    let (status, _, _) = raw
        .post(
            &format!("/channels/{SYSTEM_CHANNEL}/messages"),
            json!({ "content": "x" }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(fake.messages(TEXT_CHANNEL).len(), 5);

    // Nonce with enforce_nonce: the retry gets the same message, even after a 500.
    fake.inject(
        RouteMatcher::message_create(SYSTEM_CHANNEL),
        Fault::CreateThenError(500),
        1,
    );
    let body = json!({ "content": "once", "nonce": "abc-123", "enforce_nonce": true });
    let (s1, _, _) = raw
        .post(
            &format!("/channels/{SYSTEM_CHANNEL}/messages"),
            body.clone(),
        )
        .await;
    assert_eq!(s1, 500);
    let (s2, _, m2) = raw
        .post(
            &format!("/channels/{SYSTEM_CHANNEL}/messages"),
            body.clone(),
        )
        .await;
    let (s3, _, m3) = raw
        .post(&format!("/channels/{SYSTEM_CHANNEL}/messages"), body)
        .await;
    assert_eq!((s2, s3), (200, 200));
    assert_eq!(m2["id"], m3["id"]);
    let once: Vec<_> = fake
        .messages(SYSTEM_CHANNEL)
        .into_iter()
        .filter(|m| m.content == "once")
        .collect();
    assert_eq!(once.len(), 1);
    fake.assert_payloads_ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_global_rate_limit_and_auth() {
    let fake = FakeDiscord::start().await;
    let raw = Raw::new(&fake);
    let start = Instant::now();
    let mut statuses = vec![];
    for _ in 0..55 {
        statuses.push(raw.get("/users/@me").await);
    }
    // Only meaningful if the loop ran within the one-second window.
    if start.elapsed() < Duration::from_millis(900) {
        let limited = statuses
            .iter()
            .find(|(s, _, _)| *s == 429)
            .expect("global limit hit");
        assert_eq!(header(&limited.1, "x-ratelimit-global"), "true");
        assert_eq!(header(&limited.1, "x-ratelimit-scope"), "global");
        assert_eq!(limited.2["global"], true);
        assert!(fake.count_429(RateLimitKind::Global) >= 1);
    }

    let bad = reqwest::Client::new()
        .get(format!("{}/users/@me", fake.api_url()))
        .header("Authorization", "Bot wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 401);
    assert_eq!(
        bad.json::<Value>().await.unwrap(),
        json!({ "message": "401: Unauthorized", "code": 0 })
    );
    let none = reqwest::get(format!("{}/users/@me", fake.api_url()))
        .await
        .unwrap();
    assert_eq!(none.status().as_u16(), 401);

    tokio::time::sleep(Duration::from_millis(1100)).await;
    // GET /gateway is public, as in Discord.
    let public = reqwest::get(format!("{}/gateway", fake.api_url()))
        .await
        .unwrap();
    assert_eq!(public.status().as_u16(), 200);
    let (status, _, body) = raw.get("/no/such/route").await;
    assert_eq!(
        (status, body),
        (404, json!({ "message": "404: Not Found", "code": 0 }))
    );
    assert_eq!(
        fake.unknown_routes(),
        vec!["GET /no/such/route".to_string()]
    );
    assert_eq!(
        fake.take_spec_violations(),
        vec!["GET /no/such/route: no such route in Discord's OpenAPI spec".to_string()]
    );
    let (status, _, body) = raw.get("/gateway").await;
    assert_eq!(status, 200);
    assert!(
        !body["url"].as_str().unwrap().contains('?'),
        "no query string: serenity appends ?v=10"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_resume_after_dropped_websocket() {
    let fake = FakeDiscord::start().await;
    let mut c = TestClient::start(&fake).await;
    c.ready().await;
    register(
        &fake,
        &c.http,
        vec![CreateCommand::new("childspose").description("Child's pose")],
    )
    .await;

    fake.drop_websocket();
    // Sent while the bot is away: kept for the RESUME replay.
    let h = fake.send_slash_command(ALICE_ID, "childspose", json!({}));
    fake.wait_until("a successful RESUME", T, |st| {
        st.gateway.resume_ok_count == 1 && st.gateway.is_connected()
    })
    .await;
    c.wait("RESUMED", |e| matches!(e, Event::Resumed(_)).then_some(()))
        .await;
    let cmd = c.command().await;
    assert_eq!(cmd.id.get(), h.id);
    cmd.create_response(
        &c.http,
        CreateInteractionResponse::Message(CreateInteractionResponseMessage::new().content("ok")),
    )
    .await
    .unwrap();
    h.wait_accepted_callback(T).await;

    // And after the resume, new interactions still arrive.
    let h2 = fake.send_slash_command(BOB_ID, "childspose", json!({}));
    let cmd2 = c.command().await;
    assert_eq!(cmd2.id.get(), h2.id);
    assert_eq!((fake.identify_count(), fake.resume_count()), (1, 1));

    // A gateway outage: connections refused for a while, then the client comes back.
    // (serenity 0.12.5 gives up the session after a refused reconnect and IDENTIFYs again.)
    fake.block_gateway(Duration::from_millis(500));
    fake.wait_until("the client to reconnect after the outage", T, |st| {
        st.gateway.refused_count >= 1
            && st.gateway.is_connected()
            && st.gateway.resume_ok_count + st.gateway.identify_count >= 3
    })
    .await;
    assert!(
        fake.identify_count() + fake.resume_count() <= 4,
        "reconnects stay bounded"
    );
    c.assert_no_unknown_events();
    fake.assert_payloads_ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_components_autocomplete_and_dm() {
    let fake = FakeDiscord::start().await;
    let mut c = TestClient::start(&fake).await;
    c.ready().await;
    register(
        &fake,
        &c.http,
        vec![CreateCommand::new("routine")
            .description("Pick a routine")
            .add_option(
                CreateCommandOption::new(
                    serenity::all::CommandOptionType::String,
                    "name",
                    "Routine name",
                )
                .required(true)
                .set_autocomplete(true),
            )],
    )
    .await;
    serenity::all::Command::set_global_commands(
        &c.http,
        vec![CreateCommand::new("help").description("How it works")],
    )
    .await
    .unwrap();
    fake.wait_for_commands(None, T).await;

    // A button, clicked; the bot answers by updating the message (type 7).
    let msg = ChannelId::new(TEXT_CHANNEL)
        .send_message(
            &c.http,
            CreateMessage::new()
                .content("Session starts in 1 min")
                .components(vec![CreateActionRow::Buttons(vec![CreateButton::new(
                    "join",
                )
                .label("Join")
                .style(ButtonStyle::Primary)])]),
        )
        .await
        .unwrap();
    let h = fake.press_button(BOB_ID, msg.id.get(), "join");
    let comp = c
        .wait("component", |e| match e {
            Event::InteractionCreate(ic) => ic.interaction.as_message_component().cloned(),
            _ => None,
        })
        .await;
    assert_eq!(comp.data.custom_id, "join");
    assert_eq!(comp.message.id, msg.id);
    comp.create_response(
        &c.http,
        CreateInteractionResponse::UpdateMessage(
            CreateInteractionResponseMessage::new().content("Bob joined"),
        ),
    )
    .await
    .unwrap();
    assert_eq!(h.wait_accepted_callback(T).await.kind, 7);
    assert_eq!(fake.message(msg.id.get()).unwrap().content, "Bob joined");

    // Autocomplete (type 4 -> callback type 8).
    let h = fake.send_autocomplete(ALICE_ID, "routine", json!({ "name": "ne" }), "name");
    let ac = c
        .wait("autocomplete", |e| match e {
            Event::InteractionCreate(ic) => ic.interaction.as_autocomplete().cloned(),
            _ => None,
        })
        .await;
    assert_eq!(ac.data.autocomplete().unwrap().value, "ne");
    ac.create_response(
        &c.http,
        CreateInteractionResponse::Autocomplete(
            CreateAutocompleteResponse::new().add_string_choice("Neck", "neck"),
        ),
    )
    .await
    .unwrap();
    let cb = h.wait_accepted_callback(T).await;
    assert_eq!(cb.data["choices"][0]["value"], "neck");

    // A DM command: no guild, `user` instead of `member`.
    let h = fake.send_dm_command(ALICE_ID, "help", json!({}));
    let dm = c.command().await;
    assert!(dm.guild_id.is_none() && dm.member.is_none());
    assert_eq!(dm.user.id.get(), ALICE_ID);
    dm.create_response(
        &c.http,
        CreateInteractionResponse::Message(CreateInteractionResponseMessage::new().content("Hi")),
    )
    .await
    .unwrap();
    h.wait_accepted_callback(T).await;

    // The wrong callback type for the interaction kind is refused.
    let h = fake.send_slash_command(ALICE_ID, "routine", json!({ "name": "neck" }));
    let cmd = c.command().await;
    let err = cmd
        .create_response(&c.http, CreateInteractionResponse::Acknowledge)
        .await
        .unwrap_err();
    assert_eq!(discord_error(&err).0, 400);
    assert!(!h.wait_callback(T).await.accepted());
    c.assert_no_unknown_events();
    fake.assert_payloads_ok();
    fake.assert_no_unknown_routes();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_scheduled_events() {
    let fake = FakeDiscord::start().await;
    let raw = Raw::new(&fake);
    let path = format!("/guilds/{GUILD_ID}/scheduled-events");
    let start = fake.now_utc() + chrono::Duration::hours(1);
    let end = start + chrono::Duration::minutes(15);
    let mut body = json!({
        "name": "Group stretch",
        "privacy_level": 2,
        "entity_type": 3,
        "scheduled_start_time": start.to_rfc3339(),
        "entity_metadata": { "location": "#stretch" },
    });
    let (status, _, resp) = raw.post(&path, body.clone()).await;
    assert_eq!(
        (status, resp["code"].as_u64()),
        (400, Some(50035)),
        "external events need an end time"
    );
    body["scheduled_end_time"] = json!(end.to_rfc3339());
    let (status, _, ev) = raw.post(&path, body.clone()).await;
    assert_eq!(status, 200, "{ev}");
    assert_eq!(fake.scheduled_events().len(), 1);
    let (status, _, list) = raw.get(&path).await;
    assert_eq!((status, list.as_array().unwrap().len()), (200, 1));

    let mut past = body.clone();
    past["scheduled_start_time"] =
        json!((fake.now_utc() - chrono::Duration::minutes(1)).to_rfc3339());
    assert_eq!(raw.post(&path, past).await.0, 400);

    // Without MANAGE_EVENTS / CREATE_EVENTS: 403/50013.
    fake.set_role_permissions(BOT_ROLE, VIEW_CHANNEL | SEND_MESSAGES);
    let (status, _, resp) = raw.post(&path, body).await;
    assert_eq!((status, resp["code"].as_u64()), (403, Some(50013)));

    // Through serenity: the Http call deserializes the fake's answer.
    fake.set_role_permissions(
        BOT_ROLE,
        VIEW_CHANNEL | SEND_MESSAGES | CREATE_EVENTS | CONNECT,
    );
    let http = HttpBuilder::new(fake.token())
        .proxy(fake.base_url())
        .ratelimiter_disabled(true)
        .build();
    let ev = GuildId::new(GUILD_ID)
        .create_scheduled_event(
            &http,
            serenity::all::CreateScheduledEvent::new(
                serenity::all::ScheduledEventType::External,
                "Stretch",
                start,
            )
            .end_time(end)
            .location("#stretch"),
        )
        .await
        .expect("serenity creates an external event");
    assert_eq!(ev.name, "Stretch");
    fake.assert_payloads_ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_gateway_closes_like_discord() {
    let fake = FakeDiscord::start().await;
    let url = format!("{}?v=10&encoding=json", fake.ws_url());
    let (mut ws, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("connect");
    let hello: Value = match ws.next().await.unwrap().unwrap() {
        tokio_tungstenite::tungstenite::Message::Text(t) => serde_json::from_str(&t).unwrap(),
        other => panic!("expected HELLO, got {other:?}"),
    };
    assert_eq!(hello["op"], 10);
    assert_eq!(hello["d"]["heartbeat_interval"], 41250);
    let identify = json!({ "op": 2, "d": { "token": "wrong", "intents": 513, "properties": {} } });
    ws.send(tokio_tungstenite::tungstenite::Message::Text(
        identify.to_string(),
    ))
    .await
    .unwrap();
    let code = loop {
        match tokio::time::timeout(T, ws.next())
            .await
            .expect("close frame")
        {
            Some(Ok(tokio_tungstenite::tungstenite::Message::Close(Some(f)))) => {
                break u16::from(f.code)
            }
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    };
    assert_eq!(code, 4004);

    // Privileged intents that are not enabled: 4014.
    let (mut ws, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    let _hello = ws.next().await;
    let identify =
        json!({ "op": 2, "d": { "token": fake.token(), "intents": 1 << 15, "properties": {} } });
    ws.send(tokio_tungstenite::tungstenite::Message::Text(
        identify.to_string(),
    ))
    .await
    .unwrap();
    let code = loop {
        match tokio::time::timeout(T, ws.next()).await.unwrap() {
            Some(Ok(tokio_tungstenite::tungstenite::Message::Close(Some(f)))) => {
                break u16::from(f.code)
            }
            Some(Ok(_)) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    };
    assert_eq!(code, 4014);
    assert_eq!(fake.identify_count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_harness_runs_a_process() {
    let fake = FakeDiscord::start().await;
    // A stand-in for the bot: prints its environment, keeps a file in its data dir, and exits
    // cleanly on SIGTERM.
    // The trap comes first: a SIGTERM sent right after the last line must still be caught.
    let script = r#"
        trap 'echo "shutting down"; exit 0' TERM
        db="${DATABASE_URL#sqlite:}"
        echo "api=$DISCORD_API_URL guild=$DISCORD_GUILD_ID log=$RUST_LOG"
        if [ -f "$db" ]; then echo "found previous database"; fi
        touch "$db"
        echo "An unknown event was received: fake" >&2
        while true; do sleep 0.05; done
    "#;
    let opts = BotOptions {
        program: "/bin/sh".into(),
        args: vec!["-c".into(), script.into()],
        ..bot_options()
    };
    let mut bot = BotProcess::spawn(&fake, opts);
    let line = bot.wait_for_log("api=", T).await;
    assert!(
        line.contains(&fake.base_url()) && line.contains(&GUILD_ID.to_string()),
        "{line}"
    );
    assert!(line.contains("serenity::client::dispatch=debug"));
    bot.wait_for_log("An unknown event", T).await;
    let unknown = std::panic::catch_unwind(|| bot.assert_no_unknown_events());
    assert!(
        unknown.is_err(),
        "the unknown-event line must fail the check"
    );
    bot.sigterm();
    bot.wait_for_log("shutting down", T).await;
    assert!(bot.wait_exit(T).await.success());

    let mark = bot.log_mark();
    bot.respawn().await;
    bot.wait_for_log_since(mark, "found previous database", T)
        .await;
    bot.sigkill();
    assert!(!bot.wait_exit(T).await.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_injected_faults() {
    let fake = FakeDiscord::start().await;
    let raw = Raw::new(&fake);
    let path = format!("/channels/{TEXT_CHANNEL}/messages");
    let post = json!({ "content": "hi" });

    fake.inject(
        RouteMatcher::message_create(TEXT_CHANNEL),
        Fault::ServerError(502),
        1,
    );
    assert_eq!(raw.post(&path, post.clone()).await.0, 502);
    assert_eq!(
        raw.post(&path, post.clone()).await.0,
        200,
        "only the next matching request fails"
    );

    fake.inject(RouteMatcher::post("/channels"), Fault::Forbidden, 1);
    let (status, _, body) = raw.post(&path, post.clone()).await;
    assert_eq!((status, body["code"].as_u64()), (403, Some(50013)));
    fake.inject(
        RouteMatcher::path(&format!("/channels/{TEXT_CHANNEL}")),
        Fault::NotFound,
        1,
    );
    let (status, _, body) = raw.get(&format!("/channels/{TEXT_CHANNEL}")).await;
    assert_eq!((status, body["code"].as_u64()), (404, Some(10003)));
    // Prefixes match whole segments: channel 1 is not a prefix of channel 12.
    assert!(!RouteMatcher::path("/channels/1").matches("GET", "/channels/12"));

    fake.inject(
        RouteMatcher::get("/users/@me"),
        Fault::Stall(Duration::from_millis(300)),
        1,
    );
    let t0 = Instant::now();
    assert_eq!(raw.get("/users/@me").await.0, 200);
    assert!(t0.elapsed() >= Duration::from_millis(300));

    // An injected 429 blocks the bucket for retry_after: an early retry is flagged.
    fake.inject(
        RouteMatcher::message_create(TEXT_CHANNEL),
        Fault::RateLimit {
            retry_after_secs: 0.3,
            global: false,
        },
        1,
    );
    let (status, headers, body) = raw.post(&path, post.clone()).await;
    assert_eq!(status, 429);
    assert_eq!(body["retry_after"], 0.3);
    assert_eq!(header(&headers, "x-ratelimit-scope"), "user");
    assert_eq!(raw.post(&path, post.clone()).await.0, 429);
    assert_eq!(fake.early_retries().len(), 1);
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_eq!(raw.post(&path, post.clone()).await.0, 200, "waited out");
    assert_eq!(fake.count_429(RateLimitKind::Injected), 2);
    assert_eq!(fake.fault_hits(), 5);
    fake.assert_payloads_ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_attachments_through_serenity() {
    let fake = FakeDiscord::start().await;
    let http = HttpBuilder::new(fake.token())
        .proxy(fake.base_url())
        .ratelimiter_disabled(true)
        .build();
    let png = serenity::all::CreateAttachment::bytes(vec![0u8; 2048], "pose.png");
    let msg = ChannelId::new(TEXT_CHANNEL)
        .send_message(
            &http,
            CreateMessage::new()
                .embed(
                    CreateEmbed::new()
                        .title("Child's pose")
                        .image("attachment://pose.png"),
                )
                .add_file(png.clone()),
        )
        .await
        .expect("multipart post");
    let rec = fake.message(msg.id.get()).unwrap();
    assert_eq!(rec.attachments.len(), 1);
    assert_eq!(
        (
            rec.attachments[0].filename.as_str(),
            rec.attachments[0].size
        ),
        ("pose.png", 2048)
    );
    assert_eq!(
        rec.embeds[0]["image"]["url"].as_str(),
        Some(rec.attachments[0].url.as_str())
    );
    assert_eq!(msg.attachments[0].filename, "pose.png");

    // Editing keeps the attachment unless the edit lists the ones to keep.
    let edited = ChannelId::new(TEXT_CHANNEL)
        .edit_message(
            &http,
            msg.id,
            serenity::all::EditMessage::new().content("Hold it"),
        )
        .await
        .unwrap();
    assert_eq!(edited.attachments.len(), 1);
    assert_eq!(fake.message(msg.id.get()).unwrap().edits.len(), 1);

    // Without ATTACH_FILES the upload is refused.
    fake.set_channel_overwrite(TEXT_CHANNEL, Overwrite::role(BOT_ROLE, 0, ATTACH_FILES));
    let err = ChannelId::new(TEXT_CHANNEL)
        .send_message(&http, CreateMessage::new().content("file").add_file(png))
        .await
        .unwrap_err();
    assert_eq!(discord_error(&err), (403, 50013));
    fake.assert_payloads_ok();
    fake.assert_no_unknown_routes();
}

#[test]
fn fake_selftest_conformance_catches_broken_payloads() {
    let w = World::standard(chrono::Utc::now());
    let mut guild = w.guild_create_json(vec![]);
    guild["roles"][0].as_object_mut().unwrap().remove("colors");
    let err = conformance::check_dispatch("GUILD_CREATE", &guild).unwrap_err();
    assert!(err.contains("colors"), "{err}");
    let err = conformance::check_dispatch("INTERACTION_CREATE", &json!({ "type": 2, "id": "1" }))
        .unwrap_err();
    assert!(!err.is_empty());
    let err = conformance::check_rest(
        "GET /channels/{channel_id}/messages/{message_id}",
        &json!({ "id": "1" }),
    )
    .unwrap_err();
    assert!(err.contains("missing field"), "{err}");
}

// ----- Discord's OpenAPI spec (fake/spec.rs) ----------------------------------------------------

/// Every route the fake serves (concrete paths as a bot sends them) and whether the spec gives
/// it a JSON body.
const SPEC_ROUTES: &[(&str, &str, bool)] = &[
    ("GET", "/gateway", false),
    ("GET", "/gateway/bot", false),
    ("GET", "/users/@me", false),
    ("GET", "/users/1", false),
    ("POST", "/users/@me/channels", true),
    ("GET", "/oauth2/applications/@me", false),
    ("GET", "/applications/@me", false),
    ("GET", "/applications/1/commands", false),
    ("PUT", "/applications/1/commands", true),
    ("POST", "/applications/1/commands", true),
    ("DELETE", "/applications/1/commands/2", false),
    ("GET", "/applications/1/guilds/2/commands", false),
    ("PUT", "/applications/1/guilds/2/commands", true),
    ("POST", "/applications/1/guilds/2/commands", true),
    ("DELETE", "/applications/1/guilds/2/commands/3", false),
    ("POST", "/interactions/1/tok/callback", true),
    ("POST", "/webhooks/1/tok", true),
    ("GET", "/webhooks/1/tok/messages/@original", false),
    ("PATCH", "/webhooks/1/tok/messages/@original", true),
    ("DELETE", "/webhooks/1/tok/messages/@original", false),
    ("GET", "/webhooks/1/tok/messages/2", false),
    ("PATCH", "/webhooks/1/tok/messages/2", true),
    ("DELETE", "/webhooks/1/tok/messages/2", false),
    ("POST", "/channels/1/messages", true),
    ("GET", "/channels/1/messages", false),
    ("GET", "/channels/1/messages/2", false),
    ("PATCH", "/channels/1/messages/2", true),
    ("DELETE", "/channels/1/messages/2", false),
    ("POST", "/channels/1/typing", false),
    ("GET", "/channels/1", false),
    ("GET", "/guilds/1", false),
    ("GET", "/guilds/1/channels", false),
    ("GET", "/guilds/1/roles", false),
    ("GET", "/guilds/1/members/2", false),
    ("GET", "/guilds/1/scheduled-events", false),
    ("POST", "/guilds/1/scheduled-events", true),
    ("GET", "/guilds/1/scheduled-events/2", false),
    ("PATCH", "/guilds/1/scheduled-events/2", true),
    ("DELETE", "/guilds/1/scheduled-events/2", false),
];

#[test]
fn fake_selftest_spec_is_vendored_and_describes_every_route_the_fake_serves() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fake-discord/spec");
    for f in ["openapi.json", "LICENSE", "SOURCE"] {
        assert!(dir.join(f).is_file(), "{f} missing from {}", dir.display());
    }
    assert!(
        spec::LICENSE.starts_with("MIT License"),
        "{}",
        spec::LICENSE
    );
    assert!(spec::LICENSE.contains("Discord"));
    let commit = spec::SOURCE.split_whitespace().next().unwrap_or("");
    assert!(
        commit.len() == 40 && commit.chars().all(|c| c.is_ascii_hexdigit()),
        "SOURCE starts with the commit: {:?}",
        spec::SOURCE
    );
    let doc: Value = serde_json::from_str(spec::OPENAPI_JSON).expect("openapi.json parses");
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["version"], "10");

    let s = spec::spec();
    for (method, path, body) in SPEC_ROUTES {
        let op = s
            .operation(method, path)
            .unwrap_or_else(|| panic!("{method} {path} is not in the spec"));
        assert_eq!(op.takes_body(), *body, "{method} {path} -> {}", op.template);
    }
    // Literal segments win over parameters, and the method counts.
    assert_eq!(
        s.operation("GET", "/users/@me").unwrap().template,
        "/users/@me"
    );
    assert_eq!(
        s.operation("PATCH", "/webhooks/1/tok/messages/@original")
            .unwrap()
            .template,
        "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
    );
    assert!(s.operation("GET", "/no/such/route").is_none());
    assert!(s.operation("PUT", "/channels/1/messages").is_none());
}

/// (dotted field, code) of what the spec says against a body.
fn spec_errors(method: &str, path: &str, body: Value) -> Vec<(String, &'static str)> {
    match spec::spec().check(method, path, &body) {
        spec::Outcome::Checked { errors, .. } => {
            errors.iter().map(|e| (e.dotted(), e.code)).collect()
        }
        other => panic!("{method} {path}: {other:?}"),
    }
}

fn err(field: &str, code: &'static str) -> Vec<(String, &'static str)> {
    vec![(field.to_string(), code)]
}

#[test]
fn fake_selftest_spec_unions_nulls_and_the_documented_exceptions() {
    let msg = |b: Value| spec_errors("POST", "/channels/1/messages", b);
    let callback = |b: Value| spec_errors("POST", "/interactions/1/tok/callback", b);

    // Unions: the branch is picked by the body's `type`, so errors name the real field.
    assert_eq!(
        callback(json!({ "type": 4, "data": { "embeds": [{ "title": "t".repeat(257) }] } })),
        err("data.embeds.0.title", "BASE_TYPE_MAX_LENGTH")
    );
    assert_eq!(
        callback(json!({ "type": 42 })),
        err("type", "UNION_TYPE_CHOICES")
    );
    assert_eq!(callback(json!({})), err("type", "BASE_TYPE_REQUIRED"));
    assert_eq!(callback(json!({ "type": 5 })), vec![]);
    // ... by `entity_type` for scheduled events.
    let event = json!({
        "name": "Stretch", "privacy_level": 2, "entity_type": 3,
        "scheduled_start_time": "2030-01-01T10:00:00Z",
        "scheduled_end_time": "2030-01-01T11:00:00Z",
    });
    assert_eq!(
        spec_errors("POST", "/guilds/1/scheduled-events", event.clone()),
        err("entity_metadata", "BASE_TYPE_REQUIRED")
    );
    // ... and nested: a button outside an action row, a button's label.
    assert_eq!(
        msg(json!({ "components": [{ "type": 2, "style": 1, "custom_id": "a" }] })),
        err("components.0.type", "UNION_TYPE_CHOICES")
    );
    assert_eq!(
        msg(json!({ "components": [{ "type": 1, "components": [
            { "type": 2, "style": 1, "custom_id": "a", "label": "l".repeat(81) }] }] })),
        err("components.0.components.0.label", "BASE_TYPE_MAX_LENGTH")
    );
    // A wrong type is reported alone, not with the enum it then also misses.
    let mut bad_privacy = event.clone();
    bad_privacy["privacy_level"] = json!("guild");
    bad_privacy["entity_metadata"] = json!({ "location": "Room 1" });
    assert_eq!(
        spec_errors("POST", "/guilds/1/scheduled-events", bad_privacy),
        err("privacy_level", "NUMBER_TYPE_COERCE")
    );
    // Dates and URLs are parsed.
    assert_eq!(
        msg(json!({ "embeds": [{ "timestamp": "yesterday" }] })),
        err("embeds.0.timestamp", "DATE_TYPE_PARSE")
    );

    // Nullable fields take null; `nonce` takes an integer or a short string, nothing else.
    assert_eq!(
        msg(json!({ "content": "a", "embeds": null, "allowed_mentions": null, "nonce": null })),
        vec![]
    );
    assert_eq!(msg(json!({ "content": "a", "nonce": 7 })), vec![]);
    assert_eq!(
        msg(json!({ "content": "a", "nonce": true })),
        err("nonce", "NUMBER_TYPE_COERCE")
    );
    assert_eq!(
        msg(json!({ "content": "a", "allowed_mentions": "none" })),
        err("allowed_mentions", "DICT_TYPE_CONVERT")
    );

    // The two documented exceptions, and only as far as they go.
    let cmd = |perms: Value| {
        spec_errors(
            "PUT",
            "/applications/1/guilds/2/commands",
            json!([{ "name": "stretch", "description": "d", "default_member_permissions": perms }]),
        )
    };
    assert_eq!(cmd(json!("8")), vec![]);
    assert_eq!(cmd(json!(8)), vec![]);
    assert_eq!(
        cmd(json!("admins")),
        err("0.default_member_permissions", "NUMBER_TYPE_COERCE")
    );
    assert_eq!(
        msg(json!({ "content": "a", "attachments": [{ "id": 0, "filename": "a.png" }] })),
        vec![]
    );
    assert_eq!(
        msg(json!({ "content": "a", "attachments": [{ "id": "first" }] })),
        err("attachments.0.id", "NUMBER_TYPE_COERCE")
    );
    assert_eq!(
        msg(json!({ "content": "a", "attachments": [{ "filename": "a.png" }] })),
        err("attachments.0.id", "BASE_TYPE_REQUIRED")
    );
}

/// One body the spec must refuse, and the field and code it must name.
struct SpecCase {
    method: reqwest::Method,
    path: String,
    body: Value,
    field: &'static str,
    code: &'static str,
}

#[tokio::test]
async fn fake_selftest_spec_rejects_bad_bodies_on_six_routes() {
    let mut opts = FakeOptions::default();
    opts.rate_limits.routes.clear();
    opts.rate_limits.global_per_sec = 10_000;
    let fake = FakeDiscord::start_with(opts).await;
    let raw = Raw::new(&fake);
    let (status, _, posted) = raw
        .post(
            &format!("/channels/{TEXT_CHANNEL}/messages"),
            json!({ "content": "hello" }),
        )
        .await;
    assert_eq!(status, 200, "{posted}");
    let message = posted["id"].as_str().unwrap().to_string();
    // Good bodies pass the spec, whatever the route then answers (these interactions and
    // webhooks do not exist: 404 and 401 come after the spec check).
    let (status, _, resp) = raw
        .post("/interactions/1/tok/callback", json!({ "type": 5 }))
        .await;
    assert_eq!((status, resp["code"].as_u64()), (404, Some(10062)));
    let event = json!({
        "name": "Stretch", "privacy_level": 2, "entity_type": 3,
        "scheduled_start_time": (fake.now_utc() + chrono::Duration::hours(1)).to_rfc3339(),
        "scheduled_end_time": (fake.now_utc() + chrono::Duration::hours(2)).to_rfc3339(),
        "entity_metadata": { "location": "Room 1" },
    });
    let (status, _, resp) = raw
        .post(
            &format!("/guilds/{GUILD_ID}/scheduled-events"),
            event.clone(),
        )
        .await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(fake.spec_violations(), Vec::<String>::new());

    let with = |base: &Value, k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    let without = |base: &Value, k: &str| {
        let mut b = base.clone();
        b.as_object_mut().unwrap().remove(k);
        b
    };
    let titles = |n: usize| json!(vec![json!({ "title": "t" }); n]);
    let command = json!({ "name": "stretch", "description": "d" });
    let string_option = json!({ "type": 3, "name": "o", "description": "d" });
    let post = reqwest::Method::POST;
    let patch = reqwest::Method::PATCH;
    let put = reqwest::Method::PUT;
    let messages = format!("/channels/{TEXT_CHANNEL}/messages");
    let edit = format!("/channels/{TEXT_CHANNEL}/messages/{message}");
    let callback = "/interactions/1/tok/callback".to_string();
    let events = format!("/guilds/{GUILD_ID}/scheduled-events");
    let commands = format!("/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands");
    let webhook = format!("/webhooks/{APPLICATION_ID}/tok");
    let case = |method: &reqwest::Method, path: &str, body, field, code| SpecCase {
        method: method.clone(),
        path: path.to_string(),
        body,
        field,
        code,
    };
    let cases = vec![
        // POST a channel message.
        case(
            &post,
            &messages,
            json!({ "content": 5 }),
            "content",
            "BASE_TYPE_STRING",
        ),
        case(
            &post,
            &messages,
            json!({ "embeds": [{ "fields": [{ "value": "v" }] }] }),
            "embeds.0.fields.0.name",
            "BASE_TYPE_REQUIRED",
        ),
        case(
            &post,
            &messages,
            json!({ "embeds": [{ "title": "t".repeat(257) }] }),
            "embeds.0.title",
            "BASE_TYPE_MAX_LENGTH",
        ),
        case(
            &post,
            &messages,
            json!({ "content": "a", "sticker_ids": ["1", "2", "3", "4"] }),
            "sticker_ids",
            "BASE_TYPE_MAX_LENGTH",
        ),
        // PATCH a channel message.
        case(
            &patch,
            &edit,
            json!({ "flags": "none" }),
            "flags",
            "NUMBER_TYPE_COERCE",
        ),
        case(
            &patch,
            &edit,
            json!({ "components": [{ "type": 1 }] }),
            "components.0.components",
            "BASE_TYPE_REQUIRED",
        ),
        case(
            &patch,
            &edit,
            json!({ "content": "c".repeat(4001) }),
            "content",
            "BASE_TYPE_MAX_LENGTH",
        ),
        case(
            &patch,
            &edit,
            json!({ "embeds": titles(11) }),
            "embeds",
            "BASE_TYPE_MAX_LENGTH",
        ),
        // Answer an interaction.
        case(
            &post,
            &callback,
            json!({ "type": 4, "data": { "tts": "yes" } }),
            "data.tts",
            "BASE_TYPE_BOOLEAN",
        ),
        case(
            &post,
            &callback,
            json!({ "type": 8 }),
            "data",
            "BASE_TYPE_REQUIRED",
        ),
        case(
            &post,
            &callback,
            json!({ "type": 4, "data": { "content": "c".repeat(2001) } }),
            "data.content",
            "BASE_TYPE_MAX_LENGTH",
        ),
        case(
            &post,
            &callback,
            json!({ "type": 8, "data": { "choices": vec![json!({ "name": "a", "value": "a" }); 26] } }),
            "data.choices",
            "BASE_TYPE_MAX_LENGTH",
        ),
        // Create a scheduled event.
        case(
            &post,
            &events,
            with(&event, "scheduled_start_time", json!(1_900_000_000)),
            "scheduled_start_time",
            "BASE_TYPE_STRING",
        ),
        case(
            &post,
            &events,
            without(&event, "entity_metadata"),
            "entity_metadata",
            "BASE_TYPE_REQUIRED",
        ),
        case(
            &post,
            &events,
            with(&event, "name", json!("n".repeat(101))),
            "name",
            "BASE_TYPE_MAX_LENGTH",
        ),
        case(
            &post,
            &events,
            with(
                &event,
                "recurrence_rule",
                json!({
                    "start": event["scheduled_start_time"], "frequency": 2,
                    "by_n_weekday": vec![json!({ "n": 1, "day": 0 }); 8],
                }),
            ),
            "recurrence_rule.by_n_weekday",
            "BASE_TYPE_MAX_LENGTH",
        ),
        // Register commands.
        case(
            &put,
            &commands,
            json!([with(&command, "dm_permission", json!("no"))]),
            "0.dm_permission",
            "BASE_TYPE_BOOLEAN",
        ),
        case(
            &put,
            &commands,
            json!([without(&command, "name")]),
            "0.name",
            "BASE_TYPE_REQUIRED",
        ),
        case(
            &put,
            &commands,
            json!([with(&command, "name", json!("n".repeat(33)))]),
            "0.name",
            "BASE_TYPE_MAX_LENGTH",
        ),
        case(
            &put,
            &commands,
            json!([with(&command, "options", json!(vec![string_option; 26]))]),
            "0.options",
            "BASE_TYPE_MAX_LENGTH",
        ),
        // Send a follow-up through the interaction webhook.
        case(
            &post,
            &webhook,
            json!({ "content": 5 }),
            "content",
            "BASE_TYPE_STRING",
        ),
        case(
            &post,
            &webhook,
            json!({ "embeds": [{ "fields": [{ "name": "n" }] }] }),
            "embeds.0.fields.0.value",
            "BASE_TYPE_REQUIRED",
        ),
        case(
            &post,
            &webhook,
            json!({ "content": "c".repeat(2001) }),
            "content",
            "BASE_TYPE_MAX_LENGTH",
        ),
        case(
            &post,
            &webhook,
            json!({ "embeds": titles(11) }),
            "embeds",
            "BASE_TYPE_MAX_LENGTH",
        ),
    ];
    for c in &cases {
        let (status, _, resp) = raw
            .send(c.method.clone(), &c.path, Some(c.body.clone()))
            .await;
        let what = format!("{} {} -> {status} {resp}", c.method, c.path);
        assert_eq!(
            (status, resp["code"].as_u64()),
            (400, Some(50035)),
            "{what}"
        );
        assert_eq!(resp["message"], "Invalid Form Body", "{what}");
        let node = c
            .field
            .split('.')
            .fold(&resp["errors"], |node, seg| &node[seg]);
        assert_eq!(node["_errors"][0]["code"], c.code, "{} in {what}", c.field);
    }
    // Each refusal is recorded with its field, so a test expecting success would fail on it.
    let violations = fake.take_spec_violations();
    assert_eq!(violations.len(), cases.len(), "{violations:#?}");
    for (v, c) in violations.iter().zip(&cases) {
        assert!(
            v.contains(&format!("): {}: {}", c.field, c.code)),
            "{v} should name {} {}",
            c.field,
            c.code
        );
    }
    // Nothing reached the routes: no message was edited, no event or command was created.
    assert_eq!(
        fake.message(message.parse().unwrap()).unwrap().edits.len(),
        0
    );
    assert_eq!(fake.scheduled_events().len(), 1);
    assert!(fake.registered_commands(Some(GUILD_ID)).is_empty());
    fake.assert_healthy();
}

#[tokio::test]
async fn fake_selftest_unclaimed_spec_violations_fail_the_test_when_the_fake_stops() {
    let fake = FakeDiscord::start().await;
    let raw = Raw::new(&fake);
    let (status, _, _) = raw
        .post(
            &format!("/channels/{TEXT_CHANNEL}/messages"),
            json!({ "content": 5 }),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _, _) = raw.get("/not/in/the/spec").await;
    assert_eq!(status, 404);
    // Nobody claims them: stopping the fake (the end of a test) panics, naming both.
    let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(fake)));
    let message = stopped
        .expect_err("unclaimed violations must fail the test")
        .downcast::<String>()
        .map(|s| *s)
        .unwrap_or_default();
    assert!(message.contains("content: BASE_TYPE_STRING"), "{message}");
    assert!(message.contains("GET /not/in/the/spec"), "{message}");

    // Claimed ones do not.
    let fake = FakeDiscord::start().await;
    let (status, _, _) = Raw::new(&fake)
        .post(
            &format!("/channels/{TEXT_CHANNEL}/messages"),
            json!({ "content": 5 }),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(fake.take_spec_violations().len(), 1);
    drop(fake);
}

// ----- shards and several copies of a bot -------------------------------------------------------

type WsStream =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;
use tokio_tungstenite::tungstenite::Message as WsMessage;

/// Intents of the raw gateway clients below: GUILDS, GUILD_MESSAGES, DIRECT_MESSAGES.
const RAW_INTENTS: u64 = intents::GUILDS | intents::GUILD_MESSAGES | intents::DIRECT_MESSAGES;

/// A bare gateway client, to see exactly which frames reach which connection.
struct RawGateway {
    ws: WsStream,
    /// Every frame received (HELLO excluded), in order.
    seen: Vec<Value>,
    /// Frames received and not yet taken by `dispatch`.
    pending: Vec<Value>,
}

impl RawGateway {
    /// Connects to `url` (`ws_url` or `labeled_ws_url`) and reads HELLO.
    async fn connect(url: &str) -> RawGateway {
        let (mut ws, _) = tokio_tungstenite::connect_async(format!("{url}?v=10&encoding=json"))
            .await
            .expect("connect to the fake gateway");
        match tokio::time::timeout(T, ws.next()).await.expect("HELLO") {
            Some(Ok(WsMessage::Text(t))) => {
                assert_eq!(serde_json::from_str::<Value>(&t).unwrap()["op"], 10)
            }
            other => panic!("expected HELLO, got {other:?}"),
        }
        RawGateway {
            ws,
            seen: vec![],
            pending: vec![],
        }
    }

    async fn send(&mut self, v: Value) {
        self.ws.send(WsMessage::Text(v.to_string())).await.unwrap();
    }

    /// IDENTIFY with the fake's token; `shard` as sent (`None`: no `shard` field).
    async fn identify(&mut self, fake: &FakeDiscord, shard: Option<Value>) {
        let mut d = json!({ "token": fake.token(), "intents": RAW_INTENTS, "properties": {} });
        if let Some(s) = shard {
            d["shard"] = s;
        }
        self.send(json!({ "op": 2, "d": d })).await;
    }

    /// The next frame within `within`; `None` when nothing came. Panics on a close frame.
    async fn next_frame(&mut self, within: Duration) -> Option<Value> {
        loop {
            match tokio::time::timeout(within, self.ws.next()).await {
                Err(_) => return None,
                Ok(Some(Ok(WsMessage::Text(t)))) => {
                    let v: Value = serde_json::from_str(&t).unwrap();
                    self.seen.push(v.clone());
                    return Some(v);
                }
                Ok(Some(Ok(WsMessage::Close(f)))) => panic!("closed by the fake: {f:?}"),
                Ok(Some(Ok(_))) => continue,
                Ok(other) => panic!("gateway connection ended: {other:?}"),
            }
        }
    }

    /// The next dispatch named `t` (the whole frame: `op`, `t`, `s`, `d`).
    async fn dispatch(&mut self, t: &str) -> Value {
        if let Some(i) = self.pending.iter().position(|f| f["t"] == t) {
            return self.pending.remove(i);
        }
        let deadline = Instant::now() + T;
        while Instant::now() < deadline {
            if let Some(f) = self.next_frame(deadline - Instant::now()).await {
                if f["op"] == 0 && f["t"] == t {
                    return f;
                }
                self.pending.push(f);
            }
        }
        panic!(
            "timed out waiting for {t}; got {:?}",
            self.seen.iter().map(|f| &f["t"]).collect::<Vec<_>>()
        );
    }

    /// Dispatches named `t` that arrive within `within` (and any not taken yet).
    async fn more(&mut self, t: &str, within: Duration) -> Vec<Value> {
        let deadline = Instant::now() + within;
        while let Some(f) = self
            .next_frame(deadline.saturating_duration_since(Instant::now()))
            .await
        {
            self.pending.push(f);
        }
        let (hits, rest) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|f| f["t"] == t);
        self.pending = rest;
        hits
    }

    /// The close code the fake ends this connection with.
    async fn close_code(&mut self) -> u16 {
        loop {
            match tokio::time::timeout(T, self.ws.next())
                .await
                .expect("a close frame")
            {
                Some(Ok(WsMessage::Close(Some(f)))) => return u16::from(f.code),
                Some(Ok(_)) => continue,
                other => panic!("expected a close frame, got {other:?}"),
            }
        }
    }
}

fn ids_of(list: &Value) -> Vec<u64> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|g| g["id"].as_str().unwrap().parse().unwrap())
        .collect()
}

impl Raw {
    /// Requests as the process labelled `label` sends them.
    fn labeled(fake: &FakeDiscord, label: &str) -> Raw {
        Raw {
            api: format!("{}/api/v10", fake.labeled_base_url(label)),
            ..Raw::new(fake)
        }
    }

    /// Registers one global slash command, `/ping`.
    async fn register_ping(&self) {
        let (status, _, body) = self
            .send(
                reqwest::Method::PUT,
                &format!("/applications/{APPLICATION_ID}/commands"),
                Some(json!([{ "name": "ping", "description": "Ping", "type": 1 }])),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    /// Answers an interaction with a message; returns (status, Discord error code).
    async fn ack(&self, interaction: &Value, content: &str) -> (u16, Value) {
        let (status, _, body) = self
            .post(
                &format!(
                    "/interactions/{}/{}/callback",
                    interaction["id"].as_str().unwrap(),
                    interaction["token"].as_str().unwrap()
                ),
                json!({ "type": 4, "data": { "content": content } }),
            )
            .await;
        (status, body["code"].clone())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_gateway_bot_recommends_shards_and_counts_session_starts() {
    // Defaults: one shard, Discord's 1,000 session starts.
    let fake = FakeDiscord::start().await;
    let (status, _, v) = Raw::new(&fake).get("/gateway/bot").await;
    assert_eq!(status, 200);
    assert_eq!(v["shards"], 1);
    assert_eq!(v["url"], fake.ws_url());
    assert_eq!(
        v["session_start_limit"],
        json!({ "total": 1000, "remaining": 1000, "reset_after": 86_400_000, "max_concurrency": 1 })
    );
    // A wrong token starts no session of this bot: the budget is untouched.
    let mut wrong = RawGateway::connect(&fake.ws_url()).await;
    wrong
        .send(
            json!({ "op": 2, "d": { "token": "wrong", "intents": RAW_INTENTS, "properties": {} } }),
        )
        .await;
    assert_eq!(wrong.close_code().await, 4004);
    let (_, _, v) = Raw::new(&fake).get("/gateway/bot").await;
    assert_eq!(v["session_start_limit"]["remaining"], 1000);

    let fake = FakeDiscord::start_with(FakeOptions {
        recommended_shards: 4,
        session_start_total: 3,
        max_concurrency: 2,
        ..FakeOptions::default()
    })
    .await;
    let raw = Raw::new(&fake);
    let (_, _, v) = raw.get("/gateway/bot").await;
    assert_eq!(v["shards"], 4);
    assert_eq!(v["session_start_limit"]["total"], 3);
    assert_eq!(v["session_start_limit"]["max_concurrency"], 2);
    let mut open = vec![];
    for (n, shard) in [None, Some(json!([1, 4])), Some(json!([0, 4]))]
        .into_iter()
        .enumerate()
    {
        let mut gw = RawGateway::connect(&fake.ws_url()).await;
        gw.identify(&fake, shard).await;
        gw.dispatch("READY").await;
        let (_, _, v) = raw.get("/gateway/bot").await;
        assert_eq!(
            v["session_start_limit"]["remaining"],
            2 - n,
            "after {} IDENTIFYs",
            n + 1
        );
        open.push(gw);
    }
    // Past the budget Discord resets the token: that IDENTIFY and every session end with 4004,
    // and REST answers 401.
    let mut one_more = RawGateway::connect(&fake.ws_url()).await;
    one_more.identify(&fake, None).await;
    assert_eq!(one_more.close_code().await, 4004);
    for gw in &mut open {
        assert_eq!(gw.close_code().await, 4004);
    }
    assert!(fake.sessions().is_empty());
    let (status, _, _) = raw.get("/gateway/bot").await;
    assert_eq!(status, 401);
    assert_eq!(fake.identifies_for_shard(0), 2);
    assert_eq!(fake.identifies_for_shard(1), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_identify_closes_4010_for_a_bad_shard_and_4011_for_too_many_servers() {
    // Four servers: the standard one (on shard 1 of 2), two on shard 0 of 2, one on shard 1.
    assert_eq!(shard_of(GUILD_ID, 2), 1);
    let fake = FakeDiscord::start_with(FakeOptions {
        extra_guilds: vec![
            guild_id_on_shard(0, 2, 0),
            guild_id_on_shard(0, 2, 1),
            guild_id_on_shard(1, 2, 0),
        ],
        max_guilds_per_shard: 2,
        ..FakeOptions::default()
    })
    .await;
    for shard in [json!([2, 2]), json!([0, 0]), json!([1]), json!("0")] {
        let mut gw = RawGateway::connect(&fake.ws_url()).await;
        gw.identify(&fake, Some(shard.clone())).await;
        assert_eq!(gw.close_code().await, 4010, "shard {shard}");
    }
    // Unsharded, one session would carry all four servers.
    for shard in [None, Some(json!([0, 1]))] {
        let mut gw = RawGateway::connect(&fake.ws_url()).await;
        gw.identify(&fake, shard.clone()).await;
        assert_eq!(gw.close_code().await, 4011, "shard {shard:?}");
    }
    // Two shards carry two each.
    let mut open = vec![];
    for shard in [json!([0, 2]), json!([1, 2])] {
        let mut gw = RawGateway::connect(&fake.ws_url()).await;
        gw.identify(&fake, Some(shard.clone())).await;
        let ready = gw.dispatch("READY").await;
        assert_eq!(ready["d"]["shard"], shard);
        assert_eq!(ready["d"]["guilds"].as_array().unwrap().len(), 2);
        open.push(gw);
    }
    assert_eq!(fake.closes_sent(), vec![4010, 4010, 4010, 4010, 4011, 4011]);
    let shards: Vec<[u64; 2]> = fake.sessions().iter().map(|s| s.shard).collect();
    assert_eq!(shards, vec![[0, 2], [1, 2]]);
    let refused: Vec<Option<u16>> = fake.identify_log().iter().map(|r| r.close).collect();
    assert_eq!(refused.iter().filter(|c| c.is_some()).count(), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_a_session_carries_only_its_shards_servers() {
    let (g0a, g0b, g1) = (
        guild_id_on_shard(0, 2, 0),
        guild_id_on_shard(0, 2, 1),
        guild_id_on_shard(1, 2, 0),
    );
    assert_eq!(
        [g0a, g0b, g1].map(|g| shard_of(g, 2)),
        [0, 0, 1],
        "guild_id_on_shard follows Discord's rule"
    );
    let fake = FakeDiscord::start_with(FakeOptions {
        extra_guilds: vec![g0a, g0b, g1],
        ..FakeOptions::default()
    })
    .await;
    let mut s0 = RawGateway::connect(&fake.labeled_ws_url("zero")).await;
    s0.identify(&fake, Some(json!([0, 2]))).await;
    let ready = s0.dispatch("READY").await;
    assert_eq!(ids_of(&ready["d"]["guilds"]), vec![g0a, g0b]);
    for g in [g0a, g0b] {
        let create = s0.dispatch("GUILD_CREATE").await["d"].clone();
        assert_eq!(create["id"], json!(g.to_string()));
        assert!(ids_of(&create["channels"]).contains(&in_guild(g, TEXT_CHANNEL)));
        assert!(ids_of(&create["roles"]).contains(&in_guild(g, BOT_ROLE)));
        let bot = create["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["user"]["id"] == json!(BOT_ID.to_string()))
            .expect("the bot is a member");
        assert_eq!(bot["roles"], json!([in_guild(g, BOT_ROLE).to_string()]));
    }
    let mut s1 = RawGateway::connect(&fake.labeled_ws_url("one")).await;
    s1.identify(&fake, Some(json!([1, 2]))).await;
    let ready = s1.dispatch("READY").await;
    assert_eq!(ids_of(&ready["d"]["guilds"]), vec![GUILD_ID, g1]);
    let creates = [
        s1.dispatch("GUILD_CREATE").await,
        s1.dispatch("GUILD_CREATE").await,
    ];
    assert_eq!(
        creates.map(|c| c["d"]["id"].clone()),
        [json!(GUILD_ID.to_string()), json!(g1.to_string())]
    );
    assert!(s0
        .more("GUILD_CREATE", Duration::from_millis(200))
        .await
        .is_empty());

    // A message in a server reaches only the session of that server's shard.
    let on_one = fake.post_user_message(ALICE_ID, in_guild(g1, TEXT_CHANNEL), "on shard 1");
    let on_zero = fake.post_user_message(BOB_ID, in_guild(g0b, TEXT_CHANNEL), "on shard 0");
    let m1 = s1.dispatch("MESSAGE_CREATE").await;
    assert_eq!(
        (m1["d"]["id"].clone(), m1["d"]["guild_id"].clone()),
        (json!(on_one.to_string()), json!(g1.to_string()))
    );
    let m0 = s0.dispatch("MESSAGE_CREATE").await;
    assert_eq!(
        (m0["d"]["id"].clone(), m0["d"]["guild_id"].clone()),
        (json!(on_zero.to_string()), json!(g0b.to_string()))
    );
    assert!(s0
        .more("MESSAGE_CREATE", Duration::from_millis(200))
        .await
        .is_empty());
    assert!(s1
        .more("MESSAGE_CREATE", Duration::from_millis(10))
        .await
        .is_empty());

    let sessions: Vec<([u64; 2], String)> = fake
        .sessions()
        .into_iter()
        .map(|s| (s.shard, s.label))
        .collect();
    assert_eq!(
        sessions,
        vec![([0, 2], "zero".to_string()), ([1, 2], "one".to_string())]
    );

    // REST knows the extra servers: their channels, and posting there.
    let raw = Raw::labeled(&fake, "one");
    let (status, _, ch) = raw
        .get(&format!("/channels/{}", in_guild(g1, TEXT_CHANNEL)))
        .await;
    assert_eq!(
        (status, ch["guild_id"].clone()),
        (200, json!(g1.to_string()))
    );
    let (status, _, g) = raw.get(&format!("/guilds/{g1}")).await;
    assert_eq!((status, g["id"].clone()), (200, json!(g1.to_string())));
    let (status, _, _) = raw
        .post(
            &format!("/channels/{}/messages", in_guild(g1, TEXT_CHANNEL)),
            json!({ "content": "hi" }),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _, _) = raw
        .post(
            &format!("/channels/{}/messages", in_guild(g1, LOCKED_CHANNEL)),
            json!({ "content": "hi" }),
        )
        .await;
    assert_eq!(status, 403, "the copy keeps the locked channel's overwrite");
    let posted = fake.messages(in_guild(g1, TEXT_CHANNEL));
    assert_eq!(posted.last().map(|m| m.guild_id), Some(Some(g1)));
    assert!(fake
        .requests()
        .iter()
        .any(|r| r.label == "one" && r.route == "POST /channels/{channel_id}/messages"));
    let bot_post = s1.dispatch("MESSAGE_CREATE").await;
    assert_eq!(bot_post["d"]["guild_id"], json!(g1.to_string()));

    // Commands registered for that server, and buttons on a message there, come from it.
    let (status, _, body) = raw
        .send(
            reqwest::Method::PUT,
            &format!("/applications/{APPLICATION_ID}/guilds/{g1}/commands"),
            Some(json!([{ "name": "ping", "description": "Ping", "type": 1 }])),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let h = fake.send_slash_command_in_guild(g1, ADMIN_ID, "ping", json!({}));
    let got = s1.dispatch("INTERACTION_CREATE").await["d"].clone();
    assert_eq!(got["id"], json!(h.id.to_string()));
    assert_eq!(got["guild_id"], json!(g1.to_string()));
    assert_eq!(
        got["channel_id"],
        json!(in_guild(g1, TEXT_CHANNEL).to_string())
    );
    assert_eq!(
        got["member"]["roles"],
        json!([in_guild(g1, ADMIN_ROLE).to_string()])
    );
    assert_eq!(h.record().guild_id, Some(g1));
    let (status, _, posted) = raw
        .post(
            &format!("/channels/{}/messages", in_guild(g1, TEXT_CHANNEL)),
            json!({ "content": "press", "components": [{ "type": 1, "components": [
                { "type": 2, "style": 1, "label": "Go", "custom_id": "go" }
            ] }] }),
        )
        .await;
    assert_eq!(status, 200, "{posted}");
    let message: u64 = posted["id"].as_str().unwrap().parse().unwrap();
    let press = fake.press_button(BOB_ID, message, "go");
    let got = s1.dispatch("INTERACTION_CREATE").await["d"].clone();
    assert_eq!(
        (got["id"].clone(), got["guild_id"].clone()),
        (json!(press.id.to_string()), json!(g1.to_string()))
    );
    // Not registered for a shard-0 server: a Discord client would not offer it there.
    let elsewhere = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        fake.send_slash_command_in_guild(g0a, ADMIN_ID, "ping", json!({}))
    }));
    assert!(elsewhere.is_err());
    assert!(s0
        .more("INTERACTION_CREATE", Duration::from_millis(200))
        .await
        .is_empty());
    fake.assert_payloads_ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_every_session_on_a_shard_gets_each_dispatch_and_only_the_first_ack_counts() {
    let fake = FakeDiscord::start().await;
    Raw::new(&fake).register_ping().await;
    // Two copies of a bot on the same (only) shard: one without `shard`, one with [0, 1].
    let mut a = RawGateway::connect(&fake.labeled_ws_url("copy-a")).await;
    a.identify(&fake, None).await;
    a.dispatch("GUILD_CREATE").await;
    let mut b = RawGateway::connect(&fake.labeled_ws_url("copy-b")).await;
    b.identify(&fake, Some(json!([0, 1]))).await;
    let b_session = b.dispatch("READY").await["d"]["session_id"].clone();
    b.dispatch("GUILD_CREATE").await;
    let labels: Vec<String> = fake.sessions().into_iter().map(|s| s.label).collect();
    assert_eq!(labels, ["copy-a", "copy-b"]);
    assert_eq!(fake.identifies_for_shard(0), 2);

    let h = fake.send_slash_command(ALICE_ID, "ping", json!({}));
    let (ia, ib) = (
        a.dispatch("INTERACTION_CREATE").await,
        b.dispatch("INTERACTION_CREATE").await,
    );
    assert_eq!(ia["d"]["id"], json!(h.id.to_string()));
    assert_eq!(ib["d"]["id"], json!(h.id.to_string()));
    // Each with its own sequence: READY 1, GUILD_CREATE 2, this 3.
    assert_eq!((ia["s"].clone(), ib["s"].clone()), (json!(3), json!(3)));
    assert_eq!(h.record().delivered_to.len(), 2);

    // Both answer; Discord takes the first and refuses the second with 40060.
    assert_eq!(
        Raw::labeled(&fake, "copy-a")
            .ack(&ia["d"], "pong from a")
            .await,
        (204, Value::Null)
    );
    assert_eq!(
        Raw::labeled(&fake, "copy-b")
            .ack(&ib["d"], "pong from b")
            .await,
        (400, json!(40060))
    );
    assert_eq!(h.acked_by().as_deref(), Some("copy-a"));
    let answers: Vec<(String, bool)> = h
        .callbacks()
        .into_iter()
        .map(|c| (c.label.clone(), c.accepted()))
        .collect();
    assert_eq!(
        answers,
        [("copy-a".to_string(), true), ("copy-b".to_string(), false)]
    );
    let shown: Vec<String> = fake
        .messages(TEXT_CHANNEL)
        .into_iter()
        .map(|m| m.content)
        .collect();
    assert_eq!(shown, ["pong from a"]);

    // Each session resumes from its own log: b goes away, misses two dispatches, gets them back.
    b.ws.close(None).await.unwrap();
    fake.wait_until("b's connection to close", T, |st| {
        st.gateway.connected().len() == 1
    })
    .await;
    let away = fake.post_user_message(BOB_ID, TEXT_CHANNEL, "while b is away");
    let seen_by_a = a.dispatch("MESSAGE_CREATE").await;
    let seen_by_a = if seen_by_a["d"]["id"] == json!(away.to_string()) {
        seen_by_a
    } else {
        a.dispatch("MESSAGE_CREATE").await
    };
    assert_eq!(seen_by_a["d"]["id"], json!(away.to_string()));
    let mut b2 = RawGateway::connect(&fake.labeled_ws_url("copy-b2")).await;
    b2.send(json!({ "op": 6, "d": { "token": fake.token(), "session_id": b_session, "seq": 3 } }))
        .await;
    b2.dispatch("RESUMED").await;
    let replayed: Vec<(Value, Value)> = b2
        .seen
        .iter()
        .map(|f| (f["t"].clone(), f["s"].clone()))
        .collect();
    assert_eq!(
        replayed,
        [
            (json!("MESSAGE_CREATE"), json!(4)),
            (json!("MESSAGE_CREATE"), json!(5)),
            (json!("RESUMED"), json!(6))
        ]
    );
    assert_eq!(b2.seen[1]["d"]["id"], json!(away.to_string()));
    let sessions: Vec<(String, Value)> = fake
        .sessions()
        .into_iter()
        .map(|s| (s.label, json!(s.session_id)))
        .collect();
    assert_eq!(sessions[1], ("copy-b2".to_string(), b_session));
    fake.assert_payloads_ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_events_without_a_server_reach_only_shard_0() {
    let fake = FakeDiscord::start().await;
    Raw::new(&fake).register_ping().await;
    // The standard guild is on shard 1 of 2: shard 0 carries no server at all.
    let mut s0 = RawGateway::connect(&fake.ws_url()).await;
    s0.identify(&fake, Some(json!([0, 2]))).await;
    let ready0 = s0.dispatch("READY").await;
    assert_eq!(ready0["d"]["guilds"], json!([]));
    let mut s1 = RawGateway::connect(&fake.ws_url()).await;
    s1.identify(&fake, Some(json!([1, 2]))).await;
    s1.dispatch("GUILD_CREATE").await;

    let dm = fake.send_dm_command(ALICE_ID, "ping", json!({}));
    let got = s0.dispatch("INTERACTION_CREATE").await;
    assert_eq!(got["d"]["id"], json!(dm.id.to_string()));
    assert!(got["d"]["guild_id"].is_null());
    assert_eq!(
        dm.record().delivered_to,
        [ready0["d"]["session_id"].as_str().unwrap()]
    );
    // A DM message too.
    let (status, _, channel) = Raw::new(&fake)
        .post(
            "/users/@me/channels",
            json!({ "recipient_id": BOB_ID.to_string() }),
        )
        .await;
    assert_eq!(status, 200);
    let dm_channel: u64 = channel["id"].as_str().unwrap().parse().unwrap();
    let message = fake.post_user_message(BOB_ID, dm_channel, "hello bot");
    assert_eq!(
        s0.dispatch("MESSAGE_CREATE").await["d"]["id"],
        json!(message.to_string())
    );

    // And a server's command goes to that server's shard only.
    let in_guild_cmd = fake.send_slash_command(BOB_ID, "ping", json!({}));
    let got = s1.dispatch("INTERACTION_CREATE").await;
    assert_eq!(got["d"]["id"], json!(in_guild_cmd.id.to_string()));
    assert!(s1
        .more("INTERACTION_CREATE", Duration::from_millis(200))
        .await
        .is_empty());
    assert!(s1
        .more("MESSAGE_CREATE", Duration::from_millis(10))
        .await
        .is_empty());
    assert!(s0
        .more("INTERACTION_CREATE", Duration::from_millis(10))
        .await
        .is_empty());
    fake.assert_payloads_ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_selftest_two_bot_processes_share_a_database_and_are_told_apart() {
    let fake = FakeDiscord::start().await;
    let first = BotProcess::spawn(
        &fake,
        BotOptions {
            label: Some("first".into()),
            ..bot_options()
        },
    );
    fake.wait_for_sessions(1, T).await;
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    let second = first.spawn_copy(
        &fake,
        BotOptions {
            label: Some("second".into()),
            env: vec![("STRETCHBOT_HARNESS_COPY".into(), "2".into())],
            ..bot_options()
        },
    );
    let sessions = fake.wait_for_sessions(2, T).await;
    let seen: Vec<(String, [u64; 2])> = sessions.into_iter().map(|s| (s.label, s.shard)).collect();
    assert_eq!(
        seen,
        [
            ("first".to_string(), [0, 1]),
            ("second".to_string(), [0, 1])
        ]
    );
    assert_eq!(fake.identifies_for_shard(0), 2);
    assert_eq!(second.database_path(), first.database_path());
    assert_ne!(second.dir(), first.dir());
    assert_ne!(second.pid(), first.pid());
    assert!(first.is_running() && second.is_running());
    for label in ["first", "second"] {
        assert!(
            fake.requests()
                .iter()
                .any(|r| r.label == label && r.route == "GET /gateway"),
            "{label} fetched its gateway URL"
        );
    }
    first.assert_no_unknown_events();
    second.assert_no_unknown_events();
    fake.assert_healthy();
}
