//! Credits: reporting credits under a story (`Reporting by …`, `(With
//! AFP)`) and image captions with their photo credits. Recognises lines;
//! never changes one.

use super::text::{
    ends_with_any, is_blankish, match_key, starts_upper, starts_with_words, trim_blankish,
    word_count,
};

#[rustfmt::skip]
pub(super) const AGENCY_ONLY: &[&str] = &[
    "agencies", "agencias", "wire services", "staff", "redacción",
];

pub(super) fn is_reporting_credit(key: &str, bare: &str, words: usize) -> bool {
    if words > 80 {
        return false;
    }
    let key = key.trim_start_matches(|c: char| c == '(' || c == '[' || is_blankish(c));
    #[rustfmt::skip]
    let credit_start = [
        "reporting by", "additional reporting by", "additional reporting from", "writing by",
        "editing by", "compiled by", "with reporting by", "with additional reporting",
        "reporting and writing by",
    ];
    if credit_start.iter().any(|p| key.starts_with(p))
        && (key.contains("editing by")
            || key.contains(';')
            || words <= 14 && !ends_with_any(key, &['.', '!', '?']))
    {
        return true;
    }
    if key.contains("thomson reuters trust principles") || key.starts_with("our standards:") {
        return true;
    }
    #[rustfmt::skip]
    let with_agency = [
        "with afp", "with ap", "with reuters", "with agencies", "with wire services",
        "con información de", "con informacion de", "con información de agencias", "con reporte de",
        "con agencias", "avec afp", "avec agences", "com agências", "mit material von",
    ];
    // "Le Monde avec AFP", "Redacción con EFE": an outlet crediting an agency.
    let mut tail = bare.rsplit(' ');
    let credits_agency = words <= 6
        && tail.next().is_some_and(is_credit_source)
        && tail.next().is_some_and(|w| {
            ["with", "avec", "con", "com", "mit", "y", "and", "et", "e"].contains(&w)
        });
    (words <= 10 && with_agency.iter().any(|p| starts_with_words(key, p)))
        || credits_agency
        || AGENCY_ONLY.contains(&bare)
}

// Captions

/// Agencies and photo services: a parenthesised or lone credit naming one
/// is a photo credit.
#[rustfmt::skip]
pub(super) const CREDIT_SOURCES: &[&str] = &[
    "afp", "ap", "reuters", "efe", "getty", "epa", "dpa", "anadolu", "bloomberg", "shutterstock",
    "pool", "alamy", "ansa", "xinhua", "sipa", "abaca", "nurphoto", "zuma", "handout", "courtesy",
    "cortesía", "cortesia", "archivo", "archive", "file", "agencies", "agencias", "lusa", "aptn",
];

/// Words that label a credit: "Photo: …", "Foto de …", "Getty Images".
#[rustfmt::skip]
pub(super) const CREDIT_LABELS: &[&str] = &[
    "photo", "photos", "foto", "fotos", "image", "images", "imagen", "picture", "pictures",
    "photograph", "fotografía", "credit", "crédito", "screenshot", "captura", "reproducción",
];

