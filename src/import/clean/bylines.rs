//! Bylines and datelines: `By Jane Doe`, a line that is only a date and its
//! furniture (`Published: 31/07/2024`, `By Jane Doe | July 31, 2024`), a
//! date glued to the first paragraph, and wire datelines (`CARACAS, July 31
//! (Reuters) -`). Splits a prefix off a paragraph but never rewrites the
//! rest of it.

use super::credits::is_credit_source;
use super::dates::{
    date_at, find_dates, is_connector, is_date_furniture, month_number, skip_if, tokenize,
    DateValue, Token, TokenKind,
};
use super::text::{
    bare, ends_with_any, match_key, normalise_space, starts_upper, starts_with_words,
    trim_blankish, word_count,
};

#[rustfmt::skip]
pub(super) const BYLINE_ALONE: &[&str] = &[
    "published by", "written by", "posted by", "story by", "words by", "text by", "by", "por",
    "author", "autor", "autora",
];

/// "By Jane Doe", "Published by", "Por Juan Pérez, enviado especial".
pub(super) fn is_byline(text: &str, key: &str, bare: &str, words: usize) -> bool {
    if BYLINE_ALONE.contains(&bare) {
        return true;
    }
    if words > 12 || ends_with_any(text, &['.', '!', '?', ';', ':']) && !key.ends_with(':') {
        return false;
    }
    #[rustfmt::skip]
    let labelled = [
        "published by ", "written by ", "posted by ", "story by ", "words by ", "text by ",
        "author:", "autor:", "autora:", "por:", "by:", "texto:",
    ];
    // "Texto: Ana Pérez | 25/09/2024" is a date line with a byline in it.
    let labelled_alone =
        labelled.iter().any(|p| key.starts_with(p)) && !text.contains(['|', '·', '•']);
    if labelled_alone || is_name_and_role(text) {
        return true;
    }
    let normalised = normalise_space(text);
    let mut parts = normalised.splitn(2, ' ');
    let (Some(first), Some(rest)) = (parts.next(), parts.next()) else {
        return false;
    };
    if !["by", "por", "par", "von", "di", "da"].contains(&first.to_lowercase().as_str()) {
        return false;
    }
    // Every word of the name part is capitalised, allowing the small words
    // of names and lists ("Jane Doe and Juan de la Cruz, Reuters").
    let connectors = [
        "and", "y", "e", "et", "und", "de", "del", "la", "da", "do", "dos", "van", "von", "der",
        "le", "di", "in", "en", "&",
    ];
    // After the name may come a role or place: "By Will Grant, Mexico correspondent".
    let name = rest.split(',').next().unwrap_or("");
    let name_words: Vec<&str> = name.split_whitespace().collect();
    starts_upper(name_words.first().copied().unwrap_or(""))
        && name_words.iter().all(|w| {
            starts_upper(w)
                || connectors.contains(
                    &w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
                        .to_lowercase()
                        .as_str(),
                )
        })
}

/// "Jane Smith, Reuters", "Will Grant, Mexico correspondent".
pub(super) fn is_name_and_role(text: &str) -> bool {
    let roles = [
        "correspondent",
        "reporter",
        "editor",
        "writer",
        "staff",
        "corresponsal",
        "redactor",
        "redactora",
        "enviado",
        "enviada",
        "correspondant",
        "correspondante",
        "envoyé",
        "envoyée",
        "korrespondent",
        "korrespondentin",
        "repórter",
        "correspondente",
        "contributor",
    ];
    let Some((name, role)) = text.split_once(',') else {
        return false;
    };
    let name_words = word_count(name);
    (2..=4).contains(&name_words)
        && word_count(text) <= 10
        && name.split_whitespace().all(starts_upper)
        && name.chars().all(|c| {
            c.is_alphabetic() || c.is_whitespace() || matches!(c, '-' | '.' | '\'' | '\u{2019}')
        })
        && role
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| roles.contains(&w.to_lowercase().as_str()) || is_credit_source(w))
}

