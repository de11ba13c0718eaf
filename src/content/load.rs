//! Reading content files: each one parsed on its own, all in parallel.
//!
//! [`load_content`] reads every file [`super::walk`] finds; each file yields
//! its value or every error it has, never a panic. The steps of one file are
//! here in order (size limit, UTF-8, id, front-matter fences, body nesting,
//! then its kind's fields); the rules of each step live in the module named
//! for it. It never looks across files: that is [`crate::dossier`]'s job.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::entity::{names_only, stand_in};
use super::fields::{entity_fields, ArticleFm, EntityFm, PageFm, ARTICLE_FIELDS, PAGE_FIELDS};
use super::frontmatter::{self, SplitError};
use super::id::{is_valid_id, slugify};
use super::nesting::too_deep;
use super::parse::FileCtx;
use super::walk::{find_files, relative, FileKind};
use super::{Article, Entity, Kind, Page, Source};
use crate::diagnostics::{Diagnostic, Location};

/// Files larger than this are refused rather than read whole into memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Everything found under `content/`, drafts included (the dossier decides).
#[derive(Debug, Default)]
pub struct LoadedContent {
    pub articles: Vec<Article>,
    /// Entities, with a stand-in (see [`super::entity`]) for each file that
    /// has errors but whose name could be read: it keeps references and
    /// wikilinks to it from being reported too. Its errors are among the
    /// diagnostics, so a dossier holding one never builds.
    pub entities: Vec<Entity>,
    pub pages: Vec<Page>,
    pub home: Option<Page>,
    /// Entities whose files exist but could not be read even for a name:
    /// references to them are not reported again as unknown ids.
    pub failed_entities: Vec<(Kind, String)>,
}

enum Item {
    Article(Box<Article>),
    Entity(Box<Entity>),
    Page(Page),
    Home(Page),
}

/// Why a file gave no value: its errors, and for an entity the stand-in
/// that takes its place among the other files.
struct Failed {
    errors: Vec<Diagnostic>,
    stand_in: Option<Box<Entity>>,
}

impl From<Vec<Diagnostic>> for Failed {
    fn from(errors: Vec<Diagnostic>) -> Failed {
        Failed {
            errors,
            stand_in: None,
        }
    }
}

/// Reads every content file under `root/content`. Returns the content and
/// all diagnostics (errors and warnings) in file order.
pub fn load_content(root: &Path) -> (LoadedContent, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let files = find_files(root, &mut diagnostics);
    // Mostly waiting on the disk for a dossier the machine has not cached.
    let results: Vec<(Result<Item, Failed>, FileKind, &PathBuf)> = crate::on_io_pool(|| {
        files
            .par_iter()
            .map(|(path, kind)| (load_file(root, path, *kind), *kind, path))
            .collect()
    });
    let mut content = LoadedContent::default();
    for (result, kind, path) in results {
        match result {
            Ok(Item::Article(a)) => content.articles.push(*a),
            Ok(Item::Entity(e)) => content.entities.push(*e),
            Ok(Item::Page(p)) => content.pages.push(p),
            Ok(Item::Home(p)) => content.home = Some(p),
            Err(failed) => {
                diagnostics.extend(failed.errors);
                match (failed.stand_in, kind, path.file_stem()) {
                    (Some(entity), _, _) => content.entities.push(*entity),
                    (None, FileKind::Entity(k), Some(stem)) => content
                        .failed_entities
                        .push((k, stem.to_string_lossy().into_owned())),
                    _ => {}
                }
            }
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
    match load_file(root, path, kind).map_err(|failed| failed.errors)? {
        Item::Article(a) => Ok(LoadedFile::Article(a)),
        Item::Entity(e) => Ok(LoadedFile::Entity(e)),
        Item::Page(p) | Item::Home(p) => Ok(LoadedFile::Page(p)),
    }
}

/// One file, from its size to its fields.
fn load_file(root: &Path, path: &Path, kind: FileKind) -> Result<Item, Failed> {
    let rel = relative(root, path);
    let err = |d: Diagnostic| Failed::from(vec![d.in_file(&rel)]);
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
            return Err(errors.into());
        }
        Err(SplitError::Unterminated) => {
            errors.push(
                Diagnostic::error("front-matter is not terminated")
                    .in_file(&rel)
                    .at(Location::at_line(&text, 1, 1))
                    .hint("add a line `---` after the last front-matter field"),
            );
            return Err(errors.into());
        }
    };
    let source = Source {
        file: rel.clone(),
        body_line: split.body_line,
        front_matter: text[..text.len() - split.body.len()].to_string(),
    };
    if let Some(d) = too_deep(split.body, split.body_line) {
        errors.push(d.in_file(&rel));
        let stand_in = match kind {
            FileKind::Entity(k) => stand_in(k, id, source, split.yaml, "").map(Box::new),
            _ => None,
        };
        return Err(Failed { errors, stand_in });
    }
    let mut ctx = FileCtx {
        text: &text,
        file: &rel,
        errors,
    };
    // For an entity file with errors: the entity that takes its place.
    let mut stand_in_entity = None;
    let item = match kind {
        FileKind::Article => ctx
            .parse::<ArticleFm>(split.yaml, ARTICLE_FIELDS)
            .and_then(|fm| ctx.article(fm, id, source, split.body))
            .map(|a| Item::Article(Box::new(a))),
        FileKind::Entity(k) => match ctx.parse::<EntityFm>(split.yaml, entity_fields(k)) {
            Some(fm) => ctx
                .entity(k, fm, id, source, split.body)
                .map(|e| Item::Entity(Box::new(e))),
            None => {
                stand_in_entity = stand_in(k, id, source, split.yaml, split.body).map(Box::new);
                None
            }
        },
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
    let errors = ctx.errors;
    match item {
        Some(item) if errors.is_empty() => Ok(item),
        Some(Item::Entity(entity)) => Err(Failed {
            errors,
            stand_in: Some(Box::new(names_only(*entity))),
        }),
        _ => Err(Failed {
            errors,
            stand_in: stand_in_entity,
        }),
    }
}
