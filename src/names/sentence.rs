//! The sentence around a mention (SPEC §4: an entity page shows "the
//! sentence of the first mention").
//!
//! [`sentence_around`] finds, in plain text (never HTML), the sentence that
//! holds a byte offset. It splits after `.`, `!`, `?` and `…` (with any
//! closing quotes and brackets) when whitespace and the start of a new
//! sentence follow, but not after common abbreviations, initials or a decimal
//! point; a blank line always ends a sentence.
//!
//! What it guarantees: it never panics, whatever the text and offset; the
//! range is within the text, on char boundaries, trimmed of whitespace, at
//! most [`MAX_SENTENCE_BYTES`] long (a longer sentence is cut at word
//! boundaries around the offset, see [`Sentence`]), and holds the offset
//! whenever the offset is on a char that is not whitespace. It reads only a
//! few hundred bytes either side of the offset (and runs of whitespace), so
//! one call costs the same in a short note and in a book.

use std::ops::Range;

/// The longest sentence returned, in bytes; a longer one is cut around the
/// offset so that a run-on text does not put a page of it on an entity page.
pub const MAX_SENTENCE_BYTES: usize = 400;

/// How far either side of the offset the sentence's ends are looked for: a
/// sentence whose end is farther would be cut to [`MAX_SENTENCE_BYTES`] anyway.
const SCAN_BYTES: usize = MAX_SENTENCE_BYTES;

/// Bounds on the runs examined after a period, so that a pathological text
/// ("......" by the megabyte) costs no more than prose.
const RUN_LIMIT: usize = 8;

/// Titles, ranks, months and Latin shorthands whose period does not end a
/// sentence. Sentence ends after them ("… and so on, etc. Then") are rarer
/// than the abbreviation in the middle of one. Spanish forms are included:
/// the dossiers this tool was made for quote Venezuelan sources.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Dra", "Prof", "Sr", "Sra", "Srta", "Jr", "St", "Gen", "Gral",
    "Col", "Cnel", "Lt", "Sgt", "Capt", "Cmdr", "Adm", "Maj", "Gov", "Sen", "Rep", "Pres", "Rev",
    "Hon", "Lic", "Ing", "Fr", "Mt", "Ft", "Ave", "Blvd", "vs", "etc", "approx", "cf", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Abbreviations that are ordinary words too ("No."), so only count as
/// abbreviations before a number ("No. 10", "Art. 233").
const BEFORE_NUMBER: &[&str] = &[
    "No", "Nos", "Nº", "Num", "Núm", "Art", "Vol", "Fig", "p", "pp",
];

/// A sentence found around an offset, and whether it was cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Bytes of the sentence (or of its cut part) in the text.
    pub range: Range<usize>,
    /// Whether the sentence goes on before `range`.
    pub clipped_start: bool,
    /// Whether the sentence goes on after `range`.
    pub clipped_end: bool,
}

impl Sentence {
    /// The sentence as a reader should see it: `…` marks each cut side.
    pub fn excerpt(&self, text: &str) -> String {
        let body = text.get(self.range.clone()).unwrap_or_default();
        let mut out = String::with_capacity(body.len() + 6);
        if self.clipped_start {
            out.push('…');
        }
        out.push_str(body);
        if self.clipped_end {
            out.push('…');
        }
        out
    }
}

/// The byte range of the sentence containing `offset` in `text` (plain text,
/// not HTML), trimmed of surrounding whitespace.
///
/// At most [`MAX_SENTENCE_BYTES`] long; use [`sentence_at`] to know whether
/// it was cut. An offset past the end is clamped, one inside a char is moved
/// to that char's start, and one on whitespace is moved to the nearest text.
pub fn sentence_around(text: &str, offset: usize) -> Range<usize> {
    sentence_at(text, offset).range
}

/// Like [`sentence_around`], also telling whether the sentence was cut.
pub fn sentence_at(text: &str, offset: usize) -> Sentence {
    let Some(offset) = nearest_text(text, offset) else {
        let at = floor_char_boundary(text, offset.min(text.len()));
        return Sentence {
            range: at..at,
            clipped_start: false,
            clipped_end: false,
        };
    };
    let lo = floor_char_boundary(text, offset.saturating_sub(SCAN_BYTES));
    let hi = ceil_char_boundary(text, offset.saturating_add(SCAN_BYTES).min(text.len()));
    let back = scan_back(text, lo, offset);
    let (end, end_found) = match back.end {
        Some(end) => (end, true),
        None => scan_forward(text, offset, hi),
    };
    let range = trim(text, back.start..end);
    cap(text, range, offset, !back.start_found, !end_found)
}