/// What a date line says.
pub(super) struct DateLineInfo {
    pub(super) value: Option<DateValue>,
    pub(super) updated: bool,
}

#[rustfmt::skip]
pub(super) const UPDATE_LABELS: &[&str] = &[
    "updated", "last updated", "update", "modified", "last modified", "actualizado", "actualizada",
    "atualizado", "atualizada", "mis à jour", "aktualisiert", "aggiornato", "stand", "zuletzt",
];

pub(super) fn is_update_label(text: &str) -> bool {
    let key = match_key(text);
    UPDATE_LABELS.iter().any(|p| key.starts_with(p))
}

/// A line that is only a date and its furniture ("Published: 31/07/2024",
/// "Wednesday 31 July 2024 14.30 BST", "By Jane Doe | July 31, 2024").
pub(super) fn date_line(text: &str) -> Option<DateLineInfo> {
    if text.chars().count() > 160 || text.contains('\n') {
        return None;
    }
    let updated = is_update_label(text);
    if let Some(value) = date_only(text) {
        return Some(DateLineInfo { value, updated });
    }
    // A place before the date: "Havana, July 31, 2024".
    if let Some((place, rest)) = text.split_once(',') {
        let is_place = (1..=3).contains(&word_count(place))
            && place.split_whitespace().all(starts_upper)
            && place
                .chars()
                .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '-' | '.' | '\''));
        if let Some(Some(value)) = is_place.then(|| date_only(rest)).flatten() {
            return Some(DateLineInfo {
                value: Some(value),
                updated,
            });
        }
    }
    // "Posted on July 31, 2024 by Staff Writer", "Publicado el 3 de
    // septiembre de 2024 por Ana Pérez".
    for by in [" by ", " por ", " par ", " pela ", " pelo "] {
        if let Some((date_part, names)) = text.rsplit_once(by) {
            let names_only = (1..=8).contains(&word_count(names))
                && names.split_whitespace().all(|w| {
                    starts_upper(w) || ["and", "y", "e", "et", "de", "del", "da"].contains(&w)
                });
            if let (true, Some(value)) = (names_only, date_only(date_part)) {
                return Some(DateLineInfo { value, updated });
            }
        }
    }
    // Bylines and reading times share the line with the date, split by marks.
    let parts: Vec<&str> = text
        .split(['|', '·', '•', '—', '–'])
        .map(trim_blankish)
        .filter(|part| !part.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let mut value = None;
    let mut has_date = false;
    for part in &parts {
        if let Some(part_value) = date_only(part) {
            has_date = true;
            if value.is_none() {
                value = part_value;
            }
        } else {
            let key = match_key(part);
            let credit = is_byline(part, &key, bare(&key), word_count(part))
                || (word_count(part) <= 4 && part.split_whitespace().all(starts_upper))
                || tokenize(part)
                    .iter()
                    .all(|t| t.kind != TokenKind::Word || is_date_furniture(t.text));
            if !credit {
                return None;
            }
        }
    }
    has_date.then_some(DateLineInfo { value, updated })
}

/// `Some(value)` when `text` is nothing but a date and date furniture;
/// the inner value is `None` for dates with no year or an ambiguous reading,
/// for a bare "Published" label and for relative times ("2 hours ago").
pub(super) fn date_only(text: &str) -> Option<Option<DateValue>> {
    let tokens = tokenize(text);
    let dates = find_dates(&tokens);
    if dates.is_empty() {
        let key = match_key(text);
        let bare = bare(&key);
        #[rustfmt::skip]
        let labels = [
            "published", "updated", "posted", "last updated", "publicado", "publicada",
            "actualizado", "fecha", "date", "publié", "veröffentlicht",
        ];
        if labels.contains(&bare) || is_relative_time(bare) {
            return Some(None);
        }
        // "Updated 10:42 a.m. ET": a stamp with a time and no date.
        let stamped = tokens
            .first()
            .is_some_and(|t| labels.contains(&t.lower().as_str()) || is_update_label(t.text))
            && tokens.iter().any(|t| t.kind == TokenKind::Number)
            && tokens
                .iter()
                .all(|t| t.kind != TokenKind::Word || is_date_furniture(t.text));
        if stamped {
            return Some(None);
        }
        return None;
    }
    let mut covered = vec![false; tokens.len()];
    for date in &dates {
        for flag in covered.iter_mut().take(date.end).skip(date.start) {
            *flag = true;
        }
    }
    let furniture_only = tokens.iter().zip(&covered).all(|(token, covered)| {
        *covered || token.kind != TokenKind::Word || is_date_furniture(token.text)
    });
    furniture_only.then(|| dates.iter().find_map(|d| d.value))
}

