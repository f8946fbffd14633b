//! The summary a run prints: who gets what, who has no address, what is
//! unchanged since sent, which messages are heavy.

use std::fmt::Write as _;
use std::time::Duration;

use super::{Decided, MB, Outgoing, Unchanged, recipients};
use crate::locale::Language;
use crate::say;

/// Participants without an email, booklets missing or not theirs.
pub(super) fn describe_matching(
    out: &mut String,
    matching: &recipients::Matching<'_>,
    language: Language,
) {
    if !matching.without_email.is_empty() {
        let count = matching.without_email.len();
        let _ = writeln!(
            out,
            "{}",
            say!(language, "mail-without-email", count = count)
        );
        for participant in &matching.without_email {
            let _ = writeln!(out, "  {} {}", participant.id, participant.full_name());
        }
    }
    if !matching.stale.is_empty() {
        let _ = writeln!(out, "{}", say!(language, "mail-stale-pack"));
        for (participant, problem) in &matching.stale {
            let line = say!(
                language,
                "mail-person-problem",
                id = &participant.id,
                name = participant.full_name(),
                problem = problem
            );
            let _ = writeln!(out, "  {line}");
        }
    }
    if !matching.orphans.is_empty() {
        let _ = writeln!(out, "{}", say!(language, "mail-orphans"));
        for booklet in &matching.orphans {
            let _ = writeln!(out, "  {} ({})", booklet.id, booklet.file);
        }
    }
}

/// The participants a supplement pack left out, whose booklet was sent.
pub(super) fn describe_unchanged(
    out: &mut String,
    unchanged: &[Unchanged<'_>],
    language: Language,
) {
    let (same, changed): (Vec<&Unchanged<'_>>, Vec<&Unchanged<'_>>) =
        unchanged.iter().partition(|u| u.same);
    if !same.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            say!(language, "mail-unchanged", count = same.len())
        );
        if same.len() <= 10 {
            for item in same {
                let line = say!(
                    language,
                    "mail-unchanged-person",
                    id = &item.participant.id,
                    name = item.participant.full_name(),
                    time = &item.record.time
                );
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    for item in changed {
        let line = say!(
            language,
            "mail-changed-absent",
            id = &item.participant.id,
            name = item.participant.full_name(),
            time = &item.record.time
        );
        let _ = writeln!(out, "{line}");
    }
}

/// What the journal says about the participants this run leaves out.
pub(super) fn describe_journal(out: &mut String, decided: &Decided<'_>, language: Language) {
    if !decided.sent.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            say!(language, "mail-already-sent", count = decided.sent.len())
        );
        for skipped in &decided.sent {
            if skipped.record.id != skipped.matched.participant.id {
                let line = say!(
                    language,
                    "mail-sent-under-id",
                    id = &skipped.matched.participant.id,
                    name = skipped.matched.participant.full_name(),
                    time = &skipped.record.time,
                    was = &skipped.record.id
                );
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    for skipped in &decided.changed {
        let id = &skipped.matched.participant.id;
        let name = skipped.matched.participant.full_name();
        let time = &skipped.record.time;
        let line = match skipped.record.id == *id {
            true => say!(language, "mail-changed", id = id, name = name, time = time),
            false => say!(
                language,
                "mail-changed-under-id",
                id = id,
                name = name,
                time = time,
                was = &skipped.record.id
            ),
        };
        let _ = writeln!(out, "{line}");
    }
    for skipped in &decided.refused {
        let reply = match &skipped.record.reply {
            Some(reply) => reply.clone(),
            None => say!(language, "mail-no-reply"),
        };
        let line = say!(
            language,
            "mail-refused-before",
            id = &skipped.matched.participant.id,
            name = skipped.matched.participant.full_name(),
            to = &skipped.record.to,
            time = &skipped.record.time,
            reply = reply
        );
        let _ = writeln!(out, "{line}");
    }
}

/// Total and largest attachments, and a warning for each heavy message.
pub(super) fn describe_sizes(
    out: &mut String,
    outgoing: &[Outgoing<'_>],
    max_size: u64,
    language: Language,
) {
    let Some(largest) = outgoing.iter().max_by_key(|o| o.size) else {
        return;
    };
    let total: u64 = outgoing.iter().map(|o| o.size).sum();
    let line = say!(
        language,
        "mail-attachments",
        total = megabytes(total, language),
        largest = megabytes(largest.size, language),
        id = &largest.matched.participant.id,
        name = largest.matched.participant.full_name()
    );
    let _ = writeln!(out, "{line}");
    for item in outgoing.iter().filter(|o| o.size > max_size) {
        let line = say!(
            language,
            "mail-heavy",
            id = &item.matched.participant.id,
            name = item.matched.participant.full_name(),
            size = megabytes(item.size, language),
            max = megabytes(max_size, language)
        );
        let _ = writeln!(out, "{line}");
    }
}

/// A participant id as it may appear in a Message-ID: as it is when made
/// of letters, digits, `-`, `_` and `.` (and not too long for a header),
/// else slugified.
pub(super) fn safe_id(id: &str) -> String {
    let plain = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain
        && !id.is_empty()
        && id.len() <= crate::names::MAX_KEY_BYTES
        && !id.starts_with('.')
        && !id.ends_with('.')
        && !id.contains("..")
    {
        return id.to_owned();
    }
    match crate::names::slug(id, crate::names::MAX_KEY_BYTES) {
        slug if slug.is_empty() => "participant".to_owned(),
        slug => slug,
    }
}

/// A size in MB, two decimals (a decimal comma in French).
pub(super) fn megabytes(bytes: u64, language: Language) -> String {
    let size = format!("{:.2}", bytes as f64 / MB);
    let size = match language {
        Language::French => size.replace('.', ","),
        Language::English => size,
    };
    say!(language, "mail-megabytes", size = size)
}

pub(super) fn seconds(duration: Duration) -> String {
    match duration.as_millis() {
        ms @ 0..1000 => format!("{ms} ms"),
        _ => format!("{:.0} s", duration.as_secs_f64()),
    }
}
