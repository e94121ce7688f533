//! Every message a live session posts or edits, as Discord-free [`OutMessage`]s.
//!
//! Rules kept here, in one place:
//! - the text people need is in `content`, never only in an embed (without the Embed Links
//!   permission Discord silently drops embeds);
//! - participants are pinged at the start and at the finish only: those two messages carry
//!   `Mentions.users` (the people listed), every other message pings nobody even if it names
//!   someone;
//! - times are `<t:UNIX:R>`, which clients keep live, so nothing is edited every second;
//! - buttons carry [`ButtonId::Session`] custom ids.

use chrono::{DateTime, Utc};

use super::state::{Ending, SessionState};
use super::timeline::{EventKind, Position, Timeline};
use crate::buttons::{Action, ButtonId};
use crate::content::Routine;
use crate::i18n::{Arg, Tr};
use crate::ids::{ChannelId, GuildId, MessageId, UserId};
use crate::limits::{truncate, CONTENT_CHARS};
use crate::message::{relative_time, user_mention, Button, ButtonStyle, Mentions, OutMessage};

/// Discord accepts at most 100 user ids in `allowed_mentions`.
const MAX_PINGED: usize = 100;

/// A link that jumps to a message.
pub fn message_link(guild_id: GuildId, channel_id: ChannelId, message_id: MessageId) -> String {
    format!("https://discord.com/channels/{guild_id}/{channel_id}/{message_id}")
}

/// What the messages of one session are about.
#[derive(Debug, Clone, Copy)]
pub struct SessionView<'a> {
    pub session_id: &'a str,
    /// `None`: a reminder opened the session.
    pub starter_id: Option<UserId>,
    /// The routine in the session's language.
    pub routine: &'a Routine,
    pub timeline: &'a Timeline,
    pub participants: &'a [UserId],
    pub stopped_by: Option<UserId>,
    /// The admins' line of a scheduled group stretch.
    pub note: Option<&'a str>,
    /// The session's language: the server's when the session opened.
    pub tr: Tr<'a>,
}

impl<'a> SessionView<'a> {
    /// What the messages of session `session_id` show while its saved state is `st`, in the
    /// language of `tr`.
    pub fn new(
        session_id: &'a str,
        starter_id: Option<UserId>,
        routine: &'a Routine,
        st: &'a SessionState,
        tr: Tr<'a>,
    ) -> Self {
        Self {
            session_id,
            starter_id,
            routine,
            timeline: &st.timeline,
            participants: &st.participants,
            stopped_by: st.stopped_by,
            note: st.note.as_deref(),
            tr,
        }
    }
}

/// What the lobby message shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LobbyPhase {
    /// Before the start: Join, Leave, Start now, Cancel.
    Open,
    /// Running; Join stays until the last set begins.
    Underway {
        joinable: bool,
    },
    Ended(Ending),
}

fn num(n: impl Into<i64>) -> Arg<'static> {
    Arg::Num(n.into())
}

fn duration_text(tr: Tr<'_>, secs: u32) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => tr.t_args("session-secs", &[("secs", num(s))]),
        (m, 0) => tr.t_args("session-mins", &[("mins", num(m))]),
        (m, s) => tr.t_args("session-mins-secs", &[("mins", num(m)), ("secs", num(s))]),
    }
}

/// "1 set · 90 s hold · about 2 min", "1 set · 30 s hold per side · about 2 min", or for a
/// routine file "5 stretches · about 6 min".
fn plan_text(v: &SessionView<'_>) -> String {
    let plan = &v.timeline.plan;
    let about = duration_text(v.tr, plan.total_secs());
    match v.routine.chain {
        Some(n) => v.tr.t_args(
            "session-plan-chain",
            &[
                ("count", num(i64::try_from(n).unwrap_or(i64::MAX))),
                ("about", Arg::Str(&about)),
            ],
        ),
        None => {
            let key = if v.routine.sides.is_some() {
                "session-plan-per-side"
            } else {
                "session-plan"
            };
            let sets = sets_text(v.tr, plan.sets);
            let hold = duration_text(v.tr, plan.hold_secs);
            v.tr.t_args(
                key,
                &[
                    ("sets", Arg::Str(&sets)),
                    ("hold", Arg::Str(&hold)),
                    ("about", Arg::Str(&about)),
                ],
            )
        }
    }
}

