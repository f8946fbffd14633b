//! Finding the header row, and which column holds which field.
//!
//! Organisers name their columns as they like ("Prénom", "PRENOM ",
//! "First name", "Courriel") and often put a title or a date above them.
//! This module recognises the header among the first rows and maps each
//! column to a [`Field`] by comparing *folded* text, so that case, accents,
//! spaces and punctuation never matter. `event.yaml` can name a column
//! itself (`roster.columns`) when its header is not one carnet knows.

use std::collections::BTreeMap;

use super::Place;
use super::grid::Grid;
use super::text::{clean, column_letters, fold};
use crate::report::Problem;
use crate::text;

/// How many rows are searched for the header when `header_row` is not set.
pub(crate) const HEADER_SEARCH_ROWS: usize = 10;

/// A participant field that a roster column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Field {
    /// Last name.
    LastName,
    /// First name.
    FirstName,
    /// Organisation.
    Organisation,
    /// City or territory.
    City,
    /// Profile, resolved against `event.yaml`.
    Profile,
    /// Email address.
    Email,
    /// Workshop group.
    Group,
    /// Enterprise visited.
    Visit,
    /// Stable identifier.
    Id,
}

impl Field {
    /// Every field, in the order of the roster contract.
    pub(super) const ALL: [Field; 9] = [
        Field::LastName,
        Field::FirstName,
        Field::Organisation,
        Field::City,
        Field::Profile,
        Field::Email,
        Field::Group,
        Field::Visit,
        Field::Id,
    ];

    /// The field's name in `event.yaml`'s `roster.columns` (and in `Participant`).
    pub(super) fn key(self) -> &'static str {
        match self {
            Field::LastName => "last_name",
            Field::FirstName => "first_name",
            Field::Organisation => "organisation",
            Field::City => "city",
            Field::Profile => "profile",
            Field::Email => "email",
            Field::Group => "group",
            Field::Visit => "visit",
            Field::Id => "id",
        }
    }

    /// Headers that name this field, French and English; the first is the usual one.
    /// They are compared folded: "PRÉNOM " matches "Prénom".
    pub(super) fn headers(self) -> &'static [&'static str] {
        match self {
            Field::LastName => &[
                "Nom",
                "Nom de famille",
                "Nom d'usage",
                "Last name",
                "Surname",
                "Family name",
            ],
            Field::FirstName => &["Prénom", "Prénoms", "First name", "Given name", "Forename"],
            Field::Organisation => &[
                "Structure",
                "Entreprise",
                "Organisation",
                "Organization",
                "Organisme",
                "Association",
                "Employeur",
                "Nom de la structure",
                "Company",
            ],
            Field::City => &["Ville", "Territoire", "City", "Commune", "Localité", "Town"],
            Field::Profile => &["Profil", "Rôle", "Role", "Statut", "Profile", "Status"],
            Field::Email => &[
                "Email",
                "E-mail",
                "Courriel",
                "Mail",
                "Mél",
                "Adresse mail",
                "Adresse e-mail",
                "Adresse électronique",
                "Adresse courriel",
                "Email address",
            ],
            Field::Group => &[
                "Atelier",
                "Groupe",
                "Group",
                "Groupe de travail",
                "Workshop",
            ],
            Field::Visit => &[
                "Visite",
                "Entreprise visitée",
                "Structure visitée",
                "Visite d'entreprise",
                "Visit",
            ],
            Field::Id => &[
                "ID",
                "Numéro",
                "N°",
                "No",
                "Num",
                "Identifiant",
                "Référence",
                "Réf",
            ],
        }
    }

    /// The field a `roster.columns` key names: its key (`email`) or one of its headers (`Courriel`).
    pub(super) fn from_setting(name: &str) -> Option<Field> {
        let name = fold(name);
        Field::ALL.into_iter().find(|field| {
            fold(field.key()) == name || field.headers().iter().any(|h| fold(h) == name)
        })
    }

    /// Whether a header names this field.
    fn is_named_by(self, folded_header: &str) -> bool {
        self.headers().iter().any(|h| fold(h) == folded_header)
    }
}

/// A column of identifiers written with digits, where a number cell may
/// have lost its leading zeros: recognised by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Identifier {
    /// A phone number: 10 digits in France.
    Phone,
    /// A postcode: 5 digits.
    Postcode,
    /// A SIRET number: 14 digits.
    Siret,
    /// A SIREN number: 9 digits.
    Siren,
    /// Another identifier (an ID, a membership number), of no fixed length.
    Other,
}

