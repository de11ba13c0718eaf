//! Full-text search: an index of the site's searchable pages, written
//! under `/search-index/` and read by the search page's script
//! (`search.js` in the default theme).
//!
//! The theme decides what is searchable: the element marked
//! `data-search-body` (in the built-in theme, the main content of articles,
//! entity pages and free pages) is read, whose value names the kind of page,
//! and inside it everything marked `data-search-ignore` is skipped, as are
//! drawings (`svg`), scripts and styles. Search sits behind the renderer's
//! [`Sink`]: [`Indexing`] passes every page on to the real sink and, while it
//! still holds the HTML, keeps what [`extract`] finds in each marked page,
//! so nothing is read back.
//!
//! Words are runs of letters, numbers and combining marks, folded: marks
//! dropped and lower-cased, so `Gonzalez` finds `González`. Each word keeps
//! its stem in the site's language (Snowball), which lets the search page
//! find `protest` from `protests`. The index is made whole by every build:
//! it costs a fraction of the time the pages take.
//!
//! The index holds no page text: the search page makes each result's
//! excerpt from the result's own page, fetched when the result comes into
//! view and read by the same marks. A second copy of every page's text
//! would be a sixth of the site's bytes and thousands of files more to
//! write on every build, for the few results a reader looks at.
//!
//! # Format (version 2)
//!
//! - `meta.json`: `{"version":2,"pages":N,"buckets":B,"chunk_pages":C}`.
//! - `terms/<k>.bin`, for every bucket `0 <= k < B` (some empty): the words
//!   whose first two characters hash to `k` ([`bucket`], FNV-1a 32 of their
//!   UTF-8 bytes, modulo `B`), sorted by their bytes. Each is a record of
//!   unsigned LEB128 numbers: the word's length and bytes; its stem's
//!   length and bytes (length 0 when the stem is the word); the number of
//!   pages holding it; then for each page, in increasing order, the
//!   difference to the page before (the first: the page number) and the
//!   weight of the word in that page (BM25's term-frequency part ×100,
//!   plus up to 200 for a word of the page's title).
//! - `pages/<k>.json`: pages `k·C` to `k·C + C − 1` as `[url, title,
//!   kind]`, in the order of their URLs; the URL carries `base_url`'s path.
//!
//! Identical pages give identical files.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::output::Staging;
use crate::render::Sink;

/// The folder of the search index inside the site.
pub const BUNDLE_DIR: &str = "search-index";

/// The attribute that marks a page's searchable content; its value is the
/// kind of page shown beside each result.
pub const BODY_MARK: &str = "data-search-body";

/// Pages per file of the page list (about 100 bytes a page): the search
/// page fetches the files of the results it shows.
pub const CHUNK_PAGES: usize = 64;

/// About how many bytes of postings a bucket file holds: the search page
/// fetches one per word of a query.
const BUCKET_BYTES: usize = 32 * 1024;

/// The most buckets, for the largest dossiers.
const MAX_BUCKETS: usize = 4096;

/// Words longer than this (in bytes, folded) are not indexed: they are
/// identifiers, encoded data or URLs, not words anyone types.
const LONGEST_WORD: usize = 64;

/// What a word of the page's title adds to its weight there, shared among
/// the title's words: the whole of it for a one-word title, half each for
/// "Nicolás Maduro". So the page about someone or something (its title is
/// the name) comes before the pages that tell more about it in passing.
const TITLE_BONUS: f64 = 200.0;

/// A word's count in a page's title is kept in the high bits of its count
/// (text counts stay far below 2^24 words).
const TITLE_SHIFT: u32 = 24;

/// BM25's parameters: how fast repeats of a word stop adding weight, and
/// how much a long page's words weigh less.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One searchable page, as the renderer extracted it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Its URL path, with `base_url`'s path.
    pub url: String,
    /// The text of its first `h1`, whitespace collapsed.
    pub title: String,
    /// The kind of page, the value of its [`BODY_MARK`].
    pub kind: String,
    /// The words of its searchable text (the title's among them).
    pub words: PageWords,
}