/// The offset of the char to find the sentence of: `offset` itself when it
/// starts a non-whitespace char, else the nearest such char after it, else
/// before it; `None` when the text is all whitespace.
fn nearest_text(text: &str, offset: usize) -> Option<usize> {
    let at = floor_char_boundary(text, offset.min(text.len()));
    if let Some((i, _)) = text[at..].char_indices().find(|(_, c)| !c.is_whitespace()) {
        return Some(at + i);
    }
    text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_whitespace())
        .map(|(i, _)| i)
}

/// Where the sentence holding `offset` starts, looking back no further than `lo`.
struct Back {
    start: usize,
    /// Whether `start` is a real sentence start, not the scan's limit.
    start_found: bool,
    /// The sentence's end, when `offset` sits in its final punctuation
    /// (the closing quote of `said.”`), so it is already known.
    end: Option<usize>,
}

fn scan_back(text: &str, lo: usize, offset: usize) -> Back {
    let mut end = None;
    for (i, c) in text[lo..offset].char_indices().rev() {
        let i = lo + i;
        if c == '\n'
            && text[..i]
                .trim_end_matches([' ', '\t', '\r'])
                .ends_with('\n')
        {
            return Back {
                start: i + 1,
                start_found: true,
                end,
            };
        }
        if is_terminator(c) {
            if let Some(boundary) = boundary_at(text, i) {
                if boundary.next_start <= offset {
                    return Back {
                        start: boundary.next_start,
                        start_found: true,
                        end,
                    };
                }
                if boundary.end > offset && end.is_none() {
                    end = Some(boundary.end);
                }
            }
        }
    }
    Back {
        start: lo,
        start_found: lo == 0,
        end,
    }
}

/// Where the sentence holding `offset` ends, looking no further than `hi`,
/// and whether that is a real end rather than the scan's limit.
fn scan_forward(text: &str, offset: usize, hi: usize) -> (usize, bool) {
    for (j, c) in text[offset..hi].char_indices() {
        let j = offset + j;
        if c == '\n'
            && text[j + 1..]
                .trim_start_matches([' ', '\t', '\r'])
                .starts_with('\n')
        {
            return (j, true);
        }
        if is_terminator(c) {
            if let Some(boundary) = boundary_at(text, j) {
                return (boundary.end, true);
            }
        }
    }
    (hi, hi == text.len())
}

/// A place where one sentence ends and the next begins.
struct Boundary {
    /// Just after the terminator and any closing quotes or brackets.
    end: usize,
    /// The first char of the next sentence (or the end of the text).
    next_start: usize,
}

