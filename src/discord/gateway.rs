//! Connecting to Discord: serenity's HTTP client (its rate limiter off, requests redirected when
//! `DISCORD_API_URL` is set), the poise framework with our commands, and the gateway connection.

use std::{sync::Arc, time::Duration};

use anyhow::Context as _;
use poise::serenity_prelude as serenity;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use super::{autocomplete, commands, events, install, reply::on_error, sender::Reply, Bot};
use crate::{config::Token, message::OutMessage};

/// A running gateway connection; [`Gateway::wait`] returns when it stops.
pub struct Gateway {
    task: tokio::task::JoinHandle<Result<(), serenity::Error>>,
}

impl Gateway {
    pub async fn wait(self) -> anyhow::Result<()> {
        self.task.await.context("the gateway task failed")??;
        Ok(())
    }
}

/// Builds serenity's HTTP client the way this bot needs it.
fn http(bot: &Bot, token: &Token) -> anyhow::Result<serenity::Http> {
    let discord = &bot.settings.discord;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(discord.request_timeout_secs))
        .build()?;
    let mut builder = serenity::HttpBuilder::new(token.expose())
        .client(client)
        // With a base URL, serenity's limiter would send to discord.com; our sender paces instead.
        .ratelimiter_disabled(true)
        .default_allowed_mentions(serenity::CreateAllowedMentions::new());
    if !discord.api_url.is_empty() {
        builder = builder.proxy(bot.settings.api_base());
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
        if let serenity::FullEvent::InteractionCreate { interaction } = &event {
            // Every copy connected for the shard gets the interaction; one acts, once.
            if !self
                .bot
                .lease
                .claim_interaction(interaction.id().get())
                .await
            {
                debug!(
                    interaction_id = interaction.id().get(),
                    "another copy acts on this interaction"
                );
                return;
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

/// Tells the person the bot must be added first, with the link.
async fn refuse_outside(bot: &Bot, command: &serenity::CommandInteraction) {
    let sentence = install::needs_the_bot_sentence(command.application_id.get());
    let reply = Reply::Message(OutMessage::text(sentence).ephemeral());
    if let Err(e) = bot
        .sender
        .respond(command.id.get(), &command.token, &reply)
        .await
    {
        warn!(error = %e, "could not say that the bot is not in the server");
    }
}

/// Connects to the gateway and serves commands until `shutdown` is cancelled.
pub async fn start(
    bot: Arc<Bot>,
    token: &Token,
    shutdown: CancellationToken,
) -> anyhow::Result<Gateway> {
    let http = http(&bot, token)?;
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
            commands: commands::all(),
            on_error: |err| Box::pin(on_error(err)),
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
    tokio::spawn(async move {
        shutdown.cancelled().await;
        shards.shutdown_all().await;
    });
    let task = tokio::spawn(async move { client.start().await });
    Ok(Gateway { task })
}
