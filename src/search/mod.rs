//! Full-text search: an index of the site's searchable pages, written
//! under `/search-index/` and read by the search page's script
//! (`search.js` in the default theme), which fetches only the files a
//! query needs.
//!
//! The theme decides what is searchable: the element marked
//! `data-search-body` (in the built-in theme, the main content of articles,
//! entity pages and free pages) is read, whose value names the kind of page,
//! and inside it everything marked `data-search-ignore` is skipped, as are
//! drawings (`svg`), scripts and styles ([`extract`], which owns the one list
//! of which elements are text). Search sits behind the renderer's
//! [`Sink`](crate::output::Sink): [`Indexing`] passes every page on to the
//! real sink and, while it still holds the HTML, keeps what [`extract`]
//! finds in each marked page, so nothing is read back; [`write_index`]
//! writes the index through the sink it is given and never touches the
//! file system itself.
//!
//! Words are runs of letters, numbers and combining marks, folded: marks
//! dropped and lower-cased, so `Gonzalez` finds `González`. Each page is
//! indexed in its own language (its `lang`), each word with its Snowball
//! stem in that language, so `protest` finds `protests` and `protestas`
//! finds `protesta`. A page's text is cut into passages (at its headings,
//! and every few hundred bytes at a block's end); the index keeps, for each
//! word of a page, the first passages holding it, and the passages
//! themselves, so the search page shows the best passage of a result, links
//! the nearest heading, checks quoted phrases and rewards words found
//! together, without fetching any page.
//!
//! # Format (version 3)
//!
//! - `meta.json`: `{"version":3,"pages":N,"chunk_pages":C,"kinds":[[kind,
//!   first,count],…],"years":[[kind,year,first,count],…],"languages":{lang:
//!   {"pages":n,"files":[first word of each term file,…]},…}}`.
//! - `terms/<lang>/<k>.bin`: the folded words of the pages in `lang`,
//!   sorted by their bytes and cut into files of about [`TERM_BYTES`]
//!   (file `k` starts at the `k`-th word of `files`). Each word is a record
//!   of unsigned LEB128 numbers: its length and bytes; its stem's length
//!   and bytes (0 when the stem is the word); the number of pages holding
//!   it; then for each page: the difference to the page before (the first:
//!   the page number), the word's weight there (see [`weight`]), `n·2 +
//!   more` where `n` is how many passage numbers follow and `more` says the
//!   word is in further passages, and the passage numbers, each as the
//!   difference to the one before.
//! - `pages/<k>.json`: pages `k·C` to `k·C + C − 1` as `[url, title, kind,
//!   year or null, lang, text file, place in it]`, ordered by kind, then
//!   year, then URL, so a kind or a year is a range of page numbers.
//! - `text/<k>.json`: the passages of a few consecutive pages, an array
//!   per page of `[anchor, heading, text]`: the id and text of the heading
//!   above the passage (`""` before the first) and the passage's text,
//!   whitespace collapsed.
//!
//! Identical pages give identical files.

mod extract;
mod indexing;
mod scan;
mod write;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

pub use extract::extract;
pub use indexing::Indexing;
pub use write::write_index;

/// The folder of the search index inside the site.
pub const BUNDLE_DIR: &str = "search-index";

/// The attribute that marks a page's searchable content; its value is the
/// kind of page shown beside each result.
pub const BODY_MARK: &str = "data-search-body";

/// Marks the searchable content's parts that are left out.
pub const IGNORE_MARK: &str = "data-search-ignore";

/// Pages per file of the page list (about 120 bytes a page): the search
/// page fetches the files of the results it shows.
pub const CHUNK_PAGES: usize = 64;

/// About how many bytes a term file holds at most: a word's record is never
/// cut, and a file ends at the first word past this many bytes (or past a
/// sixteenth of the language's words, if less, so a query on a small site
/// does not load most of its index).
pub const TERM_BYTES: usize = 24 * 1024;

/// The least a term file aims at, however small the site.
pub const TERM_BYTES_LEAST: usize = 4 * 1024;

/// About how many bytes of passages a text file holds: the search page
/// fetches the files of the results in view, for their excerpts.
pub const TEXT_BYTES: usize = 8 * 1024;

/// A passage ends at the first block's end past this many bytes of text,
/// so an excerpt is a few hundred bytes.
pub const PASSAGE_BYTES: usize = 320;

/// How many of a word's passages in a page the index keeps: enough to find
/// the best passage and words near each other; a phrase in a page whose
/// word is in more is checked in the passages' text.
pub const PASSAGES_KEPT: usize = 4;