/// "2 hours ago", "hace 3 horas", "Published 5 minutes ago".
pub(super) fn is_relative_time(bare: &str) -> bool {
    let words: Vec<&str> = bare.split_whitespace().collect();
    let units = [
        "second", "seconds", "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "h",
        "day", "days", "week", "weeks", "segundos", "minutos", "hora", "horas", "día", "días",
        "dia", "dias", "semana", "semanas", "minuten", "stunden", "stunde", "tagen", "ore",
        "minuti", "giorni", "heures", "heure", "jours",
    ];
    let has_unit = words
        .windows(2)
        .any(|pair| pair[0].chars().all(|c| c.is_ascii_digit()) && units.contains(&pair[1]));
    let relative = words.last() == Some(&"ago")
        || words.last() == Some(&"fa")
        || words
            .iter()
            .any(|w| ["hace", "há", "vor", "ya"].contains(w));
    has_unit && relative && words.len() <= 5
}

/// A date or dateline at the start of the first paragraph, split from it.
pub(super) struct LeadingDate<'a> {
    pub(super) prefix: &'a str,
    pub(super) rest: &'a str,
    pub(super) value: Option<DateValue>,
}

/// Whether the text after a split prefix opens a paragraph.
pub(super) fn opens_paragraph(rest: &str) -> bool {
    rest.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(
                c,
                '"' | '\'' | '\u{201c}' | '\u{2018}' | '\u{00ab}' | '¡' | '¿'
            )
    })
}

pub(super) fn split_at_token<'a>(
    text: &'a str,
    tokens: &[Token],
    index: usize,
    value: Option<DateValue>,
) -> Option<LeadingDate<'a>> {
    let at = tokens.get(index)?.start;
    let prefix = trim_blankish(&text[..at]);
    let rest = trim_blankish(&text[at..]);
    (!prefix.is_empty() && opens_paragraph(rest)).then_some(LeadingDate {
        prefix,
        rest,
        value,
    })
}