/// The words of one page, each folded word once with how often it is in
/// the page's text and in its title: what the index needs of a page,
/// counted by the render worker that holds it, so that no page's text is
/// kept until the index is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageWords {
    /// The distinct words, one after another.
    bytes: String,
    /// Where each word ends in `bytes`, and its count: in the text in the
    /// low bits, in the title above [`TITLE_SHIFT`].
    ends: Vec<(u32, u32)>,
    /// The page's length in words, of its text and of its title.
    length: (u32, u32),
}

impl PageWords {
    /// Counts the words of `text` and of `title`.
    pub fn of(text: &str, title: &str) -> PageWords {
        // Every folded word, one after another, then counted by its bytes.
        let mut folded = String::with_capacity(text.len() + title.len());
        let mut spans: Vec<(u32, u32, u32)> = Vec::new();
        let mut in_text = 0;
        for (source, by) in [(text, 1), (title, 1 << TITLE_SHIFT)] {
            fold_words(source, &mut folded, |out, start| {
                spans.push((start as u32, out.len() as u32, by));
            });
            // The text's words come first, then the title's.
            if by == 1 {
                in_text = spans.len();
            }
        }
        let length = (in_text as u32, (spans.len() - in_text) as u32);
        let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
        counts.reserve(spans.len().min(4096));
        for (start, end, by) in spans {
            let n = counts
                .entry(&folded[start as usize..end as usize])
                .or_default();
            *n = n.saturating_add(by);
        }
        let mut words = PageWords {
            bytes: String::with_capacity(counts.keys().map(|w| w.len()).sum()),
            ends: Vec::with_capacity(counts.len()),
            length,
        };
        for (word, n) in counts {
            words.bytes.push_str(word);
            words.ends.push((words.bytes.len() as u32, n));
        }
        words
    }

    /// Each word with how often it is in the text and in the title.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32, u32)> + '_ {
        self.raw()
            .map(|(word, n)| (word, n & ((1 << TITLE_SHIFT) - 1), n >> TITLE_SHIFT))
    }

    /// Each word with its packed count.
    fn raw(&self) -> impl Iterator<Item = (&str, u32)> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&(end, n)| {
            let word = &self.bytes[start..end as usize];
            start = end as usize;
            (word, n)
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
    /// Distinct words in the index.
    pub words: usize,
    /// Files written under [`BUNDLE_DIR`].
    pub files: usize,
}

/// The searchable part of the page `html` at `url`, if it marks one with
/// [`BODY_MARK`]: its words, title and kind.
///
/// A scan of the tags, not a document tree: it needs only where the
/// marked element and the skipped ones end, which it finds by counting
/// their own tag name, so an unclosed `<p>` or `<li>` inside is no
/// trouble; a skipped element is a word break unless it is inline.
/// Comments, `<!...>` and the contents of scripts and styles are never
/// text; entities are decoded. An HTML rewriter (lol_html) did the
/// same at a fifth of the speed, more than the rest of the index together.
pub fn extract(html: &str, url: &str) -> Option<Document> {
    let mut scan = Scan { html, at: 0 };
    // The text is only counted, so its whitespace is left as it is; the
    // title is shown, so its whitespace is collapsed.
    let mut text = String::new();
    let mut title = String::new();
    // Straight to the marked element, if the first mark in the page is
    // an attribute (not, say, a word in the text); else tag by tag.
    if let Some(at) = html.find(BODY_MARK).and_then(|at| html[..at].rfind('<')) {
        let mut probe = Scan { html, at };
        if let Some(Tag::Start { attrs, .. }) = probe.tag() {
            if marked(attrs, BODY_MARK).is_some() {
                scan.at = at;
            }
        }
    }
    // Up to the marked element.
    let (body, kind) = loop {
        scan.text()?;
        let tag = scan.tag()?;
        if let Tag::Start { name, attrs, .. } = tag {
            if let Some(kind) = marked(attrs, BODY_MARK) {
                break (
                    name,
                    html_escape::decode_html_entities(kind).trim().to_string(),
                );
            }
        }
    };
    let mut depth = 1usize;
    // Whether the title is being read, and how deep in `h1`s.
    let mut heading = 0usize;
    let mut titled = false;
    loop {
        let run = scan.text().unwrap_or(&html[scan.at..]);
        if !run.is_empty() {
            let run = html_escape::decode_html_entities(run);
            text.push_str(&run);
            if heading > 0 {
                push_collapsed(&mut title, &run);
            }
        }
        let Some(tag) = scan.tag() else { break };
        let (name, class, start) = match tag {
            Tag::Start { name, attrs, empty } => {
                let class = class(name);
                if class == Class::Raw {
                    scan.skip_raw_text(name);
                    continue;
                }
                if empty || class == Class::Void {
                    gap(&mut text, class);
                    continue;
                }
                if class == Class::Skipped || marked(attrs, IGNORE_MARK).is_some() {
                    // Left out, but still a word break if it is a block.
                    gap(&mut text, class);
                    scan.skip_element(name);
                    continue;
                }
                if class == Class::Heading && !titled {
                    titled = true;
                    heading = 1;
                } else if class == Class::Heading && heading > 0 {
                    heading += 1;
                }
                (name, class, true)
            }
            Tag::End { name } => {
                let class = class(name);
                if class == Class::Heading && heading > 0 {
                    heading -= 1;
                }
                (name, class, false)
            }
            Tag::Other => continue,
        };
        if name.eq_ignore_ascii_case(body) {
            if start {
                depth += 1;
            } else {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
        }
        gap(&mut text, class);
        if heading > 0 {
            gap(&mut title, class);
        }
    }
    while title.ends_with(' ') {
        title.pop();
    }
    Some(Document {
        url: url.to_string(),
        words: PageWords::of(&text, &title),
        title,
        kind,
    })
}

/// Marks the searchable content's parts that are left out.
pub const IGNORE_MARK: &str = "data-search-ignore";

/// What an element is to the text of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Its contents are not HTML (scripts, styles): skipped to its end tag.
    Raw,
    /// It has no end tag.
    Void,
    /// Never read: drawings whose labels repeat names already in the text,
    /// and what is not text.
    Skipped,
    /// Its text runs on into the text around it.
    Inline,
    /// A top-level heading: the first is the page's title.
    Heading,
    /// Anything else: a word break at its start and end.
    Block,
}

