//! Turns a routine into what `/childspose`, `/stretch info` and `stretchbot preview` show: cards
//! (embeds) with the illustration, one section or all of them, always within Discord's limits.

use std::{fmt, str::FromStr};

use crate::{
    content::{playable_secs, Library, Routine, Sequence},
    i18n::{Arg, Locale, Texts, Tr},
    limits::{check_message, LimitError},
    message::{Attachment, Card, Field, OutMessage},
};

/// The parts of a routine a person can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    #[default]
    Overview,
    Steps,
    Safety,
    Anatomy,
    Benefits,
    All,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Overview,
        Section::Steps,
        Section::Safety,
        Section::Anatomy,
        Section::Benefits,
        Section::All,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Section::Overview => "overview",
            Section::Steps => "steps",
            Section::Safety => "safety",
            Section::Anatomy => "anatomy",
            Section::Benefits => "benefits",
            Section::All => "all",
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Section {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Section::ALL
            .into_iter()
            .find(|x| x.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "There is no section “{}”: choose overview, steps, safety, anatomy, benefits or all.",
                    crate::error::quote(s.trim(), 20)
                )
            })
    }
}

fn sets_text(r: &Routine, tr: Tr<'_>) -> String {
    if r.sets.min == r.sets.max {
        format!("{}", r.sets.min)
    } else {
        tr.t_args(
            "render-sets-range",
            &[
                ("min", Arg::Num(r.sets.min.into())),
                ("max", Arg::Num(r.sets.max.into())),
            ],
        )
    }
}

fn name_arg<'a>(r: &'a Routine) -> [(&'static str, Arg<'a>); 1] {
    [("name", Arg::Str(&r.name))]
}

fn overview(r: &Routine, tr: Tr<'_>) -> Card {
    Card {
        title: r.display_name(),
        description: format!(
            "**{}**\n\n{}\n\n**{}**\n{}",
            r.tagline,
            r.intro,
            tr.t("render-why"),
            r.why
        ),
        fields: vec![
            Field::new(tr.t("render-hold"), &r.hold.summary).inline(),
            Field::new(tr.t("render-sets"), sets_text(r, tr)).inline(),
            Field::new(tr.t("render-how-often"), &r.frequency).inline(),
        ],
        show_image: true,
        footer: r.disclaimer.clone(),
        color: r.color,
    }
}

fn steps(r: &Routine, tr: Tr<'_>) -> Card {
    let fields = r
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n = i64::try_from(i + 1).unwrap_or(i64::MAX);
            let name = tr.t_args(
                "render-step",
                &[("n", Arg::Num(n)), ("title", Arg::Str(&s.title))],
            );
            Field::new(name, &s.text)
        })
        .chain([Field::new(
            tr.t("render-duration"),
            tr.t_args(
                "render-duration-text",
                &[
                    ("hold", Arg::Str(&r.hold.summary)),
                    ("sets", Arg::Str(&sets_text(r, tr))),
                    ("often", Arg::Str(&r.frequency)),
                ],
            ),
        )])
        .collect();
    Card {
        title: tr.t_args("render-steps-title", &name_arg(r)),
        description: String::new(),
        fields,
        show_image: false,
        footer: String::new(),
        color: r.color,
    }
}

fn bullets<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|t| format!("• {t}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn safety(r: &Routine, tr: Tr<'_>) -> Card {
    Card {
        title: tr.t_args("render-safety-title", &name_arg(r)),
        description: format!(
            "{}\n\n**{}**\n{}",
            bullets(r.safety.iter().map(|t| t.tip.as_str())),
            tr.t("render-coming-out"),
            r.exit_cue
        ),
        fields: Vec::new(),
        show_image: false,
        footer: r.disclaimer.clone(),
        color: r.color,
    }
}

fn anatomy(r: &Routine, tr: Tr<'_>) -> Card {
    Card {
        title: tr.t_args("render-anatomy-title", &name_arg(r)),
        description: String::new(),
        fields: r
            .anatomy
            .iter()
            .map(|a| Field::new(&a.area, &a.effect))
            .collect(),
        show_image: false,
        footer: String::new(),
        color: r.color,
    }
}

fn benefits(r: &Routine, tr: Tr<'_>) -> Card {
    Card {
        title: tr.t_args("render-benefits-title", &name_arg(r)),
        description: format!(
            "{} {}\n{}\n\n**{}** {}",
            r.benefits.text,
            tr.t("render-especially"),
            bullets(r.benefits.who.iter().map(String::as_str)),
            tr.t("render-where"),
            r.benefits.where_
        ),
        fields: Vec::new(),
        show_image: false,
        footer: String::new(),
        color: r.color,
    }
}