/// Whether the terminator at `i` ends a sentence, and where.
fn boundary_at(text: &str, i: usize) -> Option<Boundary> {
    // "?!" and "..." are one terminator; judge the run as a whole.
    let run_start = skip_back(text, i, is_terminator, RUN_LIMIT);
    let run_end = skip_forward(text, i, is_terminator, RUN_LIMIT);
    let end = skip_forward(text, run_end, is_closer, RUN_LIMIT);
    let next_start = skip_forward(text, end, char::is_whitespace, usize::MAX);
    if next_start == text.len() {
        return Some(Boundary { end, next_start });
    }
    if next_start == end {
        // "U.S.-backed", "51.2", "example.org": no space, no sentence end.
        return None;
    }
    // The gap is all whitespace, so two line breaks in it are a blank line.
    let blank_line = text[end..next_start].matches('\n').nth(1).is_some();
    if !blank_line {
        let next = text[next_start..].chars().next()?;
        if !starts_sentence(next) {
            return None;
        }
        if &text[run_start..run_end] == "." && is_abbreviation(&text[..run_start], next) {
            return None;
        }
    }
    Some(Boundary { end, next_start })
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

/// Whether `c` can open a sentence: a capital, a digit, a letter of a script
/// without case, or an opening quote or bracket (Spanish ¿ and ¡ included).
fn starts_sentence(c: char) -> bool {
    (c.is_alphanumeric() && !c.is_lowercase())
        || matches!(c, '"' | '\'' | '“' | '‘' | '«' | '(' | '[' | '¿' | '¡')
}

/// Whether the word that `before` ends with, followed by a period and then
/// `next`, is an abbreviation rather than the end of a sentence.
fn is_abbreviation(before: &str, next: char) -> bool {
    // Abbreviations are short: a longer word is not looked at in full.
    let start = skip_back(before, before.len(), |c| c.is_alphabetic() || c == '.', 12);
    let word = before[start..].trim_start_matches('.');
    let mut chars = word.chars();
    match (chars.next(), chars.next()) {
        (None, _) => return false,
        // An initial: "John J. Sullivan".
        (Some(c), None) if c.is_uppercase() => return true,
        _ => {}
    }
    if ABBREVIATIONS.contains(&word) {
        return true;
    }
    if BEFORE_NUMBER.contains(&word) {
        return next.is_numeric();
    }
    // Dotted initials: "U.S", "U.N", "EE.UU", "e.g", "i.e".
    word.contains('.')
        && word
            .split('.')
            .all(|part| (1..=2).contains(&part.chars().count()))
}

/// The offset after the chars from `from` on that satisfy `keep`, at most `limit` of them.
fn skip_forward(text: &str, from: usize, keep: impl Fn(char) -> bool, limit: usize) -> usize {
    let rest = &text[from..];
    rest.char_indices()
        .take(limit)
        .find(|(_, c)| !keep(*c))
        .map_or_else(
            || from + rest.chars().take(limit).map(char::len_utf8).sum::<usize>(),
            |(k, _)| from + k,
        )
}

/// The offset of the first of the chars before `to` that satisfy `keep`, at most `limit` of them.
fn skip_back(text: &str, to: usize, keep: impl Fn(char) -> bool, limit: usize) -> usize {
    let mut at = to;
    for c in text[..to].chars().rev().take(limit) {
        if !keep(c) {
            break;
        }
        at -= c.len_utf8();
    }
    at
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let inner = &text[range.clone()];
    let start = range.start + (inner.len() - inner.trim_start().len());
    let end = range.start + inner.trim_end().len();
    start..end.max(start)
}

/// Cuts a sentence longer than [`MAX_SENTENCE_BYTES`] to a window around
/// `offset`, at word boundaries.
fn cap(
    text: &str,
    range: Range<usize>,
    offset: usize,
    clipped_start: bool,
    clipped_end: bool,
) -> Sentence {
    if range.len() <= MAX_SENTENCE_BYTES {
        return Sentence {
            range,
            clipped_start,
            clipped_end,
        };
    }
    // A little before the mention, more after it: the rest of the name and
    // what was said of it come after.
    let wanted_start = range
        .start
        .max(offset.saturating_sub(MAX_SENTENCE_BYTES / 4));
    let wanted_end = range.end.min(wanted_start + MAX_SENTENCE_BYTES);
    let wanted_start = range
        .start
        .max(wanted_end.saturating_sub(MAX_SENTENCE_BYTES));
    let mut start = ceil_char_boundary(text, wanted_start);
    let mut end = floor_char_boundary(text, wanted_end);
    let cut_start = start > range.start;
    let cut_end = end < range.end;
    if cut_start {
        if let Some(space) = text[start..offset].find(char::is_whitespace) {
            start += space;
        }
    }
    if cut_end {
        if let Some(space) = text[offset..end]
            .rfind(char::is_whitespace)
            .filter(|&k| k > 0)
        {
            end = offset + space;
        }
    }
    Sentence {
        range: trim(text, start..end),
        clipped_start: clipped_start || cut_start,
        clipped_end: clipped_end || cut_end,
    }
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentence around the first occurrence of `word` in `text`.
    fn sentence_of<'t>(text: &'t str, word: &str) -> &'t str {
        let offset = text.find(word).expect("the word is in the text");
        &text[sentence_around(text, offset)]
    }

    #[test]
    fn titles_do_not_end_a_sentence() {
        let text = "Mr. Maduro said it. Then he left.";
        assert_eq!(sentence_of(text, "Maduro"), "Mr. Maduro said it.");
        assert_eq!(sentence_of(text, "Mr."), "Mr. Maduro said it.");
        assert_eq!(sentence_of(text, "he left"), "Then he left.");
        let text = "Gen. Padrino López and Sr. Cabello spoke. Dr. Smith did not.";
        assert_eq!(
            sentence_of(text, "Cabello"),
            "Gen. Padrino López and Sr. Cabello spoke."
        );
    }

    #[test]
    fn initials_do_not_end_a_sentence() {
        let text = "Reporters waited. John J. Sullivan met them. He smiled.";
        assert_eq!(sentence_of(text, "Sullivan"), "John J. Sullivan met them.");
        assert_eq!(sentence_of(text, "John"), "John J. Sullivan met them.");
    }

    #[test]
    fn dotted_abbreviations_do_not_end_a_sentence() {
        let text = "The U.S. Treasury sanctioned him. EE.UU. Lo dijo. Others, e.g. Canada, agreed.";
        assert_eq!(
            sentence_of(text, "Treasury"),
            "The U.S. Treasury sanctioned him."
        );
        assert_eq!(sentence_of(text, "Canada"), "Others, e.g. Canada, agreed.");
    }

    #[test]
    fn numbers_do_not_end_a_sentence() {
        let text = "Turnout was 51.2 percent, said the CNE. Machado disagreed.";
        assert_eq!(
            sentence_of(text, "CNE"),
            "Turnout was 51.2 percent, said the CNE."
        );
        let text = "Decree No. 5 and Art. 233 apply. Nobody said No. Then silence.";
        assert_eq!(
            sentence_of(text, "Decree"),
            "Decree No. 5 and Art. 233 apply."
        );
        assert_eq!(sentence_of(text, "Nobody"), "Nobody said No.");
        // A year ends a sentence like any other word.
        let text = "It happened in 2024. Maduro stayed.";
        assert_eq!(sentence_of(text, "Maduro"), "Maduro stayed.");
    }

    #[test]
    fn a_closing_quote_stays_with_its_sentence() {
        let text = "He said: \"It is over.\" Then Maduro spoke.";
        assert_eq!(sentence_of(text, "over"), "He said: \"It is over.\"");
        assert_eq!(sentence_of(text, "Maduro"), "Then Maduro spoke.");
        let text = "“We will not leave,” Maduro said. “Never.” The crowd cheered.";
        assert_eq!(
            sentence_of(text, "Maduro"),
            "“We will not leave,” Maduro said."
        );
        assert_eq!(sentence_of(text, "Never"), "“Never.”");
        assert_eq!(sentence_of(text, "crowd"), "The crowd cheered.");
        // An offset on the closing quote itself.
        assert_eq!(sentence_of(text, "” The"), "“Never.”");
    }

    #[test]
    fn a_quote_ending_mid_sentence_does_not_split_it() {
        let text = "“Go home!” shouted Cabello. (He left.) Then nothing.";
        assert_eq!(sentence_of(text, "Cabello"), "“Go home!” shouted Cabello.");
        assert_eq!(sentence_of(text, "left"), "(He left.)");
    }

    #[test]
    fn questions_exclamations_and_ellipses_end_sentences() {
        let text = "Why? Because! Maduro won?! He paused… Then González spoke... and spoke.";
        assert_eq!(sentence_of(text, "Maduro"), "Maduro won?!");
        assert_eq!(sentence_of(text, "paused"), "He paused…");
        assert_eq!(
            sentence_of(text, "González"),
            "Then González spoke... and spoke."
        );
        let text = "Dijo el Sr. Maduro. ¿Quién ganó? Edmundo González.";
        assert_eq!(sentence_of(text, "Quién"), "¿Quién ganó?");
        assert_eq!(sentence_of(text, "Edmundo"), "Edmundo González.");
    }

    #[test]
    fn a_lowercase_word_after_a_period_continues_the_sentence() {
        let text = "See the report (p. 4) and the annex. vs. the rest it is short.";
        assert_eq!(sentence_of(text, "rest"), text);
    }

    #[test]
    fn paragraphs_end_sentences() {
        let text = "A heading without a stop\n\nMaduro spoke\nat length\n \nthen left";
        assert_eq!(sentence_of(text, "heading"), "A heading without a stop");
        assert_eq!(sentence_of(text, "Maduro"), "Maduro spoke\nat length");
        assert_eq!(sentence_of(text, "length"), "Maduro spoke\nat length");
        assert_eq!(sentence_of(text, "left"), "then left");
        // Even after an abbreviation.
        let text = "Written by Mr.\n\nMaduro";
        assert_eq!(sentence_of(text, "Maduro"), "Maduro");
    }

    #[test]
    fn a_run_on_text_is_cut_at_words_around_the_mention() {
        let before = "and then the crowd moved along the avenue ".repeat(20);
        let after = " while the police watched from the corner of the square".repeat(20);
        let text = format!("Start. {before}Maduro arrived{after}. End.");
        let offset = text.find("Maduro").unwrap();
        let sentence = sentence_at(&text, offset);
        let range = sentence.range.clone();
        assert!(range.len() <= MAX_SENTENCE_BYTES);
        assert!(range.start <= offset && offset < range.end);
        assert!(text[range.clone()].contains("Maduro arrived"));
        assert!(sentence.clipped_start && sentence.clipped_end);
        // Cut between words, not inside one.
        assert!(text[..range.start].ends_with(' ') && text[range.end..].starts_with(' '));
        let excerpt = sentence.excerpt(&text);
        assert!(excerpt.starts_with('…') && excerpt.ends_with('…'));
        // A sentence that fits is neither cut nor marked.
        let short = sentence_at("One. Two three. Four.", 5);
        assert_eq!(short.excerpt("One. Two three. Four."), "Two three.");
    }

    #[test]
    fn a_long_text_without_spaces_is_still_cut() {
        let text = "x".repeat(5000);
        let range = sentence_around(&text, 2500);
        assert!(range.len() <= MAX_SENTENCE_BYTES && range.contains(&2500));
    }

    #[test]
    fn any_offset_is_accepted() {
        let text = "Él habló — “sí”. Luego 😀 calló.";
        assert_eq!(sentence_around("", 0), 0..0);
        assert_eq!(sentence_around("", 10), 0..0);
        assert_eq!(sentence_around("   \n ", 2), 2..2);
        assert_eq!(&text[sentence_around(text, 1000)], "Luego 😀 calló.");
        // Inside a multibyte char: the sentence of that char.
        let inside_emoji = text.find('😀').unwrap() + 2;
        assert_eq!(
            &text[sentence_around(text, inside_emoji)],
            "Luego 😀 calló."
        );
        assert_eq!(&text[sentence_around(text, 1)], "Él habló — “sí”.");
        // On whitespace between sentences: the next one.
        let gap = text.find(". Luego").unwrap() + 1;
        assert_eq!(&text[sentence_around(text, gap)], "Luego 😀 calló.");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn prose() -> impl Strategy<Value = String> {
            let piece = prop::sample::select(vec![
                ".", ". ", "! ", "? ", "…", "\"", "”", "’", "'", ")", "(", " ", "\n", "\n\n", "Mr",
                "J", "U.S", "No", "e.g", "51.2", "Maduro", "said", "é", "😀", "¿", "a",
            ]);
            prop::collection::vec(piece, 0..120).prop_map(|ps| ps.concat())
        }

        fn check(text: &str, offset: usize) -> Result<(), TestCaseError> {
            let sentence = sentence_at(text, offset);
            let range = sentence.range.clone();
            prop_assert!(range.start <= range.end && range.end <= text.len());
            prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            prop_assert!(range.len() <= MAX_SENTENCE_BYTES);
            let inner = &text[range.clone()];
            prop_assert_eq!(inner, inner.trim());
            let on_text = text.is_char_boundary(offset)
                && text[offset..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace());
            if on_text {
                prop_assert!(
                    range.contains(&offset),
                    "{:?} does not hold {}",
                    range,
                    offset
                );
            }
            sentence.excerpt(text);
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn prose_sentences_are_sound(text in prose(), offset in 0usize..1200) {
                check(&text, offset)?;
            }
        }

        proptest! {
            // Arbitrary Unicode is slow to generate; it guards against panics
            // on scripts and symbols the prose above does not have.
            #![proptest_config(ProptestConfig::with_cases(400))]

            #[test]
            fn any_text_is_sound(text in "\\PC{0,600}", offset in 0usize..2500) {
                check(&text, offset)?;
            }
        }
    }
}