/// The class of the element named `name`.
fn class(name: &str) -> Class {
    let mut lower = [0u8; 10];
    let Some(buf) = lower.get_mut(..name.len()) else {
        return Class::Block;
    };
    buf.copy_from_slice(name.as_bytes());
    buf.make_ascii_lowercase();
    match &*buf {
        b"a" | b"abbr" | b"b" | b"bdi" | b"bdo" | b"cite" | b"code" | b"data" | b"del" | b"dfn"
        | b"em" | b"i" | b"ins" | b"kbd" | b"mark" | b"q" | b"s" | b"samp" | b"small" | b"span"
        | b"strong" | b"sub" | b"sup" | b"time" | b"u" | b"var" => Class::Inline,
        b"area" | b"base" | b"br" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"link"
        | b"meta" | b"source" | b"track" | b"wbr" => Class::Void,
        b"script" | b"style" | b"textarea" | b"title" => Class::Raw,
        b"svg" | b"template" | b"noscript" | b"math" => Class::Skipped,
        b"h1" => Class::Heading,
        _ => Class::Block,
    }
}

/// A word break in `out` for an element of class `class`, unless it is
/// inline (its text runs on).
fn gap(out: &mut String, class: Class) {
    if class != Class::Inline
        && !out.is_empty()
        && !out.ends_with(|c: char| c.is_ascii_whitespace())
    {
        out.push(' ');
    }
}

/// One tag of a page, as [`Scan::tag`] reads it.
enum Tag<'a> {
    /// A start tag: its name, its attributes' source, and whether it
    /// closed itself (`<x/>`).
    Start {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    End {
        name: &'a str,
    },
    /// A comment, doctype or processing instruction.
    Other,
}

/// A position in a page's HTML.
struct Scan<'a> {
    html: &'a str,
    at: usize,
}

