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
//! # Metadata
//!
//! Read off what was removed, never changing it (`metadata.rs`): the
//! **authors** of a byline or of credit lines under the story (`Jane Doe
//! reported from Lima. Additional reporting by John Roe.`, removed as
//! reporting credits; `Staff`, `Redacción`, an agency give none); the
//! **outlet** of a masthead line, else of a dateline's parenthesis; the
//! **updated** date of an "Updated …" line; the **tags** of a "Tags:" line;
//! the **language** of the kept body (whatlang); and a numeric date line
//! that reads two ways, kept as an [`AmbiguousDate`] rather than guessed.
//!
//! # Publisher boilerplate
//!
//! The phrases live in one table per language in `phrases.rs` (English,
//! Spanish, Portuguese, French, and a few German and Italian ones), matched
//! on a lower-cased, whitespace-collapsed copy of the line, with word limits
//! so that prose quoting a phrase is not taken:
//!
//! | rule | examples |
//! | --- | --- |
//! | site name | a short line before the headline holding a domain-like token (`Voz media US Voz.us`) or a known outlet's name; for an outlet the list does not know, a name in capitals before a tagline (`CARACAS DAILY NEWS - Your trusted source`) or a name the page's own boilerplate repeats (`The Andean Courier` over the headline, `Published by The Andean Courier Staff` below) |
//! | byline | `Published by`, `Published by Jane Doe`, `By Jane Doe`, `By Will Grant, Mexico correspondent`, `Por Juan Pérez`, `Jane Smith, Reuters`, `Written by`, `Author:` |
//! | social follow prompt | `Follow Jane Doe on Facebook and Twitter.`, `Síguenos en X`, `Like us on Facebook` |
//! | comments prompt | `Please let us know if you're having issues with commenting.`, `Comments`, `Leave a comment`, a counter (`14 Comments`, `Comentarios (12)`, `3 commentaires`) |
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
//! | embargo note | `EMBARGOED UNTIL 00:01 ET, AUGUST 21, 2024`, `Embargo hasta …` (a time or date on the line, no final full stop) |
//! | login prompt | `Log in to comment`, `Inicia sesión para comentar`, `Faça login para comentar`, `Connectez-vous pour commenter` |
//! | navigation | `Menu`, `Skip to content`, `Back to top`, breadcrumbs like `Home > World > Americas` |
//! | media player residue | `Play video`, `Watch: …`, `Listen to this article`, `This video can not be played`, `02:31` |
//! | reading time | `4 min read`, `Lecture 3 min.`, `Tiempo de lectura: 5 minutos` |
//! | tracking residue | `tracking`, `Tracking pixel`, a lone URL or domain, markup or symbol soup (`<div …>`, `{"@context"…}`), a lone query string (`utm_source=x&utm_medium=y`), a lone lower-case word |
//! | section label | a single capitalised word alone (`Venezuela`); one or two capitalised words before the body starts; kickers (`Breaking news`, `Live`, `Analysis`, `Última hora`); a short line in capitals or joined by `&` above the headline (`LATIN AMERICA`, `Latin America & Caribbean`) |
//!
//! Lines with no letter or digit at all (`* * *`, `—`, zero-width spaces) are
//! dropped as empty.

mod blocks;
mod boilerplate;
mod bylines;
mod credits;
mod dates;
mod language;
mod masthead;
mod metadata;
mod phrases;
mod text;

use std::collections::HashMap;
use std::fmt;

use blocks::split_pieces;
use boilerplate::boilerplate_rule;
use bylines::{credit_sentences, date_line, dateline_prefix, leading_date};
use credits::is_credit_caption;
use dates::DateValue;
use language::{dominant_language, is_foreign_caption, Language};
use masthead::{is_kicker_over, is_masthead_over, is_site_name, label_rule, looks_like_headline};
use text::{ends_with_any, has_alphanumeric, is_long_prose, normalise_space, word_count};

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
    /// The people a byline or a credit line names, in order.
    pub authors: Vec<String>,
    /// The publication, from a masthead line or a dateline's parenthesis.
    pub outlet: Option<String>,
    /// The date of an "Updated …" stamp, when it differs from `date`.
    pub updated: Option<String>,
    /// The words of a "Tags:" line, in lower case.
    pub tags: Vec<String>,
    /// The body's language (ISO 639-1, e.g. `en`), when the body says it
    /// clearly.
    pub language: Option<String>,
    /// A numeric date line that reads both day-first and month-first, when
    /// no other date was found: never guessed, left for the editor.
    pub ambiguous_date: Option<AmbiguousDate>,
}

/// A numeric date that can be read two ways (`11/10/2024`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmbiguousDate {
    /// The line it stood on.
    pub line: String,
    /// Read day first: 11 October.
    pub day_first: String,
    /// Read month first: 10 November.
    pub month_first: String,
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

// The cleaning pass

/// What became of one paragraph candidate.
enum Outcome<'a> {
    Keep(&'a str),
    Drop(&'a str, RemovalReason),
}

/// After a related-links heading, the lines that follow are links too.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Trailer {
    None,
    /// "Read more:" or "Newsletter" alone: the single short line under it,
    /// dropped under the same rule.
    Single(&'static str),
    /// "Related Topics", "More on this story": everything up to real prose.
    Section,
}

/// A date found in a date line, with whether the line was an "updated" one.
pub(super) struct FoundDate {
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
        // "Jane Doe reported from Lima. Additional reporting by John Roe."
        if self.body_started && credit_sentences(text).is_some_and(|names| !names.is_empty()) {
            self.remove(text, RemovalReason::Boilerplate("reporting credits"));
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
        let found = metadata::metadata(&article.removed);
        article.authors = found.authors;
        article.outlet = found.outlet;
        article.updated = found.updated.filter(|u| article.date.as_ref() != Some(u));
        article.tags = found.tags;
        article.language = language::detect(&article.paragraphs);
        if article.date.is_none() {
            article.ambiguous_date =
                found
                    .ambiguous
                    .map(|(line, day_first, month_first)| AmbiguousDate {
                        line,
                        day_first: day_first.format("%Y-%m-%d").to_string(),
                        month_first: month_first.format("%Y-%m-%d").to_string(),
                    });
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
