//! The admin checks: what `/reminders add`, `edit`, `pause`, `resume`, `skip` and `list` may do,
//! checked before anything is saved, and the row each one leaves behind. No I/O here: the service
//! reads the row, applies one of these (again, if someone changed the row meanwhile) and saves it
//! with a compare-and-set.
//!
//! Checks run in the order the options are shown, so a person who got two things wrong hears
//! about the first one.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use tracing::error;

use super::{
    model::{
        parse, parse_listed, say, ChannelKind, GuildView, Kind, Reminder, ReminderOptions, State,
    },
    ReminderError,
};
use crate::{
    ids::{ChannelId, GuildId, ReminderId, RoleId},
    schedule::{
        catch_up, parse_days, parse_time_of_day, parse_timezone, sanitize_custom_message, DaySet,
        Fire, Schedule,
    },
    store::ReminderRow,
};

/// Refuses another reminder once the server has `max`.
pub(super) fn check_room(existing: usize, max: u32) -> Result<(), ReminderError> {
    if existing >= max as usize {
        return Err(ReminderError::user(say::too_many(max)));
    }
    Ok(())
}

/// The options of `/reminders add`, checked.
#[derive(Debug)]
pub(super) struct NewReminder {
    time: NaiveTime,
    days: DaySet,
    /// `None`: the server's zone, which only the store knows.
    pub(super) timezone: Option<Tz>,
    message: Option<String>,
    kind: Kind,
    event_enabled: bool,
    channel_id: ChannelId,
    channel_name: String,
    ping_role_id: Option<RoleId>,
}

impl NewReminder {
    pub(super) fn check(
        guild_id: GuildId,
        options: &ReminderOptions,
        guild: &dyn GuildView,
    ) -> Result<Self, ReminderError> {
        let time = parse_time_of_day(options.time.as_deref().unwrap_or(""))?;
        let days = match options.days.as_deref() {
            Some(d) => parse_days(d)?,
            None => DaySet::EVERY_DAY,
        };
        let timezone = options
            .timezone
            .as_deref()
            .map(parse_timezone)
            .transpose()?;
        let message = clean_message(options.message.as_deref())?;
        let kind = options.kind.unwrap_or_default();
        let event_enabled = event_choice(kind, options.event, guild)?;
        let channel_id = options
            .channel_id
            .ok_or_else(|| ReminderError::user(say::no_channel()))?;
        let channel_name = check_channel(channel_id, guild)?;
        if let Some(role) = options.ping_role_id {
            check_role(guild_id, role, guild)?;
        }
        Ok(Self {
            time,
            days,
            timezone,
            message,
            kind,
            event_enabled,
            channel_id,
            channel_name,
            ping_role_id: options.ping_role_id,
        })
    }

    /// The row to insert (the store gives it its id and number), armed for its first fire.
    pub(super) fn into_row(
        self,
        guild_id: GuildId,
        tz: Tz,
        routine_id: String,
        now: DateTime<Utc>,
    ) -> ReminderRow {
        let schedule = Schedule {
            time: self.time,
            days: self.days,
            tz,
        };
        let next = schedule.next_fire(now);
        ReminderRow {
            id: ReminderId::new(0),
            guild_id,
            number: 0,
            channel_id: self.channel_id,
            channel_name: self.channel_name,
            time_of_day: self.time.format("%H:%M").to_string(),
            days: self.days.to_bits(),
            timezone: tz.name().to_owned(),
            kind: self.kind.as_str().to_owned(),
            message: self.message,
            ping_role_id: self.ping_role_id,
            routine_id,
            event_enabled: self.event_enabled,
            event_id: None,
            paused: false,
            flagged: None,
            stopped: false,
            next_fire_at: next.map(|f| f.at),
            next_fire_date: next.map(|f| f.local_date),
            rev: 1,
            created_at: now,
            updated_at: now,
        }
    }
}

/// The options of `/reminders edit`, checked before the reminder is even looked up: a bad value
/// must say so even if the number is wrong too.
#[derive(Debug)]
pub(super) struct Edit {
    options: ReminderOptions,
    time: Option<NaiveTime>,
    days: Option<DaySet>,
    tz: Option<Tz>,
    /// `Some(None)`: the message was given but sanitises to nothing.
    message: Option<Option<String>>,
    channel: Option<(ChannelId, String)>,
}

