//! The one vocabulary of failure, shared by every part of the bot.
//!
//! A person who asked for something sees exactly one of two things: a [`UserMessage`] (their own
//! mistake, or something they can act on, in one sentence) or [`APOLOGY`]. Everything else is an
//! [`Internal`] error: what we were doing, with the cause kept as its source, so the log shows
//! the whole chain and the person sees none of it.

use std::borrow::Cow;

use thiserror::Error;

/// What a person sees when something broke on our side.
pub const APOLOGY: &str = "Sorry, something went wrong on our side. Please try again in a moment.";

/// Any error, boxed, as a source.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// One sentence for the person who asked, shown only to them. One made with
/// [`UserMessage::localized`] also knows its key and arguments in the `.ftl` files, so the edge
/// can say it in the reader's language ([`UserMessage::sentence`]); its text is the English.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{text}")]
pub struct UserMessage {
    text: String,
    localized: Option<Localized>,
}

/// A sentence's key in the `.ftl` files and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Localized {
    key: &'static str,
    args: Vec<(&'static str, OwnedArg)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum OwnedArg {
    Str(String),
    Num(i64),
}

impl UserMessage {
    /// A sentence that exists only in English (no key in the `.ftl` files).
    pub fn new(sentence: impl Into<String>) -> Self {
        Self {
            text: sentence.into(),
            localized: None,
        }
    }

    /// The sentence `key` of the `.ftl` files with `args`; its text is the built-in English.
    pub fn localized(key: &'static str, args: &[(&'static str, crate::i18n::Arg<'_>)]) -> Self {
        use crate::i18n::Arg;
        let args: Vec<_> = args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Str(s) => OwnedArg::Str((*s).to_owned()),
                    Arg::Num(n) => OwnedArg::Num(*n),
                };
                (*name, value)
            })
            .collect();
        let localized = Localized { key, args };
        Self {
            text: localized.render(&crate::i18n::Tr::english()),
            localized: Some(localized),
        }
    }

    /// The English sentence.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The sentence in `tr`'s language (English for one made with [`UserMessage::new`]).
    pub fn sentence(&self, tr: &crate::i18n::Tr<'_>) -> String {
        match &self.localized {
            Some(l) => l.render(tr),
            None => self.text.clone(),
        }
    }
}

impl From<String> for UserMessage {
    fn from(sentence: String) -> Self {
        Self::new(sentence)
    }
}

impl From<&str> for UserMessage {
    fn from(sentence: &str) -> Self {
        Self::new(sentence)
    }
}

impl Localized {
    fn render(&self, tr: &crate::i18n::Tr<'_>) -> String {
        use crate::i18n::Arg;
        let args: Vec<_> = self
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    OwnedArg::Str(s) => Arg::Str(s),
                    OwnedArg::Num(n) => Arg::Num(*n),
                };
                (*name, value)
            })
            .collect();
        tr.t_args(self.key, &args)
    }
}

/// Something broke on our side: what we were doing, and why.
#[derive(Debug, Error)]
#[error("{doing}")]
pub struct Internal {
    doing: Cow<'static, str>,
    #[source]
    cause: Option<Cause>,
}

impl Internal {
    /// `doing` failed because of `cause`.
    pub fn new(doing: impl Into<Cow<'static, str>>, cause: impl Into<Cause>) -> Self {
        Self {
            doing: doing.into(),
            cause: Some(cause.into()),
        }
    }

    /// A state that should not happen, with no underlying error to keep.
    pub fn bug(what: impl Into<Cow<'static, str>>) -> Self {
        Self {
            doing: what.into(),
            cause: None,
        }
    }
}

/// Zero-width space: Discord only reads a mention when `@` is directly followed by its target.
pub const ZWSP: char = '\u{200B}';

/// A piece of someone's input quoted back in a sentence: at most `max_chars` characters (then
/// `…`), without control or bidi characters, and with every `@` defused, because input can be
/// huge, span lines, or spell `@everyone`, and a refusal must stay one harmless line. Curly
/// quotes in the input become straight ones, so it cannot close our “…” early and pass its
/// own words off as ours.
pub fn quote(input: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut chars = input
        .chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c));
    for c in chars.by_ref().take(max_chars) {
        out.push(match c {
            '“' | '”' => '"',
            c => c,
        });
        if c == '@' {
            out.push(ZWSP);
        }
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// Characters that reorder text on screen and can disguise what a message says.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Names what we were doing when a call failed: `store.save(row).await.internal("save join")?`.
pub trait Context<T> {
    fn internal(self, doing: &'static str) -> Result<T, Internal>;
}

impl<T, E: Into<Cause>> Context<T> for Result<T, E> {
    fn internal(self, doing: &'static str) -> Result<T, Internal> {
        self.map_err(|cause| Internal::new(doing, cause))
    }
}

/// The whole chain of an error on one line, for a log field: `save join: database error: …`.
pub fn chain<E: std::error::Error + ?Sized>(error: &E) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_keep_their_cause_for_the_log() {
        let io = std::io::Error::other("disk full");
        let err: Result<(), Internal> = Err::<(), _>(io).internal("save join");
        let err = err.unwrap_err();
        assert_eq!(err.to_string(), "save join");
        assert_eq!(chain(&err), "save join: disk full");
        let source = std::error::Error::source(&err).expect("the cause is kept");
        assert_eq!(source.to_string(), "disk full");
        assert_eq!(chain(&Internal::bug("no such state")), "no such state");
    }

    #[test]
    fn a_user_message_is_its_sentence() {
        let m = UserMessage::new("Pick a time like 09:30.");
        assert_eq!(m.to_string(), "Pick a time like 09:30.");
        assert_eq!(m.as_str(), "Pick a time like 09:30.");
    }

    #[test]
    fn quoted_input_is_short_one_line_and_cannot_ping() {
        assert_eq!(quote("funday", 20), "funday");
        assert_eq!(quote("a\nb\u{7}\u{202E}c", 20), "abc");
        assert_eq!(quote("@everyone", 20), "@\u{200B}everyone");
        assert_eq!(quote(&"x".repeat(50), 5), "xxxxx…");
        assert_eq!(quote("", 5), "");
    }
}