/// "date 2024-07-31 Thousands…", "Published July 31, 2024 — Thousands…",
/// "2024-07-31 Thousands…".
pub(super) fn leading_date(text: &str) -> Option<LeadingDate<'_>> {
    // Only the opening matters; long paragraphs need not be tokenised whole.
    let opening = text
        .char_indices()
        .nth(400)
        .map_or(text, |(at, _)| &text[..at]);
    let tokens = tokenize(opening);
    #[rustfmt::skip]
    let labels = [
        "date", "dated", "published", "posted", "updated", "publicado", "publicada", "fecha",
        "actualizado", "publié", "pubblicato", "veröffentlicht",
    ];
    let mut j = 0;
    let labelled = tokens
        .first()
        .is_some_and(|t| t.kind == TokenKind::Word && labels.contains(&t.lower().as_str()));
    if labelled {
        j = skip_if(&tokens, 1, |t| t.is_mark(':'));
        j = skip_if(&tokens, j, |t| {
            is_connector(t, &["on", "el", "le", "em", "am", "il"])
        });
    }
    j = skip_if(&tokens, j, |t| {
        t.kind == TokenKind::Word && is_date_furniture(t.text) && month_number(t.text).is_none()
    });
    j = skip_if(&tokens, j, |t| t.is_mark(','));
    let date = date_at(&tokens, j)?;
    let mut k = date.end;
    // A time and zone may follow: "14:30 GMT", "2.30pm", "T14:30:00Z".
    while let Some(token) = tokens.get(k) {
        let is_time_part = match token.kind {
            TokenKind::Number => {
                tokens.get(k + 1).is_some_and(|t| {
                    t.is_mark(':')
                        || t.is_mark('.')
                            && tokens
                                .get(k + 2)
                                .is_some_and(|n| n.kind == TokenKind::Number && n.start == t.end)
                }) || tokens
                    .get(k.wrapping_sub(1))
                    .is_some_and(|t| t.is_mark(':') || t.is_mark('.') && t.end == token.start)
            }
            TokenKind::Mark => {
                token.is_mark(':')
                    && tokens
                        .get(k + 1)
                        .is_some_and(|t| t.kind == TokenKind::Number)
            }
            TokenKind::Word
                if tokens
                    .get(k + 1)
                    .is_some_and(|t| t.kind == TokenKind::Number)
                    && ["at", "a", "las", "à", "às", "um", "alle", "ore"]
                        .contains(&token.lower().as_str()) =>
            {
                true
            }
            TokenKind::Word => {
                [
                    "t", "z", "am", "pm", "a", "p", "m", "h", "hrs", "gmt", "utc", "bst", "cet",
                    "cest", "est", "edt", "cst", "cdt", "pst", "pdt", "et", "vet",
                ]
                .contains(&token.lower().as_str())
                    && (k > date.end || token.text.len() > 1 || token.start == tokens[k - 1].end)
            }
        };
        if !is_time_part {
            break;
        }
        k += 1;
    }
    let separated = tokens.get(k).is_some_and(|t| {
        t.kind == TokenKind::Mark
            && ['—', '–', '-', '|', '·', ':', '•']
                .iter()
                .any(|m| t.is_mark(*m))
    });
    if separated {
        k += 1;
        k = skip_if(&tokens, k, |t| t.is_mark('-'));
    }
    if !(labelled || separated || date.numeric_iso && j == 0) {
        return None;
    }
    split_at_token(text, &tokens, k, date.value)
}

/// Wire datelines: "CARACAS, Venezuela, July 31, 2024 (AP) — …",
/// "CARACAS, July 31 (Reuters) - …", "Caracas, 31 jul (EFE).- …",
/// "WASHINGTON — …".
pub(super) fn dateline_prefix(text: &str) -> Option<LeadingDate<'_>> {
    const SEPARATORS: &[&str] = &[").-", ".-", " -- ", "--", "—", "–", " - ", " ― "];
    let (at, separator) = text.char_indices().take(160).find_map(|(index, _)| {
        SEPARATORS
            .iter()
            .find(|s| text[index..].starts_with(**s))
            .map(|s| (index, *s))
    })?;
    let (head_end, rest_start) = if separator == ").-" {
        (at + 1, at + 3)
    } else {
        (at, at + separator.len())
    };
    let head = trim_blankish(&text[..head_end]);
    let rest = trim_blankish(&text[rest_start..]);
    if head.is_empty() || !opens_paragraph(rest) || head.contains(['!', '?', ';']) {
        return None;
    }
    // An agency in brackets at the end: "(AP)", "(Reuters)", "(EFE)".
    let (place, agency) = match head
        .strip_suffix(')')
        .and_then(|h| h.rfind('(').map(|open| (h, open)))
    {
        Some((inner, open)) => {
            let agency = trim_blankish(&inner[open + 1..]);
            // "(AP)", "(Reuters)", "(El Vigía del Sur)": an agency or an outlet.
            if agency.is_empty() || agency.chars().count() > 40 || word_count(agency) > 5 {
                return None;
            }
            (trim_blankish(&inner[..open]), true)
        }
        None => (head, false),
    };
    let place = place.trim_end_matches([',', ' ']);
    if place.is_empty() || place.contains(['(', ')', '!', '?', ';', ':']) {
        return None;
    }
    let segments: Vec<&str> = place.split(',').map(trim_blankish).collect();
    if segments.len() > 4 || segments.iter().any(|s| s.is_empty()) {
        return None;
    }
    let city = segments[0];
    let city_letters: Vec<char> = city.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = city_letters.len() >= 2 && city_letters.iter().all(|c| c.is_uppercase());
    let capitalised = |segment: &str| {
        word_count(segment) <= 4
            && segment.split_whitespace().all(|w| {
                starts_upper(w) || ["de", "del", "la", "el", "do", "da", "of", "upon"].contains(&w)
            })
            && segment.chars().all(|c| {
                c.is_alphabetic() || c.is_whitespace() || matches!(c, '-' | '\'' | '.' | '\u{2019}')
            })
    };
    if !(all_caps || capitalised(city)) {
        return None;
    }
    let mut value = None;
    let mut has_full_date = false;
    for segment in &segments[1..] {
        let tokens = tokenize(segment);
        let dates = find_dates(&tokens);
        let date_only = dates.len() == 1 && dates[0].start == 0 && dates[0].end == tokens.len();
        if date_only {
            if value.is_none() {
                value = dates[0].value;
            }
            has_full_date |= dates[0].value.is_some();
        } else if !(capitalised(segment)
            || segment.len() == 4 && segment.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
    }
    // "Month Day" and "Year" may fall in separate comma segments.
    if value.is_none() {
        let tokens = tokenize(place);
        if let Some(found) = find_dates(&tokens).into_iter().find_map(|d| d.value) {
            value = Some(found);
            has_full_date = true;
        }
    }
    if !(all_caps || agency || has_full_date) {
        return None;
    }
    Some(LeadingDate {
        prefix: trim_blankish(&text[..rest_start]),
        rest,
        value,
    })
}

