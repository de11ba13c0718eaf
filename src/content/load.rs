//! Walking `content/` and parsing each file on its own.
//!
//! Files are found with walkdir, then parsed in parallel; each file yields
//! its value or every error it has. Hidden files and files that are not `.md`
//! are ignored (SPEC §7). Symbolic links are followed only while they stay
//! inside the dossier; a link out of it, or a loop, is an error that names it.

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use super::frontmatter::{self, SplitError};
use super::id::{is_valid_id, slugify};
use super::yaml::{self, ordered_map, scalar_text};
use super::{Article, Claim, ClaimStatus, Entity, Kind, Page, PartialDate, Quote, Refs, Source};
use crate::diagnostics::{closest, Diagnostic, Location};

/// Files larger than this are refused rather than read whole into memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How many lists and quotes a line may open inside each other. Markdown and
/// the search indexer take time quadratic in the depth, so a file of a few
/// megabytes of `> > > …` or `* * * …` would keep a build busy for hours;
/// no text an editor writes comes near this.
const MAX_BLOCK_NESTING: usize = 100;

/// How many HTML elements a body may leave open inside each other, for the
/// same reason as [`MAX_BLOCK_NESTING`].
const MAX_HTML_NESTING: usize = 1000;

/// Everything found under `content/`, drafts included (the dossier decides).
#[derive(Debug, Default)]
pub struct LoadedContent {
    pub articles: Vec<Article>,
    pub entities: Vec<Entity>,
    pub pages: Vec<Page>,
    pub home: Option<Page>,
    /// Entities whose files exist but failed to load: references to them
    /// are not reported again as unknown ids.
    pub failed_entities: Vec<(Kind, String)>,
}

enum Item {
    Article(Box<Article>),
    Entity(Box<Entity>),
    Page(Page),
    Home(Page),
}

type Loaded = Result<Item, Vec<Diagnostic>>;

#[derive(Clone, Copy)]
enum FileKind {
    Article,
    Entity(Kind),
    Page,
    Home,
}

/// Reads every content file under `root/content`. Returns the content and
/// all diagnostics (errors and warnings) in file order.
pub fn load_content(root: &Path) -> (LoadedContent, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let files = find_files(root, &mut diagnostics);
    // Mostly waiting on the disk for a dossier the machine has not cached.
    let results: Vec<(Loaded, FileKind, &PathBuf)> = crate::on_io_pool(|| {
        files
            .par_iter()
            .map(|(path, kind)| (load_file(root, path, *kind), *kind, path))
            .collect()
    });
    let mut content = LoadedContent::default();
    for (result, kind, path) in results {
        if let (Err(_), FileKind::Entity(k)) = (&result, kind) {
            if let Some(stem) = path.file_stem() {
                content
                    .failed_entities
                    .push((k, stem.to_string_lossy().into_owned()));
            }
        }
        match result {
            Ok(Item::Article(a)) => content.articles.push(*a),
            Ok(Item::Entity(e)) => content.entities.push(*e),
            Ok(Item::Page(p)) => content.pages.push(p),
            Ok(Item::Home(p)) => content.home = Some(p),
            Err(errors) => diagnostics.extend(errors),
        }
    }
    (content, diagnostics)
}

/// What kind of file [`load_one`] is asked to read.
#[derive(Clone, Copy, Debug)]
pub enum OneFile {
    Article,
    Entity(Kind),
    Page,
}

/// One content file read on its own.
#[derive(Debug)]
pub enum LoadedFile {
    Article(Box<Article>),
    Entity(Box<Entity>),
    Page(Page),
}

/// Reads one content file exactly as [`load_content`] reads it, for
/// serve's incremental rebuild, which already knows what the file is.
pub fn load_one(root: &Path, path: &Path, what: OneFile) -> Result<LoadedFile, Vec<Diagnostic>> {
    let kind = match what {
        OneFile::Article => FileKind::Article,
        OneFile::Entity(k) => FileKind::Entity(k),
        OneFile::Page => FileKind::Page,
    };
    match load_file(root, path, kind)? {
        Item::Article(a) => Ok(LoadedFile::Article(a)),
        Item::Entity(e) => Ok(LoadedFile::Entity(e)),
        Item::Page(p) | Item::Home(p) => Ok(LoadedFile::Page(p)),
    }
}

