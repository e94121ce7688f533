//! Everything check-ins and `/stats` say, in the reader's language: the answer to "I stretched",
//! the count a prompt shows, the `/stats` cards with their chart and its alt text, and the
//! forget-me confirmation. Pure functions of their inputs.

use std::sync::Arc;

use crate::buttons::ButtonId;
use crate::i18n::{Arg, Locale, Tr};
use crate::ids::UserId;
use crate::limits::truncate;
use crate::message::{user_mention, Attachment, Button, ButtonStyle, Card, Field, OutMessage};

use super::{PersonSummary, TeamSummary};

/// The chart's file name (`attachment://` refers to it).
pub const CHART_FILE: &str = "stretch-stats.png";
/// Discord's limit on an attachment's description (its alt text).
const ALT_MAX_CHARS: usize = 1024;
/// The card colour, as prompts have it.
const COLOR: u32 = 0x5B_8C_5A;

fn num(n: u32) -> Arg<'static> {
    Arg::Num(i64::from(n))
}

/// The answer to "I stretched": the streak, and whether this press counted.
pub fn checkin_answer(new: bool, streak: u32, tr: Tr<'_>) -> OutMessage {
    let key = if new {
        "stats-checkin-done"
    } else {
        "stats-checkin-again"
    };
    OutMessage::text(tr.t_args(key, &[("streak", num(streak))])).ephemeral()
}

/// `message` (a prompt as posted) showing `count` people stretched: one field on its first
/// card, replaced if a count is there already (in whichever language it was written).
pub fn with_checkin_count(mut message: OutMessage, count: u32, tr: Tr<'_>) -> OutMessage {
    let Some(card) = message.cards.first_mut() else {
        return message;
    };
    let names: Vec<String> = Locale::ALL
        .into_iter()
        .map(|l| tr.texts.get(l, "stats-checkin-count-name"))
        .collect();
    card.fields.retain(|f| !names.contains(&f.name));
    card.fields.push(
        Field::new(
            tr.t("stats-checkin-count-name"),
            tr.t_args("stats-checkin-count-value", &[("count", num(count))]),
        )
        .inline(),
    );
    message.nonce = None;
    message
}

/// The chart's alt text: every week's count, with its Monday.
pub fn chart_alt(weeks: &[(chrono::NaiveDate, u32)], tr: Tr<'_>) -> String {
    let listed: Vec<String> = weeks
        .iter()
        .map(|(monday, count)| {
            let date = monday.format("%Y-%m-%d").to_string();
            tr.t_args(
                "stats-chart-week",
                &[("date", Arg::Str(&date)), ("count", num(*count))],
            )
        })
        .collect();
    let alt = tr.t_args(
        "stats-chart-alt",
        &[("weeks", Arg::Str(&listed.join(", ")))],
    );
    truncate(&alt, ALT_MAX_CHARS)
}

fn chart(
    png: Option<Vec<u8>>,
    weeks: &[(chrono::NaiveDate, u32)],
    tr: Tr<'_>,
) -> Option<Attachment> {
    png.map(|bytes| Attachment {
        path: CHART_FILE.into(),
        bytes: Some(Arc::from(bytes)),
        file_name: CHART_FILE.to_owned(),
        alt: chart_alt(weeks, tr),
    })
}

/// `/stats me`, only for the person. `png`: the chart, if it could be drawn. `zone`: the time
/// zone days are counted in.
pub fn me_message(
    summary: &PersonSummary,
    zone: &str,
    png: Option<Vec<u8>>,
    tr: Tr<'_>,
) -> OutMessage {
    let days = |n: u32| tr.t_args("stats-days", &[("count", num(n))]);
    let description = if summary.weeks.iter().all(|(_, n)| *n == 0) && summary.streaks.best == 0 {
        tr.t("stats-me-empty")
    } else {
        String::new()
    };
    let attachment = chart(png, &summary.weeks, tr);
    let card = Card {
        title: tr.t("stats-me-title"),
        description,
        fields: vec![
            Field::new(
                tr.t("stats-me-week"),
                tr.t_args("stats-me-checkins", &[("count", num(summary.this_week))]),
            )
            .inline(),
            Field::new(tr.t("stats-me-current"), days(summary.streaks.current)).inline(),
            Field::new(tr.t("stats-me-best"), days(summary.streaks.best)).inline(),
            Field::new(
                tr.t("stats-me-minutes"),
                tr.t_args(
                    "stats-minutes",
                    &[("count", num(summary.minutes_this_week))],
                ),
            )
            .inline(),
        ],
        show_image: attachment.is_some(),
        footer: tr.t_args("stats-me-footer", &[("zone", Arg::Str(zone))]),
        color: COLOR,
    };
    OutMessage {
        cards: vec![card],
        attachment,
        ..OutMessage::default()
    }
    .ephemeral()
}

