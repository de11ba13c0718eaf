//! Finding the content files under `content/` and what each one is.
//!
//! Owns the walk: which files are content (`.md`, not hidden, SPEC §7),
//! what kind each is by its folder, and the rule that symbolic links are
//! followed only while they stay inside the dossier; a link out of it, or a
//! loop, is an error that names it. It never opens a file: reading and
//! parsing belong to [`super::load`].

use std::path::{Component, Path, PathBuf};

use super::Kind;
use crate::diagnostics::Diagnostic;

/// What a content file is, by where it sits under `content/`.
#[derive(Clone, Copy, Debug)]
pub enum FileKind {
    Article,
    Entity(Kind),
    Page,
    /// `content/_index.md`, the home page's introduction.
    Home,
}

/// Every content file under `root/content`, in file-name order, with its
/// kind. Problems with the walk (links out of the dossier, loops,
/// unreadable folders, files in no known folder) go to `diagnostics`.
pub fn find_files(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<(PathBuf, FileKind)> {
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

/// `path` relative to the dossier root, as diagnostics name files.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
