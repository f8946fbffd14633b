//! A cell's text as the spreadsheet shows it: numbers like identifiers,
//! dates as ISO dates, durations and times as written.

use calamine::Data;

use super::grid::Typed;
use super::numfmt::{self, When};

/// What carnet knows of how a cell shows its value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shows<'s> {
    /// Its number format's code (`General` when it has none).
    Format(&'s str),
    /// The text it shows, as the file records it (ODS).
    Text(&'s str),
    /// Nothing (xlsb).
    Unknown,
}

/// A cell's text as the spreadsheet shows it, and what it holds it as
/// when it is a number or a date.
///
/// A number whose format only places digits is shown as the format shows
/// it (`0472112233`); other numbers as plain numbers (`75011`, not
/// `75011.0`). A date is shown as its format shows it (`14/05/2013`), or
/// in the French short form when the format is unknown, and keeps its ISO
/// form. Everything else reads as [`cell_text`] says.
pub(crate) fn read_cell(data: &Data, shows: Shows) -> (String, Option<Typed>) {
    let number = |x: f64| {
        let shown = match shows {
            Shows::Format(code) => numfmt::digits(code, x),
            Shows::Text(text) => shown_digits(text, x),
            Shows::Unknown => None,
        };
        (shown.unwrap_or_else(|| number_text(x)), Some(Typed::Number))
    };
    match data {
        Data::Float(x) => number(*x),
        Data::Int(n) => number(*n as f64),
        Data::DateTime(date) if !date.is_duration() => {
            let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
            let when = When {
                date: (date.as_f64() >= 1.0).then_some((i32::from(year), month, day)),
                time: (hour, minute, second),
            };
            let shown = match shows {
                Shows::Format(code) => numfmt::date(code, when),
                Shows::Text(text) => Some(text.to_owned()),
                Shows::Unknown => None,
            };
            let iso = cell_text(data);
            let shown = shown.unwrap_or_else(|| numfmt::french(when));
            (shown, Some(Typed::Date(iso.into())))
        }
        Data::DateTimeIso(written) => {
            let iso = iso_datetime_text(written);
            let shown = match shows {
                Shows::Text(text) => Some(text.to_owned()),
                _ => iso_when(written).map(numfmt::french),
            };
            let shown = shown.unwrap_or_else(|| iso.clone());
            (shown, Some(Typed::Date(iso.into())))
        }
        // ODS holds times of day as durations: one under a day is a time.
        Data::DurationIso(written) => {
            let iso = iso_duration_text(written);
            let hours = iso.split(':').next().and_then(|h| h.parse::<u32>().ok());
            let clock = hours.is_some_and(|h| h < 24);
            match (shows, clock) {
                (Shows::Text(text), true) => (text.to_owned(), Some(Typed::Date(iso.into()))),
                _ => (iso, None),
            }
        }
        _ => (cell_text(data), None),
    }
}

/// The text an ODS number cell shows, when it is the number's digits,
/// with leading zeros or separators (`0472112233`, `04 72 11 22 33`):
/// other texts (decimals, currencies, exponents) are not kept.
fn shown_digits(text: &str, x: f64) -> Option<String> {
    if !(x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < 1e15) {
        return None;
    }
    let separators = [' ', '\u{a0}', '\u{202f}', '-', '.', '/', '(', ')', '+'];
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || separators.contains(&c))
    {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (digits.parse::<u64>().ok()? == x as u64).then(|| text.to_owned())
}

/// An ODS date or date-time (`2013-05-14T09:30:00`) as a moment.
fn iso_when(iso: &str) -> Option<When> {
    let (date, time) = iso.split_once('T').unwrap_or((iso, ""));
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    let mut clock = time.split(':').map(|p| {
        p.get(..2.min(p.len()))
            .and_then(|p| p.parse::<u8>().ok())
            .unwrap_or(0)
    });
    Some(When {
        date: Some((
            i32::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )),
        time: (
            clock.next().unwrap_or(0),
            clock.next().unwrap_or(0),
            clock.next().unwrap_or(0),
        ),
    })
}

/// A cell as text, the way the spreadsheet shows it where that matters:
/// identifiers stay digits (`75011`, not `75011.0`), dates are ISO dates
/// (`2013-05-14`, not a serial number), formulas give their cached value,
/// formula errors their code (`#N/A`).
pub(crate) fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => number_text(*x),
        Data::Bool(true) => "VRAI".to_owned(),
        Data::Bool(false) => "FAUX".to_owned(),
        Data::DateTime(date) if date.is_duration() => duration_text(date.as_f64() * 24.0),
        Data::DateTime(date) => {
            let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
            let time = if second == 0 {
                format!("{hour:02}:{minute:02}")
            } else {
                format!("{hour:02}:{minute:02}:{second:02}")
            };
            if date.as_f64() < 1.0 {
                time
            } else if (hour, minute, second) == (0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {time}")
            }
        }
        Data::DateTimeIso(iso) => iso_datetime_text(iso),
        Data::DurationIso(iso) => iso_duration_text(iso),
        Data::Error(error) => error.to_string(),
    }
}

