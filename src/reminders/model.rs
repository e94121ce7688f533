//! Reminder values as the rest of the module sees them, the options admins give, what the Discord
//! adapter tells us about a server (channels, roles, permissions), which routine a reminder
//! leads, and the one-sentence answers to bad input.

use std::{fmt, sync::Arc};

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::ReminderError;
use crate::{
    content::{Library, Routine},
    error::Internal,
    ids::{ChannelId, GuildId, ReminderId, RoleId},
    schedule::{DaySet, Fire, Schedule},
    store::ReminderRow,
};

/// What happens at the set time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// A message inviting the channel to stretch now.
    #[default]
    Prompt,
    /// A group stretch lobby opens, and the session starts when it closes.
    Group,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Prompt => "prompt",
            Kind::Group => "group",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "prompt" => Some(Kind::Prompt),
            "group" => Some(Kind::Group),
            _ => None,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a reminder fires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Active,
    /// An admin paused it.
    Paused,
    /// The bot paused it: the channel is gone or the bot lost access. The reason is for admins.
    Flagged(String),
    /// The bot was removed from the server.
    Stopped,
}

/// A stored reminder, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Reminder {
    pub id: ReminderId,
    pub guild_id: GuildId,
    pub number: u32,
    pub channel_id: ChannelId,
    pub channel_name: String,
    pub schedule: Schedule,
    pub kind: Kind,
    pub message: Option<String>,
    pub ping_role_id: Option<RoleId>,
    pub routine_id: String,
    pub event_enabled: bool,
    pub event_id: Option<u64>,
    pub state: State,
    /// The local date of the pending fire, as stored.
    pub pending_date: Option<chrono::NaiveDate>,
    /// The stored zone name when this chrono-tz does not know it (dropped or renamed by an
    /// update): read by [`Reminder::from_row_listed`] only, flagged, and never fired.
    pub unknown_zone: Option<String>,
}

/// Why a reminder whose stored zone chrono-tz no longer knows shows as flagged.
pub const ZONE_UNKNOWN: &str = "time zone no longer known: choose another";

impl Reminder {
    /// Parses a row; the error says which column is corrupt (for logs, never for people).
    pub fn from_row(row: &ReminderRow) -> Result<Self, String> {
        Self::parse_row(row, false)
    }

    /// As [`Reminder::from_row`], for showing and removing: a zone this chrono-tz no longer
    /// knows still reads, as flagged ([`ZONE_UNKNOWN`]) with the name in `unknown_zone` and UTC
    /// standing in for it. Such a reminder has no upcoming time; nothing may schedule with it.
    pub fn from_row_listed(row: &ReminderRow) -> Result<Self, String> {
        Self::parse_row(row, true)
    }

    fn parse_row(row: &ReminderRow, lenient_zone: bool) -> Result<Self, String> {
        let time = NaiveTime::parse_from_str(&row.time_of_day, "%H:%M")
            .map_err(|_| format!("bad time_of_day {:?}", row.time_of_day))?;
        let days = DaySet::from_bits(row.days)
            .filter(|d| !d.is_empty())
            .ok_or_else(|| format!("bad days {}", row.days))?;
        let (tz, unknown_zone) = match row.timezone.parse::<Tz>() {
            Ok(tz) => (tz, None),
            Err(_) if lenient_zone => (Tz::UTC, Some(row.timezone.clone())),
            Err(_) => return Err(format!("unknown timezone {:?}", row.timezone)),
        };
        let kind = Kind::parse(&row.kind).ok_or_else(|| format!("bad kind {:?}", row.kind))?;
        let state = if row.stopped {
            State::Stopped
        } else if unknown_zone.is_some() {
            State::Flagged(ZONE_UNKNOWN.to_owned())
        } else if let Some(reason) = &row.flagged {
            State::Flagged(reason.clone())
        } else if row.paused {
            State::Paused
        } else {
            State::Active
        };
        Ok(Self {
            id: row.id,
            guild_id: row.guild_id,
            number: row.number,
            channel_id: row.channel_id,
            channel_name: row.channel_name.clone(),
            schedule: Schedule { time, days, tz },
            kind,
            message: row.message.clone(),
            ping_role_id: row.ping_role_id,
            routine_id: row.routine_id.clone(),
            event_enabled: row.event_enabled,
            event_id: row.event_id,
            state,
            pending_date: row.next_fire_date,
            unknown_zone,
        })
    }

    /// The zone's name as stored (also when this chrono-tz no longer knows it).
    pub fn zone_name(&self) -> &str {
        self.unknown_zone
            .as_deref()
            .unwrap_or(self.schedule.tz.name())
    }

