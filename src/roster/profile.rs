//! Matching the roster's profile column to the event's profiles.
//!
//! The same profile is written many ways: "Salarié en parcours",
//! "salariée en parcours", "Salarié(e) en parcours", "Salarié·e en parcours",
//! "SALARIÉS EN PARCOURS". Rather than listing every spelling in
//! `event.yaml`, each label, alias and key is reduced to a *canonical form*
//! that drops what these spellings differ by — case, accents, inclusive
//! endings, feminine and plural endings — and a roster value matches the
//! profile whose canonical form it shares. `aliases` remain for true
//! synonyms ("Bénévole" for Administrateur).
//!
//! What a participant's documents print is the form the roster writes when
//! `event.yaml` declares it — the label or an alias, compared without case
//! or accents and printed as declared: "directrice" prints "Directrice" —
//! and the profile's label otherwise ("SALARIÉS EN PARCOURS" prints
//! "Salarié en parcours").

use std::collections::HashMap;
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::text::fold;
use crate::load::event::Profile;
use crate::participant::ProfileRef;

/// Endings that inclusive writing appends after a separator: `salarié·e`,
/// `directeur·rice`, `intervenant.es`, `salarié-e`.
const INCLUSIVE_ENDINGS: &[&str] = &[
    "e", "es", "rice", "rices", "trice", "trices", "ice", "ices", "ere", "eres", "euse", "euses",
    "ne", "nes", "le", "les", "se", "ses", "s",
];

/// Separators of inclusive writing.
const INCLUSIVE_SEPARATORS: &[char] = &['·', '•', '‧', '⋅', '.', '-', '/'];

/// Finds the event's profile for a roster value.
pub(crate) struct ProfileMatcher<'a> {
    profiles: &'a [Profile],
    /// Each profile's declared forms (its label first, then its aliases)
    /// as participants carry them: one copy for all of them.
    shared: Vec<Vec<Arc<ProfileRef>>>,
    forms: HashMap<String, usize>,
}

impl<'a> ProfileMatcher<'a> {
    /// Learns the canonical forms of each profile's label, aliases and key.
    pub(super) fn new(profiles: &'a [Profile]) -> Self {
        let mut forms = HashMap::new();
        for (index, profile) in profiles.iter().enumerate() {
            let key = profile.key.replace(['-', '_'], " ");
            let names = [profile.label.as_str(), key.as_str()].into_iter();
            for name in names.chain(profile.aliases.iter().map(String::as_str)) {
                // The first profile to claim a form keeps it.
                forms.entry(canonical(name)).or_insert(index);
            }
        }
        let shared = profiles
            .iter()
            .map(|profile| {
                std::iter::once(&profile.label)
                    .chain(&profile.aliases)
                    .map(|form| {
                        Arc::new(ProfileRef {
                            key: profile.key.clone(),
                            label: form.clone(),
                            event_label: profile.label.clone(),
                            colour: profile.colour.clone(),
                        })
                    })
                    .collect()
            })
            .collect();
        ProfileMatcher {
            profiles,
            shared,
            forms,
        }
    }

    /// The profile a roster value names, if any, carrying the declared
    /// form the value is (else the label). "Directeur / Directrice"
    /// matches when both halves name the same profile.
    pub(super) fn find(&self, value: &str) -> Option<&Arc<ProfileRef>> {
        let index = match self.forms.get(&canonical(value)) {
            Some(&index) => index,
            None => {
                let mut halves = value
                    .split('/')
                    .map(|half| self.forms.get(&canonical(half)));
                let first = halves.next()??;
                if !halves.all(|other| other == Some(first)) {
                    return None;
                }
                *first
            }
        };
        let declared = &self.shared[index];
        let written = loose(value);
        declared
            .iter()
            .find(|form| loose(&form.label) == written)
            .or_else(|| declared.first())
    }

    /// The labels, for messages: "Administrateur, Directeur, …".
    pub(super) fn labels(&self) -> String {
        let labels: Vec<&str> = self.profiles.iter().map(|p| p.label.as_str()).collect();
        labels.join(", ")
    }
}

