//! Showing a number or a date as its cell's number format does.
//!
//! A spreadsheet stores `0472112233` typed in a cell formatted `0000000000`
//! as the number 472112233, and 14 May 2013 as the serial number 41408;
//! what the organiser sees is the format's rendering of them. carnet renders
//! the formats that matter for a roster: those that only place digits
//! (phone numbers, postcodes, SIRET: `0000000000`, `00000`,
//! `0# ## ## ## ##`) and date and time formats (`dd/mm/yyyy`,
//! `d mmmm yyyy`, `hh:mm`), with French month and day names unless the
//! format asks for English ones. Any other format (decimals, thousands,
//! currencies, fractions) is not rendered: the caller keeps the plain
//! number.

use time::{Date, Month};

/// The codes of Excel's built-in formats by their ID, as a French Excel
/// shows them: the short date (14) and date-time (22) follow the system's
/// locale, which for a French roster is `dd/mm/yyyy`.
pub(crate) fn builtin(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "dd/mm/yyyy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "dd/mm/yyyy hh:mm",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mm:ss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

/// A moment as a cell holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct When {
    /// Year, month (1–12) and day; `None` for a time of day alone.
    pub date: Option<(i32, u8, u8)>,
    /// Hours, minutes, seconds.
    pub time: (u8, u8, u8),
}

/// One piece of a format.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// Text shown as is.
    Literal(String),
    /// `.` or `,`: a separator in a date, a decimal point or grouping in a number.
    Point(char),
    /// A digit placeholder: `0` (a digit or 0) or `#` (a digit or nothing).
    Digit { zero: bool },
    /// A run of a date or time letter: `yyyy`, `mm`, `d`, `hh`…
    Part(char, usize),
    /// `AM/PM` or `A/P`, as written.
    AmPm(String),
    /// English names asked for by a locale tag (`[$-409]`).
    English,
    /// Anything carnet does not render.
    Unknown,
}

/// The first section of a format (the one for positive numbers and dates).
fn first_section(code: &str) -> &str {
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for (at, c) in code.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => return &code[..at],
            _ => {}
        }
    }
    code
}

/// Cuts a format section into tokens.
fn tokens(section: &str) -> Vec<Token> {
    let chars: Vec<char> = section.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let token = match c {
            '"' => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == '"')
                    .map_or(chars.len(), |p| i + p);
                let text: String = chars[i..end].iter().collect();
                i = (end + 1).min(chars.len());
                Token::Literal(text)
            }
            '\\' => {
                let text = chars.get(i).map(char::to_string).unwrap_or_default();
                i += 1;
                Token::Literal(text)
            }
            // Padding the width of the next character: a space will do.
            '_' => {
                i += 1;
                Token::Literal(" ".into())
            }
            '[' => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == ']')
                    .map_or(chars.len(), |p| i + p);
                let inside: String = chars[i..end].iter().collect();
                i = (end + 1).min(chars.len());
                bracket(&inside)
            }
            '0' => Token::Digit { zero: true },
            '#' => Token::Digit { zero: false },
            '.' | ',' => Token::Point(c),
            ' ' | '-' | '/' | '(' | ')' | ':' | '+' | '$' | '€' | '\'' | '\u{a0}' | '\u{202f}' => {
                Token::Literal(c.to_string())
            }
            c if c.eq_ignore_ascii_case(&'a') => {
                let rest: String = chars[i - 1..].iter().take(5).collect();
                let upper = rest.to_ascii_uppercase();
                if upper.starts_with("AM/PM") {
                    i += 4;
                    Token::AmPm(rest)
                } else if upper.starts_with("A/P") {
                    i += 2;
                    Token::AmPm(rest[..3].to_owned())
                } else {
                    Token::Unknown
                }
            }
            c if "ymdhsen".contains(c.to_ascii_lowercase()) => {
                let letter = c.to_ascii_lowercase();
                let mut run = 1;
                while chars
                    .get(i)
                    .is_some_and(|n| n.to_ascii_lowercase() == letter)
                {
                    run += 1;
                    i += 1;
                }
                Token::Part(letter, run)
            }
            _ => Token::Unknown,
        };
        tokens.push(token);
    }
    tokens
}

/// What a `[…]` holds: a locale, a colour (shown as nothing), or a
/// condition or elapsed time, which carnet does not render.
fn bracket(inside: &str) -> Token {
    if let Some(locale) = inside.strip_prefix('$') {
        let (symbol, language) = locale.split_once('-').unwrap_or((locale, ""));
        if !symbol.is_empty() {
            return Token::Literal(symbol.to_owned());
        }
        return match u32::from_str_radix(language, 16) {
            // System formats (`[$-F800]`) are the reader's own: not rendered.
            Ok(id) if id >= 0xF000 => Token::Unknown,
            Ok(id) if id & 0x3FF == 0x09 => Token::English,
            Ok(_) => Token::Literal(String::new()),
            Err(_) if language.to_ascii_lowercase().starts_with("en") => Token::English,
            Err(_) => Token::Unknown,
        };
    }
    let colours = [
        "black", "blue", "cyan", "green", "magenta", "red", "white", "yellow",
    ];
    let lower = inside.to_ascii_lowercase();
    if colours.contains(&lower.as_str()) || lower.starts_with("color") {
        Token::Literal(String::new())
    } else {
        Token::Unknown
    }
}

