//! Markdown → HTML, with mentions linked and recorded on the way.
//!
//! One pass over pulldown-cmark's events per body: headings get unique ids,
//! footnote ids get a `fn:` prefix (heading ids never contain `:`, so the two
//! never clash), wikilinks are resolved, and plain text outside code, links,
//! raw HTML, images and headings is searched for entity names. The pass
//! records, per entity, how often the body names it and the sentence of the
//! first mention. It knows nothing of templates or files.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeWithOffset};

use crate::config::AutoLink;
use crate::content::id::slugify;
use crate::content::Source;
use crate::diagnostics::{Diagnostic, Location};
use crate::dossier::{Dossier, SourceRef};
use crate::names::matcher::MatchTarget;
use crate::names::sentence::sentence_at;
use crate::names::{NameTable, WikilinkTarget};

/// Ids the theme's templates use; heading ids steer clear of them.
pub const TEMPLATE_IDS: &[&str] = &[
    "main-content",
    "site-header",
    "site-nav",
    "site-footer",
    "search",
    "quotes",
    "claims",
    "claims-about",
    "claims-made",
    "claims-disputed",
    "claims-confirmed",
    "claims-refuted",
    "claims-unverified",
    "appears-in",
    "related",
    "infobox-title",
    "key-people",
    "recent-events",
    "latest-articles",
];

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_WIKILINKS
}

/// What linking needs to know about the page being rendered.
pub struct Linking<'a> {
    pub names: &'a NameTable,
    pub dossier: &'a Dossier,
    /// The entity whose page this is: never linked, never counted.
    pub self_entity: Option<usize>,
    pub mode: AutoLink,
}

/// A sentence with the mentioned name marked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkedSentence {
    /// Shared: the body, the mention index and the entity's list of
    /// appearances all hold the same sentence.
    pub text: std::sync::Arc<str>,
    /// Byte range of the name within `text`.
    pub mark: Range<usize>,
}

/// How one body names one entity.
#[derive(Clone, Debug)]
pub struct BodyMention {
    pub entity: usize,
    pub count: u32,
    pub sentence: Option<MarkedSentence>,
}

/// A use of a name that two or more entities share.
#[derive(Clone, Debug)]
pub struct AmbiguousHit {
    pub name: String,
    pub line: usize,
}

/// A rendered body and what was found in it.
#[derive(Debug, Default)]
pub struct RenderedBody {
    pub html: String,
    /// In order of first mention.
    pub mentions: Vec<BodyMention>,
    pub ambiguous: Vec<AmbiguousHit>,
    pub errors: Vec<Diagnostic>,
    /// The text a reader sees, block by block, for checking quotes. The
    /// site keeps it only for articles that have quotes.
    pub plain: String,
}

/// Renders markdown without any linking, for tests.
#[cfg(test)]
pub fn render_plain(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options()));
    html
}

/// Renders `body` of `source`, linking names when `linking` is given.
///
/// Characters a page may not carry ([`crate::forbidden`]) are left out,
/// with a warning at the first of them.
pub fn render_body(body: &str, source: &Source, linking: Option<&Linking>) -> RenderedBody {
    let Some(warning) = crate::forbidden::in_body(body, source.body_line) else {
        return render_clean(body, source, linking);
    };
    let mut rendered = render_clean(&crate::forbidden::drop_forbidden(body), source, linking);
    rendered.errors.push(warning.in_file(&source.file));
    rendered
}