fn find_files(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(PathBuf, FileKind)> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(format!("no content/ folder in {}", root.display()))
                .hint("create content/articles/ and content/people/ …, or run `dossier init DIR`"),
        );
        return Vec::new();
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(&content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(|p| relative(root, p));
                let message = if err.loop_ancestor().is_some() {
                    "symbolic link loop: this link points back to a folder that contains it"
                        .to_string()
                } else {
                    format!(
                        "cannot read: {}",
                        err.io_error().map_or(err.to_string(), |e| e.to_string())
                    )
                };
                let mut d = Diagnostic::error(message)
                    .hint("remove the link or point it at a file inside the dossier");
                if let Some(path) = path {
                    d = d.in_file(path);
                }
                diagnostics.push(d);
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            let escapes = match path.canonicalize() {
                Ok(target) => !target.starts_with(&canonical_root),
                Err(_) => true,
            };
            if escapes {
                diagnostics.push(
                    Diagnostic::error(
                        "symbolic link points outside the dossier (or nowhere); it is not followed",
                    )
                    .in_file(relative(root, path))
                    .hint("copy the file into content/ instead of linking to it"),
                );
                continue;
            }
        }
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = path.strip_prefix(&content_dir).unwrap_or(path);
        let first = rel.components().next().and_then(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        });
        let is_top = rel.components().count() == 1;
        let kind = match first {
            Some("_index.md") if is_top => FileKind::Home,
            Some("articles") if !is_top => FileKind::Article,
            Some("pages") if !is_top => FileKind::Page,
            Some(folder) if !is_top && Kind::from_folder(folder).is_some() => {
                FileKind::Entity(Kind::from_folder(folder).unwrap_or(Kind::Person))
            }
            _ => {
                diagnostics.push(
                    Diagnostic::warning("ignored: not inside a content folder dossier knows")
                        .in_file(relative(root, path))
                        .hint("content files go in content/articles, people, places, events, organizations or pages"),
                );
                continue;
            }
        };
        files.push((path.to_path_buf(), kind));
    }
    files
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn load_file(root: &Path, path: &Path, kind: FileKind) -> Result<Item, Vec<Diagnostic>> {
    let rel = relative(root, path);
    let err = |d: Diagnostic| vec![d.in_file(&rel)];
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        return Err(err(Diagnostic::error(format!(
            "file is {:.1} MB; content files may be at most {} MB",
            size as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ))
        .hint("split the text into several files")));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| err(Diagnostic::error(format!("cannot read file: {e}"))))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => frontmatter::normalize(text),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let before = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[line_start..].chars().count() + 1;
            let lossy = String::from_utf8_lossy(&bytes).into_owned();
            return Err(err(Diagnostic::error("file is not valid UTF-8 text")
                .at(Location::at_line(&lossy, line, column))
                .hint("save the file as UTF-8")));
        }
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut errors = Vec::new();
    let id = if matches!(kind, FileKind::Home) {
        "_index".to_string()
    } else {
        if !is_valid_id(&stem) {
            let suggestion = slugify(&stem);
            let hint = if suggestion.is_empty() {
                "ids use only lowercase a-z, 0-9 and -".to_string()
            } else {
                format!("rename the file to `{suggestion}.md`")
            };
            errors.push(
                Diagnostic::error(format!(
                    "`{stem}` is not a valid id: ids are lowercase a-z, 0-9 and -"
                ))
                .in_file(&rel)
                .hint(hint),
            );
        }
        stem
    };
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(SplitError::Missing) => {
            errors.push(
                Diagnostic::error("file has no front-matter")
                    .in_file(&rel)
                    .at(Location::at_line(&text, 1, 1))
                    .hint("start the file with a line `---`, the fields, and another line `---`"),
            );
            return Err(errors);
        }
        Err(SplitError::Unterminated) => {
            errors.push(
                Diagnostic::error("front-matter is not terminated")
                    .in_file(&rel)
                    .at(Location::at_line(&text, 1, 1))
                    .hint("add a line `---` after the last front-matter field"),
            );
            return Err(errors);
        }
    };
    if let Some(d) = too_deep(split.body, split.body_line) {
        errors.push(d.in_file(&rel));
        return Err(errors);
    }
    let source = Source {
        file: rel.clone(),
        body_line: split.body_line,
    };
    let mut ctx = FileCtx {
        text: &text,
        file: &rel,
        errors,
    };
    let item = match kind {
        FileKind::Article => ctx
            .parse::<ArticleFm>(split.yaml, ARTICLE_FIELDS)
            .and_then(|fm| ctx.article(fm, id, source, split.body)),
        FileKind::Entity(k) => ctx
            .parse::<EntityFm>(split.yaml, entity_fields(k))
            .and_then(|fm| ctx.entity(k, fm, id, source, split.body)),
        FileKind::Page | FileKind::Home => {
            let home = matches!(kind, FileKind::Home);
            ctx.parse::<PageFm>(split.yaml, PAGE_FIELDS).map(|fm| {
                if fm.title.is_none() && !home {
                    ctx.missing("title");
                }
                let page = Page {
                    id,
                    source,
                    body: split.body.to_string(),
                    title: fm.title,
                    summary: fm.summary,
                    draft: fm.draft,
                };
                if home {
                    Item::Home(page)
                } else {
                    Item::Page(page)
                }
            })
        }
    };
    match item {
        Some(item) if ctx.errors.is_empty() => Ok(item),
        _ => Err(ctx.errors),
    }
}

