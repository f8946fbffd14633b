//! The errors carnet reports, and the exit code each one gives.
//!
//! Every error points at the user's input and says what to do; `main` prints
//! it once. Problems in the roster are collected, not thrown one by one, so a
//! single error may carry many of them.

use std::fmt;
use std::path::Path;

use crate::report::Problem;

/// Something that stops a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has problems; all of them are listed.
    #[error("{}", list_problems(.0))]
    Problems(Vec<Problem>),
    /// One input file is wrong as a whole.
    #[error("{}", input(file, message, hint))]
    Input {
        /// The file, as the user should read its name.
        file: String,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: String,
    },
    /// A template did not compile; the text holds Typst's diagnostics.
    #[error("{0}")]
    Template(String),
    /// Problems already shown to the user.
    #[error("{}", crate::say!(crate::locale::Language::terminal(), "problems-reported", count = *.0))]
    Reported(usize),
    /// Arguments that do not fit together.
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// Writing the pack failed.
    #[error("writing the pack {path}: {message}")]
    Pack {
        /// The pack's path.
        path: String,
        /// What went wrong.
        message: String,
    },
}

impl Error {
    /// An I/O error on a path.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// The error as printed for people: each line says whether it is an
    /// error or a warning.
    pub fn for_people(&self) -> String {
        match self {
            Self::Problems(_) | Self::Template(_) => self.to_string(),
            _ => {
                let language = crate::locale::Language::terminal();
                let error = crate::say!(language, "level-error");
                let colon = crate::say!(language, "colon");
                format!("{error}{colon}{self}")
            }
        }
    }

    /// The process exit code: 2 for usage, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) => 2,
            _ => 1,
        }
    }
}

/// `FILE: message`, and its hint on a line of its own, in the terminal's
/// language.
fn input(file: &str, message: &str, hint: &str) -> String {
    let language = crate::locale::Language::terminal();
    let colon = crate::say!(language, "colon");
    let label = crate::say!(language, "level-hint");
    format!("{file}{colon}{message}\n  {label}{colon}{hint}")
}

fn list_problems(problems: &[Problem]) -> String {
    struct List<'a>(&'a [Problem]);
    impl fmt::Display for List<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let errors = self.0.iter().filter(|p| p.is_error()).count();
            for problem in self.0 {
                writeln!(f, "{problem}")?;
            }
            let language = crate::locale::Language::terminal();
            f.write_str(&crate::say!(language, "problems-to-fix", count = errors))
        }
    }
    List(problems).to_string()
}

thread_local! {
    /// Whether this thread is inside [`contain`].
    static CONTAINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, a call into a library that may panic on a crafted input (the
/// spreadsheet readers do, on some damaged files): a panic there gives
/// `None`, for the caller to report as a damaged input, and its message is
/// kept off the terminal by the hook of [`install_panic_hook`].
pub fn contain<T>(f: impl FnOnce() -> T) -> Option<T> {
    let outer = CONTAINED.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CONTAINED.with(|c| c.set(outer));
    result.ok()
}

/// Keeps the messages of contained panics off the terminal; any other
/// panic is a bug of carnet's and is printed as usual.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !CONTAINED.with(std::cell::Cell::get) {
            default(info);
        }
    }));
}