/// The answer to `/childspose section:<section>` for `routine`, checked against Discord's limits.
pub fn routine_message(r: &Routine, section: Section) -> Result<OutMessage, LimitError> {
    routine_message_in(r, section, Tr::english())
}

/// [`routine_message`] in a language: `r` is the stretch in that language
/// ([`Library::get_in`]), `tr` gives the cards' labels.
pub fn routine_message_in(
    r: &Routine,
    section: Section,
    tr: Tr<'_>,
) -> Result<OutMessage, LimitError> {
    let mut cards = match section {
        Section::Overview => vec![overview(r, tr)],
        Section::Steps => vec![steps(r, tr)],
        Section::Safety => vec![safety(r, tr)],
        Section::Anatomy => vec![anatomy(r, tr)],
        Section::Benefits => vec![benefits(r, tr)],
        Section::All => {
            let mut cards = vec![
                overview(r, tr),
                steps(r, tr),
                anatomy(r, tr),
                safety(r, tr),
                benefits(r, tr),
            ];
            // The disclaimer closes the whole answer once, on its last card.
            for card in &mut cards {
                card.footer.clear();
            }
            if let Some(last) = cards.last_mut() {
                last.footer = r.disclaimer.clone();
            }
            cards
        }
    };
    // Every answer carries the illustration; the first card shows it.
    if let Some(first) = cards.first_mut() {
        first.show_image = true;
    }
    let message = OutMessage {
        cards,
        attachment: Some(Attachment {
            path: r.image_path.clone(),
            bytes: None,
            file_name: r.image_file_name().to_owned(),
            alt: r.image.alt.clone(),
        }),
        ..OutMessage::default()
    };
    check_message(&message)?;
    Ok(message)
}

/// The answer to `/stretch info` for a routine file: what it chains, with each hold and its
/// sides, and how long it takes, in `tr`'s language (`seq` is the routine as translated there,
/// [`Library::sequence_in`]). `None` if `seq` is not in `library`.
pub fn sequence_message(
    seq: &Sequence,
    library: &Library,
    tr: Tr<'_>,
) -> Option<Result<OutMessage, LimitError>> {
    use crate::i18n::Arg;
    let playable = library.playable_in(&seq.id, tr)?;
    let fields = seq
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let r = library.get_in(&item.stretch, tr.locale)?;
            let secs = Arg::Num(i64::from(item.hold_secs.unwrap_or(r.hold.default_secs)));
            let hold = match &item.sides {
                Some(sides) => {
                    let sides: Vec<String> = sides
                        .iter()
                        .map(|side| tr.t_args("render-side", &[("side", Arg::Str(side))]))
                        .collect();
                    let sides = sides.join(&tr.t("render-seq-then"));
                    tr.t_args(
                        "render-seq-hold-sides",
                        &[("secs", secs), ("sides", Arg::Str(&sides))],
                    )
                }
                None => tr.t_args("render-seq-hold", &[("secs", secs)]),
            };
            Some(Field::new(
                format!("{}. {}", i + 1, r.display_name()),
                format!("{hold}\n{}", tags_summary(&r.tags, tr)),
            ))
        })
        .collect();
    let secs = playable_secs(&playable);
    let length = tr.t_args(
        "render-seq-length",
        &[
            ("min", Arg::Num(i64::from(secs / 60))),
            ("sec", Arg::Num(i64::from(secs % 60))),
        ],
    );
    // The command as the reader's client names it.
    let command = format!(
        "/{} {} {}:{}",
        tr.t("cmd-stretch"),
        tr.t("cmd-stretch-start"),
        tr.t("opt-stretch-start-routine"),
        seq.id
    );
    let live = tr.t_args(
        "render-seq-live",
        &[
            ("length", Arg::Str(&length)),
            ("command", Arg::Str(&command)),
        ],
    );
    let card = Card {
        title: seq.name.clone(),
        description: format!(
            "**{}**\n\n{}\n\n{live}",
            seq.tagline,
            seq.description.trim(),
        ),
        fields,
        show_image: true,
        footer: playable.disclaimer.clone(),
        color: playable.color,
    };
    let message = OutMessage {
        cards: vec![card],
        attachment: Some(Attachment {
            path: playable.image_path.clone(),
            file_name: playable.image_file_name().to_owned(),
            alt: playable.image.alt.clone(),
            bytes: None,
        }),
        ..OutMessage::default()
    };
    Some(check_message(&message).map(|()| message))
}

