//! The bounds carnet puts on what it reads.
//!
//! Every input may be broken or crafted: a sheet whose used range reaches
//! its last cell because of one stray value, an xlsx entry that inflates
//! to gigabytes, a font folder holding a disk image. Each bound is checked
//! before the memory it protects is taken, and a breach is a clear error
//! naming the file and what to do. The numbers are far above any real
//! event (the README lists them), so that no organiser ever meets them.

/// A mebibyte.
const MIB: u64 = 1024 * 1024;

/// Rows of a roster's sheet, title, header and blank rows included: room
/// for 100,000 participants and more.
pub const MAX_ROWS: usize = 200_000;

/// Columns of a roster's sheet.
pub const MAX_COLUMNS: usize = 1_000;

/// Cells of the sheets a roster's reader lays out, empty ones inside the
/// used range included (100,000 participants with 50 columns).
pub const MAX_CELLS: usize = 5_000_000;

/// Characters in one cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Bytes of one file: the roster, or any file of the event folder (a font
/// family with every script is a few tens of MB).
pub const MAX_FILE_BYTES: u64 = 100 * MIB;

/// Bytes of all the files of an event folder that carnet reads.
pub const MAX_FOLDER_BYTES: u64 = 1024 * MIB;

/// Files of an event folder that carnet reads.
pub const MAX_FOLDER_FILES: usize = 10_000;

/// Bytes of one entry of a zipped spreadsheet (xlsx, xlsm, xlsb, ods) once
/// decompressed, and of one entry read from a pack.
pub const MAX_ENTRY_BYTES: u64 = 128 * MIB;

/// Bytes of all the entries of a zipped spreadsheet once decompressed.
pub const MAX_UNZIPPED_BYTES: u64 = 512 * MIB;

/// Bytes of a file name carnet writes (a booklet, a grid, a mail).
pub const MAX_FILE_NAME_BYTES: usize = 120;

/// A size for people: `100 MB`, `512 kB`.
pub fn size(bytes: u64) -> String {
    match size_in_units(bytes) {
        (n, "mb") => format!("{n} MB"),
        (n, "kb") => format!("{n} kB"),
        (n, _) => format!("{n} bytes"),
    }
}

/// A size as [`size`] writes it, as the number and the key of its unit
/// (`mb`, `kb`, `bytes`), for messages that say the unit in their language.
pub fn size_in_units(bytes: u64) -> (u64, &'static str) {
    match bytes {
        b if b >= MIB => (b / MIB, "mb"),
        b if b >= 1024 => (b / 1024, "kb"),
        b => (b, "bytes"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(super::size(100 * super::MIB), "100 MB");
        assert_eq!(super::size(4096), "4 kB");
        assert_eq!(super::size(12), "12 bytes");
    }
}