/// Renders a body that holds no forbidden character.
fn render_clean(body: &str, source: &Source, linking: Option<&Linking>) -> RenderedBody {
    let mut walk = Walk {
        body,
        source,
        linking,
        out: Vec::new(),
        result: RenderedBody::default(),
        used_ids: HashSet::new(),
        next_suffix: HashMap::new(),
        linked: HashSet::new(),
        block_text: String::new(),
        pending: Vec::new(),
        code: 0,
        link: 0,
        image: 0,
        heading: false,
        raw: RawHtml::default(),
        skip_inner: 0,
        wikilink_text: None,
        drop_link_end: Vec::new(),
    };
    // Soft breaks become text so a name wrapped across two lines is one text.
    let parser = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(event, range)| match event {
            Event::SoftBreak => (Event::Text(CowStr::Borrowed("\n")), range),
            other => (other, range),
        });
    let events: Vec<(Event, Range<usize>)> = TextMergeWithOffset::new(parser).collect();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        if let Event::Start(Tag::Heading { .. }) = event {
            let end = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            walk.heading(&events[i..end.min(events.len())]);
            i = end + 1;
            continue;
        }
        walk.event(event.clone(), range.clone());
        i += 1;
    }
    walk.flush_block();
    let mut html = String::with_capacity(body.len() + body.len() / 4);
    pulldown_cmark::html::push_html(&mut html, walk.out.into_iter());
    walk.result.html = html;
    walk.result
}

struct Walk<'a, 'b> {
    body: &'a str,
    source: &'b Source,
    linking: Option<&'b Linking<'b>>,
    out: Vec<Event<'a>>,
    result: RenderedBody,
    /// Heading ids given so far in this body (the template's own, in
    /// [`TEMPLATE_IDS`], are taken as well).
    used_ids: HashSet<String>,
    /// Per wanted heading id: the suffix to try next (0 = the id itself).
    next_suffix: HashMap<String, usize>,
    /// Entities already linked on this page (for `auto_link = "first"`).
    linked: HashSet<usize>,
    /// Visible text of the current block, for sentences.
    block_text: String,
    /// (index into result.mentions, offset in block_text, length) awaiting a sentence.
    pending: Vec<(usize, usize, usize)>,
    code: usize,
    link: usize,
    image: usize,
    heading: bool,
    /// The raw HTML elements open here.
    raw: RawHtml,
    /// While above 0, the events inside a wikilink are dropped (its text
    /// was written whole), up to its end: the depth of links inside it.
    skip_inner: usize,
    /// For an unpiped `[[id]]`: the name to show instead of the id.
    wikilink_text: Option<Option<String>>,
    /// For each open link: whether its end tag is dropped (a self-link).
    drop_link_end: Vec<bool>,
}

