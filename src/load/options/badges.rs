//! `badges:` in `event.yaml`, and the sheet it makes: every length of the
//! layout decided here, from a preset and the keys that change it, and
//! checked against the A4 page before Typst sees it.

use serde::{Deserialize, Serialize};

use super::{gap, grid_count, offset, scale, size};

/// The badge sheet layouts carnet knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Preset {
    /// 10 badges of 90 × 55 mm on A4.
    #[serde(rename = "a4-90x55")]
    A490x55,
    /// 10 cards of 85 × 54 mm.
    #[serde(rename = "card-85x54")]
    Card85x54,
    /// 9 upright badges of 54 × 90 mm.
    #[serde(rename = "durable-54x90")]
    Durable54x90,
    /// 4 A6 badges.
    #[serde(rename = "a6-4up")]
    A64up,
    /// 8 badges of 105 × 74 mm.
    #[serde(rename = "a7-8up")]
    A78up,
}

/// What a badge's QR code holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Qr {
    /// No QR code.
    #[default]
    None,
    /// The participant's id.
    Id,
    /// A vCard: name, organisation, email.
    Vcard,
}

/// The order of the badges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BadgeSort {
    /// By last name.
    #[default]
    LastName,
    /// By group, then last name.
    Group,
    /// By profile, then last name.
    Profile,
}

/// `badges:` in `event.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct BadgeOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<Preset>,
    #[serde(
        default,
        deserialize_with = "size",
        skip_serializing_if = "Option::is_none"
    )]
    pub width_mm: Option<f64>,
    #[serde(
        default,
        deserialize_with = "size",
        skip_serializing_if = "Option::is_none"
    )]
    pub height_mm: Option<f64>,
    #[serde(
        default,
        deserialize_with = "grid_count",
        skip_serializing_if = "Option::is_none"
    )]
    pub columns: Option<u32>,
    #[serde(
        default,
        deserialize_with = "grid_count",
        skip_serializing_if = "Option::is_none"
    )]
    pub rows: Option<u32>,
    #[serde(
        default,
        deserialize_with = "gap",
        skip_serializing_if = "Option::is_none"
    )]
    pub gutter_x_mm: Option<f64>,
    #[serde(
        default,
        deserialize_with = "gap",
        skip_serializing_if = "Option::is_none"
    )]
    pub gutter_y_mm: Option<f64>,
    #[serde(
        default,
        deserialize_with = "gap",
        skip_serializing_if = "Option::is_none"
    )]
    pub margin_top_mm: Option<f64>,
    #[serde(
        default,
        deserialize_with = "gap",
        skip_serializing_if = "Option::is_none"
    )]
    pub margin_left_mm: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crop_marks: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub border: Option<bool>,
    #[serde(
        default,
        deserialize_with = "offset",
        skip_serializing_if = "Option::is_none"
    )]
    pub offset_x_mm: Option<f64>,
    #[serde(
        default,
        deserialize_with = "offset",
        skip_serializing_if = "Option::is_none"
    )]
    pub offset_y_mm: Option<f64>,
    #[serde(
        default,
        deserialize_with = "scale",
        skip_serializing_if = "Option::is_none"
    )]
    pub scale: Option<f64>,
    #[serde(
        default,
        deserialize_with = "offset",
        skip_serializing_if = "Option::is_none"
    )]
    pub back_offset_x_mm: Option<f64>,
    #[serde(
        default,
        deserialize_with = "offset",
        skip_serializing_if = "Option::is_none"
    )]
    pub back_offset_y_mm: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr: Option<Qr>,
    /// A file in `content/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<BadgeSort>,
}

/// The A4 page the badges are laid out on, in mm.
pub const PAGE_MM: (f64, f64) = (210.0, 297.0);

impl Preset {
    /// The preset's name in `event.yaml`.
    pub fn name(self) -> &'static str {
        match self {
            Self::A490x55 => "a4-90x55",
            Self::Card85x54 => "card-85x54",
            Self::Durable54x90 => "durable-54x90",
            Self::A64up => "a6-4up",
            Self::A78up => "a7-8up",
        }
    }

    /// Its badge (width, height), grid (columns, rows) and gutters (x, y),
    /// in mm.
    fn sizes(self) -> ((f64, f64), (u32, u32), (f64, f64)) {
        match self {
            Self::A490x55 => ((90.0, 55.0), (2, 5), (10.0, 0.0)),
            Self::Card85x54 => ((85.0, 54.0), (2, 5), (10.0, 0.0)),
            Self::Durable54x90 => ((54.0, 90.0), (3, 3), (8.0, 0.0)),
            Self::A64up => ((105.0, 148.0), (2, 2), (0.0, 0.0)),
            Self::A78up => ((105.0, 74.0), (2, 4), (0.0, 0.0)),
        }
    }
}

