//! The badge sheets: who is on them, in which order, with which QR code.
//!
//! The layout is decided when `event.yaml` is read
//! ([`crate::load::options::badges`]); this module prepares the template's
//! data: the options with the command line's printer calibration over
//! `event.yaml`'s, the participants sorted as `badges.sort` asks, a QR code
//! per participant when `badges.qr` asks for one (made here and handed to
//! Typst as an in-memory SVG image), and the slices of a long list.

use qrcode::QrCode;
use qrcode::render::svg;
use serde_json::json;

use crate::load::event::EventConfig;
use crate::load::options::badges::Printer;
use crate::load::options::{BadgeSort, DecidedBadges, Qr};
use crate::pack::paths;
use crate::participant::Participant;
use crate::plan::{BADGES, Data, Document, Kind, People, Person, PlanOptions, slices, to_json};
use crate::report::Problem;
use crate::roster::Roster;
use crate::text;

/// What a badge's QR code holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrContent {
    /// No QR code.
    None,
    /// The participant's id.
    Id,
    /// A vCard with name, organisation and email.
    VCard,
}

impl QrContent {
    /// From `badges.qr` in event.yaml (`none`, `id` or `vcard`).
    pub fn from_event(event: &EventConfig) -> Self {
        match event.badges.qr.unwrap_or_default() {
            Qr::Id => Self::Id,
            Qr::Vcard => Self::VCard,
            Qr::None => Self::None,
        }
    }
}

/// The badge sheets and the calibration page.
pub fn documents<'p>(
    participants: &'p [Participant],
    event: &EventConfig,
    options: &PlanOptions,
) -> Vec<Document<'p>> {
    let qr = QrContent::from_event(event);
    // The images are made with each slice (see [`People::files`]): here,
    // only whether the participant's QR code can be made.
    let list: Vec<Person> = sorted(participants, event)
        .into_iter()
        .map(|participant| Person {
            participant,
            qr: qr_text(participant, qr)
                .filter(|text| fits(text))
                .map(|_| format!("/.carnet/qr/{}.svg", participant.id)),
        })
        .collect();
    let printer = Printer {
        offset_x_mm: options.badge_offset.0,
        offset_y_mm: options.badge_offset.1,
        scale: options.badge_scale,
    };
    let decided = event.badges.decide(&event.badge_layout, printer);
    let with = |skip: usize, calibration: bool| {
        json!(DecidedBadges {
            skip,
            calibration,
            ..decided.clone()
        })
    };
    let slices = slices::badges(
        list.len(),
        decided.layout.per_sheet(),
        options.badge_skip,
        with(0, false),
    );
    vec![
        Document {
            kind: Kind::Badges,
            file: paths::BADGES.into(),
            template: BADGES,
            data: Data::People(People {
                fields: vec![("options", with(options.badge_skip, false))],
                list,
                qr,
            }),
            slices,
        },
        Document {
            kind: Kind::Calibration,
            file: paths::BADGE_CALIBRATION.into(),
            template: BADGES,
            data: to_json(&json!({ "options": with(0, true), "participants": [] })),
            slices: Vec::new(),
        },
    ]
}

/// The participants in badge order: `badges.sort` is `last_name` (the
/// default), `group` or `profile` (then last name).
fn sorted<'p>(participants: &'p [Participant], event: &EventConfig) -> Vec<&'p Participant> {
    let sort = event.badges.sort.unwrap_or_default();
    let mut sorted: Vec<&Participant> = participants.iter().collect();
    sorted.sort_by_cached_key(|p| {
        let first = match sort {
            BadgeSort::Group => slug::slugify(&p.group),
            BadgeSort::Profile => p
                .profile
                .as_ref()
                .map(|p| p.key.clone())
                .unwrap_or_default(),
            _ => String::new(),
        };
        (
            first,
            slug::slugify(format!("{} {}", p.last_name, p.first_name)),
            p.id.clone(),
        )
    });
    sorted
}

