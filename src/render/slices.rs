//! Long documents made in the slices the plan cut them into
//! ([`crate::plan::slices`]), and joined as they come.
//!
//! Each slice's data is made when the slice is compiled, so that a list of
//! thousands is never all written out at once; the slices' pages are
//! joined into one PDF spooled to a temporary file. Should they not join
//! (two PDF standards, a structure the PDF layer does not merge), the
//! document is made whole, with a note in the report.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::error::Error;
use crate::plan::{Data, Document, Kind, People, Slice};
use carnet_pdf::concat::{Concat, JoinError};

use super::engine::{Compiled, Job};
use super::{Pdf, Rendered, Renderer, job_with, spool_error};

/// A document listing participants, and the slices it is made in.
pub(super) struct Sliced<'d> {
    pub(super) document: &'d Document<'d>,
    /// Its list, when it has files of their own (QR codes).
    people: Option<&'d People<'d>>,
}

impl<'d> Sliced<'d> {
    /// A document listing participants (or visitors) and cut into slices;
    /// `None` for another.
    pub(super) fn new(document: &'d Document<'d>) -> Option<Self> {
        if document.slices.is_empty() {
            return None;
        }
        match &document.data {
            Data::People(people) => Some(Self {
                document,
                people: Some(people),
            }),
            Data::Visit { .. } => Some(Self {
                document,
                people: None,
            }),
            Data::Json(_) | Data::Participant(_) => None,
        }
    }

    /// Its slices, in order.
    pub(super) fn slices(&self) -> &'d [Slice] {
        &self.document.slices
    }

    /// The compile job of a slice: the data with the slice's participants
    /// and fields, and the files (QR codes) of those participants only,
    /// made now.
    pub(super) fn job(&self, slice: &Slice) -> Job<'d> {
        let files = self
            .people
            .map(|people| people.files(slice.people.clone()))
            .unwrap_or_default();
        let data = self
            .document
            .data
            .slice_json(slice.people.clone(), &slice.fields);
        job_with(self.document, data, files)
    }
}

/// The slices of a long document joined as they come, with what Typst said
/// of them.
pub(super) struct Joining {
    concat: Concat,
    warnings: Vec<String>,
    metadata: HashMap<String, Vec<serde_json::Value>>,
    /// The standard the first slice meets; every slice must meet it.
    standard: Option<Option<&'static str>>,
    /// Why the slices cannot be joined, if they cannot.
    failed: Option<String>,
    /// The metadata label by which the first slice says that the template
    /// makes the document in slices, for a document whose template an
    /// event folder may hold in an earlier form that does not (a grid).
    sign: Option<&'static str>,
}

/// The label by which a grid says that it lists a large visit's visitors
/// after its questions, as its slices ask (`<carnet-visitor-list>`).
pub(super) const VISITOR_LIST: &str = "visitor-list";

/// The label by which each page of a slice holding several sessions says
/// which it is of, as the session's index (`<carnet-session>`).
pub(super) const SESSION: &str = "session";

impl Joining {
    /// Nothing joined yet of `document`; it is written to a temporary file.
    pub(super) fn new(document: &Document) -> Result<Self, Error> {
        let spool = tempfile::tempfile().map_err(spool_error)?;
        let rows = tempfile::tempfile().map_err(spool_error)?;
        Ok(Self {
            concat: Concat::new(spool, rows),
            warnings: Vec::new(),
            metadata: HashMap::new(),
            standard: None,
            failed: None,
            sign: matches!(document.kind, Kind::Grid(_)).then_some(VISITOR_LIST),
        })
    }