/// A badge sheet's layout, every length decided: what the template draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BadgeLayout {
    /// The preset's name; `+custom` after it when a size is changed;
    /// `custom` without a preset.
    pub preset: String,
    /// A badge's width, in mm.
    pub width_mm: f64,
    /// A badge's height, in mm.
    pub height_mm: f64,
    /// Badges across the sheet.
    pub columns: u32,
    /// Badges down the sheet.
    pub rows: u32,
    /// Between two columns, in mm.
    pub gutter_x_mm: f64,
    /// Between two rows, in mm.
    pub gutter_y_mm: f64,
    /// From the page's left edge to the first column, in mm.
    pub margin_left_mm: f64,
    /// From the page's top edge to the first row, in mm.
    pub margin_top_mm: f64,
}

impl BadgeLayout {
    /// Badges a sheet.
    pub fn per_sheet(&self) -> usize {
        self.columns as usize * self.rows as usize
    }
}

impl Default for BadgeLayout {
    fn default() -> Self {
        BadgeOptions::default()
            .layout()
            .expect("the default preset fits A4")
    }
}

/// A layout that cannot be drawn: the key to change and why.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutError {
    /// The key of `badges:` the message is about.
    pub key: &'static str,
    /// What is wrong and what to write.
    pub message: String,
}

impl BadgeOptions {
    /// The layout: the preset's sizes (`a4-90x55` without a preset or a
    /// size), changed by the keys given; columns and rows as many as fit
    /// with 5 mm margins unless given; the grid centred on the page unless
    /// its margins are given. A grid wider or taller than A4 is refused.
    pub fn layout(&self) -> Result<BadgeLayout, LayoutError> {
        let custom = self.width_mm.is_some() || self.height_mm.is_some();
        let preset = match (self.preset, custom) {
            (None, false) => Some(Preset::A490x55),
            (preset, _) => preset,
        };
        let ((width, height), (columns, rows), (gutter_x, gutter_y)) = match preset {
            Some(preset) => {
                let ((w, h), (c, r), g) = preset.sizes();
                ((Some(w), Some(h)), (Some(c), Some(r)), g)
            }
            None => ((None, None), (None, None), (0.0, 0.0)),
        };
        let (Some(width), Some(height)) = (self.width_mm.or(width), self.height_mm.or(height))
        else {
            return Err(LayoutError {
                key: if self.width_mm.is_none() {
                    "height_mm"
                } else {
                    "width_mm"
                },
                message: "a layout of your own needs both `width_mm` and `height_mm` (or a \
                          `preset`)"
                    .into(),
            });
        };
        let gutter_x = self.gutter_x_mm.unwrap_or(gutter_x);
        let gutter_y = self.gutter_y_mm.unwrap_or(gutter_y);
        let fitting = |room: f64, size: f64, gap: f64, margin: Option<f64>| {
            let free = room - margin.map_or(10.0, |m| m + 5.0);
            (((free + gap) / (size + gap)).floor() as u32).max(1)
        };
        let columns = self
            .columns
            .or(columns)
            .unwrap_or_else(|| fitting(PAGE_MM.0, width, gutter_x, self.margin_left_mm));
        let rows = self
            .rows
            .or(rows)
            .unwrap_or_else(|| fitting(PAGE_MM.1, height, gutter_y, self.margin_top_mm));
        let grid_width = f64::from(columns) * width + f64::from(columns - 1) * gutter_x;
        let grid_height = f64::from(rows) * height + f64::from(rows - 1) * gutter_y;
        let across = Side {
            key: "columns",
            count: columns,
            what: ("columns", "wide", "left", "210"),
            size: width,
            gutter: gutter_x,
            grid: grid_width,
            margin: self.margin_left_mm,
            page: PAGE_MM.0,
        };
        let down = Side {
            key: "rows",
            count: rows,
            what: ("rows", "high", "top", "297"),
            size: height,
            gutter: gutter_y,
            grid: grid_height,
            margin: self.margin_top_mm,
            page: PAGE_MM.1,
        };
        let margin_left_mm = across.margin()?;
        let margin_top_mm = down.margin()?;
        let preset = match (preset, custom) {
            (Some(preset), false) => preset.name().to_owned(),
            (Some(preset), true) => format!("{}+custom", preset.name()),
            (None, _) => "custom".to_owned(),
        };
        Ok(BadgeLayout {
            preset,
            width_mm: width,
            height_mm: height,
            columns,
            rows,
            gutter_x_mm: gutter_x,
            gutter_y_mm: gutter_y,
            margin_left_mm,
            margin_top_mm,
        })
    }
}