impl Edit {
    pub(super) fn check(
        guild_id: GuildId,
        options: ReminderOptions,
        guild: &dyn GuildView,
    ) -> Result<Self, ReminderError> {
        if options == ReminderOptions::default() {
            return Err(ReminderError::user(say::edit_nothing()));
        }
        let time = options.time.as_deref().map(parse_time_of_day).transpose()?;
        let days = options.days.as_deref().map(parse_days).transpose()?;
        let tz = options
            .timezone
            .as_deref()
            .map(parse_timezone)
            .transpose()?;
        let message = match options.message.as_deref() {
            Some(m) => Some(clean_message(Some(m))?),
            None => None,
        };
        let channel = match options.channel_id {
            Some(id) => Some((id, check_channel(id, guild)?)),
            None => None,
        };
        if let Some(role) = options.ping_role_id {
            check_role(guild_id, role, guild)?;
        }
        Ok(Self {
            options,
            time,
            days,
            tz,
            message,
            channel,
        })
    }

    /// Applies the edit to the row as it is now. A new channel also clears a flag.
    pub(super) fn apply(
        &self,
        row: &mut ReminderRow,
        guild: &dyn GuildView,
        now: DateTime<Utc>,
    ) -> Result<(), ReminderError> {
        let options = &self.options;
        let current = parse_listed(row)?;
        if current.unknown_zone.is_some() && self.tz.is_none() {
            return Err(ReminderError::user(say::zone_unknown(row.number)));
        }
        let kind = options.kind.unwrap_or(current.kind);
        let event_enabled = match options.event {
            Some(asked) => event_choice(kind, Some(asked), guild)?,
            None if kind == Kind::Prompt => false,
            None if current.kind == Kind::Group => current.event_enabled,
            // Becoming a group reminder: the same default as when adding one.
            None => event_choice(kind, None, guild)?,
        };
        let schedule = Schedule {
            time: self.time.unwrap_or(current.schedule.time),
            days: self.days.unwrap_or(current.schedule.days),
            tz: self.tz.unwrap_or(current.schedule.tz),
        };
        row.time_of_day = schedule.time.format("%H:%M").to_string();
        row.days = schedule.days.to_bits();
        row.timezone = schedule.tz.name().to_owned();
        row.kind = kind.as_str().to_owned();
        row.event_enabled = event_enabled;
        if let Some(m) = &self.message {
            row.message = m.clone();
        }
        if options.clear_message {
            row.message = None;
        }
        if let Some(role) = options.ping_role_id {
            row.ping_role_id = Some(role);
        }
        if options.clear_ping_role {
            row.ping_role_id = None;
        }
        if let Some((id, name)) = &self.channel {
            row.channel_id = *id;
            row.channel_name = name.clone();
            // The new channel was just checked: whatever made the old one fail is moot.
            row.flagged = None;
        }
        if row.paused || row.flagged.is_some() || row.stopped {
            row.next_fire_at = None;
            row.next_fire_date = None;
        } else if schedule != current.schedule || row.next_fire_at.is_none() {
            // A new time, days or zone re-arm from now (the service then moves past a local day
            // that already fired); so does a reminder coming back from a flag.
            let next = schedule.next_fire(now);
            row.next_fire_at = next.map(|f| f.at);
            row.next_fire_date = next.map(|f| f.local_date);
        }
        // Otherwise the pending fire stays as it is: re-arming from now would drop a fire that
        // is due but not yet claimed, and a claimed or retrying one keeps its time.
        Ok(())
    }
}

/// `/reminders pause`: disarmed until resumed.
pub(super) fn pause(row: &mut ReminderRow) {
    row.paused = true;
    row.next_fire_at = None;
    row.next_fire_date = None;
}

/// Whether `/reminders resume` may go ahead: its channel must still be there and usable, or it
/// would only be flagged again at the next fire.
pub(super) fn check_resume(row: &ReminderRow, guild: &dyn GuildView) -> Result<(), ReminderError> {
    if guild.channel(row.channel_id).is_none() {
        return Err(ReminderError::user(say::channel_gone(row.number)));
    }
    check_channel(row.channel_id, guild)?;
    Ok(())
}

/// `/reminders resume`: also clears a flag and a stop, and re-arms from now.
pub(super) fn resume(row: &mut ReminderRow, now: DateTime<Utc>) -> Result<(), ReminderError> {
    row.paused = false;
    row.flagged = None;
    row.stopped = false;
    let next = parse(row)?.schedule.next_fire(now);
    row.next_fire_at = next.map(|f| f.at);
    row.next_fire_date = next.map(|f| f.local_date);
    Ok(())
}

/// `/reminders skip`: moves the row past its next occurrence, which it returns. A fire that is
/// due but not yet claimed (the loop is a moment behind, or catching up within `grace` after a
/// restart) is that next occurrence: the loop would post it next.
pub(super) fn skip(
    row: &mut ReminderRow,
    now: DateTime<Utc>,
    grace: Duration,
) -> Result<Fire, ReminderError> {
    let current = parse(row)?;
    let due = due_unclaimed(row, &current, now, grace);
    let Some(skipped) = due.or_else(|| current.upcoming(now)) else {
        return Err(ReminderError::user(say::nothing_to_skip(row.number)));
    };
    let next = current.schedule.next_fire(skipped.at.max(now));
    row.next_fire_at = next.map(|f| f.at);
    row.next_fire_date = next.map(|f| f.local_date);
    Ok(skipped)
}

