//! The top of the page: the outlet's masthead, section labels and kickers,
//! and what a headline looks like. Only consulted before the body starts.

use super::boilerplate::boilerplate_rule;
use super::bylines::date_line;
use super::credits::is_credit_caption;
use super::text::{
    bare, ends_with_any, is_domain_like, match_key, normalise_space, starts_upper, trim_blankish,
    word_count,
};

// Headline, site name, section labels

/// "LATIN AMERICA", "Latin America & Caribbean" over the real headline: a
/// few words in capitals or joined by `&` standing above a longer
/// headline-shaped line. A plain short headline over its deck stays.
pub(super) fn is_kicker_over(text: &str, next: &str) -> bool {
    let small = ["&", "and", "of", "the", "y", "de", "et", "und"];
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let shouted = letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase());
    word_count(text) <= 4
        && (shouted || text.contains(['&', '|', '/']))
        && looks_like_headline(next)
        && word_count(next) > word_count(text)
        && boilerplate_rule(next).is_none()
        && date_line(next).is_none()
        && !is_credit_caption(next)
        && text
            .split_whitespace()
            .all(|w| starts_upper(w) || small.contains(&w.to_lowercase().as_str()))
}

/// A publication's masthead over the real headline, for an outlet no list
/// knows: a short line above a headline-shaped one that is either a name in
/// capitals before a tagline (`CARACAS DAILY NEWS - Your trusted source`)
/// or a name the page's own boilerplate repeats (`The Andean Courier` over
/// the headline, then `Published by The Andean Courier Staff`, `Follow The
/// Andean Courier on Facebook`, `© 2025 The Andean Courier`). A headline
/// that prose merely repeats is not taken.
pub(super) fn is_masthead_over(text: &str, next: &str, raw: &str) -> bool {
    let headline_under = looks_like_headline(next)
        && boilerplate_rule(next).is_none()
        && date_line(next).is_none()
        && !is_credit_caption(next);
    if !headline_under || word_count(text) > 8 || text.contains('\n') {
        return false;
    }
    if is_outlet_name(text) {
        return true;
    }
    let tagline = [" - ", " | ", " — ", " – ", " · "]
        .iter()
        .find_map(|sep| text.split_once(sep).map(|(name, _)| name.trim()));
    if let Some(name) = tagline {
        let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase()) && word_count(name) <= 5 {
            return true;
        }
    }
    // Spelled exactly so: `Latin America correspondent` in a byline does
    // not make `LATIN AMERICA` a masthead.
    let name = normalise_space(text);
    word_count(text) >= 2
        && raw.lines().map(trim_blankish).any(|line| {
            line != text
                && normalise_space(line).contains(&name)
                && boilerplate_rule(line).is_some()
        })
}

pub(super) fn looks_like_headline(text: &str) -> bool {
    text.chars().count() <= 200
        && !text.contains('\n')
        && word_count(text) >= 3
        && text.chars().any(char::is_alphabetic)
        && !ends_with_any(text, &['.', '!', '?', ':', ';', ',', '…'])
}

/// Outlets whose name alone on a line before the headline is the page's
/// masthead rather than a kicker.
#[rustfmt::skip]
pub(super) const OUTLETS: &[&str] = &[
    "bbc", "bbc news", "bbc mundo", "reuters", "associated press", "ap news", "al jazeera",
    "aljazeera", "the guardian", "cnn", "el país", "el pais", "france 24", "dw", "deutsche welle",
    "euronews", "bloomberg", "the new york times", "new york times", "the washington post",
    "washington post", "voz media", "voz", "breitbart", "afp", "efe", "agencia efe", "infobae",
    "el nacional", "el universal", "fox news", "nbc news", "cbs news", "abc news", "sky news",
    "the independent", "the telegraph", "financial times", "the economist", "npr", "pbs newshour",
    "axios", "politico", "yahoo news", "la nación", "clarín", "el tiempo", "el mundo",
    "europa press", "el comercio", "efecto cocuyo", "el pitazo", "runrunes", "tal cual",
    "venezuelanalysis", "caracas chronicles", "mercopress", "the hill", "newsweek", "daily mail",
    "mail online", "the times", "the atlantic", "telesur", "rfi", "le monde", "folha de s.paulo",
    "o globo", "der spiegel", "la repubblica", "the daily telegraph", "usa today",
    "the wall street journal", "wall street journal", "latin times", "miami herald",
    "el nuevo herald", "the conversation", "vice news", "vox",
];

pub(super) fn is_site_name(text: &str) -> bool {
    let words = word_count(text);
    if words == 0 || words > 8 || text.chars().count() > 80 {
        return false;
    }
    if text.split_whitespace().any(is_domain_like) {
        return true;
    }
    let key = match_key(text);
    let bare = bare(&key);
    #[rustfmt::skip]
    let suffixes = [
        "news", "english", "español", "espanol", "mundo", "us", "uk", "international", "world",
        "online", "digital", "media", "latam", "america", "américa", "en", "live", "com", "brasil",
        "noticias",
    ];
    OUTLETS.iter().any(|outlet| {
        bare.strip_prefix(outlet).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with(' ') && rest.split_whitespace().all(|w| suffixes.contains(&w))
        })
    })
}

/// Section labels and stray words: a single word alone anywhere, or one or
/// two capitalised words before the body starts (a kicker).
pub(super) fn label_rule(text: &str, body_started: bool) -> Option<&'static str> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let is_word = |w: &&str| {
        let count = w.chars().count();
        (2..=40).contains(&count)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '\u{2019}')
    };
    if words.len() == 1 && is_word(&words[0]) {
        return Some(if starts_upper(words[0]) {
            "section label"
        } else {
            "tracking residue"
        });
    }
    if !body_started && words.len() == 2 && words.iter().all(|w| is_word(w) && starts_upper(w)) {
        return Some("section label");
    }
    None
}

/// The words newspapers and agencies name themselves with.
#[rustfmt::skip]
const OUTLET_WORDS: &[&str] = &[
    "ledger", "gazette", "courier", "herald", "times", "post", "news", "daily", "journal",
    "tribune", "chronicle", "observer", "express", "telegraph", "dispatch", "wire", "press",
    "monitor", "standard", "record", "review", "globe", "sentinel", "bulletin", "diario",
    "noticias", "correo", "crónica", "gaceta", "heraldo", "periódico", "prensa", "vigía",
    "semanario", "agencia", "jornal", "folha", "gazeta", "correio", "notícias", "agência",
    "courrier", "dépêche", "quotidien", "républicain", "nouvelliste", "agence", "gazette",
];

/// A masthead of an outlet no list knows, by its name alone: a few
/// capitalised words, one of them a word outlets name themselves with
/// (`The Harbour Ledger`, `Diario La Costa`, `Le Courrier des Vallées`).
/// A headline in capitals is a kicker, not a masthead.
fn is_outlet_name(text: &str) -> bool {
    let small = [
        "the", "of", "de", "del", "la", "el", "do", "da", "des", "du", "le", "les", "los",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let shouted = letters.iter().all(|c| c.is_uppercase());
    (2..=5).contains(&words.len())
        && !shouted
        && !ends_with_any(text, &['.', '!', '?', ':', ';', ','])
        && words
            .iter()
            .all(|w| starts_upper(w) || small.contains(&w.to_lowercase().as_str()))
        && words.iter().any(|w| {
            let w = w.to_lowercase();
            OUTLET_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
        })
}