/// A whole number as a format that only places digits shows it:
/// `0000000000` shows 472112233 as `0472112233`, `0# ## ## ## ##` as
/// `04 72 11 22 33`. `None` for other formats, and for numbers that are
/// not whole, not positive or too large to be exact.
pub(crate) fn digits(code: &str, x: f64) -> Option<String> {
    if !(x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < 1e15) {
        return None;
    }
    let tokens = tokens(first_section(code));
    if !tokens.iter().any(|t| matches!(t, Token::Digit { .. })) {
        return None;
    }
    if tokens
        .iter()
        .any(|t| !matches!(t, Token::Literal(_) | Token::Digit { .. }))
    {
        return None;
    }
    // Digits fill the placeholders from the right; those left over go
    // where the first placeholder is.
    let mut digits: Vec<char> = format!("{}", x as u64).chars().collect();
    if digits == ['0'] {
        digits.clear();
    }
    let first = tokens
        .iter()
        .position(|t| matches!(t, Token::Digit { .. }))
        .unwrap_or(0);
    let mut shown: Vec<String> = Vec::with_capacity(tokens.len());
    for (at, token) in tokens.iter().enumerate().rev() {
        match token {
            Token::Literal(text) => shown.push(text.clone()),
            Token::Digit { zero } => {
                let mut piece = match digits.pop() {
                    Some(d) => d.to_string(),
                    None if *zero => "0".to_owned(),
                    None => String::new(),
                };
                if at == first {
                    let rest: String = digits.drain(..).collect();
                    piece.insert_str(0, &rest);
                }
                shown.push(piece);
            }
            _ => unreachable!("checked above"),
        }
    }
    shown.reverse();
    Some(shown.concat())
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_FR_SHORT: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS_FR: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const DAYS_FR_SHORT: [&str; 7] = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];
const DAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A date or time as its format shows it: `dd/mm/yyyy` shows 14 May 2013
/// as `14/05/2013`, `dddd d mmmm yyyy` as `mardi 14 mai 2013`. `None` for
/// a format carnet does not render (elapsed times, fractions of seconds,
/// the reader's own system formats).
pub(crate) fn date(code: &str, when: When) -> Option<String> {
    let tokens = tokens(first_section(code));
    let parts = |t: &Token| matches!(t, Token::Part(..));
    if !tokens.iter().any(parts) {
        return None;
    }
    let english = tokens.contains(&Token::English);
    let twelve = tokens.iter().any(|t| matches!(t, Token::AmPm(_)));
    let (hour, minute, second) = when.time;
    let needs_date = tokens
        .iter()
        .any(|t| matches!(t, Token::Part('y' | 'd' | 'e' | 'n', _)));
    let (year, month, day) = match when.date {
        Some(date) => date,
        None if needs_date => return None,
        None => (1900, 1, 1),
    };
    let calendar = Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
    let weekday = usize::from(calendar.weekday().number_days_from_monday());
    let month_index = usize::from(month - 1);
    let mut out = String::new();
    for (at, token) in tokens.iter().enumerate() {
        match token {
            Token::Literal(text) => out.push_str(text),
            Token::Point(c) => out.push(*c),
            Token::English => {}
            Token::AmPm(written) => {
                let pm = hour >= 12;
                let text = match (written.len(), pm) {
                    (5, false) => &written[..2],
                    (5, true) => &written[3..],
                    (_, false) => &written[..1],
                    (_, true) => &written[2..],
                };
                out.push_str(text);
            }
            Token::Part(letter, run) => {
                let run = *run;
                let number = |n: u32, pad: bool| {
                    if pad {
                        format!("{n:02}")
                    } else {
                        n.to_string()
                    }
                };
                let text = match letter {
                    'y' if run <= 2 => format!("{:02}", year.rem_euclid(100)),
                    'y' | 'e' => format!("{year:04}"),
                    'm' if run <= 2 && is_minutes(&tokens, at) => number(minute.into(), run == 2),
                    'm' => match run {
                        1 | 2 => number(month.into(), run == 2),
                        3 if english => MONTHS_EN[month_index][..3].to_owned(),
                        3 => MONTHS_FR_SHORT[month_index].to_owned(),
                        4 if english => MONTHS_EN[month_index].to_owned(),
                        4 => MONTHS_FR[month_index].to_owned(),
                        _ if english => MONTHS_EN[month_index][..1].to_owned(),
                        _ => MONTHS_FR[month_index][..1].to_uppercase(),
                    },
                    'd' => match run {
                        1 | 2 => number(day.into(), run == 2),
                        3 if english => DAYS_EN[weekday][..3].to_owned(),
                        3 => DAYS_FR_SHORT[weekday].to_owned(),
                        _ if english => DAYS_EN[weekday].to_owned(),
                        _ => DAYS_FR[weekday].to_owned(),
                    },
                    // LibreOffice's day names: NN short, NNN and more long.
                    'n' if english && run == 2 => DAYS_EN[weekday][..3].to_owned(),
                    'n' if run == 2 => DAYS_FR_SHORT[weekday].to_owned(),
                    'n' if english => DAYS_EN[weekday].to_owned(),
                    'n' => DAYS_FR[weekday].to_owned(),
                    'h' => {
                        let hour = if twelve {
                            (u32::from(hour) + 11) % 12 + 1
                        } else {
                            hour.into()
                        };
                        number(hour, run >= 2)
                    }
                    's' => number(second.into(), run >= 2),
                    _ => return None,
                };
                out.push_str(&text);
            }
            Token::Digit { .. } | Token::Unknown => return None,
        }
    }
    Some(out)
}

