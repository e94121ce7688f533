//! Permission bits and Discord's permission computation (base from roles, then channel
//! overwrites), so the fake answers 403 exactly where Discord would.
//!
//! Follows "Permission Overwrites" in Discord's docs: owner and ADMINISTRATOR get everything;
//! otherwise @everyone overwrite, then all role overwrites (deny first, then allow), then the
//! member overwrite. Losing VIEW_CHANNEL loses everything in that channel, and losing
//! SEND_MESSAGES implicitly loses the permissions that only make sense when sending.

use super::world::{ChannelKind, OverwriteKind, World};

pub const CREATE_INSTANT_INVITE: u64 = 1 << 0;
pub const KICK_MEMBERS: u64 = 1 << 1;
pub const BAN_MEMBERS: u64 = 1 << 2;
pub const ADMINISTRATOR: u64 = 1 << 3;
pub const MANAGE_CHANNELS: u64 = 1 << 4;
pub const MANAGE_GUILD: u64 = 1 << 5;
pub const ADD_REACTIONS: u64 = 1 << 6;
pub const VIEW_AUDIT_LOG: u64 = 1 << 7;
pub const VIEW_CHANNEL: u64 = 1 << 10;
pub const SEND_MESSAGES: u64 = 1 << 11;
pub const SEND_TTS_MESSAGES: u64 = 1 << 12;
pub const MANAGE_MESSAGES: u64 = 1 << 13;
pub const EMBED_LINKS: u64 = 1 << 14;
pub const ATTACH_FILES: u64 = 1 << 15;
pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
pub const MENTION_EVERYONE: u64 = 1 << 17;
pub const USE_EXTERNAL_EMOJIS: u64 = 1 << 18;
pub const CONNECT: u64 = 1 << 20;
pub const SPEAK: u64 = 1 << 21;
pub const MANAGE_ROLES: u64 = 1 << 28;
pub const MANAGE_WEBHOOKS: u64 = 1 << 29;
pub const USE_APPLICATION_COMMANDS: u64 = 1 << 31;
pub const MANAGE_EVENTS: u64 = 1 << 33;
pub const MANAGE_THREADS: u64 = 1 << 34;
pub const SEND_MESSAGES_IN_THREADS: u64 = 1 << 38;
pub const CREATE_EVENTS: u64 = 1 << 44;
pub const SEND_POLLS: u64 = 1 << 49;
pub const USE_EXTERNAL_APPS: u64 = 1 << 50;

/// Every permission Discord currently defines (bits 0..=50), what owners and admins get.
pub const ALL: u64 = (1 << 51) - 1;

/// What the bot may do in a DM with a user (Discord sends this as `app_permissions` there).
pub const DM_PERMISSIONS: u64 = VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | ADD_REACTIONS
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS;

/// Guild-wide permissions of a member: @everyone (the role with the guild's id) plus their roles.
pub fn base_permissions(world: &World, user_id: u64) -> u64 {
    if user_id == world.owner_id {
        return ALL;
    }
    let Some(member) = world.member(user_id) else {
        return 0;
    };
    let mut perms = world.role(world.guild_id).map_or(0, |r| r.permissions);
    for role in &member.roles {
        if let Some(r) = world.role(*role) {
            perms |= r.permissions;
        }
    }
    if perms & ADMINISTRATOR != 0 {
        return ALL;
    }
    perms
}

/// A member's permissions in a channel, after overwrites. 0 for unknown members or channels.
pub fn channel_permissions(world: &World, user_id: u64, channel_id: u64) -> u64 {
    let Some(channel) = world.channel(channel_id) else {
        return 0;
    };
    if channel.kind == ChannelKind::Dm {
        return if channel.recipient == Some(user_id) || user_id == super::world::BOT_ID {
            DM_PERMISSIONS
        } else {
            0
        };
    }
    let base = base_permissions(world, user_id);
    if base == ALL {
        return ALL;
    }
    let member_roles = world
        .member(user_id)
        .map(|m| m.roles.clone())
        .unwrap_or_default();
    let mut perms = base;
    if let Some(o) = channel.overwrites.iter().find(|o| o.id == world.guild_id) {
        perms &= !o.deny;
        perms |= o.allow;
    }
    let (mut allow, mut deny) = (0, 0);
    for o in channel
        .overwrites
        .iter()
        .filter(|o| o.kind == OverwriteKind::Role && member_roles.contains(&o.id))
    {
        allow |= o.allow;
        deny |= o.deny;
    }
    perms &= !deny;
    perms |= allow;
    if let Some(o) = channel
        .overwrites
        .iter()
        .find(|o| o.kind == OverwriteKind::Member && o.id == user_id)
    {
        perms &= !o.deny;
        perms |= o.allow;
    }
    // Implicit permissions: Discord strips these rather than answering with their bits set.
    if perms & VIEW_CHANNEL == 0 {
        return 0;
    }
    if channel.kind != ChannelKind::Voice && perms & SEND_MESSAGES == 0 {
        perms &= !(SEND_TTS_MESSAGES | MENTION_EVERYONE | EMBED_LINKS | ATTACH_FILES);
    }
    perms
}