/// One direction of the grid, to check that it fits the page.
struct Side {
    key: &'static str,
    count: u32,
    /// The words of the message: "columns", "wide", "left", A4's length.
    what: (&'static str, &'static str, &'static str, &'static str),
    size: f64,
    gutter: f64,
    grid: f64,
    margin: Option<f64>,
    page: f64,
}

impl Side {
    /// The margin before the grid: as given, or centring it; an error when
    /// the grid does not fit the page.
    fn margin(&self) -> Result<f64, LayoutError> {
        let (things, extent, side, a4) = self.what;
        let before = self.margin.unwrap_or(0.0);
        if before + self.grid <= self.page + 0.01 {
            return Ok(self.margin.unwrap_or((self.page - self.grid) / 2.0));
        }
        let after_margin = match self.margin {
            Some(margin) => format!(", after a {side} margin of {}", mm(margin)),
            None => String::new(),
        };
        Err(LayoutError {
            key: self.key,
            message: format!(
                "{} {things} of {} with {} gutters make a grid {} {extent}{after_margin}: more \
                 than A4's {a4} mm; use fewer {things}, smaller badges or narrower gutters",
                self.count,
                mm(self.size),
                mm(self.gutter),
                mm(self.grid),
            ),
        })
    }
}

/// A length for a message: `90 mm`, `12.5 mm`.
fn mm(value: f64) -> String {
    format!("{} mm", (value * 10.0).round() / 10.0)
}

/// Where a calibration setting comes from, as the calibration page says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `carnet build --offset-x …`.
    CommandLine,
    /// `badges:` in `event.yaml`.
    EventYaml,
    /// Nobody set it.
    Default,
}

/// Where each calibration setting comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sources {
    /// Of `offset_x_mm`.
    pub offset_x_mm: Source,
    /// Of `offset_y_mm`.
    pub offset_y_mm: Source,
    /// Of `scale`.
    pub scale: Source,
}

/// The printer calibration given on the command line, over `event.yaml`'s.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Printer {
    /// Shift right, in mm.
    pub offset_x_mm: Option<f64>,
    /// Shift down, in mm.
    pub offset_y_mm: Option<f64>,
    /// Scale about the sheet's centre.
    pub scale: Option<f64>,
}

/// The badges' options as the template receives them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecidedBadges {
    /// The sheet's layout.
    pub layout: BadgeLayout,
    /// Cut marks around the badges.
    pub crop_marks: bool,
    /// A dashed outline around each badge.
    pub border: bool,
    /// A back sheet after each front sheet.
    pub back: bool,
    /// The logo's path in the event folder (`/content/…`).
    pub logo: Option<String>,
    /// The whole sheet moved right, in mm.
    pub offset_x_mm: f64,
    /// The whole sheet moved down, in mm.
    pub offset_y_mm: f64,
    /// The back sheets moved right, in mm.
    pub back_offset_x_mm: f64,
    /// The back sheets moved down, in mm.
    pub back_offset_y_mm: f64,
    /// The sheet scaled about its centre.
    pub scale: f64,
    /// Where the calibration comes from.
    pub sources: Sources,
    /// Positions left empty at the start of the first sheet.
    pub skip: usize,
    /// The calibration page instead of badges.
    pub calibration: bool,
}

