//! Cleaning the raw text of a news article for `dossier import`.
//!
//! An editor pastes what a web page showed: the headline, a date or dateline,
//! the body, and whatever the publisher wrapped around it (site name, share
//! buttons, newsletter prompts, captions, "tracking" residue, sometimes the
//! whole text two or three times). [`clean`] keeps the body paragraphs
//! verbatim, detects the headline and the publication date, and lists every
//! piece it dropped with the reason, so the editor can review what went.
//!
//! This module is a pure function over a string: it never touches the file
//! system, never reflows or rewrites a sentence (every kept paragraph is a
//! slice of the input, trimmed), and never panics, whatever the input.
//!
//! # Paragraphs
//!
//! Blank lines separate paragraphs; when the text has no blank line at all,
//! every line is a paragraph. Inside a multi-line paragraph, a line that is
//! unmistakably furniture (a boilerplate line, a date line, a credited
//! caption) is split off so it cannot drag a real paragraph out with it, and
//! at the very top a short first line followed by a line that does not start
//! in lower case (a headline over its standfirst) is split off too.
//!
//! # What is recognised
//!
//! - **Headline** (moved to `title`): the first candidate before the body
//!   starts that is at most 200 characters and 3 words, does not end in
//!   `. ! ? : ; , …`, is not boilerplate and is not the last paragraph.
//! - **Date** (`date`, reason "date line"): a line made only of a date and
//!   date furniture (`Published:`, weekday, time, time zone, "5 min read",
//!   a byline before a `|`), in English, Spanish, Portuguese, French, German
//!   or Italian month names or numerically (`2024-07-31`, `31/07/2024`; a
//!   numeric day/month that could be read both ways gives no date); a label
//!   and date glued to the start of the first paragraph (`date 2024-07-31
//!   Thousands…`); a place and date alone (`Havana, July 31, 2024`); or a
//!   wire dateline opening one of the first two kept paragraphs (the first may
//!   be a standfirst): `CARACAS, Venezuela, July 31, 2024 (AP) —`,
//!   `Caracas, 31 jul (EFE).-`, `WASHINGTON —`. A date with no year, or a
//!   relative one (`Updated 2 hours ago`), is dropped as a date line but
//!   gives no date.
//!   Dates inside ordinary sentences are never taken. A "Published" date wins
//!   over an "Updated" one; otherwise the first date line wins. A month
//!   without a day gives `YYYY-MM`.
//! - **Repeated text**: a paragraph whose whitespace-normalised text equals a
//!   kept paragraph (or the headline) is dropped, so a text pasted three times
//!   keeps its first copy; a truncated last copy of a repeated run is dropped
//!   too. A short (under 40 characters) paragraph repeated on its own, away
//!   from any repeated run, is kept: "He denied it." may legitimately recur.
//! - **Captions**: a short line ending in a parenthesised photo credit
//!   (`… Caracas (Yuri Cortés / AFP)`, `… (Reuters)`), a line that starts as a
//!   caption does (`Image source, Getty Images`, `Photo:`, `Foto:`), a lone
//!   credit (`Yuri Cortés / AFP`, `AFP via Getty Images`), a caption whose
//!   last sentence is followed by a bare credit (`… 2024. RONALDO SCHEMIDT /
//!   AFP`), a credit after a label (`… Photograph: Federico Parra/AFP`), and a
//!   short line without a final full stop
//!   written in another language than the article (the Spanish photo caption
//!   of an English story), once the headline or body has started.
//!
//! # Publisher boilerplate
//!
//! A maintained list, matched on a lower-cased, whitespace-collapsed copy of
//! the line, with word limits so that prose quoting a phrase is not taken:
//!
//! | rule | examples |
//! | --- | --- |
//! | site name | a short line before the headline holding a domain-like token (`Voz media US Voz.us`) or a known outlet's name; for an outlet the list does not know, a name in capitals before a tagline (`CARACAS DAILY NEWS - Your trusted source`) or a name the page's own boilerplate repeats (`The Andean Courier` over the headline, `Published by The Andean Courier Staff` below) |
//! | byline | `Published by`, `Published by Jane Doe`, `By Jane Doe`, `By Will Grant, Mexico correspondent`, `Por Juan Pérez`, `Jane Smith, Reuters`, `Written by`, `Author:` |
//! | social follow prompt | `Follow Jane Doe on Facebook and Twitter.`, `Síguenos en X`, `Like us on Facebook` |
//! | comments prompt | `Please let us know if you're having issues with commenting.`, `Comments`, `Leave a comment` |
//! | newsletter prompt | `Sign up for our newsletter`, `…newsletter… Sign up here.`, `Suscríbete a nuestro boletín`; after a bare `Newsletter`, the newsletter's name under it |
//! | share prompt | `Share this article`, `Share`, `Copy link`, `Compartir`, a line of social network names |
//! | read-more link | `Read more: …`, `See also: …`, `Lee también: …` and, after a bare `Read more`, the one linked headline under it |
//! | related links section | `Related Topics`, `More on this story`, `Most read`, `Noticias relacionadas`, … and every following line up to the next long prose paragraph |
//! | advertisement | `Advertisement`, `Sponsored`, `Publicidad`, `Story continues below advertisement` |
//! | click prompt | `Click here to…`, `Haz clic aquí…` |
//! | copyright notice | `©`, `All rights reserved`, `Copyright 2024 …`, `Todos los derechos reservados` |
//! | subscription prompt | `Subscribe`, `Already a subscriber? Log in`, `Suscríbete`, `Support our journalism`, paywall lines |
//! | cookie notice | `We use cookies…`, `Accept all`, `Cookie settings` |
//! | reporting credits | `Reporting by … Editing by …`, `Additional reporting by …`, `(With AFP)`, `Con información de EFE`, `Le Monde avec AFP`, Reuters' trust principles line |
//! | tag list | `Tags: …`, `Topics: …`, `Etiquetas: …` |
//! | navigation | `Menu`, `Skip to content`, `Back to top`, breadcrumbs like `Home > World > Americas` |
//! | media player residue | `Play video`, `Watch: …`, `Listen to this article`, `This video can not be played`, `02:31` |
//! | reading time | `4 min read`, `Lecture 3 min.`, `Tiempo de lectura: 5 minutos` |
//! | tracking residue | `tracking`, `Tracking pixel`, a lone URL or domain, markup or symbol soup (`<div …>`, `{"@context"…}`), a lone query string (`utm_source=x&utm_medium=y`), a lone lower-case word |
//! | section label | a single capitalised word alone (`Venezuela`); one or two capitalised words before the body starts; kickers (`Breaking news`, `Live`, `Analysis`, `Última hora`); a short line in capitals or joined by `&` above the headline (`LATIN AMERICA`, `Latin America & Caribbean`) |
//!
//! Lines with no letter or digit at all (`* * *`, `—`, zero-width spaces) are
//! dropped as empty.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;

/// An article cleaned of publisher furniture, ready to become an article file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CleanArticle {
    /// The detected headline, if the text opens with one.
    pub title: Option<String>,
    /// The detected publication date, `YYYY-MM-DD`, or `YYYY-MM` when the
    /// text names only the month.
    pub date: Option<String>,
    /// Body paragraphs in order, each a verbatim (trimmed) slice of the input.
    pub paragraphs: Vec<String>,
    /// Everything dropped, in the order it appeared, for the editor to review.
    pub removed: Vec<Removal>,
}

/// One piece of the raw text that [`clean`] dropped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// The dropped text, verbatim (trimmed).
    pub text: String,
    /// Why it was dropped.
    pub reason: RemovalReason,
}

/// Why a piece of the raw text is not part of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RemovalReason {
    /// A repeat of text already kept (pages pasted twice, headline repeated).
    Repeated,
    /// Publisher boilerplate; the string names the rule that matched.
    Boilerplate(&'static str),
    /// A date line or a wire dateline; its date fills [`CleanArticle::date`].
    DateLine,
    /// The headline, moved to [`CleanArticle::title`].
    Headline,
    /// An image caption or photo credit.
    Caption,
    /// A paragraph with no letter or digit in it.
    Empty,
}

impl fmt::Display for RemovalReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RemovalReason::Repeated => f.write_str("repeated text"),
            RemovalReason::Boilerplate(rule) => write!(f, "boilerplate: {rule}"),
            RemovalReason::DateLine => f.write_str("date line"),
            RemovalReason::Headline => f.write_str("headline (moved to title)"),
            RemovalReason::Caption => f.write_str("image caption"),
            RemovalReason::Empty => f.write_str("empty paragraph"),
        }
    }
}

/// Cleans the raw text of one article: detects its headline and date, drops
/// repeated text, captions and publisher boilerplate, and keeps every other
/// paragraph verbatim. See the module docs for the rules.
pub fn clean(raw: &str) -> CleanArticle {
    let pieces = split_pieces(raw);
    let mut cleaner = Cleaner::new(dominant_language(raw));
    cleaner.raw = raw;
    for (index, piece) in pieces.iter().enumerate() {
        cleaner.take(piece, pieces.get(index + 1).copied());
    }
    cleaner.finish()
}

// ---------------------------------------------------------------------------
// Splitting the raw text into paragraph candidates
// ---------------------------------------------------------------------------