pub(super) fn lower_word(word: &str) -> String {
    word.to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

pub(super) fn is_credit_source(word: &str) -> bool {
    CREDIT_SOURCES.contains(&lower_word(word).as_str())
}

pub(super) fn is_credit_word(word: &str) -> bool {
    let word = lower_word(word);
    CREDIT_SOURCES.contains(&word.as_str()) || CREDIT_LABELS.contains(&word.as_str())
}

/// "Yuri Cortés / AFP": slash-separated capitalised names.
pub(super) fn is_slashed_credit(credit: &str) -> bool {
    credit.contains('/')
        && credit.split('/').all(|part| {
            part.chars().any(char::is_alphabetic) && part.split_whitespace().all(starts_upper)
        })
}

/// "Photo: …", "Foto de …", "Photo by …", "Image courtesy of …".
pub(super) fn is_labelled_credit(credit: &str) -> bool {
    let key = match_key(credit);
    let mut words = key.split(|c: char| c.is_whitespace() || c == ':');
    let first = words.next().unwrap_or("");
    CREDIT_LABELS.contains(&first)
        && (key[first.len()..].starts_with(':')
            || matches!(
                words.next(),
                Some("by" | "de" | "courtesy" | "cortesía" | "via")
            ))
}

pub(super) fn is_credit_caption(text: &str) -> bool {
    let key = match_key(text);
    let words = word_count(text);
    if words > 60 || text.chars().count() > 400 {
        return false;
    }
    #[rustfmt::skip]
    let caption_openers = [
        "image source", "image caption", "media caption", "photo:", "photo credit", "photograph:",
        "picture:", "foto:", "fotografía:", "imagen:", "credit:", "crédito:", "caption:",
        "pie de foto", "getty images", "file photo", "source: getty", "photo by ", "foto de ",
    ];
    if caption_openers.iter().any(|p| key.starts_with(p)) {
        return true;
    }
    // A credit at the end: "Protesters in Caracas. Photograph: Federico Parra/AFP".
    #[rustfmt::skip]
    let credit_labels = [
        "photograph:", "photo:", "foto:", "picture:", "image:", "imagen:", "credit:", "crédito:",
        "illustration:", "ilustración:", "photo credit:",
    ];
    let credited = credit_labels
        .iter()
        .filter_map(|label| key.rfind(label).map(|at| &key[at + label.len()..]))
        .any(|credit| {
            let credit_words = word_count(credit);
            (1..=8).contains(&credit_words) && !ends_with_any(credit, &['.', '!', '?'])
        });
    if credited {
        return true;
    }
    // A lone credit: "Yuri Cortés / AFP", "AFP via Getty Images", "Getty Images".
    let credit_words: Vec<&str> = text
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let all_credit = credit_words.len() <= 4
        && credit_words.iter().any(|w| is_credit_source(w))
        && credit_words
            .iter()
            .all(|w| is_credit_word(w) || w.eq_ignore_ascii_case("via"));
    let slashed =
        words <= 6 && is_slashed_credit(text) && credit_words.iter().any(|w| is_credit_source(w));
    if all_credit || slashed {
        return true;
    }
    ends_with_credit(text) || ends_with_bare_credit(text)
}

/// "Des manifestants à Caracas. RONALDO SCHEMIDT / AFP": a credit with no
/// brackets after the caption's last sentence.
pub(super) fn ends_with_bare_credit(text: &str) -> bool {
    let Some((_, tail)) = text.rsplit_once(". ") else {
        return false;
    };
    let tail = trim_blankish(tail);
    word_count(tail) <= 6
        && is_slashed_credit(tail)
        && tail
            .split(|c: char| c == '/' || c.is_whitespace())
            .any(is_credit_source)
}

/// "…in Caracas (Yuri Cortés / AFP)", "…on Tuesday (Reuters)".
pub(super) fn ends_with_credit(text: &str) -> bool {
    let trimmed = text.trim_end();
    let Some(body) = trimmed.strip_suffix(')') else {
        return false;
    };
    let Some(open) = body.rfind('(') else {
        return false;
    };
    let credit = &body[open + 1..];
    let before = body[..open].trim_end();
    if credit.chars().count() > 60 || word_count(before) > 50 {
        return false;
    }
    let names_source = credit
        .split(|c: char| c == '/' || c == ',' || c == ':' || c.is_whitespace())
        .any(is_credit_source);
    let slashed = is_slashed_credit(credit);
    let labelled = is_labelled_credit(credit);
    // "… said on Tuesday. (Reuters)" is an attribution, not a caption.
    let sentence_before = ends_with_any(before, &['.', '!', '?']);
    (names_source && !sentence_before) || slashed || labelled
}
