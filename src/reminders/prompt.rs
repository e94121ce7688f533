//! What reminders post and show: the stretch prompt, the scheduled event that mirrors a group
//! reminder, the admins' notices, and the replies to `/reminders` commands. Pure functions of
//! their inputs, so a retried fire posts exactly the same message.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{
    model::{Kind, Reminder, State},
    rotation::Place,
    EventSpec,
};
use crate::i18n::{Arg, Tr};
use crate::{
    buttons::ButtonId,
    content::Routine,
    ids::{ChannelId, ReminderId},
    limits::{check_message, truncate},
    message::{full_time, relative_time, Button, ButtonStyle, Card, Field, Mentions, OutMessage},
    schedule::Fire,
};

/// The keys of the lines used when a routine has no prompt lines of its own.
const FALLBACK_LINES: [&str; 3] = [
    "prompt-fallback-1",
    "prompt-fallback-2",
    "prompt-fallback-3",
];

/// Embed colour when the routine has none.
const DEFAULT_COLOR: u32 = 0x5B_8C_5A;

/// The prompt line for one fire. Deterministic per (reminder, local date), so a retry posts the
/// same words; it moves one line further each day, so consecutive days never repeat (with two or
/// more lines), and reminders of one server start at different lines.
pub fn pick_line(
    lines: &[String],
    reminder_id: ReminderId,
    local_date: NaiveDate,
    tr: Tr<'_>,
) -> String {
    if lines.is_empty() {
        let i = line_index(FALLBACK_LINES.len(), reminder_id, local_date);
        return tr.t(FALLBACK_LINES[i]);
    }
    lines[line_index(lines.len(), reminder_id, local_date)].clone()
}

fn line_index(len: usize, reminder_id: ReminderId, local_date: NaiveDate) -> usize {
    let day = i64::from(chrono::Datelike::num_days_from_ce(&local_date)).unsigned_abs();
    // A multiplicative hash spreads neighbouring ids; the day adds one step per day.
    let offset = reminder_id.get().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32;
    (offset.wrapping_add(day) % len as u64) as usize
}

/// What a prompt says besides the reminder itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct PromptExtras<'a> {
    /// A group session already runs in the channel: point to it instead of offering one.
    pub running_session: Option<&'a str>,
    /// Posted by `/reminders test`.
    pub test: bool,
}

/// The stretch prompt of `reminder` for `local_date`. Pings only the reminder's role, if any,
/// whatever the custom message says.
pub fn prompt_message(
    reminder: &Reminder,
    routine: Option<&Routine>,
    local_date: NaiveDate,
    extras: PromptExtras<'_>,
    tr: Tr<'_>,
) -> OutMessage {
    let number = reminder.number.to_string();
    let number = [("number", Arg::Str(&number))];
    let lines = routine.map(|r| r.prompts.lines.as_slice()).unwrap_or(&[]);
    let mut description = pick_line(lines, reminder.id, local_date, tr);
    if let Some(custom) = reminder.message.as_deref().filter(|m| !m.is_empty()) {
        description.push_str("\n\n");
        description.push_str(custom);
    }
    if let Some(link) = extras.running_session {
        description.push_str("\n\n");
        description.push_str(&tr.t_args("prompt-running", &[("link", Arg::Str(link))]));
    } else if reminder.kind == Kind::Group && extras.test {
        description.push_str("\n\n");
        description.push_str(&tr.t("prompt-group-test"));
    }
    let footer = if extras.test {
        tr.t_args("prompt-footer-test", &number)
    } else {
        tr.t_args("prompt-footer", &number)
    };
    let title = match routine {
        Some(r) => tr.t_args("prompt-title", &[("name", Arg::Str(&r.name))]),
        None => tr.t("prompt-title-plain"),
    };
    let card = Card {
        title: truncate(&title, 256),
        description: truncate(&description, 4096),
        footer,
        color: routine.map_or(DEFAULT_COLOR, |r| {
            if r.color == 0 {
                DEFAULT_COLOR
            } else {
                r.color
            }
        }),
        ..Card::default()
    };
    let mut row = vec![Button::new(
        ButtonStyle::Primary,
        ButtonId::ShowRoutine {
            // The stretch the prompt suggests today.
            routine_id: routine.map_or_else(|| reminder.routine_id.clone(), |r| r.id.clone()),
        }
        .to_string(),
        tr.t("prompt-show-how"),
    )];
    if !extras.test {
        // A test is no real fire: nothing to check in for.
        row.push(Button::new(
            ButtonStyle::Secondary,
            ButtonId::CheckIn {
                reminder_id: reminder.id,
                local_date,
            }
            .to_string(),
            tr.t("stats-checkin-button"),
        ));
    }
    if extras.running_session.is_none() {
        row.push(Button::new(
            ButtonStyle::Success,
            ButtonId::GroupFromPrompt {
                reminder_id: reminder.id,
            }
            .to_string(),
            tr.t("prompt-start-group"),
        ));
    }
    // Embeds never ping; the role mention must be in the content, and it is the only mention
    // the message is allowed to make. A test pings nobody: it shows whom the reminder will ping.
    let (content, mentions) = match reminder.ping_role_id {
        Some(role) if extras.test => (
            tr.t_args(
                "prompt-test-pings",
                &[("role", Arg::Str(&format!("<@&{role}>")))],
            ),
            Mentions::default(),
        ),
        Some(role) => (
            format!("<@&{role}>"),
            Mentions {
                users: vec![],
                roles: vec![role],
            },
        ),
        None => (String::new(), Mentions::default()),
    };
    OutMessage {
        content,
        cards: vec![card],
        rows: vec![row],
        mentions,
        ..OutMessage::default()
    }
}

