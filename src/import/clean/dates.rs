//! Dates in the text: a tokeniser and the date shapes (numeric, day month
//! year, month day year) in English, Spanish, Portuguese, French, German and
//! Italian. A numeric date that reads both ways has no value: it is never
//! guessed.

use std::fmt;

use chrono::NaiveDate;

use super::text::is_blankish;

// Dates

/// A date as precise as the text gives it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum DateValue {
    Day(NaiveDate),
    Month(i32, u32),
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateValue::Day(date) => write!(f, "{}", date.format("%Y-%m-%d")),
            DateValue::Month(year, month) => write!(f, "{year:04}-{month:02}"),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum TokenKind {
    Word,
    Number,
    Mark,
}

/// A word, a number (with any ordinal suffix folded in) or a single mark,
/// with its byte span in the tokenised text.
#[derive(Clone, Copy, Debug)]
pub(super) struct Token<'a> {
    pub(super) kind: TokenKind,
    pub(super) text: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Token<'_> {
    pub(super) fn number(&self) -> Option<u32> {
        if self.kind == TokenKind::Number && self.text.len() <= 4 {
            self.text.parse().ok()
        } else {
            None
        }
    }

    pub(super) fn digits(&self) -> usize {
        if self.kind == TokenKind::Number {
            self.text.len()
        } else {
            0
        }
    }

    pub(super) fn is_mark(&self, mark: char) -> bool {
        self.kind == TokenKind::Mark && self.text.starts_with(mark)
    }

    pub(super) fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

pub(super) const ORDINALS: &[&str] = &["st", "nd", "rd", "th", "º", "ª", "er", "o", "a"];

pub(super) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_blankish(c) {
            continue;
        }
        let kind = if c.is_ascii_digit() {
            TokenKind::Number
        } else if c.is_alphabetic() {
            TokenKind::Word
        } else {
            TokenKind::Mark
        };
        let mut end = start + c.len_utf8();
        if kind != TokenKind::Mark {
            while let Some(&(index, next)) = chars.peek() {
                let same = match kind {
                    TokenKind::Number => next.is_ascii_digit(),
                    _ => next.is_alphabetic(),
                };
                if !same {
                    break;
                }
                end = index + next.len_utf8();
                chars.next();
            }
        }
        let token = Token {
            kind,
            text: &text[start..end],
            start,
            end,
        };
        // "31st", "1º": the suffix belongs to the number.
        if kind == TokenKind::Word {
            if let Some(last) = tokens.last_mut() {
                if last.kind == TokenKind::Number
                    && last.end == start
                    && last.text.len() <= 2
                    && ORDINALS.contains(&token.lower().as_str())
                {
                    last.end = end;
                    continue;
                }
            }
        }
        tokens.push(token);
    }
    tokens
}

pub(super) fn month_number(word: &str) -> Option<u32> {
    #[rustfmt::skip]
    const MONTHS: [&[&str]; 12] = [
        &[
            "january", "jan", "enero", "ene", "janeiro", "janvier", "janv", "januar", "jänner",
            "gennaio", "gen",
        ],
        &[
            "february", "feb", "febrero", "fevereiro", "fev", "février", "févr", "fevrier",
            "februar", "febbraio",
        ],
        &[
            "march", "mar", "marzo", "março", "marco", "mars", "märz", "maerz", "mär",
        ],
        &["april", "apr", "abril", "abr", "avril", "avr", "aprile"],
        &["may", "mayo", "maio", "mai", "maggio", "mag"],
        &[
            "june", "jun", "junio", "junho", "juin", "juni", "giugno", "giu",
        ],
        &[
            "july", "jul", "julio", "julho", "juillet", "juil", "juli", "luglio", "lug",
        ],
        &["august", "aug", "agosto", "ago", "août", "aout", "aoû"],
        &[
            "september", "sep", "sept", "septiembre", "setiembre", "set", "setembro", "septembre",
            "settembre",
        ],
        &[
            "october", "oct", "octubre", "outubro", "out", "octobre", "oktober", "okt", "ottobre",
            "ott",
        ],
        &["november", "nov", "noviembre", "novembro", "novembre"],
        &[
            "december", "dec", "diciembre", "dic", "dezembro", "dez", "décembre", "decembre",
            "dezember", "dicembre",
        ],
    ];
    let word = word.to_lowercase();
    MONTHS
        .iter()
        .position(|names| names.contains(&word.as_str()))
        .and_then(|index| u32::try_from(index + 1).ok())
}

