//! Connecting to Discord: serenity's HTTP client (its rate limiter off, requests redirected when
//! `DISCORD_API_URL` is set), the poise framework with our commands, and the gateway shards this
//! process runs (`DISCORD_SHARDS`), started by serenity's own shard start-up after the daily
//! identify budget (`session_start_limit`) was checked.

use std::{sync::Arc, time::Duration};

use anyhow::Context as _;
use poise::serenity_prelude as serenity;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use super::{autocomplete, commands, events, install, reply::on_error, sender::Reply, Bot};
use crate::{
    config::{Settings, Token},
    message::OutMessage,
};

/// The running gateway shards; [`Gateway::wait`] returns when they stop.
pub struct Gateway {
    task: tokio::task::JoinHandle<Result<(), serenity::Error>>,
    /// Each shard's connection state, for the health endpoint.
    pub shards: Arc<serenity::ShardManager>,
    pub cache: Arc<serenity::Cache>,
}

impl Gateway {
    pub async fn wait(self) -> anyhow::Result<()> {
        self.task.await.context("the gateway task failed")??;
        Ok(())
    }
}

/// The shards this process runs: `first..=last` of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardRun {
    pub first: u32,
    pub last: u32,
    pub total: u32,
}

impl ShardRun {
    pub fn shards_run(self) -> u32 {
        self.last - self.first + 1
    }
}

/// Asks Discord how many shards it wants (`GET /gateway/bot`) and resolves `DISCORD_SHARDS`
/// against it; waits, logging why, while the day's identify budget could not start them all.
/// `None`: `shutdown` came first.
pub async fn plan(
    settings: &Settings,
    token: &Token,
    shutdown: &CancellationToken,
) -> anyhow::Result<Option<ShardRun>> {
    let http = http(settings, token)?;
    loop {
        debug!("asking Discord how many shards to run");
        let gateway = http
            .get_bot_gateway()
            .await
            .context("cannot ask Discord which shards to run (GET /gateway/bot)")?;
        let (first, last, total) = settings.shard_plan().resolve(gateway.shards);
        let run = ShardRun { first, last, total };
        let budget = &gateway.session_start_limit;
        if budget.remaining >= u64::from(run.shards_run()) {
            info!(
                first,
                last,
                total,
                recommended = gateway.shards,
                identifies_left_today = budget.remaining,
                "gateway shards planned"
            );
            return Ok(Some(run));
        }
        // Identifying anyway would burn what is left, and Discord resets the token of a bot that
        // goes past its daily budget; waiting for the reset is the cheaper failure.
        warn!(
            remaining = budget.remaining,
            wanted = run.shards_run(),
            reset_after_ms = budget.reset_after,
            "the daily gateway identify budget is spent; waiting for it to reset before connecting"
        );
        tokio::select! {
            () = tokio::time::sleep(Duration::from_millis(budget.reset_after.max(1000))) => {}
            () = shutdown.cancelled() => return Ok(None),
        }
    }
}

/// Builds serenity's HTTP client the way this bot needs it.
fn http(settings: &Settings, token: &Token) -> anyhow::Result<serenity::Http> {
    let discord = &settings.discord;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(discord.request_timeout_secs))
        .build()?;
    let mut builder = serenity::HttpBuilder::new(token.expose())
        .client(client)
        // With a base URL, serenity's limiter would send to discord.com; our sender paces instead.
        .ratelimiter_disabled(true)
        .default_allowed_mentions(serenity::CreateAllowedMentions::new());
    if !discord.api_url.is_empty() {
        builder = builder.proxy(settings.api_base());
    }
    Ok(builder.build())
}

/// poise, except that autocomplete goes to [`autocomplete::answer`]: through the one sending
/// layer instead of serenity's HTTP client.
struct Dispatch {
    poise: poise::Framework<Arc<Bot>, super::Error>,
    bot: Arc<Bot>,
}