const ARTICLE_FIELDS: &[&str] = &[
    "title",
    "date",
    "outlet",
    "author",
    "url",
    "language",
    "summary",
    "people",
    "places",
    "events",
    "organizations",
    "tags",
    "quotes",
    "claims",
    "draft",
    "updated",
];
const PAGE_FIELDS: &[&str] = &["title", "summary", "draft"];
const ENTITY_COMMON: &[&str] = &[
    "name",
    "aliases",
    "summary",
    "links",
    "tags",
    "draft",
    "auto_link",
];
const PERSON_FIELDS: &[&str] = &["born", "died", "role", "country", "organizations"];
const PLACE_FIELDS: &[&str] = &["type", "within", "coordinates"];
const EVENT_FIELDS: &[&str] = &[
    "date",
    "end_date",
    "places",
    "people",
    "organizations",
    "part_of",
];
const ORGANIZATION_FIELDS: &[&str] = &["type", "abbreviation", "country", "founded"];

/// The error for a body nested deeper than a build can afford, at the line
/// where the depth is passed.
fn too_deep(body: &str, body_line: usize) -> Option<Diagnostic> {
    let mut open_html = 0usize;
    for (i, line) in body.lines().enumerate() {
        let depth = block_depth(line);
        let html = html_nesting(line, &mut open_html);
        let message = if depth > MAX_BLOCK_NESTING {
            format!("this line nests {depth} lists or quotes; at most {MAX_BLOCK_NESTING} may be nested")
        } else if html > MAX_HTML_NESTING {
            format!("HTML elements are nested more than {MAX_HTML_NESTING} deep here")
        } else {
            continue;
        };
        let line_no = body_line + i;
        let location = Location {
            line: line_no,
            column: 1,
            line_text: line.chars().take(80).collect(),
        };
        return Some(
            Diagnostic::error(message)
                .at(location)
                .hint("close the lists, quotes or elements before opening more"),
        );
    }
    None
}