/// `/stats server`: this week's totals; only people who share are named (their mentions ping
/// nobody).
/// As many whole lines as fit in `max` characters: a line cut short could end inside a
/// `<@id>` mention, which Discord then shows as raw text.
fn whole_lines(lines: &[String], max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for line in lines {
        let add = line.chars().count() + usize::from(!out.is_empty());
        if chars + add > max {
            break;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        chars += add;
    }
    out
}

pub fn server_message(summary: &TeamSummary, png: Option<Vec<u8>>, tr: Tr<'_>) -> OutMessage {
    let named = if summary.named.is_empty() {
        tr.t("stats-server-nobody-named")
    } else {
        let lines: Vec<String> = summary
            .named
            .iter()
            .map(|(user, count)| {
                let person = user_mention(*user);
                tr.t_args(
                    "stats-server-named-line",
                    &[("person", Arg::Str(&person)), ("count", num(*count))],
                )
            })
            .collect();
        whole_lines(&lines, 1024)
    };
    let attachment = chart(png, &summary.weeks, tr);
    let card = Card {
        title: tr.t("stats-server-title"),
        fields: vec![
            Field::new(tr.t("stats-server-people"), summary.people.to_string()).inline(),
            Field::new(tr.t("stats-server-checkins"), summary.checkins.to_string()).inline(),
            Field::new(tr.t("stats-server-sessions"), summary.sessions.to_string()).inline(),
            Field::new(
                tr.t("stats-server-minutes"),
                tr.t_args("stats-minutes", &[("count", num(summary.minutes))]),
            )
            .inline(),
            Field::new(tr.t("stats-server-named"), named),
        ],
        show_image: attachment.is_some(),
        color: COLOR,
        ..Card::default()
    };
    OutMessage {
        cards: vec![card],
        attachment,
        ..OutMessage::default()
    }
}

/// `/stats forget-me`: what will go, and the button that does it (only this person's).
pub fn forget_confirm(user_id: UserId, tr: Tr<'_>) -> OutMessage {
    OutMessage {
        content: tr.t("stats-forget-confirm"),
        rows: vec![vec![Button::new(
            ButtonStyle::Danger,
            ButtonId::ForgetMe { user_id }.to_string(),
            tr.t("stats-forget-button"),
        )]],
        ..OutMessage::default()
    }
    .ephemeral()
}

/// One sentence from `stats.ftl`, for the person.
pub fn sentence(key: &str, tr: Tr<'_>) -> OutMessage {
    OutMessage::text(tr.t(key)).ephemeral()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Texts;
    use crate::stats::Streaks;
    use crate::test_support::date;

    fn texts() -> Texts {
        Texts::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales"))
            .unwrap()
    }

    #[test]
    fn a_long_list_of_named_people_ends_on_a_whole_mention() {
        let texts = texts();
        let summary = TeamSummary {
            people: 200,
            checkins: 200,
            sessions: 0,
            minutes: 0,
            weeks: vec![],
            named: (0..200)
                .map(|i| (UserId::new(1_100_000_000_000_000_000 + i), 1))
                .collect(),
        };
        let message = server_message(&summary, None, Tr::new(&texts, Locale::EnUs));
        crate::limits::check_message(&message).unwrap();
        let named = &message.cards[0]
            .fields
            .iter()
            .find(|f| f.value.contains("<@"))
            .expect("the named field")
            .value;
        assert!(named.chars().count() <= 1024);
        for line in named.lines() {
            assert_eq!(
                line.matches("<@").count(),
                line.matches('>').count(),
                "a cut mention in {line:?}"
            );
        }
        assert!(named.ends_with(|c: char| !c.is_whitespace()));
    }

    #[test]
    fn the_count_field_is_replaced_not_added_whatever_language_wrote_it() {
        let texts = texts();
        let prompt = OutMessage {
            cards: vec![Card {
                title: "Stretch".into(),
                ..Card::default()
            }],
            nonce: Some("fire-1".into()),
            ..OutMessage::default()
        };
        let fr = with_checkin_count(prompt, 1, Tr::new(&texts, Locale::Fr));
        assert_eq!(fr.cards[0].fields.len(), 1);
        assert_eq!(fr.cards[0].fields[0].value, "1 personne");
        let en = with_checkin_count(fr, 3, Tr::new(&texts, Locale::EnUs));
        assert_eq!(en.cards[0].fields.len(), 1);
        assert_eq!(en.cards[0].fields[0].name, "Stretched so far");
        assert_eq!(en.cards[0].fields[0].value, "3 people");
        assert_eq!(en.nonce, None, "an edit carries no nonce");
    }

    #[test]
    fn stats_me_has_the_chart_with_alt_text_in_the_readers_language() {
        let texts = texts();
        let summary = PersonSummary {
            this_week: 2,
            minutes_this_week: 6,
            streaks: Streaks {
                current: 2,
                best: 5,
            },
            weeks: vec![(date("2026-11-16"), 4), (date("2026-11-23"), 2)],
        };
        let m = me_message(
            &summary,
            "UTC",
            Some(vec![1, 2, 3]),
            Tr::new(&texts, Locale::De),
        );
        assert!(m.ephemeral);
        let a = m.attachment.as_ref().unwrap();
        assert_eq!(a.bytes.as_deref(), Some(&[1u8, 2, 3][..]));
        assert!(a.alt.contains("Woche vom 2026-11-16: 4"), "{}", a.alt);
        assert!(m.cards[0].show_image);
        assert_eq!(m.cards[0].fields[1].value, "2 Tage");
        crate::limits::check_message(&m).unwrap();
    }
}
