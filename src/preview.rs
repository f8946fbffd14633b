//! `carnet preview`: one page of one document as a PNG image.
//!
//! The page is laid out by the same engine as the pack's documents, from
//! the same plan, and rendered by Typst's own rasteriser: what the preview
//! shows is what the build prints. A participant's badge is shown on a
//! sheet of its own, their grid is the grid of their visit.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::{DocumentKind, PreviewArgs};
use crate::error::Error;
use crate::interrupt::Temporary;
use crate::load::{self, Loaded};
use crate::participant::Participant;
use crate::plan::{Kind, Plan};
use crate::render;
use crate::render::engine::Engine;

/// The resolutions a preview may have, in dots per inch: enough for a
/// screen and for a proof, never an image too large for memory (an A4
/// page at 300 dpi is 35 MB of pixels).
pub const DPI: std::ops::RangeInclusive<u32> = 10..=300;

/// The most pixels a preview may have: an A3 page at 300 dpi.
pub const MAX_PIXELS: u64 = 18_000_000;

/// What `carnet preview` does, checked before anything is read.
#[derive(Debug, Clone)]
pub struct PreviewConfig {
    /// The document.
    pub document: DocumentKind,
    /// The participant, by id; default: the roster's first.
    pub participant: Option<String>,
    /// The page, 1-based.
    pub page: usize,
    /// Pixels per inch.
    pub dpi: u32,
    /// Where the PNG goes; `None`: standard output.
    pub out: Option<PathBuf>,
}

impl PreviewConfig {
    /// Checks the command line's choices.
    pub fn new(args: &PreviewArgs) -> Result<Self, Error> {
        if args.page == 0 {
            return Err(Error::Usage("--page: pages are numbered from 1".into()));
        }
        if !DPI.contains(&args.dpi) {
            return Err(Error::Usage(format!(
                "--dpi {}: from {} to {} (96 for a screen, 300 for a proof)",
                args.dpi,
                DPI.start(),
                DPI.end()
            )));
        }
        if args.participant.is_some() && args.document == DocumentKind::Attendance {
            return Err(Error::Usage(
                "--participant goes with --document booklet, badges or grid: the attendance \
                 sheets list everyone (choose the sheet with --page)"
                    .into(),
            ));
        }
        let out = match args.out.as_os_str().to_str() {
            Some("-") => None,
            _ if args.out.extension().is_none_or(|ext| ext != "png") => {
                return Err(Error::Usage(format!(
                    "--out {}: the preview is a PNG image; name it …/something.png, or - for \
                     standard output",
                    args.out.display()
                )));
            }
            _ => Some(args.out.clone()),
        };
        Ok(Self {
            document: args.document,
            participant: args.participant.clone(),
            page: args.page,
            dpi: args.dpi,
            out,
        })
    }
}

/// What a preview made, for the command to say.
#[derive(Debug)]
pub struct Preview {
    /// The PNG image.
    pub png: Vec<u8>,
    /// Its size in pixels.
    pub size: (u32, u32),
    /// What it shows: "page 1 of 16 of the booklet of P001 Yasmina Dupont".
    pub shows: String,
    /// What the user should know: problems in the roster, a participant
    /// without a visit.
    pub notes: Vec<String>,
}

/// Runs `carnet preview`: renders the page and writes it.
pub fn preview(args: &PreviewArgs) -> Result<Preview, Error> {
    let config = PreviewConfig::new(args)?;
    let loaded = load::load(&args.input)?;
    let preview = render_page(&loaded, &config)?;
    match &config.out {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&preview.png)
                .and_then(|()| stdout.flush())
                .map_err(|e| Error::io(Path::new("standard output"), e))?;
        }
        Some(out) => write_atomically(out, &preview.png)?,
    }
    Ok(preview)
}

/// Lays out the document the config names and renders its page.
pub fn render_page(loaded: &Loaded, config: &PreviewConfig) -> Result<Preview, Error> {
    let project = &loaded.project;
    let engine = Engine::new(project, load::typst_date(load::pdf_date(project)?))?;
    let laid = lay_out(
        loaded,
        &engine,
        config.document,
        config.participant.as_deref(),
    )?;
    let pages = laid.document.pages();
    let Some(page) = pages.get(config.page - 1) else {
        return Err(Error::Usage(format!(
            "--page {}: there {} in {}",
            config.page,
            match pages.len() {
                1 => "is 1 page".to_string(),
                n => format!("are {n} pages"),
            },
            laid.what,
        )));
    };
    let (png, size) = png(page, config.dpi).map_err(|too_large| {
        Error::Usage(format!(
            "--dpi {}: page {} of {} {too_large}; ask for fewer dots per inch",
            config.dpi, config.page, laid.what
        ))
    })?;
    Ok(Preview {
        png,
        size,
        shows: format!("page {} of {} of {}", config.page, pages.len(), laid.what),
        notes: laid.notes,
    })
}

/// A document laid out for a preview.
pub struct LaidOut {
    /// Its pages.
    pub document: typst_layout::PagedDocument,
    /// What it is: "the booklet of P001 Yasmina Dupont".
    pub what: String,
    /// What the user should know about it.
    pub notes: Vec<String>,
}