fn sets_text(tr: Tr<'_>, sets: u32) -> String {
    tr.t_args("session-sets", &[("sets", num(sets))])
}

/// Mentions of `ids` that fit in `budget` characters, then "and N more". Returns the text and
/// the ids it names (at most [`MAX_PINGED`]).
fn people(tr: Tr<'_>, ids: &[UserId], budget: usize) -> (String, Vec<UserId>) {
    if ids.is_empty() {
        return (tr.t("session-nobody"), Vec::new());
    }
    let more = |n: usize| {
        format!(
            " {}",
            tr.t_args(
                "session-and-more",
                &[("count", num(i64::try_from(n).unwrap_or(i64::MAX)))]
            )
        )
    };
    // Room for a possible " and N more" after a mention: its longest form, and never less than
    // English always kept.
    let reserve_more = more(ids.len()).len().max(16);
    let mut text = String::new();
    let mut named = Vec::new();
    for (i, &id) in ids.iter().enumerate() {
        let mention = user_mention(id);
        let left_after = ids.len() - i - 1;
        let reserve = if left_after > 0 { reserve_more } else { 0 };
        if named.len() == MAX_PINGED || text.len() + 2 + mention.len() + reserve > budget {
            text.push_str(&more(ids.len() - i));
            break;
        }
        if !text.is_empty() {
            text.push_str(", ");
        }
        text.push_str(&mention);
        named.push(id);
    }
    (text, named)
}

/// A message whose text is `head`, a list of people, then `tail`, within the content limit.
fn with_people(tr: Tr<'_>, head: &str, ids: &[UserId], tail: &str) -> (String, Vec<UserId>) {
    let budget = CONTENT_CHARS
        .saturating_sub(head.chars().count() + tail.chars().count())
        .min(1500);
    let (list, named) = people(tr, ids, budget);
    (
        truncate(&format!("{head}{list}{tail}"), CONTENT_CHARS),
        named,
    )
}

fn text(content: String) -> OutMessage {
    OutMessage::text(truncate(&content, CONTENT_CHARS))
}

fn step_title(v: &SessionView<'_>, step: usize) -> String {
    v.routine.steps.get(step).map_or_else(
        || {
            v.tr.t_args(
                "session-step-fallback",
                &[("step", num(i64::try_from(step + 1).unwrap_or(i64::MAX)))],
            )
        },
        |s| s.title.clone(),
    )
}

fn step_cue<'a>(v: &SessionView<'a>, step: usize) -> &'a str {
    v.routine.steps.get(step).map_or("", |s| s.cue.as_str())
}

/// "Set 1 of 2 · Step 3 of 4: Settle and release".
fn step_heading(v: &SessionView<'_>, set: u32, step: usize) -> String {
    let plan = &v.timeline.plan;
    let title = step_title(v, step);
    let step = num(i64::try_from(step + 1).unwrap_or(i64::MAX));
    let steps = num(i64::try_from(plan.steps_per_set).unwrap_or(i64::MAX));
    if plan.sets > 1 {
        v.tr.t_args(
            "session-step-heading-in-set",
            &[
                ("set", num(set)),
                ("sets", num(plan.sets)),
                ("step", step),
                ("steps", steps),
                ("title", Arg::Str(&title)),
            ],
        )
    } else {
        v.tr.t_args(
            "session-step-heading",
            &[
                ("step", step),
                ("steps", steps),
                ("title", Arg::Str(&title)),
            ],
        )
    }
}

fn ends(tr: Tr<'_>, at: Option<DateTime<Utc>>) -> String {
    at.map_or_else(String::new, |t| {
        tr.t_args("session-ends", &[("time", Arg::Str(&relative_time(t)))])
    })
}