    /// The next occurrence that will be posted, as admins should see it: the pending one if it
    /// is still ahead (a skip moves it), else the schedule's next. `None` unless active.
    pub fn upcoming(&self, now: DateTime<Utc>) -> Option<Fire> {
        if self.state != State::Active {
            return None;
        }
        self.pending_date
            .and_then(|d| self.schedule.fire_on(d))
            .filter(|f| f.at > now)
            .or_else(|| self.schedule.next_fire(now))
    }

    /// Whether Discord should show a scheduled event for this reminder's next occurrence.
    pub fn wants_event(&self) -> bool {
        self.kind == Kind::Group && self.event_enabled && self.state == State::Active
    }

    /// `HH:MM`.
    pub fn time_text(&self) -> String {
        self.schedule.time.format("%H:%M").to_string()
    }
}

/// Parses a row this module wrote: a corrupt one is our fault, never the person's. A zone this
/// chrono-tz no longer knows is the one thing the admin can (and must) fix: that is a sentence.
pub(crate) fn parse(row: &ReminderRow) -> Result<Reminder, ReminderError> {
    let reminder = parse_listed(row)?;
    if reminder.unknown_zone.is_some() {
        return Err(ReminderError::user(say::zone_unknown(row.number)));
    }
    Ok(reminder)
}

/// As [`parse`], but a zone this chrono-tz no longer knows reads as flagged (for the list, for
/// removing, and for what a change hands back).
pub(crate) fn parse_listed(row: &ReminderRow) -> Result<Reminder, ReminderError> {
    Reminder::from_row_listed(row)
        .map_err(|cause| ReminderError::Internal(Internal::new("read a stored reminder", cause)))
}

/// The routine library and the configured default routine.
#[derive(Clone)]
pub(crate) struct Routines {
    library: Arc<Library>,
    default_id: String,
    texts: Arc<crate::i18n::Texts>,
}

impl Routines {
    pub(crate) fn new(
        library: Arc<Library>,
        default_id: &str,
        texts: Arc<crate::i18n::Texts>,
    ) -> Self {
        Self {
            library,
            default_id: default_id.to_owned(),
            texts,
        }
    }

    /// Every language's sentences, for the posts of a server in its language.
    pub(crate) fn texts(&self) -> &crate::i18n::Texts {
        &self.texts
    }

    /// The language of server `guild`'s posts: the one its admins set with `/reminders
    /// language`, else the server's recorded Discord language, else English
    /// ([`crate::store::server_locale`]).
    pub(crate) async fn server_locale(
        &self,
        store: &dyn crate::store::Store,
        guild: crate::ids::GuildId,
    ) -> crate::i18n::Locale {
        crate::store::server_locale(store, guild, None).await
    }

    /// `routine` in `locale`, when it has a translation there.
    pub(crate) fn localized<'a>(
        &'a self,
        routine: Option<&'a Routine>,
        locale: crate::i18n::Locale,
    ) -> Option<&'a Routine> {
        routine.map(|r| self.library.get_in(&r.id, locale).unwrap_or(r))
    }

    pub(crate) fn library(&self) -> &Library {
        &self.library
    }

    /// The reminder's routine; the default when its own is no longer in the library, so the
    /// reminder still posts something sensible.
    pub(crate) fn get(&self, id: &str) -> Option<&Routine> {
        self.library
            .get(id)
            .or_else(|| self.library.get(&self.default_id))
    }

    /// The routine new reminders lead. Missing means the deployment is broken, not the input.
    pub(crate) fn default_routine(&self) -> Result<&Routine, ReminderError> {
        self.library.get(&self.default_id).ok_or_else(|| {
            ReminderError::Internal(Internal::bug(format!(
                "default routine {:?} is not in the library",
                self.default_id
            )))
        })
    }
}

/// The options of `/reminders add` and `/reminders edit`, as typed. `None` means "not given":
/// the default for `add`, unchanged for `edit`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReminderOptions {
    pub time: Option<String>,
    pub channel_id: Option<ChannelId>,
    pub days: Option<String>,
    pub kind: Option<Kind>,
    pub timezone: Option<String>,
    pub message: Option<String>,
    pub ping_role_id: Option<RoleId>,
    pub event: Option<bool>,
    /// Where a prompt's channel can stretch; `desk` for a new reminder.
    pub place: Option<crate::reminders::rotation::Place>,
    /// Edit only: drop the custom message.
    pub clear_message: bool,
    /// Edit only: stop pinging the role.
    pub clear_ping_role: bool,
}

/// Discord's channel types, as far as reminders care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelKind {
    Text,
    Announcement,
    Voice,
    Stage,
    Category,
    Forum,
    Thread,
    Other,
}

/// A channel of the server the command came from, with the bot's permissions there (computed by
/// the adapter from the cache: server roles, then the channel's overwrites).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelInfo {
    pub kind: ChannelKind,
    pub name: String,
    pub bot_can_view: bool,
    pub bot_can_send: bool,
    pub bot_can_embed: bool,
}