/// `seated · neck, shoulders · none · 5 min` in `tr`'s language.
fn tags_summary(tags: &crate::content::Tags, tr: Tr<'_>) -> String {
    use crate::i18n::Arg;
    let areas: Vec<String> = tags
        .areas
        .iter()
        .map(|area| {
            // Fluent's variant keys are identifiers: `upper back` is looked up as `upper-back`.
            let key = area.replace(' ', "-");
            let text = tr.t_args("render-area", &[("area", Arg::Str(&key))]);
            if text == key {
                area.clone()
            } else {
                text
            }
        })
        .collect();
    let equipment: Vec<String> = tags
        .equipment
        .iter()
        .map(|e| tr.t_args("render-equipment", &[("equipment", Arg::Str(e.as_str()))]))
        .collect();
    let minutes = tr.t_args(
        "render-seq-length",
        &[
            ("min", Arg::Num(i64::from(tags.minutes))),
            ("sec", Arg::Num(0)),
        ],
    );
    format!(
        "{} · {} · {} · {minutes}",
        tr.t_args(
            "render-position",
            &[("position", Arg::Str(tags.position.as_str()))]
        ),
        areas.join(", "),
        equipment.join(", "),
    )
}

/// What `stretchbot check` measured of a content pack that passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackReport {
    pub stretches: usize,
    pub routines: usize,
    /// Each routine file's id and its live session's length at its holds, in seconds.
    pub routine_secs: Vec<(String, u32)>,
}

/// Checks that every section of every stretch, and every routine's card, is within Discord's
/// limits. The error names the stretch (or routine) and the section.
pub fn check_pack(library: &Library, texts: &Texts) -> Result<PackReport, String> {
    for r in library.routines() {
        for section in Section::ALL {
            routine_message(r, section)
                .map_err(|e| format!("stretch `{}`, section {section}: {e}", r.id))?;
        }
    }
    // Every language's answer, with its labels and its translation where there is one.
    for locale in Locale::ALL {
        for r in library.routines() {
            let localized = library.get_in(&r.id, locale).unwrap_or(r);
            for section in Section::ALL {
                routine_message_in(localized, section, Tr::new(texts, locale)).map_err(|e| {
                    format!(
                        "stretch `{}` in {}, section {section}: {e}",
                        r.id,
                        locale.code()
                    )
                })?;
            }
        }
    }
    // Each routine's card with its translated name, tagline and description.
    for locale in Locale::ALL.into_iter().skip(1) {
        for seq in library.sequences() {
            let localized = library.sequence_in(&seq.id, locale).unwrap_or(seq);
            if let Some(Err(e)) = sequence_message(localized, library, Tr::new(texts, locale)) {
                return Err(format!("routine `{}` in {}: {e}", seq.id, locale.code()));
            }
        }
    }
    let mut routine_secs = Vec::new();
    for seq in library.sequences() {
        match sequence_message(seq, library, Tr::new(texts, Locale::EnUs)) {
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(format!("routine `{}`: {e}", seq.id)),
            None => return Err(format!("routine `{}` did not load", seq.id)),
        }
        let secs = library.playable(&seq.id).map_or(0, playable_secs);
        routine_secs.push((seq.id.clone(), secs));
    }
    Ok(PackReport {
        stretches: library.len(),
        routines: routine_secs.len(),
        routine_secs,
    })
}

