//! What to send to each matched participant, from the journal, and each
//! message rendered before anything goes.

use std::collections::BTreeMap;

use super::journal::{Journal, Standing};
use super::message::{self, Attachment};
use super::recipients::Matched;
use super::{Decided, Outgoing, Run, Skipped};
use crate::error::Error;
use crate::say;

impl Run<'_> {
    /// Decides, from the journal, what to send to each matched participant,
    /// and renders every message that goes, so that a template error shows
    /// before anything is sent.
    pub(super) fn decide<'p>(
        &mut self,
        journal: &Journal,
        successors: &BTreeMap<String, &str>,
        matched: Vec<Matched<'p>>,
    ) -> Result<Decided<'p>, Error> {
        let language = self.language;
        let domain = self.sender.domain();
        let grid_size = self.grid.as_ref().map_or(0, |g| g.bytes.len() as u64);
        let mut decided = Decided::default();
        for matched in matched {
            let id = matched.participant.id.as_str();
            let sha = matched.booklet.sha256.as_str();
            let resend = self.config.resend.contains(id);
            let fresh = |times: usize| message::message_id(id, sha, &domain, times);
            // A participant whose id changed with a correction: their history.
            let history = successors.get(id).copied().unwrap_or(id);
            let (message_id, again) = match journal.standing(history, sha, &matched.address) {
                Standing::New => (fresh(0), None),
                Standing::Pending(record) => (
                    record.message_id.clone(),
                    Some(say!(language, "mail-again-pending", time = &record.time)),
                ),
                Standing::Failed(record) => (
                    record.message_id.clone(),
                    Some(say!(language, "mail-again-failed", time = &record.time)),
                ),
                Standing::Sent(_) if resend => (
                    fresh(journal.times_sent(id, sha)),
                    Some(say!(language, "mail-again-resend-new")),
                ),
                Standing::Refused(_) | Standing::Changed(_) if resend => (
                    fresh(journal.times_sent(id, sha)),
                    Some(say!(language, "mail-again-resend")),
                ),
                Standing::NewAddress(record) => (
                    fresh(journal.times_sent(id, sha)),
                    Some(say!(
                        language,
                        "mail-again-new-address",
                        to = &record.to,
                        time = &record.time
                    )),
                ),
                Standing::Sent(record) => {
                    let record = record.clone();
                    decided.sent.push(Skipped { matched, record });
                    continue;
                }
                Standing::Refused(record) => {
                    let record = record.clone();
                    decided.refused.push(Skipped { matched, record });
                    continue;
                }
                Standing::Changed(record) => {
                    let record = record.clone();
                    decided.changed.push(Skipped { matched, record });
                    continue;
                }
            };
            let to = message::recipient(matched.participant, &matched.address).map_err(|e| {
                Error::Input {
                    file: self.roster_file.to_owned(),
                    message: say!(
                        language,
                        "mail-bad-address",
                        id = id,
                        problem = e.to_string()
                    ),
                    hint: say!(language, "mail-bad-address-hint"),
                }
            })?;
            let rendered = self.templates.render(matched.participant, self.event)?;
            let size = self.pack.size(&matched.booklet.file).unwrap_or(0) + grid_size;
            decided.outgoing.push(Outgoing {
                matched,
                to,
                message_id,
                again,
                rendered,
                size,
            });
        }
        Ok(decided)
    }

    /// The message for one participant, booklet read from the pack.
    pub(super) fn build(&mut self, item: &Outgoing<'_>) -> Result<lettre::Message, Error> {
        let attachments = self.attachments(item)?;
        self.message(item, attachments)
    }

    /// What goes with one participant's message: their booklet, read from
    /// the pack, and the blank grid when `mail.attach_grid`.
    pub(super) fn attachments(&mut self, item: &Outgoing<'_>) -> Result<Vec<Attachment>, Error> {
        let booklet = &item.matched.booklet;
        let mut attachments = vec![Attachment {
            name: booklet.file_name().to_owned(),
            bytes: self.pack.booklet(booklet)?,
        }];
        attachments.extend(self.grid.clone());
        Ok(attachments)
    }

    /// One participant's message with these attachments.
    pub(super) fn message(
        &self,
        item: &Outgoing<'_>,
        attachments: Vec<Attachment>,
    ) -> Result<lettre::Message, Error> {
        let booklet = &item.matched.booklet;
        message::build(
            &self.sender,
            item.to.clone(),
            &item.message_id,
            &item.rendered,
            attachments,
        )
        .map_err(|e| Error::Input {
            file: self.roster_file.to_owned(),
            message: say!(
                self.language,
                "mail-unbuildable",
                id = &booklet.id,
                problem = e.to_string()
            ),
            hint: say!(self.language, "mail-unbuildable-hint"),
        })
    }
}