impl<'a> Scan<'a> {
    /// The text up to the next tag; `None` at the end of the page.
    fn text(&mut self) -> Option<&'a str> {
        let rest = &self.html[self.at..];
        let bytes = rest.as_bytes();
        let mut from = 0;
        loop {
            let lt = from + memchr::memchr(b'<', &bytes[from..])?;
            // A `<` that opens no tag is text.
            match bytes.get(lt + 1) {
                Some(b) if b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?') => {
                    self.at += lt;
                    return Some(&rest[..lt]);
                }
                _ => from = lt + 1,
            }
        }
    }

    /// The tag at the current position (just after [`Scan::text`]).
    ///
    /// Every position searched for is an ASCII byte, so every slice taken
    /// at one is at a character boundary.
    fn tag(&mut self) -> Option<Tag<'a>> {
        let rest = &self.html[self.at..];
        if !rest.starts_with('<') {
            return None;
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end =
                memchr::memmem::find(comment.as_bytes(), b"-->").map_or(rest.len(), |i| i + 4 + 3);
            self.at += end;
            return Some(Tag::Other);
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = memchr::memchr(b'>', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
            self.at += end;
            return Some(Tag::Other);
        }
        let closing = rest.starts_with("</");
        let body = &rest[if closing { 2 } else { 1 }..];
        let bytes = body.as_bytes();
        let name_end = name_len(bytes);
        let name = &body[..name_end];
        // The end of the tag: the first `>` outside a quoted value.
        let mut i = name_end;
        loop {
            let Some(next) = memchr::memchr3(b'>', b'"', b'\'', &bytes[i..]) else {
                i = bytes.len();
                break;
            };
            i += next;
            let quote = bytes[i];
            if quote == b'>' {
                break;
            }
            i += 1 + memchr::memchr(quote, &bytes[i + 1..]).unwrap_or(bytes.len() - i - 1);
            i = (i + 1).min(bytes.len());
        }
        let attrs = &body[name_end..i];
        self.at += (rest.len() - body.len()) + (i + 1).min(bytes.len());
        Some(if closing {
            Tag::End { name }
        } else {
            Tag::Start {
                name,
                attrs,
                empty: attrs.ends_with('/'),
            }
        })
    }

    /// Skips to the end of the raw-text element `name` just opened.
    fn skip_raw_text(&mut self, name: &str) {
        let rest = &self.html[self.at..];
        let mut from = 0;
        while let Some(i) = memchr::memmem::find(&rest.as_bytes()[from..], b"</") {
            let at = from + i + 2;
            let candidate = rest.as_bytes().get(at..at + name.len());
            if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
                self.at += from + i;
                return;
            }
            from = at;
        }
        self.at = self.html.len();
    }

    /// Skips the rest of the element `name` just opened, its end tag
    /// included. Only tags of its own name (to count how deep), comments
    /// and raw text are read; the tags between are passed over without
    /// reading their attributes, which is most of the time saved: an
    /// entity page is mostly sections left out of the index. A `<` in an
    /// attribute's value of a tag passed over would be taken for a tag:
    /// themes write it `&lt;`, as the built-in one does.
    fn skip_element(&mut self, name: &str) {
        let mut depth = 1usize;
        while let Some(lt) = memchr::memchr(b'<', &self.html.as_bytes()[self.at..]) {
            self.at += lt;
            let rest = &self.html[self.at..];
            let closing = rest.starts_with("</");
            let after = &rest[if closing { 2 } else { 1 }..];
            let len = name_len(after.as_bytes());
            let tag_name = &after[..len];
            if rest.starts_with("<!--") {
                self.tag();
            } else if len > 0 && tag_name.eq_ignore_ascii_case(name) {
                match self.tag() {
                    Some(Tag::Start { empty: false, .. }) => depth += 1,
                    Some(Tag::End { .. }) => {
                        depth -= 1;
                        if depth == 0 {
                            return;
                        }
                    }
                    _ => {}
                }
            } else if !closing && len > 0 && class(tag_name) == Class::Raw {
                self.tag();
                self.skip_raw_text(tag_name);
            } else {
                self.at += 1;
            }
        }
        self.at = self.html.len();
    }
}

/// The length of the tag name at the start of `bytes`: up to white space,
/// `/` or `>`, all ASCII, so the name ends at a character boundary.
fn name_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
        .unwrap_or(bytes.len())
}

/// [`attribute`], at once `None` for tags too short to have it.
fn marked<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    if attrs.len() < name.len() {
        return None;
    }
    attribute(attrs, name)
}

/// The value of the attribute `name` in a start tag's attributes' source
/// `attrs` (`""` when it has none), or `None` if it is not there.
fn attribute<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let bytes = attrs.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'/')
        {
            i += 1;
        }
        let key = &attrs[start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = attrs[i + 1..]
                        .find(q as char)
                        .map_or(attrs.len(), |e| i + 1 + e);
                    value = &attrs[i + 1..end];
                    i = end + 1;
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = &attrs[start..i];
                }
            }
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(value);
        }
    }
}