/// A form compared with the declared ones: without case or accents, with
/// spaces made one and the dots of inclusive writing made one
/// (`salarié.e` is `Salarié·e`), but keeping what tells the forms apart
/// (`Salarié(e)` is not `Salariée`).
fn loose(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.nfkd().filter(|c| !is_combining_mark(*c)) {
            match c {
                '·' | '•' | '‧' | '⋅' | '.' => out.push('·'),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

/// The canonical form of a profile name: inclusive endings and parentheses
/// removed, words folded and reduced to a masculine singular stem.
fn canonical(name: &str) -> String {
    let mut without_parentheses = String::with_capacity(name.len());
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => without_parentheses.push(c),
            _ => {}
        }
    }
    let mut words = Vec::new();
    for word in without_parentheses.split_whitespace() {
        let word = cut_inclusive_ending(word);
        for part in word.split(|c: char| !c.is_alphanumeric()) {
            let part = stem(&fold(part));
            if !part.is_empty() {
                words.push(part);
            }
        }
    }
    words.join(" ")
}

/// `salarié·e` → `salarié`; `directeur-rice` → `directeur`; `co-directeur` stays.
fn cut_inclusive_ending(word: &str) -> &str {
    for (at, separator) in word.char_indices() {
        if !INCLUSIVE_SEPARATORS.contains(&separator) || at == 0 {
            continue;
        }
        let mut rest = &word[at + separator.len_utf8()..];
        // "salarié.e.s": several endings in a row.
        loop {
            // A separator may be more than one byte (`·`).
            let (ending, tail) = match rest
                .char_indices()
                .find(|(_, c)| INCLUSIVE_SEPARATORS.contains(c))
            {
                Some((next, c)) => (&rest[..next], &rest[next + c.len_utf8()..]),
                None => (rest, ""),
            };
            if !INCLUSIVE_ENDINGS.contains(&fold(ending).as_str()) {
                break;
            }
            if tail.is_empty() {
                return &word[..at];
            }
            rest = tail;
        }
    }
    word
}

/// A folded word reduced to its masculine singular stem, the same for
/// `invité`, `invitée`, `invités`: plural `s`, feminine `trice`/`euse`/`ère`
/// and final `e`s are dropped.
fn stem(word: &str) -> String {
    let mut word = word.to_owned();
    if word.len() > 3 && (word.ends_with('s') || word.ends_with('x')) {
        word.pop();
    }
    for (feminine, masculine) in [
        ("trice", "teur"),
        ("euse", "eur"),
        ("ere", "er"),
        ("ienne", "ien"),
    ] {
        if word.len() > feminine.len() + 1
            && let Some(base) = word.strip_suffix(feminine)
        {
            word = format!("{base}{masculine}");
            break;
        }
    }
    while word.len() > 2 && word.ends_with('e') {
        word.pop();
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::event::EventConfig;

    fn event() -> EventConfig {
        EventConfig::parse(include_str!("../../content/event.yaml")).unwrap()
    }

    #[test]
    fn feminine_inclusive_and_plural_forms_match() {
        let event = event();
        let matcher = ProfileMatcher::new(&event.profiles);
        let key = |value: &str| matcher.find(value).map(|p| p.key.as_str());
        for value in [
            "Salarié en parcours",
            "salariée en parcours",
            "Salarié(e) en parcours",
            "Salarié·e en parcours",
            "Salarié.e.s en parcours",
            "Salarié-e en parcours",
            "SALARIÉS EN PARCOURS",
            "salarie-parcours",
            "En parcours",
        ] {
            assert_eq!(key(value), Some("salarie-parcours"), "{value}");
        }
        assert_eq!(key("Invitée"), Some("invite"));
        assert_eq!(key("invité·es"), Some("invite"));
        assert_eq!(key("Directrice"), Some("directeur"));
        assert_eq!(key("Directeur·rice"), Some("directeur"));
        assert_eq!(key("Directeur / Directrice"), Some("directeur"));
        assert_eq!(key("directeur.trice"), Some("directeur"));
        assert_eq!(key("Administratrice"), Some("administrateur"));
        assert_eq!(key("Bénévole"), Some("administrateur"));
        assert_eq!(key("Salariée permanente"), Some("salarie-permanent"));
        assert_eq!(key("Intervenante"), Some("intervenant"));
        assert_eq!(key("Animatrice"), Some("intervenant"));
        assert_eq!(key("Dirigeante"), Some("directeur"));
    }

    #[test]
    fn the_declared_form_written_is_the_one_printed() {
        let event = event();
        let matcher = ProfileMatcher::new(&event.profiles);
        let printed = |value: &str| {
            matcher
                .find(value)
                .map(|p| (p.label.as_str(), p.event_label.as_str()))
        };
        assert_eq!(printed("Directrice"), Some(("Directrice", "Directeur")));
        assert_eq!(printed("  directrice "), Some(("Directrice", "Directeur")));
        assert_eq!(
            printed("Intervenante"),
            Some(("Intervenante", "Intervenant"))
        );
        assert_eq!(
            printed("salariee en parcours"),
            Some(("Salariée en parcours", "Salarié en parcours"))
        );
        assert_eq!(
            printed("Salarié.e en parcours"),
            Some(("Salarié·e en parcours", "Salarié en parcours"))
        );
        assert_eq!(
            printed("Salarié(e) en parcours"),
            Some(("Salarié(e) en parcours", "Salarié en parcours"))
        );
        assert_eq!(printed("Bénévole"), Some(("Bénévole", "Administrateur")));
        // Forms no one declared print the label.
        assert_eq!(
            printed("SALARIÉS EN PARCOURS"),
            Some(("Salarié en parcours", "Salarié en parcours"))
        );
        assert_eq!(
            printed("salarie-parcours"),
            Some(("Salarié en parcours", "Salarié en parcours"))
        );
        assert_eq!(
            printed("Directeur / Directrice"),
            Some(("Directeur", "Directeur"))
        );
        // One copy per declared form, shared by the participants.
        assert!(Arc::ptr_eq(
            matcher.find("Directrice").unwrap(),
            matcher.find("DIRECTRICE").unwrap()
        ));
    }

    #[test]
    fn other_values_do_not_match() {
        let event = event();
        let matcher = ProfileMatcher::new(&event.profiles);
        for value in [
            "Stagiaire",
            "Salarié",
            "Directeur / Invité",
            "Co-directeur",
            "parcours",
        ] {
            assert_eq!(matcher.find(value).map(|p| &p.key), None, "{value}");
        }
        assert_eq!(
            matcher.labels(),
            "Administrateur, Directeur, Salarié permanent, Salarié en parcours, Invité, Intervenant"
        );
    }
}
