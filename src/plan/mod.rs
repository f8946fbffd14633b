//! Which documents to make, from the event and its participants.
//!
//! The plan is a list of [`Document`]s: a template, the data it receives and
//! the place of the PDF in the pack; then a booklet for each participant,
//! whose document is made when the booklet is. Rendering and packing only
//! follow it.

pub mod badges;
pub mod identity;
pub mod slices;
pub mod supplement;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::json;

use crate::load::event::EventConfig;
use crate::load::options::{AttendanceSort, DecidedGrids};

use crate::pack::paths;
use crate::participant::Participant;
pub use slices::Slice;

/// What a document is, for the report and the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// One participant's booklet; the index is the participant's.
    Booklet(usize),
    /// The questionnaire grid: blank, or pre-filled for a visit.
    Grid(Option<String>),
    /// The attendance sheets, one per half-day session.
    Attendance,
    /// The badge sheets.
    Badges,
    /// The page to calibrate the printer for the badges.
    Calibration,
}

/// Choices of the command line that shape the documents.
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// Badge positions to leave empty on the first sheet (a used label sheet).
    pub badge_skip: usize,
    /// Printer calibration: shift of the badge sheets, in mm.
    pub badge_offset: (Option<f64>, Option<f64>),
    /// Printer calibration: scale of the badge sheets.
    pub badge_scale: Option<f64>,
}

/// One PDF to make.
#[derive(Debug, Clone)]
pub struct Document<'p> {
    /// What it is.
    pub kind: Kind,
    /// Its path in the pack.
    pub file: String,
    /// The template that makes it.
    pub template: &'static str,
    /// The data the template receives.
    pub data: Data<'p>,
    /// A long document's slices, made one after the other and joined;
    /// none for a document made whole.
    pub slices: Vec<Slice>,
}

/// The data of a document.
#[derive(Debug, Clone)]
pub enum Data<'p> {
    /// JSON text, written with the plan.
    Json(Vec<u8>),
    /// A participant, written as JSON when their booklet is made: a plan
    /// of thousands of booklets holds no copy of their data.
    Participant(&'p Participant),
    /// A list of participants: each slice of a long document writes only
    /// its own (see [`Slice`]).
    People(People<'p>),
    /// An enterprise visit and its visitors, for its grid: `{ "visit": {
    /// "name", "visitors": [ { "first_name", "last_name", "organisation" } ] },
    /// "options": …, "list": … }`, `list` saying how a visit too large for
    /// the grid's box has its visitors listed after the grid (see
    /// [`slices::visitor_list`]).
    Visit {
        /// The enterprise visited.
        name: String,
        /// Its visitors, in roster order.
        visitors: Vec<&'p Participant>,
        /// The grids' options.
        options: DecidedGrids,
    },
}

/// The data of a document listing participants: `{ …fields, "participants":
/// [ … ] }`.
#[derive(Debug, Clone)]
pub struct People<'p> {
    /// The fields other than the list (written in the order of their names).
    pub fields: Vec<(&'static str, serde_json::Value)>,
    /// The participants, in the document's order.
    pub list: Vec<Person<'p>>,
    /// What their QR codes hold, for those who have one.
    pub qr: badges::QrContent,
}

/// A participant of a list, with the path of their QR code, if any.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Person<'p> {
    /// The participant.
    #[serde(flatten)]
    pub participant: &'p Participant,
    /// The path of their QR code, a file of the document made with the
    /// data of the slice they are in (see [`People::files`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qr: Option<String>,
}

impl People<'_> {
    /// The data as JSON text with these participants of the list only,
    /// and the fields of `set` in place of those of the same name.
    pub fn json(
        &self,
        people: std::ops::Range<usize>,
        set: &[(&'static str, serde_json::Value)],
    ) -> Vec<u8> {
        let mut fields: BTreeMap<&str, &serde_json::Value> = self
            .fields
            .iter()
            .map(|(key, value)| (*key, value))
            .collect();
        fields.extend(set.iter().map(|(key, value)| (*key, value)));
        #[derive(serde::Serialize)]
        struct Listed<'a, 'p> {
            #[serde(flatten)]
            fields: BTreeMap<&'a str, &'a serde_json::Value>,
            participants: &'a [Person<'p>],
        }
        serde_json::to_vec(&Listed {
            fields,
            participants: &self.list[people],
        })
        .expect("plan data is JSON")
    }

    /// The QR code images of these participants of the list, by their
    /// path: made for each slice as it is compiled, so that a long list
    /// does not hold every image at once.
    pub fn files(&self, people: std::ops::Range<usize>) -> Vec<(String, Vec<u8>)> {
        self.list[people]
            .iter()
            .filter_map(|person| {
                let path = person.qr.as_ref()?;
                let svg = badges::qr_code(person.participant, self.qr)?;
                Some((path.clone(), svg.into_bytes()))
            })
            .collect()
    }
}