/// Appends `text` to `out` with every run of whitespace made one space
/// (no space at the start of `out`).
fn push_collapsed(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            out.push_str(&text[from..i]);
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            from = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[from..]);
}

/// Calls `f` with every word of `text`, folded: combining marks dropped
/// and lower-cased, as the search page folds a query.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut out = String::new();
    fold_words(text, &mut out, |out, at| f(&out[at..]));
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

/// The bucket of the folded word `word` among `buckets`: FNV-1a 32 of the
/// UTF-8 bytes of its first two characters.
pub fn bucket(word: &str, buckets: usize) -> usize {
    let end = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
    let mut hash: u32 = 0x811c_9dc5;
    for &byte in &word.as_bytes()[..end] {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize % buckets.max(1)
}

/// Pages (numbers in URL order) and how often the word is in each: in the
/// text in the low bits, in the title above [`TITLE_SHIFT`].
type Postings = Vec<(u32, u32)>;

/// The words of a range of pages, as one thread collects them.
#[derive(Default)]
struct Words {
    postings: FxHashMap<Box<str>, Postings>,
    /// Each page's length in words, of its text and its title, in page
    /// order (the pages of one `Words` follow each other).
    lengths: Vec<(u32, u32)>,
}

impl Words {
    /// The words of the pages `docs`, numbered from `first`.
    fn of(first: usize, docs: &[Document]) -> Words {
        let mut words = Words::default();
        for (n, doc) in docs.iter().enumerate() {
            let page = (first + n) as u32;
            // Each word comes once per page, with its counts.
            for (word, counts) in doc.words.raw() {
                match words.postings.get_mut(word) {
                    Some(list) => list.push((page, counts)),
                    None => {
                        words.postings.insert(word.into(), vec![(page, counts)]);
                    }
                }
            }
            words.lengths.push(doc.words.length());
        }
        words
    }

    /// The words of two ranges of pages, `self`'s before `other`'s.
    fn merge(mut self, other: Words) -> Words {
        for (word, list) in other.postings {
            match self.postings.get_mut(&word) {
                Some(mine) => mine.extend(list),
                None => {
                    self.postings.insert(word, list);
                }
            }
        }
        self.lengths.extend(other.lengths);
        self
    }
}

/// The Snowball stemmer for a language code such as `en` or `es-VE`.
fn stemmer(language: &str) -> Option<rust_stemmers::Stemmer> {
    use rust_stemmers::Algorithm::*;
    let code = language.split(['-', '_']).next().unwrap_or("");
    let algorithm = match code.to_ascii_lowercase().as_str() {
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

/// Appends `n` to `out` as an unsigned LEB128 number.
fn varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Builds the index of `docs` and writes it under [`BUNDLE_DIR`].
pub fn write_index(
    config: &SiteConfig,
    staging: &Staging,
    mut docs: Vec<Document>,
) -> Result<SearchIndex, Diagnostic> {
    docs.sort_unstable_by(|a, b| a.url.cmp(&b.url));
    docs.dedup_by(|a, b| a.url == b.url);
    // A few runs of pages per thread, each counted alone and then merged
    // in order, so every word's pages stay in increasing order.
    let run = docs
        .len()
        .div_ceil(4 * rayon::current_num_threads())
        .max(64);
    let mut words = docs
        .par_chunks(run)
        .enumerate()
        .map(|(k, docs)| Words::of(k * run, docs))
        .reduce(Words::default, Words::merge);
    let lengths = &words.lengths;
    let average = (lengths.iter().map(|&(n, _)| f64::from(n)).sum::<f64>()
        / docs.len().max(1) as f64)
        .max(1.0);

    // About three bytes a posting decide the number of buckets.
    let postings: usize = words.postings.values().map(Vec::len).sum();
    let buckets = (postings * 3)
        .div_ceil(BUCKET_BYTES)
        .next_power_of_two()
        .clamp(1, MAX_BUCKETS);
    let mut by_bucket: Vec<Vec<(Box<str>, Postings)>> = (0..buckets).map(|_| Vec::new()).collect();
    let distinct = words.postings.len();
    for (word, list) in std::mem::take(&mut words.postings) {
        by_bucket[bucket(&word, buckets)].push((word, list));
    }

    let stemmer = stemmer(&config.language);
    let weight = |page: u32, n: u32| {
        let (length, title) = lengths[page as usize];
        let text = f64::from(n & ((1 << TITLE_SHIFT) - 1));
        let norm = 1.0 - B + B * f64::from(length) / average;
        let mut w = text * (K1 + 1.0) / (text + K1 * norm) * 100.0;
        if title > 0 {
            w += TITLE_BONUS * f64::from(n >> TITLE_SHIFT) / f64::from(title);
        }
        w.round().max(1.0) as u64
    };
    let failed = |rel: &str, e: std::io::Error| {
        Diagnostic::error(format!("search: cannot write {BUNDLE_DIR}/{rel}: {e}"))
    };
    by_bucket
        .into_par_iter()
        .enumerate()
        .try_for_each(|(k, mut entries)| {
            entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let mut out = Vec::new();
            for (word, list) in entries {
                varint(&mut out, word.len() as u64);
                out.extend_from_slice(word.as_bytes());
                let stem = stemmer.as_ref().map(|s| s.stem(&word));
                match stem.filter(|stem| **stem != *word) {
                    Some(stem) => {
                        varint(&mut out, stem.len() as u64);
                        out.extend_from_slice(stem.as_bytes());
                    }
                    None => varint(&mut out, 0),
                }
                varint(&mut out, list.len() as u64);
                let mut last = 0;
                for (page, n) in list {
                    varint(&mut out, u64::from(page - last));
                    varint(&mut out, weight(page, n));
                    last = page;
                }
            }
            let rel = format!("terms/{k}.bin");
            staging
                .write(&format!("{BUNDLE_DIR}/{rel}"), &out)
                .map_err(|e| failed(&rel, e))
        })?;

    let chunks = docs.len().div_ceil(CHUNK_PAGES);
    docs.par_chunks(CHUNK_PAGES)
        .enumerate()
        .try_for_each(|(k, chunk)| {
            let rows: Vec<[&str; 3]> = chunk
                .iter()
                .map(|d| [d.url.as_str(), &d.title, &d.kind])
                .collect();
            let json = serde_json::to_vec(&rows).unwrap_or_default();
            let rel = format!("pages/{k}.json");
            staging
                .write(&format!("{BUNDLE_DIR}/{rel}"), &json)
                .map_err(|e| failed(&rel, e))
        })?;

    let meta = serde_json::json!({
        "version": 2,
        "pages": docs.len(),
        "buckets": buckets,
        "chunk_pages": CHUNK_PAGES,
    });
    staging
        .write(
            &format!("{BUNDLE_DIR}/meta.json"),
            format!("{meta}\n").as_bytes(),
        )
        .map_err(|e| failed("meta.json", e))?;
    Ok(SearchIndex {
        pages: docs.len(),
        words: distinct,
        files: buckets + chunks + 1,
    })
}

/// A [`Sink`] in front of another that keeps the searchable text of each
/// marked HTML page as it passes, for [`write_index`]. Only whole pages
/// (`write`) are read: files streamed with `write_with` (the print edition,
/// which repeats every page, and `dossier.json`) never are.
pub struct Indexing<'a> {
    inner: &'a dyn Sink,
    /// `base_url`'s path, which every page's URL starts with.
    base_path: &'a str,
    documents: std::sync::Mutex<Vec<Document>>,
}

impl<'a> Indexing<'a> {
    pub fn new(inner: &'a dyn Sink, base_path: &'a str) -> Indexing<'a> {
        Indexing {
            inner,
            base_path,
            documents: Default::default(),
        }
    }

    /// The documents of every marked page written.
    pub fn into_documents(self) -> Vec<Document> {
        self.documents
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The searchable part of `bytes`, if it is a marked HTML page.
    fn document(&self, rel: &str, bytes: &[u8]) -> Option<Document> {
        if !rel.ends_with(".html") || memchr::memmem::find(bytes, BODY_MARK.as_bytes()).is_none() {
            return None;
        }
        let html = std::str::from_utf8(bytes).ok()?;
        // `people/x/index.html` is served at `<base>people/x/`.
        let url = format!(
            "{}{}",
            self.base_path,
            rel.strip_suffix("index.html").unwrap_or(rel)
        );
        extract(html, &url)
    }
}

impl Sink for Indexing<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.inner.write(rel, bytes)?;
        if let Some(document) = self.document(rel, bytes) {
            self.documents
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(document);
        }
        Ok(())
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.inner.write_with(rel, fill)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn words_are_folded_as_the_search_page_folds_a_query() {
        assert_eq!(
            words("González’s “Río” — 2024, ΟΔΟΣ"),
            ["gonzalez", "s", "rio", "2024", "οδος"]
        );
    }

    #[test]
    fn extract_reads_the_marked_body_skips_ignored_parts_and_decodes_entities() {
        let html = r#"<html><head><title>T</title><script>var x = 1;</script></head>
<body><nav>Menu words</nav><main data-search-body="Person"><h1>Ana <em>Núñez</em></h1>
<p>Born in R&iacute;o Claro &amp; Lima.</p><p>Second</p><section data-search-ignore><p>Backlink sentence</p></section>
<svg><text>Label</text></svg><ul><li>one</li><li>two</li></ul></main><footer>Foot</footer></body></html>"#;
        let doc = extract(html, "/people/ana-nunez/").unwrap();
        assert_eq!(doc.kind, "Person");
        assert_eq!(doc.title, "Ana Núñez");
        let counts: BTreeMap<&str, (u32, u32)> =
            doc.words.iter().map(|(w, t, h)| (w, (t, h))).collect();
        let mut want: BTreeMap<&str, (u32, u32)> =
            ["born", "in", "rio", "claro", "lima", "second", "one", "two"]
                .into_iter()
                .map(|w| (w, (1, 0)))
                .collect();
        want.insert("ana", (1, 1));
        want.insert("nunez", (1, 1));
        assert_eq!(counts, want);
        assert_eq!(doc.words.length(), (10, 2));
        assert_eq!(doc.url, "/people/ana-nunez/");
    }

    #[test]
    fn inline_elements_join_words_and_blocks_part_them() {
        let html = "<main data-search-body=\"Page\"><p>Ma<em>duro</em> and <b>Ma</b>duro</p>\
                    <p>end</p><p>start</p><p>x<br>y</p></main>";
        let doc = extract(html, "/p/").unwrap();
        let counts: BTreeMap<&str, u32> = doc.words.iter().map(|(w, t, _)| (w, t)).collect();
        let want = BTreeMap::from([
            ("maduro", 2),
            ("and", 1),
            ("end", 1),
            ("start", 1),
            ("x", 1),
            ("y", 1),
        ]);
        assert_eq!(counts, want);
    }

    #[test]
    fn a_skipped_element_ends_at_its_own_end_tag_and_parts_words() {
        let html = "<div data-search-body=\"Page\"><p>one</p>\
            <div data-search-ignore><div>in <!-- </div> --></div>\
            <script>\"</div>\"</script><p title=\"a>b\">in</p></div>two\
            <section data-search-ignore>in</section>three<svg><text>in</text></svg>four\
            <x-note data-search-ignore><x-note>in</x-note></x-note><p>five</p></div><p>after</p>";
        let doc = extract(html, "/p/").unwrap();
        let words: Vec<&str> = {
            let mut w: Vec<&str> = doc.words.iter().map(|(w, _, _)| w).collect();
            w.sort_unstable();
            w
        };
        assert_eq!(words, ["five", "four", "one", "three", "two"]);
    }

    #[test]
    fn a_page_without_the_mark_is_not_searchable() {
        assert_eq!(
            extract("<main><h1>Timeline</h1></main>", "/timeline/"),
            None
        );
    }

    #[test]
    fn buckets_follow_the_first_two_characters() {
        assert_eq!(bucket("maduro", 64), bucket("ma", 64));
        assert_eq!(bucket("ñu", 64), bucket("ñuñez", 64));
        // FNV-1a 32 of "a" is 0xe40c292c.
        assert_eq!(bucket("a", 1 << 20), 0xe40c292c % (1 << 20));
    }

    #[test]
    fn varints_are_leb128() {
        let mut out = Vec::new();
        varint(&mut out, 5);
        varint(&mut out, 300);
        assert_eq!(out, [5, 0xac, 0x02]);
    }
}
