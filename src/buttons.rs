//! What every button the bot posts means: the one place a `custom_id` is built and read back.
//!
//! Buttons outlive the process that posted them (a prompt from last week can still be pressed),
//! so the strings are a stored format: `sess:{session_id}:{action}`, `prompt:how:{routine_id}`,
//! `prompt:group:{reminder_id}` and `prompt:done:{reminder_id}:{YYYY-MM-DD}` keep their shape.

use std::fmt;

use chrono::NaiveDate;

use crate::ids::{ReminderId, UserId};

/// A button press or a control command on a live session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Join,
    Leave,
    Start,
    Cancel,
    Pause,
    Resume,
    Skip,
    Stop,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::Join,
        Action::Leave,
        Action::Start,
        Action::Cancel,
        Action::Pause,
        Action::Resume,
        Action::Skip,
        Action::Stop,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Join => "join",
            Action::Leave => "leave",
            Action::Start => "start",
            Action::Cancel => "cancel",
            Action::Pause => "pause",
            Action::Resume => "resume",
            Action::Skip => "skip",
            Action::Stop => "stop",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// What a button does when pressed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ButtonId {
    /// A control on a live session's lobby or step message.
    Session { session_id: String, action: Action },
    /// "Show me how" on a prompt: the routine, only for the person who pressed.
    ShowRoutine { routine_id: String },
    /// "Start a group stretch" on a prompt: a lobby in that channel.
    GroupFromPrompt { reminder_id: ReminderId },
    /// "Delete my data" under `/stats forget-me`: only that person's.
    ForgetMe { user_id: UserId },
    /// "I stretched" on one day's prompt: a check-in for the presser.
    CheckIn {
        reminder_id: ReminderId,
        local_date: NaiveDate,
    },
    /// A button on a personal nudge (a DM): the nudge is the presser's, named by its slot
    /// (Unix seconds).
    Nudge { action: NudgeAction, slot: i64 },
}

/// What a button on a nudge does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NudgeAction {
    Done,
    Snooze,
    Skip,
    Stop,
}