/// A role of the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleInfo {
    pub name: String,
    /// The @everyone role (its id is the server's id).
    pub is_everyone: bool,
    /// Anyone may mention it; otherwise only people with Mention Everyone may.
    pub mentionable: bool,
}

/// What the adapter knows about the server a command came from. Looked up on demand, so the
/// core asks only about the channel and role it was given.
pub trait GuildView: Send + Sync {
    /// A channel of this server; `None` if it is not one (another server's, or unknown).
    fn channel(&self, channel_id: ChannelId) -> Option<ChannelInfo>;
    /// A role of this server; `None` if it is not one.
    fn role(&self, role_id: RoleId) -> Option<RoleInfo>;
    /// The bot holds Create Events or Manage Events in this server.
    fn bot_can_create_events(&self) -> bool;
    /// The person using the command holds Mention Everyone (so may ping roles that are not
    /// mentionable), from the permissions Discord sent with the command.
    fn author_can_mention_everyone(&self) -> bool;
}

/// The sentences people see. Each is one sentence, under 200 characters, without internals; its
/// text is in `reminders.ftl` (`refuse-*`), in every language, and this is its key and arguments.
pub mod say {
    use crate::{error::UserMessage, i18n::Arg, ids::ChannelId};

    fn m(key: &'static str) -> UserMessage {
        UserMessage::localized(key, &[])
    }

    fn num(key: &'static str, name: &'static str, n: u32) -> UserMessage {
        UserMessage::localized(key, &[(name, Arg::Num(i64::from(n)))])
    }

    fn channel(key: &'static str, id: ChannelId) -> UserMessage {
        UserMessage::localized(key, &[("channel", Arg::Str(&id.to_string()))])
    }

    pub fn unknown_id(number: u32) -> UserMessage {
        num("refuse-unknown-id", "number", number)
    }

    pub fn too_many(max: u32) -> UserMessage {
        num("refuse-too-many", "max", max)
    }

    pub fn no_channel() -> UserMessage {
        m("refuse-no-channel")
    }

    pub fn other_server_channel() -> UserMessage {
        m("refuse-other-server-channel")
    }

    pub fn voice_channel(id: ChannelId) -> UserMessage {
        channel("refuse-voice-channel", id)
    }

    pub fn category() -> UserMessage {
        m("refuse-category")
    }

    pub fn not_text() -> UserMessage {
        m("refuse-not-text")
    }

    pub fn cannot_send(id: ChannelId) -> UserMessage {
        channel("refuse-cannot-send", id)
    }

    pub fn cannot_embed(id: ChannelId) -> UserMessage {
        channel("refuse-cannot-embed", id)
    }

    pub fn other_server_role() -> UserMessage {
        m("refuse-other-server-role")
    }

    pub fn role_not_mentionable(name: &str) -> UserMessage {
        // The name is the server's to choose, so it may spell a mention: quoted defused.
        let name = crate::error::quote(name, 40);
        UserMessage::localized("refuse-role-not-mentionable", &[("role", Arg::Str(&name))])
    }

    /// Defused even in the `.ftl` files: a reply that names @everyone must not be one that pings
    /// it.
    pub fn everyone_role() -> UserMessage {
        m("refuse-everyone-role")
    }

    pub fn event_needs_group() -> UserMessage {
        m("refuse-event-needs-group")
    }

    pub fn event_needs_permission() -> UserMessage {
        m("refuse-event-needs-permission")
    }

    pub fn edit_nothing() -> UserMessage {
        m("refuse-edit-nothing")
    }

    pub fn changed_meanwhile() -> UserMessage {
        m("refuse-changed-meanwhile")
    }

    pub fn nothing_to_skip(number: u32) -> UserMessage {
        num("refuse-nothing-to-skip", "number", number)
    }

    pub fn test_failed_gone(id: ChannelId) -> UserMessage {
        channel("refuse-test-failed-gone", id)
    }

    pub fn zone_unknown(number: u32) -> UserMessage {
        num("refuse-zone-unknown", "number", number)
    }

    pub fn channel_gone(number: u32) -> UserMessage {
        num("refuse-channel-gone", "number", number)
    }

    pub fn test_failed() -> UserMessage {
        m("refuse-test-failed")
    }

    pub fn group_other_channel() -> UserMessage {
        m("refuse-group-other-channel")
    }

    pub fn group_unavailable() -> UserMessage {
        m("refuse-group-unavailable")
    }

    /// `/reminders list` with a page past the last (`pages` of them).
    pub fn no_such_page(pages: u32) -> UserMessage {
        num("refuse-no-such-page", "pages", pages)
    }