impl<'a> Walk<'a, '_> {
    fn line_of(&self, offset: usize) -> Location {
        let mut loc = Location::at_offset(self.body, offset);
        loc.line += self.source.body_line.saturating_sub(1);
        loc
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if self.skip_inner > 0 {
            match event {
                Event::Start(Tag::Link { .. }) => self.skip_inner += 1,
                Event::End(TagEnd::Link) => self.skip_inner -= 1,
                _ => {}
            }
            if self.skip_inner > 0 || !matches!(event, Event::End(TagEnd::Link)) {
                return;
            }
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end),
            Event::Text(text) => self.text(text, range),
            Event::Code(code) => {
                self.block_text.push_str(&code);
                self.out.push(Event::Code(code));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.block_text.push(' ');
                self.out.push(event);
            }
            Event::InlineHtml(html) => {
                self.raw.read(&html);
                self.out.push(Event::InlineHtml(html));
            }
            Event::Html(html) => {
                self.raw.read(&html);
                self.out.push(Event::Html(html));
            }
            Event::FootnoteReference(label) => {
                self.out.push(Event::FootnoteReference(CowStr::from(format!(
                    "fn:{label}"
                ))));
            }
            other => self.out.push(other),
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        if is_block(&tag) {
            self.flush_block();
        }
        match tag {
            Tag::CodeBlock(kind) => {
                self.code += 1;
                self.out.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Tag::Image { .. } => {
                self.image += 1;
                self.out.push(Event::Start(tag));
            }
            Tag::FootnoteDefinition(label) => {
                self.out
                    .push(Event::Start(Tag::FootnoteDefinition(CowStr::from(
                        format!("fn:{label}"),
                    ))));
            }
            Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                title,
                id,
            } => self.wikilink(has_pothole, dest_url, title, id, range),
            Tag::Link { .. } => {
                self.link += 1;
                self.drop_link_end.push(false);
                self.out.push(Event::Start(tag));
            }
            other => self.out.push(Event::Start(other)),
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::CodeBlock => self.code = self.code.saturating_sub(1),
            TagEnd::Image => self.image = self.image.saturating_sub(1),
            TagEnd::Link => {
                self.link = self.link.saturating_sub(1);
                self.wikilink_text = None;
                if self.drop_link_end.pop() == Some(true) {
                    return;
                }
            }
            _ => {}
        }
        self.out.push(Event::End(end));
        if is_block_end(&end) {
            self.flush_block();
        }
    }

    fn wikilink(
        &mut self,
        has_pothole: bool,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: Range<usize>,
    ) {
        self.link += 1;
        let body: &'a str = self.body;
        let written = &body[range.clone()];
        // In code or a raw-text element the brackets are text, as they are
        // in markdown's own code.
        if self.raw.verbatim() {
            self.block_text.push_str(written);
            self.out.push(Event::Text(CowStr::Borrowed(written)));
            self.drop_link_end.push(true);
            self.skip_inner = 1;
            return;
        }
        let Some(linking) = self.linking else {
            self.drop_link_end.push(true);
            return;
        };
        // `[[target|]]` shows what `[[target]]` shows, rather than an
        // empty link no reader could see or click.
        let blank_label = has_pothole && label_of(written).is_some_and(|l| l.trim().is_empty());
        let has_pothole = has_pothole && !blank_label;
        match linking.names.resolve_wikilink(linking.dossier, &dest_url) {
            Ok(target) => {
                let entity = match target {
                    WikilinkTarget::Source(SourceRef::Entity(e)) => Some(e),
                    _ => None,
                };
                let shown = match (has_pothole, entity) {
                    (false, Some(e)) if dest_url.trim() != linking.dossier.entities[e].name => {
                        let e = &linking.dossier.entities[e];
                        let target = dest_url.trim();
                        let bare = target.rsplit('/').next().unwrap_or(target);
                        // `[[id]]` shows the entity's name; `[[Alias]]` shows the alias as written.
                        (bare == e.id).then(|| e.name.clone())
                    }
                    _ => None,
                };
                // `[[ Lima ]]` shows "Lima", as `[[Lima]]` does.
                let shown = shown.or_else(|| {
                    (!has_pothole && (blank_label || dest_url.trim() != &*dest_url))
                        .then(|| dest_url.trim().to_string())
                });
                // A page never links to itself: a wikilink to the page being
                // rendered shows its text without a link and is not counted.
                let is_self = self.is_self(linking, &target);
                if let Some(e) = entity.filter(|_| !is_self) {
                    let label_len = shown
                        .as_ref()
                        .map_or_else(|| visible_len(written, &dest_url, has_pothole), String::len);
                    self.record(e, self.block_text.len(), label_len);
                }
                // Inside a raw `<a>` (or another element a link may not be
                // in) a link would nest: the wikilink still names its
                // target, and shows its text without a link.
                let linked = !is_self && self.raw.allows_links();
                self.drop_link_end.push(!linked);
                if linked {
                    self.out.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: CowStr::from(target.path(linking.dossier)),
                        title,
                        id,
                    }));
                }
                match shown {
                    Some(text) if blank_label => {
                        self.block_text.push_str(&text);
                        self.out.push(Event::Text(CowStr::from(text)));
                        self.skip_inner = 1;
                    }
                    shown => self.wikilink_text = Some(shown),
                }
            }
            Err(err) => {
                let mut d = Diagnostic::error(err.message)
                    .in_file(&self.source.file)
                    .at(self.line_of(range.start));
                if let Some(hint) = err.hint {
                    d = d.hint(hint);
                }
                self.result.errors.push(d);
                self.drop_link_end.push(true);
            }
        }
    }

    fn text(&mut self, text: CowStr<'a>, range: Range<usize>) {
        if let Some(replacement) = &mut self.wikilink_text {
            if let Some(name) = replacement.take() {
                self.block_text.push_str(&name);
                self.out.push(Event::Text(CowStr::from(name)));
                return;
            }
        }
        let base = self.block_text.len();
        self.block_text.push_str(&text);
        let eligible = self.code == 0
            && self.link == 0
            && self.image == 0
            && !self.heading
            && self.raw.allows_links();
        let Some(linking) = self.linking.filter(|_| eligible) else {
            self.out.push(Event::Text(text));
            return;
        };
        let mut cursor = 0;
        for m in linking.names.matcher.find_iter(&text) {
            let entity = match m.target {
                MatchTarget::Entity(e) => e,
                MatchTarget::Ambiguous(_) => {
                    let line = self.line_of(range.start).line
                        + text[..m.range.start].matches('\n').count();
                    self.result.ambiguous.push(AmbiguousHit {
                        name: text[m.range.clone()].to_string(),
                        line,
                    });
                    continue;
                }
            };
            if self.is_self(linking, &WikilinkTarget::Source(SourceRef::Entity(entity)))
                || !linking.names.is_linkable(entity)
            {
                continue;
            }
            self.record(entity, base + m.range.start, m.range.len());
            let link_it = match linking.mode {
                AutoLink::All => true,
                AutoLink::First => self.linked.insert(entity),
                AutoLink::Off => false,
            };
            if !link_it {
                continue;
            }
            if m.range.start > cursor {
                self.out.push(Event::Text(CowStr::from(
                    text[cursor..m.range.start].to_string(),
                )));
            }
            let href = linking.dossier.path_of(SourceRef::Entity(entity));
            self.out.push(Event::InlineHtml(CowStr::from(format!(
                "<a class=\"mention\" href=\"{}\">",
                escape_attr(&href)
            ))));
            self.out
                .push(Event::Text(CowStr::from(text[m.range.clone()].to_string())));
            self.out.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
            cursor = m.range.end;
        }
        if cursor == 0 {
            self.out.push(Event::Text(text));
        } else if cursor < text.len() {
            self.out
                .push(Event::Text(CowStr::from(text[cursor..].to_string())));
        }
    }

    /// Whether `target` is the page being rendered. An entity page knows its
    /// entity; an article or free page is recognised by its file.
    fn is_self(&self, linking: &Linking, target: &WikilinkTarget) -> bool {
        let d = linking.dossier;
        let WikilinkTarget::Source(target) = *target else {
            return false;
        };
        let file = match target {
            SourceRef::Entity(e) => return Some(e) == linking.self_entity,
            SourceRef::Article(a) => &d.articles[a].source.file,
            SourceRef::Page(p) => &d.pages[p].source.file,
        };
        *file == self.source.file
    }

    fn record(&mut self, entity: usize, offset: usize, len: usize) {
        match self.result.mentions.iter().position(|m| m.entity == entity) {
            Some(i) => self.result.mentions[i].count += 1,
            None => {
                self.result.mentions.push(BodyMention {
                    entity,
                    count: 1,
                    sentence: None,
                });
                self.pending
                    .push((self.result.mentions.len() - 1, offset, len));
            }
        }
    }

    fn heading(&mut self, events: &[(Event<'a>, Range<usize>)]) {
        self.flush_block();
        let mut text = String::new();
        for (event, _) in &events[1..] {
            if let Event::Text(t) | Event::Code(t) = event {
                text.push_str(t);
            }
        }
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = events[0].0.clone()
        else {
            return;
        };
        let wanted = id.map_or_else(|| slugify(&text), |id| slugify(&id));
        let wanted = if wanted.is_empty() {
            "section".to_string()
        } else {
            wanted
        };
        let unique = self.unique_id(wanted);
        self.out.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(unique)),
            classes,
            attrs,
        }));
        self.heading = true;
        for (event, range) in &events[1..] {
            self.event(event.clone(), range.clone());
        }
        self.heading = false;
        self.out.push(Event::End(TagEnd::Heading(level)));
        // Names in a heading are not matched, but a wikilink in one counts;
        // its sentence is the heading's text.
        self.flush_block();
    }

    /// `wanted`, or the first of `wanted-1`, `wanted-2`, … not taken yet.
    ///
    /// Ids are only ever added, so the suffixes a base has tried stay
    /// taken: the search for a base resumes where its last one ended, and
    /// 20,000 `## Update` headings cost 20,000 lookups, not 200 million.
    fn unique_id(&mut self, wanted: String) -> String {
        let mut n = self.next_suffix.get(&wanted).copied().unwrap_or(0);
        loop {
            let candidate = if n == 0 {
                wanted.clone()
            } else {
                format!("{wanted}-{n}")
            };
            n += 1;
            // The template's own ids are taken too (not copied into the set
            // for every body: most bodies have no heading).
            if !TEMPLATE_IDS.contains(&candidate.as_str())
                && self.used_ids.insert(candidate.clone())
            {
                self.next_suffix.insert(wanted, n);
                return candidate;
            }
        }
    }

    /// Ends the current block: the sentences of its first mentions are now known.
    fn flush_block(&mut self) {
        if self.block_text.is_empty() {
            return;
        }
        for (slot, offset, len) in self.pending.drain(..) {
            let sentence = sentence_at(&self.block_text, offset);
            let text = sentence.excerpt(&self.block_text);
            // The excerpt starts with "…" when the sentence was cut before the name.
            let shift = if sentence.clipped_start {
                "…".len()
            } else {
                0
            };
            let start = (offset.saturating_sub(sentence.range.start) + shift).min(text.len());
            let end = (start + len).min(text.len());
            let mark = if text.is_char_boundary(start) && text.is_char_boundary(end) {
                start..end
            } else {
                0..0
            };
            self.result.mentions[slot].sentence = Some(MarkedSentence {
                text: text.into(),
                mark,
            });
        }
        if !self.result.plain.is_empty() {
            self.result.plain.push('\n');
        }
        self.result.plain.push_str(&self.block_text);
        self.block_text.clear();
    }
}