impl Data<'_> {
    /// The files the template reads beside the data (a list's QR codes);
    /// none for other data.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        match self {
            Self::People(list) => list.files(0..list.list.len()),
            _ => Vec::new(),
        }
    }

    /// The data as JSON text.
    pub fn json(&self) -> Cow<'_, [u8]> {
        match self {
            Self::Json(json) => Cow::Borrowed(json),
            Self::Participant(participant) => {
                Cow::Owned(serde_json::to_vec(participant).expect("a participant is JSON"))
            }
            Self::People(people) => Cow::Owned(people.json(0..people.list.len(), &[])),
            Self::Visit { visitors, .. } => {
                let list = slices::visitor_list(visitors.len(), 0, true);
                let set: Vec<_> = list.into_iter().map(|list| ("list", list)).collect();
                Cow::Owned(self.slice_json(0..visitors.len(), &set))
            }
        }
    }

    /// The data of a slice of a long document as JSON text: these
    /// participants of its list only (a visit's visitors), and the fields
    /// of `set` in place of those of the same name. A document without a
    /// list is written whole.
    pub fn slice_json(
        &self,
        people: std::ops::Range<usize>,
        set: &[(&'static str, serde_json::Value)],
    ) -> Vec<u8> {
        match self {
            Self::People(list) => list.json(people, set),
            Self::Visit {
                name,
                visitors,
                options,
            } => {
                #[derive(serde::Serialize)]
                struct Visitor<'a> {
                    first_name: &'a str,
                    last_name: &'a str,
                    organisation: &'a str,
                }
                #[derive(serde::Serialize)]
                struct Visit<'a> {
                    name: &'a str,
                    visitors: Vec<Visitor<'a>>,
                }
                let visitors = visitors[people]
                    .iter()
                    .map(|p| Visitor {
                        first_name: &p.first_name,
                        last_name: &p.last_name,
                        organisation: &p.organisation,
                    })
                    .collect();
                let mut fields: BTreeMap<&str, serde_json::Value> = BTreeMap::new();
                fields.insert("visit", json!(Visit { name, visitors }));
                fields.insert("options", json!(options));
                fields.extend(set.iter().map(|(key, value)| (*key, value.clone())));
                serde_json::to_vec(&fields).expect("a visit is JSON")
            }
            Self::Json(_) | Self::Participant(_) => self.json().into_owned(),
        }
    }
}

/// The documents of a pack, in pack order: the documents other than
/// booklets, then one booklet per participant.
#[derive(Debug, Clone, Default)]
pub struct Plan<'p> {
    /// The documents other than booklets, in the order they are written to
    /// the pack.
    pub documents: Vec<Document<'p>>,
    /// The participants whose booklets come after them, in roster order.
    /// A booklet's document is made when it is (see [`Plan::booklet`]):
    /// a plan of thousands of booklets holds no list of them.
    pub booklets: &'p [Participant],
}

/// The booklet template.
pub const BOOKLET: &str = "templates/booklet.typ";
/// The questionnaire grid template.
pub const GRID: &str = "templates/grid.typ";
/// The attendance sheets template.
pub const ATTENDANCE: &str = "templates/attendance.typ";
/// The badges template.
pub const BADGES: &str = "templates/badges.typ";

impl<'p> Plan<'p> {
    /// Plans the pack for these participants: the attendance sheets, the
    /// badges, the blank grid, one grid per visit, and the booklets.
    pub fn new(
        participants: &'p [Participant],
        event: &EventConfig,
        options: &PlanOptions,
    ) -> Self {
        Self::for_some(participants, participants, event, options)
    }

    /// Plans a supplement pack: the attendance sheets of `everyone`; the
    /// badges and booklets of `some`; the blank grid, and the grids of the
    /// visits one of `some` makes (with all their visitors).
    pub fn for_some(
        everyone: &'p [Participant],
        some: &'p [Participant],
        event: &EventConfig,
        options: &PlanOptions,
    ) -> Self {
        // The documents other than booklets come first: the longest ones
        // (attendance, badges) then start at once instead of last.
        let grids = event.grids.decide();
        let mut documents = vec![attendance(everyone, event)];
        documents.extend(badges::documents(some, event, options));
        documents.push(Document {
            kind: Kind::Grid(None),
            file: paths::BLANK_GRID.into(),
            template: GRID,
            data: to_json(&json!({ "visit": null, "options": grids })),
            slices: Vec::new(),
        });
        let concerned = visits(some);
        for (slug, (name, mut visitors)) in visits(everyone) {
            if !concerned.contains_key(&slug) {
                continue;
            }
            visitors.shrink_to_fit();
            documents.push(Document {
                kind: Kind::Grid(Some(name.clone())),
                file: paths::visit_grid(&slug),
                template: GRID,
                slices: slices::grid(visitors.len()),
                data: Data::Visit {
                    name,
                    visitors,
                    options: grids.clone(),
                },
            });
        }
        Self {
            documents,
            booklets: some,
        }
    }