impl Identifier {
    /// The kind of identifier a column holds, by its header; `is_id` for
    /// the ID field's column, whatever its header.
    pub(super) fn of(header: &str, is_id: bool) -> Option<Identifier> {
        let words: Vec<String> = header
            .split(|c: char| !c.is_alphanumeric())
            .map(fold)
            .filter(|word| !word.is_empty())
            .collect();
        let has = |list: &[&str]| words.iter().any(|word| list.contains(&word.as_str()));
        let whole = fold(header);
        if has(&[
            "telephone",
            "tel",
            "portable",
            "mobile",
            "phone",
            "gsm",
            "cellulaire",
        ]) {
            Some(Identifier::Phone)
        } else if whole.contains("codepostal")
            || ["cp", "postcode", "postalcode", "zip", "zipcode"].contains(&whole.as_str())
        {
            Some(Identifier::Postcode)
        } else if has(&["siret"]) {
            Some(Identifier::Siret)
        } else if has(&["siren"]) {
            Some(Identifier::Siren)
        } else if is_id || has(&["id", "identifiant", "numero", "matricule", "adherent"]) {
            Some(Identifier::Other)
        } else {
            None
        }
    }

    /// The digits it has, when fixed.
    pub(super) fn digits(self) -> Option<usize> {
        match self {
            Identifier::Phone => Some(10),
            Identifier::Postcode => Some(5),
            Identifier::Siret => Some(14),
            Identifier::Siren => Some(9),
            Identifier::Other => None,
        }
    }

    /// What it is, for messages: the key of its wording in the `.ftl`
    /// files (`phone` for "a French phone number").
    pub(super) fn key(self) -> &'static str {
        match self {
            Identifier::Phone => "phone",
            Identifier::Postcode => "postcode",
            Identifier::Siret => "siret",
            Identifier::Siren => "siren",
            Identifier::Other => "other",
        }
    }
}

/// The usual headers, for messages: "Nom, Prénom, Structure, …".
pub(crate) fn expected_headers() -> String {
    let usual: Vec<&str> = Field::ALL.iter().map(|field| field.headers()[0]).collect();
    usual.join(", ")
}

/// A header chosen in `event.yaml` for a field.
#[derive(Debug, Clone)]
pub(crate) struct Override {
    /// The field.
    pub field: Field,
    /// The key as written in `roster.columns`.
    pub setting: String,
    /// The header the sheet should have.
    pub header: String,
}