/// Raw HTML elements whose text a browser never reads as markup: it runs
/// to the matching end tag whatever it holds, so their text is never
/// matched and a wikilink in it stays the brackets as written.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Raw HTML elements that show code: names are not matched in them and a
/// wikilink in them stays the brackets as written, as in markdown's code.
const CODE: &[&str] = &["code", "pre", "kbd", "samp"];

/// Raw HTML elements a link may not be put in: names are not matched in
/// them, and a wikilink in them shows its text without a link.
const NO_LINKS: &[&str] = &["a", "button", "select", "svg", "math", "template"];

/// What the raw HTML of a body leaves open at a point, as a browser reads
/// it. An HTML block may open an element that the next paragraphs sit in,
/// so this lasts across blocks.
#[derive(Debug, Default)]
struct RawHtml {
    /// The raw-text element ([`RAW_TEXT`]) the text is in, until its end tag.
    raw_text: Option<&'static str>,
    /// Open elements of each name in [`CODE`], then in [`NO_LINKS`],
    /// counted apart: an end tag closes only an element of its own name
    /// (a stray `</svg>` does not close an open `<a>`).
    open: [usize; CODE.len() + NO_LINKS.len()],
    /// Inside `<!--` with no `-->` yet.
    comment: bool,
}

impl RawHtml {
    /// Whether text here is shown as written: a raw-text or code element.
    fn verbatim(&self) -> bool {
        self.raw_text.is_some() || self.open[..CODE.len()].iter().any(|&n| n > 0) || self.comment
    }