/// Bylines that name no person: the desk, the agencies, the outlet's staff.
#[rustfmt::skip]
const NO_AUTHOR: &[&str] = &[
    "staff", "staff writer", "staff writers", "staff reporter", "redacción", "redaccion",
    "la redacción", "agencies", "agencias", "agences", "agências", "wire services", "newsroom",
    "news desk", "editorial staff", "editorial", "redação", "redacao", "da redação", "rédaction",
    "la rédaction", "afp", "ap", "efe", "reuters", "ansa", "dpa", "europa press", "lusa",
];

/// Labels a byline opens with, longest first.
#[rustfmt::skip]
const BYLINE_LABELS: &[&str] = &[
    "additional reporting by", "reporting by", "published by", "written by", "posted by",
    "story by", "words by", "text by", "texto de", "texto:", "texte:", "author:", "autor:",
    "autora:", "autores:", "por:", "by:", "by", "por", "par", "de", "von", "di",
];

/// The people a byline names: `By Jane Doe and John Roe`, `Por Ana Pérez`,
/// `Texto: Ana Pérez`, `Jane Smith, Reuters`, `By JANE DOE | July 31, 2024`.
/// A byline of the desk, the staff or the agencies names nobody. Names in
/// capitals are written in title case, as an editor would.
pub(super) fn byline_names(text: &str) -> Vec<String> {
    let line = normalise_space(text);
    // "Posted on July 31, 2024 by Ana Pérez": the names after the date.
    for by in [" by ", " por ", " par ", " pela ", " pelo "] {
        if let Some((date_part, names)) = line.rsplit_once(by) {
            if date_only(date_part).is_some() {
                return split_names(names.split([',', '(']).next().unwrap_or(""));
            }
        }
    }
    // The byline part of a line that also carries a date or a reading time.
    let part = line
        .split(['|', '·', '•', '—', '–'])
        .map(str::trim)
        .find(|part| !part.is_empty() && date_only(part).is_none())
        .unwrap_or("");
    let lower = part.to_lowercase();
    let Some(rest) = BYLINE_LABELS
        .iter()
        .find_map(|label| {
            lower
                .strip_prefix(label)
                .filter(|rest| label.ends_with(':') || rest.starts_with(' ') || rest.is_empty())
                .map(|rest| &part[part.len() - rest.len()..])
        })
        .or_else(|| is_name_and_role(part).then_some(part))
    else {
        return Vec::new();
    };
    // A role, a place or an outlet after the names: "…, Mexico correspondent",
    // "… (Bogota, correspondante)", "… in Lima".
    let names = rest
        .split([',', '('])
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric());
    split_names(names)
}