/// `75011.0` → `75011`; other numbers with at most 15 significant digits, as
/// spreadsheets show them (`0.1 + 0.2` → `0.3`).
pub(crate) fn number_text(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let rounded: f64 = format!("{x:.14e}").parse().unwrap_or(x);
    format!("{rounded}")
}

/// Hours as `H:MM` (more than 24 hours stay hours, as in a duration cell).
fn duration_text(hours: f64) -> String {
    let minutes = (hours * 60.0).round() as i64;
    format!("{}:{:02}", minutes / 60, (minutes % 60).abs())
}

/// ODS dates: `2013-05-14T00:00:00` → `2013-05-14`; `2013-05-14T09:30:00` → `2013-05-14 09:30`.
fn iso_datetime_text(iso: &str) -> String {
    let Some((date, time)) = iso.split_once('T') else {
        return iso.to_owned();
    };
    let time = time.trim_end_matches(".000").trim_end_matches('Z');
    let time = time.strip_suffix(":00").unwrap_or(time);
    if time == "00:00" || time.is_empty() {
        date.to_owned()
    } else {
        format!("{date} {time}")
    }
}

/// ODS times and durations: `PT09H30M00S` → `09:30`.
fn iso_duration_text(iso: &str) -> String {
    let Some(rest) = iso.strip_prefix("PT") else {
        return iso.to_owned();
    };
    let mut numbers = [0f64; 3];
    let mut current = String::new();
    for c in rest.chars() {
        let slot = match c {
            'H' => 0,
            'M' => 1,
            'S' => 2,
            _ => {
                current.push(c);
                continue;
            }
        };
        numbers[slot] = current.parse().unwrap_or(0.0);
        current.clear();
    }
    let [hours, minutes, seconds] = numbers;
    let seconds = seconds.round() as i64;
    if seconds == 0 {
        format!("{:02}:{:02}", hours as i64, minutes as i64)
    } else {
        format!("{:02}:{:02}:{seconds:02}", hours as i64, minutes as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_identifiers() {
        assert_eq!(number_text(75011.0), "75011");
        assert_eq!(number_text(612345678.0), "612345678");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(2.5), "2.5");
    }

    #[test]
    fn dates_print_as_iso_dates() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let date = |x| {
            cell_text(&Data::DateTime(ExcelDateTime::new(
                x,
                ExcelDateTimeType::DateTime,
                false,
            )))
        };
        assert_eq!(date(41408.0), "2013-05-14");
        assert_eq!(date(41408.375), "2013-05-14 09:00");
        assert_eq!(date(0.5), "12:00");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2013-05-14T00:00:00".into())),
            "2013-05-14"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("2013-05-14".into())),
            "2013-05-14"
        );
        assert_eq!(
            cell_text(&Data::DateTimeIso("2013-05-14T09:30:00".into())),
            "2013-05-14 09:30"
        );
        assert_eq!(cell_text(&Data::DurationIso("PT09H30M00S".into())), "09:30");
    }
}