#[serenity::async_trait]
impl serenity::Framework for Dispatch {
    async fn init(&mut self, client: &serenity::Client) {
        self.poise.init(client).await;
    }

    async fn dispatch(&self, ctx: serenity::Context, event: serenity::FullEvent) {
        if let serenity::FullEvent::Ready { .. } = &event {
            // The shard's events reach this process now: it may take the shard's lease.
            if let Some(lease) = self.bot.leases.shard(ctx.shard_id.0) {
                lease.mark_connected();
            }
        }
        if let serenity::FullEvent::InteractionCreate { interaction } = &event {
            // Every copy connected for the shard gets the interaction; its owner acts, once.
            if !self
                .bot
                .leases
                .claim_interaction(ctx.shard_id.0, interaction.id().get())
                .await
            {
                debug!(
                    interaction_id = interaction.id().get(),
                    "another copy acts on this interaction"
                );
                return;
            }
        }
        if let serenity::FullEvent::InteractionCreate { interaction } = &event {
            // DMs speak the language of the person's last interaction: remember it (a write
            // only when it changed), off the interaction's path.
            let seen = match interaction {
                serenity::Interaction::Command(c) => Some((c.user.id, c.locale.clone())),
                serenity::Interaction::Component(c) => Some((c.user.id, c.locale.clone())),
                _ => None,
            };
            if let Some((user, locale)) = seen {
                let nudges = self.bot.nudges.clone();
                tokio::spawn(async move {
                    nudges
                        .seen(
                            user.get().into(),
                            crate::i18n::Locale::from_discord(&locale),
                        )
                        .await;
                });
            }
        }
        if let serenity::FullEvent::InteractionCreate {
            interaction: serenity::Interaction::Autocomplete(interaction),
        } = &event
        {
            autocomplete::answer(&self.bot, interaction).await;
            return;
        }
        if let serenity::FullEvent::InteractionCreate {
            interaction: serenity::Interaction::Command(command),
        } = &event
        {
            // Before poise: its permission checks would answer first, and misleadingly.
            if install::needs_the_bot(&self.poise.options().commands, &command.data)
                && install::bot_absent(command, &ctx.cache)
            {
                refuse_outside(&self.bot, command).await;
                return;
            }
        }
        self.poise.dispatch(ctx, event).await;
    }
}

/// How long after its turn to connect a shard may take to be READY. serenity starts a
/// process's shards 5 s apart; a READY normally follows its IDENTIFY within a second.
const READY_WITHIN: Duration = Duration::from_secs(30);

/// Stops the shards that are not READY in time. Discord refuses a shard with close 4010 (an id
/// outside the count) or 4011 (too many servers on one connection), and serenity does not give
/// up on it: it restarts the shard at its next failed heartbeat, spending an IDENTIFY of the
/// day's budget each time. A stopped shard shows as not connected on the health endpoint.
fn stop_shards_never_ready(bot: &Arc<Bot>, run: ShardRun, manager: Arc<serenity::ShardManager>) {
    let start = tokio::time::Instant::now();
    for (turn, shard) in (run.first..=run.last).enumerate() {
        let Some(lease) = bot.leases.shard(shard).cloned() else {
            continue;
        };
        let manager = manager.clone();
        let deadline = start + Duration::from_secs(6 * turn as u64) + READY_WITHIN;
        tokio::spawn(async move {
            if tokio::time::timeout_at(deadline, lease.connected())
                .await
                .is_ok()
            {
                return;
            }
            tracing::error!(
                shard,
                "this shard was not ready in time: Discord may have refused it (see serenity's \
                 error above: 4010 is a shard id outside the count, 4011 too many servers on one \
                 connection, so raise the count in DISCORD_SHARDS); stopped so as not to spend \
                 the day's identify budget"
            );
            manager.shutdown(serenity::ShardId(shard), 1000).await;
        });
    }
}