/// Reads `roster.columns` (field → header); an unknown field name is an error.
pub(crate) fn overrides(
    columns: &BTreeMap<String, String>,
    file: &str,
) -> Result<Vec<Override>, Vec<Problem>> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for (setting, header) in columns {
        match Field::from_setting(setting) {
            Some(field) => found.push(Override {
                field,
                setting: setting.clone(),
                header: clean(header),
            }),
            None => {
                let keys: Vec<&str> = Field::ALL.iter().map(|field| field.key()).collect();
                problems.push(
                    Problem::error(file, text!("roster-unknown-field", setting = setting))
                        .hint(text!("roster-unknown-field-hint", fields = keys.join(", "))),
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

/// The header row and what each column holds.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    /// The header's row, 0-based.
    pub row: usize,
    /// Each column's header as written (cleaned); empty when the cell is.
    pub names: Vec<String>,
    /// The column of each field found.
    pub fields: BTreeMap<Field, usize>,
    /// Columns with a header that is no field: they become `extra`.
    pub extras: Vec<usize>,
    /// Warnings about the header (a field named twice).
    pub warnings: Vec<Problem>,
}

impl Header {
    /// The column of a field, if the sheet has it.
    pub(super) fn column(&self, field: Field) -> Option<usize> {
        self.fields.get(&field).copied()
    }

    /// The header of a column, as the sheet writes it.
    pub(super) fn name(&self, column: usize) -> &str {
        self.names.get(column).map_or("", String::as_str)
    }

    /// The header of a field's column, for messages.
    pub(super) fn field_name(&self, field: Field) -> Option<&str> {
        self.column(field).map(|column| self.name(column))
    }

    /// Whether a participant can be named from this header.
    fn has_name(&self) -> bool {
        self.fields.contains_key(&Field::LastName) || self.fields.contains_key(&Field::FirstName)
    }

    /// The headers, for messages: "Nom, Prénom, Courriel".
    pub(super) fn list(&self) -> String {
        let names: Vec<&str> = self
            .names
            .iter()
            .map(String::as_str)
            .filter(|n| !n.is_empty())
            .collect();
        names.join(", ")
    }
}

/// Maps the cells of a candidate header row to fields.
fn match_row(row: usize, cells: &[String], overrides: &[Override], place: &Place) -> Header {
    let names: Vec<String> = cells.iter().map(|cell| clean(cell)).collect();
    let mut header = Header {
        row,
        names,
        fields: BTreeMap::new(),
        extras: Vec::new(),
        warnings: Vec::new(),
    };
    for (column, name) in header.names.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        let folded = fold(name);
        let chosen = overrides
            .iter()
            .find(|o| fold(&o.header) == folded)
            .map(|o| o.field);
        let automatic = || {
            Field::ALL.into_iter().find(|field| {
                !overrides.iter().any(|o| o.field == *field) && field.is_named_by(&folded)
            })
        };
        match chosen.or_else(automatic) {
            Some(field) => match header.fields.get(&field) {
                None => {
                    header.fields.insert(field, column);
                }
                Some(&first) => {
                    header.extras.push(column);
                    let message = text!(
                        "roster-two-columns",
                        field = field.key(),
                        header = &header.names[first],
                        column = column_letters(first)
                    );
                    let hint = text!("roster-two-columns-hint", field = field.key());
                    let warning = place
                        .warning(message)
                        .row(row as u32 + 1)
                        .column(name.clone());
                    header.warnings.push(warning.hint(hint));
                }
            },
            None => header.extras.push(column),
        }
    }
    header
}

/// Finds the header: row `header_row` (1-based) when set, else the first of
/// the first [`HEADER_SEARCH_ROWS`] rows that names a last or first name column.
///
/// `Ok(None)` when no row looks like a header; `Err` when the header is
/// found but does not fit the settings (a column named in `roster.columns`
/// is missing, `header_row` points at a row without names).
pub(crate) fn find(
    grid: &Grid,
    overrides: &[Override],
    header_row: Option<u32>,
    place: &Place,
) -> Result<Option<Header>, Box<Problem>> {
    let header = match header_row {
        Some(0) => {
            return Err(Box::new(
                place
                    .error(text!("roster-header-row-zero"))
                    .hint(text!("roster-header-row-zero-hint")),
            ));
        }
        Some(number) => {
            let row = number as usize - 1;
            let cells = grid.rows.get(row).map_or(&[][..], Vec::as_slice);
            let header = match_row(row, cells, overrides, place);
            if !header.has_name() {
                let message = if header.list().is_empty() {
                    text!("roster-header-row-empty", row = number)
                } else {
                    text!(
                        "roster-header-row-no-name",
                        row = number,
                        headers = header.list()
                    )
                };
                return Err(Box::new(place.error(message).row(number).hint(text!(
                    "roster-header-row-hint",
                    headers = expected_headers()
                ))));
            }
            header
        }
        None => {
            let found = (0..grid.rows.len().min(HEADER_SEARCH_ROWS))
                .map(|row| match_row(row, &grid.rows[row], overrides, place))
                .find(Header::has_name);
            match found {
                Some(header) => header,
                None => return Ok(None),
            }
        }
    };
    for o in overrides {
        let matched = header
            .column(o.field)
            .is_some_and(|c| fold(header.name(c)) == fold(&o.header));
        if !matched {
            let message = text!(
                "roster-column-not-found",
                header = &o.header,
                setting = &o.setting,
                headers = header.list()
            );
            let hint = text!("roster-column-not-found-hint");
            let row = header.row as u32 + 1;
            return Err(Box::new(place.error(message).row(row).hint(hint)));
        }
    }
    Ok(Some(header))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            rows: rows
                .iter()
                .map(|row| row.iter().map(|cell| cell.to_string()).collect())
                .collect(),
            ..Grid::default()
        }
    }

    const PLACE: Place = Place {
        file: "inscrits.xlsx",
        sheet: Some("Feuil1"),
    };

    #[test]
    fn headers_match_whatever_their_case_accents_and_spaces() {
        let grid = grid(&[
            &["Liste des inscrits"],
            &[],
            &[
                " NOM ",
                "prenom",
                "E-MAIL",
                "Entreprise visitée",
                "N°",
                "Régime",
            ],
        ]);
        let header = find(&grid, &[], None, &PLACE).unwrap().unwrap();
        assert_eq!(header.row, 2);
        assert_eq!(header.column(Field::LastName), Some(0));
        assert_eq!(header.column(Field::FirstName), Some(1));
        assert_eq!(header.column(Field::Email), Some(2));
        assert_eq!(header.column(Field::Visit), Some(3));
        assert_eq!(header.column(Field::Id), Some(4));
        assert_eq!(header.extras, [5]);
        assert_eq!(header.name(0), "NOM");
    }

    #[test]
    fn a_field_named_twice_uses_the_first_column_and_warns() {
        let grid = grid(&[&["Nom", "Email", "Mail"]]);
        let header = find(&grid, &[], None, &PLACE).unwrap().unwrap();
        assert_eq!(header.column(Field::Email), Some(1));
        assert_eq!(header.extras, [2]);
        assert_eq!(
            header.warnings[0].to_string(),
            "warning: inscrits.xlsx, sheet Feuil1, row 1, column Mail: two columns could be the email: \
             `Email` (column B) and this one; carnet uses the first\n  \
             hint: rename one of them, or choose with roster.columns.email in event.yaml"
        );
    }

    #[test]
    fn overrides_name_columns_and_must_exist() {
        let columns = BTreeMap::from([("email".to_owned(), "Adresse électronique".to_owned())]);
        let overrides = overrides(&columns, "inscrits.xlsx").unwrap();
        let grid1 = grid(&[&["Nom", "Prénom", "Adresse  électronique ", "Email"]]);
        let header = find(&grid1, &overrides, None, &PLACE).unwrap().unwrap();
        assert_eq!(header.column(Field::Email), Some(2));
        assert_eq!(header.extras, [3]);

        let grid2 = grid(&[&["Nom", "Prénom", "Courriel"]]);
        let err = find(&grid2, &overrides, None, &PLACE).unwrap_err();
        assert_eq!(
            err.to_string(),
            "error: inscrits.xlsx, sheet Feuil1, row 1: column `Adresse électronique` not found \
             (roster.columns.email in event.yaml); the sheet has: Nom, Prénom, Courriel\n  \
             hint: write the header exactly as the sheet does, or remove the setting to let carnet find the column"
        );
    }

    #[test]
    fn unknown_override_fields_are_refused() {
        let columns = BTreeMap::from([
            ("courriel".to_owned(), "Mail pro".to_owned()),
            ("mobile".to_owned(), "Tel".to_owned()),
        ]);
        let problems = overrides(&columns, "inscrits.xlsx").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .english()
                .starts_with("`mobile` in roster.columns")
        );
    }

    #[test]
    fn identifier_columns_are_recognised_by_their_header() {
        for (header, kind) in [
            ("Téléphone", Some(Identifier::Phone)),
            ("Tél. portable", Some(Identifier::Phone)),
            ("N° de téléphone", Some(Identifier::Phone)),
            ("Mobile", Some(Identifier::Phone)),
            ("Code postal", Some(Identifier::Postcode)),
            ("CP", Some(Identifier::Postcode)),
            ("Zip code", Some(Identifier::Postcode)),
            ("N° SIRET", Some(Identifier::Siret)),
            ("SIREN", Some(Identifier::Siren)),
            ("N° adhérent", Some(Identifier::Other)),
            ("Nb repas", None),
            ("Remarques", None),
            ("Ville", None),
        ] {
            assert_eq!(Identifier::of(header, false), kind, "{header}");
        }
        assert_eq!(Identifier::of("N°", true), Some(Identifier::Other));
    }

    #[test]
    fn a_row_without_names_is_no_header() {
        let grid = grid(&[&["P001", "Martin", "Sophie"], &["P002", "Petit", "Luc"]]);
        assert!(find(&grid, &[], None, &PLACE).unwrap().is_none());
        let err = find(&grid, &[], Some(2), &PLACE).unwrap_err();
        assert!(
            err.message
                .english()
                .starts_with("row 2 (roster.header_row) has no last name"),
            "{err}"
        );
    }
}
