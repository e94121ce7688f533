//! What every refusal a person (or a content author) reads must look like, checked in one place
//! so the parsers' properties and the example tests hold all messages to the same bar.

/// Panics unless `msg` is one sentence for a person: non-empty, one line, under 200 characters,
/// ending in a full stop or question mark, free of Rust's own text (`Some(`, `{`, `Error`, …) and
/// unable to ping anyone (every `@` is defused with a zero-width space). Input quoted back
/// “like this” is the person's own text, so only the rest is held to the wording rules.
pub fn assert_one_sentence(msg: &str) {
    assert_one_line(msg, 200);
    assert!(
        msg.ends_with('.') || msg.ends_with('?'),
        "no full stop: {msg:?}"
    );
    let ours = unquoted(msg);
    for noise in [
        "Error", "error:", "Some(", "None", "Ok(", "Err(", "{", "}", "\\u", "\\n", "rusqlite",
        "panick", "unwrap",
    ] {
        assert!(!ours.contains(noise), "{noise:?} in {msg:?}");
    }
    // Only the last full stop ends the sentence.
    let body = &ours[..ours.len() - 1];
    for end in [". ", "? ", "! "] {
        assert!(!body.contains(end), "more than one sentence: {msg:?}");
    }
    assert!(
        !body.ends_with(['.', '?']),
        "more than one sentence: {msg:?}"
    );
    assert_cannot_ping(msg);
}

/// `msg` without the text between “ and ”.
pub fn unquoted(msg: &str) -> String {
    let mut ours = String::new();
    let mut quoted = false;
    for c in msg.chars() {
        match c {
            '“' => quoted = true,
            '”' => quoted = false,
            c if !quoted => ours.push(c),
            _ => {}
        }
    }
    ours
}

/// Panics unless `msg` is a non-empty single line (no control characters at all) of fewer than
/// `max_chars` characters.
pub fn assert_one_line(msg: &str, max_chars: usize) {
    assert!(!msg.trim().is_empty(), "empty message");
    assert!(msg.chars().count() < max_chars, "too long: {msg:?}");
    assert!(!msg.chars().any(char::is_control), "not one line: {msg:?}");
}

/// Panics if Discord would read a mention in `msg`: every `@` must be followed by a zero-width
/// space, which breaks `@everyone`, `@here` and every `<@…>` form.
pub fn assert_cannot_ping(msg: &str) {
    assert!(
        msg.split('@')
            .skip(1)
            .all(|rest| rest.starts_with('\u{200B}')),
        "live mention in {msg:?}"
    );
}

/// [`assert_one_sentence`] in `locale`'s writing: Japanese ends its one sentence with `。` or
/// `？` and quotes with 「」; the other languages are held to the same rules as English.
pub fn assert_one_sentence_in(locale: crate::i18n::Locale, msg: &str) {
    if locale != crate::i18n::Locale::Ja {
        return assert_one_sentence(msg);
    }
    assert_one_line(msg, 200);
    let mut ours = String::new();
    let mut quoted = false;
    for c in msg.chars() {
        match c {
            '「' => quoted = true,
            '」' => quoted = false,
            c if !quoted => ours.push(c),
            _ => {}
        }
    }
    assert!(
        ours.ends_with('。') || ours.ends_with('？'),
        "no full stop: {msg:?}"
    );
    let body: String = {
        let mut chars = ours.chars();
        chars.next_back();
        chars.collect()
    };
    assert!(
        !body.contains(['。', '？', '！']),
        "more than one sentence: {msg:?}"
    );
    for noise in ["Error", "Some(", "None", "{", "}", "\\u"] {
        assert!(!body.contains(noise), "{noise:?} in {msg:?}");
    }
    assert_cannot_ping(msg);
}
