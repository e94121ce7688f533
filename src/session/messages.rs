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
    pub routine: &'a Routine,
    pub timeline: &'a Timeline,
    pub participants: &'a [UserId],
    pub stopped_by: Option<UserId>,
    /// The admins' line of a scheduled group stretch.
    pub note: Option<&'a str>,
}

impl<'a> SessionView<'a> {
    /// What the messages of session `session_id` show while its saved state is `st`.
    pub fn new(
        session_id: &'a str,
        starter_id: Option<UserId>,
        routine: &'a Routine,
        st: &'a SessionState,
    ) -> Self {
        Self {
            session_id,
            starter_id,
            routine,
            timeline: &st.timeline,
            participants: &st.participants,
            stopped_by: st.stopped_by,
            note: st.note.as_deref(),
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

fn duration_text(secs: u32) -> String {
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// "1 set · 90 s hold · about 2 min", "1 set · 30 s hold per side · about 2 min", or for a
/// routine file "5 stretches · about 6 min".
fn plan_text(v: &SessionView<'_>) -> String {
    let plan = &v.timeline.plan;
    let about = duration_text(plan.total_secs());
    match v.routine.chain {
        Some(n) => format!("{n} stretches · about {about}"),
        None => {
            let per_side = if v.routine.sides.is_some() {
                " per side"
            } else {
                ""
            };
            format!(
                "{} · {} hold{per_side} · about {about}",
                sets_text(plan.sets),
                duration_text(plan.hold_secs)
            )
        }
    }
}

fn sets_text(sets: u32) -> String {
    if sets == 1 {
        "1 set".to_owned()
    } else {
        format!("{sets} sets")
    }
}

/// Mentions of `ids` that fit in `budget` characters, then "and N more". Returns the text and
/// the ids it names (at most [`MAX_PINGED`]).
fn people(ids: &[UserId], budget: usize) -> (String, Vec<UserId>) {
    if ids.is_empty() {
        return ("nobody".to_owned(), Vec::new());
    }
    let mut text = String::new();
    let mut named = Vec::new();
    for (i, &id) in ids.iter().enumerate() {
        let mention = user_mention(id);
        let left_after = ids.len() - i - 1;
        // Room for this mention plus a possible " and N more" after it.
        let reserve = if left_after > 0 { 16 } else { 0 };
        if named.len() == MAX_PINGED || text.len() + 2 + mention.len() + reserve > budget {
            text.push_str(&format!(" and {} more", ids.len() - i));
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
fn with_people(head: &str, ids: &[UserId], tail: &str) -> (String, Vec<UserId>) {
    let budget = CONTENT_CHARS
        .saturating_sub(head.chars().count() + tail.chars().count())
        .min(1500);
    let (list, named) = people(ids, budget);
    (
        truncate(&format!("{head}{list}{tail}"), CONTENT_CHARS),
        named,
    )
}

fn text(content: String) -> OutMessage {
    OutMessage::text(truncate(&content, CONTENT_CHARS))
}

fn step_title(v: &SessionView<'_>, step: usize) -> String {
    v.routine
        .steps
        .get(step)
        .map_or_else(|| format!("Step {}", step + 1), |s| s.title.clone())
}

fn step_cue<'a>(v: &SessionView<'a>, step: usize) -> &'a str {
    v.routine.steps.get(step).map_or("", |s| s.cue.as_str())
}

/// "Set 1 of 2 · Step 3 of 4: Settle and release".
fn step_heading(v: &SessionView<'_>, set: u32, step: usize) -> String {
    let total = v.timeline.plan.steps_per_set;
    let set_part = if v.timeline.plan.sets > 1 {
        format!("Set {set} of {} · ", v.timeline.plan.sets)
    } else {
        String::new()
    };
    format!(
        "{set_part}Step {} of {total}: {}",
        step + 1,
        step_title(v, step)
    )
}

fn ends(at: Option<DateTime<Utc>>) -> String {
    at.map_or_else(String::new, |t| format!(", ends {}", relative_time(t)))
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
                duration_text(secs),
                step_cue(v, step)
            )
        }
        EventKind::Hold { step } => format!(
            "**{}**: hold for {}{}\n{}",
            step_heading(v, event.set, step),
            duration_text(v.timeline.plan.step_secs(index)),
            ends(end),
            step_cue(v, step)
        ),
        EventKind::Breathing { .. } => format!(
            "**Halfway through the hold**{}\n{}",
            ends(end),
            v.routine.hold.breathing_cue
        ),
        EventKind::Rest => {
            let starts = end.map_or_else(String::new, |t| format!(" starts {}", relative_time(t)));
            format!(
                "**Rest**: set {} of {}{starts}\n{}",
                event.set + 1,
                v.timeline.plan.sets,
                v.routine.sets.rest_cue
            )
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

fn controls_row(session_id: &str) -> Vec<Button> {
    vec![
        session_button(session_id, Action::Pause, ButtonStyle::Secondary, "Pause"),
        session_button(session_id, Action::Resume, ButtonStyle::Secondary, "Resume"),
        session_button(
            session_id,
            Action::Skip,
            ButtonStyle::Secondary,
            "Skip step",
        ),
        session_button(session_id, Action::Stop, ButtonStyle::Danger, "Stop"),
    ]
}

fn start_heading(v: &SessionView<'_>) -> String {
    format!(
        "**Let's stretch: {}** · {}\n",
        v.routine.display_name(),
        plan_text(v)
    )
}

/// The finish: exit cue and summary, pinging the participants.
fn finish(v: &SessionView<'_>, prefix: &str) -> OutMessage {
    let head = match v.stopped_by {
        Some(by) => format!(
            "{prefix}**Stopped early by {}.**\n{}\n\n**Took part:** ",
            user_mention(by),
            v.routine.exit_cue.trim()
        ),
        None if v.routine.chain.is_some() => format!(
            "{prefix}**Done: {}. Well stretched!**\n{}\n\n**Stretched together:** ",
            v.routine.name,
            v.routine.exit_cue.trim()
        ),
        None => format!(
            "{prefix}**Done: {}, {}. Well stretched!**\n{}\n\n**Stretched together:** ",
            v.routine.name,
            sets_text(v.timeline.plan.sets),
            v.routine.exit_cue.trim()
        ),
    };
    let (content, named) = with_people(&head, v.participants, "");
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
    render_event(
        v,
        current,
        "**We lost some time — here's where we are.**\n",
        opens_session || current == 0,
    )
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
    let (content, named) = with_people(&head, v.participants, &format!("\n\n{body}"));
    OutMessage {
        content,
        rows: vec![controls_row(v.session_id)],
        mentions: Mentions {
            users: named,
            roles: Vec::new(),
        },
        ..OutMessage::default()
    }
}

/// The lobby message, in each of its phases. It names people but pings nobody.
pub fn lobby(v: &SessionView<'_>, phase: LobbyPhase) -> OutMessage {
    let title = format!("**Group stretch: {}**", v.routine.display_name());
    let plan = &v.timeline.plan;
    let count = v.participants.len();
    let paused = v.timeline.is_paused();
    let (head, tail, rows) = match phase {
        LobbyPhase::Open => {
            let when = match v.timeline.due_at(0) {
                Some(t) if !paused => format!("Starts {}.", relative_time(t)),
                _ => "Paused for a moment; the start moves with the pause.".to_owned(),
            };
            let head = format!("{title}\n{}. {when}\n**In ({count}):** ", plan_text(v));
            let by = match v.starter_id {
                None => "Scheduled by this server's stretch reminder.".to_owned(),
                Some(starter) => format!("Started by {}.", user_mention(starter)),
            };
            let note = v.note.map(|n| format!("\n{n}")).unwrap_or_default();
            let tail = format!("{note}\nClick **Join** to stretch along. {by}");
            let row = vec![
                session_button(v.session_id, Action::Join, ButtonStyle::Success, "Join"),
                session_button(v.session_id, Action::Leave, ButtonStyle::Secondary, "Leave"),
                session_button(
                    v.session_id,
                    Action::Start,
                    ButtonStyle::Primary,
                    "Start now",
                ),
                session_button(v.session_id, Action::Cancel, ButtonStyle::Danger, "Cancel"),
            ];
            (head, tail, vec![row])
        }
        LobbyPhase::Underway { joinable } => {
            let state = if paused { "is paused" } else { "is under way" };
            let head = format!("{title} {state}.\n**In ({count}):** ");
            if joinable {
                let row = vec![session_button(
                    v.session_id,
                    Action::Join,
                    ButtonStyle::Success,
                    "Join",
                )];
                (
                    head,
                    "\nYou can still join until the last set begins.".to_owned(),
                    vec![row],
                )
            } else {
                let closed = if plan.sets == 1 {
                    "\nJoining closed when the session began."
                } else {
                    "\nThe last set has begun, so joining is closed."
                };
                (head, closed.to_owned(), Vec::new())
            }
        }
        LobbyPhase::Ended(ending) => {
            let what = match ending {
                Ending::Finished => "is done. Thanks to everyone who took part:".to_owned(),
                Ending::Stopped { by } => {
                    format!("was stopped early by {}. Took part:", user_mention(by))
                }
                Ending::Cancelled { by } if Some(by) == v.starter_id => {
                    format!("was cancelled by its starter, {}.", user_mention(by))
                }
                Ending::Cancelled { by } => format!("was cancelled by {}.", user_mention(by)),
                Ending::Empty if v.starter_id.is_none() => {
                    "did not start: nobody joined.".to_owned()
                }
                Ending::Empty => "did not start: everyone left the lobby.".to_owned(),
                Ending::Downtime | Ending::EndedOffline => {
                    "was closed while the bot was offline.".to_owned()
                }
                Ending::Failed => "stopped because of a problem on our side.".to_owned(),
                Ending::ChannelGone | Ending::GuildRemoved => "has ended.".to_owned(),
            };
            let names = matches!(ending, Ending::Finished | Ending::Stopped { .. });
            if names {
                (format!("{title} {what} "), String::new(), Vec::new())
            } else {
                return text(format!("{title} {what}"));
            }
        }
    };
    let (content, _) = with_people(&head, v.participants, &tail);
    // Names only: nobody is pinged by the lobby, however often it is edited.
    OutMessage {
        content,
        rows,
        ..OutMessage::default()
    }
}

/// Posted when someone pauses.
pub fn paused(by: UserId) -> OutMessage {
    text(format!(
        "⏸ **Paused** by {}. Resume with the Resume button or `/stretch resume`.",
        user_mention(by)
    ))
}

/// Where the session stands, for the messages that follow a break.
fn where_we_are(v: &SessionView<'_>, now: DateTime<Utc>) -> String {
    match v.timeline.position(now) {
        Position::Lobby { starts_at: Some(t) } => {
            format!("The session starts {}.", relative_time(t))
        }
        Position::Lobby { starts_at: None } | Position::Finished => String::new(),
        Position::Running { event, step, .. } => {
            let Some(e) = v.timeline.plan.events.get(step) else {
                return String::new();
            };
            let what = match e.kind {
                EventKind::Step { step }
                | EventKind::Hold { step }
                | EventKind::Breathing { step } => step_heading(v, e.set, step),
                EventKind::Rest => "Rest".to_owned(),
                EventKind::Finish => return String::new(),
            };
            let until = v
                .timeline
                .step_end(event)
                .map_or_else(String::new, |t| format!(", until {}", relative_time(t)));
            format!("Now: **{what}**{until}.")
        }
    }
}

/// Posted when a person resumes (`by`), or when the bot is back from a restart (`None`).
pub fn resumed(v: &SessionView<'_>, by: Option<UserId>, now: DateTime<Utc>) -> OutMessage {
    let head = match by {
        Some(by) => format!("▶ **Resumed** by {}.", user_mention(by)),
        None => "▶ **We're back** — picking up where we left off.".to_owned(),
    };
    text(
        format!("{head} {}", where_we_are(v, now))
            .trim_end()
            .to_owned(),
    )
}

/// Posted at a clean shutdown.
pub fn paused_for_restart() -> OutMessage {
    text("⏸ Paused for a quick restart — we'll pick up where we left off.".to_owned())
}

/// Posted after a restart that took longer than a paused session waits.
pub fn closed_after_downtime(offline_secs: u64) -> OutMessage {
    let minutes = offline_secs.div_ceil(60);
    text(format!(
        "The bot was offline for about {minutes} min, longer than a paused session waits, so I've \
         closed this stretch session. If you're still in the pose, come up slowly. Start a new one \
         with `/stretch start` whenever you like."
    ))
}

/// Posted instead of replaying a session whose plan ended while the bot was away.
pub fn ended_while_offline() -> OutMessage {
    text(
        "This session ended while the bot was offline, so I've closed it instead of replaying it. \
         If you're still in the pose, come up slowly. Thanks for stretching together!"
            .to_owned(),
    )
}

/// Posted when the session broke on our side.
pub fn apology() -> OutMessage {
    text(
        "Sorry, something went wrong on our side and this stretch session had to stop. If you're \
         still in the pose, come up slowly. You can start a new one with `/stretch start`."
            .to_owned(),
    )
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
        out.push(paused(OTHER));
        out.push(resumed(
            &v,
            Some(OTHER),
            start() + chrono::Duration::seconds(50),
        ));
        out.push(resumed(&v, None, start() - chrono::Duration::seconds(5)));
        out.push(paused_for_restart());
        out.push(closed_after_downtime(1200));
        out.push(ended_while_offline());
        out.push(apology());
        out
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