    /// Whether a link may be put here.
    fn allows_links(&self) -> bool {
        !self.verbatim() && self.open[CODE.len()..].iter().all(|&n| n == 0)
    }

    /// Reads the raw HTML `html`. Tags are read as a browser reads them:
    /// `<name` or `</name` in any case, then whitespace, `/` or `>` (so
    /// `<a\nhref=…>` counts); comments are skipped, and inside a raw-text
    /// element only its end tag counts.
    fn read(&mut self, html: &str) {
        let bytes = html.as_bytes();
        let tag_at = |at: usize, names: &[&'static str]| -> Option<&'static str> {
            names.iter().copied().find(|name| {
                bytes
                    .get(at..at + name.len())
                    .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
                    && matches!(
                        bytes.get(at + name.len()),
                        Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
                    )
            })
        };
        let mut i = 0;
        loop {
            if self.comment {
                match html[i..].find("-->") {
                    Some(end) => {
                        i += end + 3;
                        self.comment = false;
                    }
                    None => return,
                }
            }
            let Some(p) = html[i..].find('<') else {
                return;
            };
            let at = i + p;
            i = at + 1;
            if let Some(open) = self.raw_text {
                if html[at + 1..].starts_with('/') && tag_at(at + 2, &[open]).is_some() {
                    self.raw_text = None;
                }
                continue;
            }
            if html[at..].starts_with("<!--") {
                self.comment = true;
                i = at + 4;
                continue;
            }
            let (closing, name_at) = match bytes.get(at + 1) {
                Some(b'/') => (true, at + 2),
                _ => (false, at + 1),
            };
            if let Some(name) = tag_at(name_at, RAW_TEXT) {
                if !closing {
                    self.raw_text = Some(name);
                }
            } else if let Some(name) = tag_at(name_at, CODE).or_else(|| tag_at(name_at, NO_LINKS)) {
                let slot = CODE
                    .iter()
                    .chain(NO_LINKS)
                    .position(|n| *n == name)
                    .unwrap_or(0);
                let count = &mut self.open[slot];
                // `<svg/>` and `<math/>` close themselves (other HTML
                // elements ignore the slash).
                let self_closing = matches!(name, "svg" | "math")
                    && html[name_at..]
                        .find('>')
                        .is_some_and(|end| html[..name_at + end].ends_with('/'));
                if closing {
                    *count = count.saturating_sub(1);
                } else if !self_closing {
                    *count += 1;
                }
            }
        }
    }
}

/// The length of a wikilink's shown text: the label after `|`, or the target.
fn visible_len(source: &str, dest: &str, piped: bool) -> usize {
    match label_of(source).filter(|_| piped) {
        Some(label) => label.len(),
        None => dest.len(),
    }
}

/// The label of the wikilink `source` (`[[target|label]]`), as written.
fn label_of(source: &str) -> Option<&str> {
    let inner = source.trim_start_matches('[').trim_end_matches(']');
    inner.split_once('|').map(|(_, label)| label)
}

fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_block_end(end: &TagEnd) -> bool {
    !matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Escapes text for an HTML attribute value in double quotes.
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

/// Escapes text for HTML element content.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html_body_text(&mut out, text).ok();
    out
}

impl MarkedSentence {
    /// The sentence as HTML with the name in `<mark>`.
    pub fn to_html(&self) -> String {
        let t: &str = &self.text;
        if self.mark.is_empty() || self.mark.end > t.len() {
            return escape_html(t);
        }
        format!(
            "{}<mark>{}</mark>{}",
            escape_html(&t[..self.mark.start]),
            escape_html(&t[self.mark.clone()]),
            escape_html(&t[self.mark.end..])
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;
    use crate::content::load::LoadedContent;
    use crate::content::{Entity, Kind};
    use proptest::prelude::*;
    use std::path::{Path, PathBuf};

    fn dossier() -> Dossier {
        let config = SiteConfig::parse(
            "title = \"T\"\nbase_url = \"https://e.org/b/\"\n",
            Path::new("/x"),
        )
        .unwrap();
        let content = LoadedContent {
            entities: vec![
                Entity::named(Kind::Person, "ana-perez", "Ana Pérez", &["Pérez"]),
                Entity::named(Kind::Person, "jose-perez", "José Pérez", &["Pérez"]),
                Entity::named(
                    Kind::Person,
                    "edmundo",
                    "Edmundo González Urrutia",
                    &["González"],
                ),
                Entity::named(Kind::Place, "lima", "Lima", &[]),
                Entity::named(
                    Kind::Organization,
                    "cne",
                    "National Electoral Council",
                    &["CNE"],
                ),
            ],
            ..LoadedContent::default()
        };
        let (d, errors) = Dossier::assemble(config, Path::new("/x"), content);
        assert!(errors.is_empty());
        d
    }

    fn render(d: &Dossier, names: &NameTable, text: &str, mode: AutoLink) -> String {
        let source = Source {
            file: PathBuf::from("content/articles/a.md"),
            body_line: 5,
            front_matter: String::new(),
        };
        let linking = Linking {
            names,
            dossier: d,
            self_entity: None,
            mode,
        };
        render_body(text, &source, Some(&linking)).html
    }

    fn visible(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    /// The deepest nesting of `<a>` elements in `html`.
    fn anchor_depth(html: &str) -> usize {
        let lower = html.to_ascii_lowercase();
        let (mut depth, mut max) = (0usize, 0usize);
        let mut i = 0;
        while let Some(p) = lower[i..].find('<') {
            let at = i + p;
            let rest = &lower[at..];
            if rest.starts_with("<a ") || rest.starts_with("<a>") {
                depth += 1;
                max = max.max(depth);
            } else if rest.starts_with("</a>") {
                depth = depth.saturating_sub(1);
            }
            i = at + 1;
        }
        max
    }

    fn token() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "Lima",
            "Limassol",
            "Ana Pérez",
            "Pérez",
            "Perez",
            "José",
            "Gonzalez",
            "Edmundo González Urrutia",
            "CNE",
            "National Electoral Council",
            "Maduro's",
            "’s",
            "'s",
            " ",
            " ",
            " ",
            "\n",
            "\n\n",
            ".",
            ",",
            "!",
            "Mr.",
            "the",
            "said",
            "`",
            "*",
            "_",
            "[",
            "]",
            "(",
            ")",
            "](https://x.org)",
            "<a href=\"https://y.org\">",
            "</a>",
            "<span>",
            "</span>",
            "# ",
            "> ",
            "- ",
            "```\n",
            "&",
            "&amp;",
            "<",
            "\"",
            "[^1]",
            "[^1]: ",
            "|",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn linking_never_nests_links_nor_changes_visible_text(tokens in prop::collection::vec(token(), 0..40)) {
            let text: String = tokens.concat();
            let d = dossier();
            let names = NameTable::build(&d);
            let plain = render(&d, &names, &text, AutoLink::Off);
            for mode in [AutoLink::First, AutoLink::All] {
                let linked = render(&d, &names, &text, mode);
                prop_assert_eq!(visible(&linked), visible(&plain), "text: {:?}", text);
                prop_assert!(anchor_depth(&linked) <= anchor_depth(&plain).max(1), "nested links for {:?}: {}", text, linked);
            }
        }
    }

    #[test]
    fn names_inside_raw_html_links_are_not_linked_again() {
        let d = dossier();
        let names = NameTable::build(&d);
        for text in [
            "<a\nhref=\"https://x.org\">Lima</a>",
            "<A HREF=x>Lima</A>",
            "<a href=\"https://x.org\">\n\nLima\n\n</a>",
            // A stray end tag of another element closes nothing.
            "<a href=x></svg> <math>Ana</math> Lima",
        ] {
            let html = render(&d, &names, text, AutoLink::All);
            assert!(!html.contains("mention"), "{text:?} gave {html}");
        }
        let html = render(&d, &names, "Text <!-- <a href=x> --> Lima", AutoLink::All);
        assert!(html.contains("class=\"mention\""), "{html}");
    }

    #[test]
    fn names_wrapped_across_lines_are_found() {
        let d = dossier();
        let names = NameTable::build(&d);
        let html = render(
            &d,
            &names,
            "The National Electoral\nCouncil met.",
            AutoLink::First,
        );
        assert!(html.contains("href=\"/b/organizations/cne/\""), "{html}");
    }
}