/// Whether the `m` at `at` counts minutes: just after hours, or just
/// before seconds (literals between them aside).
fn is_minutes(tokens: &[Token], at: usize) -> bool {
    let part = |t: &Token| match t {
        Token::Part(letter, _) => Some(*letter),
        _ => None,
    };
    let before = tokens[..at].iter().rev().find_map(part);
    let after = tokens[at + 1..].iter().find_map(part);
    before == Some('h') || after == Some('s')
}

/// A moment in the French short form, for a cell whose format carnet
/// cannot know or render: `14/05/2013`, `14/05/2013 09:30`, `09:30`.
pub(crate) fn french(when: When) -> String {
    let (hour, minute, second) = when.time;
    let time = if second == 0 {
        format!("{hour:02}:{minute:02}")
    } else {
        format!("{hour:02}:{minute:02}:{second:02}")
    };
    match when.date {
        None => time,
        Some((year, month, day)) if when.time == (0, 0, 0) => {
            format!("{day:02}/{month:02}/{year:04}")
        }
        Some((year, month, day)) => format!("{day:02}/{month:02}/{year:04} {time}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_that_place_digits_keep_the_zeros_shown() {
        assert_eq!(
            digits("0000000000", 472112233.0).as_deref(),
            Some("0472112233")
        );
        assert_eq!(digits("00000", 1000.0).as_deref(), Some("01000"));
        assert_eq!(
            digits("0# ## ## ## ##", 472112233.0).as_deref(),
            Some("04 72 11 22 33")
        );
        assert_eq!(
            digits(r#"00" "00" "00" "00" "00"#, 612345678.0).as_deref(),
            Some("06 12 34 56 78")
        );
        assert_eq!(
            digits(r"000\ 000\ 000\ 00000", 1234567800012.0).as_deref(),
            Some("012 345 678 00012"),
            "a SIRET"
        );
        assert_eq!(
            digits("[$-40C]00000;[Red]-00000", 75011.0).as_deref(),
            Some("75011")
        );
        assert_eq!(
            digits("000", 123456.0).as_deref(),
            Some("123456"),
            "more digits than places"
        );
        assert_eq!(digits("#", 0.0).as_deref(), Some(""));
        for (code, x) in [
            ("General", 472112233.0),
            ("0.00", 12.0),
            ("#,##0", 1234.0),
            ("0%", 1.0),
            ("@", 1.0),
            ("0000000000", 2.5),
            ("0000000000", -1.0),
            ("[>=100]000;00", 5.0),
        ] {
            assert_eq!(digits(code, x), None, "{code}");
        }
    }

    #[test]
    fn dates_are_shown_as_their_format_says() {
        let may = When {
            date: Some((2013, 5, 14)),
            time: (9, 5, 0),
        };
        for (code, shown) in [
            ("dd/mm/yyyy", "14/05/2013"),
            ("DD/MM/YYYY", "14/05/2013"),
            ("d/m/yy", "14/5/13"),
            ("[$-40C]dddd d mmmm yyyy", "mardi 14 mai 2013"),
            ("[$-409]dddd, mmmm d, yyyy", "Tuesday, May 14, 2013"),
            ("ddd d mmm yyyy", "mar. 14 mai 2013"),
            ("yyyy-mm-dd h:mm:ss", "2013-05-14 9:05:00"),
            ("dd/mm/yyyy hh:mm", "14/05/2013 09:05"),
            ("h:mm AM/PM", "9:05 AM"),
            ("hh\"h\"mm", "09h05"),
            ("mmmmm", "M"),
            ("NNN D MMMM", "mardi 14 mai"),
        ] {
            assert_eq!(date(code, may).as_deref(), Some(shown), "{code}");
        }
        for code in [
            "[h]:mm:ss",
            "mm:ss.0",
            "[$-F800]dddd, mmmm dd, yyyy",
            "General",
            "0.00",
        ] {
            assert_eq!(date(code, may), None, "{code}");
        }
        let time = When {
            date: None,
            time: (14, 30, 0),
        };
        assert_eq!(date("hh:mm", time).as_deref(), Some("14:30"));
        assert_eq!(date("dd/mm/yyyy", time), None);
        assert_eq!(french(may), "14/05/2013 09:05");
        assert_eq!(french(time), "14:30");
        assert_eq!(
            french(When {
                date: Some((2013, 5, 14)),
                time: (0, 0, 0)
            }),
            "14/05/2013"
        );
    }
}