/// Characters that show as nothing: whitespace, and the invisible format
/// characters web pages leave behind (zero-width space, BOM, word joiner).
fn is_blankish(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

fn trim_blankish(s: &str) -> &str {
    s.trim_matches(is_blankish)
}

/// One non-blank line, as byte offsets of its trimmed text in the raw input.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

/// Blocks of consecutive non-blank lines.
fn blocks(raw: &str) -> Vec<Vec<Line>> {
    let mut blocks: Vec<Vec<Line>> = Vec::new();
    let mut current: Vec<Line> = Vec::new();
    let mut offset = 0;
    for line in raw.split_inclusive('\n') {
        let leading = line.len() - line.trim_start_matches(is_blankish).len();
        let trimmed = trim_blankish(line);
        if trimmed.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            let start = offset + leading;
            current.push(Line {
                start,
                end: start + trimmed.len(),
            });
        }
        offset += line.len();
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// Paragraph candidates, each a trimmed slice of `raw`.
fn split_pieces(raw: &str) -> Vec<&str> {
    let blocks = blocks(raw);
    if blocks.len() <= 1 {
        // No blank line anywhere: the text was copied line by line.
        return blocks
            .iter()
            .flatten()
            .map(|line| &raw[line.start..line.end])
            .collect();
    }
    let mut pieces = Vec::new();
    let mut in_header = true;
    for block in &blocks {
        let mut run: Vec<Line> = Vec::new();
        for line in block {
            let text = &raw[line.start..line.end];
            if block.len() > 1 && is_furniture_line(text) {
                push_run(raw, &mut run, &mut pieces, &mut in_header);
                pieces.push(text);
            } else {
                run.push(*line);
            }
        }
        push_run(raw, &mut run, &mut pieces, &mut in_header);
    }
    pieces
}

/// Pushes a run of lines as one piece, first splitting off header lines
/// (site name, headline) glued above the first paragraph.
fn push_run<'a>(
    raw: &'a str,
    run: &mut Vec<Line>,
    pieces: &mut Vec<&'a str>,
    in_header: &mut bool,
) {
    let mut lines: &[Line] = run;
    let mut splits = 0;
    while *in_header && lines.len() >= 2 && splits < 3 {
        let first = &raw[lines[0].start..lines[0].end];
        let next = &raw[lines[1].start..lines[1].end];
        if !is_header_line_over(first, next) {
            break;
        }
        pieces.push(first);
        lines = &lines[1..];
        splits += 1;
    }
    if let (Some(first), Some(last)) = (lines.first(), lines.last()) {
        pieces.push(&raw[first.start..last.end]);
        *in_header = false;
    }
    run.clear();
}

/// Whether `first` reads as a header line standing above `next`, rather than
/// the first line of a hard-wrapped paragraph.
fn is_header_line_over(first: &str, next: &str) -> bool {
    let first_len = first.chars().count();
    let next_len = next.chars().count();
    let wrapped_look =
        first_len >= 50 && next_len * 4 <= first_len * 5 && next_len * 5 >= first_len * 4;
    first_len <= 200
        && !ends_with_any(first, &['.', '!', '?', ':', ';', ',', '…'])
        && !next.chars().next().is_some_and(char::is_lowercase)
        && !wrapped_look
}

/// Lines that are furniture whatever surrounds them, so they may be split
/// out of a multi-line paragraph.
fn is_furniture_line(text: &str) -> bool {
    !has_alphanumeric(text)
        || boilerplate_rule(text).is_some()
        || date_line(text).is_some()
        || is_credit_caption(text)
}

// ---------------------------------------------------------------------------
// The cleaning pass
// ---------------------------------------------------------------------------

/// What became of one paragraph candidate.
enum Outcome<'a> {
    Keep(&'a str),
    Drop(&'a str, RemovalReason),
}

/// After a related-links heading, the lines that follow are links too.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trailer {
    None,
    /// "Read more:" or "Newsletter" alone: the single short line under it,
    /// dropped under the same rule.
    Single(&'static str),
    /// "Related Topics", "More on this story": everything up to real prose.
    Section,
}

/// A date found in a date line, with whether the line was an "updated" one.
struct FoundDate {
    value: DateValue,
    updated: bool,
}

struct Cleaner<'a> {
    /// The whole text, to tell a masthead by the boilerplate that names it.
    raw: &'a str,
    language: Option<Language>,
    outcomes: Vec<Outcome<'a>>,
    title: Option<&'a str>,
    body_started: bool,
    kept_paragraphs: usize,
    trailer: Trailer,
    date: Option<FoundDate>,
    /// Normalised text of each kept paragraph (and the headline) → its index
    /// in `kept`, to find repeats in constant time.
    seen: HashMap<String, usize>,
    kept: Vec<String>,
    /// Index in `kept` of the paragraph the previous piece repeated.
    last_repeat_of: Option<usize>,
}

impl<'a> Cleaner<'a> {
    fn new(language: Option<Language>) -> Self {
        Cleaner {
            raw: "",
            language,
            outcomes: Vec::new(),
            title: None,
            body_started: false,
            kept_paragraphs: 0,
            trailer: Trailer::None,
            date: None,
            seen: HashMap::new(),
            kept: Vec::new(),
            last_repeat_of: None,
        }
    }

    fn remove(&mut self, text: &'a str, reason: RemovalReason) {
        if reason != RemovalReason::Repeated && reason != RemovalReason::Empty {
            self.last_repeat_of = None;
        }
        self.outcomes.push(Outcome::Drop(text, reason));
    }

    fn record_date(&mut self, value: Option<DateValue>, updated: bool) {
        let Some(value) = value else { return };
        let replace = match &self.date {
            None => true,
            Some(found) => found.updated && !updated,
        };
        if replace {
            self.date = Some(FoundDate { value, updated });
        }
    }

    fn take(&mut self, piece: &'a str, next: Option<&str>) {
        let is_last = next.is_none();
        if !has_alphanumeric(piece) {
            self.remove(piece, RemovalReason::Empty);
            return;
        }
        if let Some(found) = boilerplate_rule(piece) {
            self.trailer = found.opens;
            self.remove(piece, RemovalReason::Boilerplate(found.rule));
            return;
        }
        if self.in_trailer(piece) {
            return;
        }
        if let Some(found) = date_line(piece) {
            self.record_date(found.value, found.updated);
            self.remove(piece, RemovalReason::DateLine);
            return;
        }
        if is_credit_caption(piece) {
            self.remove(piece, RemovalReason::Caption);
            return;
        }
        if self.title.is_none()
            && !self.body_started
            && next.is_some_and(|next| is_masthead_over(piece, next, self.raw))
        {
            self.remove(piece, RemovalReason::Boilerplate("site name"));
            return;
        }
        let mut text = piece;
        // A dateline opens the first paragraph, which may follow a standfirst.
        if self.kept_paragraphs < 2 {
            if let Some(split) = leading_date(text).or_else(|| dateline_prefix(text)) {
                self.record_date(split.value, false);
                self.remove(split.prefix, RemovalReason::DateLine);
                text = split.rest;
            }
        }
        if self.title.is_none() && !self.body_started {
            if is_site_name(text) {
                self.remove(text, RemovalReason::Boilerplate("site name"));
                return;
            }
            if next.is_some_and(|next| is_kicker_over(text, next)) {
                self.remove(text, RemovalReason::Boilerplate("section label"));
                return;
            }
            if !is_last && looks_like_headline(text) {
                self.title = Some(text);
                let key = normalise_space(text);
                self.seen.entry(key.clone()).or_insert(self.kept.len());
                self.kept.push(key);
                self.remove(text, RemovalReason::Headline);
                return;
            }
        }
        if (self.title.is_some() || self.body_started)
            && !is_last
            && is_foreign_caption(text, self.language)
        {
            self.remove(text, RemovalReason::Caption);
            return;
        }
        if let Some(rule) = label_rule(text, self.body_started) {
            self.remove(text, RemovalReason::Boilerplate(rule));
            return;
        }
        let key = normalise_space(text);
        if let Some(&index) = self.seen.get(&key) {
            self.outcomes
                .push(Outcome::Drop(text, RemovalReason::Repeated));
            self.last_repeat_of = Some(index);
            return;
        }
        if self.is_truncated_repeat(&key) {
            self.outcomes
                .push(Outcome::Drop(text, RemovalReason::Repeated));
            self.last_repeat_of = None;
            return;
        }
        self.seen.insert(key.clone(), self.kept.len());
        self.kept.push(key);
        self.last_repeat_of = None;
        self.body_started = true;
        self.kept_paragraphs += 1;
        self.outcomes.push(Outcome::Keep(text));
    }

    /// Drops the lines under a related-links heading; returns whether it did.
    fn in_trailer(&mut self, piece: &'a str) -> bool {
        match self.trailer {
            Trailer::None => false,
            Trailer::Single(rule) => {
                self.trailer = Trailer::None;
                let words = word_count(piece);
                if words <= 20 && !ends_with_any(piece, &['.', '!']) {
                    self.remove(piece, RemovalReason::Boilerplate(rule));
                    true
                } else {
                    false
                }
            }
            Trailer::Section => {
                if is_long_prose(piece) {
                    self.trailer = Trailer::None;
                    false
                } else {
                    self.remove(piece, RemovalReason::Boilerplate("related links section"));
                    true
                }
            }
        }
    }

    /// A copy cut short at the end of a repeated run: the piece after a
    /// repeat that is the start of the paragraph that followed the original.
    fn is_truncated_repeat(&self, key: &str) -> bool {
        let Some(index) = self.last_repeat_of else {
            return false;
        };
        key.chars().count() >= 20
            && self
                .kept
                .get(index + 1)
                .is_some_and(|next| next.starts_with(key))
    }

    fn finish(mut self) -> CleanArticle {
        self.keep_lone_short_repeats();
        let mut article = CleanArticle {
            title: self.title.map(str::to_string),
            date: self.date.map(|found| found.value.to_string()),
            ..CleanArticle::default()
        };
        for outcome in self.outcomes {
            match outcome {
                Outcome::Keep(text) => article.paragraphs.push(text.to_string()),
                Outcome::Drop(text, reason) => article.removed.push(Removal {
                    text: text.to_string(),
                    reason,
                }),
            }
        }
        article
    }

    /// A short paragraph ("He denied it.") repeated on its own is more likely
    /// a real echo than a paste accident, so it goes back into the body
    /// unless it sits inside a run of repeats.
    fn keep_lone_short_repeats(&mut self) {
        let title = self.title.map(normalise_space);
        let is_repeat =
            |outcome: &Outcome| matches!(outcome, Outcome::Drop(_, RemovalReason::Repeated));
        let mut restore = Vec::new();
        for (index, outcome) in self.outcomes.iter().enumerate() {
            let Outcome::Drop(text, RemovalReason::Repeated) = outcome else {
                continue;
            };
            let key = normalise_space(text);
            if key.chars().count() >= 40 || title.as_ref() == Some(&key) {
                continue;
            }
            let before = self.outcomes[..index]
                .iter()
                .rev()
                .find(|o| !matches!(o, Outcome::Drop(_, RemovalReason::Empty)));
            let after = self.outcomes[index + 1..]
                .iter()
                .find(|o| !matches!(o, Outcome::Drop(_, RemovalReason::Empty)));
            if !before.is_some_and(is_repeat) && !after.is_some_and(is_repeat) {
                restore.push(index);
            }
        }
        for index in restore {
            if let Outcome::Drop(text, _) = self.outcomes[index] {
                self.outcomes[index] = Outcome::Keep(text);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Small text helpers
// ---------------------------------------------------------------------------

fn has_alphanumeric(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Words that carry a letter or digit (a lone dash is not a word).
fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| has_alphanumeric(w))
        .count()
}

/// Collapses every run of whitespace (and invisible characters) to one space.
fn normalise_space(text: &str) -> String {
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
fn match_key(text: &str) -> String {
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
fn bare(key: &str) -> &str {
    key.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The last visible character, looking through closing quotes and brackets.
fn last_significant(text: &str) -> Option<char> {
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
fn starts_with_words(key: &str, phrase: &str) -> bool {
    key.strip_prefix(phrase)
        .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
}

fn ends_with_any(text: &str, endings: &[char]) -> bool {
    last_significant(text).is_some_and(|c| endings.contains(&c))
}

/// A paragraph that is clearly prose, not a link or a label.
fn is_long_prose(text: &str) -> bool {
    let words = word_count(text);
    (words >= 25 && ends_with_any(text, &['.', '!', '?', '…'])) || words >= 60
}

fn starts_upper(word: &str) -> bool {
    word.trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A token like `voz.us`, `www.bbc.co.uk` or `elpais.com`.
fn is_domain_like(token: &str) -> bool {
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

fn is_url_like(token: &str) -> bool {
    let lower = token.to_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("www.")
        || is_domain_like(token)
}

// ---------------------------------------------------------------------------
// Publisher boilerplate
// ---------------------------------------------------------------------------

/// A boilerplate rule that matched, and whether the lines after it are links.
struct BoilerplateMatch {
    rule: &'static str,
    opens: Trailer,
}

/// The other words of a share bar: "Share on Facebook", "Compartir en X".
#[rustfmt::skip]
const SHARE_WORDS: &[&str] = &[
    "share", "on", "via", "by", "this", "article", "story", "tweet", "compartir", "en", "por",
    "partager", "sur", "teilen", "auf", "and", "or", "condividi", "su",
];

/// Social networks, for share and follow prompts.
#[rustfmt::skip]
const NETWORKS: &[&str] = &[
    "facebook", "twitter", "x", "instagram", "telegram", "whatsapp", "youtube", "tiktok", "threads",
    "linkedin", "bluesky", "mastodon", "reddit", "pinterest", "flipboard", "email", "e-mail",
    "mail", "print", "copy", "link", "messenger", "snapchat", "google", "news", "rss",
];

#[rustfmt::skip]
const RELATED_HEADINGS: &[&str] = &[
    "related topics", "more on this story", "related stories", "related articles",
    "related content", "related news", "related coverage", "related internet links",
    "more on this topic", "most read", "most popular", "most viewed", "top stories",
    "you may also like", "you might also like", "you may be interested in", "recommended",
    "recommended stories", "recommended for you", "more stories", "more news", "latest news",
    "latest stories", "trending", "trending now", "editor's picks", "read next",
    "what to read next", "around the web", "from our partners", "sponsored stories",
    "noticias relacionadas", "más noticias", "temas relacionados", "artículos relacionados",
    "lo más leído", "lo más visto", "más leídas", "más leído", "te recomendamos",
    "te puede interesar", "también te puede interesar", "sur le même sujet", "à lire aussi",
    "mais lidas", "notícias relacionadas", "mehr zum thema", "meistgelesen", "leggi anche",
    "più letti",
];

#[rustfmt::skip]
const READ_MORE_PREFIXES: &[&str] = &[
    "read more", "read also", "also read", "see also", "related:", "recommended:", "more:",
    "lee también", "lea también", "leer más", "lee más", "ver también", "te puede interesar:",
    "lire aussi", "à lire aussi:", "leia também", "leia mais", "veja também", "mehr zum thema:",
    "lesen sie auch", "leggi anche", "más información:",
];

#[rustfmt::skip]
const ADVERTISEMENT: &[&str] = &[
    "advertisement", "advertisment", "advertising", "ad", "ads", "sponsored", "sponsored content",
    "paid content", "paid post", "promoted", "partner content", "publicidad", "anuncio",
    "publicité", "publicidade", "anzeige", "werbung", "pubblicità", "skip advertisement",
    "story continues below advertisement", "article continues below advertisement",
    "continue reading below", "article continues below", "story continues below",
    "scroll to continue", "scroll to continue reading", "continue reading",
    "continue reading the main story", "continúa leyendo", "sigue leyendo",
    "la nota continúa debajo", "contenido patrocinado",
];

#[rustfmt::skip]
const SUBSCRIPTION: &[&str] = &[
    "subscribe", "subscribe now", "subscribe today", "subscribe for free", "already a subscriber",
    "already a subscriber? log in", "already a subscriber? sign in", "sign in", "log in", "login",
    "register", "create an account", "create a free account", "become a member",
    "support our journalism", "support us", "donate", "donate now", "get the app",
    "download the app", "download our app", "open in app", "subscribers only", "subscriber only",
    "exclusive for subscribers", "suscríbete", "suscribirse", "suscríbete ahora", "hazte socio",
    "iniciar sesión", "regístrate", "s'abonner", "abonnez-vous", "inscrivez-vous", "s'inscrire", "je m'abonne", "assine", "assine já",
    "jetzt abonnieren", "abbonati",
];

#[rustfmt::skip]
const NAVIGATION: &[&str] = &[
    "menu", "search", "home", "skip to content", "skip to main content", "skip to navigation",
    "close", "back to top", "go to top", "next article", "previous article", "next", "previous",
    "main menu", "toggle navigation", "open menu", "close menu", "show more", "load more",
    "see more", "view more", "ver más", "cargar más", "inicio", "sections", "explore", "buscar",
    "volver arriba",
];

#[rustfmt::skip]
const MEDIA: &[&str] = &[
    "play video", "watch", "watch video", "watch now", "watch live", "video", "listen",
    "listen now", "listen to this article", "listen to article", "this video can not be played",
    "this video cannot be played", "play", "pause", "mute", "unmute", "full screen", "fullscreen",
    "video player", "audio", "podcast", "escuchar", "escuchar artículo", "ver video", "ver vídeo",
    "reproducir", "audio player", "media player",
];

#[rustfmt::skip]
const TRACKING: &[&str] = &[
    "tracking", "tracking pixel", "tracking code", "pixel", "beacon", "img", "image", "null",
    "undefined", "loading", "loading...", "please enable javascript", "javascript is disabled",
    "iframe", "embed", "script", "noscript",
];

#[rustfmt::skip]
const SHARE: &[&str] = &[
    "share", "share this", "share this article", "share this story", "share article", "share story",
    "share page", "share via", "share on facebook", "share on twitter", "share on x",
    "share on whatsapp", "share via email", "copy link", "link copied", "copy article link",
    "compartir", "comparte", "comparte esta noticia", "compartir en facebook",
    "compartir en twitter", "compartir en whatsapp", "partager", "partilhar", "compartilhar",
    "teilen", "condividi", "tweet", "save", "save article", "guardar",
];

#[rustfmt::skip]
const COMMENTS: &[&str] = &[
    "comments", "comment", "leave a comment", "join the conversation", "show comments",
    "view comments", "hide comments", "load comments", "add a comment", "post a comment",
    "comments are closed", "commenting is closed", "comentarios", "comentar", "deja tu comentario",
    "commentaires", "comentários", "kommentare",
];

#[rustfmt::skip]
const CLICK_PROMPTS: &[&str] = &[
    "click here", "tap here", "click to ", "haz clic", "haga clic", "pulsa aquí", "pincha aquí",
    "clique aqui", "cliquez ici", "klicken sie hier", "clicca qui",
];

#[rustfmt::skip]
const TAG_LIST_PREFIXES: &[&str] = &[
    "tags:", "tags ", "topics:", "etiquetas:", "temas:", "filed under", "categories:", "category:",
    "keywords:", "mots-clés", "mots clés", "schlagworte", "tópicos:",
];

fn boilerplate_rule(text: &str) -> Option<BoilerplateMatch> {
    let key = match_key(text);
    let bare = bare(&key);
    let words = word_count(&key);
    let plain = |rule| {
        Some(BoilerplateMatch {
            rule,
            opens: Trailer::None,
        })
    };
    if key.chars().count() > 600 {
        return None;
    }
    if is_tracking_residue(text, &key, bare) {
        return plain("tracking residue");
    }
    if words <= 40
        && (text.contains('©')
            || key.contains("all rights reserved")
            || key.contains("todos los derechos reservados")
            || key.contains("tous droits réservés")
            || key.contains("todos os direitos reservados")
            || key.contains("alle rechte vorbehalten")
            || key.contains("tutti i diritti riservati")
            || [
                "copyright ©",
                "copyright (c)",
                "copyright 19",
                "copyright 20",
            ]
            .iter()
            .any(|p| key.starts_with(p))
            || key.starts_with("(c) 20")
            || key.starts_with("(c) 19"))
    {
        return plain("copyright notice");
    }
    if is_cookie_notice(&key, bare, words) {
        return plain("cookie notice");
    }
    if is_follow_prompt(&key, words) {
        return plain("social follow prompt");
    }
    if key.contains("having issues with commenting")
        || COMMENTS.contains(&bare)
        || is_count_of(bare, &["comment", "comments", "comentarios"])
    {
        return plain("comments prompt");
    }
    if is_newsletter_prompt(&key, bare, words) {
        // A bare "Newsletter" heading names the newsletter on the next line.
        let opens = if NEWSLETTER_LINES.contains(&bare) {
            Trailer::Single("newsletter prompt")
        } else {
            Trailer::None
        };
        return Some(BoilerplateMatch {
            rule: "newsletter prompt",
            opens,
        });
    }
    if SHARE.contains(&bare)
        || (key.starts_with("share this") && words <= 8)
        || (words > 0
            && key
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .any(|w| NETWORKS.contains(&w))
            && words <= 10
            && key
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .filter(|w| !w.is_empty())
                .all(|w| NETWORKS.contains(&w) || SHARE_WORDS.contains(&w)))
    {
        return plain("share prompt");
    }
    if RELATED_HEADINGS.contains(&bare) {
        return Some(BoilerplateMatch {
            rule: "related links section",
            opens: Trailer::Section,
        });
    }
    if words <= 30 && READ_MORE_PREFIXES.iter().any(|p| key.starts_with(p)) {
        // A bare heading announces the link on the next line.
        let rest = READ_MORE_PREFIXES
            .iter()
            .filter_map(|p| key.strip_prefix(p))
            .map(|rest| rest.trim_matches(|c: char| !c.is_alphanumeric()))
            .min_by_key(|rest| rest.len())
            .unwrap_or("");
        let opens = if rest.is_empty() || rest == "about" {
            Trailer::Single("read-more link")
        } else {
            Trailer::None
        };
        return Some(BoilerplateMatch {
            rule: "read-more link",
            opens,
        });
    }
    let advert_tail = key
        .strip_prefix("advertisement")
        .map(|rest| rest.trim_matches(|c: char| !c.is_alphanumeric()));
    if ADVERTISEMENT.contains(&bare)
        || advert_tail.is_some_and(|rest| {
            words <= 8
                && (rest.is_empty()
                    || ["scroll", "continue", "story", "article"]
                        .iter()
                        .any(|w| rest.contains(w)))
        })
    {
        return plain("advertisement");
    }
    if words <= 40 && CLICK_PROMPTS.iter().any(|p| key.starts_with(p)) {
        return plain("click prompt");
    }
    if SUBSCRIPTION.contains(&bare)
        || (key.starts_with("subscribe to ") && words <= 25)
        || key.starts_with("already a subscriber")
        || (key.starts_with("support independent journalism") && words <= 30)
        || (words <= 30
            && (key.contains("to continue reading")
                || key.contains("this article is for subscribers")
                || key.contains("exclusive to subscribers")))
    {
        return plain("subscription prompt");
    }
    if is_reporting_credit(&key, bare, words) {
        return plain("reporting credits");
    }
    if is_byline(text, &key, bare, words) {
        return plain("byline");
    }
    if words <= 40
        && TAG_LIST_PREFIXES.iter().any(|p| key.starts_with(p))
        && !ends_with_any(text, &['.', '!', '?'])
    {
        return plain("tag list");
    }
    if NAVIGATION.contains(&bare) || is_breadcrumb(text) {
        return plain("navigation");
    }
    if KICKERS.contains(&bare) {
        return plain("section label");
    }
    if words <= 20
        && (key.starts_with("watch:") || key.starts_with("video:") || key.starts_with("listen:"))
    {
        return plain("media player residue");
    }
    if is_reading_time(bare) {
        return plain("reading time");
    }
    if MEDIA.contains(&bare) || key.starts_with("listen to this article") || is_duration(bare) {
        return plain("media player residue");
    }
    None
}

/// Labels that stand over a story rather than belong to it.
#[rustfmt::skip]
const KICKERS: &[&str] = &[
    "breaking", "breaking news", "live", "live updates", "exclusive", "analysis", "opinion",
    "explainer", "developing story", "fact check", "última hora", "en vivo", "en directo",
    "exclusiva", "análisis", "opinión", "en direct", "eilmeldung", "liveblog", "ao vivo",
];

/// "4 min read", "Lecture 3 min.", "Tiempo de lectura: 5 minutos".
fn is_reading_time(bare: &str) -> bool {
    let words: Vec<&str> = bare
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let minutes = [
        "min", "mins", "minute", "minutes", "minutos", "minuten", "minuti", "minutas",
    ];
    let reading = [
        "read", "reading", "lecture", "lectura", "leitura", "lesezeit", "lettura",
    ];
    words.len() <= 6
        && words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
        && words.iter().any(|w| minutes.contains(w))
        && words.iter().any(|w| reading.contains(w))
}

/// "3 comments", "12 comentarios".
fn is_count_of(bare: &str, nouns: &[&str]) -> bool {
    let mut parts = bare.split(' ');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(n), Some(noun), None) if n.chars().all(|c| c.is_ascii_digit()) && nouns.contains(&noun)
    )
}

fn is_duration(bare: &str) -> bool {
    bare.contains(':') && bare.chars().all(|c| c.is_ascii_digit() || c == ':') && bare.len() <= 8
}

#[rustfmt::skip]
const MARKUP_SIGNALS: &[&str] = &[
    "<div", "</", "<img", "<script", "{\"", "function(", "=>", "&nbsp;", "src=", "href=",
    "@context",
];

/// `utm_source=newsletter&utm_medium=email`: the query string of a
/// tracked link, pasted without its address.
fn is_query_string(token: &str) -> bool {
    let token = token.trim_start_matches(['?', '&']);
    let pairs: Vec<&str> = token.split('&').collect();
    pairs.len() >= 2
        && pairs.iter().all(|pair| {
            pair.split_once('=').is_some_and(|(key, _)| {
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
        })
}

fn is_tracking_residue(text: &str, key: &str, bare: &str) -> bool {
    if TRACKING.contains(&bare) || key.contains("your browser does not support") {
        return true;
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    if tokens.len() == 1 && (is_url_like(tokens[0]) || is_query_string(tokens[0])) {
        return true;
    }
    if MARKUP_SIGNALS.iter().any(|signal| key.contains(signal)) {
        return true;
    }
    // Symbol soup: too many characters that prose does not use.
    let visible: Vec<char> = text.chars().filter(|c| !is_blankish(*c)).collect();
    let symbols = visible
        .iter()
        .filter(|c| {
            matches!(
                c,
                '{' | '}'
                    | '<'
                    | '>'
                    | '='
                    | '\\'
                    | '|'
                    | '#'
                    | '@'
                    | '*'
                    | '_'
                    | '^'
                    | '~'
                    | '['
                    | ']'
                    | '&'
                    | '$'
                    | '+'
                    | '/'
            )
        })
        .count();
    visible.len() >= 4 && symbols * 4 >= visible.len()
}

#[rustfmt::skip]
const COOKIE_SIGNALS: &[&str] = &[
    "accept", "consent", "we use", "this site uses", "this website uses", "policy", "settings",
    "preferences", "usamos", "utilizamos", "aceptar", "acepta", "navegación", "utilise",
    "verwendet",
];

fn is_cookie_notice(key: &str, bare: &str, words: usize) -> bool {
    #[rustfmt::skip]
    const BUTTONS: &[&str] = &[
        "accept all", "reject all", "accept", "accept cookies", "manage preferences",
        "manage cookies", "cookie settings", "cookie preferences", "cookie policy", "aceptar",
        "aceptar todo", "aceptar cookies", "rechazar", "configurar cookies", "tout accepter",
        "alle akzeptieren",
    ];
    BUTTONS.contains(&bare)
        || (words <= 80 && key.contains("cookie") && COOKIE_SIGNALS.iter().any(|w| key.contains(w)))
}

#[rustfmt::skip]
const FOLLOW_NETWORKS: &[&str] = &[
    "facebook", "twitter", "x", "instagram", "telegram", "whatsapp", "youtube", "tiktok", "threads",
    "linkedin", "bluesky", "mastodon", "rss",
];

fn is_follow_prompt(key: &str, words: usize) -> bool {
    if words > 30 {
        return false;
    }
    #[rustfmt::skip]
    let own_language = [
        "síguenos", "siguenos", "sigue a ", "suivez-nous", "suivez nous", "siga-nos", "siga nos",
        "folgen sie uns", "folge uns", "seguici", "únete a nuestro canal", "unete a nuestro canal",
        "join our channel", "join us on",
    ];
    if own_language.iter().any(|p| key.starts_with(p)) {
        return true;
    }
    #[rustfmt::skip]
    let opener = [
        "follow ", "like us on", "find us on", "connect with us", "join us on", "sigue ", "siga ",
        "suivez ", "folgen sie ", "segui ",
    ];
    let names_network = key
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| FOLLOW_NETWORKS.contains(&w))
        || key.contains(" @")
        || key.starts_with("follow @")
        || key.contains("social media")
        || key.contains("redes sociales")
        || key.contains("google news");
    opener.iter().any(|p| key.starts_with(p)) && names_network
}

#[rustfmt::skip]
const NEWSLETTER_LINES: &[&str] = &[
    "sign up", "sign up here", "sign up now", "newsletter", "newsletters", "enter your email",
    "enter your email address", "boletín", "boletines",
];

fn is_newsletter_prompt(key: &str, bare: &str, words: usize) -> bool {
    if NEWSLETTER_LINES.contains(&bare) {
        return true;
    }
    if words > 45 {
        return false;
    }
    #[rustfmt::skip]
    let about_newsletter = [
        "newsletter", "boletín", "boletin", "infolettre", "inbox", "bandeja de entrada",
    ]
    .iter()
    .any(|w| key.contains(w));
    #[rustfmt::skip]
    let asks = [
        "sign up", "sign-up", "subscribe to", "subscribe now", "subscribe for", "suscríbete",
        "suscribete", "get our", "register for", "recibe", "receive our", "abonnez", "inscrivez",
        "delivered to your inbox", "straight to your inbox", "in your inbox", "assine", "enter your email",
    ]
    .iter()
    .any(|w| key.contains(w));
    (about_newsletter && asks)
        || key.starts_with("sign up for")
        || key.starts_with("sign up to")
        || key.starts_with("enter your email")
}

#[rustfmt::skip]
const AGENCY_ONLY: &[&str] = &[
    "agencies", "agencias", "wire services", "staff", "redacción",
];

fn is_reporting_credit(key: &str, bare: &str, words: usize) -> bool {
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

#[rustfmt::skip]
const BYLINE_ALONE: &[&str] = &[
    "published by", "written by", "posted by", "story by", "words by", "text by", "by", "por",
    "author", "autor", "autora",
];

/// "By Jane Doe", "Published by", "Por Juan Pérez, enviado especial".
fn is_byline(text: &str, key: &str, bare: &str, words: usize) -> bool {
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
    if labelled.iter().any(|p| key.starts_with(p)) || is_name_and_role(text) {
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
fn is_name_and_role(text: &str) -> bool {
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

/// "Home > World > Americas", "News | Latin America".
fn is_breadcrumb(text: &str) -> bool {
    let separators = ['>', '›', '»', '|'];
    if !text.contains(separators) || ends_with_any(text, &['.', '!', '?']) || word_count(text) > 12
    {
        return false;
    }
    let segments: Vec<&str> = text.split(separators).map(str::trim).collect();
    segments.len() >= 2
        && segments.iter().all(|segment| {
            !segment.is_empty()
                && word_count(segment) <= 3
                && segment.split_whitespace().all(starts_upper)
        })
}

// ---------------------------------------------------------------------------
// Headline, site name, section labels
// ---------------------------------------------------------------------------

/// "LATIN AMERICA", "Latin America & Caribbean" over the real headline: a
/// few words in capitals or joined by `&` standing above a longer
/// headline-shaped line. A plain short headline over its deck stays.
fn is_kicker_over(text: &str, next: &str) -> bool {
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
fn is_masthead_over(text: &str, next: &str, raw: &str) -> bool {
    let headline_under = looks_like_headline(next)
        && boilerplate_rule(next).is_none()
        && date_line(next).is_none()
        && !is_credit_caption(next);
    if !headline_under || word_count(text) > 8 || text.contains('\n') {
        return false;
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

fn looks_like_headline(text: &str) -> bool {
    text.chars().count() <= 200
        && !text.contains('\n')
        && word_count(text) >= 3
        && text.chars().any(char::is_alphabetic)
        && !ends_with_any(text, &['.', '!', '?', ':', ';', ',', '…'])
}

/// Outlets whose name alone on a line before the headline is the page's
/// masthead rather than a kicker.
#[rustfmt::skip]
const OUTLETS: &[&str] = &[
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

fn is_site_name(text: &str) -> bool {
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
fn label_rule(text: &str, body_started: bool) -> Option<&'static str> {
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

// ---------------------------------------------------------------------------
// Captions
// ---------------------------------------------------------------------------

/// Agencies and photo services: a parenthesised or lone credit naming one
/// is a photo credit.
#[rustfmt::skip]
const CREDIT_SOURCES: &[&str] = &[
    "afp", "ap", "reuters", "efe", "getty", "epa", "dpa", "anadolu", "bloomberg", "shutterstock",
    "pool", "alamy", "ansa", "xinhua", "sipa", "abaca", "nurphoto", "zuma", "handout", "courtesy",
    "cortesía", "cortesia", "archivo", "archive", "file", "agencies", "agencias", "lusa", "aptn",
];

/// Words that label a credit: "Photo: …", "Foto de …", "Getty Images".
#[rustfmt::skip]
const CREDIT_LABELS: &[&str] = &[
    "photo", "photos", "foto", "fotos", "image", "images", "imagen", "picture", "pictures",
    "photograph", "fotografía", "credit", "crédito", "screenshot", "captura", "reproducción",
];

fn lower_word(word: &str) -> String {
    word.to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

fn is_credit_source(word: &str) -> bool {
    CREDIT_SOURCES.contains(&lower_word(word).as_str())
}

fn is_credit_word(word: &str) -> bool {
    let word = lower_word(word);
    CREDIT_SOURCES.contains(&word.as_str()) || CREDIT_LABELS.contains(&word.as_str())
}

/// "Yuri Cortés / AFP": slash-separated capitalised names.
fn is_slashed_credit(credit: &str) -> bool {
    credit.contains('/')
        && credit.split('/').all(|part| {
            part.chars().any(char::is_alphabetic) && part.split_whitespace().all(starts_upper)
        })
}

/// "Photo: …", "Foto de …", "Photo by …", "Image courtesy of …".
fn is_labelled_credit(credit: &str) -> bool {
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

fn is_credit_caption(text: &str) -> bool {
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
fn ends_with_bare_credit(text: &str) -> bool {
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
fn ends_with_credit(text: &str) -> bool {
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

fn is_foreign_caption(text: &str, language: Option<Language>) -> bool {
    let Some(language) = language else {
        return false;
    };
    if text.chars().count() > 200
        || word_count(text) < 3
        || ends_with_any(text, &['.', '!', '?', '…'])
    {
        return false;
    }
    let scores = language_scores(text);
    let own = scores[language as usize];
    let (best, best_score) = scores
        .iter()
        .enumerate()
        .max_by_key(|(_, score)| **score)
        .map(|(index, score)| (index, *score))
        .unwrap_or((0, 0));
    best != language as usize && best_score >= 2 && own * 3 < best_score
}

// ---------------------------------------------------------------------------
// Language, by stop words
// ---------------------------------------------------------------------------

/// The languages whose stop words are known, to spot a caption in another
/// language than the article's.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Language {
    English = 0,
    Spanish,
    Portuguese,
    French,
    German,
    Italian,
}

const LANGUAGES: [Language; 6] = [
    Language::English,
    Language::Spanish,
    Language::Portuguese,
    Language::French,
    Language::German,
    Language::Italian,
];

#[rustfmt::skip]
fn stop_words(language: Language) -> &'static [&'static str] {
    match language {
        Language::English => &[
            "the", "and", "of", "to", "in", "is", "was", "that", "for", "on", "with", "as", "by",
            "from", "at", "are", "his", "he", "it", "have", "has", "not", "this", "were", "said",
            "be", "an", "which", "who", "their", "they", "after", "against",
        ],
        Language::Spanish => &[
            "el", "la", "los", "las", "de", "del", "que", "y", "en", "por", "para", "con", "una",
            "un", "se", "su", "sus", "es", "al", "lo", "como", "más", "pero", "fue", "contra",
            "sobre", "este", "esta", "también", "ha", "tras",
        ],
        Language::Portuguese => &[
            "o", "os", "as", "do", "da", "dos", "das", "que", "e", "em", "no", "na", "nos", "por",
            "para", "com", "uma", "um", "se", "é", "foi", "não", "mais", "ao", "pelo", "pela",
            "sobre", "seu", "sua", "contra",
        ],
        Language::French => &[
            "le", "la", "les", "de", "des", "du", "et", "en", "un", "une", "est", "que", "qui",
            "dans", "pour", "sur", "au", "aux", "par", "pas", "ne", "avec", "ce", "cette", "il",
            "elle", "sont", "été", "contre",
        ],
        Language::German => &[
            "der", "die", "das", "und", "in", "den", "von", "zu", "mit", "ist", "im", "des", "dem",
            "nicht", "ein", "eine", "auf", "für", "sich", "auch", "es", "an", "als", "wird", "bei",
            "nach", "aus", "wurde", "sie", "hat", "gegen",
        ],
        Language::Italian => &[
            "il", "la", "di", "che", "e", "è", "del", "della", "in", "un", "una", "per", "con",
            "non", "si", "le", "gli", "dei", "da", "al", "nel", "sono", "ha", "come", "anche",
            "più", "alla", "questo", "lo", "contro",
        ],
    }
}

fn language_scores(text: &str) -> [usize; 6] {
    let mut scores = [0; 6];
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        for language in LANGUAGES {
            if stop_words(language).contains(&word.as_str()) {
                scores[language as usize] += 1;
            }
        }
    }
    scores
}

/// The article's language, when the text gives enough evidence for it.
fn dominant_language(text: &str) -> Option<Language> {
    let scores = language_scores(text);
    LANGUAGES
        .iter()
        .copied()
        .max_by_key(|language| scores[*language as usize])
        .filter(|language| scores[*language as usize] >= 10)
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// A date as precise as the text gives it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum DateValue {
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
enum TokenKind {
    Word,
    Number,
    Mark,
}

/// A word, a number (with any ordinal suffix folded in) or a single mark,
/// with its byte span in the tokenised text.
#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    kind: TokenKind,
    text: &'a str,
    start: usize,
    end: usize,
}

impl Token<'_> {
    fn number(&self) -> Option<u32> {
        if self.kind == TokenKind::Number && self.text.len() <= 4 {
            self.text.parse().ok()
        } else {
            None
        }
    }

    fn digits(&self) -> usize {
        if self.kind == TokenKind::Number {
            self.text.len()
        } else {
            0
        }
    }

    fn is_mark(&self, mark: char) -> bool {
        self.kind == TokenKind::Mark && self.text.starts_with(mark)
    }

    fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

const ORDINALS: &[&str] = &["st", "nd", "rd", "th", "º", "ª", "er", "o", "a"];

fn tokenize(text: &str) -> Vec<Token<'_>> {
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

fn month_number(word: &str) -> Option<u32> {
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
fn is_date_furniture(word: &str) -> bool {
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
struct DateMatch {
    start: usize,
    end: usize,
    value: Option<DateValue>,
    numeric_iso: bool,
}

fn valid_year(year: u32) -> Option<i32> {
    if (1900..=2100).contains(&year) {
        i32::try_from(year).ok()
    } else {
        None
    }
}

fn day_value(year: u32, month: u32, day: u32) -> Option<DateValue> {
    NaiveDate::from_ymd_opt(valid_year(year)?, month, day).map(DateValue::Day)
}

/// Finds every date in the tokens, left to right, without overlaps.
fn find_dates(tokens: &[Token]) -> Vec<DateMatch> {
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

fn date_at(tokens: &[Token], i: usize) -> Option<DateMatch> {
    numeric_date_at(tokens, i)
        .or_else(|| day_month_year_at(tokens, i))
        .or_else(|| month_day_year_at(tokens, i))
}

/// `2024-07-31`, `2024/07/31`, `31/07/2024`, `31.07.24`.
fn numeric_date_at(tokens: &[Token], i: usize) -> Option<DateMatch> {
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
fn skip_if(tokens: &[Token], j: usize, accept: impl Fn(&Token) -> bool) -> usize {
    if tokens.get(j).is_some_and(accept) {
        j + 1
    } else {
        j
    }
}

fn is_connector(token: &Token, words: &[&str]) -> bool {
    token.kind == TokenKind::Word && words.contains(&token.lower().as_str())
}

/// A four-digit year at `j`, after an optional comma and "de"/"del".
fn year_after(tokens: &[Token], j: usize) -> Option<(u32, usize)> {
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
fn day_month_year_at(tokens: &[Token], i: usize) -> Option<DateMatch> {
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
fn month_day_year_at(tokens: &[Token], i: usize) -> Option<DateMatch> {
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

/// What a date line says.
struct DateLineInfo {
    value: Option<DateValue>,
    updated: bool,
}

#[rustfmt::skip]
const UPDATE_LABELS: &[&str] = &[
    "updated", "last updated", "update", "modified", "last modified", "actualizado", "actualizada",
    "atualizado", "atualizada", "mis à jour", "aktualisiert", "aggiornato", "stand", "zuletzt",
];

fn is_update_label(text: &str) -> bool {
    let key = match_key(text);
    UPDATE_LABELS.iter().any(|p| key.starts_with(p))
}

/// A line that is only a date and its furniture ("Published: 31/07/2024",
/// "Wednesday 31 July 2024 14.30 BST", "By Jane Doe | July 31, 2024").
fn date_line(text: &str) -> Option<DateLineInfo> {
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
fn date_only(text: &str) -> Option<Option<DateValue>> {
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
fn is_relative_time(bare: &str) -> bool {
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
struct LeadingDate<'a> {
    prefix: &'a str,
    rest: &'a str,
    value: Option<DateValue>,
}

/// Whether the text after a split prefix opens a paragraph.
fn opens_paragraph(rest: &str) -> bool {
    rest.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(
                c,
                '"' | '\'' | '\u{201c}' | '\u{2018}' | '\u{00ab}' | '¡' | '¿'
            )
    })
}

fn split_at_token<'a>(
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
fn leading_date(text: &str) -> Option<LeadingDate<'_>> {
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
fn dateline_prefix(text: &str) -> Option<LeadingDate<'_>> {
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
            if agency.is_empty() || agency.chars().count() > 30 || word_count(agency) > 3 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEED_REPEATED: &str = include_str!("../../tests/fixtures/seeds/000_0efdfad1b870551d.txt");
    const SEED_BREITBART: &str =
        include_str!("../../tests/fixtures/seeds/001_8854b1d33f7c729c.txt");
    const SEED_VOZ: &str = include_str!("../../tests/fixtures/seeds/002_a11159a3207db66b.txt");
    const SEED_DATE: &str = include_str!("../../tests/fixtures/seeds/003_457ae035e65c1eb1.txt");

    const AP: &str = "Venezuela's opposition says it has proof Maduro lost the presidential election

By REGINA GARCIA CANO and JOSHUA GOODMAN
Updated 6:12 PM EDT, July 31, 2024

CARACAS, Venezuela, July 31, 2024 (AP) — Venezuela's opposition said Wednesday it has collected more than two-thirds of the tally sheets from the weekend's presidential election, enough to prove that its candidate won.

The announcement came as the government of President Nicolás Maduro stepped up its crackdown on protesters, with more than 1,000 people detained since Sunday.

Advertisement

“We have the proof,” opposition leader María Corina Machado told reporters. Asked whether the tally sheets had been altered, Maduro's campaign chief was categorical.

He denied it.

Share

Copyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.
";

    const BBC: &str = "Venezuela election: Maduro declared winner amid fraud claims

Published
29 July 2024

Share

Save

Image source, Getty Images

Image caption, Protesters took to the streets of Caracas on Monday

By Will Grant, Mexico and Central America correspondent

Venezuela's electoral authority has declared President Nicolás Maduro the winner of Sunday's election, despite widespread claims of fraud.

The opposition says its own count shows its candidate, Edmundo González, won by a landslide.

\"We won and everyone knows it,\" opposition leader María Corina Machado told supporters gathered in the capital on Monday night.

Related Topics

Venezuela

Nicolás Maduro

More on this story

Who is Edmundo González?

Published
30 July 2024

Maduro's grip on power faces its biggest test

Published
28 July 2024
";

    const SPANISH: &str = "El Nacional

Miles de venezolanos marchan en Caracas contra el fraude electoral

Publicado el 31 de julio de 2024

Caracas, 31 jul (EFE).- Miles de venezolanos salieron este miércoles a las calles de Caracas para rechazar los resultados anunciados por el Consejo Nacional Electoral.

La líder opositora María Corina Machado encabezó la concentración en el este de la capital, donde pidió a los militares que respeten la voluntad popular.

\"No tenemos miedo\", gritaban los manifestantes.

Manifestantes en Caracas (EFE/Miguel Gutiérrez)

Publicidad

Lee también: Maduro acusa a la oposición de violencia

El Gobierno no ha respondido a las denuncias de la oposición, que asegura tener las actas de más del 80 % de las mesas.

Síguenos en X, Instagram y nuestro canal de WhatsApp

© 2024 El Nacional. Todos los derechos reservados.
";

    const REUTERS: &str = "Venezuela's Maduro asks top court to audit election as protests spread

By Vivian Sequera and Mayela Armas

July 31, 2024 4:47 PM GMT-4 Updated 2 hours ago

CARACAS, July 31 (Reuters) - Venezuelan President Nicolas Maduro on Wednesday asked the country's top court to audit the presidential election, as the opposition said it had evidence that its candidate won by a wide margin.

Sign up here.

The opposition has published what it says are more than 80% of the tally sheets on a website.

\"We are going to defend the vote,\" Gonzalez said in a video posted on social media.

The Reuters Daily Briefing newsletter provides all the news you need to start your day. Sign up here.

Reporting by Vivian Sequera and Mayela Armas in Caracas; Additional reporting by Julia Symmes Cobb in Bogota; Writing by Oliver Griffin; Editing by Daniel Wallis

Our Standards: The Thomson Reuters Trust Principles., opens new tab
";

    const NO_HEADLINE: &str = "31 July 2024
Venezuela's opposition leader said on Monday she would keep up protests until the election results are released.
María Corina Machado told reporters in Caracas that the movement would not back down.
Asked whether she feared arrest, Machado said the government had already tried to silence her.
He denied it.
Share this article
Advertisement
The government has arrested more than 1,000 people since the vote, according to rights groups.
https://example.com/track?id=123
";

    const GUARDIAN: &str = "Skip to main content

World > Americas > Venezuela

Venezuela’s army chief pledges loyalty to Maduro as pressure mounts

Defence minister says armed forces will ‘preserve internal order’ after days of protest

Protesters in Caracas on Tuesday. Photograph: Federico Parra/AFP/Getty Images

Wednesday 31 July 2024 14.30 BST

Venezuela’s defence minister has pledged the armed forces’ “absolute loyalty” to Nicolás Maduro as protests over the disputed election entered a third day.

Vladimir Padrino López said the military would “preserve internal order” and accused the opposition of fomenting a coup.

This article was amended on 1 August 2024 to correct the spelling of a name.

Sign up to First Edition, our free daily newsletter – every weekday morning at 7am BST

Most viewed

Maduro’s rival goes into hiding

Thousands flee across border into Colombia

We use cookies to improve your experience. By continuing to browse you accept our cookie policy.
";

    const WEB_RESIDUE: &str = "Tracking pixel

Cuba sends message of support to Maduro

Havana, July 31, 2024

Cuban President Miguel Díaz-Canel called Maduro on Tuesday to congratulate him on his re-election, the Cuban foreign ministry said.

{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\"}

Click here to get the latest news on your phone

The call came as several Latin American governments refused to recognise the result.

Cuban President Miguel Díaz-Canel called Maduro on Tuesday to congratulate him on his re-election, the Cuban foreign ministry said.

Tags: Cuba, Venezuela, Maduro

www.example-news.com
";

    const LE_MONDE: &str = "Le Monde

International

Au Venezuela, l’opposition revendique la victoire et appelle à manifester

Nicolás Maduro a été proclamé vainqueur par le Conseil national électoral, une annonce contestée par ses adversaires.

Par Marie Delcas (Bogota, correspondante)

Publié le 31 juillet 2024 à 10h30, modifié le 31 juillet 2024 à 18h02

Lecture 3 min.

Des milliers de Venezueliens sont descendus dans la rue lundi pour dénoncer une fraude massive lors de l’élection présidentielle de dimanche.

Lire aussi | Au Venezuela, Nicolas Maduro proclamé vainqueur

« Nous avons gagné », a déclaré María Corina Machado devant la foule.

Des manifestants à Caracas, le 29 juillet 2024. RONALDO SCHEMIDT / AFP

Le gouvernement a dénoncé une tentative de coup d’Etat.

Partager

Newsletter
« La lettre de l’international »
Inscrivez-vous

Le Monde avec AFP
";

    /// Prose that merely mentions the words boilerplate uses.
    const LOOKALIKES: &str = "LATIN AMERICA
Venezuela opposition rejects Maduro victory
By Jane Smith, Latin America correspondent
Jul 31, 2024, 10:30 AM ET
Listen to this article · 4 min
The opposition in Venezuela on Wednesday rejected the official result.
(Photo by Federico Parra / AFP via Getty Images)
Satellite Images Show Crowds Filling Caracas Avenue
\"We will not give up,\" she said
Reporting by the Miami Herald found that dozens were detained.
With approval from the council, the count went on.
Copyright infringement claims were filed against the broadcaster.
In a newsletter sent to subscribers by email, the party urged calm.
Advertisement agencies were also targeted.
Share prices in Caracas fell sharply.
Follow the money, the prosecutor told reporters.
AFP via Getty Images
Share on Facebook Share on Twitter
";

    /// Paragraphs, headline and removals of `raw` must account for it:
    /// everything kept is a verbatim slice of it.
    fn cleaned(raw: &str) -> CleanArticle {
        let article = clean(raw);
        for paragraph in &article.paragraphs {
            assert!(
                raw.contains(paragraph.as_str()),
                "not verbatim: {paragraph}"
            );
        }
        article
    }

    fn assert_kept(article: &CleanArticle, sentence: &str) {
        let count = article
            .paragraphs
            .iter()
            .filter(|p| p.contains(sentence))
            .count();
        assert_eq!(
            count, 1,
            "expected once in the body: {sentence}\n{article:#?}"
        );
    }

    fn assert_removed(article: &CleanArticle, text: &str, reason: RemovalReason) {
        assert!(
            article
                .removed
                .iter()
                .any(|r| r.text.contains(text) && r.reason == reason),
            "expected {text:?} removed as {reason}\n{:#?}",
            article.removed
        );
        assert!(
            article.paragraphs.iter().all(|p| !p.contains(text)),
            "{text:?} is still in the body"
        );
    }

    #[test]
    fn a_text_pasted_three_times_keeps_one_copy() {
        let article = cleaned(SEED_REPEATED);
        assert_eq!(article.title, None);
        assert_eq!(article.date, None);
        assert_eq!(article.paragraphs.len(), 9);
        assert_kept(
            &article,
            "Thousands of demonstrators from Peru's Venezuelan diaspora",
        );
        assert_kept(&article, "Around 17 million people were eligible to vote.");
        assert_kept(
            &article,
            "\"He should leave Venezuela, take what he has to take",
        );
        let repeats = article
            .removed
            .iter()
            .filter(|r| r.reason == RemovalReason::Repeated)
            .count();
        assert_eq!(repeats, 18);
        assert_eq!(article.removed.len(), 18);
    }

    #[test]
    fn social_and_commenting_trailers_and_a_spanish_caption_go() {
        let article = cleaned(SEED_BREITBART);
        assert_eq!(
            article.title.as_deref(),
            Some("Venezuelans Fill Streets of Peru to Protest Socialism at Summit of the Americas")
        );
        assert_removed(&article, "Venezolanos en el Perú", RemovalReason::Caption);
        assert_removed(
            &article,
            "Follow Frances Martel on",
            RemovalReason::Boilerplate("social follow prompt"),
        );
        assert_removed(
            &article,
            "Please let us know if you're having issues with commenting.",
            RemovalReason::Boilerplate("comments prompt"),
        );
        assert_eq!(article.paragraphs.len(), 11);
        assert_kept(
            &article,
            "Estimated thousands of members of the Venezuelan exile community",
        );
        assert_kept(&article, "he said.");
        assert_kept(&article, "through free and fair elections.");
    }

    #[test]
    fn masthead_label_caption_byline_and_tracking_residue_go() {
        let article = cleaned(SEED_VOZ);
        assert_eq!(
            article.title.as_deref(),
            Some("Venezuela's working-class neighbourhoods rise up against Nicolás Maduro in spontaneous demonstration after fraud")
        );
        assert_removed(
            &article,
            "Voz media US Voz.us",
            RemovalReason::Boilerplate("site name"),
        );
        assert_removed(&article, "(Yuri Cortés / AFP)", RemovalReason::Caption);
        assert_removed(
            &article,
            "Published by",
            RemovalReason::Boilerplate("byline"),
        );
        assert_removed(
            &article,
            "tracking",
            RemovalReason::Boilerplate("tracking residue"),
        );
        assert!(article
            .removed
            .iter()
            .any(|r| r.text == "Venezuela"
                && r.reason == RemovalReason::Boilerplate("section label")));
        // The standfirst, a sentence without a full stop and the crossheads stay.
        assert_kept(
            &article,
            "The National Electoral Council announced the victory of the dictator",
        );
        assert_kept(
            &article,
            "Demonstrations are also being reported in states such as Carabobo",
        );
        assert_kept(
            &article,
            "Maduro deploys security forces to repress the protests",
        );
        assert_kept(
            &article,
            "Carter Center calls for the release of detailed results",
        );
        assert_kept(
            &article,
            "a growing stream of people are reported to be marching together",
        );
        assert_eq!(article.paragraphs.len(), 15);
    }

    #[test]
    fn a_date_glued_to_the_first_paragraph_is_split_off() {
        let article = cleaned(SEED_DATE);
        assert_eq!(article.date.as_deref(), Some("2024-07-31"));
        assert_eq!(article.title, None);
        assert_removed(&article, "date 2024-07-31", RemovalReason::DateLine);
        assert!(article.paragraphs[0].starts_with("Thousands of Venezuelans gathered on Tuesday"));
        assert_kept(&article, "'Cannot be recognised'");
        assert_kept(&article, "Most other businesses were closed.");
        assert_kept(
            &article,
            "Caracas has withdrawn diplomatic staff from eight critical Latin American countries",
        );
        assert_eq!(article.paragraphs.len(), 37);
        assert_eq!(article.removed.len(), 1);
    }

    #[test]
    fn an_ap_story_loses_its_dateline_byline_and_copyright() {
        let article = cleaned(AP);
        assert_eq!(
            article.title.as_deref(),
            Some("Venezuela's opposition says it has proof Maduro lost the presidential election")
        );
        assert_eq!(article.date.as_deref(), Some("2024-07-31"));
        assert_removed(
            &article,
            "By REGINA GARCIA CANO",
            RemovalReason::Boilerplate("byline"),
        );
        assert_removed(&article, "Updated 6:12 PM EDT", RemovalReason::DateLine);
        assert_removed(
            &article,
            "CARACAS, Venezuela, July 31, 2024 (AP) —",
            RemovalReason::DateLine,
        );
        assert_removed(
            &article,
            "Advertisement",
            RemovalReason::Boilerplate("advertisement"),
        );
        assert_removed(
            &article,
            "Share",
            RemovalReason::Boilerplate("share prompt"),
        );
        assert_removed(
            &article,
            "All rights reserved",
            RemovalReason::Boilerplate("copyright notice"),
        );
        assert!(article.paragraphs[0].starts_with("Venezuela's opposition said Wednesday"));
        assert_kept(&article, "He denied it.");
        assert_kept(&article, "“We have the proof,” opposition leader");
        assert_eq!(article.paragraphs.len(), 4);
    }

    #[test]
    fn a_bbc_page_loses_its_media_furniture_and_related_links() {
        let article = cleaned(BBC);
        assert_eq!(
            article.title.as_deref(),
            Some("Venezuela election: Maduro declared winner amid fraud claims")
        );
        assert_eq!(article.date.as_deref(), Some("2024-07-29"));
        assert_removed(
            &article,
            "Image source, Getty Images",
            RemovalReason::Caption,
        );
        assert_removed(
            &article,
            "Image caption, Protesters",
            RemovalReason::Caption,
        );
        assert_removed(
            &article,
            "By Will Grant",
            RemovalReason::Boilerplate("byline"),
        );
        assert_removed(
            &article,
            "Related Topics",
            RemovalReason::Boilerplate("related links section"),
        );
        assert_removed(
            &article,
            "More on this story",
            RemovalReason::Boilerplate("related links section"),
        );
        assert_removed(
            &article,
            "Who is Edmundo González?",
            RemovalReason::Boilerplate("related links section"),
        );
        assert_removed(
            &article,
            "Maduro's grip on power",
            RemovalReason::Boilerplate("related links section"),
        );
        assert_kept(
            &article,
            "Venezuela's electoral authority has declared President Nicolás Maduro",
        );
        assert_kept(&article, "won by a landslide.");
        assert_kept(
            &article,
            "told supporters gathered in the capital on Monday night.",
        );
        assert_eq!(article.paragraphs.len(), 3);
    }

    #[test]
    fn a_spanish_story_loses_its_agency_dateline_and_follow_prompt() {
        let article = cleaned(SPANISH);
        assert_eq!(
            article.title.as_deref(),
            Some("Miles de venezolanos marchan en Caracas contra el fraude electoral")
        );
        assert_eq!(article.date.as_deref(), Some("2024-07-31"));
        assert_removed(
            &article,
            "El Nacional",
            RemovalReason::Boilerplate("site name"),
        );
        assert_removed(
            &article,
            "Publicado el 31 de julio de 2024",
            RemovalReason::DateLine,
        );
        assert_removed(&article, "Caracas, 31 jul (EFE).-", RemovalReason::DateLine);
        assert_removed(&article, "(EFE/Miguel Gutiérrez)", RemovalReason::Caption);
        assert_removed(
            &article,
            "Publicidad",
            RemovalReason::Boilerplate("advertisement"),
        );
        assert_removed(
            &article,
            "Lee también:",
            RemovalReason::Boilerplate("read-more link"),
        );
        assert_removed(
            &article,
            "Síguenos en X",
            RemovalReason::Boilerplate("social follow prompt"),
        );
        assert_removed(
            &article,
            "Todos los derechos reservados",
            RemovalReason::Boilerplate("copyright notice"),
        );
        assert!(article.paragraphs[0].starts_with("Miles de venezolanos salieron este miércoles"));
        assert_kept(
            &article,
            "\"No tenemos miedo\", gritaban los manifestantes.",
        );
        assert_kept(&article, "El Gobierno no ha respondido");
        assert_eq!(article.paragraphs.len(), 4);
    }

    #[test]
    fn a_reuters_story_loses_its_newsletter_prompts_and_credits_trailer() {
        let article = cleaned(REUTERS);
        assert_eq!(
            article.title.as_deref(),
            Some("Venezuela's Maduro asks top court to audit election as protests spread")
        );
        assert_eq!(article.date.as_deref(), Some("2024-07-31"));
        assert_removed(
            &article,
            "By Vivian Sequera",
            RemovalReason::Boilerplate("byline"),
        );
        assert_removed(&article, "4:47 PM GMT-4", RemovalReason::DateLine);
        assert_removed(
            &article,
            "CARACAS, July 31 (Reuters) -",
            RemovalReason::DateLine,
        );
        assert_removed(
            &article,
            "Sign up here.",
            RemovalReason::Boilerplate("newsletter prompt"),
        );
        assert_removed(
            &article,
            "Reporting by Vivian Sequera",
            RemovalReason::Boilerplate("reporting credits"),
        );
        assert_removed(
            &article,
            "Thomson Reuters Trust Principles",
            RemovalReason::Boilerplate("reporting credits"),
        );
        assert!(article.paragraphs[0]
            .starts_with("Venezuelan President Nicolas Maduro on Wednesday asked"));
        assert_kept(&article, "more than 80% of the tally sheets");
        assert_kept(
            &article,
            "\"We are going to defend the vote,\" Gonzalez said",
        );
        assert_eq!(article.paragraphs.len(), 3);
    }

    #[test]
    fn a_line_by_line_text_without_headline_keeps_its_short_paragraphs() {
        let article = cleaned(NO_HEADLINE);
        assert_eq!(article.title, None);
        assert_eq!(article.date.as_deref(), Some("2024-07-31"));
        assert_removed(&article, "31 July 2024", RemovalReason::DateLine);
        assert_removed(
            &article,
            "Share this article",
            RemovalReason::Boilerplate("share prompt"),
        );
        assert_removed(
            &article,
            "Advertisement",
            RemovalReason::Boilerplate("advertisement"),
        );
        assert_removed(
            &article,
            "https://example.com/track",
            RemovalReason::Boilerplate("tracking residue"),
        );
        assert_eq!(
            article.paragraphs,
            [
                "Venezuela's opposition leader said on Monday she would keep up protests until the election results are released.",
                "María Corina Machado told reporters in Caracas that the movement would not back down.",
                "Asked whether she feared arrest, Machado said the government had already tried to silence her.",
                "He denied it.",
                "The government has arrested more than 1,000 people since the vote, according to rights groups.",
            ]
        );
    }

    #[test]
    fn a_guardian_page_loses_navigation_caption_newsletter_and_cookie_notice() {
        let article = cleaned(GUARDIAN);
        assert_eq!(
            article.title.as_deref(),
            Some("Venezuela’s army chief pledges loyalty to Maduro as pressure mounts")
        );
        assert_eq!(article.date.as_deref(), Some("2024-07-31"));
        assert_removed(
            &article,
            "Skip to main content",
            RemovalReason::Boilerplate("navigation"),
        );
        assert_removed(
            &article,
            "World > Americas > Venezuela",
            RemovalReason::Boilerplate("navigation"),
        );
        assert_removed(
            &article,
            "Photograph: Federico Parra/AFP",
            RemovalReason::Caption,
        );
        assert_removed(
            &article,
            "Wednesday 31 July 2024 14.30 BST",
            RemovalReason::DateLine,
        );
        assert_removed(
            &article,
            "our free daily newsletter",
            RemovalReason::Boilerplate("newsletter prompt"),
        );
        assert_removed(
            &article,
            "Most viewed",
            RemovalReason::Boilerplate("related links section"),
        );
        assert_removed(
            &article,
            "Maduro’s rival goes into hiding",
            RemovalReason::Boilerplate("related links section"),
        );
        assert_removed(
            &article,
            "We use cookies",
            RemovalReason::Boilerplate("cookie notice"),
        );
        assert_kept(
            &article,
            "Defence minister says armed forces will ‘preserve internal order’",
        );
        assert_kept(&article, "Vladimir Padrino López said the military");
        assert_kept(&article, "This article was amended on 1 August 2024");
        assert_eq!(article.paragraphs.len(), 4);
    }

    #[test]
    fn web_residue_and_a_paragraph_repeated_alone_go() {
        let article = cleaned(WEB_RESIDUE);
        assert_eq!(
            article.title.as_deref(),
            Some("Cuba sends message of support to Maduro")
        );
        assert_eq!(article.date.as_deref(), Some("2024-07-31"));
        assert_removed(
            &article,
            "Tracking pixel",
            RemovalReason::Boilerplate("tracking residue"),
        );
        assert_removed(&article, "Havana, July 31, 2024", RemovalReason::DateLine);
        assert_removed(
            &article,
            "@context",
            RemovalReason::Boilerplate("tracking residue"),
        );
        assert_removed(
            &article,
            "Click here to get",
            RemovalReason::Boilerplate("click prompt"),
        );
        assert_removed(
            &article,
            "Tags: Cuba",
            RemovalReason::Boilerplate("tag list"),
        );
        assert_removed(
            &article,
            "www.example-news.com",
            RemovalReason::Boilerplate("tracking residue"),
        );
        assert_kept(
            &article,
            "Cuban President Miguel Díaz-Canel called Maduro on Tuesday",
        );
        assert_kept(
            &article,
            "The call came as several Latin American governments",
        );
        assert_eq!(article.paragraphs.len(), 2);
        assert!(article
            .removed
            .iter()
            .any(|r| r.reason == RemovalReason::Repeated));
    }

    #[test]
    fn a_french_page_loses_its_masthead_reading_time_and_agency_credit() {
        let article = cleaned(LE_MONDE);
        assert_eq!(
            article.title.as_deref(),
            Some("Au Venezuela, l’opposition revendique la victoire et appelle à manifester")
        );
        assert_eq!(article.date.as_deref(), Some("2024-07-31"));
        assert_removed(
            &article,
            "Le Monde",
            RemovalReason::Boilerplate("site name"),
        );
        assert_removed(
            &article,
            "International",
            RemovalReason::Boilerplate("section label"),
        );
        assert_removed(
            &article,
            "Par Marie Delcas",
            RemovalReason::Boilerplate("byline"),
        );
        assert_removed(
            &article,
            "Publié le 31 juillet 2024",
            RemovalReason::DateLine,
        );
        assert_removed(
            &article,
            "Lecture 3 min.",
            RemovalReason::Boilerplate("reading time"),
        );
        assert_removed(
            &article,
            "Lire aussi |",
            RemovalReason::Boilerplate("read-more link"),
        );
        assert_removed(&article, "RONALDO SCHEMIDT / AFP", RemovalReason::Caption);
        assert_removed(
            &article,
            "Partager",
            RemovalReason::Boilerplate("share prompt"),
        );
        assert_removed(
            &article,
            "« La lettre de l’international »",
            RemovalReason::Boilerplate("newsletter prompt"),
        );
        assert_removed(
            &article,
            "Inscrivez-vous",
            RemovalReason::Boilerplate("subscription prompt"),
        );
        assert_removed(
            &article,
            "Le Monde avec AFP",
            RemovalReason::Boilerplate("reporting credits"),
        );
        assert_kept(&article, "Nicolás Maduro a été proclamé vainqueur");
        assert_kept(
            &article,
            "« Nous avons gagné », a déclaré María Corina Machado devant la foule.",
        );
        assert_kept(
            &article,
            "Le gouvernement a dénoncé une tentative de coup d’Etat.",
        );
        assert_eq!(article.paragraphs.len(), 4);
    }

    #[test]
    fn prose_that_mentions_boilerplate_words_is_kept() {
        let article = cleaned(LOOKALIKES);
        assert_eq!(
            article.title.as_deref(),
            Some("Venezuela opposition rejects Maduro victory")
        );
        assert_eq!(article.date.as_deref(), Some("2024-07-31"));
        assert_removed(
            &article,
            "LATIN AMERICA",
            RemovalReason::Boilerplate("section label"),
        );
        assert_removed(
            &article,
            "By Jane Smith",
            RemovalReason::Boilerplate("byline"),
        );
        assert_removed(
            &article,
            "Listen to this article",
            RemovalReason::Boilerplate("media player residue"),
        );
        assert_removed(&article, "(Photo by Federico Parra", RemovalReason::Caption);
        assert_removed(
            &article,
            "Share on Facebook",
            RemovalReason::Boilerplate("share prompt"),
        );
        for sentence in [
            "The opposition in Venezuela on Wednesday rejected the official result.",
            "Satellite Images Show Crowds Filling Caracas Avenue",
            "\"We will not give up,\" she said",
            "Reporting by the Miami Herald found that dozens were detained.",
            "With approval from the council, the count went on.",
            "Copyright infringement claims were filed against the broadcaster.",
            "In a newsletter sent to subscribers by email, the party urged calm.",
            "Advertisement agencies were also targeted.",
            "Share prices in Caracas fell sharply.",
            "Follow the money, the prosecutor told reporters.",
        ] {
            assert_kept(&article, sentence);
        }
        assert_eq!(article.paragraphs.len(), 10);
    }

    #[test]
    fn a_short_sentence_said_twice_is_not_a_repeat() {
        let raw = "Maduro was asked about the arrests.\n\nHe denied it.\n\nThe opposition published photographs of detainees on Tuesday.\n\nHe denied it.\n";
        let article = cleaned(raw);
        assert_eq!(
            article
                .paragraphs
                .iter()
                .filter(|p| *p == "He denied it.")
                .count(),
            2
        );
        assert!(article.removed.is_empty());
    }

    #[test]
    fn a_headline_repeated_as_first_paragraph_is_dropped_once() {
        let raw = "Maduro sworn in for third term\n\nMaduro sworn in for third term\n\nNicolás Maduro was sworn in on Friday.\n";
        let article = cleaned(raw);
        assert_eq!(
            article.title.as_deref(),
            Some("Maduro sworn in for third term")
        );
        assert_eq!(
            article.paragraphs,
            ["Nicolás Maduro was sworn in on Friday."]
        );
        assert_eq!(article.removed[1].reason, RemovalReason::Repeated);
    }

    #[test]
    fn a_boilerplate_line_glued_into_a_paragraph_is_split_off() {
        let raw = "Protests spread across Venezuela\n\nThousands marched in Maracaibo on Tuesday.\nAdvertisement\nPolice used tear gas in Valencia.\n\nMore protests are planned for the weekend.\n";
        let article = cleaned(raw);
        assert_eq!(
            article.paragraphs,
            [
                "Thousands marched in Maracaibo on Tuesday.",
                "Police used tear gas in Valencia.",
                "More protests are planned for the weekend."
            ]
        );
        assert_removed(
            &article,
            "Advertisement",
            RemovalReason::Boilerplate("advertisement"),
        );
    }

    #[test]
    fn a_hard_wrapped_paragraph_stays_whole() {
        let raw = "Thousands of Venezuelans gathered on Tuesday in a peaceful show of\nopposition support a day after protests against the result.\n\nThe military reported one death.\n";
        let article = cleaned(raw);
        assert_eq!(article.title, None);
        assert_eq!(article.paragraphs.len(), 2);
        assert!(article.paragraphs[0].ends_with("against the result."));
    }

    #[test]
    fn dates_in_ordinary_sentences_are_not_the_publication_date() {
        let raw = "Maduro took office on January 10, 2019, after a disputed vote.\n\nThe next election was held on July 28, 2024.\n";
        let article = cleaned(raw);
        assert_eq!(article.date, None);
        assert_eq!(article.paragraphs.len(), 2);
    }

    #[test]
    fn date_lines_in_many_shapes_give_the_date() {
        let cases = [
            ("31 July 2024", Some("2024-07-31")),
            ("July 31, 2024", Some("2024-07-31")),
            ("Jul. 31st, 2024", Some("2024-07-31")),
            ("2024-07-31", Some("2024-07-31")),
            ("Published: 31/07/2024", Some("2024-07-31")),
            ("Published: 07/08/2024", None),
            (
                "Publicado el 31 de julio de 2024 a las 14:30",
                Some("2024-07-31"),
            ),
            ("31. Juli 2024, 14:30 Uhr", Some("2024-07-31")),
            ("Mis à jour le 31 juillet 2024", Some("2024-07-31")),
            ("July 2024", Some("2024-07")),
            (
                "By Jane Doe | July 31, 2024 | 5 min read",
                Some("2024-07-31"),
            ),
            ("2024-07-31T14:30:00Z", Some("2024-07-31")),
        ];
        for (line, expected) in cases {
            let raw = format!("{line}\n\nThe council said the count was final.\n");
            let article = cleaned(&raw);
            assert_eq!(article.date.as_deref(), expected, "{line}");
            assert_eq!(article.removed[0].reason, RemovalReason::DateLine, "{line}");
            assert_eq!(
                article.paragraphs,
                ["The council said the count was final."],
                "{line}"
            );
        }
    }

    #[test]
    fn a_published_date_wins_over_an_updated_one() {
        let raw = "Updated: August 2, 2024\n\nPublished: July 31, 2024\n\nThe council said the count was final.\n";
        assert_eq!(cleaned(raw).date.as_deref(), Some("2024-07-31"));
    }

    #[test]
    fn reasons_read_as_short_words() {
        assert_eq!(RemovalReason::Repeated.to_string(), "repeated text");
        assert_eq!(
            RemovalReason::Boilerplate("social follow prompt").to_string(),
            "boilerplate: social follow prompt"
        );
        assert_eq!(RemovalReason::DateLine.to_string(), "date line");
        assert_eq!(
            RemovalReason::Headline.to_string(),
            "headline (moved to title)"
        );
        assert_eq!(RemovalReason::Caption.to_string(), "image caption");
        assert_eq!(RemovalReason::Empty.to_string(), "empty paragraph");
    }

    #[test]
    fn empty_and_invisible_input_gives_an_empty_article() {
        assert_eq!(clean(""), CleanArticle::default());
        assert_eq!(clean("\n\n \u{a0}\r\n"), CleanArticle::default());
        let article = clean("\u{200b}\n\n* * *\n\nThe count went on.\n");
        assert_eq!(article.paragraphs, ["The count went on."]);
        assert!(article
            .removed
            .iter()
            .all(|r| r.reason == RemovalReason::Empty));
    }

    proptest! {
        #[test]
        fn never_panics_and_keeps_text_verbatim(raw in any::<String>()) {
            let article = clean(&raw);
            for paragraph in &article.paragraphs {
                prop_assert!(raw.contains(paragraph.as_str()));
            }
        }

        #[test]
        fn never_panics_on_article_shaped_text(
            lines in proptest::collection::vec(
                prop_oneof![
                    "[A-Z][a-z]{1,8}( [a-z]{1,8}){0,12}[.!?]?",
                    "(date|Published:|By) [0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}.{0,20}",
                    "[A-Z]{2,8}, [A-Z][a-z]+ [0-9]{1,2}(, [0-9]{4})? \\([A-Za-z]{2,8}\\) [-—] .{0,30}",
                    ".{0,40}\\([^)]{0,20}\\)",
                    "[ \\t\\u{a0}\\u{200b}]{0,3}",
                    ".{0,60}",
                ],
                0..30,
            ),
            separator in prop_oneof!["\n", "\n\n", "\r\n", "\r\n\r\n"],
        ) {
            let raw = lines.join(&separator);
            let article = clean(&raw);
            for paragraph in &article.paragraphs {
                prop_assert!(raw.contains(paragraph.as_str()));
            }
            if let Some(date) = &article.date {
                prop_assert!(date.len() == 10 || date.len() == 7);
            }
        }
    }
}