/// Lays out one document of the event: `participant`'s (by id; the first
/// participant's booklet when none is named), or the whole event's.
pub fn lay_out(
    loaded: &Loaded,
    engine: &Engine,
    kind: DocumentKind,
    participant: Option<&str>,
) -> Result<LaidOut, Error> {
    let Loaded {
        project, roster, ..
    } = loaded;
    let people = &roster.participants;
    // notes without their "note: ", which the command line adds
    let notice = loaded.notice.iter();
    let mut notes: Vec<String> = notice
        .map(|n| n.strip_prefix("note: ").unwrap_or(n).to_owned())
        .collect();
    let errors = roster.problems.iter().filter(|p| p.is_error()).count();
    if errors > 0 {
        notes.push(format!(
            "the roster has {errors} {} (`carnet check` lists them): the preview shows the rows \
             as read",
            if errors == 1 { "problem" } else { "problems" }
        ));
    }
    let index = match participant {
        Some(id) => Some(find(people, id)?),
        None if kind == DocumentKind::Booklet => {
            if people.is_empty() {
                return Err(Error::Usage(
                    "the roster has no participant: there is no booklet to show".into(),
                ));
            }
            Some(0)
        }
        None => None,
    };
    let one = index.map(|i| &people[i..=i]);
    let plan = Plan::for_some(
        people,
        one.unwrap_or(people),
        &project.event,
        &Default::default(),
    );
    let who = one.map(|p| format!("{} {}", p[0].id, display_name(&p[0])));
    let (document, what) = match kind {
        DocumentKind::Booklet => (
            plan.booklet(0),
            format!("the booklet of {}", who.clone().unwrap_or_default()),
        ),
        DocumentKind::Badges => (
            take(&plan, |k| *k == Kind::Badges)?,
            match &who {
                Some(who) => format!("the badge of {who}, on a sheet of its own"),
                None => "the badge sheets".into(),
            },
        ),
        DocumentKind::Grid => {
            let visit = one.map(|p| p[0].visit.trim()).filter(|v| !v.is_empty());
            match visit {
                Some(visit) => (
                    take(&plan, |k| matches!(k, Kind::Grid(Some(_))))?,
                    format!("the grid of the visit {visit}"),
                ),
                None => {
                    if let Some(who) = &who {
                        notes.push(format!("{who} makes no visit: the blank grid"));
                    }
                    (
                        take(&plan, |k| *k == Kind::Grid(None))?,
                        "the blank grid".into(),
                    )
                }
            }
        }
        DocumentKind::Attendance => (
            take(&plan, |k| *k == Kind::Attendance)?,
            "the attendance sheets".into(),
        ),
    };
    let (document, _) = engine.layout(&render::job(&document))?;
    Ok(LaidOut {
        document,
        what,
        notes,
    })
}

/// A page as a PNG at `dpi`, and its size in pixels; refused, saying how
/// large the page is, when the image would hold more than [`MAX_PIXELS`].
pub fn png(page: &typst_layout::Page, dpi: u32) -> Result<(Vec<u8>, (u32, u32)), String> {
    // A template may make pages of any size: the image stays bounded.
    let size = page.frame.size();
    let scale = f64::from(dpi) / 72.0;
    let pixels = (size.x.to_pt() * scale).ceil() * (size.y.to_pt() * scale).ceil();
    if !(pixels.is_finite() && pixels <= MAX_PIXELS as f64) {
        let mm = |v: f64| (v * 25.4 / 72.0).round();
        return Err(format!(
            "is {} × {} mm, which would be more than {} million pixels",
            mm(size.x.to_pt()),
            mm(size.y.to_pt()),
            MAX_PIXELS / 1_000_000
        ));
    }
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(scale),
        render_bleed: false,
    };
    let pixmap = typst_render::render(page, &options);
    let png = pixmap
        .encode_png()
        .map_err(|e| format!("could not be written as PNG: {e}"))?;
    Ok((png, (pixmap.width(), pixmap.height())))
}

/// The participant of this id, by its index.
fn find(people: &[Participant], id: &str) -> Result<usize, Error> {
    if let Some(index) = people.iter().position(|p| p.id == id) {
        return Ok(index);
    }
    let like: Vec<&str> = people
        .iter()
        .filter(|p| p.id.eq_ignore_ascii_case(id))
        .map(|p| p.id.as_str())
        .collect();
    let hint = match like.as_slice() {
        [] => match people.first() {
            Some(first) => format!(
                "ids are in the roster's id column (or made from the names), e.g. {}; \
                 `carnet check` lists the roster",
                first.id
            ),
            None => "the roster has no participant".into(),
        },
        [one, ..] => format!("did you mean {one}?"),
    };
    Err(Error::Usage(format!(
        "--participant {id}: no participant has this id; {hint}"
    )))
}

/// The document of the plan whose kind `is` accepts.
fn take<'p>(
    plan: &Plan<'p>,
    is: impl Fn(&Kind) -> bool,
) -> Result<crate::plan::Document<'p>, Error> {
    plan.documents
        .iter()
        .position(|d| is(&d.kind))
        .map(|at| plan.documents[at].clone())
        .ok_or_else(|| Error::Usage("the event makes no such document".into()))
}

/// "Yasmina Dupont".
fn display_name(p: &Participant) -> String {
    [p.first_name.trim(), p.last_name.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `bytes` to `out` whole or not at all.
fn write_atomically(out: &Path, bytes: &[u8]) -> Result<(), Error> {
    let folder = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(Error::Input {
            file: out.display().to_string(),
            message: "its folder does not exist".into(),
            hint: format!("create {} first, or name another --out", folder.display()),
        });
    }
    let mut file = Temporary::create(&folder, ".png.part")?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(|e| Error::io(out, e))?;
    file.persist(out).map_err(|e| Error::io(out, e))
}