/// Seconds a live session of `routine` takes at its defaults: every step (the held one for the
/// default hold), for the default number of sets, with rests between sets.
pub fn session_secs(routine: &Routine) -> u32 {
    let per_set: u32 = routine
        .steps
        .iter()
        .map(|s| {
            if s.hold {
                routine.hold.default_secs
            } else {
                s.secs
            }
        })
        .sum();
    let sets = routine.sets.default.max(1);
    per_set * sets + routine.sets.rest_secs * (sets - 1)
}

/// Where a group reminder's event says it happens: the channel's name as people know it.
pub fn event_location(channel_id: ChannelId, channel_name: &str) -> String {
    if channel_name.trim().is_empty() {
        format!("<#{channel_id}>")
    } else {
        truncate(&format!("#{}", channel_name.trim()), 100)
    }
}

/// The scheduled event for a group reminder's occurrence at `start`.
pub fn event_spec(
    reminder: &Reminder,
    routine: Option<&Routine>,
    start: DateTime<Utc>,
    lobby_secs: u32,
    tr: Tr<'_>,
) -> EventSpec {
    let name = routine.map_or_else(|| tr.t("prompt-event-stretch"), |r| r.name.clone());
    let session = routine.map_or(300, session_secs).max(60);
    let location = event_location(reminder.channel_id, &reminder.channel_name);
    let minutes = |secs: u32| Arg::Num(i64::from(secs.div_ceil(60).max(1)));
    let description = tr.t_args(
        "prompt-event-description",
        &[
            ("name", Arg::Str(&name)),
            ("location", Arg::Str(&location)),
            ("lobby", minutes(lobby_secs)),
            ("session", minutes(session)),
        ],
    );
    EventSpec {
        name: truncate(
            &tr.t_args("prompt-event-name", &[("name", Arg::Str(&name))]),
            100,
        ),
        description: truncate(&description, 1000),
        location,
        start,
        end: start + Duration::seconds(i64::from(lobby_secs) + i64::from(session)),
    }
}

/// The notice admins get when the bot pauses a reminder on its own.
pub fn flagged_notice(reminder: &Reminder, reason: &str, tr: Tr<'_>) -> OutMessage {
    OutMessage::text(truncate(
        &tr.t_args(
            "prompt-flagged",
            &[
                ("number", Arg::Num(i64::from(reminder.number))),
                ("reason", Arg::Str(reason)),
            ],
        ),
        crate::limits::CONTENT_CHARS,
    ))
}