/// The text of one timeline event, without the start header.
fn event_body(v: &SessionView<'_>, index: usize) -> String {
    let Some(event) = v.timeline.plan.events.get(index) else {
        return String::new();
    };
    let end = v.timeline.step_end(index);
    match event.kind {
        EventKind::Step { step } => {
            let secs = v.routine.steps.get(step).map_or(0, |s| s.secs);
            format!(
                "**{}** ({})\n{}",
                step_heading(v, event.set, step),
                duration_text(v.tr, secs),
                step_cue(v, step)
            )
        }
        EventKind::Hold { step } => {
            let heading = step_heading(v, event.set, step);
            let duration = duration_text(v.tr, v.timeline.plan.step_secs(index));
            let ends = ends(v.tr, end);
            format!(
                "{}\n{}",
                v.tr.t_args(
                    "session-hold",
                    &[
                        ("heading", Arg::Str(&heading)),
                        ("duration", Arg::Str(&duration)),
                        ("ends", Arg::Str(&ends)),
                    ],
                ),
                step_cue(v, step)
            )
        }
        EventKind::Breathing { .. } => {
            let ends = ends(v.tr, end);
            format!(
                "{}\n{}",
                v.tr.t_args("session-halfway", &[("ends", Arg::Str(&ends))]),
                v.routine.hold.breathing_cue
            )
        }
        EventKind::Rest => {
            let set = num(event.set + 1);
            let sets = num(v.timeline.plan.sets);
            let rest = match end {
                Some(t) => v.tr.t_args(
                    "session-rest-starts",
                    &[
                        ("set", set),
                        ("sets", sets),
                        ("time", Arg::Str(&relative_time(t))),
                    ],
                ),
                None => v.tr.t_args("session-rest", &[("set", set), ("sets", sets)]),
            };
            format!("{rest}\n{}", v.routine.sets.rest_cue)
        }
        EventKind::Finish => String::new(),
    }
}

/// A button that acts on the session it is posted with.
fn session_button(session_id: &str, action: Action, style: ButtonStyle, label: &str) -> Button {
    Button::new(
        style,
        ButtonId::session(session_id, action).to_string(),
        label,
    )
}

fn controls_row(v: &SessionView<'_>) -> Vec<Button> {
    let button =
        |action, style, key: &str| session_button(v.session_id, action, style, &v.tr.t(key));
    vec![
        button(
            Action::Pause,
            ButtonStyle::Secondary,
            "session-button-pause",
        ),
        button(
            Action::Resume,
            ButtonStyle::Secondary,
            "session-button-resume",
        ),
        button(Action::Skip, ButtonStyle::Secondary, "session-button-skip"),
        button(Action::Stop, ButtonStyle::Danger, "session-button-stop"),
    ]
}

fn start_heading(v: &SessionView<'_>) -> String {
    let name = v.routine.display_name();
    let plan = plan_text(v);
    format!(
        "{}\n",
        v.tr.t_args(
            "session-start-heading",
            &[("name", Arg::Str(&name)), ("plan", Arg::Str(&plan))]
        )
    )
}

/// The finish: exit cue and summary, pinging the participants.
fn finish(v: &SessionView<'_>, prefix: &str) -> OutMessage {
    let (done, list) = match v.stopped_by {
        Some(by) => (
            v.tr.t_args(
                "session-stopped-by",
                &[("who", Arg::Str(&user_mention(by)))],
            ),
            v.tr.t("session-took-part"),
        ),
        None if v.routine.chain.is_some() => (
            v.tr.t_args("session-done-chain", &[("name", Arg::Str(&v.routine.name))]),
            v.tr.t("session-stretched-together"),
        ),
        None => {
            let sets = sets_text(v.tr, v.timeline.plan.sets);
            (
                v.tr.t_args(
                    "session-done",
                    &[
                        ("name", Arg::Str(&v.routine.name)),
                        ("sets", Arg::Str(&sets)),
                    ],
                ),
                v.tr.t("session-stretched-together"),
            )
        }
    };
    let head = format!("{prefix}{done}\n{}\n\n{list} ", v.routine.exit_cue.trim());
    let (content, named) = with_people(v.tr, &head, v.participants, "");
    OutMessage {
        content,
        mentions: Mentions {
            users: named,
            roles: Vec::new(),
        },
        ..OutMessage::default()
    }
}