/// Words that may stand beside a date in a date line.
pub(super) fn is_date_furniture(word: &str) -> bool {
    #[rustfmt::skip]
    const FURNITURE: &[&str] = &[
        // weekdays
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
        "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "lunes", "martes", "miércoles",
        "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo", "segunda", "terça",
        "terca", "quarta", "quinta", "sexta", "feira", "lundi", "mardi", "mercredi", "jeudi",
        "vendredi", "samedi", "dimanche", "montag", "dienstag", "mittwoch", "donnerstag", "freitag",
        "samstag", "sonntag", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato",
        "domenica",
        // labels
        "date", "dated", "published", "publish", "posted", "updated", "update", "last", "modified",
        "first", "created", "edited", "on", "at", "el", "de", "del", "a", "las", "la", "le", "às",
        "as", "em", "publicado", "publicada", "actualizado", "actualizada", "atualizado",
        "atualizada", "fecha", "hora", "publié", "publie", "mis", "à", "jour", "veröffentlicht",
        "aktualisiert", "am", "um", "uhr", "pubblicato", "aggiornato", "alle", "ore", "il", "time",
        "of", "y", "and", "et",
        // times and zones
        "t", "z", "m", "pm", "h", "hrs", "hs", "hr", "gmt", "utc", "bst", "cet", "cest", "est",
        "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "et", "pt", "ct", "vet", "art", "brt",
        "clt", "cot", "pet", "ast", "hkt", "jst", "ist", "aest", "local",
        // reading time
        "min", "mins", "minute", "minutes", "read", "reading", "lectura", "lettura", "leitura",
        // relative times beside the date: "Updated 2 hours ago"
        "ago", "hour", "hours", "day", "days", "hace", "horas", "días", "dias", "há", "vor",
        "stunden", "fa", "ore", "il", "y", "heures",
        // more labels: "Stand: 31.07.2024", "modifié le …"
        "stand", "datum", "zuletzt", "modifié", "modifie", "mise", "hier", "today", "hoy", "hoje",
    ];
    let word = word.to_lowercase();
    FURNITURE.contains(&word.as_str()) || month_number(&word).is_some()
}

/// A date recognised in a token stream: tokens `start..end`, with its value
/// when the text pins it down (a day-month without a year, or a numeric
/// date that reads both ways, has none).
pub(super) struct DateMatch {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) value: Option<DateValue>,
    pub(super) numeric_iso: bool,
}

pub(super) fn valid_year(year: u32) -> Option<i32> {
    if (1900..=2100).contains(&year) {
        i32::try_from(year).ok()
    } else {
        None
    }
}

pub(super) fn day_value(year: u32, month: u32, day: u32) -> Option<DateValue> {
    NaiveDate::from_ymd_opt(valid_year(year)?, month, day).map(DateValue::Day)
}

/// Finds every date in the tokens, left to right, without overlaps.
pub(super) fn find_dates(tokens: &[Token]) -> Vec<DateMatch> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        if let Some(found_here) = date_at(tokens, index) {
            index = found_here.end;
            found.push(found_here);
        } else {
            index += 1;
        }
    }
    found
}

pub(super) fn date_at(tokens: &[Token], i: usize) -> Option<DateMatch> {
    numeric_date_at(tokens, i)
        .or_else(|| day_month_year_at(tokens, i))
        .or_else(|| month_day_year_at(tokens, i))
}

/// `2024-07-31`, `2024/07/31`, `31/07/2024`, `31.07.24`.
pub(super) fn numeric_date_at(tokens: &[Token], i: usize) -> Option<DateMatch> {
    let parts = tokens.get(i..i + 5)?;
    let separator = parts[1].text.chars().next()?;
    let glued = parts.windows(2).all(|pair| pair[0].end == pair[1].start);
    if !glued
        || !matches!(separator, '-' | '/' | '.')
        || !parts[1].is_mark(separator)
        || !parts[3].is_mark(separator)
        || parts[0].kind != TokenKind::Number
        || parts[2].kind != TokenKind::Number
        || parts[4].kind != TokenKind::Number
    {
        return None;
    }
    let (a, b, c) = (parts[0].number()?, parts[2].number()?, parts[4].number()?);
    if parts[0].digits() == 4 && parts[2].digits() <= 2 && parts[4].digits() <= 2 {
        let value = day_value(a, b, c)?;
        return Some(DateMatch {
            start: i,
            end: i + 5,
            value: Some(value),
            numeric_iso: true,
        });
    }
    if parts[0].digits() > 2 || parts[2].digits() > 2 || !matches!(parts[4].digits(), 2 | 4) {
        return None;
    }
    let year = if parts[4].digits() == 2 { 2000 + c } else { c };
    let day_first = day_value(year, b, a);
    let month_first = day_value(year, a, b);
    let value = match (day_first, month_first) {
        (Some(x), Some(y)) if x == y => Some(x),
        (Some(_), Some(_)) => None,
        (Some(x), None) | (None, Some(x)) => Some(x),
        (None, None) => return None,
    };
    Some(DateMatch {
        start: i,
        end: i + 5,
        value,
        numeric_iso: false,
    })
}