    /// How many documents the pack has.
    pub fn len(&self) -> usize {
        self.documents.len() + self.booklets.len()
    }

    /// Whether the plan has no document.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The booklet of the participant at `index` of [`Plan::booklets`].
    pub fn booklet(&self, index: usize) -> Document<'p> {
        let participant = &self.booklets[index];
        Document {
            kind: Kind::Booklet(index),
            file: participant.booklet_file(),
            template: BOOKLET,
            data: Data::Participant(participant),
            slices: Vec::new(),
        }
    }

    /// Every booklet, in pack order.
    pub fn all_booklets(&self) -> impl Iterator<Item = Document<'p>> + '_ {
        (0..self.booklets.len()).map(|index| self.booklet(index))
    }
}

/// A document's data as JSON text.
pub fn to_json(value: &impl serde::Serialize) -> Data<'static> {
    let mut json = serde_json::to_vec(value).expect("plan data is JSON");
    // Held until the document is made: no room to spare.
    json.shrink_to_fit();
    Data::Json(json)
}

/// The attendance sheets: every participant on the sheet of each session.
fn attendance<'p>(participants: &'p [Participant], event: &EventConfig) -> Document<'p> {
    let someone_has_a_group = participants.iter().any(|p| !p.group.trim().is_empty());
    let options = event.attendance.decide(someone_has_a_group);
    let slices = slices::attendance(
        participants.len(),
        event.sessions.len(),
        options.rows_per_page as usize,
    );
    let people = People {
        fields: vec![("options", json!(options))],
        list: attendance_order(participants, event)
            .into_iter()
            .map(|participant| Person {
                participant,
                qr: None,
            })
            .collect(),
        qr: badges::QrContent::None,
    };
    Document {
        kind: Kind::Attendance,
        file: paths::ATTENDANCE.into(),
        template: ATTENDANCE,
        data: Data::People(people),
        slices,
    }
}

/// The distinct visits of the roster by slug, each with its name (as first
/// written) and its visitors in roster order. Spellings that differ only in
/// case, accents or punctuation are one visit.
fn visits(participants: &[Participant]) -> BTreeMap<String, (String, Vec<&Participant>)> {
    let mut visits: BTreeMap<String, (String, Vec<&Participant>)> = BTreeMap::new();
    for participant in participants {
        // The grid's name `visite-<slug>.pdf` within the length systems accept.
        let slug = crate::names::slug(&participant.visit, 100);
        if slug.is_empty() {
            continue;
        }
        visits
            .entry(slug)
            .or_insert_with(|| (participant.visit.clone(), Vec::new()))
            .1
            .push(participant);
    }
    visits
}

/// The participants in the order of the attendance sheets: by last name
/// (`attendance.sort: last_name`, the default) or by group then last name
/// (`attendance.sort: group`).
fn attendance_order<'p>(
    participants: &'p [Participant],
    event: &EventConfig,
) -> Vec<&'p Participant> {
    let by_group = event.attendance.sort == Some(AttendanceSort::Group);
    let mut sorted: Vec<&Participant> = participants.iter().collect();
    sorted.sort_by_cached_key(|p| {
        let name = slug::slugify(format!("{} {}", p.last_name, p.first_name));
        let group = if by_group {
            slug::slugify(&p.group)
        } else {
            String::new()
        };
        (group, name, p.id.clone())
    });
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A template compiled on its own reads the sample beside it: its
    /// options are those carnet decides for the sample event.
    #[test]
    fn the_samples_hold_the_options_decided_for_the_sample_event() {
        let root = env!("CARGO_MANIFEST_DIR");
        let read = |name: &str| std::fs::read_to_string(format!("{root}/content/{name}")).unwrap();
        let sample = |name: &str| -> serde_json::Value {
            serde_json::from_str::<serde_json::Value>(&read(name)).unwrap()["options"].clone()
        };
        let event = EventConfig::parse(&read("event.yaml")).unwrap();
        let badges = event.badges.decide(&event.badge_layout, Default::default());
        assert_eq!(sample("sample-badges.json"), json!(badges));
        assert_eq!(sample("sample-visit.json"), json!(event.grids.decide()));
        assert_eq!(
            sample("sample-attendance.json"),
            json!(event.attendance.decide(true))
        );
    }
}