/// The message for event `index`, posted on time. The first event opens the session: it pings
/// the participants and carries the control buttons.
pub fn event(v: &SessionView<'_>, index: usize) -> OutMessage {
    render_event(v, index, "", index == 0)
}

/// The one message posted after a stall instead of every missed event: it says time was lost
/// and shows `current`, the event in progress. `opens_session` when the first event was missed
/// too, so this message pings and carries the controls in its place.
pub fn catch_up(v: &SessionView<'_>, current: usize, opens_session: bool) -> OutMessage {
    let prefix = format!("{}\n", v.tr.t("session-catch-up"));
    render_event(v, current, &prefix, opens_session || current == 0)
}

fn render_event(v: &SessionView<'_>, index: usize, prefix: &str, opens: bool) -> OutMessage {
    if index == v.timeline.plan.finish_index() {
        return finish(v, prefix);
    }
    let body = event_body(v, index);
    if !opens {
        return text(format!("{prefix}{body}"));
    }
    let head = format!("{prefix}{}", start_heading(v));
    let (content, named) = with_people(v.tr, &head, v.participants, &format!("\n\n{body}"));
    OutMessage {
        content,
        rows: vec![controls_row(v)],
        mentions: Mentions {
            users: named,
            roles: Vec::new(),
        },
        ..OutMessage::default()
    }
}

/// The lobby message, in each of its phases. It names people but pings nobody.
pub fn lobby(v: &SessionView<'_>, phase: LobbyPhase) -> OutMessage {
    let tr = v.tr;
    let name = v.routine.display_name();
    let title = tr.t_args("session-lobby-title", &[("name", Arg::Str(&name))]);
    let plan = &v.timeline.plan;
    let count = v.participants.len();
    let in_count = tr.t_args(
        "session-lobby-in",
        &[("count", num(i64::try_from(count).unwrap_or(i64::MAX)))],
    );
    let paused = v.timeline.is_paused();
    let button = |action, style, key: &str| session_button(v.session_id, action, style, &tr.t(key));
    let (head, tail, rows) = match phase {
        LobbyPhase::Open => {
            let when = match v.timeline.due_at(0) {
                Some(t) if !paused => tr.t_args(
                    "session-lobby-starts",
                    &[("time", Arg::Str(&relative_time(t)))],
                ),
                _ => tr.t("session-lobby-paused-start"),
            };
            let head = format!("{title}\n{}. {when}\n{in_count} ", plan_text(v));
            let by = match v.starter_id {
                None => tr.t("session-lobby-by-reminder"),
                Some(starter) => tr.t_args(
                    "session-lobby-by",
                    &[("who", Arg::Str(&user_mention(starter)))],
                ),
            };
            let note = v.note.map(|n| format!("\n{n}")).unwrap_or_default();
            let join = tr.t_args("session-lobby-join", &[("by", Arg::Str(&by))]);
            let tail = format!("{note}\n{join}");
            let row = vec![
                button(Action::Join, ButtonStyle::Success, "session-button-join"),
                button(
                    Action::Leave,
                    ButtonStyle::Secondary,
                    "session-button-leave",
                ),
                button(Action::Start, ButtonStyle::Primary, "session-button-start"),
                button(Action::Cancel, ButtonStyle::Danger, "session-button-cancel"),
            ];
            (head, tail, vec![row])
        }
        LobbyPhase::Underway { joinable } => {
            let key = if paused {
                "session-lobby-paused"
            } else {
                "session-lobby-under-way"
            };
            let state = tr.t_args(key, &[("title", Arg::Str(&title))]);
            let head = format!("{state}\n{in_count} ");
            if joinable {
                let row = vec![button(
                    Action::Join,
                    ButtonStyle::Success,
                    "session-button-join",
                )];
                (
                    head,
                    format!("\n{}", tr.t("session-lobby-still-open")),
                    vec![row],
                )
            } else {
                let closed = if plan.sets == 1 {
                    "session-lobby-closed-one-set"
                } else {
                    "session-lobby-closed-last-set"
                };
                (head, format!("\n{}", tr.t(closed)), Vec::new())
            }
        }
        LobbyPhase::Ended(ending) => {
            let who = |by: UserId| user_mention(by);
            let (key, by) = match ending {
                Ending::Finished => ("session-lobby-done", None),
                Ending::Stopped { by } => ("session-lobby-stopped", Some(by)),
                Ending::Cancelled { by } if Some(by) == v.starter_id => {
                    ("session-lobby-cancelled-by-starter", Some(by))
                }
                Ending::Cancelled { by } => ("session-lobby-cancelled", Some(by)),
                Ending::Empty if v.starter_id.is_none() => ("session-lobby-nobody-joined", None),
                Ending::Empty => ("session-lobby-everyone-left", None),
                Ending::Downtime | Ending::EndedOffline => ("session-lobby-offline", None),
                Ending::Failed => ("session-lobby-failed", None),
                Ending::ChannelGone | Ending::GuildRemoved => ("session-lobby-ended", None),
            };
            let mention = by.map(who).unwrap_or_default();
            let what = tr.t_args(
                key,
                &[("title", Arg::Str(&title)), ("who", Arg::Str(&mention))],
            );
            let names = matches!(ending, Ending::Finished | Ending::Stopped { .. });
            if names {
                (format!("{what} "), String::new(), Vec::new())
            } else {
                return text(what);
            }
        }
    };
    let (content, _) = with_people(tr, &head, v.participants, &tail);
    // Names only: nobody is pinged by the lobby, however often it is edited.
    OutMessage {
        content,
        rows,
        ..OutMessage::default()
    }
}