/// How many list items and block quotes `line` opens at its start: `> `,
/// `* `, `- `, `+ `, `1. `, `1) `. A line of only `*` or `-` markers is a
/// thematic break, not a list.
fn block_depth(line: &str) -> usize {
    let mut rest = line.trim_start();
    let mut depth = 0;
    loop {
        let bytes = rest.as_bytes();
        let marker_len = match bytes.first() {
            Some(b'>') => 1,
            Some(b'*' | b'-' | b'+') if matches!(bytes.get(1), Some(b' ' | b'\t')) => 1,
            Some(b'0'..=b'9') => {
                let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
                match (bytes.get(digits), bytes.get(digits + 1)) {
                    (Some(b'.' | b')'), Some(b' ' | b'\t')) if digits <= 9 => digits + 1,
                    _ => break,
                }
            }
            _ => break,
        };
        depth += 1;
        rest = rest[marker_len..].trim_start();
    }
    if depth == 0 {
        return 0;
    }
    // Only a line that opened a marker can be a thematic break: its only
    // visible characters are all `*` or all `-`.
    let mut marks = line.chars().filter(|c| !c.is_whitespace());
    let thematic_break = match marks.next() {
        Some(first @ ('*' | '-')) => marks.all(|c| c == first),
        _ => false,
    };
    if thematic_break {
        0
    } else {
        depth
    }
}

/// Follows the HTML elements opened and closed on `line`, carrying the count
/// of open ones in `open`, and returns the deepest it reached.
fn html_nesting(line: &str, open: &mut usize) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let mut deepest = *open;
    let mut rest = line;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('/') {
            if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
                *open = open.saturating_sub(1);
            }
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        // The tag ends at `>`; stopping at the next `<` as well keeps a
        // line of unclosed tags linear.
        let attrs = &rest[name_len..];
        let attrs = &attrs[..attrs.find(['>', '<']).unwrap_or(attrs.len())];
        let self_closing = attrs.ends_with('/');
        if !VOID.contains(&name.as_str()) && !self_closing {
            *open += 1;
            deepest = deepest.max(*open);
        }
    }
    deepest
}

fn kind_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Person => PERSON_FIELDS,
        Kind::Place => PLACE_FIELDS,
        Kind::Event => EVENT_FIELDS,
        Kind::Organization => ORGANIZATION_FIELDS,
    }
}

fn entity_fields(kind: Kind) -> &'static [&'static str] {
    // Leaked once per kind: a small, bounded set of static slices.
    static CACHE: std::sync::OnceLock<[Vec<&'static str>; 4]> = std::sync::OnceLock::new();
    let all = CACHE.get_or_init(|| {
        Kind::ALL.map(|k| {
            ENTITY_COMMON
                .iter()
                .chain(kind_fields(k))
                .copied()
                .collect()
        })
    });
    &all[Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)]
}

