//! Where each document sits in the pack: every name the pack's writer,
//! its readers and the plan agree on, in one place.

/// The manifest: one row per booklet (see [`super::MANIFEST_HEADER`]).
pub const MANIFEST: &str = "manifest.csv";
/// What was read, checked and made, with the warnings.
pub const REPORT: &str = "report.txt";
/// The folder of the booklets, one PDF per participant.
pub const BOOKLETS: &str = "booklets";
/// The attendance sheets, one per half-day session.
pub const ATTENDANCE: &str = "emargement.pdf";
/// The badge sheets.
pub const BADGES: &str = "badges.pdf";
/// The blank questionnaire grid.
pub const BLANK_GRID: &str = "grids/grille-vierge.pdf";
/// The page that calibrates a printer for the badge sheets.
pub const BADGE_CALIBRATION: &str = "print/badges-calibration.pdf";
/// Every booklet 2-up on A4, in saddle-stitch order, for office printing.
pub const PRINT_SADDLE: &str = "print/booklets-a4.pdf";
/// Every booklet page on a larger sheet with bleed and crop marks, for a
/// print shop (`--bleed`).
pub const PRINT_BLEED: &str = "print/booklets-bleed.pdf";

/// The grid pre-filled for a visit, by the visit's slug.
pub fn visit_grid(slug: &str) -> String {
    format!("grids/visite-{slug}.pdf")
}

/// A booklet's path, by its file name.
pub fn booklet(file_name: &str) -> String {
    format!("{BOOKLETS}/{file_name}")
}
