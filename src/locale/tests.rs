use std::collections::BTreeSet;

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::{ENGLISH, FRENCH, Language, Text};

/// The messages of a `.ftl` source, by id, with the arguments each uses.
fn messages(source: &str, name: &str) -> Vec<(String, BTreeSet<String>)> {
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("{name} does not parse: {errors:?}"));
    resource
        .entries()
        .filter_map(|entry| match entry {
            Entry::Message(message) => {
                let mut args = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    arguments(pattern, &mut args);
                }
                Some((message.id.name.to_owned(), args))
            }
            _ => None,
        })
        .collect()
}

fn arguments(pattern: &Pattern<&str>, args: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_arguments(expression, args);
        }
    }
}

fn expression_arguments(expression: &Expression<&str>, args: &mut BTreeSet<String>) {
    match expression {
        Expression::Inline(inline) => inline_arguments(inline, args),
        Expression::Select { selector, variants } => {
            inline_arguments(selector, args);
            for variant in variants {
                arguments(&variant.value, args);
            }
        }
    }
}

fn inline_arguments(inline: &InlineExpression<&str>, args: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            args.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => expression_arguments(expression, args),
        _ => {}
    }
}

#[test]
fn both_languages_have_the_same_messages_with_the_same_arguments() {
    let english = messages(ENGLISH, "en.ftl");
    let french = messages(FRENCH, "fr.ftl");
    let ids =
        |m: &[(String, BTreeSet<String>)]| m.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>();
    assert_eq!(
        ids(&english),
        ids(&french),
        "the same messages, in the same order"
    );
    for ((id, en), (_, fr)) in english.iter().zip(&french) {
        assert_eq!(en, fr, "{id}: the same arguments in both languages");
    }
    let unique: BTreeSet<&String> = english.iter().map(|(id, _)| id).collect();
    assert_eq!(unique.len(), english.len(), "each message once");
    assert_eq!(
        super::ids(Language::English).count(),
        english.len(),
        "ids() reads every message"
    );
}

/// Every `text!("id", name = …)` and `say!(…, "id", name = …)` of the
/// sources names a message of both files with exactly its arguments.
#[test]
fn every_message_the_code_says_exists_with_its_arguments() {
    let english = messages(ENGLISH, "en.ftl");
    let mut pending = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    let mut seen = 0;
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(
                std::fs::read_dir(&path)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path()),
            );
            continue;
        }
        if path.extension().is_none_or(|x| x != "rs")
            || path.parent().is_some_and(|p| p.ends_with("locale"))
        {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for call in source
            .split("text!(")
            .skip(1)
            .chain(source.split("say!(").skip(1))
        {
            let Some(start) = call.find('"') else {
                continue;
            };
            // say!(language, "id", …): the id is the first string
            let rest = &call[start + 1..];
            let id = &rest[..rest.find('"').unwrap()];
            if id.is_empty()
                || !call[..start]
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_:., ()\n".contains(c))
            {
                continue;
            }
            let end = matching_paren(call);
            let args: BTreeSet<String> = call[..end]
                .split(',')
                .skip_while(|part| !part.contains(id))
                .skip(1)
                .filter_map(|part| {
                    let (name, _) = part.split_once('=')?;
                    let name = name.trim();
                    name.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                        .then(|| name.to_owned())
                })
                .filter(|name| !name.is_empty())
                .collect();
            let Some((_, wanted)) = english.iter().find(|(m, _)| m == id) else {
                panic!("{}: {id} is in no .ftl file", path.display());
            };
            assert_eq!(
                &args,
                wanted,
                "{}: {id} takes these arguments",
                path.display()
            );
            seen += 1;
        }
    }
    assert!(seen > 5, "the sources were read: {seen} messages");
}

/// Where the macro call that starts at `call` (after its `(`) ends.
fn matching_paren(call: &str) -> usize {
    let mut depth = 1;
    let mut quoted = false;
    for (at, c) in call.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => {
                depth -= 1;
                if depth == 0 {
                    return at;
                }
            }
            _ => {}
        }
    }
    call.len()
}

#[test]
fn the_terminal_language_follows_the_locale_variables() {
    let locale = |vars: &'static [(&'static str, &'static str)]| {
        Language::of_locale(&move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })
    };
    assert_eq!(locale(&[("LANG", "fr_FR.UTF-8")]), Language::French);
    assert_eq!(locale(&[("LANG", "fr_CA")]), Language::French);
    assert_eq!(locale(&[("LANG", "en_GB.UTF-8")]), Language::English);
    assert_eq!(locale(&[("LANG", "C.UTF-8")]), Language::English);
    assert_eq!(locale(&[]), Language::English);
    assert_eq!(
        locale(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "C")]),
        Language::English,
        "LC_ALL first"
    );
    assert_eq!(
        locale(&[("LANG", "en_US"), ("LC_MESSAGES", "fr_BE")]),
        Language::French
    );
    assert_eq!(locale(&[("LANG", "de_DE.UTF-8")]), Language::English);
}

#[test]
fn a_message_is_said_in_each_language_with_its_plural() {
    let problems = |n: usize| crate::text!("problems-to-fix", count = n);
    assert_eq!(
        problems(1).said(Language::English),
        "1 problem to fix; nothing was written."
    );
    assert_eq!(
        problems(3).said(Language::English),
        "3 problems to fix; nothing was written."
    );
    assert_eq!(
        problems(3).said(Language::French),
        "3 problèmes à corriger ; rien n’a été écrit."
    );
    assert_eq!(
        problems(1).said(Language::French),
        "1 problème à corriger ; rien n’a été écrit."
    );
    assert_eq!(Text::from("as it is").said(Language::French), "as it is");
    assert_eq!(crate::say!(Language::French, "colon"), " : ");
}