    /// Adds the next slice, made of `slice`.
    pub(super) fn add(&mut self, mut output: Compiled, slice: &Slice) -> Result<(), Error> {
        if self.failed.is_some() {
            return Ok(());
        }
        let sessions = output.metadata.remove(SESSION).unwrap_or_default();
        let places = if slice.by_session {
            let places: Option<Vec<u64>> = sessions.iter().map(|v| v.as_u64()).collect();
            match places {
                Some(places) if places.len() == output.pages => Some(places),
                _ => {
                    self.failed = Some(format!(
                        "its template does not say on each page which session it is of \
                         (it has {} <carnet-{SESSION}> for {} pages)",
                        sessions.len(),
                        output.pages
                    ));
                    return Ok(());
                }
            }
        } else {
            None
        };
        if let Some(sign) = self.sign.take() {
            let signed = output.metadata.remove(sign).unwrap_or_default();
            if signed.first() != Some(&serde_json::Value::Bool(true)) {
                self.failed = Some(format!(
                    "its template does not list a large visit's visitors after the grid \
                     (it has no <carnet-{sign}>)"
                ));
                return Ok(());
            }
        }
        if *self.standard.get_or_insert(output.standard) != output.standard {
            self.failed = Some("its slices meet different PDF standards".into());
            return Ok(());
        }
        let added = match &places {
            Some(places) => self.concat.add_placed(&output.pdf, places),
            None => self.concat.add(&output.pdf),
        };
        match added {
            Ok(()) => {}
            Err(JoinError::Unsupported(why)) => {
                self.failed = Some(why.to_string());
                return Ok(());
            }
            Err(JoinError::Io(error)) => return Err(spool_error(error)),
        }
        for warning in output.warnings {
            if !self.warnings.contains(&warning) {
                self.warnings.push(warning);
            }
        }
        for (name, values) in output.metadata {
            self.metadata.entry(name).or_default().extend(values);
        }
        Ok(())
    }

    /// The joined document; made whole when its slices cannot be joined.
    pub(super) fn finish<'p>(
        self,
        renderer: &Renderer,
        document: &'p Document,
    ) -> Result<Rendered<'p>, Error> {
        let whole = |why: String| {
            let output = renderer.whole_because(document, "takes more memory", why)?;
            Ok(Rendered::new(Cow::Borrowed(document), output, None))
        };
        if let Some(why) = self.failed {
            return whole(why);
        }
        let pages = self.concat.pages();
        match self.concat.finish() {
            Ok(spooled) => Ok(Rendered {
                document: Cow::Borrowed(document),
                pdf: Pdf::Spooled(spooled),
                pages,
                standard: self.standard.flatten(),
                warnings: self.warnings,
                metadata: self.metadata,
                joined: None,
            }),
            Err(JoinError::Unsupported(why)) => whole(why.to_string()),
            Err(JoinError::Io(error)) => Err(spool_error(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::project::Project;
    use crate::participant::Participant;
    use crate::plan::{Kind, Plan};
    use crate::render::engine;
    use crate::roster;

    /// Each slice of a long badge list holds its participants only, and the
    /// QR codes of those only.
    #[test]
    fn slices_hold_their_own_participants_and_qr_codes() {
        let mut project = Project::load(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        project.event.badges.qr = Some(crate::load::options::Qr::Id);
        let sample = roster::read(
            &project.file("content/participants.xlsx").unwrap().bytes,
            "participants.xlsx",
            &roster::RosterOptions::default(),
            &project.event.profiles,
        )
        .unwrap()
        .participants;
        let people: Vec<Participant> = (0..250)
            .map(|i| Participant {
                id: format!("Q{i:04}"),
                ..sample[i % sample.len()].clone()
            })
            .collect();
        let plan = Plan::new(&people, &project.event, &Default::default());
        let badges = plan
            .documents
            .iter()
            .find(|d| d.kind == Kind::Badges)
            .unwrap();
        let Data::People(list) = &badges.data else {
            panic!("badges list participants")
        };
        assert!(
            list.list.iter().all(|person| person.qr.is_some()),
            "every participant has a QR code"
        );
        let sliced = Sliced::new(badges).expect("250 badges are made in slices");
        assert!(sliced.slices().len() > 1);

        let mut seen = Vec::new();
        for slice in sliced.slices() {
            let job = sliced.job(slice);
            let data: serde_json::Value = serde_json::from_slice(job.data.as_slice()).unwrap();
            let field = |name: &str| -> Vec<String> {
                let list = data["participants"].as_array().unwrap();
                list.iter()
                    .map(|p| p[name].as_str().unwrap().to_owned())
                    .collect()
            };
            let ids = field("id");
            let files: Vec<_> = field("qr")
                .iter()
                .map(|path| engine::file_id(path))
                .collect();
            assert_eq!(job.extra.len(), ids.len(), "one QR code per badge");
            assert!(job.extra.iter().all(|(id, _)| files.contains(id)));
            assert!(data["options"].is_object(), "the other fields are kept");
            seen.extend(ids);
        }
        let mut all: Vec<String> = people.iter().map(|p| p.id.clone()).collect();
        all.sort();
        seen.sort();
        assert_eq!(seen, all, "every participant in one slice");
    }
}