/// The fire the loop would post next, if the row's pending fire is due and nobody holds it (a
/// claim moves the pending time to the lease end, a retry to the retry time: both later).
fn due_unclaimed(
    row: &ReminderRow,
    current: &Reminder,
    now: DateTime<Utc>,
    grace: Duration,
) -> Option<Fire> {
    if current.state != State::Active || row.next_fire_at.is_none_or(|at| at > now) {
        return None;
    }
    let handled = current.pending_date.and_then(|d| d.pred_opt());
    catch_up(&current.schedule, handled, now, grace).post_late
}

/// `/reminders list`: the readable reminders. A corrupt row is logged and left out, so one bad
/// row never hides the others; a zone this chrono-tz no longer knows is not corrupt: that
/// reminder is listed, flagged.
pub(super) fn readable(guild_id: GuildId, rows: &[ReminderRow]) -> Vec<Reminder> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        match Reminder::from_row_listed(row) {
            Ok(r) => out.push(r),
            Err(e) => {
                error!(reminder_id = row.id.get(), guild_id = guild_id.get(), error = %e, "corrupt reminder row")
            }
        }
    }
    out
}

/// The custom message, sanitised; empty means none.
fn clean_message(input: Option<&str>) -> Result<Option<String>, ReminderError> {
    match input {
        None => Ok(None),
        Some(m) => {
            let clean = sanitize_custom_message(m)?;
            Ok((!clean.is_empty()).then_some(clean))
        }
    }
}

/// Whether a reminder gets a server event: asked for, or by default when it can.
fn event_choice(
    kind: Kind,
    asked: Option<bool>,
    guild: &dyn GuildView,
) -> Result<bool, ReminderError> {
    match (kind, asked) {
        (Kind::Prompt, Some(true)) => Err(ReminderError::user(say::event_needs_group())),
        (Kind::Prompt, _) => Ok(false),
        (Kind::Group, Some(true)) if !guild.bot_can_create_events() => {
            Err(ReminderError::user(say::event_needs_permission()))
        }
        (Kind::Group, Some(wanted)) => Ok(wanted),
        (Kind::Group, None) => Ok(guild.bot_can_create_events()),
    }
}

/// A channel reminders can post in; returns its name.
fn check_channel(channel_id: ChannelId, guild: &dyn GuildView) -> Result<String, ReminderError> {
    use ChannelKind as K;
    let user = |s: crate::error::UserMessage| Err(ReminderError::user(s));
    let Some(info) = guild.channel(channel_id) else {
        return user(say::other_server_channel());
    };
    match info.kind {
        K::Text | K::Announcement => {}
        K::Voice | K::Stage => return user(say::voice_channel(channel_id)),
        K::Category => return user(say::category()),
        K::Forum | K::Thread | K::Other => return user(say::not_text()),
    }
    if !info.bot_can_view || !info.bot_can_send {
        return user(say::cannot_send(channel_id));
    }
    if !info.bot_can_embed {
        return user(say::cannot_embed(channel_id));
    }
    Ok(info.name)
}