/// The reason stored and shown when a post finds its channel gone or closed.
pub fn gone_reason(detail: &str) -> String {
    truncate(
        &format!("I can no longer post in its channel ({})", detail.trim()),
        80,
    )
}

/// One line describing a schedule: "09:00 every day (Europe/Berlin)".
pub fn schedule_text(r: &Reminder) -> String {
    format!(
        "{} {} ({})",
        r.time_text(),
        r.schedule.days,
        r.schedule.tz.name()
    )
}

/// Next fire as every client shows it: full date in the reader's zone, and relative.
pub fn when_text(fire: &Fire) -> String {
    format!("{} ({})", full_time(fire.at), relative_time(fire.at))
}

fn state_text(r: &Reminder, now: DateTime<Utc>, tr: &Tr<'_>) -> String {
    match &r.state {
        State::Active => r
            .upcoming(now)
            .map_or_else(|| tr.t("reminders-next-none"), |f| when_text(&f)),
        State::Paused => tr.t("list-paused"),
        State::Flagged(reason) => tr.t_args(
            "list-flagged",
            &[("reason", Arg::Str(&truncate(reason, 100)))],
        ),
        State::Stopped => tr.t("list-stopped"),
    }
}

/// Reminders on one page of `/reminders list`: as many as an embed has fields.
pub const LIST_PAGE: usize = crate::limits::EMBED_FIELDS;

/// Pages `/reminders list` takes for `count` reminders (at least one).
pub fn list_pages(count: usize) -> u32 {
    u32::try_from(count.div_ceil(LIST_PAGE).max(1)).unwrap_or(u32::MAX)
}

/// The `/reminders list` reply for page `page` (from 1; a page past the end is empty): one
/// embed, one field per reminder, within Discord's limits even when every reminder on the page
/// is as long as one can be. `places` holds each prompt's `where`; one missing is `any`.
pub fn list_message(
    reminders: &[Reminder],
    places: &HashMap<ReminderId, Place>,
    max: u32,
    page: u32,
    now: DateTime<Utc>,
    tr: &Tr<'_>,
) -> OutMessage {
    if reminders.is_empty() {
        return OutMessage::text(tr.t("list-empty")).ephemeral();
    }
    let full = list_with(reminders, places, max, page, now, true, tr);
    if check_message(&full).is_ok() {
        return full;
    }
    // Long zone names on every one of many reminders: drop the second line to fit.
    list_with(reminders, places, max, page, now, false, tr)
}

fn list_with(
    reminders: &[Reminder],
    places: &HashMap<ReminderId, Place>,
    max: u32,
    page: u32,
    now: DateTime<Utc>,
    detailed: bool,
    tr: &Tr<'_>,
) -> OutMessage {
    let pages = list_pages(reminders.len());
    let skip = usize::try_from(page.saturating_sub(1))
        .unwrap_or(usize::MAX)
        .saturating_mul(LIST_PAGE);
    let fields = reminders
        .iter()
        .skip(skip)
        .take(LIST_PAGE)
        .map(|r| {
            let name = format!(
                "#{} · {} {}",
                r.number,
                r.time_text(),
                days_text(r.schedule.days, tr)
            );
            let mut value = format!("{} · {}", state_text(r, now, tr), r.zone_name());
            let channel = r.channel_id.to_string();
            if detailed {
                let kind = match r.kind {
                    Kind::Prompt => "list-kind-prompt",
                    Kind::Group => "list-kind-group",
                };
                let mut extras = vec![tr.t_args(kind, &[("channel", Arg::Str(&channel))])];
                if r.kind == Kind::Prompt {
                    let place = places.get(&r.id).copied().unwrap_or(Place::Any);
                    extras.push(place_label(place, tr));
                }
                if let Some(role) = r.ping_role_id {
                    let role = role.to_string();
                    extras.push(tr.t_args("list-pings", &[("role", Arg::Str(&role))]));
                }
                if r.message.is_some() {
                    extras.push(tr.t("list-custom-message"));
                }
                if r.kind == Kind::Group && r.event_enabled {
                    extras.push(tr.t("list-server-event"));
                }
                value.push('\n');
                value.push_str(&extras.join(" · "));
            } else {
                value.push_str(&format!(" · <#{channel}>"));
            }
            Field::new(truncate(&name, 256), truncate(&value, 1024))
        })
        .collect();
    let count = i64::try_from(reminders.len()).unwrap_or(i64::MAX);
    let (title, description) = if pages > 1 {
        let args = [
            ("count", Arg::Num(count)),
            ("max", Arg::Num(i64::from(max))),
            ("page", Arg::Num(i64::from(page))),
            ("pages", Arg::Num(i64::from(pages))),
        ];
        (
            tr.t_args("list-title-page", &args),
            format!(
                "{} {}",
                tr.t("list-description"),
                tr.t_args("list-description-more", &args)
            ),
        )
    } else {
        (
            tr.t_args(
                "list-title",
                &[
                    ("count", Arg::Num(count)),
                    ("max", Arg::Num(i64::from(max))),
                ],
            ),
            tr.t("list-description"),
        )
    };
    let card = Card {
        title,
        description,
        fields,
        color: DEFAULT_COLOR,
        ..Card::default()
    };
    OutMessage {
        cards: vec![card],
        ..OutMessage::default()
    }
    .ephemeral()
}

