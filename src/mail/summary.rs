//! The summary a run prints: who gets what, who has no address, what is
//! unchanged since sent, which messages are heavy.

use std::fmt::Write as _;
use std::time::Duration;

use super::{Decided, MB, Outgoing, Unchanged, recipients};

/// Participants without an email, booklets missing or not theirs.
pub(super) fn describe_matching(out: &mut String, matching: &recipients::Matching<'_>) {
    if !matching.without_email.is_empty() {
        let _ = writeln!(
            out,
            "{} {} without an email (no message):",
            matching.without_email.len(),
            plural(matching.without_email.len(), "participant", "participants")
        );
        for participant in &matching.without_email {
            let _ = writeln!(out, "  {} {}", participant.id, participant.full_name());
        }
    }
    if !matching.stale.is_empty() {
        let _ = writeln!(
            out,
            "warning: the pack may be stale, rebuild it with `carnet build`; no message for:"
        );
        for (participant, problem) in &matching.stale {
            let _ = writeln!(
                out,
                "  {} {}: {problem}",
                participant.id,
                participant.full_name()
            );
        }
    }
    if !matching.orphans.is_empty() {
        let _ = writeln!(
            out,
            "warning: the pack has booklets for ids that are not in the roster (the pack may \
             be stale: rebuild it with `carnet build`):"
        );
        for booklet in &matching.orphans {
            let _ = writeln!(out, "  {} ({})", booklet.id, booklet.file);
        }
    }
}

/// The participants a supplement pack left out, whose booklet was sent.
pub(super) fn describe_unchanged(out: &mut String, unchanged: &[Unchanged<'_>]) {
    let (same, changed): (Vec<&Unchanged<'_>>, Vec<&Unchanged<'_>>) =
        unchanged.iter().partition(|u| u.same);
    if !same.is_empty() {
        let _ = writeln!(
            out,
            "Not in this pack, unchanged since sent: {} (the journal says so)",
            same.len()
        );
        if same.len() <= 10 {
            for item in same {
                let _ = writeln!(
                    out,
                    "  {} {}: sent on {}",
                    item.participant.id,
                    item.participant.full_name(),
                    item.record.time
                );
            }
        }
    }
    for item in changed {
        let id = &item.participant.id;
        let _ = writeln!(
            out,
            "warning: {id} {}: booklet changed since it was sent on {}, and this pack has none \
             for them: to send the new one, use --resend {id} with a pack that holds it",
            item.participant.full_name(),
            item.record.time
        );
    }
}

/// What the journal says about the participants this run leaves out.
pub(super) fn describe_journal(out: &mut String, decided: &Decided<'_>) {
    if !decided.sent.is_empty() {
        let _ = writeln!(
            out,
            "Already sent, skipped: {} (the journal says so; --resend ID sends again)",
            decided.sent.len()
        );
        for skipped in &decided.sent {
            if skipped.record.id != skipped.matched.participant.id {
                let _ = writeln!(
                    out,
                    "  {} {}: sent on {} under the id {}, before a correction of the roster",
                    skipped.matched.participant.id,
                    skipped.matched.participant.full_name(),
                    skipped.record.time,
                    skipped.record.id
                );
            }
        }
    }
    for skipped in &decided.changed {
        let id = &skipped.matched.participant.id;
        let was = match skipped.record.id == *id {
            true => String::new(),
            false => format!(" under the id {}", skipped.record.id),
        };
        let _ = writeln!(
            out,
            "warning: {id} {}: booklet changed since it was sent on {}{was}: use --resend {id} \
             to send the new one",
            skipped.matched.participant.full_name(),
            skipped.record.time,
        );
    }
    for skipped in &decided.refused {
        let _ = writeln!(
            out,
            "warning: {} {} <{}>: refused by the server on {} ({}); correct the address in \
             the roster, or use --resend {} to try again",
            skipped.matched.participant.id,
            skipped.matched.participant.full_name(),
            skipped.record.to,
            skipped.record.time,
            skipped.record.reply.as_deref().unwrap_or("no reply"),
            skipped.matched.participant.id
        );
    }
}

/// Total and largest attachments, and a warning for each heavy message.
pub(super) fn describe_sizes(out: &mut String, outgoing: &[Outgoing<'_>], max_size: u64) {
    let Some(largest) = outgoing.iter().max_by_key(|o| o.size) else {
        return;
    };
    let total: u64 = outgoing.iter().map(|o| o.size).sum();
    let _ = writeln!(
        out,
        "Attachments: {} in all; the largest {} ({} {})",
        megabytes(total),
        megabytes(largest.size),
        largest.matched.participant.id,
        largest.matched.participant.full_name()
    );
    for item in outgoing.iter().filter(|o| o.size > max_size) {
        let _ = writeln!(
            out,
            "warning: {} {}: the attachments weigh {}, over --max-size {}; base64 adds a \
             third in the message, and some servers refuse large messages",
            item.matched.participant.id,
            item.matched.participant.full_name(),
            megabytes(item.size),
            megabytes(max_size)
        );
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

pub(super) fn megabytes(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / MB)
}

pub(super) fn seconds(duration: Duration) -> String {
    match duration.as_millis() {
        ms @ 0..1000 => format!("{ms} ms"),
        _ => format!("{:.0} s", duration.as_secs_f64()),
    }
}

pub(super) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