impl NudgeAction {
    pub const ALL: [NudgeAction; 4] = [
        NudgeAction::Done,
        NudgeAction::Snooze,
        NudgeAction::Skip,
        NudgeAction::Stop,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NudgeAction::Done => "done",
            NudgeAction::Snooze => "snooze",
            NudgeAction::Skip => "skip",
            NudgeAction::Stop => "stop",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

impl ButtonId {
    pub fn session(session_id: &str, action: Action) -> Self {
        ButtonId::Session {
            session_id: session_id.to_owned(),
            action,
        }
    }

    /// Reads a `custom_id` back; `None` for one this bot never builds.
    pub fn parse(custom_id: &str) -> Option<Self> {
        if let Some(rest) = custom_id.strip_prefix("sess:") {
            let (id, action) = rest.rsplit_once(':')?;
            if id.is_empty() {
                return None;
            }
            return Some(ButtonId::session(id, Action::parse(action)?));
        }
        if let Some(routine_id) = custom_id.strip_prefix("prompt:how:") {
            return (!routine_id.is_empty()).then(|| ButtonId::ShowRoutine {
                routine_id: routine_id.to_owned(),
            });
        }
        if let Some(user) = custom_id.strip_prefix("stats:forget:") {
            let user_id: u64 = user.parse().ok()?;
            return (user_id.to_string() == user).then(|| ButtonId::ForgetMe {
                user_id: UserId::new(user_id),
            });
        }
        if let Some(rest) = custom_id.strip_prefix("prompt:done:") {
            let (id, date) = rest.split_once(':')?;
            return Some(ButtonId::CheckIn {
                reminder_id: id.parse().ok()?,
                // Only the exact form this bot writes, so the id reads back as built.
                local_date: date
                    .parse()
                    .ok()
                    .filter(|d: &NaiveDate| d.to_string() == date)?,
            });
        }
        if let Some(rest) = custom_id.strip_prefix("nudge:") {
            let (action, slot) = rest.split_once(':')?;
            return Some(ButtonId::Nudge {
                action: NudgeAction::parse(action)?,
                slot: slot.parse().ok()?,
            });
        }
        let reminder_id = custom_id.strip_prefix("prompt:group:")?.parse().ok()?;
        Some(ButtonId::GroupFromPrompt { reminder_id })
    }
}

/// The `custom_id` itself.
impl fmt::Display for ButtonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ButtonId::Session { session_id, action } => {
                write!(f, "sess:{session_id}:{}", action.as_str())
            }
            ButtonId::ShowRoutine { routine_id } => write!(f, "prompt:how:{routine_id}"),
            ButtonId::GroupFromPrompt { reminder_id } => write!(f, "prompt:group:{reminder_id}"),
            ButtonId::CheckIn {
                reminder_id,
                local_date,
            } => write!(f, "prompt:done:{reminder_id}:{local_date}"),
            ButtonId::ForgetMe { user_id } => write!(f, "stats:forget:{user_id}"),
            ButtonId::Nudge { action, slot } => write!(f, "nudge:{}:{slot}", action.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_button_reads_back_as_built() {
        let mut ids: Vec<ButtonId> = Action::ALL
            .into_iter()
            .map(|a| ButtonId::session("AbC123xyz_-9", a))
            .collect();
        ids.push(ButtonId::ShowRoutine {
            routine_id: "childs-pose".into(),
        });
        ids.push(ButtonId::GroupFromPrompt {
            reminder_id: ReminderId::new(u64::MAX),
        });
        ids.push(ButtonId::CheckIn {
            reminder_id: ReminderId::new(u64::MAX),
            local_date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        });
        ids.push(ButtonId::ForgetMe {
            user_id: UserId::new(1_100_000_000_000_000_013),
        });
        for action in NudgeAction::ALL {
            ids.push(ButtonId::Nudge {
                action,
                slot: 1_781_000_000,
            });
        }
        for id in ids {
            assert_eq!(ButtonId::parse(&id.to_string()), Some(id.clone()), "{id}");
            assert!(id.to_string().len() <= 100, "Discord's custom_id limit");
        }
    }

    #[test]
    fn session_ids_round_trip_and_fit() {
        const ID: &str = "abcdefghijkl";
        for action in Action::ALL {
            let id = ButtonId::session(ID, action).to_string();
            assert!(id.len() <= 100, "{id}");
            assert_eq!(ButtonId::parse(&id), Some(ButtonId::session(ID, action)));
        }
        assert_eq!(
            ButtonId::session(ID, Action::Join).to_string(),
            "sess:abcdefghijkl:join"
        );
        assert_eq!(ButtonId::parse("sess::join"), None);
        assert_eq!(ButtonId::parse("sess:abc:dance"), None);
        assert_eq!(ButtonId::parse("remind:abc:join"), None);
    }

    #[test]
    fn buttons_posted_by_earlier_builds_keep_working() {
        assert_eq!(
            ButtonId::parse("sess:k3J9:pause"),
            Some(ButtonId::session("k3J9", Action::Pause))
        );
        assert_eq!(
            ButtonId::parse("prompt:how:childs-pose"),
            Some(ButtonId::ShowRoutine {
                routine_id: "childs-pose".into()
            })
        );
        assert_eq!(
            ButtonId::parse("prompt:group:42"),
            Some(ButtonId::GroupFromPrompt {
                reminder_id: ReminderId::new(42)
            })
        );
    }

    #[test]
    fn strangers_are_refused() {
        for id in [
            "",
            "sess::pause",
            "sess:abc:dance",
            "sess:abc",
            "prompt:how:",
            "prompt:group:",
            "prompt:group:-1",
            "prompt:group:12x",
            "prompt:done:",
            "stats:forget:",
            "stats:forget:+5",
            "stats:forget:05",
            "prompt:done:5",
            "prompt:done:5:2026-13-01",
            "prompt:done:x:2026-11-24",
            "prompt:done:5:+2026-11-24",
            "other:thing",
        ] {
            assert_eq!(ButtonId::parse(id), None, "{id:?}");
        }
    }

    mod fuzz {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// A `custom_id` comes from whoever sends the interaction: any string is read without
            /// panicking, and whatever it is read as reads back the same once rebuilt.
            #[test]
            fn any_custom_id_is_read_or_ignored(
                s in any::<String>(),
                near in "(sess:|prompt:how:|prompt:group:|prompt:done:|stats:forget:)[a-z0-9:+\\-]{0,24}",
            ) {
                for input in [s.as_str(), near.as_str()] {
                    if let Some(id) = ButtonId::parse(input) {
                        prop_assert_eq!(ButtonId::parse(&id.to_string()), Some(id));
                    }
                }
            }
        }
    }
}
