//! The event folder: content, templates and fonts, with built-in defaults.
//!
//! The repository's own `content/`, `templates/` and `fonts/` are the sample
//! event and are embedded in the binary. An event folder overrides them one
//! file at a time (as mdBook themes do): a file present in the folder wins, a
//! file absent from it comes from the defaults. Everything a template may read
//! is loaded here once and served from memory to every compile.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::error::Error;
use crate::limits::{self, MAX_FILE_BYTES, MAX_FOLDER_BYTES, MAX_FOLDER_FILES};
use crate::load::event::EventConfig;

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
        // A mistyped --project must not become a new folder (the pack would
        // be written into it): only `carnet init` creates event folders.
        if !root.is_dir() {
            let shown = root.display();
            return Err(Error::Input {
                file: shown.to_string(),
                message: match root.exists() {
                    true => "is not a folder".into(),
                    false => "this event folder does not exist".into(),
                },
                hint: format!(
                    "check the path given with --project (or CARNET_PROJECT); `carnet init \
                     {shown}` writes a new event folder there"
                ),
            });
        }
        let mut files = BTreeMap::new();
        let mut folder = EventFolder::open(root)?;
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
            folder.read(name, &mut files)?;
        }
        let event = read_yaml(
            &files,
            "content/event.yaml",
            EventConfig::parse,
            "fix the setting named above; `carnet init DIR` writes a complete example",
        )?;
        if files.contains_key("content/grille.yaml") {
            read_yaml(
                &files,
                "content/grille.yaml",
                crate::load::options::Grille::parse,
                "each question has `text`, and may have `items`, `trends: true` and `lines: N` \
                 (a whole number); `carnet init DIR` writes the sample grid",
            )?;
        }
        Ok(Self {
            root: root.to_path_buf(),
            files,
            event,
        })
    }

    /// Whether the event folder has a `content/` folder of its own: an
    /// event, rather than an empty folder showing the built-in sample.
    pub fn has_content(&self) -> bool {
        self.root.join("content").is_dir()
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

/// Parses a YAML file of the project; the parser's message names the
/// file, the line and the column.
fn read_yaml<T>(
    files: &BTreeMap<String, ProjectFile>,
    path: &str,
    parse: fn(&str) -> Result<T, String>,
    hint: &str,
) -> Result<T, Error> {
    let file = &files[path];
    let text = String::from_utf8_lossy(&file.bytes);
    parse(&text).map_err(|message| {
        let shown = display_origin(&file.origin, path);
        // The parser's own text names the input `<input>`: name the file.
        let message = message
            .trim_start_matches("error: ")
            .replace("<input>", &shown);
        Error::Input {
            file: shown,
            message,
            hint: hint.to_owned(),
        }
    })
}

/// Whether these bytes are the built-in sample roster (150 fictional
/// people).
pub fn is_sample_roster(bytes: &[u8]) -> bool {
    CONTENT
        .get_file("participants.xlsx")
        .is_some_and(|sample| sample.contents() == bytes)
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

/// An event folder being read: a sandbox. Only its own files are read —
/// a link whose target lies outside it, a named pipe or a device is refused
/// by name — and no more of them than [`crate::limits`] allows.
struct EventFolder {
    /// The folder as given, for the paths shown in messages.
    root: PathBuf,
    /// The folder with every link resolved, to tell what lies inside it.
    real: Option<PathBuf>,
    /// Folders read, with links resolved: a link back up is read once.
    seen: std::collections::HashSet<PathBuf>,
    /// Files and bytes read so far.
    count: usize,
    bytes: u64,
}

impl EventFolder {
    fn open(root: &Path) -> Result<Self, Error> {
        Ok(Self {
            root: root.to_path_buf(),
            real: fs::canonicalize(root).ok(),
            seen: Default::default(),
            count: 0,
            bytes: 0,
        })
    }

    /// Reads every file below the event folder's `name` folder into
    /// `files`, overriding the defaults.
    fn read(&mut self, name: &str, files: &mut BTreeMap<String, ProjectFile>) -> Result<(), Error> {
        let top = self.root.join(name);
        if fs::symlink_metadata(&top).is_err() {
            return Ok(());
        }
        let mut stack = vec![top.clone()];
        while let Some(dir) = stack.pop() {
            if !self.enter(&dir)? {
                continue;
            }
            let entries = fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
            for entry in entries {
                let path = entry.map_err(|e| Error::io(&dir, e))?.path();
                let relative = path.strip_prefix(&top).unwrap_or(&path);
                let relative = relative.to_string_lossy().replace('\\', "/");
                if is_hidden(&relative) {
                    continue;
                }
                let metadata = self.inside(&path)?;
                if metadata.is_dir() {
                    stack.push(path);
                } else {
                    let bytes = self.read_file(&path, &metadata)?;
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

    /// Whether to read a folder: it lies inside, and was not read yet.
    fn enter(&mut self, dir: &Path) -> Result<bool, Error> {
        let metadata = self.inside(dir)?;
        if !metadata.is_dir() {
            return Err(refused(
                dir,
                "is not a folder",
                "put a folder of that name there, or remove it",
            ));
        }
        let real = fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
        Ok(self.seen.insert(real))
    }

    /// The metadata of what a path names, once it is known to be a folder
    /// or an ordinary file inside the event folder.
    fn inside(&self, path: &Path) -> Result<fs::Metadata, Error> {
        let own = fs::symlink_metadata(path).map_err(|e| Error::io(path, e))?;
        let metadata = if own.file_type().is_symlink() {
            let target = fs::canonicalize(path).map_err(|_| {
                refused(
                    path,
                    "is a link to something that does not exist",
                    "delete the link, or copy the file it meant into the event folder",
                )
            })?;
            let within = self
                .real
                .as_ref()
                .is_some_and(|real| target.starts_with(real));
            if !within {
                return Err(refused(
                    path,
                    &format!(
                        "is a link to {}, outside the event folder; carnet reads only the event \
                         folder's own files, so that nothing else can reach a booklet",
                        target.display()
                    ),
                    "copy the file into the event folder instead of linking to it, or delete the link",
                ));
            }
            fs::metadata(path).map_err(|e| Error::io(path, e))?
        } else {
            own
        };
        if !metadata.is_dir() && !metadata.is_file() {
            return Err(refused(
                path,
                "is not an ordinary file (a named pipe, a socket or a device)",
                "remove it from the event folder",
            ));
        }
        Ok(metadata)
    }

    /// Reads an ordinary file within the bounds of size and number.
    fn read_file(&mut self, path: &Path, metadata: &fs::Metadata) -> Result<Vec<u8>, Error> {
        self.count += 1;
        if self.count > MAX_FOLDER_FILES {
            return Err(refused(
                &self.root,
                &format!(
                    "holds more than {MAX_FOLDER_FILES} files in content/, templates/ and fonts/"
                ),
                "keep only the event's own files in those folders",
            ));
        }
        let bytes = read_bounded(path, metadata.len())?;
        self.bytes += bytes.len() as u64;
        if self.bytes > MAX_FOLDER_BYTES {
            return Err(refused(
                &self.root,
                &format!(
                    "holds more than {} in content/, templates/ and fonts/",
                    limits::size(MAX_FOLDER_BYTES)
                ),
                "keep only the event's own files in those folders",
            ));
        }
        Ok(bytes)
    }
}

/// Reads a file of at most [`MAX_FILE_BYTES`] (`declared` is its size as
/// the system gives it; the reading stops there too, should it grow).
pub fn read_bounded(path: &Path, declared: u64) -> Result<Vec<u8>, Error> {
    let too_large = || {
        refused(
            path,
            &format!(
                "is larger than {}, more than any file of an event",
                limits::size(MAX_FILE_BYTES)
            ),
            "check that this is the file meant; an event's files are a few MB at most",
        )
    };
    if declared > MAX_FILE_BYTES {
        return Err(too_large());
    }
    let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::with_capacity(declared as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// A file of the event folder that carnet will not read.
fn refused(path: &Path, message: &str, hint: &str) -> Error {
    let path = path.strip_prefix(".").unwrap_or(path);
    Error::Input {
        file: path.display().to_string(),
        message: message.to_owned(),
        hint: hint.to_owned(),
    }
}

/// Dot files, editor backups and lock files are not part of an event.
fn is_hidden(path: &str) -> bool {
    path.split('/')
        .any(|part| part.starts_with('.') || part.starts_with("~$") || part.ends_with('~'))
}
