//! Small text helpers shared by the cleaning rules: matching keys, word
//! counts, the look of a word or a domain. Pure functions over `&str`.

/// Characters that show as nothing: whitespace, and the invisible format
/// characters web pages leave behind (zero-width space, BOM, word joiner).
pub(super) fn is_blankish(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

pub(super) fn trim_blankish(s: &str) -> &str {
    s.trim_matches(is_blankish)
}

pub(super) fn has_alphanumeric(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Words that carry a letter or digit (a lone dash is not a word).
pub(super) fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| has_alphanumeric(w))
        .count()
}

/// Collapses every run of whitespace (and invisible characters) to one space.
pub(super) fn normalise_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(is_blankish).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The matching key for boilerplate: lower case, straight quotes, collapsed
/// whitespace.
pub(super) fn match_key(text: &str) -> String {
    normalise_space(text)
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{00b4}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{00ab}' | '\u{00bb}' => '"',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The key without surrounding punctuation, for whole-line comparisons.
pub(super) fn bare(key: &str) -> &str {
    key.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The last visible character, looking through closing quotes and brackets.
pub(super) fn last_significant(text: &str) -> Option<char> {
    text.trim_end_matches(|c: char| {
        is_blankish(c)
            || matches!(
                c,
                '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{00bb}' | '*' | '_'
            )
    })
    .chars()
    .next_back()
}

/// Whether `key` starts with the whole words of `phrase` ("with ap" does
/// not start "with approval").
pub(super) fn starts_with_words(key: &str, phrase: &str) -> bool {
    key.strip_prefix(phrase)
        .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
}

pub(super) fn ends_with_any(text: &str, endings: &[char]) -> bool {
    last_significant(text).is_some_and(|c| endings.contains(&c))
}

/// A paragraph that is clearly prose, not a link or a label.
pub(super) fn is_long_prose(text: &str) -> bool {
    let words = word_count(text);
    (words >= 25 && ends_with_any(text, &['.', '!', '?', '…'])) || words >= 60
}

pub(super) fn starts_upper(word: &str) -> bool {
    word.trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A token like `voz.us`, `www.bbc.co.uk` or `elpais.com`.
pub(super) fn is_domain_like(token: &str) -> bool {
    let token = token.trim_matches(|c: char| !c.is_alphanumeric());
    let token = token
        .strip_prefix("https://")
        .or_else(|| token.strip_prefix("http://"))
        .unwrap_or(token);
    let host = token.split('/').next().unwrap_or("");
    let mut parts = host.rsplit('.');
    let Some(tld) = parts.next() else {
        return false;
    };
    let Some(name) = parts.next() else {
        return false;
    };
    (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_lowercase())
        && name.chars().count() >= 2
        && name.chars().all(|c| c.is_alphanumeric() || c == '-')
        && host
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || c == '-'))
}

pub(super) fn is_url_like(token: &str) -> bool {
    let lower = token.to_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || is_domain_like(token)
}