/// Words longer than this (in bytes, folded) are not indexed: they are
/// identifiers, encoded data or URLs, not words anyone types.
const LONGEST_WORD: usize = 64;

/// What a word of the page's title adds to its weight there, divided by
/// the square root of the title's length in words: the whole of it for a
/// one-word title, 0.71 of it for each word of "Nicolás Maduro", 0.28 for
/// each word of a 13-word headline. So the page about someone or something
/// (its title is the name) comes before the pages that tell more about it
/// in passing, and a long headline still counts for the words it shares
/// with the query.
pub const TITLE_BONUS: f64 = 200.0;

/// What a word of one of the page's headings adds to its weight there: a
/// page with a section about something comes before one that names it.
pub const HEADING_BONUS: f64 = 60.0;

/// BM25's parameters: how fast repeats of a word stop adding weight, and
/// how much a long page's words weigh less.
pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;

/// The weight of a word in a page: BM25's term-frequency part ×100 (`text`
/// times in a page of `length` words, `average` the site's mean), plus
/// [`TITLE_BONUS`] × its count in the title / √(the title's length), plus [`HEADING_BONUS`]
/// if it is in a heading; at least 1.
pub fn weight(counts: Counts, length: (u32, u32), average: f64) -> u64 {
    let text = f64::from(counts.text);
    let norm = 1.0 - B + B * f64::from(length.0) / average;
    let mut w = text * (K1 + 1.0) / (text + K1 * norm) * 100.0;
    if length.1 > 0 {
        w += TITLE_BONUS * f64::from(counts.title) / f64::from(length.1).sqrt();
    }
    if counts.heading > 0 {
        w += HEADING_BONUS;
    }
    w.round().max(1.0) as u64
}

/// One searchable page, as the renderer extracted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its URL path, with `base_url`'s path.
    pub url: String,
    /// The text of its first `h1`, whitespace collapsed.
    pub title: String,
    /// The kind of page, the value of its [`BODY_MARK`].
    pub kind: String,
    /// Its language: the primary subtag of the nearest `lang` around its
    /// title, lower-cased (`es` for `es-VE`), or `""` if none is given.
    pub lang: String,
    /// The year of the first `<time datetime>` of its searchable part
    /// before any passage (an article's date).
    pub year: Option<u16>,
    /// The words of its searchable text (the title's among them).
    pub words: PageWords,
    /// Its passages as the JSON array the text files hold.
    pub passages: String,
    /// How long [`extract`] took, on the render worker that called it: a
    /// cost of search that `--timings` counts under `search`.
    pub cost: std::time::Duration,
}

/// How often a word is in a page: in its text (the title's among it), in
/// its title, in its headings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub text: u32,
    pub title: u16,
    pub heading: u16,
}

/// The first [`PASSAGES_KEPT`] passages holding a word, in order, and
/// whether there are more.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Passages {
    ids: [u16; PASSAGES_KEPT],
    len: u8,
    pub more: bool,
}

impl Passages {
    fn add(&mut self, id: u16) {
        let len = usize::from(self.len);
        if len > 0 && self.ids[len - 1] == id {
            return;
        }
        if len == PASSAGES_KEPT {
            self.more = true;
        } else {
            self.ids[len] = id;
            self.len += 1;
        }
    }

    /// The passages kept.
    pub fn ids(&self) -> &[u16] {
        &self.ids[..usize::from(self.len)]
    }
}

/// The words of one page, each folded word once with how often and where
/// it is: what the index needs of a page, counted by the render worker
/// that holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageWords {
    /// The distinct words, one after another.
    bytes: String,
    /// Where each word ends in `bytes`, its counts and passages.
    ends: Vec<(u32, Counts, Passages)>,
    /// The page's length in words, of its text and of its title.
    length: (u32, u32),
}

