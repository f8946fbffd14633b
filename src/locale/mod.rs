//! carnet's words in French and in English, written once in Fluent
//! (`en.ftl`, `fr.ftl`, built into the binary) and said in the language of
//! whoever reads them: the terminal's (`LC_ALL`, `LC_MESSAGES`, `LANG`) for
//! the command line, the browser's for the desk. English is the default.
//!
//! A message that stays in the data it is about (a roster problem, kept
//! until someone reads it) is a [`Text`]: its message id and arguments,
//! said when shown, so that the same problem reads in French on a French
//! desk and in English in an English terminal.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::{LazyLock, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The English messages.
const ENGLISH: &str = include_str!("en.ftl");
/// Les messages en français.
const FRENCH: &str = include_str!("fr.ftl");

/// The languages carnet speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Français.
    French,
    /// English.
    English,
}

impl Language {
    /// Both, English first.
    pub const ALL: [Self; 2] = [Self::English, Self::French];

    /// The language a browser asks for first among those carnet speaks.
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Self::English;
        };
        for range in header.split(',') {
            let tag = range.split(';').next().unwrap_or("").trim();
            if let Some(language) = Self::of_tag(tag) {
                return language;
            }
        }
        Self::English
    }

    /// The language of a locale or language tag: `fr`, `fr-CA`,
    /// `fr_FR.UTF-8`, `en_GB`…; `None` for another one.
    fn of_tag(tag: &str) -> Option<Self> {
        let primary = tag
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Self::French),
            "en" => Some(Self::English),
            _ => None,
        }
    }

    /// The language of a terminal whose locale variables `var` reads: the
    /// first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set decides, as
    /// POSIX has it; French for a French locale, English otherwise.
    pub fn of_locale(var: &dyn Fn(&str) -> Option<String>) -> Self {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()))
            .and_then(|locale| Self::of_tag(&locale))
            .unwrap_or(Self::English)
    }

    /// The language of this process's terminal, read once.
    pub fn terminal() -> Self {
        static TERMINAL: OnceLock<Language> = OnceLock::new();
        *TERMINAL.get_or_init(|| {
            // unit tests read English whatever the machine's locale
            if cfg!(test) {
                Self::English
            } else {
                Self::of_locale(&|name| std::env::var(name).ok())
            }
        })
    }

    /// The language's tag, for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Self::French => "fr",
            Self::English => "en",
        }
    }

    fn bundle(self) -> &'static Bundle {
        static BUNDLES: LazyLock<[Bundle; 2]> =
            LazyLock::new(|| [bundle("en", ENGLISH), bundle("fr", FRENCH)]);
        match self {
            Self::English => &BUNDLES[0],
            Self::French => &BUNDLES[1],
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

/// The messages of one language; a mistake in them fails the tests.
fn bundle(tag: &str, source: &'static str) -> Bundle {
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
    let id = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // the terminal and the page show the words as they are, without the
    // invisible isolation marks Fluent puts around arguments by default
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

/// An argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Words, shown as they are.
    Text(String),
    /// A whole number, which chooses plural forms.
    Number(i64),
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_args!(u8, u16, u32, u64, usize, i32, i64);

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Self::Text(s.clone())
    }
}

impl From<char> for Arg {
    fn from(c: char) -> Self {
        Self::Text(c.to_string())
    }
}

/// Words to say in the reader's language: a message of the `.ftl` files
/// and its arguments, or words that come as they are (a library's own
/// message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A message id and its arguments.
    Message(&'static str, Vec<(&'static str, Arg)>),
    /// Words said the same in every language.
    Verbatim(String),
}

impl Text {
    /// Message `id` with no argument.
    pub fn new(id: &'static str) -> Self {
        Self::Message(id, Vec::new())
    }

    /// With argument `name`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        if let Self::Message(_, args) = &mut self {
            args.push((name, value.into()));
        }
        self
    }

    /// Said in `language`.
    pub fn said(&self, language: Language) -> String {
        match self {
            Self::Verbatim(words) => words.clone(),
            Self::Message(id, args) => say(language, id, args),
        }
    }

    /// Said in English, for what stays in English (files, tests).
    pub fn english(&self) -> String {
        self.said(Language::English)
    }
}

impl From<String> for Text {
    fn from(words: String) -> Self {
        Self::Verbatim(words)
    }
}

impl From<&str> for Text {
    fn from(words: &str) -> Self {
        Self::Verbatim(words.to_owned())
    }
}

/// In the terminal's language.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.said(Language::terminal()))
    }
}

/// `text!("id", name = value, …)`: a [`Text`] with these arguments.
#[macro_export]
macro_rules! text {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::locale::Text::new($id)$(.arg(stringify!($name), $value))*
    };
}

/// `say!(language, "id", name = value, …)`: a message said at once.
#[macro_export]
macro_rules! say {
    ($language:expr, $id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::text!($id $(, $name = $value)*).said($language)
    };
}

/// Message `id` in `language` with `args`; English when French lacks it,
/// the id itself when both do (the tests see that none does).
pub fn say(language: Language, id: &str, args: &[(&'static str, Arg)]) -> String {
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fluent.set(*name, FluentValue::from(s.as_str())),
            Arg::Number(n) => fluent.set(*name, FluentValue::from(*n)),
        }
    }
    for language in [language, Language::English] {
        let bundle = language.bundle();
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            let said: Cow<'_, str> = bundle.format_pattern(pattern, Some(&fluent), &mut errors);
            return said.into_owned();
        }
    }
    id.to_owned()
}

/// Every message whose id starts with `prefix`, said in `language` without
/// arguments, by its id without the prefix and with `_` for `-`: the desk's
/// words for its pages.
pub fn words(language: Language, prefix: &str) -> BTreeMap<String, String> {
    ids(language)
        .filter_map(|id| {
            let key = id.strip_prefix(prefix)?.replace('-', "_");
            Some((key, say(language, id, &[])))
        })
        .collect()
}

/// The ids of the messages of `language`.
fn ids(language: Language) -> impl Iterator<Item = &'static str> {
    let source = match language {
        Language::English => ENGLISH,
        Language::French => FRENCH,
    };
    source.lines().filter_map(|line| {
        let (id, _) = line.split_once(" =")?;
        let first = id.chars().next()?;
        (first.is_ascii_alphabetic() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .then_some(id)
    })
}

#[cfg(test)]
mod tests;