    /// Every sentence above, with sample arguments: for the checks that each reads as one
    /// sentence in every language.
    #[cfg(test)]
    pub fn all_samples() -> Vec<UserMessage> {
        let c = ChannelId::new(1_234_567_890_123_456_789);
        vec![
            unknown_id(7),
            too_many(25),
            no_channel(),
            other_server_channel(),
            voice_channel(c),
            category(),
            not_text(),
            cannot_send(c),
            cannot_embed(c),
            other_server_role(),
            role_not_mentionable("@everyone team"),
            everyone_role(),
            event_needs_group(),
            event_needs_permission(),
            edit_nothing(),
            changed_meanwhile(),
            nothing_to_skip(1),
            test_failed_gone(c),
            zone_unknown(3),
            channel_gone(3),
            test_failed(),
            group_other_channel(),
            group_unavailable(),
            no_such_page(1),
            no_such_page(4),
        ]
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::say;
    use crate::{
        error::UserMessage,
        i18n::{Locale, Texts, Tr},
        schedule::{parse_days, parse_time_of_day, parse_timezone, sanitize_custom_message},
        test_support::assert_one_sentence_in,
    };

    fn shipped() -> Texts {
        Texts::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales")).unwrap()
    }

    /// Every refusal of `/reminders`: the admin checks' and each kind of bad time, days, zone
    /// and message.
    fn refusals() -> Vec<UserMessage> {
        let mut all = say::all_samples();
        for time in ["", "9", "25:00", "12:60", "12:3", "12:7", "9pm", "9:30 am"] {
            all.push(parse_time_of_day(time).unwrap_err().into());
        }
        for days in ["", "someday"] {
            all.push(parse_days(days).unwrap_err().into());
        }
        for zone in ["", "europe/berlin", "EST", "PST", "UTC+2", "Mars/Olympus"] {
            all.push(parse_timezone(zone).unwrap_err().into());
        }
        all.push(
            sanitize_custom_message(&"x".repeat(400))
                .unwrap_err()
                .into(),
        );
        all
    }

    #[test]
    fn every_refusal_is_one_sentence_in_every_language() {
        let texts = shipped();
        for locale in Locale::ALL {
            let tr = Tr::new(&texts, locale);
            for m in refusals() {
                let sentence = m.sentence(&tr);
                assert_one_sentence_in(locale, &sentence);
                if locale != Locale::EnUs {
                    // A translation that fails to format falls back to English: it must not.
                    assert_ne!(sentence, m.as_str(), "{locale:?} speaks English");
                }
            }
        }
    }

    #[test]
    fn the_english_refusals_read_as_before() {
        let c = 1_234_567_890_123_456_789_u64;
        let english: Vec<_> = say::all_samples()
            .iter()
            .map(|m| m.sentence(&Tr::english()))
            .collect();
        assert_eq!(english.len(), 25);
        assert_eq!(
            english[0],
            "There's no reminder #7 in this server: see /reminders list for the ids."
        );
        assert_eq!(english[1], "This server already has 25 reminders, the most it can have: remove one with /reminders remove first.");
        assert_eq!(
            english[4],
            format!(
                "<#{c}> is a voice channel: pick a text or announcement channel for reminders."
            )
        );
        assert_eq!(english[8], format!("I can't embed links in <#{c}>, and reminders are embeds: give me Embed Links there, or pick another channel."));
        assert_eq!(english[10], "The role “@\u{200B}everyone team” isn't mentionable, and you can't mention everyone yourself: make the role mentionable, or pick another.");
        assert_eq!(english[11], "Reminders never ping @\u{200B}everyone or @\u{200B}here: pick a specific role to ping, or leave it out.");
        assert_eq!(english[18], "Reminder #3's time zone is no longer known: choose another with /reminders edit 3 and a timezone.");
        assert_eq!(
            english[23],
            "This server's reminders fit on one page: leave out page, or choose page 1."
        );
        assert_eq!(
            english[24],
            "This server's reminders fill 4 pages: choose a page from 1 to 4."
        );
        // The text a refusal carries (logs, tests) is its English.
        for (m, e) in say::all_samples().iter().zip(&english) {
            assert_eq!(m.as_str(), e);
        }
    }

    #[test]
    fn a_french_admin_reads_the_french_command_names() {
        let texts = shipped();
        let fr = Tr::new(&texts, Locale::Fr);
        let sentence = say::unknown_id(7).sentence(&fr);
        assert_eq!(
            sentence,
            "Il n'y a pas de rappel n° 7 sur ce serveur : consultez /rappels liste pour les numéros."
        );
        let sentence = UserMessage::from(parse_time_of_day("25:00").unwrap_err()).sentence(&fr);
        assert_eq!(
            sentence,
            "« 25:00 » n'est pas une heure : les heures vont de 00 à 23 sur 24 heures."
        );
    }
}