fn check_role(
    guild_id: GuildId,
    role_id: RoleId,
    guild: &dyn GuildView,
) -> Result<(), ReminderError> {
    match guild.role(role_id) {
        None => Err(ReminderError::user(say::other_server_role())),
        Some(r) if r.is_everyone || role_id.get() == guild_id.get() => {
            Err(ReminderError::user(say::everyone_role()))
        }
        // The bot pings for the admin: only whom they could ping themselves.
        Some(r) if !r.mentionable && !guild.author_can_mention_everyone() => {
            Err(ReminderError::user(say::role_not_mentionable(&r.name)))
        }
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;

    use super::*;
    use crate::{
        reminders::{ChannelInfo, RoleInfo},
        test_support::assert_one_sentence,
    };

    const GUILD: GuildId = GuildId::new(1);

    /// A server whose one channel and one role carry whatever name and permissions the case
    /// draws: names come from Discord, so they are as hostile as any option.
    #[derive(Debug)]
    struct AnyGuild {
        channel: Option<ChannelInfo>,
        role: Option<RoleInfo>,
        can_events: bool,
        mentions_everyone: bool,
    }

    impl GuildView for AnyGuild {
        fn channel(&self, _: ChannelId) -> Option<ChannelInfo> {
            self.channel.clone()
        }
        fn role(&self, _: RoleId) -> Option<RoleInfo> {
            self.role.clone()
        }
        fn bot_can_create_events(&self) -> bool {
            self.can_events
        }
        fn author_can_mention_everyone(&self) -> bool {
            self.mentions_everyone
        }
    }

    fn kind() -> impl Strategy<Value = ChannelKind> {
        prop_oneof![
            Just(ChannelKind::Text),
            Just(ChannelKind::Announcement),
            Just(ChannelKind::Voice),
            Just(ChannelKind::Stage),
            Just(ChannelKind::Category),
            Just(ChannelKind::Forum),
            Just(ChannelKind::Thread),
            Just(ChannelKind::Other),
        ]
    }

    fn guild() -> impl Strategy<Value = AnyGuild> {
        let channel = (kind(), any::<String>(), any::<[bool; 3]>()).prop_map(
            |(kind, name, [view, send, embed])| ChannelInfo {
                kind,
                name,
                bot_can_view: view,
                bot_can_send: send,
                bot_can_embed: embed,
            },
        );
        let role = (
            prop_oneof![any::<String>(), "(@everyone|@here|<@&1>|[a-z ]{1,8}){1,3}"],
            any::<[bool; 2]>(),
        )
            .prop_map(|(name, [is_everyone, mentionable])| RoleInfo {
                name,
                is_everyone,
                mentionable,
            });
        (
            proptest::option::of(channel),
            proptest::option::of(role),
            any::<[bool; 2]>(),
        )
            .prop_map(
                |(channel, role, [can_events, mentions_everyone])| AnyGuild {
                    channel,
                    role,
                    can_events,
                    mentions_everyone,
                },
            )
    }

    /// What an admin may type: anything, or something close to a valid value.
    fn text() -> impl Strategy<Value = Option<String>> {
        proptest::option::of(prop_oneof![
            any::<String>(),
            "[0-9:apm @<>]{0,8}",
            "(mon|fri|weekdays|every day|,| ){0,4}",
            "(Europe/Berlin|UTC|EST|utc\\+2|[A-Za-z/_]{0,12})",
        ])
    }

    fn options() -> impl Strategy<Value = ReminderOptions> {
        (
            (text(), text(), text(), text()),
            proptest::option::of(any::<u64>().prop_map(ChannelId::new)),
            proptest::option::of(prop_oneof![Just(Kind::Prompt), Just(Kind::Group)]),
            proptest::option::of(prop_oneof![
                Just(RoleId::new(GUILD.get())),
                any::<u64>().prop_map(RoleId::new)
            ]),
            proptest::option::of(any::<bool>()),
            any::<[bool; 2]>(),
        )
            .prop_map(
                |(
                    (time, days, timezone, message),
                    channel_id,
                    kind,
                    ping_role_id,
                    event,
                    [cm, cr],
                )| {
                    ReminderOptions {
                        time,
                        channel_id,
                        days,
                        kind,
                        timezone,
                        message,
                        ping_role_id,
                        event,
                        place: None,
                        clear_message: cm,
                        clear_ping_role: cr,
                    }
                },
            )
    }

    fn refused_in_one_sentence<T>(result: Result<T, ReminderError>) {
        match result {
            Ok(_) => {}
            Err(ReminderError::User(m)) => assert_one_sentence(m.as_str()),
            Err(ReminderError::Internal(e)) => panic!("bad input is never our fault: {e}"),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn add_and_edit_refuse_any_input_in_one_sentence(options in options(), guild in guild()) {
            refused_in_one_sentence(NewReminder::check(GUILD, &options, &guild));
            refused_in_one_sentence(Edit::check(GUILD, options, &guild));
        }
    }

    #[test]
    fn a_role_named_like_a_mention_is_not_pinged_by_the_refusal() {
        refuse_role_named("@everyone <@&1>");
    }

    /// Found by the property above: a role's name is the server's text, quoted as such.
    #[test]
    fn a_role_named_like_code_is_quoted_in_the_refusal() {
        refuse_role_named("{");
    }

    fn refuse_role_named(name: &str) {
        let guild = AnyGuild {
            channel: None,
            role: Some(RoleInfo {
                name: name.into(),
                is_everyone: false,
                mentionable: false,
            }),
            can_events: false,
            mentions_everyone: false,
        };
        let options = ReminderOptions {
            ping_role_id: Some(RoleId::new(7)),
            ..ReminderOptions::default()
        };
        let Err(ReminderError::User(m)) = Edit::check(GUILD, options, &guild) else {
            panic!("a role that isn't mentionable is refused");
        };
        assert_one_sentence(m.as_str());
    }
}