/// A warning for each participant whose badge's QR code cannot hold what
/// `badges.qr` asks of it (a QR code holds at most 2,331 bytes of text): their
/// badge is printed without a code. It points at the longest of the
/// fields the code holds, the one to shorten.
pub fn unencodable(roster: &Roster, event: &EventConfig) -> Vec<Problem> {
    let content = QrContent::from_event(event);
    let mut problems = Vec::new();
    for participant in &roster.participants {
        let Some(text) = qr_text(participant, content) else {
            continue;
        };
        if fits(&text) {
            continue;
        }
        let held: &[(&str, &str)] = match content {
            QrContent::VCard => &[
                ("last_name", &participant.last_name),
                ("first_name", &participant.first_name),
                ("organisation", &participant.organisation),
                ("email", participant.email.as_deref().unwrap_or_default()),
            ],
            _ => &[("id", &participant.id)],
        };
        let longest = held.iter().max_by_key(|(_, value)| value.len());
        let what = match content {
            QrContent::VCard => "vCard",
            _ => "ID",
        };
        let mut problem = Problem::warning(
            &roster.file,
            text!("badge-qr-too-long", what = what, bytes = text.len()),
        )
        .row(participant.row)
        .hint(text!("badge-qr-too-long-hint"));
        if let Some(sheet) = &roster.sheet {
            problem = problem.sheet(sheet);
        }
        if let Some(header) = longest.and_then(|(field, _)| roster.columns.get(field)) {
            problem = problem.column(header);
        }
        problems.push(problem);
    }
    problems
}

/// The most bytes of text a QR code holds as bytes, whatever they are (the
/// largest code, version 40, at the level of [`QrCode::new`]); a code may
/// hold more of digits and capitals.
const QR_BYTES: usize = 2331;

/// Whether a QR code can hold `text`: encoding it takes about 2 ms, so a
/// text short enough for any code is not encoded to know.
fn fits(text: &str) -> bool {
    text.len() <= QR_BYTES || QrCode::new(text.as_bytes()).is_ok()
}

/// What the participant's QR code holds, if they have one.
fn qr_text(participant: &Participant, content: QrContent) -> Option<String> {
    match content {
        QrContent::None => None,
        QrContent::Id => Some(participant.id.clone()),
        QrContent::VCard => Some(vcard(participant)),
    }
}

/// The participant's QR code as an SVG image.
pub fn qr_code(participant: &Participant, content: QrContent) -> Option<String> {
    let text = qr_text(participant, content)?;
    let code = QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color>()
            .quiet_zone(false)
            .min_dimensions(128, 128)
            .build(),
    )
}

/// A vCard 3.0 for the participant.
fn vcard(p: &Participant) -> String {
    let escape = |s: &str| {
        s.replace('\\', "\\\\")
            .replace(',', "\\,")
            .replace(';', "\\;")
    };
    let mut card = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:{};{};;;\r\nFN:{}\r\n",
        escape(&p.last_name),
        escape(&p.first_name),
        escape(&p.full_name())
    );
    if !p.organisation.is_empty() {
        card.push_str(&format!("ORG:{}\r\n", escape(&p.organisation)));
    }
    if let Some(email) = &p.email {
        card.push_str(&format!("EMAIL:{email}\r\n"));
    }
    card.push_str("END:VCARD\r\n");
    card
}

#[cfg(test)]
mod tests {
    use qrcode::QrCode;

    use super::{QR_BYTES, fits};

    #[test]
    fn any_text_of_the_bytes_a_qr_code_holds_is_encoded() {
        // letters, digits, both alternating (the hardest to cut into
        // segments), accented letters, a vCard's separators
        let patterns = ["Coopérative ", "0123456789", "a1", "A1B2", "é", ";\r\n:,"];
        for pattern in patterns {
            let text: String = pattern.chars().cycle().take(QR_BYTES * 2).collect();
            let mut cut = QR_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let text = &text[..cut];
            assert!(QrCode::new(text.as_bytes()).is_ok(), "{pattern:?}");
            assert!(fits(text));
        }
        // one byte more than any code holds as bytes
        let text = "é".repeat(QR_BYTES / 2 + 1);
        assert!(!fits(&text));
    }
}