/// Skips an optional token that satisfies `accept`.
pub(super) fn skip_if(tokens: &[Token], j: usize, accept: impl Fn(&Token) -> bool) -> usize {
    if tokens.get(j).is_some_and(accept) {
        j + 1
    } else {
        j
    }
}

pub(super) fn is_connector(token: &Token, words: &[&str]) -> bool {
    token.kind == TokenKind::Word && words.contains(&token.lower().as_str())
}

/// A four-digit year at `j`, after an optional comma and "de"/"del".
pub(super) fn year_after(tokens: &[Token], j: usize) -> Option<(u32, usize)> {
    let j = skip_if(tokens, j, |t| t.is_mark(','));
    let j = skip_if(tokens, j, |t| is_connector(t, &["de", "del", "of"]));
    let token = tokens.get(j)?;
    if token.digits() == 4 {
        valid_year(token.number()?)?;
        Some((token.number()?, j + 1))
    } else {
        None
    }
}

/// `31 July 2024`, `31st July 2024`, `31 de julio de 2024`, `31. Juli 2024`,
/// `29 July` (no year: recognised, no value).
pub(super) fn day_month_year_at(tokens: &[Token], i: usize) -> Option<DateMatch> {
    let day_token = tokens.get(i)?;
    let day = day_token
        .number()
        .filter(|d| (1..=31).contains(d) && day_token.digits() <= 2)?;
    let j = skip_if(tokens, i + 1, |t| t.is_mark('.'));
    let j = skip_if(tokens, j, |t| is_connector(t, &["de", "of"]));
    let month_token = tokens.get(j)?;
    if month_token.kind != TokenKind::Word {
        return None;
    }
    let month = month_number(month_token.text)?;
    let j = skip_if(tokens, j + 1, |t| t.is_mark('.'));
    match year_after(tokens, j) {
        Some((year, end)) => Some(DateMatch {
            start: i,
            end,
            value: Some(day_value(year, month, day)?),
            numeric_iso: false,
        }),
        None => Some(DateMatch {
            start: i,
            end: j,
            value: None,
            numeric_iso: false,
        }),
    }
}

/// `July 31, 2024`, `Jul. 31st 2024`, `July 2024`, `julio de 2024`,
/// `July 31` (no year: recognised, no value).
pub(super) fn month_day_year_at(tokens: &[Token], i: usize) -> Option<DateMatch> {
    let month_token = tokens.get(i)?;
    if month_token.kind != TokenKind::Word {
        return None;
    }
    let month = month_number(month_token.text)?;
    let j = skip_if(tokens, i + 1, |t| t.is_mark('.'));
    if let Some(day_token) = tokens.get(j) {
        if let Some(day) = day_token
            .number()
            .filter(|d| (1..=31).contains(d) && day_token.digits() <= 2)
        {
            return match year_after(tokens, j + 1) {
                Some((year, end)) => Some(DateMatch {
                    start: i,
                    end,
                    value: Some(day_value(year, month, day)?),
                    numeric_iso: false,
                }),
                None => Some(DateMatch {
                    start: i,
                    end: j + 1,
                    value: None,
                    numeric_iso: false,
                }),
            };
        }
    }
    let (year, end) = year_after(tokens, j)?;
    Some(DateMatch {
        start: i,
        end,
        value: Some(DateValue::Month(valid_year(year)?, month)),
        numeric_iso: false,
    })
}

/// The two readings of the first numeric date in `text` that reads both
/// day-first and month-first (`11/10/2024`): day-first, then month-first.
/// A date with one impossible reading (`25/10/2024`) is not ambiguous.
pub(super) fn ambiguous_readings(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let tokens = tokenize(text);
    (0..tokens.len()).find_map(|i| {
        let parts = tokens.get(i..i + 5)?;
        let separator = parts[1].text.chars().next()?;
        let shaped = matches!(separator, '/' | '.' | '-')
            && parts[3].is_mark(separator)
            && parts.windows(2).all(|pair| pair[0].end == pair[1].start)
            && parts[0].digits() <= 2
            && parts[2].digits() <= 2
            && matches!(parts[4].digits(), 2 | 4);
        if !shaped {
            return None;
        }
        let (a, b, c) = (parts[0].number()?, parts[2].number()?, parts[4].number()?);
        let year = if parts[4].digits() == 2 { 2000 + c } else { c };
        match (day_value(year, b, a), day_value(year, a, b)) {
            (Some(DateValue::Day(x)), Some(DateValue::Day(y))) if x != y => Some((x, y)),
            _ => None,
        }
    })
}
