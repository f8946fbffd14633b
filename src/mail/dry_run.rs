//! A dry run: each message written to the outbox to open and check.

use std::fmt::Write as _;

use super::send;
use super::{Decided, Reviewed, Run, Told};
use crate::error::Error;
use crate::say;

impl Run<'_> {
    /// Writes each message to the outbox and prints the summary.
    pub(super) fn dry_run(
        &mut self,
        decided: &Decided<'_>,
        notes: String,
        told: &mut dyn Told,
    ) -> Result<(), Error> {
        let outbox = self.outbox.clone();
        let ids = decided
            .outgoing
            .iter()
            .map(|o| &o.matched)
            .chain(decided.sent.iter().map(|s| &s.matched))
            .chain(decided.refused.iter().map(|s| &s.matched))
            .chain(decided.changed.iter().map(|s| &s.matched))
            .map(|m| m.participant.id.as_str());
        outbox.clear(ids)?;
        for item in &decided.outgoing {
            let attachments = self.attachments(item)?;
            let shown = attachments
                .iter()
                .map(|a| (a.name.clone(), a.bytes.len() as u64))
                .collect();
            let message = self.message(item, attachments)?;
            let participant = item.matched.participant;
            let file = outbox.write(&participant.id, &message.formatted())?;
            told.reviewed(Reviewed {
                id: participant.id.clone(),
                name: participant.full_name(),
                to: item.to.to_string(),
                again: item.again.clone(),
                from: self.sender.from.to_string(),
                subject: item.rendered.subject.clone(),
                text: item.rendered.text.clone(),
                html: item.rendered.html.is_some(),
                attachments: shown,
                file,
            });
        }
        told.notes(&notes);
        let language = self.language;
        let mut out = String::new();
        let n = decided.outgoing.len();
        if n == 0 {
            let _ = writeln!(out, "{}", say!(language, "mail-dry-nothing"));
        } else {
            let line = say!(
                language,
                "mail-dry-to-send",
                count = n,
                outbox = outbox.dir().display().to_string()
            );
            let _ = writeln!(out, "{line}");
            for item in &decided.outgoing {
                let again = item.again.as_ref().map(|a| format!(" ({a})"));
                let _ = writeln!(
                    out,
                    "  {} → {}{}",
                    item.matched.participant.id,
                    item.to,
                    again.unwrap_or_default()
                );
            }
            let from = self.sender.from.to_string();
            let _ = writeln!(out, "{}", say!(language, "mail-from", from = from));
            if let Some(reply_to) = &self.sender.reply_to {
                let address = reply_to.to_string();
                let _ = writeln!(
                    out,
                    "{}",
                    say!(language, "mail-reply-to", address = address)
                );
            }
            let subject = &decided.outgoing[0].rendered.subject;
            let _ = writeln!(out, "{}", say!(language, "mail-subject", subject = subject));
        }
        out.push_str(&notes);
        if n > 0 {
            let line = say!(
                language,
                "mail-how-to-send",
                user = send::USER_VAR,
                password = send::PASSWORD_VAR
            );
            let _ = writeln!(out, "{line}");
        }
        told.summary(&out);
        Ok(())
    }
}