/// Posted when someone pauses.
pub fn paused(tr: Tr<'_>, by: UserId) -> OutMessage {
    text(tr.t_args("session-paused", &[("who", Arg::Str(&user_mention(by)))]))
}

/// Where the session stands, for the messages that follow a break.
fn where_we_are(v: &SessionView<'_>, now: DateTime<Utc>) -> String {
    match v.timeline.position(now) {
        Position::Lobby { starts_at: Some(t) } => v.tr.t_args(
            "session-now-starts",
            &[("time", Arg::Str(&relative_time(t)))],
        ),
        Position::Lobby { starts_at: None } | Position::Finished => String::new(),
        Position::Running { event, step, .. } => {
            let Some(e) = v.timeline.plan.events.get(step) else {
                return String::new();
            };
            let what = match e.kind {
                EventKind::Step { step }
                | EventKind::Hold { step }
                | EventKind::Breathing { step } => step_heading(v, e.set, step),
                EventKind::Rest => v.tr.t("session-now-rest"),
                EventKind::Finish => return String::new(),
            };
            match v.timeline.step_end(event) {
                Some(t) => v.tr.t_args(
                    "session-now-until",
                    &[
                        ("what", Arg::Str(&what)),
                        ("time", Arg::Str(&relative_time(t))),
                    ],
                ),
                None => v.tr.t_args("session-now", &[("what", Arg::Str(&what))]),
            }
        }
    }
}

/// Posted when a person resumes (`by`), or when the bot is back from a restart (`None`).
pub fn resumed(v: &SessionView<'_>, by: Option<UserId>, now: DateTime<Utc>) -> OutMessage {
    let head = match by {
        Some(by) => {
            v.tr.t_args("session-resumed", &[("who", Arg::Str(&user_mention(by)))])
        }
        None => v.tr.t("session-back"),
    };
    text(
        format!("{head} {}", where_we_are(v, now))
            .trim_end()
            .to_owned(),
    )
}