impl PageWords {
    /// Counts the words of a page's title and of its passages, each given
    /// as its text and, for the first passage under a heading, the
    /// heading's text (so each heading is counted once).
    pub fn of<'a>(
        title: &str,
        passages: impl IntoIterator<Item = (Option<&'a str>, &'a str)>,
    ) -> PageWords {
        // Every folded word, one after another, with where it is, then
        // counted by its bytes: one copy of the page's words.
        const TITLE: u16 = u16::MAX;
        let mut folded = String::new();
        let mut spans: Vec<(u32, u32, u16, bool)> = Vec::new();
        fold_words(title, &mut folded, |out, at| {
            spans.push((at as u32, out.len() as u32, TITLE, false));
        });
        for (n, (heading, text)) in passages.into_iter().enumerate() {
            let id = n.min(usize::from(TITLE - 1)) as u16;
            for (source, in_heading) in [(heading.unwrap_or(""), true), (text, false)] {
                fold_words(source, &mut folded, |out, at| {
                    spans.push((at as u32, out.len() as u32, id, in_heading));
                });
            }
        }
        let mut index: rustc_hash::FxHashMap<&str, usize> = Default::default();
        index.reserve(spans.len().min(4096));
        let mut words = PageWords::default();
        for (start, end, id, in_heading) in spans {
            let word = &folded[start as usize..end as usize];
            let i = *index.entry(word).or_insert_with(|| {
                words.bytes.push_str(word);
                words.ends.push((
                    words.bytes.len() as u32,
                    Counts::default(),
                    Passages::default(),
                ));
                words.ends.len() - 1
            });
            let (_, c, p) = &mut words.ends[i];
            c.text = c.text.saturating_add(1);
            words.length.0 += 1;
            if id == TITLE {
                c.title = c.title.saturating_add(1);
                words.length.1 += 1;
            } else {
                if in_heading {
                    c.heading = c.heading.saturating_add(1);
                }
                p.add(id);
            }
        }
        words
    }

    /// Each word with its counts and passages.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Counts, Passages)> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&(end, c, p)| {
            let word = &self.bytes[start..end as usize];
            start = end as usize;
            (word, c, p)
        })
    }

    /// The page's length in words: of its text and of its title.
    pub fn length(&self) -> (u32, u32) {
        self.length
    }
}

/// What a search index build produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchIndex {
    /// Pages in the index.
    pub pages: usize,
    /// Distinct words in the index (a word in two languages counts twice).
    pub words: usize,
    /// Files written under [`BUNDLE_DIR`].
    pub files: usize,
    /// The time [`extract`] took over all pages, summed over the render
    /// workers (divide by their number for its share of the wall time).
    pub extract: std::time::Duration,
}

/// Calls `f` with every word of `text`, folded: combining marks dropped
/// and lower-cased, as the search page folds a query.
#[cfg(test)]
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut out = String::new();
    fold_words(text, &mut out, |out, at| f(&out[at..]));
}

/// The Snowball stemmer for a language code such as `en` or `es-VE`.
pub fn stemmer(language: &str) -> Option<rust_stemmers::Stemmer> {
    use rust_stemmers::Algorithm::*;
    let algorithm = match primary_language(language).as_str() {
        "ar" => Arabic,
        "da" => Danish,
        "nl" => Dutch,
        "en" => English,
        "fi" => Finnish,
        "fr" => French,
        "de" => German,
        "el" => Greek,
        "hu" => Hungarian,
        "it" => Italian,
        "no" | "nb" | "nn" => Norwegian,
        "pt" => Portuguese,
        "ro" => Romanian,
        "ru" => Russian,
        "es" => Spanish,
        "sv" => Swedish,
        "ta" => Tamil,
        "tr" => Turkish,
        _ => return None,
    };
    Some(rust_stemmers::Stemmer::create(algorithm))
}

/// The primary subtag of a language tag, lower-cased: `es` for `es-VE`.
/// Only ASCII letters are kept, so it is safe in a file name.
pub fn primary_language(tag: &str) -> String {
    let code = tag.trim().split(['-', '_']).next().unwrap_or("");
    if code.len() <= 8 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        code.to_ascii_lowercase()
    } else {
        String::new()
    }
}

/// Appends every word of `text`, folded (see [`for_each_word`]), to `out`,
/// calling `f` with `out` and where the word begins in it: one copy of
/// each word, lower-cased where it lands.
fn fold_words(text: &str, out: &mut String, mut f: impl FnMut(&str, usize)) {
    let bytes = text.as_bytes();
    let mut stripped = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let mut ascii = true;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
                continue;
            }
            // `i` is at a character boundary: words end at characters.
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if !(c.is_alphanumeric() || is_combining_mark(c)) {
                break;
            }
            ascii = false;
            i += c.len_utf8();
        }
        if i == start {
            // Not a word's character: step over it.
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let word = &text[start..i];
        let at = out.len();
        if ascii {
            if word.len() <= LONGEST_WORD {
                out.push_str(word);
                out[at..].make_ascii_lowercase();
                f(out, at);
            }
        } else {
            stripped.clear();
            stripped.extend(word.nfd().filter(|&c| !is_combining_mark(c)));
            // Whole-string lower-casing, so a final sigma folds as the
            // browser folds it.
            let folded = stripped.to_lowercase();
            if !folded.is_empty() && folded.len() <= LONGEST_WORD {
                out.push_str(&folded);
                f(out, at);
            }
        }
    }
}
