//! The desk's words, in French and in English, from carnet's Fluent
//! messages (`desk-…` in `src/locale/*.ftl`): the language is the
//! browser's (`Accept-Language`), French for a French browser, English
//! otherwise.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Serialize;

pub use crate::locale::Language;

/// Every word the desk's pages show, but the event's and the roster's own,
/// by name (`w.build` in a page).
#[derive(Debug, Serialize)]
pub struct Words {
    /// The language, its tag as a page's `lang` attribute.
    #[serde(skip)]
    pub language: Language,
    /// The words by name, and `lang`.
    #[serde(flatten)]
    words: BTreeMap<String, String>,
}

impl Words {
    /// The desk's words in `language`.
    pub fn of(language: Language) -> &'static Self {
        static WORDS: LazyLock<[Words; 2]> = LazyLock::new(|| Language::ALL.map(Words::read));
        match language {
            Language::English => &WORDS[0],
            Language::French => &WORDS[1],
        }
    }

    fn read(language: Language) -> Self {
        let mut words = crate::locale::words(language, "desk-");
        words.insert("lang".into(), language.tag().into());
        Self { language, words }
    }

    /// The word `name`; its name when there is none (the tests see that
    /// every word a page uses exists).
    pub fn get(&self, name: &str) -> String {
        self.words
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    }

    /// The names of the words.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.words.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::{Language, Words};

    #[test]
    fn the_browser_language_chooses_french_or_english() {
        let of = |h| Language::from_accept_language(Some(h));
        assert_eq!(of("fr-FR,fr;q=0.9,en;q=0.8"), Language::French);
        assert_eq!(of("en-GB,fr;q=0.5"), Language::English);
        assert_eq!(of("de-DE,fr;q=0.7"), Language::French);
        assert_eq!(of("de-DE"), Language::English);
        assert_eq!(Language::from_accept_language(None), Language::English);
    }

    #[test]
    fn every_word_a_page_uses_is_said_in_both_languages() {
        let pages = include_dir::include_dir!("$CARGO_MANIFEST_DIR/src/serve/pages");
        let english: Vec<&str> = Words::of(Language::English).names().collect();
        let french: Vec<&str> = Words::of(Language::French).names().collect();
        assert_eq!(english, french, "the same words in both");
        for file in pages.files() {
            let text = file.contents_utf8().unwrap();
            for used in text.split("w.").skip(1) {
                let name: String = used
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    english.contains(&name.as_str()),
                    "{}: w.{name} is no word of the desk",
                    file.path().display()
                );
            }
        }
    }
}