/// Posted at a clean shutdown.
pub fn paused_for_restart(tr: Tr<'_>) -> OutMessage {
    text(tr.t("session-paused-for-restart"))
}

/// Posted after a restart that took longer than a paused session waits.
pub fn closed_after_downtime(tr: Tr<'_>, offline_secs: u64) -> OutMessage {
    let minutes = offline_secs.div_ceil(60);
    text(tr.t_args(
        "session-closed-after-downtime",
        &[("mins", num(i64::try_from(minutes).unwrap_or(i64::MAX)))],
    ))
}

/// Posted instead of replaying a session whose plan ended while the bot was away.
pub fn ended_while_offline(tr: Tr<'_>) -> OutMessage {
    text(tr.t("session-ended-while-offline"))
}

/// Posted when the session broke on our side.
pub fn apology(tr: Tr<'_>) -> OutMessage {
    text(tr.t("session-apology"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::check_message;
    use crate::session::state::Ending;
    use crate::session::timeline::{Adjustment, SessionPlan};
    use crate::test_support::fixture_routine;

    const ID: &str = "abcdefghijkl";

    fn start() -> DateTime<Utc> {
        "2026-11-24T10:00:00Z".parse().unwrap()
    }

    /// Someone other than the starter.
    const OTHER: UserId = UserId::new(42);

    fn people_ids(n: u64) -> Vec<UserId> {
        (0..n)
            .map(|i| UserId::new(100_000_000_000_000_000 + i))
            .collect()
    }

    /// The view of a session `starter` began, with `participants` in it and not stopped.
    fn view<'a>(
        routine: &'a Routine,
        tl: &'a Timeline,
        starter: UserId,
        participants: &'a [UserId],
    ) -> SessionView<'a> {
        SessionView {
            session_id: ID,
            starter_id: Some(starter),
            routine,
            timeline: tl,
            participants,
            stopped_by: None,
            note: None,
            tr: Tr::english(),
        }
    }

    /// Every message of a 2-set session, with `n` participants.
    fn all_messages(n: u64, stopped: bool) -> Vec<OutMessage> {
        let routine = fixture_routine();
        let tl = Timeline::new(SessionPlan::new(&routine, 2, 60, 45), start());
        let ids = people_ids(n);
        let starter = ids.first().copied().unwrap_or(UserId::new(1));
        let v = SessionView {
            stopped_by: stopped.then_some(OTHER),
            ..view(&routine, &tl, starter, &ids)
        };
        every_message(&v, starter)
    }

    /// Every message the session of `v` can post or show.
    fn every_message(v: &SessionView<'_>, starter: UserId) -> Vec<OutMessage> {
        let (v, tl) = (*v, v.timeline);
        let mut out: Vec<OutMessage> = (0..tl.plan.events.len()).map(|i| event(&v, i)).collect();
        out.extend((0..tl.plan.events.len()).map(|i| catch_up(&v, i, true)));
        out.push(lobby(&v, LobbyPhase::Open));
        out.push(lobby(&v, LobbyPhase::Underway { joinable: true }));
        out.push(lobby(&v, LobbyPhase::Underway { joinable: false }));
        for ending in [
            Ending::Finished,
            Ending::Stopped { by: OTHER },
            Ending::Cancelled { by: starter },
            Ending::Cancelled { by: OTHER },
            Ending::Empty,
            Ending::ChannelGone,
            Ending::GuildRemoved,
            Ending::Downtime,
            Ending::EndedOffline,
            Ending::Failed,
        ] {
            out.push(lobby(&v, LobbyPhase::Ended(ending)));
        }
        out.push(paused(v.tr, OTHER));
        out.push(resumed(
            &v,
            Some(OTHER),
            start() + chrono::Duration::seconds(50),
        ));
        out.push(resumed(&v, None, start() - chrono::Duration::seconds(5)));
        out.push(paused_for_restart(v.tr));
        out.push(closed_after_downtime(v.tr, 1200));
        out.push(ended_while_offline(v.tr));
        out.push(apology(v.tr));
        out
    }

    /// Every message of every stretch and routine of the shipped pack, in every language, at
    /// the most sets, the longest hold and crowds: within Discord's limits, buttons included.
    #[test]
    fn every_message_in_every_language_is_within_discord_limits() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales");
        let texts = crate::i18n::Texts::load(&dir).unwrap();
        let library = crate::test_support::shipped_library();
        let ids: Vec<String> = library
            .routines()
            .map(|r| r.id.clone())
            .chain(library.sequences().map(|s| s.id.clone()))
            .collect();
        let mut checked = 0;
        for locale in crate::i18n::Locale::ALL {
            let tr = Tr::new(&texts, locale);
            for id in &ids {
                let routine = library.playable_in(id, tr).unwrap();
                let (sets, hold) = (routine.sets.max, routine.hold.max_secs);
                let tl = Timeline::new(SessionPlan::new(&routine, sets, hold, 45), start());
                for n in [0, 1, 150] {
                    let people = people_ids(n);
                    let starter = people.first().copied().unwrap_or(UserId::new(1));
                    let note = "n".repeat(200);
                    for stopped in [false, true] {
                        let v = SessionView {
                            stopped_by: stopped.then_some(OTHER),
                            note: Some(&note),
                            tr,
                            ..view(&routine, &tl, starter, &people)
                        };
                        for mut m in every_message(&v, starter) {
                            m.nonce = Some(crate::nonces::session_closing(ID));
                            assert_eq!(
                                check_message(&m),
                                Ok(()),
                                "{} {id}, {n} people: {}",
                                locale.code(),
                                m.content
                            );
                            assert!(m.mentions.users.len() <= MAX_PINGED);
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn a_german_session_speaks_german_and_english_stays_english() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales");
        let texts = crate::i18n::Texts::load(&dir).unwrap();
        let routine = fixture_routine();
        let tl = Timeline::new(SessionPlan::new(&routine, 2, 60, 45), start());
        let ids = [UserId::new(7)];
        let v = SessionView {
            tr: Tr::new(&texts, crate::i18n::Locale::De),
            ..view(&routine, &tl, UserId::new(7), &ids)
        };
        let lobby = lobby(&v, LobbyPhase::Open);
        assert!(
            lobby.content.starts_with(
                "**Gruppendehnung: Child's Pose (Balasana)**\n2 Sätze · 1 Min. halten"
            ),
            "{}",
            lobby.content
        );
        assert!(
            lobby.content.contains("**Dabei (1):** <@7>"),
            "{}",
            lobby.content
        );
        assert_eq!(lobby.rows[0][0].label, "Mitmachen");
        let rest = event(&v, 5);
        assert!(
            rest.content
                .starts_with("**Pause**: Satz 2 von 2 beginnt <t:"),
            "{}",
            rest.content
        );
        let finish = event(&v, 11);
        assert!(
            finish
                .content
                .starts_with("**Fertig: Child's Pose, 2 Sätze. Gut gedehnt!**"),
            "{}",
            finish.content
        );
        // One set: the singular.
        let one = Timeline::new(SessionPlan::new(&routine, 1, 60, 45), start());
        let v1 = SessionView {
            timeline: &one,
            ..v
        };
        assert!(
            event(&v1, 0).content.contains("1 Satz · "),
            "{}",
            event(&v1, 0).content
        );
        let ja = SessionView {
            tr: Tr::new(&texts, crate::i18n::Locale::Ja),
            ..v
        };
        assert!(
            event(&ja, 0).content.contains("2セット"),
            "{}",
            event(&ja, 0).content
        );
        // The shipped English file says exactly what the built-in English says.
        let en = SessionView {
            tr: Tr::new(&texts, crate::i18n::Locale::EnUs),
            ..v
        };
        let builtin = SessionView {
            tr: Tr::english(),
            ..v
        };
        assert_eq!(
            every_message(&en, UserId::new(7)),
            every_message(&builtin, UserId::new(7))
        );
    }

    #[test]
    fn every_message_is_within_discord_limits() {
        for n in [0, 1, 50, 150] {
            for stopped in [false, true] {
                for mut m in all_messages(n, stopped) {
                    m.nonce = Some(crate::nonces::session_closing(ID));
                    assert_eq!(check_message(&m), Ok(()), "{n} people: {}", m.content);
                    assert!(m.mentions.users.len() <= MAX_PINGED);
                }
            }
        }
    }

    #[test]
    fn fifty_participants_are_all_named_and_pinged_at_start_and_end_only() {
        let msgs = all_messages(50, false);
        let pinging: Vec<usize> = msgs
            .iter()
            .enumerate()
            .filter(|(_, m)| !m.mentions.users.is_empty())
            .map(|(i, _)| i)
            .collect();
        // Event 0, the finish (11), and the catch-ups that stand in for them.
        let events = 12;
        let mut expected = vec![0, 11];
        expected.extend(events..2 * events);
        assert_eq!(pinging, expected);
        assert_eq!(msgs[0].mentions.users.len(), 50);
        assert_eq!(msgs[11].mentions.users, people_ids(50));
        assert!(msgs[11].content.contains(&user_mention(people_ids(50)[49])));
        // The lobby names everyone without pinging.
        let lobby = &msgs[2 * events];
        assert!(lobby.content.contains("**In (50):**"));
        assert!(lobby.mentions.users.is_empty());
    }

    #[test]
    fn a_crowd_is_cut_with_and_n_more() {
        let msgs = all_messages(150, false);
        let finish = &msgs[11];
        assert!(finish.content.contains(" more"), "{}", finish.content);
        assert!(finish.mentions.users.len() < 150);
        // Everyone pinged is named in the text.
        for id in &finish.mentions.users {
            assert!(finish.content.contains(&user_mention(*id)));
        }
    }

    #[test]
    fn hold_message_shows_its_end_and_steps_their_place() {
        let routine = fixture_routine();
        let tl = Timeline::new(SessionPlan::new(&routine, 2, 60, 45), start());
        let ids = [UserId::new(7)];
        let v = view(&routine, &tl, UserId::new(7), &ids);
        let hold = event(&v, 3);
        let end = (start() + chrono::Duration::seconds(105)).timestamp();
        assert!(
            hold.content.contains(&format!("ends <t:{end}:R>")),
            "{}",
            hold.content
        );
        assert!(
            hold.content.starts_with("**Set 1 of 2 · Step 4 of 4: "),
            "{}",
            hold.content
        );
        let first = event(&v, 0);
        assert!(first
            .content
            .starts_with("**Let's stretch: Child's Pose (Balasana)** · 2 sets"));
        assert!(first.content.contains("<@7>"));
        assert_eq!(first.rows[0].len(), 4);
        let rest = event(&v, 5);
        assert!(
            rest.content.starts_with("**Rest**: set 2 of 2 starts <t:"),
            "{}",
            rest.content
        );
        assert!(rest.content.contains(&routine.sets.rest_cue));
        let finish = event(&v, 11);
        assert!(finish.content.contains(routine.exit_cue.trim()));
        assert!(finish.content.contains("dizzy"));
    }

    #[test]
    fn paused_lobby_says_so_instead_of_a_start_time() {
        let routine = fixture_routine();
        let mut tl = Timeline::new(SessionPlan::new(&routine, 1, 60, 45), start());
        tl.apply(Adjustment::Pause(start() - chrono::Duration::seconds(30)))
            .unwrap();
        let ids = [UserId::new(7)];
        let v = view(&routine, &tl, UserId::new(7), &ids);
        let m = lobby(&v, LobbyPhase::Open);
        assert!(m.content.contains("Paused for a moment"), "{}", m.content);
        assert!(!m.content.contains("<t:"));
        let closed = lobby(&v, LobbyPhase::Underway { joinable: false });
        assert!(closed
            .content
            .ends_with("Joining closed when the session began."));
        assert!(closed.rows.is_empty());
    }
}