/// Plain text of a message, for `stretchbot preview` and for people reading logs.
pub fn as_text(m: &OutMessage) -> String {
    let mut out = String::new();
    if !m.content.is_empty() {
        out.push_str(&m.content);
        out.push_str("\n\n");
    }
    for card in &m.cards {
        out.push_str(&format!("=== {} ===\n", card.title));
        if card.show_image {
            if let Some(a) = &m.attachment {
                out.push_str(&format!("[image {}: {}]\n", a.file_name, a.alt));
            }
        }
        if !card.description.is_empty() {
            out.push_str(&card.description);
            out.push('\n');
        }
        for f in &card.fields {
            out.push_str(&format!("\n-- {}\n{}\n", f.name, f.value));
        }
        if !card.footer.is_empty() {
            out.push_str(&format!("\n({})\n", card.footer));
        }
        out.push('\n');
    }
    for row in &m.rows {
        let labels: Vec<_> = row.iter().map(|b| format!("[{}]", b.label)).collect();
        out.push_str(&labels.join(" "));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Library;

    fn shipped() -> (Library, Texts) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let library = Library::load(&dir).unwrap();
        let texts = Texts::load(&dir.join("locales")).unwrap();
        (library, texts)
    }

    #[test]
    fn every_section_in_every_language_is_within_discords_limits_and_translated() {
        let (library, texts) = shipped();
        let english = library.get("childs-pose").unwrap();
        for locale in Locale::ALL {
            let r = library.get_in("childs-pose", locale).unwrap();
            if locale != Locale::EnUs {
                assert_ne!(r.name, english.name, "{locale:?} has its translation");
            }
            for section in Section::ALL {
                let m = routine_message_in(r, section, Tr::new(&texts, locale))
                    .unwrap_or_else(|e| panic!("{locale:?} {section}: {e}"));
                let text = as_text(&m);
                // Whatever the language, the numbers stay the English file's.
                if matches!(section, Section::Overview | Section::Steps) {
                    assert!(text.contains('3'), "{locale:?} {section}: {text}");
                }
            }
        }
        check_pack(&library, &texts).unwrap();
    }

    #[test]
    fn the_built_in_english_is_the_shipped_english() {
        let (library, texts) = shipped();
        let r = library.get("childs-pose").unwrap();
        for section in Section::ALL {
            let shipped = routine_message_in(r, section, Tr::new(&texts, Locale::EnUs)).unwrap();
            let builtin = routine_message(r, section).unwrap();
            assert_eq!(as_text(&shipped), as_text(&builtin), "{section}");
        }
    }

    #[test]
    fn sets_and_steps_read_naturally_in_each_language() {
        let (library, texts) = shipped();
        let steps = |locale| {
            let r = library.get_in("childs-pose", locale).unwrap();
            as_text(&routine_message_in(r, Section::Steps, Tr::new(&texts, locale)).unwrap())
        };
        assert!(steps(Locale::Fr).contains("Séries : 1 à 3"));
        assert!(steps(Locale::De).contains("Sätze: 1 bis 3"));
        assert!(steps(Locale::EsEs).contains("Series: de 1 a 3"));
        assert!(steps(Locale::PtBr).contains("Passo 4 — Permanência longa"));
        assert!(steps(Locale::Ja).contains("セット数：1～3"));
    }

    fn routine() -> Routine {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
        Library::load(&dir)
            .unwrap()
            .get("childs-pose")
            .unwrap()
            .clone()
    }

    fn text_of(section: Section) -> String {
        as_text(&routine_message(&routine(), section).unwrap())
    }

    #[track_caller]
    fn assert_keeps(section: Section, facts: &[&str]) {
        let t = text_of(section);
        for fact in facts {
            assert!(t.contains(fact), "{section} lacks {fact:?}:\n{t}");
        }
    }

    #[test]
    fn the_shipped_pack_passes_the_check_and_routines_have_a_card() {
        let lib = crate::test_support::shipped_library();
        let report = check_pack(&lib, Texts::builtin()).unwrap();
        assert_eq!(report.stretches, lib.len());
        assert_eq!(report.routines, lib.sequences().count());
        let seq = lib.sequence("desk-reset").unwrap();
        let text = as_text(&sequence_message(seq, &lib, Tr::english()).unwrap().unwrap());
        assert!(text.contains("1. Seated neck side stretch"), "{text}");
        assert!(
            text.contains("15 s hold per side (right, then left)"),
            "{text}"
        );
        assert!(text.contains("/stretch start routine:desk-reset"), "{text}");
        assert!(
            text.contains("seated · neck, shoulders · chair · 2 min"),
            "{text}"
        );
    }

    #[test]
    fn a_routine_card_speaks_the_readers_language_down_to_its_labels() {
        let lib = crate::test_support::shipped_library();
        let texts =
            Texts::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales"))
                .unwrap();
        let card = |locale| {
            let seq = lib.sequence_in("desk-reset", locale).unwrap();
            as_text(
                &sequence_message(seq, &lib, Tr::new(&texts, locale))
                    .unwrap()
                    .unwrap(),
            )
        };
        let fr = card(Locale::Fr);
        for words in [
            "Remise à zéro au bureau",
            "maintien de 15 s par côté (droit, puis gauche)",
            "assis · nuque, épaules · chaise · 2 min",
            "Environ 5 min 24 s en séance en direct : `/étirement lancer routine:desk-reset`.",
            "pas un avis médical",
        ] {
            assert!(fr.contains(words), "French card lacks {words:?}:\n{fr}");
        }
        let ja = card(Locale::Ja);
        assert!(ja.contains("左右それぞれ15秒キープ（右、次に左）"), "{ja}");
        assert!(ja.contains("ライブセッションで約5分24秒"), "{ja}");
        assert!(!ja.contains("hold"), "{ja}");
    }

    #[test]
    fn every_section_is_within_every_limit_and_has_the_image() {
        let r = routine();
        for section in Section::ALL {
            let m = routine_message(&r, section).unwrap();
            assert_eq!(check_message(&m), Ok(()), "{section}");
            assert!(m.cards[0].show_image, "{section}");
            let a = m.attachment.as_ref().unwrap();
            assert!(a.path.is_file() && !a.alt.is_empty(), "{section}");
        }
    }

    #[test]
    fn overview_keeps_why_and_dosage() {
        assert_keeps(
            Section::Overview,
            &[
                "Balasana",
                "parasympathetic",
                "60 to 90 seconds",
                "5 minutes",
                "1 to 3",
                "Daily, at any time",
                "not medical advice",
            ],
        );
    }

    #[test]
    fn steps_keep_the_four_steps_and_their_cues() {
        assert_keeps(
            Section::Steps,
            &[
                "Step 1 — Starting position",
                "Step 2 — Lean forward",
                "Step 3 — Settle and release",
                "Step 4 — Extended hold",
                "On an exhale",
                "Breathe slowly and deeply into your back",
                "big toes",
                "palms up",
                "cushion",
            ],
        );
    }

    #[test]
    fn safety_keeps_every_tip_and_the_slow_exit() {
        assert_keeps(
            Section::Safety,
            &[
                "cushion between them",
                "yoga block",
                "rolled towel",
                "wide-knee variation",
                "dizzy",
                "Come up slowly",
                "not medical advice",
            ],
        );
    }

    #[test]
    fn anatomy_and_benefits_keep_their_facts() {
        assert_keeps(
            Section::Anatomy,
            &[
                "erector spinae",
                "latissimus dorsi",
                "multifidus",
                "quadratus lumborum",
                "Thoracolumbar fascia",
                "Glutes",
                "Intercostal",
                "Intervertebral discs",
            ],
        );
        assert_keeps(
            Section::Benefits,
            &[
                "absolutely everyone",
                "stress",
                "chronic back pain",
                "Athletes",
                "Pregnant women, with the wide-knee variation",
                "Older adults",
                "office",
                "before bed",
            ],
        );
    }

    #[test]
    fn all_has_every_section_once_with_one_disclaimer() {
        let t = text_of(Section::All);
        assert_eq!(t.matches("not medical advice").count(), 1, "{t}");
        assert!(
            t.trim_end().ends_with("injury or condition.)"),
            "disclaimer last:\n{t}"
        );
        for title in ["step by step", "what it works", "stay safe", "who it helps"] {
            assert!(t.contains(title), "{title}");
        }
    }

    #[test]
    fn section_names_parse_and_bad_ones_get_a_sentence() {
        assert_eq!("Steps".parse::<Section>(), Ok(Section::Steps));
        let err = "x".repeat(500).parse::<Section>().unwrap_err();
        assert!(err.len() < 200, "{err}");
    }

    mod fuzz {
        use super::*;
        use crate::test_support::assert_one_sentence;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn any_section_name_parses_or_is_refused_in_one_sentence(
                s in any::<String>(),
                near in "[ \t\n@<>a-zA-Z]{0,30}",
            ) {
                for input in [s.as_str(), near.as_str()] {
                    match input.parse::<Section>() {
                        Ok(section) => prop_assert!(section.name().eq_ignore_ascii_case(input.trim())),
                        Err(msg) => assert_one_sentence(&msg),
                    }
                }
            }
        }

        #[test]
        fn a_section_name_holding_a_closing_quote_is_refused_in_one_sentence() {
            // Found by the fuzz test above: the typed ” closed our quotes early.
            let msg = "”}".parse::<Section>().unwrap_err();
            assert_one_sentence(&msg);
        }

        #[test]
        fn a_refused_section_name_cannot_ping() {
            let msg = "@everyone".parse::<Section>().unwrap_err();
            assert_one_sentence(&msg);
        }
    }
}
