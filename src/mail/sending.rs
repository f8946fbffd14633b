//! Sending: each message handed to the server, journaled as it is
//! accepted, at a polite rate.

use std::fmt::Write as _;
use std::thread;
use std::time::Instant;

use super::journal::{Journal, Letter, Record, Status};
use super::send::{Delivery, Smtp};
use super::summary::{plural, seconds};
use super::{Decided, Outgoing, REFUSALS_IN_A_ROW, Run, Told};
use crate::error::Error;

impl Run<'_> {
    /// Sends each message, journaled and throttled, and prints the summary.
    pub(super) fn send(
        &mut self,
        smtp: &mut Smtp,
        mut journal: Journal,
        decided: &Decided<'_>,
        told: &mut dyn Told,
    ) -> Result<(), Error> {
        let total = decided.outgoing.len();
        if total > 0 {
            told.progress(&format!(
                "sending {total} {} through {}, at most {} a minute; journal: {}",
                plural(total, "message", "messages"),
                smtp.shown(),
                self.config.per_minute,
                journal.path().display()
            ));
        }
        told.settled(0, total);
        let mut sent = 0;
        let mut refused: Vec<(&Outgoing<'_>, String)> = Vec::new();
        let mut failed: Vec<(&Outgoing<'_>, String)> = Vec::new();
        let mut unanswered = 0;
        let mut stopped = None;
        let mut refusals_in_a_row = 0;
        let mut last_start: Option<Instant> = None;
        for (index, item) in decided.outgoing.iter().enumerate() {
            if refusals_in_a_row >= REFUSALS_IN_A_ROW {
                break;
            }
            if let Some(start) = last_start {
                thread::sleep(self.config.interval.saturating_sub(start.elapsed()));
            }
            last_start = Some(Instant::now());
            let id = item.matched.participant.id.as_str();
            let sha = item.matched.booklet.sha256.as_str();
            let address = item.matched.address.as_str();
            let message = self.build(item)?;
            let bytes = message.formatted();
            let participant = item.matched.participant;
            let letter = Letter {
                id,
                first_name: &participant.first_name,
                last_name: &participant.last_name,
                to: address,
                sha256: sha,
                data: Some(&item.matched.data),
            };
            let record = |status, reply| Record::now(status, &letter, &item.message_id, reply);
            journal.append(record(Status::Sending, None))?;
            let progress = format!("[{}/{total}] {id}", index + 1);
            let delivery =
                smtp.deliver(message.envelope(), &bytes, &mut |attempt, reply, delay| {
                    told.progress(&format!(
                        "{progress}: {reply}; trying again in {} (try {attempt})",
                        seconds(delay)
                    ));
                });
            match delivery {
                Delivery::Accepted(reply) => {
                    journal.append(record(Status::Sent, Some(reply)))?;
                    told.progress(&format!("{progress}: sent to {}", item.to));
                    sent += 1;
                    refusals_in_a_row = 0;
                }
                Delivery::Refused(reply) => {
                    journal.append(record(Status::Refused, Some(reply.clone())))?;
                    told.progress(&format!("{progress}: refused by the server: {reply}"));
                    refused.push((item, reply));
                    refusals_in_a_row += 1;
                }
                Delivery::Failed(reply) => {
                    journal.append(record(Status::Failed, Some(reply.clone())))?;
                    told.progress(&format!(
                        "{progress}: not sent, the server kept failing: {reply}"
                    ));
                    failed.push((item, reply));
                }
                Delivery::Unanswered(what) => {
                    // No record: the `sending` one stays, and the next run
                    // sends it again with the same Message-ID.
                    told.progress(&format!(
                        "{progress}: no answer after the message was sent ({what}); it may \
                         have arrived: a rerun sends it again with the same Message-ID"
                    ));
                    unanswered += 1;
                }
                Delivery::Stop(stop) => {
                    journal.append(record(Status::Failed, Some(stop.reply.clone())))?;
                    told.progress(&format!(
                        "{progress}: not sent, stopped {}: {}",
                        stop.step, stop.reply
                    ));
                    stopped = Some(stop);
                    break;
                }
            }
            told.settled(index + 1, total);
        }

        let mut out = String::new();
        if total == 0 {
            let _ = writeln!(
                out,
                "Nothing to send (journal: {}).",
                journal.path().display()
            );
        } else {
            let _ = writeln!(
                out,
                "\nSent through {}: {sent} of {total} {} (journal: {}).",
                smtp.shown(),
                plural(total, "message", "messages"),
                journal.path().display()
            );
        }
        if !refused.is_empty() {
            let _ = writeln!(out, "Refused by the server ({}):", refused.len());
            for (item, reply) in &refused {
                let _ = writeln!(
                    out,
                    "  {} {}: {reply}",
                    item.matched.participant.id, item.to
                );
            }
        }
        if !failed.is_empty() {
            let _ = writeln!(
                out,
                "Not sent after repeated temporary failures ({}); a rerun tries them again:",
                failed.len()
            );
            for (item, reply) in &failed {
                let _ = writeln!(
                    out,
                    "  {} {}: {reply}",
                    item.matched.participant.id, item.to
                );
            }
        }
        let left = total - sent - refused.len() - failed.len() - unanswered;
        if left > 0 {
            let _ = writeln!(
                out,
                "Not sent yet: {left}; rerun to send them: the journal skips what was sent."
            );
        }
        told.summary(&out);

        if let Some(stop) = stopped {
            return Err(Error::Input {
                file: smtp.shown().to_owned(),
                message: format!("stopped {}: {}", stop.step, stop.reply),
                hint: stop.hint(),
            });
        }
        if left > 0 {
            return Err(Error::Input {
                file: smtp.shown().to_owned(),
                message: format!(
                    "stopped after {REFUSALS_IN_A_ROW} refusals in a row: the server seems to \
                     refuse every message"
                ),
                hint: "read the replies above; a server that refuses mail from the sender's \
                       domain needs SPF, DKIM and DMARC set up for it (see the README)"
                    .into(),
            });
        }
        if unanswered > 0 {
            return Err(Error::Input {
                file: smtp.shown().to_owned(),
                message: format!(
                    "{unanswered} {} sent but never answered: the connection dropped or timed \
                     out before the server's reply (listed above)",
                    plural(unanswered, "message was", "messages were")
                ),
                hint: "they may have arrived: a rerun sends them again with the same \
                       Message-ID, by which a copy can be recognised"
                    .into(),
            });
        }
        let undelivered = refused.len() + failed.len() + decided.refused.len();
        if undelivered > 0 {
            return Err(Error::Input {
                file: journal.path().display().to_string(),
                message: format!(
                    "{undelivered} {} not delivered (listed above)",
                    plural(undelivered, "message was", "messages were")
                ),
                hint: "correct refused addresses in the roster, rebuild the pack and rerun (or \
                       use --resend ID); rerun later for temporary failures"
                    .into(),
            });
        }
        Ok(())
    }
}
