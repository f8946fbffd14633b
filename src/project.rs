//! The event folder: content, templates and fonts, with built-in defaults.
//!
//! The repository's own `content/`, `templates/` and `fonts/` are the sample
//! event and are embedded in the binary. An event folder overrides them one
//! file at a time (as mdBook themes do): a file present in the folder wins, a
//! file absent from it comes from the defaults. Everything a template may read
//! is loaded here once and served from memory to every compile.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::error::Error;
use crate::event::EventConfig;

static CONTENT: Dir = include_dir!("$CARGO_MANIFEST_DIR/content");
static TEMPLATES: Dir = include_dir!("$CARGO_MANIFEST_DIR/templates");
static FONTS: Dir = include_dir!("$CARGO_MANIFEST_DIR/fonts");

/// The folders of an event, each with its embedded default.
const FOLDERS: [(&str, &Dir<'static>); 3] = [
    ("content", &CONTENT),
    ("templates", &TEMPLATES),
    ("fonts", &FONTS),
];

/// Where a file of the project comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into carnet.
    Builtin,
    /// The event folder's own file.
    Folder(PathBuf),
}

/// One file of the project.
#[derive(Debug, Clone)]
pub struct ProjectFile {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Where it comes from.
    pub origin: Origin,
}

/// An event folder with the defaults filled in, and its parsed `event.yaml`.
#[derive(Debug, Clone)]
pub struct Project {
    /// The event folder.
    pub root: PathBuf,
    /// Every file templates may read, by its path in the project
    /// (`content/event.yaml`, `templates/booklet.typ`, `fonts/…`).
    pub files: BTreeMap<String, ProjectFile>,
    /// The event's settings.
    pub event: EventConfig,
}

impl Project {
    /// Loads the event folder at `root` over the built-in defaults.
    pub fn load(root: &Path) -> Result<Self, Error> {
        let mut files = BTreeMap::new();
        for (name, dir) in FOLDERS {
            for (path, bytes) in embedded_files(dir) {
                files.insert(
                    format!("{name}/{path}"),
                    ProjectFile {
                        bytes,
                        origin: Origin::Builtin,
                    },
                );
            }
            let folder = root.join(name);
            if folder.is_dir() {
                read_folder(&folder, name, &mut files)?;
            }
        }
        let event_file = &files["content/event.yaml"];
        let text = String::from_utf8_lossy(&event_file.bytes);
        let event = EventConfig::parse(&text).map_err(|message| {
            let file = display_origin(&event_file.origin, "content/event.yaml");
            // The parser's own text names the input `<input>`: name the file.
            let message = message
                .trim_start_matches("error: ")
                .replace("<input>", &file);
            Error::Input {
                file,
                message,
                hint: "fix the setting named above; `carnet init DIR` writes a complete example"
                    .into(),
            }
        })?;
        Ok(Self {
            root: root.to_path_buf(),
            files,
            event,
        })
    }

    /// The bytes of a project file, if it exists.
    pub fn file(&self, path: &str) -> Option<&ProjectFile> {
        self.files.get(path)
    }

    /// A project file as the user should read its name in a message.
    pub fn display(&self, path: &str) -> String {
        match self.files.get(path) {
            Some(file) => display_origin(&file.origin, path),
            None => path.to_owned(),
        }
    }

    /// The font files (`fonts/*.ttf|otf|ttc|otc`), built-in ones first.
    pub fn fonts(&self) -> impl Iterator<Item = (&str, &ProjectFile)> {
        self.files.iter().filter_map(|(path, file)| {
            let lower = path.to_ascii_lowercase();
            let is_font = path.starts_with("fonts/")
                && [".ttf", ".otf", ".ttc", ".otc"]
                    .iter()
                    .any(|ext| lower.ends_with(ext));
            is_font.then_some((path.as_str(), file))
        })
    }
}

/// Writes the built-in event (content, templates, fonts) into `dir`.
pub fn write_defaults(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut written = Vec::new();
    for (name, folder) in FOLDERS {
        for (path, bytes) in embedded_files(folder) {
            let target = dir.join(name).join(&path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            fs::write(&target, bytes).map_err(|e| Error::io(&target, e))?;
            written.push(target);
        }
    }
    Ok(written)
}

fn display_origin(origin: &Origin, path: &str) -> String {
    match origin {
        Origin::Builtin => format!("{path} (built-in)"),
        Origin::Folder(path) => {
            let path = path.strip_prefix(".").unwrap_or(path);
            path.display().to_string()
        }
    }
}

/// Every file of an embedded folder, with its path relative to the folder.
fn embedded_files(dir: &'static Dir<'static>) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        for file in dir.files() {
            let path = file.path().to_string_lossy().replace('\\', "/");
            if !is_hidden(&path) {
                out.push((path, file.contents().to_vec()));
            }
        }
        stack.extend(dir.dirs());
    }
    out
}

/// Reads every file below `folder` into `files`, overriding the defaults.
fn read_folder(
    folder: &Path,
    name: &str,
    files: &mut BTreeMap<String, ProjectFile>,
) -> Result<(), Error> {
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        for entry in entries {
            let path = entry.map_err(|e| Error::io(&dir, e))?.path();
            let relative = path.strip_prefix(folder).unwrap_or(&path);
            let relative = relative.to_string_lossy().replace('\\', "/");
            if is_hidden(&relative) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
                files.insert(
                    format!("{name}/{relative}"),
                    ProjectFile {
                        bytes,
                        origin: Origin::Folder(path),
                    },
                );
            }
        }
    }
    Ok(())
}

/// Dot files, editor backups and lock files are not part of an event.
fn is_hidden(path: &str) -> bool {
    path.split('/')
        .any(|part| part.starts_with('.') || part.starts_with("~$") || part.ends_with('~'))
}
