//! The nudge a person receives by DM: one line, the stretch's steps and hold as a card with its
//! illustration (alt text included), and the buttons Done, Snooze, Skip and Stop nudges. A pure
//! function of its inputs, so a re-sent nudge is the same message.

use chrono::{DateTime, Utc};

use crate::{
    buttons::{ButtonId, NudgeAction},
    content::Routine,
    i18n::{Arg, Tr},
    limits::truncate,
    message::{Button, ButtonStyle, OutMessage},
    render::{routine_message_in, Section},
};

/// The nudge of `slot` suggesting `stretch`, in the person's language.
pub fn nudge_message(
    stretch: &Routine,
    slot: DateTime<Utc>,
    snooze_minutes: u32,
    tr: Tr<'_>,
) -> OutMessage {
    let mut message = routine_message_in(stretch, Section::Steps, tr).unwrap_or_else(|_| {
        // A stretch too long for one card (the pack check refuses those): its name only.
        OutMessage::default()
    });
    message.content = truncate(
        &tr.t_args("nudge-line", &[("name", Arg::Str(&stretch.display_name()))]),
        2000,
    );
    if let Some(card) = message.cards.first_mut() {
        card.footer = tr.t("nudge-footer");
    }
    let button = |action, style, label: String| {
        Button::new(
            style,
            ButtonId::Nudge {
                action,
                slot: slot.timestamp(),
            }
            .to_string(),
            label,
        )
    };
    message.rows = vec![vec![
        button(NudgeAction::Done, ButtonStyle::Success, tr.t("nudge-done")),
        button(
            NudgeAction::Snooze,
            ButtonStyle::Primary,
            tr.t_args(
                "nudge-snooze",
                &[("minutes", Arg::Num(snooze_minutes.into()))],
            ),
        ),
        button(
            NudgeAction::Skip,
            ButtonStyle::Secondary,
            tr.t("nudge-skip"),
        ),
        button(NudgeAction::Stop, ButtonStyle::Danger, tr.t("nudge-stop")),
    ]];
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, Texts};
    use crate::limits::check_message;
    use crate::test_support::{shipped_library, utc};

    #[test]
    fn every_stretch_makes_a_nudge_within_discords_limits_in_every_language() {
        let library = shipped_library();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales");
        let texts = Texts::load(&dir).unwrap();
        let slot = utc("2026-06-10T07:00:00Z");
        for locale in Locale::ALL {
            for r in library.routines() {
                let r = library.get_in(&r.id, locale).unwrap();
                let m = nudge_message(r, slot, 15, Tr::new(&texts, locale));
                check_message(&m).unwrap_or_else(|e| panic!("{} {locale:?}: {e}", r.id));
                let a = m.attachment.as_ref().expect("the illustration");
                assert!(!a.alt.is_empty(), "alt text");
                assert!(m.cards[0].show_image);
                let ids: Vec<_> = m.rows[0]
                    .iter()
                    .map(|b| ButtonId::parse(&b.custom_id))
                    .collect();
                assert_eq!(
                    ids,
                    NudgeAction::ALL.map(|action| Some(ButtonId::Nudge {
                        action,
                        slot: slot.timestamp()
                    }))
                );
                assert!(!m.content.contains("nudge-"), "{}", m.content);
            }
        }
    }
}