impl BadgeOptions {
    /// The options decided, for this layout, with the command line's
    /// printer calibration over `event.yaml`'s. `skip` and `calibration`
    /// are the document's.
    pub fn decide(&self, layout: &BadgeLayout, printer: Printer) -> DecidedBadges {
        let source = |line: Option<f64>, file: Option<f64>| match (line, file) {
            (Some(_), _) => Source::CommandLine,
            (None, Some(_)) => Source::EventYaml,
            (None, None) => Source::Default,
        };
        let offset_x = printer.offset_x_mm.or(self.offset_x_mm).unwrap_or(0.0);
        let offset_y = printer.offset_y_mm.or(self.offset_y_mm).unwrap_or(0.0);
        DecidedBadges {
            layout: layout.clone(),
            crop_marks: self.crop_marks.unwrap_or(true),
            border: self.border.unwrap_or(false),
            back: self.back.unwrap_or(false),
            logo: self.logo.as_ref().map(|logo| {
                let logo = logo.trim();
                match logo.strip_prefix('/') {
                    Some(_) => logo.to_owned(),
                    None => format!("/content/{logo}"),
                }
            }),
            offset_x_mm: offset_x,
            offset_y_mm: offset_y,
            back_offset_x_mm: self.back_offset_x_mm.unwrap_or(offset_x),
            back_offset_y_mm: self.back_offset_y_mm.unwrap_or(offset_y),
            scale: printer.scale.or(self.scale).unwrap_or(1.0),
            sources: Sources {
                offset_x_mm: source(printer.offset_x_mm, self.offset_x_mm),
                offset_y_mm: source(printer.offset_y_mm, self.offset_y_mm),
                scale: source(printer.scale, self.scale),
            },
            skip: 0,
            calibration: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(yaml: &str) -> BadgeOptions {
        serde_saphyr::from_str(yaml).unwrap()
    }

    #[test]
    fn a_preset_becomes_its_lengths_centred_on_a4() {
        let layout = BadgeOptions::default().layout().unwrap();
        assert_eq!(layout.preset, "a4-90x55");
        assert_eq!((layout.columns, layout.rows), (2, 5));
        assert_eq!(layout.per_sheet(), 10);
        assert_eq!(layout.margin_left_mm, 10.0);
        assert_eq!(layout.margin_top_mm, 11.0);
        let durable = options("preset: durable-54x90").layout().unwrap();
        assert_eq!((durable.columns, durable.rows), (3, 3));
        assert_eq!(durable.margin_left_mm, 16.0);
    }

    #[test]
    fn a_layout_of_ones_own_fills_the_page_unless_told() {
        let layout = options("width_mm: 60\nheight_mm: 40").layout().unwrap();
        assert_eq!(layout.preset, "custom");
        assert_eq!((layout.columns, layout.rows), (3, 7));
        let changed = options("preset: a4-90x55\nheight_mm: 50").layout().unwrap();
        assert_eq!(changed.preset, "a4-90x55+custom");
        assert_eq!((changed.columns, changed.rows), (2, 5));
        let error = options("width_mm: 60").layout().unwrap_err();
        assert_eq!(error.key, "width_mm");
        assert!(error.message.contains("both `width_mm` and `height_mm`"));
    }

    #[test]
    fn a_grid_wider_or_taller_than_a4_is_refused_with_its_sizes() {
        let error = options("columns: 3").layout().unwrap_err();
        assert_eq!(error.key, "columns");
        assert_eq!(
            error.message,
            "3 columns of 90 mm with 10 mm gutters make a grid 290 mm wide: more than A4's 210 \
             mm; use fewer columns, smaller badges or narrower gutters"
        );
        let error = options("rows: 5\nmargin_top_mm: 30").layout().unwrap_err();
        assert_eq!(error.key, "rows");
        assert!(
            error.message.contains("after a top margin of 30 mm"),
            "{}",
            error.message
        );
    }

    #[test]
    fn the_command_line_calibrates_over_event_yaml() {
        let options = options("offset_x_mm: 2\nscale: 0.99\nlogo: logo.png");
        let layout = options.layout().unwrap();
        let printer = Printer {
            offset_x_mm: Some(-1.5),
            ..Printer::default()
        };
        let decided = options.decide(&layout, printer);
        assert_eq!(decided.offset_x_mm, -1.5);
        assert_eq!(decided.back_offset_x_mm, -1.5, "the back follows the front");
        assert_eq!(decided.scale, 0.99);
        assert_eq!(decided.sources.offset_x_mm, Source::CommandLine);
        assert_eq!(decided.sources.scale, Source::EventYaml);
        assert_eq!(decided.sources.offset_y_mm, Source::Default);
        assert_eq!(decided.logo.as_deref(), Some("/content/logo.png"));
        assert!(decided.crop_marks && !decided.back);
    }
}