/// `Ana Pérez and John Roe`, `Ana Pérez y Luis Gómez`, `A, B & C` → names;
/// the desk and the agencies are no names.
pub(super) fn split_names(names: &str) -> Vec<String> {
    names
        .split(" and ")
        .flat_map(|n| n.split(" y "))
        .flat_map(|n| n.split(" e "))
        .flat_map(|n| n.split(" et "))
        .flat_map(|n| n.split(" & "))
        .map(|n| n.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|n| !n.is_empty())
        .filter(|n| {
            let lower = n.to_lowercase();
            !NO_AUTHOR.contains(&lower.as_str())
                && !lower.ends_with(" staff")
                && !lower.ends_with(" staff writer")
                && !lower.starts_with("redacción")
        })
        .filter(|n| {
            const PARTICLES: &[&str] = &[
                "de", "del", "la", "las", "los", "da", "das", "do", "dos", "van", "von", "der",
                "le", "di", "du", "y",
            ];
            (1..=5).contains(&word_count(n))
                && n.split_whitespace()
                    .all(|w| starts_upper(w) || PARTICLES.contains(&w))
                && n.split_whitespace().next().is_some_and(starts_upper)
        })
        .map(title_case_if_shouted)
        .collect()
}

/// `REGINA GARCIA CANO` → `Regina Garcia Cano`; other names unchanged.
fn title_case_if_shouted(name: &str) -> String {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 3 || !letters.iter().all(|c| c.is_uppercase()) {
        return name.to_string();
    }
    name.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Credit sentences under a story: `Jane Doe reported from Lima.`,
/// `Additional reporting by John Roe.`, `Ana Pérez contributed reporting.`,
/// `Con información de Luis Gómez.` Some(names) when every sentence of
/// the paragraph is one; None when any sentence is prose.
pub(super) fn credit_sentences(text: &str) -> Option<Vec<String>> {
    if word_count(text) > 60 || text.contains('\n') {
        return None;
    }
    let mut names = Vec::new();
    let sentences: Vec<&str> = text
        .split_inclusive(['.', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if sentences.is_empty() {
        return None;
    }
    #[rustfmt::skip]
    const OPENERS: &[&str] = &[
        "additional reporting by", "reporting by", "with reporting by", "writing by",
        "reportagem de", "reportagem adicional de", "con información de", "con reportería de",
        "con la colaboración de", "avec", "informações de",
    ];
    #[rustfmt::skip]
    const CLOSERS: &[&str] = &[
        " reported from ", " contributed reporting", " contributed to this report",
        " contributed to this article", " reportó desde ", " informó desde ",
        " reportou de ", " a contribué", " colaboró", " contribuyó",
    ];
    for sentence in sentences {
        let body = sentence.trim_end_matches(['.', ';']).trim();
        let lower = body.to_lowercase();
        // Editors are credited but are not the article's authors.
        if starts_with_words(&lower, "editing by") || starts_with_words(&lower, "edición de") {
            continue;
        }
        if let Some(label) = OPENERS.iter().find(|o| starts_with_words(&lower, o)) {
            let rest = &body[label.len()..];
            // "Reporting by A in Lima": the place is not a name.
            let rest = rest.split(" in ").next().unwrap_or(rest);
            let rest = rest.split(" en ").next().unwrap_or(rest);
            names.extend(rest.split(',').flat_map(|n| split_names(n.trim())));
        } else if let Some((at, closer)) = CLOSERS
            .iter()
            .find_map(|c| lower.find(c).map(|at| (at, *c)))
        {
            let who = &body[..at];
            let found = split_names(who);
            // "… reported from Lima." ends there; "… reported from Lima that
            // the army withdrew" is a sentence of the story.
            let tail = &body[at + closer.len()..];
            if found.is_empty() || word_count(who) > 12 || word_count(tail) > 4 {
                return None;
            }
            names.extend(found);
        } else {
            return None;
        }
    }
    Some(names)
}