/// Every field an editor may use in one kind of file, for skeletons and docs.
pub fn fields_of(kind: Option<Kind>, page: bool) -> &'static [&'static str] {
    match (kind, page) {
        (Some(k), _) => entity_fields(k),
        (None, true) => PAGE_FIELDS,
        (None, false) => ARTICLE_FIELDS,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleFm {
    title: Option<String>,
    #[serde(default, deserialize_with = "scalar_text")]
    date: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    url: Option<String>,
    language: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    places: Vec<String>,
    #[serde(default)]
    events: Vec<String>,
    #[serde(default)]
    organizations: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    quotes: Vec<QuoteFm>,
    #[serde(default)]
    claims: Vec<ClaimFm>,
    #[serde(default)]
    draft: bool,
    #[serde(default, deserialize_with = "scalar_text")]
    updated: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteFm {
    by: String,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimFm {
    by: String,
    about: String,
    text: String,
    status: ClaimStatus,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityFm {
    name: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    summary: Option<String>,
    #[serde(default, deserialize_with = "ordered_map")]
    links: Vec<(String, String)>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    draft: bool,
    auto_link: Option<bool>,
    #[serde(default, deserialize_with = "scalar_text")]
    born: Option<String>,
    #[serde(default, deserialize_with = "scalar_text")]
    died: Option<String>,
    role: Option<String>,
    country: Option<String>,
    organizations: Option<Vec<String>>,
    #[serde(rename = "type")]
    entity_type: Option<String>,
    within: Option<String>,
    coordinates: Option<Vec<f64>>,
    #[serde(default, deserialize_with = "scalar_text")]
    date: Option<String>,
    #[serde(default, deserialize_with = "scalar_text")]
    end_date: Option<String>,
    places: Option<Vec<String>>,
    people: Option<Vec<String>>,
    part_of: Option<String>,
    abbreviation: Option<String>,
    #[serde(default, deserialize_with = "scalar_text")]
    founded: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageFm {
    title: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    draft: bool,
}

/// One file being parsed: its text for locating fields, and its errors so far.
struct FileCtx<'a> {
    text: &'a str,
    file: &'a Path,
    errors: Vec<Diagnostic>,
}

impl FileCtx<'_> {
    fn error_at(&mut self, key: &str, needle: Option<&str>, message: String) -> &mut Diagnostic {
        let location = frontmatter::locate(self.text, key, needle);
        self.errors
            .push(Diagnostic::error(message).in_file(self.file).at(location));
        self.errors.last_mut().expect("just pushed")
    }

    fn missing(&mut self, field: &str) {
        let d = Diagnostic::error(format!("required field `{field}` is missing"))
            .in_file(self.file)
            .at(Location::at_line(self.text, 1, 1))
            .hint(format!("add `{field}: ...` to the front-matter"));
        self.errors.push(d);
    }

    fn parse<T: serde::de::DeserializeOwned>(
        &mut self,
        yaml_text: &str,
        known: &[&str],
    ) -> Option<T> {
        match yaml::parse::<T>(yaml_text) {
            Ok(value) => Some(value),
            Err(e) => {
                // The YAML starts on line 2 of the file, after the opening `---`.
                let location = match (e.line, e.column) {
                    (Some(line), Some(column)) => Location::at_line(self.text, line + 1, column),
                    _ => Location::at_line(self.text, 1, 1),
                };
                let message = match e.message.split_once(", expected struct ") {
                    // A list or a lone value where fields belong: the Rust
                    // type's name would mean nothing to an editor.
                    Some((found, _)) => format!(
                        "{found}; the front-matter must be fields, one `name: value` a line"
                    ),
                    None => e.message.clone(),
                };
                let mut d = Diagnostic::error(format!("front-matter: {message}"))
                    .in_file(self.file)
                    .at(location);
                if let Some(field) = e
                    .message
                    .strip_prefix("unknown field `")
                    .and_then(|r| r.split('`').next())
                {
                    let nested = !e.message.contains(&format!("`{}`", known[0]));
                    let expected: Vec<&str> = if nested {
                        e.message
                            .split("expected ")
                            .nth(1)
                            .unwrap_or("")
                            .split(['`', ',', ' '])
                            .filter(|s| !s.is_empty() && *s != "one" && *s != "of" && *s != "or")
                            .collect()
                    } else {
                        known.to_vec()
                    };
                    d.message = format!("front-matter: unknown field `{field}`");
                    d = match closest(field, expected.iter().copied()) {
                        Some(best) => d.hint(format!("did you mean `{best}`?")),
                        None => d.hint(format!("known fields: {}", expected.join(", "))),
                    };
                } else if e.message.contains("unknown variant") {
                    d = d.hint("status is one of disputed, confirmed, refuted, unverified");
                } else if e.message.contains("recursion limit")
                    || e.message.contains("repetition limit")
                {
                    d = d.hint("front-matter is too deeply nested or expands too many aliases");
                }
                self.errors.push(d);
                None
            }
        }
    }

    fn date(&mut self, key: &str, value: Option<String>) -> Option<PartialDate> {
        let value = value?;
        match PartialDate::parse(&value) {
            Ok(date) => Some(date),
            Err(message) => {
                self.error_at(key, Some(&value), format!("`{key}`: {message}"));
                None
            }
        }
    }

    fn url(&mut self, key: &str, value: Option<String>) -> Option<String> {
        let value = value?;
        if is_http_url(&value) {
            Some(value)
        } else {
            self.error_at(
                key,
                Some(&value),
                format!("`{key}` must be an http or https URL, not `{value}`"),
            )
            .hint = Some("write the full address, starting with https://".into());
            None
        }
    }

    fn tags(&mut self, tags: Vec<String>) -> Vec<String> {
        for tag in &tags {
            if slugify(tag).is_empty() {
                self.error_at(
                    "tags",
                    Some(tag),
                    format!("tag `{tag}` has no letters or digits a URL can carry"),
                )
                .hint = Some("use a tag with Latin letters or digits".into());
            }
        }
        tags
    }

    fn article(&mut self, fm: ArticleFm, id: String, source: Source, body: &str) -> Option<Item> {
        if fm.title.is_none() {
            self.missing("title");
        }
        if fm.date.is_none() {
            self.missing("date");
        }
        let date = self.date("date", fm.date);
        let updated = self.date("updated", fm.updated);
        let url = self.url("url", fm.url);
        let tags = self.tags(fm.tags);
        for q in &fm.quotes {
            if q.text.trim().is_empty() {
                self.error_at("quotes", Some(&q.by), "quote has empty `text`".into());
            }
        }
        let quotes = fm
            .quotes
            .into_iter()
            .map(|q| Quote {
                by: q.by,
                text: q.text,
            })
            .collect();
        let claims = fm
            .claims
            .into_iter()
            .map(|c| Claim {
                by: c.by,
                about: c.about,
                text: c.text,
                status: c.status,
            })
            .collect();
        Some(Item::Article(Box::new(Article {
            id,
            source,
            body: body.to_string(),
            title: fm.title?,
            date: date?,
            outlet: fm.outlet,
            author: fm.author,
            url,
            language: fm.language,
            summary: fm.summary,
            refs: Refs {
                people: fm.people,
                places: fm.places,
                events: fm.events,
                organizations: fm.organizations,
            },
            tags,
            quotes,
            claims,
            draft: fm.draft,
            updated,
        })))
    }

    fn entity(
        &mut self,
        kind: Kind,
        fm: EntityFm,
        id: String,
        source: Source,
        body: &str,
    ) -> Option<Item> {
        let present: [(&str, bool); 14] = [
            ("born", fm.born.is_some()),
            ("died", fm.died.is_some()),
            ("role", fm.role.is_some()),
            ("country", fm.country.is_some()),
            ("organizations", fm.organizations.is_some()),
            ("type", fm.entity_type.is_some()),
            ("within", fm.within.is_some()),
            ("coordinates", fm.coordinates.is_some()),
            ("date", fm.date.is_some()),
            ("end_date", fm.end_date.is_some()),
            ("places", fm.places.is_some()),
            ("people", fm.people.is_some()),
            ("part_of", fm.part_of.is_some()),
            ("abbreviation", fm.abbreviation.is_some()),
        ];
        let allowed = kind_fields(kind);
        for (field, is_present) in present {
            if is_present && !allowed.contains(&field) {
                let owners: Vec<&str> = Kind::ALL
                    .into_iter()
                    .filter(|k| kind_fields(*k).contains(&field))
                    .map(Kind::singular)
                    .collect();
                self.error_at(
                    field,
                    None,
                    format!("`{field}` is not a field of a {}", kind.singular()),
                )
                .hint = Some(format!(
                    "`{field}` belongs to: {}; a {} has: {}",
                    owners.join(", "),
                    kind.singular(),
                    allowed.join(", ")
                ));
            }
        }
        if fm.founded.is_some() && kind != Kind::Organization {
            self.error_at(
                "founded",
                None,
                format!("`founded` is not a field of a {}", kind.singular()),
            );
        }
        if fm.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
            self.missing("name");
        }
        if kind == Kind::Event && fm.date.is_none() {
            self.missing("date");
        }
        let born = self.date("born", fm.born);
        let died = self.date("died", fm.died);
        let date = self.date("date", fm.date);
        let end_date = self.date("end_date", fm.end_date);
        let founded = self.date("founded", fm.founded);
        if let (Some(start), Some(end)) = (&date, &end_date) {
            if end < start {
                self.error_at(
                    "end_date",
                    None,
                    format!("`end_date` {} is before `date` {}", end.iso(), start.iso()),
                );
            }
        }
        let coordinates = match fm.coordinates {
            None => None,
            Some(c) => match c.as_slice() {
                [lat, lon] if (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon) => {
                    Some((*lat, *lon))
                }
                [lat, lon] => {
                    let bad = if !(-90.0..=90.0).contains(lat) {
                        format!("latitude {lat} is outside -90..90")
                    } else {
                        format!("longitude {lon} is outside -180..180")
                    };
                    self.error_at("coordinates", None, format!("`coordinates`: {bad}"))
                        .hint = Some(
                        "coordinates are [latitude, longitude], e.g. [-12.046, -77.043]".into(),
                    );
                    None
                }
                _ => {
                    self.error_at(
                        "coordinates",
                        None,
                        format!("`coordinates` needs two numbers, got {}", c.len()),
                    )
                    .hint = Some(
                        "coordinates are [latitude, longitude], e.g. [-12.046, -77.043]".into(),
                    );
                    None
                }
            },
        };
        let mut links = Vec::new();
        for (label, url) in fm.links {
            if is_http_url(&url) {
                links.push((label, url));
            } else {
                self.error_at(
                    "links",
                    Some(&url),
                    format!("link `{label}` must be an http or https URL, not `{url}`"),
                );
            }
        }
        let tags = self.tags(fm.tags);
        let aliases: Vec<String> = fm
            .aliases
            .into_iter()
            .filter(|a| !a.trim().is_empty())
            .collect();
        Some(Item::Entity(Box::new(Entity {
            kind,
            id,
            source,
            body: body.to_string(),
            name: fm.name.filter(|n| !n.trim().is_empty())?,
            aliases,
            summary: fm.summary,
            links,
            tags,
            draft: fm.draft,
            auto_link: fm.auto_link.unwrap_or(true),
            born,
            died,
            role: fm.role,
            country: fm.country,
            organizations: fm.organizations.unwrap_or_default(),
            entity_type: fm.entity_type,
            within: fm.within,
            coordinates,
            date,
            end_date,
            places: fm.places.unwrap_or_default(),
            people: fm.people.unwrap_or_default(),
            part_of: fm.part_of,
            abbreviation: fm.abbreviation,
            founded,
        })))
    }
}

/// Whether `url` is an absolute http(s) URL, the only kind a page may link out to.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/'))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_lists_quotes_and_open_elements() {
        assert_eq!(block_depth("> * 1. - + x"), 5);
        assert_eq!(block_depth("* * * *"), 0, "a thematic break");
        assert_eq!(block_depth("*emphasis* and - dash"), 0);
        assert_eq!(block_depth("2024. was a year"), 1);
        let mut open = 0;
        assert_eq!(html_nesting("<div><p>a</p><br><img/>", &mut open), 2);
        assert_eq!(open, 1, "the div is still open");
        assert_eq!(html_nesting("</div> a < b <3", &mut open), 1);
        assert_eq!(open, 0);
        assert!(too_deep(&"> ".repeat(101), 4).is_some());
        assert!(too_deep(&"> ".repeat(100), 4).is_none());
    }

    #[test]
    fn http_urls_only() {
        assert!(is_http_url("https://example.org/a?b=c"));
        assert!(is_http_url("HTTP://EXAMPLE.ORG"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("ftp://example.org"));
        assert!(!is_http_url("https://exa mple.org"));
    }
}
