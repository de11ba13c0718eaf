//! `dossier check`: everything `build` validates, and more, writing
//! nothing to disk.
//!
//! Every page is rendered into memory, where a [`LinkCollector`] keeps just
//! the ids and internal links of each, so every internal link and anchor
//! can be followed; a broken one is reported at the content file and line
//! that wrote it, found in the file as loaded (no content file is read
//! again). Then the dossier is read for what is legal but probably a
//! mistake: ambiguous names, quotes not found in their article, entities
//! nothing mentions, articles that name no entity, names no entity has.
//! Findings print one per line, grouped by file.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use clap::Args;

use super::{CONTENT_ERROR, OK};
use crate::config::Overrides;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::SourceRef;
use crate::linkcheck::{BrokenLink, LinkCollector};
use crate::render::SiteRenderer;
use crate::site::Site;

/// Checks the dossier and its rendered links.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// The dossier's folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Check drafts too.
    #[arg(long)]
    pub drafts: bool,
}

pub fn execute(args: &CheckArgs) -> u8 {
    let diagnostics = run(args);
    print(&diagnostics);
    let failed = diagnostics.has_errors() || (args.strict && !diagnostics.is_empty());
    if failed {
        CONTENT_ERROR
    } else {
        OK
    }
}

/// Every finding of a check, sorted by file.
pub fn run(args: &CheckArgs) -> Diagnostics {
    let overrides = Overrides {
        output: None,
        base_url: None,
        drafts: args.drafts,
    };
    let (site, mut diagnostics) = Site::load(&args.root, &overrides);
    let Some(site) = site else {
        return diagnostics;
    };
    let broken_links = match follow_links(&site) {
        Ok(broken) => broken,
        Err(errors) => {
            diagnostics.extend(errors);
            return diagnostics;
        }
    };
    let d = &site.dossier;
    // The print edition repeats every body: a link broken in an article is
    // reported once, at the article, not again on /print/.
    let print_page = crate::render::page_file(
        &d.config.base_path,
        &format!("{}print/", d.config.base_path),
    );
    let elsewhere: HashSet<&str> = broken_links
        .iter()
        .filter(|b| b.page != print_page)
        .map(|b| b.href.as_str())
        .collect();
    // The content each page comes from, when there is one.
    let sources: HashMap<String, SourceRef> = if broken_links.is_empty() {
        HashMap::new()
    } else {
        d.sources()
            .map(|s| {
                (
                    crate::render::page_file(&d.config.base_path, &d.path_of(s)),
                    s,
                )
            })
            .collect()
    };
    for broken in broken_links
        .iter()
        .filter(|b| b.page != print_page || !elsewhere.contains(b.href.as_str()))
    {
        let source = sources.get(&broken.page).copied();
        let location = source.and_then(|s| locate_link(&site, s, &broken.href));
        let file = match source {
            Some(s) => d.source(s).file.display().to_string(),
            None => format!("(generated page) {}", broken.page),
        };
        let mut finding =
            Diagnostic::error(format!("broken link `{}`: {}", broken.href, broken.reason))
                .in_file(file)
                .hint(format!("on the page {}", broken.page));
        if let Some(location) = location {
            finding = finding.at(location);
        }
        diagnostics.push(finding);
    }
    for (i, entity) in d.entities.iter().enumerate() {
        if site.index.appears_in[i].is_empty() {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "nothing mentions {} `{}`",
                    entity.kind.singular(),
                    entity.name
                ))
                .in_file(&entity.source.file)
                .hint("name it in an article, or list it in an article's front-matter"),
            );
        }
    }
    for (i, article) in d.articles.iter().enumerate() {
        if site.index.article_entities[i].is_empty() {
            diagnostics.push(
                Diagnostic::warning("article names and lists no entity")
                    .in_file(&article.source.file)
                    .hint("add people, places, events or organizations to its front-matter"),
            );
        }
    }
    // Names two sources use that no entity has: candidates for new entities.
    let names = crate::names::NameTable::build(d);
    for (name, articles) in crate::import::suggest::unlinked_names(d, &names) {
        let files: Vec<&std::path::Path> = articles
            .iter()
            .map(|i| d.articles[*i].source.file.as_path())
            .collect();
        let others: Vec<String> = files[1..].iter().map(|f| f.display().to_string()).collect();
        diagnostics.push(
            Diagnostic::warning(format!(
                "unlinked name `{name}` in {} articles",
                files.len()
            ))
            .in_file(files[0])
            .hint(format!(
                "also in {}; give it an entity file (or `dossier import --new-entities`)",
                others.join(", ")
            )),
        );
    }
    diagnostics.sort();
    diagnostics
}

/// Where the content file of `source` writes the link that became `href`
/// in the output: the address as written, with or without the base path,
/// or else its `#fragment`. `None` when the file does not spell it out (a
/// wikilink, say).
fn locate_link(site: &Site, source: SourceRef, href: &str) -> Option<crate::diagnostics::Location> {
    let d = &site.dossier;
    // The file as it was loaded: check keeps every body.
    let text = d.source(source).text_with(d.body(source));
    let without_base = href
        .strip_prefix(&d.config.base_path)
        .map(|rest| format!("/{rest}"));
    let fragment = href.find('#').map(|at| &href[at..]).filter(|f| f.len() > 1);
    let candidates = [
        Some(href.to_string()),
        without_base,
        fragment.map(str::to_string),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|needle| {
            // Inside a markdown link: after `](` or `<`, or in an href="…".
            ["](", "<", "href=\""].iter().find_map(|before| {
                text.find(&format!("{before}{needle}"))
                    .map(|at| at + before.len())
            })
        })
        .map(|offset| crate::diagnostics::Location::at_offset(&text, offset))
}

/// Renders every page of `site` into memory, as `build` would write it,
/// and follows every internal link and anchor. Nothing is written.
fn follow_links(site: &Site) -> Result<Vec<BrokenLink>, Vec<Diagnostic>> {
    let links = LinkCollector::new(&site.dossier.config.base_path);
    let renderer = SiteRenderer::new(&site.dossier, &site.index, &site.bodies, &site.theme);
    renderer.render_all(&links)?;
    // Static files are copied over the rendered pages: a page among them
    // is checked, and replaces a rendered one at the same path. (Links
    // `build` would skip are its warnings, not check's.)
    for dir in site.static_dirs() {
        let files = crate::output::files_to_copy(&dir, &dir).and_then(|copy| {
            copy.files
                .iter()
                .try_for_each(|(path, rel)| links.add_file(rel, path))
        });
        if let Err(e) = files {
            return Err(vec![Diagnostic::error(format!(
                "cannot copy {}: {e}",
                dir.display()
            ))]);
        }
    }
    Ok(links.broken_links())
}

/// One line per finding, grouped under the file it concerns.
fn print(diagnostics: &Diagnostics) {
    let color = super::color_stderr();
    let mut current: Option<String> = None;
    let mut out = String::new();
    for d in diagnostics.iter() {
        let file = d
            .file
            .as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_else(|| "(dossier)".into());
        if current.as_deref() != Some(file.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            out.push_str(&file);
            out.push('\n');
            current = Some(file.clone());
        }
        out.push_str("  ");
        out.push_str(&d.one_line(color));
        out.push('\n');
    }
    let (errors, warnings) = (diagnostics.error_count(), diagnostics.warning_count());
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!(
        "check: {errors} error{}, {warnings} warning{}\n",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    ));
    eprint!("{out}");
}
