//! Problems found in the user's input, and the report that lists them.
//!
//! Every stage reports what it finds as [`Problem`]s that point at the input
//! (file, sheet, row, column) and say what to do. Stages keep going after a
//! problem so that the user sees all of them at once.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; the pack is still built.
    Warning,
    /// The input must be fixed (or the row skipped with `--skip-invalid`).
    Error,
}

/// One problem, pointing at the input it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as the user named it.
    pub file: String,
    /// The sheet, for spreadsheets.
    pub sheet: Option<String>,
    /// The row number as the spreadsheet shows it (1-based), or the line.
    pub row: Option<u32>,
    /// The column's header.
    pub column: Option<String>,
    /// The offending value.
    pub value: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Problem {
    /// An error about a file as a whole.
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.into(),
            sheet: None,
            row: None,
            column: None,
            value: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning about a file as a whole.
    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    /// Points at a sheet.
    pub fn sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// Points at a row.
    pub fn row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }

    /// Points at a column.
    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// Quotes the offending value.
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// Says what to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this problem stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    /// `error: participants.xlsx, sheet Inscrits, row 37, column Email: "x@": not an email address; hint: …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet {sheet}")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        f.write_str(": ")?;
        if let Some(value) = &self.value {
            write!(f, "{value:?}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}