/// After any command: one ephemeral line, once, for a person whose nudges stopped because
/// Discord refused our DMs.
async fn nudge_notice(ctx: super::Ctx<'_>) {
    let poise::Context::Application(app) = ctx else {
        return;
    };
    let bot = ctx.data();
    let tr = crate::i18n::Tr::new(&bot.texts, super::locale_of(ctx));
    let Some(line) = bot
        .nudges
        .take_notice(app.interaction.user.id.get().into(), tr)
        .await
    else {
        return;
    };
    let interaction = app.interaction;
    if let Err(e) = bot
        .sender
        .followup(
            interaction.application_id.get(),
            &interaction.token,
            &OutMessage::text(line).ephemeral(),
        )
        .await
    {
        warn!(error = %e, "could not say why someone's nudges stopped");
    }
}

/// Tells the person the bot must be added first, with the link.
async fn refuse_outside(bot: &Bot, command: &serenity::CommandInteraction) {
    let tr = crate::i18n::Tr::new(
        &bot.texts,
        crate::i18n::Locale::from_discord(&command.locale),
    );
    let sentence = install::needs_the_bot_sentence(&tr, command.application_id.get());
    let reply = Reply::Message(OutMessage::text(sentence).ephemeral());
    if let Err(e) = bot
        .sender
        .respond(command.id.get(), &command.token, &reply)
        .await
    {
        warn!(error = %e, "could not say that the bot is not in the server");
    }
}

/// Connects the shards of `run` to the gateway and serves commands until `shutdown` is
/// cancelled.
pub async fn start(
    bot: Arc<Bot>,
    token: &Token,
    run: ShardRun,
    shutdown: CancellationToken,
) -> anyhow::Result<Gateway> {
    let http = http(&bot.settings, token)?;
    if !bot.settings.discord.api_url.is_empty() {
        // serenity falls back to Discord's real gateway when this fails; with a base URL set
        // that would connect somewhere nobody asked for, so a failure here is fatal.
        http.get_gateway().await.with_context(|| {
            format!(
                "cannot fetch the gateway URL from {} (DISCORD_API_URL)",
                bot.settings.api_base()
            )
        })?;
    }
    let command_guild = bot.settings.command_guild();
    let data = bot.clone();
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: commands::all_localized(&bot.texts),
            on_error: |err| Box::pin(on_error(err)),
            post_command: |ctx| Box::pin(nudge_notice(ctx)),
            event_handler: |fw, event| Box::pin(events::handle(fw.serenity_context, event, fw.user_data)),
            ..Default::default()
        })
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                data.notices.attach_cache(ctx.cache.clone());
                let commands = &framework.options().commands;
                match command_guild {
                    None => poise::builtins::register_globally(ctx, commands).await?,
                    Some(guild) => {
                        poise::builtins::register_in_guild(ctx, commands, serenity::GuildId::new(guild.get()))
                            .await?
                    }
                }
                info!(user = %ready.user.name, guilds = ready.guilds.len(), commands = commands.len(), "ready; commands registered");
                Ok(data)
            })
        })
        .build();
    let intents = serenity::GatewayIntents::GUILDS;
    let framework = Dispatch {
        poise: framework,
        bot: bot.clone(),
    };
    let mut client = serenity::ClientBuilder::new_with_http(http, intents)
        .framework(framework)
        .await
        .context("cannot build the Discord client")?;
    let shards = client.shard_manager.clone();
    stop_shards_never_ready(&bot, run, shards.clone());
    let cache = client.cache.clone();
    tokio::spawn({
        let shards = shards.clone();
        async move {
            shutdown.cancelled().await;
            shards.shutdown_all().await;
        }
    });
    info!(
        first = run.first,
        last = run.last,
        total = run.total,
        "starting gateway shards"
    );
    // serenity reads the range's end as the last shard, inclusive (0.12.5:
    // `start_connection(range.start, range.end, ..)`), so `first..last` runs first..=last.
    let task = tokio::spawn(async move {
        client
            .start_shard_range(run.first..run.last, run.total)
            .await
    });
    Ok(Gateway {
        task,
        shards,
        cache,
    })
}
