//! Sending: each message handed to the server, journaled as it is
//! accepted, at a polite rate.

use std::fmt::Write as _;
use std::thread;
use std::time::Instant;

use super::journal::{Journal, Letter, Record, Status};
use super::send::{Delivery, Smtp, Step};
use super::summary::seconds;
use super::{Decided, Outgoing, REFUSALS_IN_A_ROW, Run, Told};
use crate::error::Error;
use crate::locale::Language;
use crate::say;

impl Run<'_> {
    /// Sends each message, journaled and throttled, and prints the summary.
    pub(super) fn send(
        &mut self,
        smtp: &mut Smtp,
        mut journal: Journal,
        decided: &Decided<'_>,
        told: &mut dyn Told,
    ) -> Result<(), Error> {
        let language = self.language;
        let total = decided.outgoing.len();
        if total > 0 {
            told.progress(&say!(
                language,
                "mail-sending",
                count = total,
                server = smtp.shown(),
                rate = self.config.per_minute,
                journal = journal.path().display().to_string()
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
                    told.progress(&say!(
                        language,
                        "mail-try-again",
                        progress = &progress,
                        reply = reply,
                        delay = seconds(delay),
                        attempt = attempt
                    ));
                });
            match delivery {
                Delivery::Accepted(reply) => {
                    journal.append(record(Status::Sent, Some(reply)))?;
                    told.progress(&say!(
                        language,
                        "mail-sent-to",
                        progress = &progress,
                        to = item.to.to_string()
                    ));
                    sent += 1;
                    refusals_in_a_row = 0;
                }
                Delivery::Refused(reply) => {
                    journal.append(record(Status::Refused, Some(reply.clone())))?;
                    told.progress(&say!(
                        language,
                        "mail-refused",
                        progress = &progress,
                        reply = &reply
                    ));
                    refused.push((item, reply));
                    refusals_in_a_row += 1;
                }
                Delivery::Failed(reply) => {
                    journal.append(record(Status::Failed, Some(reply.clone())))?;
                    told.progress(&say!(
                        language,
                        "mail-failed",
                        progress = &progress,
                        reply = &reply
                    ));
                    failed.push((item, reply));
                }
                Delivery::Unanswered(what) => {
                    // No record: the `sending` one stays, and the next run
                    // sends it again with the same Message-ID.
                    told.progress(&say!(
                        language,
                        "mail-unanswered",
                        progress = &progress,
                        what = &what
                    ));
                    unanswered += 1;
                }
                Delivery::Stop(stop) => {
                    journal.append(record(Status::Failed, Some(stop.reply.clone())))?;
                    told.progress(&say!(
                        language,
                        "mail-stopped-at",
                        progress = &progress,
                        step = step_words(stop.step, language),
                        reply = &stop.reply
                    ));
                    stopped = Some(stop);
                    break;
                }
            }
            told.settled(index + 1, total);
        }

        let mut out = String::new();
        let shown_journal = journal.path().display().to_string();
        if total == 0 {
            let line = say!(language, "mail-nothing-to-send", journal = &shown_journal);
            let _ = writeln!(out, "{line}");
        } else {
            let line = say!(
                language,
                "mail-sent-through",
                server = smtp.shown(),
                sent = sent,
                count = total,
                journal = &shown_journal
            );
            let _ = writeln!(out, "\n{line}");
        }
        let reply_line = |item: &Outgoing<'_>, reply: &String| {
            say!(
                language,
                "mail-reply-line",
                id = &item.matched.participant.id,
                to = item.to.to_string(),
                reply = reply
            )
        };
        if !refused.is_empty() {
            let line = say!(language, "mail-refused-list", count = refused.len());
            let _ = writeln!(out, "{line}");
            for (item, reply) in &refused {
                let _ = writeln!(out, "  {}", reply_line(item, reply));
            }
        }
        if !failed.is_empty() {
            let line = say!(language, "mail-failed-list", count = failed.len());
            let _ = writeln!(out, "{line}");
            for (item, reply) in &failed {
                let _ = writeln!(out, "  {}", reply_line(item, reply));
            }
        }
        let left = total - sent - refused.len() - failed.len() - unanswered;
        if left > 0 {
            let _ = writeln!(out, "{}", say!(language, "mail-not-sent-yet", count = left));
        }
        told.summary(&out);

        if let Some(stop) = stopped {
            return Err(Error::Input {
                file: smtp.shown().to_owned(),
                message: say!(
                    language,
                    "mail-stopped",
                    step = step_words(stop.step, language),
                    reply = &stop.reply
                ),
                hint: stop.hint(),
            });
        }
        if left > 0 {
            return Err(Error::Input {
                file: smtp.shown().to_owned(),
                message: say!(
                    language,
                    "mail-refusals-in-a-row",
                    count = REFUSALS_IN_A_ROW
                ),
                hint: say!(language, "mail-refusals-in-a-row-hint"),
            });
        }
        if unanswered > 0 {
            return Err(Error::Input {
                file: smtp.shown().to_owned(),
                message: say!(language, "mail-unanswered-error", count = unanswered),
                hint: say!(language, "mail-unanswered-hint"),
            });
        }
        let undelivered = refused.len() + failed.len() + decided.refused.len();
        if undelivered > 0 {
            return Err(Error::Input {
                file: journal.path().display().to_string(),
                message: say!(language, "mail-undelivered", count = undelivered),
                hint: say!(language, "mail-undelivered-hint"),
            });
        }
        Ok(())
    }
}

/// The step a send stopped at, as its messages say it.
fn step_words(step: Step, language: Language) -> String {
    let step = match step {
        Step::Connect => "connect",
        Step::Login => "login",
        Step::Mail => "mail",
        Step::Rcpt => "rcpt",
        Step::Data => "data",
    };
    say!(language, "mail-step", step = step)
}