/// The reply to `add` and `edit`; `place` is a prompt's `where` (`None` for a group stretch,
/// or when it could not be read); in `tr`'s language.
pub fn saved_message(
    r: &Reminder,
    place: Option<Place>,
    now: DateTime<Utc>,
    created: bool,
    tr: &Tr<'_>,
) -> OutMessage {
    let mut schedule = format!(
        "{} {} ({})",
        r.time_text(),
        days_text(r.schedule.days, tr),
        r.schedule.tz.name()
    );
    if let Some(place) = place.filter(|_| r.kind == Kind::Prompt) {
        schedule.push_str(&format!(" · {}", place_label(place, tr)));
    }
    let kind = tr.t(&format!("choice-{}", r.kind.as_str()));
    let channel = r.channel_id.to_string();
    let next = next_text(r, now, tr);
    let mut text = tr.t_args(
        "reminders-saved",
        &[
            ("created", Arg::Str(if created { "yes" } else { "no" })),
            ("number", Arg::Num(i64::from(r.number))),
            ("kind", Arg::Str(&kind)),
            ("channel", Arg::Str(&channel)),
            ("schedule", Arg::Str(&schedule)),
            ("next", Arg::Str(&next)),
        ],
    );
    if r.wants_event() {
        text.push(' ');
        text.push_str(&tr.t("reminders-saved-event"));
    }
    OutMessage::text(text).ephemeral()
}

/// "Next: <t:..:F> (<t:..:R>)", or why there is none, in `tr`'s language.
pub fn next_text(r: &Reminder, now: DateTime<Utc>, tr: &Tr<'_>) -> String {
    match &r.state {
        State::Active => r.upcoming(now).map_or_else(
            || tr.t("reminders-next-none"),
            |f| tr.t_args("reminders-next-at", &[("when", Arg::Str(&when_text(&f)))]),
        ),
        State::Paused => tr.t("reminders-next-paused"),
        State::Flagged(reason) => {
            tr.t_args("reminders-next-flagged", &[("reason", Arg::Str(reason))])
        }
        State::Stopped => tr.t("reminders-next-stopped"),
    }
}

/// A reminder's days as `tr`'s reader says them: "every day", or "Mon, Wed, Fri".
pub fn days_text(days: crate::schedule::DaySet, tr: &Tr<'_>) -> String {
    use crate::schedule::DaySet;
    match days {
        DaySet::EVERY_DAY => tr.t("days-every-day"),
        DaySet::WEEKDAYS => tr.t("days-weekdays"),
        DaySet::WEEKENDS => tr.t("days-weekends"),
        DaySet::EMPTY => tr.t("days-none"),
        set => set
            .iter()
            .map(|d| tr.t(&format!("day-{}", d.to_string().to_lowercase())))
            .collect::<Vec<_>>()
            .join(&tr.t("days-separator")),
    }
}

/// What a prompt's `where` suggests, as `tr`'s reader says it.
pub fn place_label(place: Place, tr: &Tr<'_>) -> String {
    tr.t(&format!("place-{}", place.as_str()))
}
